# The inbox page: its modules (server/ui/modules/) are joined into one script, inbox.js, and
# that with every file of server/ui/assets/ becomes one generated table compiled into
# socialite_lib (no network and no files at run time). A changed or added file regenerates it.
file(GLOB SOCIALITE_UI_MODULES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/server/ui/modules/*.js)
file(GLOB SOCIALITE_UI_ASSETS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/server/ui/assets/*)
set(SOCIALITE_UI_BUNDLE ${CMAKE_BINARY_DIR}/generated/ui/inbox.js)
set(SOCIALITE_UI_TABLE ${CMAKE_BINARY_DIR}/generated/EmbeddedUiAssets.cpp)
add_custom_command(
  OUTPUT ${SOCIALITE_UI_BUNDLE}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated/ui
  COMMAND ${CMAKE_COMMAND} -DMODULE_DIR=${CMAKE_SOURCE_DIR}/server/ui/modules -DENTRY=app.js
          -DOUTPUT=${SOCIALITE_UI_BUNDLE} -P ${CMAKE_SOURCE_DIR}/server/ui/bundle_modules.cmake
  DEPENDS ${SOCIALITE_UI_MODULES} ${CMAKE_SOURCE_DIR}/server/ui/bundle_modules.cmake
  COMMENT "Joining the inbox page's modules (server/ui/modules) into inbox.js")
add_custom_command(
  OUTPUT ${SOCIALITE_UI_TABLE}
  COMMAND ${CMAKE_COMMAND} -DASSET_DIR=${CMAKE_SOURCE_DIR}/server/ui/assets
          -DEXTRA_ASSETS=${SOCIALITE_UI_BUNDLE} -DOUTPUT=${SOCIALITE_UI_TABLE}
          -P ${CMAKE_SOURCE_DIR}/server/ui/embed_assets.cmake
  DEPENDS ${SOCIALITE_UI_ASSETS} ${SOCIALITE_UI_BUNDLE} ${CMAKE_SOURCE_DIR}/server/ui/embed_assets.cmake
  COMMENT "Embedding the inbox page (server/ui/assets and inbox.js)")
list(APPEND EMBEDDED_SOURCES ${SOCIALITE_UI_TABLE})

# The inbox page: every file of server/ui/assets/ becomes one generated table compiled into
# socialite_lib (no network and no files at run time). A changed or added asset regenerates it.
file(GLOB SOCIALITE_UI_ASSETS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/server/ui/assets/*)
set(SOCIALITE_UI_TABLE ${CMAKE_BINARY_DIR}/generated/EmbeddedUiAssets.cpp)
add_custom_command(
  OUTPUT ${SOCIALITE_UI_TABLE}
  COMMAND ${CMAKE_COMMAND} -DASSET_DIR=${CMAKE_SOURCE_DIR}/server/ui/assets
          -DOUTPUT=${SOCIALITE_UI_TABLE} -P ${CMAKE_SOURCE_DIR}/server/ui/embed_assets.cmake
  DEPENDS ${SOCIALITE_UI_ASSETS} ${CMAKE_SOURCE_DIR}/server/ui/embed_assets.cmake
  COMMENT "Embedding the inbox page (server/ui/assets)")
list(APPEND EMBEDDED_SOURCES ${SOCIALITE_UI_TABLE})

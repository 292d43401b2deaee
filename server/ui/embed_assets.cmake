# Writes every file of ASSET_DIR into OUTPUT: a .cpp defining socialite::ui::EmbeddedAssets(),
# the table of {path, content type, bytes, ETag} that the inbox page is served from, and
# socialite::ui::AssetVersion(), a digest of every file but index.html. In index.html,
# "@ASSETS@" becomes "v/<version>": the page's files get URLs that change with their bytes.
file(GLOB files RELATIVE ${ASSET_DIR} ${ASSET_DIR}/*)
list(SORT files)

set(digests "")
foreach(name IN LISTS files)
  if(NOT IS_DIRECTORY ${ASSET_DIR}/${name} AND NOT name STREQUAL "index.html")
    file(SHA256 ${ASSET_DIR}/${name} digest)
    string(APPEND digests "${name}=${digest};")
  endif()
endforeach()
string(SHA256 version "${digests}")
string(SUBSTRING "${version}" 0 16 version)

function(content_type_of name out)
  string(REGEX MATCH "\\.[^.]+$" ext "${name}")
  string(TOLOWER "${ext}" ext)
  set(types
      ".html=text/html\; charset=utf-8" ".js=text/javascript\; charset=utf-8"
      ".mjs=text/javascript\; charset=utf-8" ".css=text/css\; charset=utf-8"
      ".json=application/json" ".svg=image/svg+xml" ".png=image/png" ".ico=image/x-icon"
      ".txt=text/plain\; charset=utf-8" ".woff2=font/woff2")
  set(found "application/octet-stream")
  foreach(pair IN LISTS types)
    string(FIND "${pair}" "=" eq)
    string(SUBSTRING "${pair}" 0 ${eq} key)
    if(key STREQUAL ext)
      math(EXPR start "${eq} + 1")
      string(SUBSTRING "${pair}" ${start} -1 found)
    endif()
  endforeach()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

set(arrays "")
set(rows "")
set(index 0)
foreach(name IN LISTS files)
  if(IS_DIRECTORY ${ASSET_DIR}/${name})
    continue()
  endif()
  if(name STREQUAL "index.html")
    file(READ ${ASSET_DIR}/${name} text)
    string(REPLACE "@ASSETS@" "v/${version}" text "${text}")
    string(HEX "${text}" content)
    string(LENGTH "${content}" size)
    math(EXPR size "${size} / 2")
    string(SHA256 digest "${text}")
  else()
    file(READ ${ASSET_DIR}/${name} content HEX)
    file(SIZE ${ASSET_DIR}/${name} size)
    file(SHA256 ${ASSET_DIR}/${name} digest)
  endif()
  string(SUBSTRING "${digest}" 0 20 etag)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
  content_type_of("${name}" type)
  string(APPEND arrays "const unsigned char kAsset${index}[] = {${bytes} 0};\n")
  string(APPEND rows "    {\"${name}\", \"${type}\", kAsset${index}, ${size}, \"\\\"${etag}\\\"\"},\n")
  math(EXPR index "${index} + 1")
endforeach()

file(WRITE ${OUTPUT}
  "// Generated from ${ASSET_DIR} by server/ui/embed_assets.cmake; do not edit.\n"
  "#include \"server/ui/ui_assets.h\"\n"
  "namespace socialite::ui {\n"
  "namespace {\n"
  "${arrays}"
  "constexpr Asset kAssets[] = {\n${rows}};\n"
  "}  // namespace\n"
  "std::span<const Asset> EmbeddedAssets() { return kAssets; }\n"
  "std::string_view AssetVersion() { return \"${version}\"; }\n"
  "}  // namespace socialite::ui\n")

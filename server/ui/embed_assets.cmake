# Writes every file of ASSET_DIR, and the files EXTRA_ASSETS lists (generated ones), into OUTPUT:
# a .cpp defining socialite::ui::EmbeddedAssets(), the table of {path, content type, bytes,
# ETag} that the inbox page is served from, and socialite::ui::AssetVersion(), a digest of
# every file but index.html. In index.html, "@ASSETS@" becomes "v/<version>": the page's files
# get URLs that change with their bytes.
cmake_minimum_required(VERSION 3.21)  # IN_LIST
file(GLOB found LIST_DIRECTORIES false ${ASSET_DIR}/*)
string(ASCII 1 sep)  # below every character of a name: "name<sep>path" sorts as the names do
set(files "")  # sorted by name, as FindAsset searches them
set(names "")
foreach(path IN LISTS found EXTRA_ASSETS)
  get_filename_component(name ${path} NAME)
  if(name IN_LIST names)
    message(FATAL_ERROR "two inbox files are named ${name} (${ASSET_DIR} and ${EXTRA_ASSETS})")
  endif()
  list(APPEND names "${name}")
  list(APPEND files "${name}${sep}${path}")
endforeach()
list(SORT files)

set(digests "")
foreach(entry IN LISTS files)
  string(REGEX REPLACE "${sep}.*" "" name "${entry}")
  string(REGEX REPLACE "^[^${sep}]*${sep}" "" path "${entry}")
  if(NOT name STREQUAL "index.html")
    file(SHA256 ${path} digest)
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
foreach(entry IN LISTS files)
  string(REGEX REPLACE "${sep}.*" "" name "${entry}")
  string(REGEX REPLACE "^[^${sep}]*${sep}" "" path "${entry}")
  if(name STREQUAL "index.html")
    file(READ ${path} text)
    string(REPLACE "@ASSETS@" "v/${version}" text "${text}")
    string(HEX "${text}" content)
    string(LENGTH "${content}" size)
    math(EXPR size "${size} / 2")
    string(SHA256 digest "${text}")
  else()
    file(READ ${path} content HEX)
    file(SIZE ${path} size)
    file(SHA256 ${path} digest)
  endif()
  string(SUBSTRING "${digest}" 0 20 etag)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
  content_type_of("${name}" type)
  string(APPEND arrays "const unsigned char kAsset${index}[] = {${bytes} 0};\n")
  string(APPEND rows "    {\"${name}\", \"${type}\", kAsset${index}, ${size}, \"\\\"${etag}\\\"\"},\n")
  math(EXPR index "${index} + 1")
endforeach()

file(WRITE ${OUTPUT}
  "// Generated from ${ASSET_DIR} ${EXTRA_ASSETS} by server/ui/embed_assets.cmake; do not edit.\n"
  "#include \"server/ui/ui_assets.h\"\n"
  "namespace socialite::ui {\n"
  "namespace {\n"
  "${arrays}"
  "constexpr Asset kAssets[] = {\n${rows}};\n"
  "}  // namespace\n"
  "std::span<const Asset> EmbeddedAssets() { return kAssets; }\n"
  "std::string_view AssetVersion() { return \"${version}\"; }\n"
  "}  // namespace socialite::ui\n")

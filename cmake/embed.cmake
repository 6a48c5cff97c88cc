# Turns a file into a C++ source defining `std::string_view chronotrail_asset_NAME()`.
file(READ ${INPUT} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
file(WRITE ${OUTPUT}
  "#include <string_view>\n"
  "static const char data[] = {${bytes} 0};\n"
  "std::string_view chronotrail_asset_${NAME}() { return {data, sizeof(data) - 1}; }\n")

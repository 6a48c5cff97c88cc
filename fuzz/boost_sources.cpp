// The compiled parts of Boost.JSON and Boost.URL, built here with the fuzzing instrumentation
// instead of linked from Debian's uninstrumented libraries: coverage inside the parsers is what
// lets the fuzzer find its way through JSON documents and query strings.
#include <boost/json/src.hpp>
#include <boost/url/src.hpp>

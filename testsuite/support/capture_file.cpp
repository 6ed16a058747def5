#include "testsuite/support/capture_file.hpp"

#include "build_paths.hpp"

#include <boost/json/parse.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace llama_stack::testing {

namespace json = boost::json;

CaptureFile read_capture_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot open capture file");
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  json::value root = json::parse(text.str(), ec);
  if (ec || !root.is_object())
    throw std::runtime_error(file.string() + ": not a JSON capture: " + ec.message());
  const auto& o = root.as_object();
  CaptureFile capture;
  capture.file = file;
  if (const auto* t = o.if_contains("test_id")) capture.test_id = *t;
  if (const auto* r = o.if_contains("request"); r && r->is_object())
    capture.request = unwrap_python_types(*r).as_object();
  if (const auto* r = o.if_contains("response"); r && r->is_object()) {
    const auto& response = r->as_object();
    if (const auto* b = response.if_contains("body")) capture.response_body = unwrap_python_types(*b);
    if (const auto* s = response.if_contains("is_streaming"); s && s->is_bool())
      capture.is_streaming = s->as_bool();
  }
  return capture;
}

std::filesystem::path fixture_dir() {
  return std::filesystem::path(LLAMA_STACK_SOURCE_DIR) / "testsuite" / "fixtures";
}

}  // namespace llama_stack::testing

#include "testsuite/inference/test_cases.hpp"

#include "stack/replay/file_io.hpp"
#include "testsuite/support/capture_file.hpp"

#include <boost/json/parse.hpp>

#include <map>
#include <mutex>
#include <stdexcept>

namespace llama_stack::testing {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

json::object read_cases(const fs::path& file) {
  const auto text = replay::read_file_if_exists(file);
  if (!text) throw std::runtime_error(file.string() + ": cannot read the test cases (no such file)");
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  if (ec) throw std::runtime_error(file.string() + ": not valid JSON: " + ec.message());
  if (!v.is_object()) throw std::runtime_error(file.string() + ": test cases must be a JSON object");
  return std::move(v.as_object());
}

}  // namespace

const json::object& test_case_data(std::string_view id) {
  const std::size_t colon = id.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == id.size())
    throw std::runtime_error("test case id '" + std::string(id) +
                             "' is not of the form <api>:<file>:<case>, e.g. inference:completion:sanity");
  std::string relative(id.substr(0, colon));
  for (char& c : relative)
    if (c == ':') c = '/';
  const fs::path file = fixture_dir() / "test_cases" / (relative + ".json");

  // Files are read once per run; tests run one at a time, the lock is cheap insurance.
  static std::mutex mutex;
  static std::map<fs::path, json::object> files;
  std::lock_guard lock(mutex);
  auto it = files.find(file);
  if (it == files.end()) it = files.emplace(file, read_cases(file)).first;
  const std::string name(id.substr(colon + 1));
  const json::value* entry = it->second.if_contains(name);
  if (entry == nullptr)
    throw std::runtime_error(file.string() + ": no test case '" + name + "' (for '" + std::string(id) + "')");
  const json::value* data = entry->is_object() ? entry->as_object().if_contains("data") : nullptr;
  if (data == nullptr || !data->is_object())
    throw std::runtime_error(file.string() + ": test case '" + name + "' has no \"data\" object");
  return data->as_object();
}

std::string case_string(const TestContext& t, std::string_view key) {
  const json::value* v = test_case(t).if_contains(key);
  if (v == nullptr || !v->is_string())
    throw std::runtime_error("test case '" + t.test_case() + "': \"" + std::string(key) +
                             "\" must be a string");
  return std::string(v->as_string());
}

}  // namespace llama_stack::testing

// The replay store's JSON: the exact parser, the sorted writers and the
// request key. Properties: the exact parser accepts what Boost.JSON accepts
// (same grammar, exact_json_parser.hpp); the recording-file and payload
// spellings read back to themselves (exact numbers); the key spelling is
// stable under a round trip; the key is 64 hex digits.
#include "fuzz/fuzz_support.hpp"
#include "stack/replay/canonical_json.hpp"
#include "stack/replay/exact_json_parser.hpp"
#include "stack/replay/request_key.hpp"

#include <boost/json/parse.hpp>

#include <optional>
#include <string>

using namespace llama_stack;
using namespace llama_stack::replay;

namespace {

std::optional<boost::json::value> exact(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = parse_json_exact(text, ec);
  if (ec) return std::nullopt;
  return v;
}

bool is_hex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  (void)round_decimal_literals(text);

  const std::optional<boost::json::value> value = exact(text);
  boost::system::error_code boost_ec;
  (void)boost::json::parse(text, boost_ec);
  fuzz::check(value.has_value() == !boost_ec, "the exact parser accepts what Boost.JSON accepts");
  if (!value) return 0;

  const std::string pretty = pretty_json(*value);
  const auto pretty_back = exact(pretty);
  fuzz::check(pretty_back.has_value(), "pretty_json output parses");
  fuzz::check(pretty_json(*pretty_back) == pretty, "pretty_json reads back to itself");

  const std::string compact = compact_json(*value);
  const auto compact_back = exact(compact);
  fuzz::check(compact_back.has_value(), "compact_json output parses");
  fuzz::check(compact_json(*compact_back) == compact, "compact_json reads back to itself");

  const std::string canonical = canonical_json(*value);
  const auto canonical_back = exact(canonical);
  fuzz::check(canonical_back.has_value(), "canonical_json output parses");
  fuzz::check(canonical_json(*canonical_back) == canonical, "canonical_json is stable under a round trip");

  const std::string key = request_hash("POST", "/v1/chat/completions", *value, std::string("t"));
  fuzz::check(is_hex64(key), "a request key is 64 hex digits");
  fuzz::check(key == request_hash("POST", "/v1/chat/completions", *compact_back, std::string("t")),
              "the key of a value and of its compact spelling are one");
  return 0;
}

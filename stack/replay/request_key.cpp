#include "stack/replay/request_key.hpp"

#include "stack/replay/canonical_json.hpp"
#include "stack/replay/recording.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/object.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace llama_stack::replay {

namespace json = boost::json;

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw StackError("SHA-256 of a request key failed in OpenSSL");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

bool is_model_list_endpoint(std::string_view endpoint) noexcept {
  return endpoint == "/api/tags" || endpoint == "/v1/models";
}

std::string request_hash(std::string_view method, std::string_view endpoint,
                         const json::value& body, const std::optional<std::string>& test_id) {
  std::string upper(method);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  json::object key{{"method", upper}, {"endpoint", endpoint}, {"body", body}};
  if (test_id && !test_id->empty() && !is_model_list_endpoint(endpoint))
    key["test_id"] = *test_id;
  return sha256_hex(canonical_json(key));
}

std::string request_hash(const Recording& recording) {
  return request_hash(recording.request.method, recording.request.endpoint,
                      recording.request.body, recording.test_id);
}

std::string path_of_url(std::string_view url) {
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
    const auto path = url.find_first_of("/?#");
    url = path == std::string_view::npos ? std::string_view() : url.substr(path);
  }
  if (url.empty() || url.front() != '/') return "/" + std::string(url);
  return std::string(url);
}

std::string endpoint_of(const HttpRequest& request) {
  if (!request.endpoint.empty()) return request.endpoint;
  const std::string path = path_of_url(request.url);
  return path.substr(0, path.find_first_of("?#"));
}

}  // namespace llama_stack::replay

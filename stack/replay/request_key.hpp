#pragma once
// Request keys: the SHA-256 (hex) of the canonical JSON of
//   {"method", "endpoint", "body", "test_id"}
// where the endpoint is the API route (no scheme, host or base-URL prefix),
// the body is the redacted body, and "test_id" is present only when a test
// id is set and the endpoint is not a model list (model lists are shared by
// every test). See canonical_json.hpp for the rounding of numbers.
#include <llama_stack/http_client.hpp>

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace llama_stack::replay {

struct Recording;

// Lower-case hex SHA-256 (OpenSSL EVP) of `data`.
std::string sha256_hex(std::string_view data);

// GET /api/tags and GET /v1/models: recorded once per distinct model set and
// answered with the union of every set on replay.
bool is_model_list_endpoint(std::string_view endpoint) noexcept;

std::string request_hash(std::string_view method, std::string_view endpoint,
                         const boost::json::value& body,
                         const std::optional<std::string>& test_id);
// The key of a stored recording (its request as stored, its test id).
std::string request_hash(const Recording& recording);

// A URL without its scheme and authority: "http://127.0.0.1:8080/v1/x?a=1"
// is "/v1/x?a=1". Where the upstream ran is no part of an exchange, so the
// stored URL is this and re-recording on another port changes nothing.
std::string path_of_url(std::string_view url);

// The route a request stands for: HttpRequest::endpoint, else the path of
// its URL (without scheme, host and query).
std::string endpoint_of(const HttpRequest& request);

}  // namespace llama_stack::replay

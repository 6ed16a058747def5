#include "stack/server/error_response.hpp"

#include "stack/replay/replay_miss.hpp"

#include <llama_stack/errors.hpp>

#include <string_view>

namespace llama_stack::server {

namespace {

std::string type_of(int status) {
  switch (status) {
    case 400: return "invalid_request_error";
    case 404: return "not_found_error";
    case 405: return "method_not_allowed";
    case 413: return "request_too_large";
    case 431: return "request_too_large";
    case 501: return "not_implemented";
    case 502: return "upstream_error";
    default: return status < 500 ? "invalid_request_error" : "internal_error";
  }
}

// `text` with each byte that does not begin a well-formed UTF-8 sequence
// (RFC 3629: no overlong forms, surrogates or code points past U+10FFFF)
// replaced by U+FFFD. Messages quote what the client sent (a path is any
// bytes), and a JSON body must be UTF-8: the SDKs refuse to parse it else.
std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const unsigned char lead = byte(0);
    const std::size_t size = lead < 0x80                   ? 1
                             : lead >= 0xC2 && lead <= 0xDF ? 2
                             : lead >= 0xE0 && lead <= 0xEF ? 3
                             : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                            : 0;
    bool ok = size != 0 && i + size <= text.size();
    for (std::size_t k = 1; ok && k < size; ++k) ok = (byte(k) & 0xC0) == 0x80;
    if (ok && size > 2) {
      const unsigned char second = byte(1);
      if (lead == 0xE0) ok = second >= 0xA0;       // overlong
      else if (lead == 0xED) ok = second <= 0x9F;  // a surrogate
      else if (lead == 0xF0) ok = second >= 0x90;  // overlong
      else if (lead == 0xF4) ok = second <= 0x8F;  // past U+10FFFF
    }
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(text.substr(i, size));
    i += size;
  }
  return out;
}

}  // namespace

HttpError http_error(int status, std::string message) {
  return {status, type_of(status), std::move(message)};
}

HttpError http_error_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const replay::ReplayMissError& e) {
    // The recording the request needs is not there: the request names
    // something the store does not hold, as a 404 does.
    return {404, "replay_miss", e.what()};
  } catch (const InvalidRequestError& e) {
    return http_error(400, e.what());
  } catch (const NotFoundError& e) {
    return http_error(404, e.what());
  } catch (const PayloadTooLargeError& e) {
    return http_error(413, e.what());
  } catch (const UnsupportedError& e) {
    return http_error(501, e.what());
  } catch (const UpstreamError& e) {
    return http_error(502, e.what());
  } catch (const ConnectionError& e) {
    return http_error(502, e.what());
  } catch (const ProviderConfigError& e) {
    // At request time: a key the request must bring (provider data) is missing.
    return http_error(400, e.what());
  } catch (const std::exception& e) {
    return http_error(500, e.what());
  } catch (...) {
    return http_error(500, "unknown error");
  }
}

boost::json::object error_json(const HttpError& error) {
  return {{"error", boost::json::object{{"message", valid_utf8(error.message)},
                                        {"type", error.type},
                                        {"code", std::to_string(error.status)}}}};
}

}  // namespace llama_stack::server

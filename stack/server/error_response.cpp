#include "stack/server/error_response.hpp"

#include "stack/replay/replay_miss.hpp"

#include <llama_stack/errors.hpp>

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
  return {{"error", boost::json::object{{"message", error.message},
                                        {"type", error.type},
                                        {"code", std::to_string(error.status)}}}};
}

}  // namespace llama_stack::server

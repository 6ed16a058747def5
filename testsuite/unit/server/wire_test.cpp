// Query strings, multipart/form-data bodies and raw (non-JSON) answers
// between our HTTP client and our server: a route of a test API echoes what
// its handler received, served by the real StackHandler and HttpServer and
// called through the real HTTP transport.
#include "stack/client/http_transport.hpp"
#include "stack/http/network_http_client.hpp"
#include "stack/routing/request_encoding.hpp"
#include "stack/server/error_response.hpp"
#include "stack/server/stack_handler.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

using namespace llama_stack;
namespace json = boost::json;

namespace {

// JSON strings must be UTF-8: the echo carries part data as hex.
std::string hex(std::string_view data) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : data) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

RouteResponse echo(RouteServices&, const RouteRequest& request) {
  json::object path, query;
  for (const auto& [k, v] : request.path_params) path[k] = v;
  for (const auto& [k, v] : request.query) query[k] = v;
  json::array form;
  for (const auto& p : request.form)
    form.push_back({{"name", p.name}, {"filename", p.filename}, {"type", p.content_type},
                    {"size", p.data.size()}, {"data", hex(p.data)}});
  return {json::object{{"path", path}, {"query", query}, {"form", form}, {"body", request.body}},
          nullptr};
}

RouteResponse bytes(RouteServices&, const RouteRequest& request) {
  return RouteResponse::bytes("application/octet-stream",
                              std::string("\0raw\xff", 5) + request.path_params.at("name"));
}

class EchoServices final : public RouteServices {
 public:
  EchoServices() {
    ApiDefinition api;
    api.name = "echo";
    api.routes = {{"POST", "/v1/echo/{id}", &echo},
                  {"GET", "/v1/echo/{id}", &echo},
                  {"GET", "/v1/bytes/{name}", &bytes}};
    table_.add(std::move(api));
  }
  Api& api(std::string_view name) override { throw NotFoundError(std::string(name)); }
  ModelTable& models() override { return models_; }
  ResourceTable& resources() override { return resources_; }
  IdMinter& ids() override { throw UnsupportedError("no ids here"); }
  std::vector<ProviderState> providers() const override { return {}; }
  const ApiTable& apis() const override { return table_; }
  std::string version() const override { return "test"; }

 private:
  ApiTable table_;
  ModelTable models_;
  ResourceTable resources_;
};

struct EchoServer {
  EchoServices services;
  server::HttpServer http{
      server::ServerOptions{"127.0.0.1", 0, 2, 1024 * 1024, std::chrono::seconds(5), {}},
      server::StackHandler(services, nullptr), &server::error_response};
  std::unique_ptr<ClientTransport> client = http_transport(
      "http://127.0.0.1:" + std::to_string(http.port()),
      std::shared_ptr<HttpClient>(make_network_http_client()), std::chrono::seconds(5));
};

}  // namespace

TEST_CASE("the server hands a route the request's decoded query parameters") {
  EchoServer server;
  RouteRequest request(ParamMap{{"id", "a/b c"}});
  request.query = {{"limit", "2"}, {"after", "file-x&y"}, {"purpose", "user data"}};
  auto answer = server.client->call("GET", "/v1/echo/{id}", request, {});
  const auto& got = answer.body.as_object();
  CHECK(got.at("path").at("id") == "a/b c");
  CHECK(got.at("query").at("limit") == "2");
  CHECK(got.at("query").at("after") == "file-x&y");
  CHECK(got.at("query").at("purpose") == "user data");
}

TEST_CASE("a multipart upload reaches the route as its parts, binary data intact") {
  EchoServer server;
  RouteRequest request(ParamMap{{"id", "1"}});
  const std::string data("line 1\r\n--not a boundary\r\n\0\xfe", 28);
  request.form = {{"purpose", "", "", "assistants"}, {"file", "a.bin", "application/pdf", data}};
  auto answer = server.client->call("POST", "/v1/echo/{id}", request, {});
  const auto& form = answer.body.as_object().at("form").as_array();
  REQUIRE(form.size() == 2);
  CHECK(form[0].at("name") == "purpose");
  CHECK(form[0].at("data").as_string() == hex("assistants"));
  CHECK(form[1].at("filename") == "a.bin");
  CHECK(form[1].at("type") == "application/pdf");
  CHECK(form[1].at("size").to_number<std::size_t>() == data.size());
  CHECK(form[1].at("data").as_string() == hex(data));
  CHECK(answer.body.as_object().at("body").as_object().empty());
}

TEST_CASE("a raw answer comes back as bytes with its content type") {
  EchoServer server;
  auto answer = server.client->call("GET", "/v1/bytes/{name}", RouteRequest(ParamMap{{"name", "x"}}), {});
  REQUIRE(answer.raw);
  CHECK(answer.raw->content_type == "application/octet-stream");
  CHECK(answer.raw->data == std::string("\0raw\xffx", 6));
}

TEST_CASE("a malformed multipart body or query is a 400 naming the problem") {
  EchoServices services;
  server::StackHandler handler(services, nullptr);
  server::ServerRequest bad_form{"POST", "/v1/echo/1",
                                 {{"Content-Type", "multipart/form-data; boundary=B"}},
                                 "--B\r\nContent-Disposition: form-data; name=a\r\n\r\ncut"};
  auto r = handler(bad_form);
  CHECK(r.status == 400);
  CHECK(r.body.find("before the closing boundary") != std::string::npos);
  server::ServerRequest no_boundary{"POST", "/v1/echo/1", {{"Content-Type", "multipart/form-data"}}, "x"};
  r = handler(no_boundary);
  CHECK(r.status == 400);
  CHECK(r.body.find("boundary") != std::string::npos);
  server::ServerRequest bad_query{"GET", "/v1/echo/1?limit=%g", {}, ""};
  r = handler(bad_query);
  CHECK(r.status == 400);
  CHECK(r.body.find("query string") != std::string::npos);
}

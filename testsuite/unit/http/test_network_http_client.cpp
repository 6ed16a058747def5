// The network client against tiny scripted servers: each test writes the
// exact bytes a server sends, so framing, chunking, timing and failures can
// be provoked deterministically.
#include "stack/http/network_http_client.hpp"
#include "testsuite/unit/http/scripted_server.hpp"

#include <llama_stack/errors.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using llama_stack::ConnectionError;
using llama_stack::HttpRequest;
using llama_stack::StreamFormat;

using namespace llama_stack::testing::scripted;

}  // namespace

TEST_CASE("send: request line, headers and body; Content-Length response") {
  std::promise<std::string> seen;
  TestServer server([&](tcp::socket& s) {
    seen.set_value(read_request(s));
    send_text(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Extra: yes\r\nContent-Length: 11\r\n"
                 "Connection: close\r\n\r\n{\"ok\":true}");
  });
  auto client = llama_stack::make_network_http_client();
  HttpRequest req = post(server.url("/v1/chat/completions?trace=1"), boost::json::parse(R"({"model":"m","n":1})"));
  req.headers = {{"Authorization", "Bearer sk-test"}, {"X-Custom", "42"}};
  const auto res = client->send(req);
  CHECK(res.status == 200);
  CHECK(res.body == "{\"ok\":true}");
  CHECK(header(res.headers, "x-extra") == "yes");

  const std::string request = seen.get_future().get();
  const std::string lowered = lower(request);
  CHECK(request.rfind("POST /v1/chat/completions?trace=1 HTTP/1.1\r\n", 0) == 0);
  CHECK(lowered.find("\r\nhost: 127.0.0.1:" + std::to_string(server.port()) + "\r\n") != std::string::npos);
  CHECK(lowered.find("\r\nuser-agent: llama-stack-cpp/0.1.0\r\n") != std::string::npos);
  CHECK(lowered.find("\r\ncontent-type: application/json\r\n") != std::string::npos);
  CHECK(lowered.find("\r\naccept: application/json\r\n") != std::string::npos);
  CHECK(request.find("\r\nAuthorization: Bearer sk-test\r\n") != std::string::npos);
  CHECK(request.find("\r\nX-Custom: 42\r\n") != std::string::npos);
  const std::string body = request.substr(request.find("\r\n\r\n") + 4);
  CHECK(boost::json::parse(body) == boost::json::parse(R"({"model":"m","n":1})"));
}

TEST_CASE("send: GET without body has no Content-Type; caller headers override defaults") {
  std::promise<std::string> seen;
  TestServer server([&](tcp::socket& s) {
    seen.set_value(read_request(s));
    send_text(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]");
  });
  auto client = llama_stack::make_network_http_client();
  HttpRequest req;
  req.method = "GET";
  req.url = server.url("/v1/models");
  req.headers = {{"accept", "application/x-custom"}};
  CHECK(client->send(req).body == "[]");
  const std::string request = lower(seen.get_future().get());
  CHECK(request.rfind("get /v1/models http/1.1\r\n", 0) == 0);
  CHECK(request.find("content-type") == std::string::npos);
  CHECK(request.find("\r\naccept: application/x-custom\r\n") != std::string::npos);
  CHECK(request.find("application/json") == std::string::npos);
}

TEST_CASE("send: chunked transfer encoding is decoded") {
  TestServer server([&](tcp::socket& s) {
    read_request(s);
    send_text(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (const char* piece : {"{\"choices\":", "[{\"text\":\"he", "llo\"}]", "}"}) {
      send_text(s, chunk(piece));
      std::this_thread::sleep_for(2ms);
    }
    send_text(s, "0\r\n\r\n");
  });
  auto client = llama_stack::make_network_http_client();
  const auto res = client->send(post(server.url("/v1/completions")));
  CHECK(res.status == 200);
  CHECK(res.body == R"({"choices":[{"text":"hello"}]})");
}

TEST_CASE("send: a non-2xx status is returned, not thrown") {
  TestServer server([&](tcp::socket& s) {
    read_request(s);
    send_text(s, "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 29\r\n\r\n{\"error\":\"slow down, please\"}");
  });
  auto client = llama_stack::make_network_http_client();
  const auto res = client->send(post(server.url("/v1/chat/completions")));
  CHECK(res.status == 429);
  CHECK(res.body == R"({"error":"slow down, please"})");
}

TEST_CASE("open_stream: non-2xx reads the error body and has no events") {
  TestServer server([&](tcp::socket& s) {
    read_request(s);
    send_text(s, "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                     chunk("{\"error\":") + chunk("\"model not found\"}") + "0\r\n\r\n");
  });
  auto client = llama_stack::make_network_http_client();
  const auto res = client->open_stream(post(server.url("/v1/chat/completions")), StreamFormat::sse);
  CHECK(res.status == 404);
  CHECK(res.events == nullptr);
  CHECK(res.error_body == R"({"error":"model not found"})");
  CHECK(header(res.headers, "content-type") == "application/json");
}

TEST_CASE("open_stream: each event is returned as soon as it arrives") {
  std::promise<void> first_consumed;
  std::atomic<bool> second_sent{false};
  std::string request;
  TestServer server([&](tcp::socket& s) {
    request = read_request(s);
    send_text(s, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
                     chunk("data: {\"n\":1}\n\n"));
    // The client must hand out event 1 while event 2 does not exist yet.
    first_consumed.get_future().wait_for(5s);
    second_sent = true;
    send_text(s, chunk("data: {\"n\":2}\n\n") + chunk("data: [DONE]\n\n") + "0\r\n\r\n");
  });
  auto client = llama_stack::make_network_http_client();
  auto res = client->open_stream(post(server.url("/v1/chat/completions")), StreamFormat::sse);
  REQUIRE(res.status == 200);
  REQUIRE(res.events);
  const auto first = res.events->next();
  CHECK_FALSE(second_sent.load());
  first_consumed.set_value();
  CHECK(first == std::optional<std::string>(R"({"n":1})"));
  CHECK(res.events->next() == std::optional<std::string>(R"({"n":2})"));
  CHECK_FALSE(res.events->next());
  CHECK_FALSE(res.events->next());
  CHECK(lower(request).find("\r\naccept: text/event-stream\r\n") != std::string::npos);
}

TEST_CASE("open_stream: body until EOF, chunks splitting lines and CRLF") {
  TestServer server([&](tcp::socket& s) {
    read_request(s);
    // No length and no chunking: the body ends when the server closes.
    send_text(s, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n");
    for (const char* piece : {"data: {\"a\"", ":1}\r", "\n\r\n: ping\r\n\r\nda", "ta: x\ndata: y\n",
                              "\ndata: tail\n\ndata: [DO", "NE]"}) {
      send_text(s, piece);
      std::this_thread::sleep_for(2ms);
    }
  });
  auto client = llama_stack::make_network_http_client();
  auto res = client->open_stream(post(server.url("/v1/chat/completions")), StreamFormat::sse);
  REQUIRE(res.events);
  std::vector<std::string> events;
  while (auto e = res.events->next()) events.push_back(*e);
  CHECK(events == std::vector<std::string>{R"({"a":1})", "x\ny", "tail"});
}

TEST_CASE("open_stream: NDJSON") {
  TestServer server([&](tcp::socket& s) {
    read_request(s);
    send_text(s, "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n" +
                     chunk("{\"response\":\"a\"}\n{\"resp") + chunk("onse\":\"b\"}\n") + chunk("{\"done\":true}\n") +
                     "0\r\n\r\n");
  });
  auto client = llama_stack::make_network_http_client();
  auto res = client->open_stream(post(server.url("/api/generate")), StreamFormat::ndjson);
  REQUIRE(res.events);
  std::vector<std::string> events;
  while (auto e = res.events->next()) events.push_back(*e);
  CHECK(events == std::vector<std::string>{R"({"response":"a"})", R"({"response":"b"})", R"({"done":true})"});
}

TEST_CASE("keep-alive: connections are reused; one the server closed is replaced") {
  std::atomic<int> connections{0};
  std::atomic<int> served{0};
  TestServer server([&](tcp::socket& s) {
    const int index = ++connections;
    // The first connection answers two requests, then the server closes it
    // while the client holds it idle.
    const int answers = index == 1 ? 2 : 1;
    for (int i = 0; i < answers; ++i) {
      if (read_request(s).empty()) return;
      ++served;
      send_text(s, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + std::to_string(served.load() % 10));
    }
    // The second connection is closed just as the next request arrives:
    // the race every keep-alive client meets, answered by sending again.
    if (index == 2) read_request(s);
  });
  auto client = llama_stack::make_network_http_client();
  CHECK(client->send(post(server.url("/a"))).body == "1");
  CHECK(client->send(post(server.url("/b"))).body == "2");
  CHECK(server.accepted() == 1);
  std::this_thread::sleep_for(20ms);
  CHECK(client->send(post(server.url("/c"))).body == "3");
  CHECK(server.accepted() == 2);
  CHECK(client->send(post(server.url("/d"))).body == "4");
  CHECK(server.accepted() == 3);
}

TEST_CASE("invalid methods and headers are refused before anything is sent") {
  TestServer server([](tcp::socket& s) { read_request(s); });
  auto client = llama_stack::make_network_http_client();
  HttpRequest injected = post(server.url("/v1/models"));
  injected.headers = {{"Authorization", "Bearer sk-secret\r\nX-Injected: 1"}};
  try {
    client->send(injected);
    FAIL("expected InvalidRequestError");
  } catch (const llama_stack::InvalidRequestError& e) {
    const std::string what = e.what();
    CHECK(what.find("Authorization") != std::string::npos);
    CHECK(what.find("sk-secret") == std::string::npos);  // header values hold API keys
  }
  HttpRequest bad_name = post(server.url("/v1/models"));
  bad_name.headers = {{"X-Bad: name", "v"}};
  CHECK_THROWS_AS(client->open_stream(bad_name, StreamFormat::sse), llama_stack::InvalidRequestError);
  HttpRequest bad_method = post(server.url("/v1/models"));
  bad_method.method = "GET /x";
  CHECK_THROWS_AS(client->send(bad_method), llama_stack::InvalidRequestError);
  bad_method.method = "";
  CHECK_THROWS_AS(client->send(bad_method), llama_stack::InvalidRequestError);
  CHECK(server.accepted() == 0);
}

TEST_CASE("connection refused names the URL") {
  std::uint16_t port;
  {
    asio::io_context ioc;
    tcp::acceptor probe(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/v1/chat/completions";
  auto client = llama_stack::make_network_http_client();
  try {
    client->send(post(url));
    FAIL("expected ConnectionError");
  } catch (const ConnectionError& e) {
    CHECK(e.url() == url);
    const std::string what = e.what();
    CHECK(what.find("cannot connect to " + url) != std::string::npos);
    CHECK(lower(what).find("refused") != std::string::npos);
  }
  CHECK_THROWS_AS(client->open_stream(post(url), StreamFormat::sse), ConnectionError);
}

TEST_CASE("unknown host is a ConnectionError") {
  auto client = llama_stack::make_network_http_client();
  const std::string url = "http://no-such-host.invalid:9/v1/models";
  try {
    client->send(post(url));
    FAIL("expected ConnectionError");
  } catch (const ConnectionError& e) {
    CHECK(e.url() == url);
    CHECK(std::string(e.what()).find("cannot connect to " + url) != std::string::npos);
  }
}

TEST_CASE("timeout: a server that accepts but never answers") {
  std::promise<void> release;
  auto released = release.get_future().share();
  TestServer server([released](tcp::socket& s) {
    read_request(s);
    released.wait_for(5s);
  });
  auto client = llama_stack::make_network_http_client();
  HttpRequest req = post(server.url("/v1/chat/completions"));
  req.timeout = 200ms;
  const auto start = std::chrono::steady_clock::now();
  try {
    client->send(req);
    FAIL("expected ConnectionError");
  } catch (const ConnectionError& e) {
    CHECK(e.url() == req.url);
    const std::string what = e.what();
    CHECK(what.find("timed out") != std::string::npos);
    CHECK(what.find(req.url) != std::string::npos);
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed >= 150ms);
  CHECK(elapsed < 2s);
  release.set_value();
}

TEST_CASE("timeout: a stream that stalls between events") {
  std::promise<void> release;
  auto released = release.get_future().share();
  TestServer server([released](tcp::socket& s) {
    read_request(s);
    send_text(s, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
                     chunk("data: 1\n\n"));
    released.wait_for(5s);
  });
  auto client = llama_stack::make_network_http_client();
  HttpRequest req = post(server.url("/v1/chat/completions"));
  req.timeout = 200ms;
  auto res = client->open_stream(req, StreamFormat::sse);
  REQUIRE(res.events);
  CHECK(res.events->next() == std::optional<std::string>("1"));
  try {
    res.events->next();
    FAIL("expected ConnectionError");
  } catch (const ConnectionError& e) {
    CHECK(std::string(e.what()).find("timed out") != std::string::npos);
  }
  release.set_value();
}

// --- TLS ---------------------------------------------------------------

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};

// A throw-away self-signed certificate for "localhost" only (no IP SAN), so
// that connecting by address also exercises host name verification.
struct SelfSigned {
  std::unique_ptr<EVP_PKEY, PkeyFree> key;
  std::unique_ptr<X509, X509Free> cert;
};

SelfSigned make_self_signed() {
  SelfSigned out;
  out.key.reset(EVP_EC_gen("P-256"));
  REQUIRE(out.key);
  out.cert.reset(X509_new());
  X509* cert = out.cert.get();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, out.key.get());
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, "DNS:localhost"},
                                   std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    REQUIRE(ext);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  REQUIRE(X509_sign(cert, out.key.get(), EVP_sha256()) > 0);
  return out;
}

// Points OpenSSL's default trust store at one file for the scope: the
// client loads its trust store lazily, on first https use.
class TrustOnly {
 public:
  explicit TrustOnly(const SelfSigned& cert)
      : path_(std::filesystem::temp_directory_path() / ("llama-stack-test-ca-" + std::to_string(::getpid()) + ".pem")) {
    FILE* f = std::fopen(path_.c_str(), "w");
    REQUIRE(f);
    PEM_write_X509(f, cert.cert.get());
    std::fclose(f);
    if (const char* old = std::getenv("SSL_CERT_FILE")) previous_ = old;
    ::setenv("SSL_CERT_FILE", path_.c_str(), 1);
  }
  ~TrustOnly() {
    if (previous_) {
      ::setenv("SSL_CERT_FILE", previous_->c_str(), 1);
    } else {
      ::unsetenv("SSL_CERT_FILE");
    }
    std::filesystem::remove(path_);
  }

 private:
  std::filesystem::path path_;
  std::optional<std::string> previous_;
};

}  // namespace

TEST_CASE("TLS: verification on by default, off with tls_verify=false") {
  const SelfSigned cert = make_self_signed();
  ssl::context server_ctx(ssl::context::tls_server);
  REQUIRE(SSL_CTX_use_certificate(server_ctx.native_handle(), cert.cert.get()) == 1);
  REQUIRE(SSL_CTX_use_PrivateKey(server_ctx.native_handle(), cert.key.get()) == 1);

  std::atomic<int> served{0};
  std::atomic<bool> sni_seen{false};
  TestServer server([&](tcp::socket& s) {
    ssl::stream<tcp::socket> tls(std::move(s), server_ctx);
    tls.handshake(ssl::stream_base::server);  // throws when the client rejects us
    if (const char* sni = SSL_get_servername(tls.native_handle(), TLSEXT_NAMETYPE_host_name))
      sni_seen = std::string(sni) == "localhost";
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos) request.append(buf, tls.read_some(asio::buffer(buf)));
    ++served;
    const std::string response = "HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nsecured";
    asio::write(tls, asio::buffer(response));
    boost::system::error_code ec;
    tls.shutdown(ec);
  });
  const std::string by_name = "https://localhost:" + std::to_string(server.port()) + "/v1/models";
  const std::string by_address = "https://127.0.0.1:" + std::to_string(server.port()) + "/v1/models";

  SUBCASE("an untrusted certificate fails the handshake") {
    auto client = llama_stack::make_network_http_client();
    HttpRequest req = post(by_name);
    try {
      client->send(req);
      FAIL("expected ConnectionError");
    } catch (const ConnectionError& e) {
      CHECK(e.url() == by_name);
      const std::string what = e.what();
      CHECK(what.find("cannot connect to " + by_name) != std::string::npos);
      CHECK(what.find("certificate verify failed") != std::string::npos);
    }
    req.tls_verify = false;
    CHECK(client->send(req).body == "secured");
    CHECK(sni_seen.load());
    CHECK(served == 1);
  }

  SUBCASE("a trusted certificate must also match the host name") {
    const TrustOnly trust(cert);
    auto client = llama_stack::make_network_http_client();
    CHECK(client->send(post(by_name)).body == "secured");
    try {
      client->send(post(by_address));
      FAIL("expected ConnectionError");
    } catch (const ConnectionError& e) {
      CHECK(e.url() == by_address);
      CHECK(std::string(e.what()).find("certificate verify failed") != std::string::npos);
    }
    HttpRequest unverified = post(by_address);
    unverified.tls_verify = false;
    CHECK(client->send(unverified).body == "secured");
    CHECK(served == 2);
  }
}

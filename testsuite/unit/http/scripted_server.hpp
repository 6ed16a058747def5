#pragma once
// Tiny scripted HTTP servers on 127.0.0.1 for the network client's tests:
// each test writes the exact bytes a server sends, so framing, chunking,
// timing and failures can be provoked deterministically.
#include <llama_stack/http_client.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace llama_stack::testing::scripted {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using llama_stack::HttpRequest;

inline std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Reads from a raw descriptor, giving up after 5 s of silence so that a
// failing test cannot hang the binary.
inline std::optional<std::string> receive_some(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 5000) <= 0) return std::nullopt;
  char buf[4096];
  const auto n = ::recv(fd, buf, sizeof buf, 0);
  if (n <= 0) return std::nullopt;
  return std::string(buf, static_cast<std::size_t>(n));
}

inline std::size_t content_length(const std::string& head) {
  const std::string h = lower(head);
  const auto pos = h.find("\r\ncontent-length:");
  return pos == std::string::npos ? 0 : std::stoul(h.substr(pos + 17));
}

// One request (head and Content-Length body); empty when the client closed.
inline std::string read_request(tcp::socket& socket) {
  std::string data;
  for (;;) {
    const auto head_end = data.find("\r\n\r\n");
    if (head_end != std::string::npos && data.size() >= head_end + 4 + content_length(data.substr(0, head_end + 2)))
      return data;
    auto more = receive_some(socket.native_handle());
    if (!more) return {};
    data += *more;
  }
}

inline void send_text(tcp::socket& socket, const std::string& text) {
  boost::system::error_code ec;
  asio::write(socket, asio::buffer(text), ec);
}

inline std::string chunk(const std::string& data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + data + "\r\n";
}

// Accepts connections on 127.0.0.1 and hands each to the handler, one after
// the other, until destroyed.
class TestServer {
 public:
  using Handler = std::function<void(tcp::socket&)>;

  explicit TestServer(Handler handler)
      : handler_(std::move(handler)), acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    // Polled, so the destructor can stop a server nobody connected to.
    acceptor_.non_blocking(true);
    thread_ = std::thread([this] { run(); });
  }
  ~TestServer() {
    stop_ = true;
    thread_.join();
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string url(const std::string& path = "/") const { return "http://127.0.0.1:" + std::to_string(port()) + path; }
  int accepted() const { return accepted_; }

 private:
  void run() {
    while (!stop_) {
      tcp::socket socket(ioc_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) {
        std::this_thread::sleep_for(1ms);
        continue;
      }
      if (ec) return;
      ++accepted_;
      try {
        handler_(socket);
      } catch (const std::exception&) {
        // Some tests make the client give up half-way on purpose.
      }
    }
  }

  Handler handler_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

inline HttpRequest post(const std::string& url, boost::json::value body = boost::json::object{{"model", "m"}}) {
  HttpRequest r;
  r.url = url;
  r.body = std::move(body);
  r.timeout = 3s;
  return r;
}

inline std::string header(const llama_stack::HttpHeaders& headers, const std::string& name) {
  for (const auto& [k, v] : headers)
    if (lower(k) == lower(name)) return v;
  return {};
}


}  // namespace llama_stack::testing::scripted

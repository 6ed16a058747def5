// The HTTP response parser of the network client (Beast, reached only
// through a socket): a loopback server answers one request with the input's
// bytes and closes. The first byte picks send(), an SSE stream or an NDJSON
// stream; the rest is the raw response (status line, headers, body).
// Property: any response is a result or a StackError (ConnectionError for
// a malformed or cut response), never a crash, a hang or another exception;
// a status the client returns is one HTTP has (100..599, RFC 9110 section
// 15): 0 is what HttpResponse holds when nothing was read.
#include "fuzz/fuzz_support.hpp"
#include "stack/http/network_http_client.hpp"

#include <llama_stack/errors.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <thread>

using namespace llama_stack;

namespace {

struct Listener {
  int fd = -1;
  int port = 0;
  Listener() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    fuzz::check(fd >= 0, "socket()");
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fuzz::check(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0, "bind()");
    fuzz::check(::listen(fd, 4) == 0, "listen()");
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
};

// Reads the whole request (headers, then Content-Length bytes) so that
// closing does not reset the connection under unread data.
void read_request(int conn) {
  std::string in;
  char buf[4096];
  std::size_t need = std::string::npos;
  while (need == std::string::npos || in.size() < need) {
    const ssize_t n = ::recv(conn, buf, sizeof buf, 0);
    if (n <= 0) return;
    in.append(buf, static_cast<std::size_t>(n));
    const std::size_t end = in.find("\r\n\r\n");
    if (need == std::string::npos && end != std::string::npos) {
      std::size_t length = 0;
      std::string lower = in.substr(0, end);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (auto at = lower.find("content-length:"); at != std::string::npos)
        length = std::stoul(lower.substr(at + 15));
      need = end + 4 + length;
    }
  }
}

void serve_once(int listen_fd, std::string_view response) {
  const int conn = ::accept(listen_fd, nullptr, nullptr);
  if (conn < 0) return;
  read_request(conn);
  for (std::size_t sent = 0; sent < response.size();) {
    const ssize_t n = ::send(conn, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(conn, SHUT_WR);
  // Wait for the client to close, so that it reads everything first.
  char sink[256];
  while (::recv(conn, sink, sizeof sink, 0) > 0) {
  }
  ::close(conn);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Listener listener;
  if (size == 0 || size > (1u << 16)) return 0;
  const int mode = data[0] % 3;
  const std::string response(fuzz::as_text(data + 1, size - 1));

  std::thread server(serve_once, listener.fd, std::string_view(response));
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(listener.port) + "/v1/chat/completions";
  request.endpoint = "/v1/chat/completions";
  request.body = {{"model", "m"}, {"stream", mode != 0}};
  request.timeout = std::chrono::seconds(5);
  {
    // A fresh client per input: no pooled connection carries state over.
    const auto client = make_network_http_client();
    try {
      if (mode == 0) {
        const HttpResponse out = client->send(request);
        fuzz::check(out.status >= 100 && out.status <= 599, "a returned status is in 100..599");
      } else {
        StreamResponse out = client->open_stream(request, mode == 1 ? StreamFormat::sse : StreamFormat::ndjson);
        fuzz::check(out.status >= 100 && out.status <= 599, "a returned status is in 100..599");
        if (out.events) {
          for (std::size_t i = 0; i <= response.size() && out.events->next(); ++i) {
            fuzz::check(i < response.size(), "a stream ends within its body's bytes");
          }
        }
      }
    } catch (const StackError&) {
    }
  }
  server.join();
  return 0;
}

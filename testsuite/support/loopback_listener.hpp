#pragma once
// The listening half every loopback test double shares: a socket on
// 127.0.0.1, one io_context thread, and an accept loop that hands each
// connection to the double's own coroutine. Stopping closes the acceptor and
// every open connection (they live in the io_context's coroutine frames).
// Included only by the doubles' sources, which speak HTTP with Beast anyway.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace llama_stack::testing {

class LoopbackListener {
 public:
  using Serve = std::function<boost::asio::awaitable<void>(boost::asio::ip::tcp::socket)>;

  // Binds 127.0.0.1:`port` (0: any free port) and serves on a background
  // thread; `reuse_address` for a double restarted on the port it had.
  // Throws std::runtime_error naming `who` and the address when it cannot.
  LoopbackListener(std::string who, std::uint16_t port, bool reuse_address, Serve serve);
  ~LoopbackListener();
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  std::uint16_t port() const noexcept { return port_; }

 private:
  struct Loop;
  std::unique_ptr<Loop> loop_;
  std::uint16_t port_ = 0;
};

}  // namespace llama_stack::testing

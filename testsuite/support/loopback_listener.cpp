#include "testsuite/support/loopback_listener.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <stdexcept>
#include <thread>

namespace llama_stack::testing {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct LoopbackListener::Loop {
  asio::io_context ioc{1};
  std::thread thread;
};

namespace {

asio::awaitable<void> accept_loop(tcp::acceptor acceptor, LoopbackListener::Serve serve) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) continue;  // e.g. the client reset before we accepted
    asio::co_spawn(acceptor.get_executor(), serve(std::move(socket)), asio::detached);
  }
}

}  // namespace

LoopbackListener::LoopbackListener(std::string who, std::uint16_t port, bool reuse_address,
                                   Serve serve)
    : loop_(std::make_unique<Loop>()) {
  tcp::acceptor acceptor(loop_->ioc);
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  boost::system::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec && reuse_address) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error(who + ": cannot listen on 127.0.0.1:" + std::to_string(port) + ": " +
                             ec.message());
  port_ = acceptor.local_endpoint().port();
  asio::co_spawn(loop_->ioc, accept_loop(std::move(acceptor), std::move(serve)), asio::detached);
  loop_->thread = std::thread([ioc = &loop_->ioc] { ioc->run(); });
}

LoopbackListener::~LoopbackListener() {
  loop_->ioc.stop();
  loop_->thread.join();
  // Destroying the io_context (with loop_) destroys the suspended coroutines,
  // and with them the acceptor and the open connections.
}

}  // namespace llama_stack::testing

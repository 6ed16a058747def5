#include "stack/client/in_process_transport.hpp"

#include "build_paths.hpp"

#include <llama_stack/errors.hpp>

namespace llama_stack {

namespace {

class InProcessTransport final : public ClientTransport, public RouteServices {
 public:
  explicit InProcessTransport(std::unique_ptr<Stack> stack) : stack_(std::move(stack)) {}

  RouteResponse call(std::string_view method, std::string_view route, RouteRequest request,
                     const boost::json::object& provider_data) override {
    const ApiRoute* found = stack_->apis().route(method, route);
    if (found == nullptr || !found->handler)
      throw NotFoundError("no route " + std::string(method) + " " + std::string(route));
    request.context = RequestContext(provider_data);
    return found->handler(*this, request);
  }
  Stack* stack() noexcept override { return stack_.get(); }
  RouteServices* route_services() noexcept override { return this; }
  void set_test_id(std::optional<std::string>) override {}

  Api& api(std::string_view name) override { return stack_->api(name); }
  ModelTable& models() override { return stack_->models(); }
  ResourceTable& resources() override { return stack_->resources(); }
  IdMinter& ids() override { return stack_->ids(); }
  std::vector<ProviderState> providers() const override {
    std::vector<ProviderState> out;
    for (const auto& p : stack_->providers())
      out.push_back({p.api, p.provider_id, p.provider_type, p.running, p.problem});
    return out;
  }
  const ApiTable& apis() const override { return stack_->apis(); }
  std::string version() const override { return LLAMA_STACK_VERSION; }

 private:
  std::unique_ptr<Stack> stack_;
};

}  // namespace

std::unique_ptr<ClientTransport> in_process_transport(std::unique_ptr<Stack> stack) {
  return std::make_unique<InProcessTransport>(std::move(stack));
}

}  // namespace llama_stack

#pragma once
// Base of every API interface (inference, safety, vector_io, ...). Routers and
// providers implement API interfaces; a provider receives the routers of the
// APIs it depends on through its ProviderContext.
namespace llama_stack {

class Api {
 public:
  virtual ~Api() = default;
};

}  // namespace llama_stack

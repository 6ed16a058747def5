#pragma once
// What the client's generic calls return: models and providers (the APIs'
// own results are in their folders, e.g. stack/apis/inference/inference_types.hpp).
#include <boost/json/object.hpp>

#include <string>

namespace llama_stack {

struct Model {
  std::string identifier;
  std::string provider_id;
  std::string provider_resource_id;
  std::string model_type;
  boost::json::object metadata;
};

struct ProviderInfo {
  std::string api;
  std::string provider_id;
  std::string provider_type;
  bool running = false;
  std::string problem;
};

}  // namespace llama_stack

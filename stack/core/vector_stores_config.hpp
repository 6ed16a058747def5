#pragma once
// Reads the run config's `vector_stores:` section into the vector_io
// router's VectorStoresDefaults (stack/routing/vector_stores_config.hpp).
#include "stack/routing/vector_stores_config.hpp"

namespace llama_stack {

struct RunConfig;

// ConfigError naming the file and the key (vector_stores.default_provider_id,
// vector_stores.default_embedding_model.provider_id, ...) for a value of the
// wrong shape, or a provider the config does not list under vector_io
// (resp. inference). No section: `configured` is false.
VectorStoresDefaults vector_stores_defaults(const RunConfig& config);

}  // namespace llama_stack

#pragma once
// The newer config format's `vector_stores:` section, as far as the
// vector_io router uses it (the Python stack's VectorStoresConfig):
//   default_provider_id: faiss              the store's provider when a create names none
//   default_embedding_model:                its model when a create names none,
//     provider_id: sentence-transformers    as the model id "<provider_id>/<model_id>"
//     model_id: nomic-ai/nomic-embed-text-v1.5
// Its other keys (default_reranker_model: no reranker model runs here; the
// file_search / context / annotation prompt templates, ingestion and
// retrieval parameters) are not read.
// The stack hands the section to the router's API as one of the config's
// sections (RouterServices::config); this reads it.
#include "stack/routing/api_table.hpp"

#include <string>

namespace llama_stack {

struct VectorStoresDefaults {
  // Whether the config has the section: with it, a create without
  // provider_id among several providers follows the newer Python rule
  // (the default, else a 400 naming the choices); without it, the first
  // provider serves, as the Python stack at 007efa6eb did.
  bool configured = false;
  std::string default_provider_id;
  std::string default_embedding_model;  // "<provider_id>/<model_id>", or empty
};

// ConfigError naming the config file and the key for a section it cannot
// use, or a default provider the config does not list.
VectorStoresDefaults vector_stores_defaults(const ConfigSections& config);

}  // namespace llama_stack

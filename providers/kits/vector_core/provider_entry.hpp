#pragma once
// What a vector_io plugin's factory does once it knows where its SQLite
// store is and how to open its index: the shared core over them, embedding
// through the inference router the provider declared in api_dependencies.
#include "providers/kits/vector_core/vector_store_core.hpp"

#include <llama_stack/provider.hpp>

#include <memory>

namespace llama_stack::vector {

inline std::unique_ptr<Provider> make_vector_provider(const ProviderContext& context,
                                                      const std::filesystem::path& db_path,
                                                      IndexFactory index_factory) {
  return std::make_unique<VectorStoreCore>(context.provider_id, db_path, std::move(index_factory),
                                           context.dependency<InferenceApi>(kInferenceApiName),
                                           *context.ids);
}

}  // namespace llama_stack::vector

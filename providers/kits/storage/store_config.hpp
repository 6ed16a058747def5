#pragma once
// What the providers that persist (files, vector_io, ...) share: the store
// under one of their declared mapping keys, read by the SDK's one store
// settings reader (llama_stack/store_settings.hpp).
#include <llama_stack/provider_config.hpp>
#include <llama_stack/store_settings.hpp>

#include <string_view>

namespace llama_stack::storage {

// The store under `key` of a provider's config. ConfigError naming the
// provider and key when it is absent, not a mapping, of a type other than
// sqlite ("postgres is not supported by llama-stack-cpp: use type: sqlite"),
// or without db_path.
StoreSettings store_config(const ProviderConfig& config, std::string_view key);

}  // namespace llama_stack::storage

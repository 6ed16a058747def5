#pragma once
// What the providers that persist (files, vector_io, ...) share: where their
// SQLite store is. The config mapping is the older form
// (`kvstore: {type: sqlite, db_path: ...}`, `metadata_store: ...`), which
// the stack also hands over for the newer format's backend references
// (stack/config/storage_references.hpp).
#include <llama_stack/provider_config.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace llama_stack::storage {

struct StoreConfig {
  std::filesystem::path db_path;  // `~` expanded
  // The newer format's namespace / table name: what a provider that keeps
  // several stores in one database prefixes its tables with; may be empty.
  std::string name;
};

// The store under `key` of a provider's config. ConfigError naming the
// provider and key when it is absent (and there is no `fallback_file`),
// not a mapping, of a type other than sqlite ("postgres is not supported by
// llama-stack-cpp: use type: sqlite"), or without db_path. `fallback_file`,
// when given, is used (under ~/.llama/distributions/<provider_id>/) when the
// key is absent.
StoreConfig store_config(const ProviderConfig& config, std::string_view key,
                         std::string_view fallback_file = {});

// "~/x" → "$HOME/x"; other paths unchanged.
std::filesystem::path expand_home(std::string_view path);

}  // namespace llama_stack::storage

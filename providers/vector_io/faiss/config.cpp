// The inline::faiss plugin: descriptor and factory. Its index is
// faiss_index.cpp; the rest is the shared core (providers/kits/vector_core).
#include "providers/vector_io/faiss/faiss_index.hpp"
#include "providers/kits/storage/store_config.hpp"
#include "providers/kits/vector_core/provider_entry.hpp"

#include <llama_stack/plugin.hpp>

namespace llama_stack::vector {

namespace {

std::unique_ptr<Provider> create(const ProviderContext& context) {
  // The newer format's `persistence` (resolved by the stack to the inline
  // form), else the older `kvstore`.
  const bool newer = context.config.values().contains("persistence");
  const auto store = storage::store_config(context.config, newer ? "persistence" : "kvstore");
  return make_vector_provider(context, store.db_path, &open_faiss_index);
}

constexpr ConfigKey kConfigKeys[] = {
    {.name = "kvstore", .type = ConfigType::mapping,
     .default_value = "{type: sqlite, db_path: \"${env.SQLITE_STORE_DIR:={distro_dir}}/faiss_store.db\"}",
     .description = "the SQLite store holding the stores, their chunks and serialised FAISS indexes"},
    {.name = "persistence", .type = ConfigType::mapping,
     .description = "the newer config format's reference to a storage backend, used instead of kvstore",
     .in_sample = false},
};

}  // namespace

LLAMA_STACK_PROVIDER_DESCRIPTOR(kFaissDescriptor, "vector_io", "inline::faiss",
    "Vector stores on FAISS (exact L2) persisted in SQLite, FTS5 keyword search",
    kConfigKeys, &create, "inference")

}  // namespace llama_stack::vector

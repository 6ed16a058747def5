// The inline::sqlite-vec plugin: descriptor and factory. Its index is
// blob_index.cpp; the rest is the shared core (providers/kits/vector_core).
#include "providers/vector_io/sqlite_vec/blob_index.hpp"
#include "providers/kits/storage/store_config.hpp"
#include "providers/kits/vector_core/provider_entry.hpp"

#include <llama_stack/plugin.hpp>

namespace llama_stack::vector {

namespace {

std::unique_ptr<Provider> create(const ProviderContext& context) {
  const std::string db_path = context.config.require_string("db_path");
  return make_vector_provider(context, expand_home(db_path), &open_blob_index);
}

constexpr ConfigKey kConfigKeys[] = {
    {.name = "db_path", .type = ConfigType::string,
     .default_value = "${env.SQLITE_STORE_DIR:={distro_dir}}/sqlite_vec.db",
     .description = "the SQLite file holding the stores, their chunks and vectors"},
    {.name = "kvstore", .type = ConfigType::ignored,
     .description = "the Python stack's registry store; this provider keeps its registry in db_path",
     .in_sample = false},
    {.name = "persistence", .type = ConfigType::ignored,
     .description = "the newer config format's registry store; this provider keeps its registry in db_path",
     .in_sample = false},
};

}  // namespace

LLAMA_STACK_PROVIDER_DESCRIPTOR(kSqliteVecDescriptor, "vector_io", "inline::sqlite-vec",
    "Vector stores in SQLite: vectors as blobs, exact search, FTS5 keyword search",
    kConfigKeys, &create, "inference")

}  // namespace llama_stack::vector

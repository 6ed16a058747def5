// The inline::localfs plugin: descriptor and factory. Behaviour lives in
// localfs_files.cpp.
#include "providers/files/localfs/localfs_files.hpp"
#include "providers/kits/storage/store_config.hpp"

#include <llama_stack/plugin.hpp>

namespace llama_stack::providers {

namespace {

constexpr ConfigKey kLocalfsKeys[] = {
    {.name = "storage_dir", .type = ConfigType::string,
     .default_value = "{distro_dir}/files",
     .env_var = "FILES_STORAGE_DIR", .description = "where uploaded files are kept, one per file id"},
    {.name = "metadata_store", .type = ConfigType::mapping,
     .default_value = "{type: sqlite, db_path: \"{distro_dir}/files_metadata.db\"}",
     .description = "the SQLite store of the files' metadata (type: sqlite, db_path: ...)",
     .in_sample = false},
    {.name = "max_file_size_bytes", .type = ConfigType::integer,
     .default_value = "536870912",  // OpenAI's own limit on one file (512 MiB)
     .description = "larger uploads are refused with 413 (the server's body limit applies too)"},
    {.name = "ttl_secs", .type = ConfigType::ignored,
     .description = "the Python stack's default expiry; files expire only by expires_after here",
     .in_sample = false},
};

std::unique_ptr<Provider> create(const ProviderContext& context) {
  const ProviderConfig& config = context.config;
  LocalfsOptions options;
  options.provider_id = context.provider_id;
  options.storage_dir = expand_home(config.string("storage_dir"));
  options.db_path = storage::store_config(config, "metadata_store").db_path;
  options.max_file_size_bytes = config.integer("max_file_size_bytes");
  if (options.max_file_size_bytes < 0)
    config.fail("max_file_size_bytes", "must be 0 (no limit) or a positive number of bytes");
  return std::make_unique<LocalfsFiles>(std::move(options), *context.ids);
}

}  // namespace

LLAMA_STACK_PROVIDER_DESCRIPTOR(kLocalfsDescriptor, "files", "inline::localfs",
    "Files on the local disk under storage_dir, their metadata in SQLite",
    kLocalfsKeys, &create)

}  // namespace llama_stack::providers

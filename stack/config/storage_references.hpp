#pragma once
// The newer config format names storage backends once
// (`storage.backends.kv_default: {type: kv_sqlite, db_path: ...}`) and
// providers refer to them (`persistence: {namespace: vector_io::faiss,
// backend: kv_default}`); the older one writes the store inline
// (`kvstore: {type: sqlite, db_path: ...}`). Providers are handed the inline
// form either way: one shape to read, whichever format the file has.
#include "stack/config/run_config.hpp"

#include <boost/json/object.hpp>

namespace llama_stack {

// `provider_config` with every mapping that has a `backend` naming one of
// `config`'s storage backends replaced by that backend's settings (its
// `type` read as the older form's: kv_sqlite/sql_sqlite → sqlite,
// kv_postgres/sql_postgres → postgres) plus the mapping's own keys
// (namespace, table_name). Other mappings are left as they are
// (check_storage has refused references to undefined backends already).
boost::json::object resolve_storage_references(const boost::json::object& provider_config,
                                               const RunConfig& config);

// The storage settings of one of the stack's own stores (`inference`,
// `metadata`): the older top-level `<name>_store` mapping, or the newer
// `storage.stores.<name>` resolved as above; an empty object when the
// config has neither.
boost::json::object stack_store_config(const RunConfig& config, std::string_view name);

}  // namespace llama_stack

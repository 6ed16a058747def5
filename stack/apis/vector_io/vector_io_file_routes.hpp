#pragma once
// The vector_io routes of files attached to stores and of file batches
// (OpenAI's /v1/vector_stores/{id}/files... and /file_batches...), and
// the attaching of a new store's file_ids. The route reads each file from
// the files API and hands its bytes to the store's provider; without a
// files provider these routes answer a 404 saying so, and the rest of
// vector_io works as before.
#include "stack/routing/api_table.hpp"

#include <llama_stack/apis/vector_io.hpp>

#include <vector>

namespace llama_stack {

class VectorIoRouter;

std::vector<ApiRoute> vector_io_file_routes();

// The files a new store's `file_ids` (a JSON list; absent or empty: none)
// name, read before the store is created, so that a stack without a files
// provider refuses the call rather than half-doing it.
std::vector<VectorStoreFileInput> read_store_files(RouteServices& services, const RequestContext& context,
                                                   const boost::json::value* file_ids);

// Attaches `files` to the new store, chunked by the creation's
// chunking_strategy, and answers the store as it then is.
boost::json::object attach_store_files(const RequestContext& context, VectorIoRouter& router,
                                       const boost::json::object& store, const std::vector<VectorStoreFileInput>& files,
                                       const boost::json::object& create_params);

}  // namespace llama_stack

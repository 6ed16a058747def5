#pragma once
// The router in front of the vector_io providers: a new store goes to the
// provider asked for, else the config's vector_stores.default_provider_id
// (vector_stores_config.hpp: with that section and several providers but no
// default, a 400 naming them, as the newer Python stack; without it the
// first configured), with its embedding model (else the config's
// default_embedding_model, else the first embedding model registered)
// resolved in the model table and its dimension read from the model's
// metadata when the caller gives none; every other call goes to the
// provider that keeps the store, found in the resource table (kind
// "vector_store"), so an unknown store is a 404 naming it.
#include "stack/routing/api_table.hpp"
#include "stack/apis/vector_io/vector_stores_config.hpp"

#include <llama_stack/apis/vector_io.hpp>

#include <string>
#include <vector>

namespace llama_stack {

class VectorIoRouter : public VectorIoApi {
 public:
  explicit VectorIoRouter(RouterServices services) : services_(services) {}
  void add_provider(std::string provider_id, VectorIoProvider& provider);
  void set_defaults(VectorStoresDefaults defaults) { defaults_ = std::move(defaults); }

  // Every store the router knows, oldest first.
  std::vector<boost::json::object> list_vector_stores(const RequestContext& context);

  boost::json::object create_vector_store(const RequestContext& context, const boost::json::object& params) override;
  boost::json::object retrieve_vector_store(const RequestContext& context, const std::string& vector_store_id) override;
  boost::json::object update_vector_store(const RequestContext& context, const std::string& vector_store_id,
                                          const boost::json::object& params) override;
  boost::json::object delete_vector_store(const RequestContext& context, const std::string& vector_store_id) override;
  boost::json::object search_vector_store(const RequestContext& context, const std::string& vector_store_id,
                                          const boost::json::object& params) override;
  void insert_chunks(const RequestContext& context, const boost::json::object& params) override;
  boost::json::object query_chunks(const RequestContext& context, const boost::json::object& params) override;

  boost::json::object attach_file(const RequestContext& context, const std::string& vector_store_id,
                                  const VectorStoreFileInput& file, const boost::json::object& params) override;
  boost::json::object list_files(const RequestContext& context, const std::string& vector_store_id,
                                 const VectorStoreFileQuery& query) override;
  boost::json::object retrieve_file(const RequestContext& context, const std::string& vector_store_id,
                                    const std::string& file_id) override;
  boost::json::object file_contents(const RequestContext& context, const std::string& vector_store_id,
                                    const std::string& file_id) override;
  boost::json::object update_file(const RequestContext& context, const std::string& vector_store_id,
                                  const std::string& file_id, const boost::json::object& params) override;
  boost::json::object delete_file(const RequestContext& context, const std::string& vector_store_id,
                                  const std::string& file_id) override;
  boost::json::object create_file_batch(const RequestContext& context, const std::string& vector_store_id,
                                        const std::vector<VectorStoreFileInput>& files,
                                        const boost::json::object& params) override;
  boost::json::object retrieve_file_batch(const RequestContext& context, const std::string& vector_store_id,
                                          const std::string& batch_id) override;
  boost::json::object list_file_batch_files(const RequestContext& context, const std::string& vector_store_id,
                                            const std::string& batch_id, const VectorStoreFileQuery& query) override;
  boost::json::object cancel_file_batch(const RequestContext& context, const std::string& vector_store_id,
                                        const std::string& batch_id) override;

 private:
  struct Routed {
    std::string provider_id;
    VectorIoProvider* provider;
  };
  VectorIoProvider& provider_of(const std::string& vector_store_id);
  VectorIoProvider& provider_named(const std::string& provider_id);
  std::string provider_for_create() const;

  RouterServices services_;
  std::vector<Routed> providers_;
  VectorStoresDefaults defaults_;
};

// Enters a store a provider answered into the resource table.
void register_vector_store(ResourceTable& resources, const std::string& provider_id,
                           const boost::json::object& store);

// Registers what each provider persisted (at stack start); one warning per
// provider that could not answer.
std::vector<std::string> refresh_vector_stores(ResourceTable& resources,
                                               const std::vector<RoutedProvider>& providers);

}  // namespace llama_stack

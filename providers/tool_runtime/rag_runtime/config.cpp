// The inline::rag-runtime plugin: descriptor and factory. Behaviour lives in
// rag_runtime.cpp, the answer's text in knowledge_search.cpp.
#include "providers/tool_runtime/rag_runtime/rag_runtime.hpp"

#include <llama_stack/plugin.hpp>

namespace llama_stack::rag {

namespace {

std::unique_ptr<Provider> create(const ProviderContext& context) {
  if (context.ids == nullptr)
    throw PluginError("provider '" + context.provider_id + "' (inline::rag-runtime): no id minter");
  return std::make_unique<RagRuntime>(context.provider_id, context.dependency<VectorIoApi>("vector_io"),
                                      context.http, *context.ids);
}

}  // namespace

// No config keys: the Python provider's RagToolRuntimeConfig has none.
LLAMA_STACK_PROVIDER_DESCRIPTOR(kRagRuntimeDescriptor, "tool_runtime", "inline::rag-runtime",
    "the builtin::rag tool group: knowledge_search over the stack's vector stores, insert_into_memory",
    ConfigSchema{}, &create, "vector_io")

}  // namespace llama_stack::rag

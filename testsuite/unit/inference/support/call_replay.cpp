#include "testsuite/unit/inference/support/call_replay.hpp"

#include <stdexcept>

namespace llama_stack::testing {

namespace json = boost::json;

LlamaStackClient client_over(std::string_view stack_pointer, Environment env,
                             std::shared_ptr<HttpClient> http) {
  ClientOptions options;
  options.env = std::move(env);
  options.http = std::move(http);
  return LlamaStackClient::from_config(stack_pointer, std::move(options));
}

json::value CallResult::raw() const {
  if (chat) return chat->raw;
  if (completion) return completion->raw;
  if (embeddings) return embeddings->raw;
  json::array chunks;
  for (const auto& c : chat_chunks) chunks.push_back(c.raw);
  for (const auto& c : completion_chunks) chunks.push_back(c.raw);
  return chunks;
}

CallResult issue_call(LlamaStackClient& client, const CorpusEntry& entry,
                      const RequestOptions& options) {
  const std::string model = stack_model_id(entry);
  client.models.register_model(model, entry.provider_id,
                               std::string(entry.request_body().at("model").as_string()),
                               entry.kind == CallKind::embeddings ? "embedding" : "llm");
  json::object params = entry.request_body();
  params["model"] = model;
  CallResult out;
  const bool streaming = entry.capture.is_streaming;
  switch (entry.kind) {
    case CallKind::chat:
      if (streaming)
        for (auto& chunk : client.chat.completions.stream(params, options)) out.chat_chunks.push_back(chunk);
      else
        out.chat = client.chat.completions.create(params, options);
      break;
    case CallKind::completion:
      if (streaming)
        for (auto& chunk : client.completions.stream(params, options))
          out.completion_chunks.push_back(chunk);
      else
        out.completion = client.completions.create(params, options);
      break;
    case CallKind::embeddings:
      out.embeddings = client.embeddings.create(params, options);
      break;
    default:
      throw std::logic_error("issue_call: " + entry.name() + " is a " + kind_name(entry.kind) +
                             ", not a call");
  }
  return out;
}

CallOutcome try_issue_call(LlamaStackClient& client, const CorpusEntry& entry) {
  CallOutcome out;
  out.error = error_of([&] { out.result = issue_call(client, entry); });
  if (out.error == "(no error)") out.error.clear();
  return out;
}

}  // namespace llama_stack::testing

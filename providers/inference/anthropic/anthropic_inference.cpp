#include "providers/inference/anthropic/anthropic_inference.hpp"

#include "providers/inference/anthropic/messages_translation.hpp"
#include "providers/kits/openai_compat/profile.hpp"

#include <chrono>
#include <deque>

namespace llama_stack::providers {

namespace json = boost::json;

namespace {

// The API version this translation is written against.
constexpr const char* kAnthropicVersion = "2023-06-01";

UpstreamSettings anthropic_settings(const ProviderContext& context) {
  const OpenAICompatProfile profile{
      .display_name = "Anthropic",
      .url = {.config_key = "base_url"},
      .key = {.provider_data_field = "anthropic_api_key", .header = "x-api-key", .scheme = ""},
  };
  UpstreamSettings s = settings_from(context, profile).upstream;
  s.headers.emplace_back("anthropic-version", kAnthropicVersion);
  // The Messages API sends no "[DONE]": its last event is message_stop.
  s.stream_end = StreamEnd::message_stop;
  return s;
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool include_usage(const json::object& params) {
  const json::value* options = params.if_contains("stream_options");
  if (options == nullptr || !options->is_object()) return false;
  const json::value* flag = options->as_object().if_contains("include_usage");
  return flag && flag->is_bool() && flag->as_bool();
}

class ChunkTranslation final : public JsonStream {
 public:
  ChunkTranslation(std::unique_ptr<EventStream> events, anthropic::StreamTranslator translator,
                   std::string provider_id)
      : events_(std::move(events)),
        translator_(std::move(translator)),
        provider_id_(std::move(provider_id)) {}

  std::optional<json::object> next() override {
    while (pending_.empty()) {
      auto payload = events_->next();
      if (!payload) return std::nullopt;
      for (auto& chunk : translator_.translate(parse_stream_event(provider_id_, *payload)))
        pending_.push_back(std::move(chunk));
    }
    json::object chunk = std::move(pending_.front());
    pending_.pop_front();
    return chunk;
  }

 private:
  std::unique_ptr<EventStream> events_;
  anthropic::StreamTranslator translator_;
  std::string provider_id_;
  std::deque<json::object> pending_;
};

}  // namespace

AnthropicInference::AnthropicInference(const ProviderContext& context)
    : upstream_(anthropic_settings(context), context.http),
      max_tokens_(context.config.integer("max_tokens")) {
  if (max_tokens_ <= 0) context.config.fail("max_tokens", "expected a positive number of tokens");
}

json::object AnthropicInference::chat_completion(const RequestContext& context,
                                                 const json::object& params) {
  const json::object body = anthropic::to_messages_request(params, max_tokens_);
  const json::object message =
      upstream_.send_for_object(upstream_.api_request(context, "POST", "/messages", body));
  return anthropic::to_chat_completion(message, now_seconds());
}

std::unique_ptr<JsonStream> AnthropicInference::chat_completion_stream(
    const RequestContext& context, const json::object& params) {
  json::object body = anthropic::to_messages_request(params, max_tokens_);
  body["stream"] = true;
  auto events = upstream_.open_stream(upstream_.api_request(context, "POST", "/messages", body));
  return std::make_unique<ChunkTranslation>(
      std::move(events),
      anthropic::StreamTranslator(upstream_.provider_id(), include_usage(params), now_seconds()),
      upstream_.provider_id());
}

std::vector<ProviderModel> AnthropicInference::list_models() {
  // One page holds every model: the listing's maximum page size is 1000.
  const json::object listing = upstream_.send_for_object(
      upstream_.api_request(RequestContext{}, "GET", "/models?limit=1000", nullptr));
  const json::value* data = listing.if_contains("data");
  if (data == nullptr || !data->is_array())
    throw StackError("provider '" + upstream_.provider_id() +
                     "': GET /v1/models answered without a \"data\" list");
  std::vector<ProviderModel> out;
  for (const auto& entry : data->as_array())
    if (const json::object* m = entry.if_object())
      if (const json::value* id = m->if_contains("id"); id && id->is_string())
        out.push_back({std::string(id->as_string()), "llm", {}});
  return out;
}

}  // namespace llama_stack::providers

#pragma once
// Chat completions <-> Anthropic's Messages API (POST /v1/messages), both
// ways, including the streaming event sequence. Pure functions of JSON, so
// they are tested without a server.
//
// Request: system/developer messages become `system`; image_url parts become
// image blocks (base64 from a data URI, otherwise a URL source); assistant
// tool_calls become tool_use blocks and tool messages tool_result blocks;
// max_tokens/max_completion_tokens become max_tokens (required by Anthropic,
// so the provider's default fills it), stop becomes stop_sequences, tools and
// tool_choice take Anthropic's shapes, user becomes metadata.user_id.
// Parameters with no Messages API equivalent are refused by name rather than
// dropped; parameters the translation does not know are passed through.
//
// Response: text blocks become the message content, tool_use blocks
// tool_calls, stop_reason a finish_reason, usage OpenAI's usage.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::providers::anthropic {

// The Messages API body for chat completion `params` (model already the
// provider's id). Throws UnsupportedError / InvalidRequestError naming the
// parameter it cannot translate.
boost::json::object to_messages_request(const boost::json::object& params,
                                        std::int64_t default_max_tokens);

// end_turn/stop_sequence -> stop, max_tokens -> length, tool_use ->
// tool_calls, refusal -> content_filter; null when the reason is null.
boost::json::value finish_reason(const boost::json::value& stop_reason);

// A chat.completion object for a Messages API `message` response.
boost::json::object to_chat_completion(const boost::json::object& message, std::int64_t created);

// Turns the Messages API stream events into chat.completion.chunk objects.
class StreamTranslator {
 public:
  StreamTranslator(std::string provider_id, bool include_usage, std::int64_t created)
      : provider_id_(std::move(provider_id)), include_usage_(include_usage), created_(created) {}

  // The chunks one event stands for (none for ping, content_block_stop, ...).
  // An `error` event throws UpstreamError with the upstream's message.
  std::vector<boost::json::object> translate(const boost::json::object& event);

 private:
  boost::json::object chunk(boost::json::array choices) const;
  boost::json::object delta_chunk(boost::json::object delta,
                                  boost::json::value finish = nullptr) const;
  boost::json::object usage() const;

  std::string provider_id_;
  bool include_usage_;
  std::int64_t created_;
  std::string id_;
  std::string model_;
  boost::json::object usage_;          // Anthropic's, updated by message_delta
  std::map<std::int64_t, int> tools_;  // content block index -> tool call index
};

}  // namespace llama_stack::providers::anthropic

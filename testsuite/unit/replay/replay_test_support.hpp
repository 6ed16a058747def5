#pragma once
// Shared by the replay-store tests: file helpers (those of the config tests)
// and ScriptedUpstream, a TEST DOUBLE of an upstream HttpClient. It is not a
// model and not a server: it answers each call with what the test scripted
// (by default an echo of the request), counts the calls and remembers the
// last request, so a test can prove whether a call reached the upstream.
#include "testsuite/unit/config/config_test_support.hpp"

#include <llama_stack/http_client.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace replay_test {

namespace json = boost::json;
namespace fs = std::filesystem;

using config_test::read_text;
using config_test::TempDir;
using config_test::write_text;

// The *.json files of a recordings directory's responses/, sorted.
inline std::vector<fs::path> recording_files(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::exists(dir / "responses")) return out;
  for (const auto& e : fs::directory_iterator(dir / "responses"))
    if (e.path().extension() == ".json") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// TEST DOUBLE of an upstream (see the header comment).
class ScriptedUpstream final : public llama_stack::HttpClient {
 public:
  // Answers send(); default: a chat-completion-shaped echo of the body with
  // a fresh id and timestamp each time (the volatile fields recordings
  // normalise).
  std::function<llama_stack::HttpResponse(const llama_stack::HttpRequest&)> respond;
  // The payloads of open_stream(); default: three chat-completion chunks.
  std::function<std::vector<std::string>(const llama_stack::HttpRequest&)> chunks;
  // Makes the stream throw when asked for this chunk (0-based).
  std::optional<std::size_t> fail_at_chunk;
  int stream_status = 200;

  int sends = 0;
  int streams = 0;
  std::size_t chunks_pulled = 0;  // next() calls that produced a chunk
  llama_stack::HttpRequest last;

  llama_stack::HttpResponse send(const llama_stack::HttpRequest& request) override {
    ++sends;
    last = request;
    if (respond) return respond(request);
    json::object body{{"id", "chatcmpl-" + std::to_string(sends)},
                      {"created", 1700000000 + sends},
                      {"object", "chat.completion"},
                      {"echo", request.body}};
    return {200, {{"Content-Type", "application/json"}}, json::serialize(body)};
  }

  llama_stack::StreamResponse open_stream(const llama_stack::HttpRequest& request,
                                          llama_stack::StreamFormat) override {
    ++streams;
    last = request;
    std::vector<std::string> payloads;
    if (chunks) {
      payloads = chunks(request);
    } else {
      for (const char* piece : {"Hel", "lo", "!"})
        payloads.push_back(json::serialize(json::object{
            {"id", "chatcmpl-live-" + std::to_string(streams)},
            {"created", 1700000000 + streams},
            {"choices", json::array{json::object{{"delta", json::object{{"content", piece}}}}}}}));
    }
    if (stream_status < 200 || stream_status >= 300)
      return {stream_status, {}, nullptr, R"({"error":{"message":"scripted failure"}})"};
    return {stream_status, {}, std::make_unique<Events>(*this, std::move(payloads)), {}};
  }

 private:
  class Events final : public llama_stack::EventStream {
   public:
    Events(ScriptedUpstream& owner, std::vector<std::string> payloads)
        : owner_(owner), payloads_(std::move(payloads)) {}
    std::optional<std::string> next() override {
      if (owner_.fail_at_chunk && *owner_.fail_at_chunk == next_)
        throw std::runtime_error("scripted: connection lost mid-stream");
      if (next_ == payloads_.size()) return std::nullopt;
      ++owner_.chunks_pulled;
      return payloads_[next_++];
    }

   private:
    ScriptedUpstream& owner_;
    std::vector<std::string> payloads_;
    std::size_t next_ = 0;
  };
};

inline llama_stack::HttpRequest chat_request(std::string content, std::string model = "m1") {
  llama_stack::HttpRequest r;
  r.method = "POST";
  r.url = "http://127.0.0.1:11434/v1/chat/completions";
  r.endpoint = "/v1/chat/completions";
  r.body = json::object{
      {"model", model},
      {"messages", json::array{json::object{{"role", "user"}, {"content", std::move(content)}}}}};
  return r;
}

inline std::vector<std::string> drain(llama_stack::EventStream& events) {
  std::vector<std::string> out;
  while (auto p = events.next()) out.push_back(*p);
  return out;
}

}  // namespace replay_test

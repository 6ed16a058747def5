#pragma once
// Shared by the store's integrity and fault tests: a directory holding chat
// recordings and a model list, and a replay of them that reports what it got.
#include "stack/replay/recording_http_client.hpp"
#include "stack/replay/recording_session.hpp"
#include "testsuite/unit/replay/replay_test_support.hpp"

#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace replay_test {

inline constexpr const char* kStoreTestId = "store::test";

inline llama_stack::HttpRequest models_request() {
  llama_stack::HttpRequest r = chat_request("");
  r.method = "GET";
  r.url = "http://127.0.0.1:11434/v1/models";
  r.endpoint = "/v1/models";
  r.body = nullptr;
  return r;
}

// A ScriptedUpstream that lists `models` and echoes chat requests.
inline std::shared_ptr<ScriptedUpstream> upstream_listing(std::vector<std::string> models) {
  auto upstream = std::make_shared<ScriptedUpstream>();
  auto echo = std::make_shared<ScriptedUpstream>();
  upstream->respond = [models, echo](const llama_stack::HttpRequest& r) {
    if (r.endpoint != "/v1/models") return echo->send(r);
    json::array data;
    for (const auto& m : models) data.push_back(json::object{{"id", m}});
    return llama_stack::HttpResponse{200, {}, json::serialize(json::object{{"data", data}})};
  };
  return upstream;
}

inline llama_stack::replay::RecordingHttpClient client_for(
    llama_stack::replay::InferenceMode mode, const fs::path& dir,
    std::shared_ptr<ScriptedUpstream> upstream = upstream_listing({"m1"})) {
  auto session = std::make_shared<llama_stack::replay::RecordingSession>(mode, dir);
  session->set_test_id(kStoreTestId);
  return llama_stack::replay::RecordingHttpClient(std::move(upstream), std::move(session));
}

// Records the model list {"m1"} and a chat answer to each of `contents`.
inline void record_store(const fs::path& dir, std::initializer_list<const char*> contents) {
  auto client = client_for(llama_stack::replay::InferenceMode::record, dir);
  client.send(models_request());
  for (const char* c : contents) client.send(chat_request(c));
}

inline fs::path model_list_file(const fs::path& dir) {
  for (const auto& f : recording_files(dir))
    if (f.filename().string().starts_with("models-")) return f;
  FAIL("no model list recorded in " << dir.string());
  return {};
}

// What replaying record_store's requests answers: the models listed, then
// the content each chat answer echoes. Throws what the replay throws.
inline std::vector<std::string> replay_store(const fs::path& dir,
                                             std::initializer_list<const char*> contents) {
  auto client = client_for(llama_stack::replay::InferenceMode::replay, dir,
                           std::make_shared<ScriptedUpstream>());
  std::vector<std::string> out;
  const auto models = json::parse(client.send(models_request()).body);
  for (const auto& m : models.at("data").as_array()) out.emplace_back(m.at("id").as_string());
  for (const char* c : contents) {
    const auto body = json::parse(client.send(chat_request(c)).body);
    out.emplace_back(body.at("echo").at("messages").at(0).at("content").as_string());
  }
  return out;
}

}  // namespace replay_test

#include "testsuite/unit/inference/support/provider_corpus.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <stdexcept>

namespace llama_stack::testing {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// Which provider of ours speaks to the upstream a capture was recorded from.
std::string provider_for(std::string_view authority) {
  static const std::map<std::string, std::string, std::less<>> kByAuthority{
      {"0.0.0.0:11434", "ollama"},
      {"localhost:11434", "ollama"},
      {"localhost:8000", "vllm"},
      {"localhost:8080", "tgi"},
      {"api.openai.com", "openai"},
      {"api.together.xyz", "together"},
      {"api.fireworks.ai", "fireworks"},
      {"api.cerebras.ai", "cerebras"},
      {"integrate.api.nvidia.com", "nvidia"},
      {"generativelanguage.googleapis.com", "gemini"},
      {"__databricks__", "databricks"},
  };
  if (auto it = kByAuthority.find(authority); it != kByAuthority.end()) return it->second;
  if (authority.ends_with(".cognitiveservices.azure.com")) return "azure";
  return {};
}

std::string authority_of(std::string_view url) {
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos)
    url.remove_prefix(scheme + 3);
  return std::string(url.substr(0, url.find('/')));
}

std::string strip_suffix(std::string text, std::string_view suffix) {
  if (text.ends_with(suffix)) text.resize(text.size() - suffix.size());
  return text;
}

void classify(CorpusEntry& e) {
  const json::object& r = e.capture.request;
  const std::string url(r.at("url").as_string());
  const std::string endpoint(r.at("endpoint").as_string());
  e.authority = authority_of(url);
  e.provider_id = provider_for(e.authority);
  e.base_url = strip_suffix(url, endpoint);
  const json::object& body = e.request_body();
  if (endpoint == "/api/ps") {
    e.kind = CallKind::ollama_running;
  } else if (endpoint.starts_with("/api/")) {
    e.exclusion = "Ollama's native " + endpoint +
                  " (the provider calls Ollama's OpenAI-compatible /v1 routes)";
  } else if (endpoint == "/v1/models") {
    e.kind = CallKind::model_list;
  } else if (body.contains("messages")) {
    e.kind = CallKind::chat;
  } else if (body.contains("prompt")) {
    e.kind = CallKind::completion;
  } else if (body.contains("input")) {
    e.kind = CallKind::embeddings;
  } else {
    e.exclusion = "a request body that is neither chat, completion nor embeddings";
  }
  if (e.exclusion.empty() && e.provider_id.empty())
    e.exclusion = "recorded from " + e.authority + ", which no provider of ours calls";
  if (e.kind == CallKind::chat || e.kind == CallKind::completion ||
      e.kind == CallKind::embeddings) {
    if (endpoint != "/v1" + e.route())
      e.endpoint_artefact = "recorded endpoint " + endpoint + " for a " + kind_name(e.kind) +
                            " call (its body and response are a " + kind_name(e.kind) + ")";
  }
}

}  // namespace

const char* kind_name(CallKind kind) {
  switch (kind) {
    case CallKind::chat:
      return "chat completion";
    case CallKind::completion:
      return "completion";
    case CallKind::embeddings:
      return "embeddings";
    case CallKind::model_list:
      return "model list";
    case CallKind::ollama_running:
      return "ollama /api/ps";
    case CallKind::not_replayed:
      return "not replayed";
  }
  return "?";
}

const json::object& CorpusEntry::request_body() const {
  static const json::object kEmpty;
  const json::value* body = capture.request.if_contains("body");
  return body && body->is_object() ? body->as_object() : kEmpty;
}

std::string CorpusEntry::route() const {
  switch (kind) {
    case CallKind::chat:
      return "/chat/completions";
    case CallKind::completion:
      return "/completions";
    case CallKind::embeddings:
      return "/embeddings";
    case CallKind::model_list:
      return "/models";
    case CallKind::ollama_running:
      return "/api/ps";
    case CallKind::not_replayed:
      break;
  }
  return std::string(capture.request.at("endpoint").as_string());
}

std::string CorpusEntry::expected_url() const {
  // Databricks captures name the host by a placeholder without a scheme.
  const std::string base = authority == "__databricks__" ? "https://" + base_url : base_url;
  return base + route();
}

std::string CorpusEntry::name() const { return folder + "/" + capture.file.filename().string(); }

fs::path captures_dir() { return fixture_dir() / "captures"; }

const CorpusEntry& find_capture(std::string_view file_name) {
  for (const auto& e : load_corpus(captures_dir()))
    if (e.capture.file.filename() == file_name) return e;
  throw std::runtime_error("no capture named " + std::string(file_name));
}

const std::vector<CorpusEntry>& load_corpus(const fs::path& dir) {
  static std::mutex mutex;
  static std::map<fs::path, std::vector<CorpusEntry>> loaded;
  std::lock_guard lock(mutex);
  if (auto it = loaded.find(dir); it != loaded.end()) return it->second;
  std::vector<fs::path> files;
  for (const auto& f : fs::recursive_directory_iterator(dir))
    if (f.is_regular_file() && f.path().extension() == ".json") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  std::vector<CorpusEntry> out;
  for (const auto& file : files) {
    CorpusEntry e;
    e.capture = read_capture_file(file);
    if (!e.capture.request.contains("url")) continue;  // a tool-runtime call, not HTTP
    e.folder = fs::relative(file, dir).begin()->string();
    classify(e);
    out.push_back(std::move(e));
  }
  return loaded.emplace(dir, std::move(out)).first->second;
}

Environment environment_for(const CorpusEntry& entry) {
  Environment env = Environment::isolated();
  const std::string& p = entry.provider_id;
  if (p == "ollama")
    env.set("OLLAMA_URL", strip_suffix(entry.base_url, "/v1"));
  else if (p == "vllm")
    env.set("VLLM_URL", entry.base_url);
  else if (p == "tgi")
    env.set("TGI_URL", strip_suffix(entry.base_url, "/v1"));
  else if (p == "azure")
    env.set("AZURE_API_BASE", strip_suffix(entry.base_url, "/openai/v1"));
  else if (p == "databricks")
    env.set("DATABRICKS_HOST", "https://" + strip_suffix(entry.base_url, "/serving-endpoints"));
  // Hosted providers keep their default URLs: the tests check that those
  // are the URLs the Python stack called.
  static const std::map<std::string, std::string, std::less<>> kKeyVariable{
      {"openai", "OPENAI_API_KEY"},       {"together", "TOGETHER_API_KEY"},
      {"fireworks", "FIREWORKS_API_KEY"}, {"cerebras", "CEREBRAS_API_KEY"},
      {"nvidia", "NVIDIA_API_KEY"},       {"gemini", "GEMINI_API_KEY"},
      {"azure", "AZURE_API_KEY"},         {"databricks", "DATABRICKS_TOKEN"},
  };
  if (auto it = kKeyVariable.find(p); it != kKeyVariable.end())
    env.set(it->second, "test-key-" + p);
  return env;
}

bool json_near(const json::value& a, const json::value& b) {
  if (a.is_double() || b.is_double()) {
    if (!a.is_number() || !b.is_number()) return false;
    const double x = a.to_number<double>();
    const double y = b.to_number<double>();
    return x == y || std::fabs(x - y) <= 1e-12 * std::max(std::fabs(x), std::fabs(y));
  }
  if (a.kind() != b.kind()) return a == b;
  if (a.is_object()) {
    const auto& x = a.get_object();
    const auto& y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& [key, value] : x) {
      const json::value* other = y.if_contains(key);
      if (other == nullptr || !json_near(value, *other)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    const auto& x = a.get_array();
    const auto& y = b.get_array();
    return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), json_near);
  }
  return a == b;
}

std::vector<const CorpusEntry*> same_request(const CorpusEntry& entry) {
  std::vector<const CorpusEntry*> out;
  const json::value wire = wire_body(entry.request_body());
  const auto& endpoint = entry.capture.request.at("endpoint");
  for (const auto& other : load_corpus(captures_dir()))
    if (other.provider_id == entry.provider_id &&
        other.capture.request.at("endpoint") == endpoint &&
        json::value(wire_body(other.request_body())) == wire)
      out.push_back(&other);
  return out;
}

bool is_recorded_response(const CorpusEntry& entry, const json::value& response) {
  if (json_near(response, entry.capture.response_body)) return true;
  for (const CorpusEntry* other : same_request(entry))
    if (json_near(response, other->capture.response_body)) return true;
  return false;
}

std::string stack_model_id(const CorpusEntry& entry) {
  return entry.provider_id + "/" + std::string(entry.request_body().at("model").as_string());
}

}  // namespace llama_stack::testing

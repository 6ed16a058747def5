#include "testsuite/runner/setups.hpp"

namespace llama_stack::testing {

const std::vector<Setup>& known_setups() {
  // Models are the ones the captured exchanges were recorded with, so that
  // the shipped recordings and the capture-backed upstream can answer them.
  static const std::vector<Setup> setups{
      {"ollama", "Local Ollama with lightweight text, vision, embedding and safety models",
       {{"OLLAMA_URL", "http://0.0.0.0:11434"}, {"SAFETY_MODEL", "ollama/llama-guard3:1b"}},
       // The captured Ollama embedding exchanges were made with all-minilm
       // (384 dimensions); nomic-embed-text appears only in vector-store captures.
       // Python's ollama setup has no vision model, so its guide's example
       // `--suite=vision --setup=ollama` would skip every test; ours names the
       // model the captured vision exchanges were made with.
       {{"text-model", "ollama/llama3.2:3b-instruct-fp16"},
        {"vision-model", "ollama/llama3.2-vision:11b"},
        {"embedding-model", "ollama/all-minilm:l6-v2"},
        {"embedding-dimension", "384"},
        {"safety-shield", "llama-guard"}}},
      {"ollama-vision", "Local Ollama with a vision model",
       {{"OLLAMA_URL", "http://0.0.0.0:11434"}},
       {{"vision-model", "ollama/llama3.2-vision:11b"},
        {"embedding-model", "ollama/all-minilm:l6-v2"},
        {"embedding-dimension", "384"}}},
      {"vllm", "vLLM serving a small text model",
       {{"VLLM_URL", "http://localhost:8000/v1"}},
       {{"text-model", "vllm/Qwen/Qwen3-0.6B"}}},
      {"gpt", "OpenAI GPT models for high-quality responses and tool calling", {},
       {{"text-model", "openai/gpt-4o"},
        {"vision-model", "openai/gpt-4o"},
        {"embedding-model", "openai/text-embedding-3-small"},
        {"embedding-dimension", "1536"}}},
      {"claude", "Anthropic Claude models for high-quality responses", {},
       {{"text-model", "anthropic/claude-3-5-sonnet-20241022"}}},
      {"anthropic", "Anthropic Claude models", {},
       {{"text-model", "anthropic/claude-3-5-haiku-20241022"}}},
      {"tgi", "Text Generation Inference serving a text model",
       {{"TGI_URL", "http://localhost:8080"}},
       {{"text-model", "tgi/Qwen/Qwen3-0.6B"}}},
      {"together", "Together AI models", {},
       {{"text-model", "together/meta-llama/Llama-3.3-70B-Instruct-Turbo-Free"},
        {"embedding-model", "together/togethercomputer/m2-bert-80M-32k-retrieval"}}},
      {"fireworks", "Fireworks AI models", {},
       {{"text-model", "fireworks/accounts/fireworks/models/llama-v3p1-8b-instruct"},
        {"embedding-model", "fireworks/accounts/fireworks/models/qwen3-embedding-8b"}}},
      {"cerebras", "Cerebras models", {}, {{"text-model", "cerebras/llama-3.3-70b"}}},
      {"databricks", "Databricks serving endpoints", {},
       {{"text-model", "databricks/databricks-meta-llama-3-3-70b-instruct"},
        {"embedding-model", "databricks/databricks-bge-large-en"}}},
      {"groq", "Groq models", {}, {{"text-model", "groq/llama-3.3-70b-versatile"}}},
      {"llama-api", "Llama models from the Llama API (OpenAI-compatible)", {},
       {{"text-model", "llama_openai_compat/Llama-3.3-8B-Instruct"}}},
  };
  return setups;
}

const std::vector<Suite>& known_suites() {
  static const std::vector<Suite> suites{
      {"base", "most tests (everything but responses)", "ollama"},
      {"responses", "tests under responses/ (needs strong tool-calling models)", "gpt"},
      {"vision", "only the vision inference tests", "ollama-vision"},
  };
  return suites;
}

const Setup* find_setup(std::string_view name) {
  for (const auto& s : known_setups())
    if (s.name == name) return &s;
  return nullptr;
}

const Suite* find_suite(std::string_view name) {
  for (const auto& s : known_suites())
    if (s.name == name) return &s;
  return nullptr;
}

bool suite_includes(const Suite& suite, std::string_view area, bool vision_test) {
  if (suite.name == "vision") return vision_test;
  if (suite.name == "responses") return area == "responses";
  return area != "responses";  // base
}

}  // namespace llama_stack::testing

// Test plugins for the loader tests. One source, built in several variants
// (TEST_PLUGIN_VARIANT), each a shared object that exercises one load path.
// The "echo" inference provider is a test double: it answers by echoing the
// caller's last message; it is not a model and produces no recordings.
#include <llama_stack/plugin.hpp>

#include <boost/json.hpp>

#include <sstream>

namespace json = boost::json;
using namespace llama_stack;

namespace test_plugin {

std::string last_user_text(const json::object& params) {
  std::string text;
  if (const auto* messages = params.if_contains("messages"); messages && messages->is_array())
    for (const auto& m : messages->as_array())
      if (m.is_object())
        if (const auto* c = m.as_object().if_contains("content"); c && c->is_string())
          text = std::string(c->as_string());
  return text;
}

class Words final : public JsonStream {
 public:
  Words(std::string model, std::string text) : model_(std::move(model)) {
    std::istringstream in(text);
    for (std::string w; in >> w;) words_.push_back(w);
  }
  std::optional<json::object> next() override {
    if (i_ > words_.size()) return std::nullopt;
    json::object delta;
    json::value finish = nullptr;
    if (i_ < words_.size()) delta["content"] = (i_ ? " " : "") + words_[i_];
    else finish = "stop";
    ++i_;
    return json::object{{"id", "echo"}, {"object", "chat.completion.chunk"}, {"model", model_},
                        {"choices", json::array{json::object{
                                        {"index", 0}, {"delta", delta}, {"finish_reason", finish}}}}};
  }

 private:
  std::string model_;
  std::vector<std::string> words_;
  std::size_t i_ = 0;
};

class Echo final : public InferenceProvider {
 public:
  explicit Echo(const ProviderConfig& config)
      : prefix_(config.string("prefix")), mode_(config.string("mode")) {
    if (mode_ != "echo" && mode_ != "upper") config.fail("mode", "expected 'echo' or 'upper', got '" + mode_ + "'");
  }
  json::object chat_completion(const RequestContext&, const json::object& params) override {
    std::string text = prefix_ + last_user_text(params);
    if (mode_ == "upper")
      for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return {{"id", "echo"}, {"object", "chat.completion"}, {"model", params.at("model")},
            {"choices", json::array{json::object{
                            {"index", 0},
                            {"message", json::object{{"role", "assistant"}, {"content", text}}},
                            {"finish_reason", "stop"}}}},
            {"echoed_params", params}};
  }
  std::unique_ptr<JsonStream> chat_completion_stream(const RequestContext&,
                                                     const json::object& params) override {
    return std::make_unique<Words>(std::string(params.at("model").as_string()),
                                   prefix_ + last_user_text(params));
  }
  json::object embeddings(const RequestContext&, const json::object& params) override {
    return {{"object", "list"}, {"model", params.at("model")},
            {"data", json::array{json::object{{"index", 0}, {"embedding", json::array{0.5, 0.25}}}}}};
  }
  std::vector<ProviderModel> list_models() override {
    return {{"echo-1", "llm", {}}, {"echo-embed", "embedding", {{"embedding_dimension", 2}}}};
  }

 private:
  std::string prefix_;
  std::string mode_;
};

// A provider of another API that needs the inference router to exist first.
class Guard final : public Provider, public Api {
 public:
  explicit Guard(InferenceApi& inference) : inference_(inference) {}
  InferenceApi& inference_;
};

#if defined(TEST_PLUGIN_NEEDS_DEP)
extern "C" int llama_stack_test_dependency_value();  // in libllama-stack-test-dep.so
#endif

#if defined(TEST_PLUGIN_MISSING_SYMBOL)
// Defined nowhere: loading with RTLD_NOW must fail and name it.
void llama_stack_test_undefined_function();
#endif

std::unique_ptr<Provider> create(const ProviderContext& context) {
#if defined(TEST_PLUGIN_THROWS)
  (void)context;
  throw std::runtime_error("boom: the test plugin refuses to start");
#elif defined(TEST_PLUGIN_MISSING_SYMBOL)
  (void)context;
  llama_stack_test_undefined_function();
  return nullptr;
#elif defined(TEST_PLUGIN_NEEDS_DEP)
  if (llama_stack_test_dependency_value() != 42) throw std::runtime_error("wrong dependency");
  return std::make_unique<Echo>(context.config);
#elif defined(TEST_PLUGIN_NEEDS_SAFETY)
  (void)context.dependency<Api>("eval");
  return std::make_unique<Echo>(context.config);
#elif defined(TEST_PLUGIN_GUARD) || defined(TEST_PLUGIN_CYCLE_A) || defined(TEST_PLUGIN_CYCLE_B)
  return std::make_unique<Guard>(context.dependency<InferenceApi>("inference"));
#else
  return std::make_unique<Echo>(context.config);
#endif
}

}  // namespace test_plugin

// A pointer, as LLAMA_STACK_PROVIDER exports it: clang's ASan pads a plain
// global with a redzone (the symbol becomes 32 bytes, "not a pointer"),
// while the SDK's macro puts it where ASan does not.
#if defined(__clang__)
#define TEST_PLUGIN_ENTRY_ATTRIBUTES __attribute__((visibility("default"), no_sanitize("address")))
#else
#define TEST_PLUGIN_ENTRY_ATTRIBUTES __attribute__((visibility("default")))
#endif

#if defined(TEST_PLUGIN_NULL_ENTRY)
// The entry symbol exists but points nowhere.
extern "C" {
TEST_PLUGIN_ENTRY_ATTRIBUTES extern const void* const llama_stack_provider;
const void* const llama_stack_provider = nullptr;
}
#elif defined(TEST_PLUGIN_FUNCTION_ENTRY)
// The entry symbol is a function, not a descriptor.
extern "C" __attribute__((visibility("default"))) int llama_stack_provider() { return 42; }
#elif defined(TEST_PLUGIN_STRAY_ENTRY)
// The entry symbol points outside the plugin (at the C library's data).
#include <cstdio>
extern "C" {
TEST_PLUGIN_ENTRY_ATTRIBUTES extern const void* const llama_stack_provider;
const void* const llama_stack_provider = &stdout;
}
#endif

#if !defined(TEST_PLUGIN_NOT_A_PLUGIN) && !defined(TEST_PLUGIN_NULL_ENTRY) && \
    !defined(TEST_PLUGIN_FUNCTION_ENTRY) && !defined(TEST_PLUGIN_STRAY_ENTRY)

#if defined(TEST_PLUGIN_BAD_ABI)
#define TP_ABI 999u
#else
#define TP_ABI kSdkAbiVersion
#endif

#if defined(TEST_PLUGIN_GUARD)
#define TP_API "eval"
#define TP_TYPE "inline::test-guard"
#define TP_DEPS "inference"
#elif defined(TEST_PLUGIN_CYCLE_A)
#define TP_API "cycle_a"
#define TP_TYPE "inline::test-cycle-a"
#define TP_DEPS "cycle_b"
#elif defined(TEST_PLUGIN_CYCLE_B)
#define TP_API "cycle_b"
#define TP_TYPE "inline::test-cycle-b"
#define TP_DEPS "cycle_a, inference"
#elif defined(TEST_PLUGIN_NEEDS_SAFETY)
#define TP_API "inference"
#define TP_TYPE "inline::test-needs-eval"
#define TP_DEPS "eval"
#elif defined(TEST_PLUGIN_THROWS)
#define TP_API "inference"
#define TP_TYPE "inline::test-throws"
#define TP_DEPS ""
#elif defined(TEST_PLUGIN_MISSING_SYMBOL)
#define TP_API "inference"
#define TP_TYPE "inline::test-missing-symbol"
#define TP_DEPS ""
#elif defined(TEST_PLUGIN_NEEDS_DEP)
#define TP_API "inference"
#define TP_TYPE "inline::test-needs-dep"
#define TP_DEPS ""
#else  // echo and its duplicate
#define TP_API "inference"
#define TP_TYPE "inline::test-echo"
#define TP_DEPS ""
#endif

#if defined(TEST_PLUGIN_BAD_SDK)
#define TP_SDK "0.99.0"
#else
#define TP_SDK kSdkVersion
#endif

namespace test_plugin {
constexpr ConfigKey kKeys[] = {
    {.name = "mode", .type = ConfigType::string, .default_value = "echo",
     .env_var = "TEST_ECHO_MODE", .description = "echo or upper"},
    {.name = "prefix", .type = ConfigType::string, .description = "put before every answer",
     .in_sample = false},
    {.name = "verbose", .type = ConfigType::boolean, .default_value = "false",
     .description = "a typed key", .aliases = "chatty", .in_sample = false},
#if defined(TEST_PLUGIN_BAD_DEFAULT)
    {.name = "retries", .type = ConfigType::integer, .default_value = "three",
     .description = "a default its own type refuses"},
#endif
};
extern const ProviderDescriptor kDescriptor{TP_ABI,  TP_SDK,  TP_API, TP_TYPE, "loader test plugin",
                                            kKeys,   TP_DEPS, &create};
}
LLAMA_STACK_PROVIDER(test_plugin::kDescriptor)

#endif

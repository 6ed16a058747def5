// The remote::tgi plugin: descriptor and factory. Behaviour lives in
// tgi_inference.cpp.
#include "providers/inference/tgi/tgi_inference.hpp"
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_INFERENCE_PLUGIN(
    Tgi, "remote::tgi",
    "Hugging Face TGI through its OpenAI-compatible Messages API",
    &make_provider<TgiInference>,
    {.name = "url", .type = ConfigType::url, .default_value = "", .env_var = "TGI_URL", .description = "the TGI server", .aliases = "base_url"})

// The remote::together plugin: Together AI. Only configuration over
// openai_compat. GET /models answers a bare list whose entries carry a "type"
// ("embedding" among them); the dimensions are known here. The embeddings
// endpoint answers 400 to `user` and `dimensions`, so they are refused first.
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_OPENAI_COMPAT_PROVIDER(Together, "remote::together", "Together AI through its OpenAI-compatible API",
    ({
        .display_name = "Together",
        .key = {.provider_data_field = "together_api_key"},
        .known_models = {{"togethercomputer/m2-bert-80M-32k-retrieval", "embedding", 768, 32768},
                         {"BAAI/bge-large-en-v1.5", "embedding", 1024, 512},
                         {"BAAI/bge-base-en-v1.5", "embedding", 768, 512},
                         {"Alibaba-NLP/gte-modernbert-base", "embedding", 768, 8192},
                         {"intfloat/multilingual-e5-large-instruct", "embedding", 1024, 512}},
        .rejected_embedding_params = {"user", "dimensions"},
    }),
    {.name = "url", .type = ConfigType::url, .default_value = "https://api.together.xyz/v1", .description = "the Together API base URL", .aliases = "base_url"},
    {.name = "api_key", .type = ConfigType::secret, .default_value = "", .env_var = "TOGETHER_API_KEY", .description = "the Together API key (or provider data together_api_key)"})

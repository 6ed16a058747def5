#pragma once
// The outbound HTTP client of a stack built from the environment: the
// network client, recording and replaying through the replay store when
// LLAMA_STACK_TEST_INFERENCE_MODE names a recording mode (as the Python
// library client does in tests). Callers that run tests themselves (the
// test runner) wrap the client with their own session instead.
#include "stack/config/environment.hpp"
#include "stack/replay/recording_session.hpp"

#include <llama_stack/http_client.hpp>

#include <memory>

namespace llama_stack {

// `upstream` recorded and replayed by `session`; `upstream` itself when the
// session is null or live.
std::shared_ptr<HttpClient> with_replay(std::shared_ptr<HttpClient> upstream,
                                        std::shared_ptr<replay::RecordingSession> session);

std::shared_ptr<HttpClient> outbound_http_from_environment(const Environment& env);

}  // namespace llama_stack

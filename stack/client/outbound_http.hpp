#pragma once
// How a stack reaches its upstreams: the
// network client, recording and replaying through the replay store when
// LLAMA_STACK_TEST_INFERENCE_MODE names a recording mode (as the Python
// library client does in tests). Callers that run tests themselves (the
// test runner) wrap the client with their own session instead.
#include "stack/client/library_client.hpp"
#include "stack/config/environment.hpp"
#include "stack/replay/recording_session.hpp"

#include <llama_stack/http_client.hpp>

#include <memory>

namespace llama_stack {

// `upstream` recorded and replayed by `session`; `upstream` itself when the
// session is null or live.
std::shared_ptr<HttpClient> with_replay(std::shared_ptr<HttpClient> upstream,
                                        std::shared_ptr<replay::RecordingSession> session);

// Makes the stacks `options` builds record and replay through `session`:
// http = with_replay(upstream, session), ids = the session's deterministic
// ids (replay::id_minter_for). The one place both are decided together, so a
// replayed stack never mints other ids than the recorded one did.
void record_and_replay(ClientOptions& options, std::shared_ptr<HttpClient> upstream,
                       const std::shared_ptr<replay::RecordingSession>& session);

}  // namespace llama_stack

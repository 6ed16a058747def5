#pragma once
// CaptureUpstream: a capture-backed test double of Ollama/OpenAI-compatible
// upstreams. It answers ONLY from real recorded exchanges (the captures under
// testsuite/fixtures/captures, recorded by the Python Llama Stack against
// real providers); it is not a real model and generates nothing. A request
// that no capture matches is answered 501 (a server error, so record
// modes do not store it) and remembered, so a test fails
// loudly instead of receiving invented output.
//
// Matching: the request path (without query) equals the capture's
// request.endpoint and the JSON bodies are equal as values (key order and
// number spelling do not matter). Model lists (/v1/models, /api/tags,
// /api/ps) match on the path alone and answer with the union of every
// capture's entries. Streaming captures are replayed chunk by chunk: SSE for
// OpenAI-compatible routes, NDJSON for Ollama's /api/generate and /api/chat.
//
// Beast stays out of this header (it is slow to compile); see the .cpp.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace llama_stack::testing {

class CaptureUpstream {
 public:
  // Loads every *.json capture below each dir (recursively). Throws
  // std::runtime_error naming a file that does not parse, or a directory
  // that does not exist. Tool-call captures (no request.url) are skipped.
  explicit CaptureUpstream(std::vector<std::filesystem::path> capture_dirs);
  ~CaptureUpstream();  // stops the server
  CaptureUpstream(const CaptureUpstream&) = delete;
  CaptureUpstream& operator=(const CaptureUpstream&) = delete;

  // Serve only captures recorded against these "host:port" authorities (as
  // written in request.url, e.g. "0.0.0.0:11434"), so an Ollama double does
  // not answer with OpenAI's recordings. Empty: serve all.
  void only_hosts(std::vector<std::string> host_ports);
  // The next request is answered with this status and JSON body instead of
  // a capture, for error-path tests.
  void fail_next(int status, std::string body);

  // Binds 127.0.0.1 (port 0: any free port) and serves on a background
  // thread. Throws std::runtime_error if the port cannot be bound.
  void start(std::uint16_t port = 0);
  // Closes every connection and joins the background thread. Idempotent.
  void stop();

  std::uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:<port>"
  // Requests answered so far, whatever the answer (including 501 and 400).
  std::size_t requests_served() const;
  // "METHOD /path body" of each request that matched no capture.
  std::vector<std::string> unmatched_requests() const;
  std::size_t capture_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace llama_stack::testing

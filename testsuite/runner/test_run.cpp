#include "testsuite/runner/test_run.hpp"

#include "stack/client/outbound_http.hpp"
#include "stack/http/network_http_client.hpp"
#include "stack/layout/install_layout.hpp"
#include "testsuite/runner/setups.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace llama_stack::testing {

namespace {

// doctest calls plain functions without context; this is how the trampoline
// and the listener reach the run. A process has one run.
TestRun* active_run = nullptr;

void trampoline() { active_run->run_current(); }
LlamaStackClient& active_client() { return active_run->client(); }

// Tells the run which test case doctest executes and how it ended.
struct RunListener final : doctest::IReporter {
  explicit RunListener(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData& query) override {
    if (active_run == nullptr) return;
    for (unsigned i = 0; i < query.num_data; ++i) active_run->on_listed(query.data[i]->m_name);
  }
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_start(const doctest::TestCaseData& data) override {
    if (active_run != nullptr) active_run->on_test_start(data.m_name);
  }
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats& stats) override {
    if (active_run != nullptr) active_run->on_test_end(stats.testCaseSuccess);
  }
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};

}  // namespace

TestRun::TestRun(RunnerOptions options, Environment env, std::string setup)
    : options_(std::move(options)), env_(std::move(env)), setup_(std::move(setup)) {
  selection_ = select_tests(registered_tests(), options_);
  recording_ = std::make_shared<replay::RecordingSession>(
      options_.inference_mode,
      replay::default_recording_dir(env_));
  if (!env_.get("SQLITE_STORE_DIR")) {
    std::string pattern = (std::filesystem::temp_directory_path() / "llama-stack-test-stores-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a directory under " + pattern);
    state_dir_ = pattern;
    env_.set("SQLITE_STORE_DIR", state_dir_.string());
  }
  active_run = this;
}

TestRun::~TestRun() {
  if (active_run == this) active_run = nullptr;
  if (state_dir_.empty()) return;
  client_.reset();
  server_.reset();
  std::error_code ec;
  std::filesystem::remove_all(state_dir_, ec);
}

void TestRun::register_with_doctest() {
  for (const auto& instance : selection_.instances) {
    doctest::detail::regTest(doctest::detail::TestCase(&trampoline, instance.definition->file,
                                                       instance.definition->line,
                                                       doctest_detail_test_suite_ns::getCurrentTestSuite()) *
                             instance.id.c_str());
  }
}

std::size_t TestRun::collect() {
  // doctest alone knows what its filters (-tc, -sf, --first, ...) keep: list
  // the test cases it would run, into a stream nobody reads.
  std::vector<const char*> argv{"llama-stack-test"};
  for (const auto& a : options_.doctest_args) argv.push_back(a.c_str());
  argv.push_back("--list-test-cases");
  doctest::Context listing;
  listing.applyCommandLine(static_cast<int>(argv.size()), argv.data());
  std::ostringstream discarded;
  listing.setCout(&discarded);
  collected_.clear();
  collecting_ = true;
  listing.run();
  collecting_ = false;
  return collected_.size();
}

void TestRun::on_listed(const std::string& name) {
  if (collecting_) collected_.insert(name);
}

bool TestRun::needs_stack() const {
  for (const auto& instance : selection_.instances)
    if (instance.skip_reason.empty() && collected_.contains(instance.id)) return true;
  return false;
}

void TestRun::start_stack() {
  try {
    // A server (started or given) must answer before any test calls it.
    if (client().is_remote()) client().inspect.health();
  } catch (const std::exception& e) {
    throw StackStartError("cannot start the stack '" + options_.stack_config->raw + "': " + e.what());
  }
}

void TestRun::on_test_start(const std::string& name) {
  current_ = nullptr;
  current_skip_.clear();
  for (const auto& instance : selection_.instances)
    if (instance.id == name) current_ = &instance;
}

void TestRun::run_current() {
  if (current_ == nullptr) throw std::logic_error("llama-stack-test: unknown test case");
  if (!current_->skip_reason.empty()) {
    current_skip_ = current_->skip_reason;
    return;
  }
  // Part of every recording key: the same request in two tests is two recordings.
  recording_->set_test_id(current_->id);
  if (client_) client_->set_test_id(current_->id);  // a server's store needs it per request
  TestContext context(*current_, &active_client);
  try {
    current_->definition->function(context);
  } catch (const TestSkipped& skipped) {
    current_skip_ = skipped.reason.empty() ? "skipped" : skipped.reason;
  }
}

void TestRun::on_test_end(bool success) {
  if (current_ == nullptr) return;
  const char* verdict = "PASSED";
  if (!current_skip_.empty()) {
    ++skipped_;
    skip_reasons_.push_back(current_->id + ": " + current_skip_);
    verdict = "SKIPPED";
  } else if (success) {
    ++passed_;
  } else {
    ++failed_;
    verdict = "FAILED";
  }
  if (options_.verbose) {
    std::cout << verdict << " " << current_->id;
    if (!current_skip_.empty()) std::cout << " (" << current_skip_ << ")";
    std::cout << std::endl;
  }
  current_ = nullptr;
}

std::map<std::string, std::string> TestRun::server_environment() const {
  std::map<std::string, std::string> out;
  auto pass = [&](const std::string& name) {
    if (auto value = env_.get(name)) out[name] = *value;
  };
  if (const Setup* setup = find_setup(setup_))
    for (const auto& [name, value] : setup->env) pass(name);
  for (const auto& [name, value] : options_.env) pass(name);
  pass("SQLITE_STORE_DIR");
  // The server records and replays as this run says, into the same store.
  out["LLAMA_STACK_TEST_INFERENCE_MODE"] = replay::to_string(options_.inference_mode);
  out[kRecordingDirVariable] = std::filesystem::absolute(recording_->dir()).string();
  return out;
}

LlamaStackClient& TestRun::client() {
  if (client_) return *client_;
  const auto& stack = *options_.stack_config;
  ClientOptions client_options;
  client_options.env = env_;
  if (stack.target == StackConfigOption::Target::library) {
    // The runner decides, once, that this stack records and replays.
    record_and_replay(client_options,
                      std::shared_ptr<HttpClient>(make_network_http_client(
                          network_client_options(env_.get(kMaxResponseBytesVariable)))),
                      recording_);
    client_ = std::make_unique<LlamaStackClient>(
        LlamaStackClient::from_config(stack.config, client_options));
    return *client_;
  }
  std::string url = stack.url;
  if (stack.target == StackConfigOption::Target::server) {
    ServerLaunch launch;
    launch.binary = find_llama_stack_binary();
    launch.config = stack.config;
    launch.port = stack.port.value_or(kDefaultServerPort);
    launch.env = server_environment();
    server_ = std::make_unique<ServerProcess>(launch);
    if (server_->reused())
      std::cerr << "llama-stack-test: using the Llama Stack server already on port " << launch.port
                << " (its own inference mode and recordings)\n";
    else
      std::cerr << "llama-stack-test: started a Llama Stack server for " << launch.config << " on port "
                << launch.port << "\n";
    url = server_->url();
  }
  client_ = std::make_unique<LlamaStackClient>(LlamaStackClient::from_url(url, client_options));
  if (current_ != nullptr) client_->set_test_id(current_->id);
  return *client_;
}

void TestRun::print_summary(std::ostream& out) const {
  out << "[llama-stack-test] stack: " << options_.stack_config->raw
      << "  mode: " << replay::to_string(options_.inference_mode);
  if (!setup_.empty()) out << "  setup: " << setup_;
  if (options_.suite) out << "  suite: " << *options_.suite;
  if (client_ && client_->is_remote())
    out << "\n[llama-stack-test] recordings: replayed and written by the server\n";
  else
    out << "\n[llama-stack-test] recordings: " << recording_->dir().string() << "  replayed: "
        << recording_->replayed_count() << "  written: " << recording_->recorded_count() << "\n";
  if (!skip_reasons_.empty()) {
    out << "[llama-stack-test] skipped:\n";
    for (const auto& s : skip_reasons_) out << "  " << s << "\n";
  }
  out << "[llama-stack-test] test cases: " << passed_ + failed_ + skipped_ << " | " << passed_
      << " passed | " << failed_ << " failed | " << skipped_ << " skipped" << std::endl;
}

}  // namespace llama_stack::testing

DOCTEST_REGISTER_LISTENER("llama-stack-run", 1, llama_stack::testing::RunListener);

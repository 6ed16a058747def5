// "recorded_at" under SOURCE_DATE_EPOCH: the parsing (valid, malformed,
// negative, past year 9999 and past int64), and the recording client
// writing that instant for plain answers and streams, against
// ScriptedUpstream (a test double, see replay_test_support.hpp).
#include "stack/replay/recording_clock.hpp"
#include "stack/replay/recording_http_client.hpp"
#include "testsuite/unit/replay/replay_test_support.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <regex>

using namespace llama_stack;
using namespace llama_stack::replay;
using namespace replay_test;

namespace {

// Sets SOURCE_DATE_EPOCH for one test and restores what was there.
class SourceDateEpoch {
 public:
  explicit SourceDateEpoch(const char* value) {
    if (const char* old = std::getenv("SOURCE_DATE_EPOCH")) previous_ = old;
    ::setenv("SOURCE_DATE_EPOCH", value, 1);
  }
  ~SourceDateEpoch() {
    if (previous_)
      ::setenv("SOURCE_DATE_EPOCH", previous_->c_str(), 1);
    else
      ::unsetenv("SOURCE_DATE_EPOCH");
  }
  SourceDateEpoch(const SourceDateEpoch&) = delete;
  SourceDateEpoch& operator=(const SourceDateEpoch&) = delete;

 private:
  std::optional<std::string> previous_;
};

std::string malformed_message(const std::string& value) {
  try {
    parse_source_date_epoch(value);
  } catch (const ConfigError& e) {
    return e.what();
  }
  FAIL("SOURCE_DATE_EPOCH=\"" << value << "\" was accepted");
  return {};
}

RecordingHttpClient client(const TempDir& dir, std::shared_ptr<ScriptedUpstream> upstream,
                           InferenceMode mode) {
  auto session = std::make_shared<RecordingSession>(mode, dir.path());
  session->set_test_id("suite::clock");
  return RecordingHttpClient(std::move(upstream), session);
}

std::string recorded_at_of(const fs::path& file) {
  return std::string(json::parse(read_text(file)).at("recorded_at").as_string());
}

}  // namespace

TEST_CASE("SOURCE_DATE_EPOCH: whole seconds since the epoch, as date +%s prints them") {
  CHECK(parse_source_date_epoch("0") == 0);
  CHECK(parse_source_date_epoch("1700000000") == 1700000000);
  CHECK(parse_source_date_epoch("0001700000000") == 1700000000);
  CHECK(utc_timestamp(0) == "1970-01-01T00:00:00Z");
  CHECK(utc_timestamp(1700000000) == "2023-11-14T22:13:20Z");
  CHECK(parse_source_date_epoch("253402300799") == 253402300799);
  CHECK(utc_timestamp(253402300799) == "9999-12-31T23:59:59Z");
  CHECK(RecordingClock(std::string("1700000000")).now() == "2023-11-14T22:13:20Z");
}

TEST_CASE("SOURCE_DATE_EPOCH: a malformed value is a ConfigError naming the variable and the value") {
  for (const std::string value : {"", "abc", "12.5", " 1700000000", "1700000000 ", "+1", "1e9",
                                  "0x10", "2026-01-31T12:00:00Z", "17000000\n00"}) {
    CAPTURE(value);
    const std::string message = malformed_message(value);
    CHECK(message.find("SOURCE_DATE_EPOCH=\"" + value + "\"") != std::string::npos);
  }
  CHECK(malformed_message("").find("empty") != std::string::npos);
  CHECK(malformed_message("abc").find("not a non-negative integer") != std::string::npos);
}

TEST_CASE("SOURCE_DATE_EPOCH: negative values and values past 9999 or past int64 are refused") {
  CHECK(malformed_message("-1").find("not a non-negative integer") != std::string::npos);
  CHECK(malformed_message("253402300800").find("after 9999-12-31T23:59:59Z") != std::string::npos);
  // Larger than int64: refused, not wrapped around into a valid instant.
  CHECK(malformed_message("18446744073709551617").find("after 9999") != std::string::npos);
  CHECK(malformed_message("99999999999999999999999999999999").find("after 9999") != std::string::npos);
}

TEST_CASE("without SOURCE_DATE_EPOCH recorded_at is the wall clock, to the second") {
  const RecordingClock clock(std::nullopt);
  const std::string now = clock.now();
  CHECK(std::regex_match(now, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  CHECK(now >= "2026-01-01T00:00:00Z");
}

TEST_CASE("recording under SOURCE_DATE_EPOCH writes that instant, for answers and streams") {
  const SourceDateEpoch epoch("1700000000");
  TempDir dir;
  auto upstream = std::make_shared<ScriptedUpstream>();
  auto recorder = client(dir, upstream, InferenceMode::record);
  recorder.send(chat_request("plain"));
  auto stream = recorder.open_stream(chat_request("streamed"), StreamFormat::sse);
  REQUIRE(stream.events);
  drain(*stream.events);
  const auto files = recording_files(dir.path());
  REQUIRE(files.size() == 2);
  for (const auto& file : files) CHECK(recorded_at_of(file) == "2023-11-14T22:13:20Z");
}

TEST_CASE("a malformed SOURCE_DATE_EPOCH stops a recording run before it asks anything") {
  const SourceDateEpoch epoch("yesterday");
  TempDir dir;
  auto upstream = std::make_shared<ScriptedUpstream>();
  for (const InferenceMode mode : {InferenceMode::record, InferenceMode::record_if_missing}) {
    CHECK_THROWS_WITH_AS(client(dir, upstream, mode),
                         doctest::Contains("SOURCE_DATE_EPOCH=\"yesterday\""), ConfigError);
  }
  CHECK(upstream->sends == 0);
  // Replay writes no timestamp: the variable is not its business.
  CHECK_NOTHROW(client(dir, upstream, InferenceMode::replay));
}

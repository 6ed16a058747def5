// inline::localfs through the stack: a file's lifecycle (upload from bytes
// and from a path, list with pagination, order and purpose filter, retrieve,
// content, delete), persistence across a restart (the stack destroyed and
// built again on the same directories), the limits (the provider's
// max_file_size_bytes and the server's body limit both answer 413), bad
// input (an unknown id → 404 naming it, bad expires_after → 400 naming the
// field), in library mode and through a server on an ephemeral port; and
// expiry, on the provider with a clock the test moves.
#include "providers/files/localfs/localfs_files.hpp"
#include "stack/server/stack_server.hpp"
#include "testsuite/unit/config/config_test_support.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

using namespace llama_stack;
using config_test::TempDir;
using config_test::write_text;

namespace {

// A stack with only the files provider, everything under `dir`.
std::filesystem::path write_config(const TempDir& dir, std::int64_t max_file_size = 1024) {
  const auto file = dir.path() / "run.yaml";
  write_text(file, "version: 2\nimage_name: files-test\napis: [files]\nproviders:\n  files:\n"
                   "  - provider_id: localfs\n    provider_type: inline::localfs\n    config:\n"
                   "      storage_dir: " + (dir.path() / "files").string() + "\n"
                   "      max_file_size_bytes: " + std::to_string(max_file_size) + "\n"
                   "      metadata_store:\n        type: sqlite\n"
                   "        db_path: " + (dir.path() / "files_metadata.db").string() + "\n");
  return file;
}

ClientOptions isolated() {
  ClientOptions options;
  options.env = Environment::isolated();
  options.strict = true;
  return options;
}

LlamaStackClient library_client(const std::filesystem::path& config) {
  return LlamaStackClient::from_config(config.string(), isolated());
}

std::vector<std::string> ids_of(const FileList& list) {
  std::vector<std::string> out;
  for (const auto& f : list.data) out.push_back(f.id);
  return out;
}

FileListParams params(std::optional<long long> limit, std::optional<std::string> after,
                      std::optional<std::string> order, std::optional<std::string> purpose = {}) {
  FileListParams p;
  p.limit = limit;
  p.after = std::move(after);
  p.order = std::move(order);
  p.purpose = std::move(purpose);
  return p;
}

template <class Error>
std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    FAIL("expected another error type, got: " << e.what());
  }
  FAIL("no error thrown");
  return {};
}

// What both modes must do with the same client calls.
void check_lifecycle(LlamaStackClient& client, const TempDir& dir) {
  const auto a = client.files.upload("a.txt", "alpha", "assistants");
  const auto b = client.files.upload("b.bin", std::string("\0\xff\x01", 3), "batch");
  write_text(dir.path() / "c.jsonl", "{\"x\": 1}\n");
  const auto c = client.files.upload(dir.path() / "c.jsonl", "assistants");
  CHECK(c.filename == "c.jsonl");
  CHECK(c.bytes == 9);
  CHECK(client.files.content(b.id) == std::string("\0\xff\x01", 3));
  CHECK(client.files.content(c.id) == "{\"x\": 1}\n");

  const auto all_asc = client.files.list(params({}, {}, "asc"));
  CHECK(ids_of(all_asc) == std::vector<std::string>{a.id, b.id, c.id});
  CHECK(all_asc.first_id == a.id);
  CHECK(all_asc.last_id == c.id);
  CHECK_FALSE(all_asc.has_more);
  const auto desc = client.files.list();
  CHECK(ids_of(desc) == std::vector<std::string>{c.id, b.id, a.id});

  const auto page1 = client.files.list(params(2, {}, "asc"));
  CHECK(ids_of(page1) == std::vector<std::string>{a.id, b.id});
  CHECK(page1.has_more);
  const auto page2 = client.files.list(params(2, page1.last_id, "asc"));
  CHECK(ids_of(page2) == std::vector<std::string>{c.id});
  CHECK_FALSE(page2.has_more);
  CHECK(ids_of(client.files.list(params({}, {}, {}, "batch"))) == std::vector<std::string>{b.id});

  CHECK(client.files.remove(a.id));
  CHECK(error_of<NotFoundError>([&] { client.files.retrieve(a.id); }).find(a.id) != std::string::npos);
  CHECK(error_of<NotFoundError>([&] { client.files.content(a.id); }).find(a.id) != std::string::npos);
  CHECK(error_of<NotFoundError>([&] { client.files.remove(a.id); }).find(a.id) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "files" / a.id));

  // Over the provider's max_file_size_bytes (1024 here).
  const auto too_large = error_of<PayloadTooLargeError>(
      [&] { client.files.upload("big.bin", std::string(1025, 'x'), "assistants"); });
  CHECK(too_large.find("max_file_size_bytes") != std::string::npos);
  CHECK(client.files.upload("fits.bin", std::string(1024, 'x'), "assistants").bytes == 1024);

  CHECK(error_of<InvalidRequestError>([&] {
          client.files.upload("e.txt", "x", "assistants", 60);
        }).find("expires_after[seconds]") != std::string::npos);
  RouteRequest bad_anchor;
  bad_anchor.form = {{"file", "e.txt", "text/plain", "x"}, {"purpose", {}, {}, "assistants"},
                     {"expires_after[anchor]", {}, {}, "last_active_at"},
                     {"expires_after[seconds]", {}, {}, "4545"}};
  CHECK(error_of<InvalidRequestError>([&] { client.call("POST", "/v1/files", bad_anchor); })
            .find("expires_after[anchor]") != std::string::npos);
  RouteRequest no_purpose;
  no_purpose.form = {{"file", "e.txt", "text/plain", "x"}};
  CHECK(error_of<InvalidRequestError>([&] { client.call("POST", "/v1/files", no_purpose); })
            .find("purpose") != std::string::npos);
  CHECK(error_of<InvalidRequestError>([&] { client.files.list(params({}, {}, "up")); }).find("order") !=
        std::string::npos);
}

}  // namespace

TEST_CASE("files: the lifecycle in library mode, and the files survive a restart") {
  TempDir dir;
  const auto config = write_config(dir);
  std::string kept_id;
  {
    auto client = library_client(config);
    check_lifecycle(client, dir);
    kept_id = client.files.upload("kept.txt", "kept across restarts", "user_data", 7200).id;
  }
  // A new stack on the same directories.
  auto client = library_client(config);
  const auto listed = ids_of(client.files.list());
  CHECK(std::find(listed.begin(), listed.end(), kept_id) != listed.end());
  CHECK(listed.size() == 4);  // b, c, fits, kept
  const auto kept = client.files.retrieve(kept_id);
  CHECK(kept.filename == "kept.txt");
  CHECK(kept.purpose == "user_data");
  REQUIRE(kept.expires_at.has_value());
  CHECK(*kept.expires_at == kept.created_at + 7200);
  CHECK(client.files.content(kept_id) == "kept across restarts");
}

TEST_CASE("files: the lifecycle through a server: multipart uploads, raw content, 413 twice") {
  TempDir dir;
  server::StackServerOptions options;
  options.client = isolated();
  options.port = 0;
  options.http.address = "127.0.0.1";
  options.http.threads = 2;
  options.http.max_body_bytes = 4096;
  server::StackServer server(write_config(dir).string(), std::move(options));
  auto client = LlamaStackClient::from_url("http://127.0.0.1:" + std::to_string(server.port()),
                                           isolated());
  check_lifecycle(client, dir);
  // Past the server's own body limit: refused before any handler runs.
  CHECK_THROWS_AS(client.files.upload("huge.bin", std::string(8192, 'x'), "assistants"),
                  PayloadTooLargeError);
}

TEST_CASE("files: a file past its expires_at is neither retrieved nor listed") {
  TempDir dir;
  struct Ids final : IdMinter {
    int n = 0;
    std::string mint(std::string_view prefix) override { return std::string(prefix) + std::to_string(++n); }
  } ids;
  std::atomic<std::int64_t> now{1000};
  providers::LocalfsFiles files({"localfs", dir.path() / "files", dir.path() / "meta.db", 0}, ids,
                                [&] { return now.load(); });
  const auto expiring = files.upload(RequestContext{}, {"e.txt", "text/plain", "soon gone", "assistants", 3600});
  const auto lasting = files.upload(RequestContext{}, {"l.txt", "text/plain", "stays", "assistants", std::nullopt});
  CHECK(expiring.at("expires_at").as_int64() == 4600);
  CHECK(lasting.at("expires_at").is_null());
  now = 4599;
  CHECK(files.list(RequestContext{}, {}).at("data").as_array().size() == 2);
  now = 4600;
  CHECK(files.list(RequestContext{}, {}).at("data").as_array().size() == 1);
  CHECK_THROWS_AS(files.retrieve(RequestContext{}, "file-1"), NotFoundError);
  CHECK(files.content(RequestContext{}, "file-2").data == "stays");
}

// Files attached to a store (the core's store_files.cpp): chunking by the
// strategy, attributes and filters on them, detaching removes the chunks,
// batches and their counts, failures recorded as OpenAI does, 404s naming
// what is unknown, persistence across a restart.
#include "providers/kits/vector_core/file_text.hpp"
#include "testsuite/vector_io/unit/core_fixture.hpp"

#include <algorithm>

using namespace llama_stack;
using namespace llama_stack::vector;
using namespace llama_stack::vector::test;

namespace {

VectorStoreFileInput text_file(const std::string& id, const std::string& text,
                               const std::string& filename = "notes.txt") {
  return {id, filename, "text/plain", text, {}};
}

// `n` words, one in ten "python" (so the embedding sees them).
std::string words(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i % 10 == 0 ? "python" : "w" + std::to_string(i)) + std::string(" ");
  return out;
}

json::object static_strategy(int size, int overlap) {
  return {{"chunking_strategy",
           {{"type", "static"}, {"static", {{"max_chunk_size_tokens", size}, {"chunk_overlap_tokens", overlap}}}}}};
}

std::size_t count_results(CoreFixture& f, const std::string& store, json::object params) {
  params["max_num_results"] = 50;
  return f.search(store, params).at("data").as_array().size();
}

VectorStoreFileQuery query(long long limit = 20, bool ascending = false, std::string after = {},
                           std::string before = {}, std::string status = {}) {
  return {limit, ascending, std::move(after), std::move(before), std::move(status)};
}

}  // namespace

TEST_CASE("an attached file is chunked by its static strategy and searchable, naming its file") {
  for (const char* index : {"sqlite-vec", "faiss"}) {
    CAPTURE(index);
    CoreFixture f(index);
    const auto store = f.create();
    const auto attached =
        f.core->attach_file(RequestContext{}, store, text_file("file-1", words(250)), static_strategy(100, 50));
    CHECK(attached.at("object") == "vector_store.file");
    CHECK(attached.at("status") == "completed");
    CHECK(attached.at("last_error").is_null());
    CHECK(attached.at("vector_store_id") == store.c_str());
    CHECK(attached.at("chunking_strategy").at("static").at("max_chunk_size_tokens") == 100);
    // 250 words in windows of 100 stepping by 50: 0-100, 50-150, 100-200, 150-250.
    const auto contents = f.core->file_contents(RequestContext{}, store, "file-1");
    REQUIRE(contents.at("content").as_array().size() == 4);
    CHECK(contents.at("filename") == "notes.txt");
    CHECK(contents.at("content").as_array()[3].at("text").as_string().ends_with("w249"));
    const auto found = f.core->search_vector_store(RequestContext{}, store, {{"query", "python"}});
    REQUIRE(!found.at("data").as_array().empty());
    CHECK(found.at("data").as_array()[0].at("file_id") == "file-1");
    CHECK(found.at("data").as_array()[0].at("filename") == "notes.txt");
    const auto s = f.core->retrieve_vector_store(RequestContext{}, store);
    CHECK(s.at("file_counts").at("completed") == 1);
    CHECK(s.at("file_counts").at("total") == 1);
    CHECK(s.at("usage_bytes").as_int64() > 0);
  }
}

TEST_CASE("auto chunking: one chunk for a short file; the strategy is reported as auto") {
  CoreFixture f;
  const auto store = f.create();
  const auto attached =
      f.core->attach_file(RequestContext{}, store, text_file("file-1", "The secret string is foobazbar."), {});
  CHECK(attached.at("chunking_strategy") == json::object{{"type", "auto"}});
  const auto contents = f.core->file_contents(RequestContext{}, store, "file-1");
  REQUIRE(contents.at("content").as_array().size() == 1);
  CHECK(contents.at("content").as_array()[0].at("text") == "The secret string is foobazbar.");
  CHECK_THROWS_WITH_AS(f.core->attach_file(RequestContext{}, store, text_file("file-2", "x"), static_strategy(50, 10)),
                       doctest::Contains("'static.max_chunk_size_tokens'"), InvalidRequestError);
}

TEST_CASE("updating a file's attributes updates its chunks: filters see the new ones") {
  CoreFixture f;
  const auto store = f.create();
  f.core->attach_file(RequestContext{}, store, text_file("file-a", "python code"), {{"attributes", {{"team", "red"}}}});
  f.core->attach_file(RequestContext{}, store, text_file("file-b", "python snakes"),
                      {{"attributes", {{"team", "blue"}}}});
  const json::object red{{"query", "python"}, {"filters", {{"type", "eq"}, {"key", "team"}, {"value", "red"}}}};
  CHECK(count_results(f, store, red) == 1);
  const auto updated =
      f.core->update_file(RequestContext{}, store, "file-b", {{"attributes", {{"team", "red"}, {"n", 2}}}});
  CHECK(updated.at("attributes").at("team") == "red");
  CHECK(f.core->retrieve_file(RequestContext{}, store, "file-b").at("attributes").at("n") == 2);
  CHECK(count_results(f, store, red) == 2);
  CHECK(f.core->file_contents(RequestContext{}, store, "file-b").at("attributes").at("team") == "red");
  CHECK_THROWS_WITH_AS(
      f.core->update_file(RequestContext{}, store, "file-b", {{"attributes", {{"bad", json::array{}}}}}),
      doctest::Contains("'attributes.bad'"), InvalidRequestError);
  CHECK_THROWS_WITH_AS(f.core->update_file(RequestContext{}, store, "file-b", {}), doctest::Contains("'attributes'"),
                       InvalidRequestError);
}

TEST_CASE("detaching a file removes its chunks from search, and only its") {
  for (const char* index : {"sqlite-vec", "faiss"}) {
    CAPTURE(index);
    CoreFixture f(index);
    const auto store = f.create();
    f.core->attach_file(RequestContext{}, store, text_file("file-a", "The secret string is foobazbar python."), {});
    f.core->attach_file(RequestContext{}, store, text_file("file-b", "python is a language"), {});
    CHECK(count_results(f, store, {{"query", "python"}}) == 2);
    const auto deleted = f.core->delete_file(RequestContext{}, store, "file-a");
    CHECK(deleted.at("object") == "vector_store.file.deleted");
    CHECK(deleted.at("deleted") == true);
    const auto left =
        f.core->search_vector_store(RequestContext{}, store, {{"query", "python"}, {"max_num_results", 50}});
    REQUIRE(left.at("data").as_array().size() == 1);
    CHECK(left.at("data").as_array()[0].at("file_id") == "file-b");
    CHECK(count_results(f, store, {{"query", "foobazbar"}, {"search_mode", "keyword"}}) == 0);
    CHECK(f.core->retrieve_vector_store(RequestContext{}, store).at("file_counts").at("total") == 1);
    CHECK_THROWS_WITH_AS(f.core->retrieve_file(RequestContext{}, store, "file-a"), doctest::Contains("'file-a'"),
                         NotFoundError);
  }
}

TEST_CASE("unreadable, binary and PDF files are attached as failed with OpenAI's last_error") {
  CoreFixture f;
  const auto store = f.create();
  const auto missing =
      f.core->attach_file(RequestContext{}, store, {"file-x", "", "", "", "file 'file-x' not found"}, {});
  CHECK(missing.at("status") == "failed");
  CHECK(missing.at("last_error").at("code") == "invalid_file");
  CHECK(std::string(missing.at("last_error").at("message").as_string()).find("file-x") != std::string::npos);
  const auto pdf =
      f.core->attach_file(RequestContext{}, store, {"file-p", "a.pdf", "application/pdf", "%PDF-1.4 ...", {}}, {});
  CHECK(pdf.at("status") == "failed");
  CHECK(pdf.at("last_error").at("code") == "unsupported_file");
  const auto binary = f.core->attach_file(
      RequestContext{}, store, {"file-b", "a.bin", "application/octet-stream", std::string("\x00\x01", 2), {}}, {});
  CHECK(binary.at("last_error").at("code") == "unsupported_file");
  const auto json_file =
      f.core->attach_file(RequestContext{}, store, {"file-j", "d.json", "application/json", "{\"python\": 1}", {}}, {});
  CHECK(json_file.at("status") == "completed");
  const auto md = f.core->attach_file(RequestContext{}, store, {"file-m", "d.md", "", "# Python\n\ntext", {}}, {});
  CHECK(md.at("status") == "completed");
  const auto counts = f.core->retrieve_vector_store(RequestContext{}, store).at("file_counts");
  CHECK(counts.at("failed") == 3);
  CHECK(counts.at("completed") == 2);
  CHECK(counts.at("total") == 5);
  // The model is never asked for a failed file.
  CHECK(f.inference.calls == 2);
  const auto failed = f.core->list_files(RequestContext{}, store, query(20, true, {}, {}, "failed"));
  REQUIRE(failed.at("data").as_array().size() == 3);
  CHECK(failed.at("data").as_array()[0].at("id") == "file-x");
}

TEST_CASE("listing a store's files: order, limit, after / before cursors, status filter") {
  CoreFixture f;
  const auto store = f.create();
  for (const char* id : {"file-1", "file-2", "file-3"})
    f.core->attach_file(RequestContext{}, store, text_file(id, "python"), {});
  auto ids = [](const json::object& page) {
    std::vector<std::string> out;
    for (const auto& d : page.at("data").as_array()) out.emplace_back(d.at("id").as_string());
    return out;
  };
  const auto asc = f.core->list_files(RequestContext{}, store, query(2, true));
  CHECK(ids(asc) == std::vector<std::string>{"file-1", "file-2"});
  CHECK(asc.at("has_more") == true);
  CHECK(asc.at("last_id") == "file-2");
  CHECK(ids(f.core->list_files(RequestContext{}, store, query(2, true, "file-2"))) ==
        std::vector<std::string>{"file-3"});
  CHECK(ids(f.core->list_files(RequestContext{}, store, query())) ==
        std::vector<std::string>{"file-3", "file-2", "file-1"});
  CHECK(ids(f.core->list_files(RequestContext{}, store, query(20, false, {}, "file-1"))) ==
        std::vector<std::string>{"file-3", "file-2"});
  CHECK_THROWS_WITH_AS(f.core->list_files(RequestContext{}, store, query(20, false, "file-9")),
                       doctest::Contains("'file-9'"), NotFoundError);
  CHECK_THROWS_WITH_AS(f.core->list_files(RequestContext{}, store, query(20, false, {}, {}, "done")),
                       doctest::Contains("'filter'"), InvalidRequestError);
}

TEST_CASE("file batches: every file attached, counts by status, batch_ ids, no cancelling a finished one") {
  CoreFixture f;
  const auto store = f.create();
  const auto batch = f.core->create_file_batch(
      RequestContext{}, store,
      {text_file("file-1", "python one"), text_file("file-2", "python two"), {"file-3", "", "", "", "not found"}},
      {{"attributes", {{"k", "v"}}}});
  CHECK(batch.at("object") == "vector_store.file_batch");
  CHECK(std::string(batch.at("id").as_string()).starts_with("batch_"));
  CHECK(batch.at("status") == "completed");
  CHECK(batch.at("file_counts").at("completed") == 2);
  CHECK(batch.at("file_counts").at("failed") == 1);
  CHECK(batch.at("file_counts").at("total") == 3);
  const std::string id(batch.at("id").as_string());
  CHECK(f.core->retrieve_file_batch(RequestContext{}, store, id) == batch);
  CHECK(f.core->retrieve_file(RequestContext{}, store, "file-2").at("attributes").at("k") == "v");
  f.core->attach_file(RequestContext{}, store, text_file("file-4", "outside the batch"), {});
  CHECK(f.core->list_file_batch_files(RequestContext{}, store, id, query()).at("data").as_array().size() == 3);
  CHECK(f.core->list_file_batch_files(RequestContext{}, store, id, query(20, false, {}, {}, "completed"))
            .at("data")
            .as_array()
            .size() == 2);
  CHECK_THROWS_WITH_AS(f.core->cancel_file_batch(RequestContext{}, store, id), doctest::Contains("'completed'"),
                       InvalidRequestError);
  const auto all_failed = f.core->create_file_batch(RequestContext{}, store, {{"file-8", "", "", "", "gone"}}, {});
  CHECK(all_failed.at("status") == "failed");
  CHECK_THROWS_WITH_AS(f.core->create_file_batch(RequestContext{}, store, {}, {}), doctest::Contains("'file_ids'"),
                       InvalidRequestError);
}

TEST_CASE("unknown store, file or batch: a 404 naming it") {
  CoreFixture f;
  const auto store = f.create();
  CHECK_THROWS_WITH_AS(f.core->attach_file(RequestContext{}, "vs_nope", text_file("file-1", "x"), {}),
                       doctest::Contains("'vs_nope'"), NotFoundError);
  CHECK_THROWS_WITH_AS(f.core->list_files(RequestContext{}, "vs_nope", query()), doctest::Contains("'vs_nope'"),
                       NotFoundError);
  CHECK_THROWS_WITH_AS(f.core->file_contents(RequestContext{}, store, "file-9"), doctest::Contains("'file-9'"),
                       NotFoundError);
  CHECK_THROWS_WITH_AS(f.core->delete_file(RequestContext{}, store, "file-9"), doctest::Contains("'file-9'"),
                       NotFoundError);
  CHECK_THROWS_WITH_AS(f.core->update_file(RequestContext{}, store, "file-9", {{"attributes", json::object{}}}),
                       doctest::Contains("'file-9'"), NotFoundError);
  CHECK_THROWS_WITH_AS(f.core->retrieve_file_batch(RequestContext{}, store, "batch_nope"),
                       doctest::Contains("'batch_nope'"), NotFoundError);
  CHECK_THROWS_WITH_AS(f.core->list_file_batch_files(RequestContext{}, store, "batch_nope", query()),
                       doctest::Contains("'batch_nope'"), NotFoundError);
  CHECK_THROWS_WITH_AS(f.core->cancel_file_batch(RequestContext{}, store, "batch_nope"),
                       doctest::Contains("'batch_nope'"), NotFoundError);
  CHECK_THROWS_WITH_AS(f.core->create_file_batch(RequestContext{}, "vs_nope", {text_file("file-1", "x")}, {}),
                       doctest::Contains("'vs_nope'"), NotFoundError);
}

TEST_CASE("attachments, their chunks and batches survive a restart; deleting the store forgets them") {
  for (const char* index : {"sqlite-vec", "faiss"}) {
    CAPTURE(index);
    CoreFixture f(index);
    const auto store = f.create();
    f.core->attach_file(RequestContext{}, store, text_file("file-1", "python is here"), {{"attributes", {{"a", 1}}}});
    const auto batch = f.core->create_file_batch(RequestContext{}, store, {text_file("file-2", "neural nets")}, {});
    f.reopen();
    CHECK(f.core->retrieve_file(RequestContext{}, store, "file-1").at("attributes").at("a") == 1);
    CHECK(f.core->retrieve_file_batch(RequestContext{}, store, std::string(batch.at("id").as_string())) == batch);
    CHECK(f.core->retrieve_vector_store(RequestContext{}, store).at("file_counts").at("total") == 2);
    const auto found = f.core->search_vector_store(RequestContext{}, store, {{"query", "python"}});
    REQUIRE(!found.at("data").as_array().empty());
    CHECK(found.at("data").as_array()[0].at("file_id") == "file-1");
    f.core->delete_file(RequestContext{}, store, "file-1");
    f.reopen();
    CHECK(count_results(f, store, {{"query", "python"}, {"search_mode", "keyword"}}) == 0);
    f.core->delete_vector_store(RequestContext{}, store);
    f.reopen();
    CHECK_THROWS_AS(f.core->list_files(RequestContext{}, store, query()), NotFoundError);
  }
}

TEST_CASE("text extraction: text types and extensions, UTF-8 only") {
  CHECK(file_text({"f", "a.txt", "", "hello", {}}).error.empty());
  CHECK(file_text({"f", "noext", "text/markdown; charset=utf-8", "# hi", {}}).error.empty());
  CHECK(file_text({"f", "a.json", "application/octet-stream", "{}", {}}).error.empty());
  CHECK(file_text({"f", "a.txt", "text/plain", "\xff\xfe", {}}).error.find("not UTF-8") != std::string::npos);
  CHECK(file_text({"f", "a.png", "image/png", "x", {}}).error.find("'f' (a.png, image/png)") != std::string::npos);
  CHECK(file_text({"f", "a.txt", "text/plain", "%PDF-1.7", {}}).error.find("PDF") != std::string::npos);
}

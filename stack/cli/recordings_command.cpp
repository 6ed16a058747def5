#include "stack/cli/recordings_command.hpp"

#include "stack/cli/option_value.hpp"
#include "stack/replay/file_io.hpp"
#include "stack/replay/python_importer.hpp"
#include "stack/replay/recording_session.hpp"
#include "stack/replay/replay_store.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <ostream>

namespace llama_stack::cli {

namespace fs = std::filesystem;
using replay::ReplayStore;

const char* const kRecordingsUsage = R"(usage: llama-stack recordings <command> [options]

Commands:
  list [--test T] [--model M] [--endpoint E]
                       one line per recording: id, endpoint, model, stream or -,
                       when it was recorded (- when unknown), test id; filters
                       keep recordings whose field contains the given text
  show HASH_PREFIX     print the recording whose key starts with HASH_PREFIX
  reindex              rebuild index.sqlite from the recording files
  verify               check that every file parses and is stored under the key
                       of its request; exit status 1 when one is not. Removes
                       the temporary files of writers killed mid-write (those
                       no live writer holds locked) and lists those in flight
  prune [--dry-run]    after running tests (replay mode): remove the recordings of
                       the tests that ran since the last prune which no run used;
                       recordings of tests that did not run, and those without a
                       test id (model lists), are kept; --dry-run only lists them
  import DIR           import recordings written by the Python Llama Stack
                       (its tests/integration/**/recordings) under our keys;
                       existing recordings are kept; prints which file won each
                       duplicate key and why files were skipped

Options:
  --dir D              the recordings directory (default: LLAMA_STACK_TEST_RECORDING_DIR,
                       else the project's recordings/)
  -h, --help           show this help

The files (responses/<hash>.json) are the truth; index.sqlite is derived and
rebuilt when missing or stale. Query it with
  sqlite3 recordings/index.sqlite "SELECT endpoint, model, timestamp FROM recordings;"
)";

namespace {

struct Options {
  std::string command;
  std::vector<std::string> positional;
  std::optional<fs::path> dir;
  replay::IndexQuery query;
  bool dry_run = false;
  bool help = false;
};

Options parse(const std::vector<std::string>& args) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string_view flag) { return option_value(args, i, flag); };
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a == "--dry-run") {
      o.dry_run = true;
    } else if (auto v = value("--dir")) {
      o.dir = *v;
    } else if (auto v = value("--test")) {
      o.query.test = *v;
    } else if (auto v = value("--model")) {
      o.query.model = *v;
    } else if (auto v = value("--endpoint")) {
      o.query.endpoint = *v;
    } else if (a.size() > 1 && a[0] == '-') {
      throw InvalidRequestError("recordings: unknown option '" + a + "'");
    } else if (o.command.empty()) {
      o.command = a;
    } else {
      o.positional.push_back(a);
    }
  }
  return o;
}

void expect_arguments(const Options& o, std::size_t n, const char* what) {
  if (o.positional.size() != n)
    throw InvalidRequestError("recordings " + o.command + " expects " + what);
}

int list(ReplayStore& store, const Options& o, std::ostream& out, std::ostream& err) {
  expect_arguments(o, 0, "no arguments besides its filters");
  const auto rows = store.list(o.query);
  for (const auto& r : rows)
    out << r.id << '\t' << r.endpoint << '\t' << (r.model.empty() ? "-" : r.model) << '\t'
        << (r.is_streaming ? "stream" : "-") << '\t' << r.timestamp.value_or("-") << '\t'
        << r.test_id.value_or("-") << '\n';
  err << rows.size() << " recording" << (rows.size() == 1 ? "" : "s") << " in "
      << store.dir().string() << "\n";
  if (const auto why = store.index_fallback_reason())
    err << "(listed from the files, the index on disk not being usable: " << *why << ")\n";
  return 0;
}

int show(ReplayStore& store, const Options& o, std::ostream& out, std::ostream& err) {
  expect_arguments(o, 1, "one hash prefix");
  const std::string& prefix = o.positional[0];
  if (prefix.empty()) throw InvalidRequestError("recordings show: the hash prefix is empty");
  std::vector<fs::path> matches;
  std::error_code ec;
  for (fs::directory_iterator it(store.responses_dir(), ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string stem = it->path().stem().string();
    if (it->path().extension() != ".json" || stem.empty() || stem.front() == '.') continue;
    if (stem.rfind(prefix, 0) == 0 || stem.rfind("models-" + prefix, 0) == 0)
      matches.push_back(it->path());
  }
  std::sort(matches.begin(), matches.end());
  if (matches.empty()) {
    err << "llama-stack: no recording in " << store.responses_dir().string()
        << " has a key starting with '" << prefix << "'\n";
    return 1;
  }
  if (matches.size() > 1) {
    err << "llama-stack: '" << prefix << "' matches " << matches.size()
        << " recordings; give more of the hash:\n";
    for (std::size_t i = 0; i < matches.size() && i < 10; ++i)
      err << "  " << matches[i].filename().string() << "\n";
    return 1;
  }
  const auto text = replay::read_file_if_exists(matches[0]);
  if (!text) throw StackError(matches[0].string() + ": removed while being shown");
  replay::parse_recording(*text, matches[0]);  // a damaged file is reported, not shown as valid
  err << matches[0].string() << "\n";
  out << *text;
  return 0;
}

void print_problems(const std::vector<std::string>& problems, std::ostream& err) {
  for (const auto& p : problems) err << "  " << p << "\n";
}

int reindex(ReplayStore& store, const Options& o, std::ostream& out, std::ostream& err) {
  expect_arguments(o, 0, "no arguments");
  const auto start = std::chrono::steady_clock::now();
  const auto report = store.reindex();
  const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  out << "indexed " << (report.files - report.problems.size()) << " of " << report.files
      << " recordings into " << store.index_file().string() << " in "
      << static_cast<long long>(ms.count()) << " ms\n";
  if (report.problems.empty()) return 0;
  err << report.problems.size() << " file(s) could not be read (run 'llama-stack recordings "
      << "verify'):\n";
  print_problems(report.problems, err);
  return 1;
}

int verify(ReplayStore& store, const Options& o, std::ostream& out, std::ostream& err) {
  expect_arguments(o, 0, "no arguments");
  const auto report = store.verify();
  if (!report.orphans_removed.empty()) {
    out << "removed " << report.orphans_removed.size() << " orphan temporary file"
        << (report.orphans_removed.size() == 1 ? "" : "s")
        << " (left by a writer killed mid-write; no writer holds them):\n";
    for (const auto& f : report.orphans_removed) out << "  " << f.string() << "\n";
  }
  if (!report.in_flight.empty()) {
    out << "kept " << report.in_flight.size() << " temporary file"
        << (report.in_flight.size() == 1 ? "" : "s") << " of writes in progress:\n";
    for (const auto& f : report.in_flight) out << "  " << f.string() << "\n";
  }
  if (report.problems.empty()) {
    out << "verified " << report.checked << " recordings in " << store.responses_dir().string()
        << ": all parse and are stored under their request's key\n";
    return 0;
  }
  err << report.problems.size() << " of " << report.checked << " recordings have problems:\n";
  print_problems(report.problems, err);
  return 1;
}

int prune(ReplayStore& store, const Options& o, std::ostream& out, std::ostream&) {
  expect_arguments(o, 0, "no arguments besides --dry-run");
  const auto report = store.prune(o.dry_run);
  out << (o.dry_run ? "would remove " : "removed ") << report.removed.size() << " of "
      << report.total << " recordings: those of the " << report.tests_ran << " test"
      << (report.tests_ran == 1 ? "" : "s") << " that ran (" << report.runs << " run"
      << (report.runs == 1 ? "" : "s") << ") which no run used (the used set names "
      << report.used << "); kept " << report.kept_not_run << " of tests that did not run and "
      << report.kept_shared << " without a test id (model lists)\n";
  for (const auto& file : report.removed) out << "  " << file.filename().string() << "\n";
  return 0;
}

// At most this many files are named per skip reason; the count says the rest.
constexpr std::size_t kNamedPerReason = 5;

void print_import_report(const replay::ImportReport& report, const std::string& source,
                         std::ostream& out) {
  out << "read " << report.files << " files from " << source << ": imported " << report.imported
      << ", already present " << report.already_present << ", duplicate keys "
      << report.duplicates.size() << ", skipped " << report.skipped.size() << ", failed "
      << report.problems.size() << "\n";
  for (const auto& d : report.duplicates)
    out << "  duplicate key " << d.id << ": kept " << d.kept.string() << ", dropped "
        << d.dropped.string() << "\n";
  for (const auto& [reason, count] : report.skipped_by_reason()) {
    out << "  skipped " << count << ": " << reason << "\n";
    std::size_t named = 0;
    for (const auto& s : report.skipped)
      if (s.reason == reason && named++ < kNamedPerReason) out << "    " << s.file.string() << "\n";
    if (count > kNamedPerReason) out << "    ... and " << (count - kNamedPerReason) << " more\n";
  }
}

int import(ReplayStore& store, const Options& o, std::ostream& out, std::ostream& err) {
  expect_arguments(o, 1, "the directory of Python recordings to import");
  const auto report = replay::import_python_recordings(o.positional[0], store);
  print_import_report(report, o.positional[0], out);
  if (report.problems.empty()) return 0;
  print_problems(report.problems, err);
  return 1;
}

}  // namespace

int run_recordings_command(const std::vector<std::string>& args, const Environment& env,
                           std::ostream& out, std::ostream& err) {
  try {
    const Options o = parse(args);
    if (o.help || o.command.empty()) {
      out << kRecordingsUsage;
      return o.help ? 0 : 2;
    }
    const fs::path dir = o.dir.value_or(replay::default_recording_dir(env));
    // Only import creates a store; the others would leave an index behind in
    // a mistyped directory.
    std::error_code ec;
    if (o.command != "import" && !fs::is_directory(dir, ec)) {
      err << "llama-stack: no recordings directory at " << dir.string()
          << " (--dir, or LLAMA_STACK_TEST_RECORDING_DIR)\n";
      return 1;
    }
    ReplayStore store(dir);
    if (o.command == "list") return list(store, o, out, err);
    if (o.command == "show") return show(store, o, out, err);
    if (o.command == "reindex") return reindex(store, o, out, err);
    if (o.command == "verify") return verify(store, o, out, err);
    if (o.command == "prune") return prune(store, o, out, err);
    if (o.command == "import") return import(store, o, out, err);
    err << "llama-stack: unknown recordings command '" << o.command << "'\n\n" << kRecordingsUsage;
    return 2;
  } catch (const InvalidRequestError& e) {
    err << "llama-stack: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    err << "llama-stack: error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace llama_stack::cli

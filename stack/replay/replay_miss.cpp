#include "stack/replay/replay_miss.hpp"

#include "stack/replay/canonical_json.hpp"
#include "stack/replay/inference_mode.hpp"
#include "stack/replay/replay_store.hpp"
#include "stack/replay/request_key.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <limits>
#include <set>

namespace llama_stack::replay {

namespace json = boost::json;

namespace {

// Candidates read per group: enough for any real test file, bounded so that
// a miss in a huge store still answers quickly.
constexpr std::size_t kMaxCandidates = 200;
constexpr std::size_t kMaxValueChars = 80;

std::string shown(const json::value& v) {
  std::string text = compact_json(v);
  if (text.size() > kMaxValueChars) text = text.substr(0, kMaxValueChars - 3) + "...";
  return text;
}

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

void diff(const json::value& a, const json::value& b, const std::string& path,
          std::vector<std::string>& out) {
  const std::string where = path.empty() ? "(body)" : path;
  if (a.is_object() && b.is_object()) {
    const auto& x = a.get_object();
    const auto& y = b.get_object();
    std::set<std::string_view> keys;
    for (const auto& kv : x) keys.insert(kv.key());
    for (const auto& kv : y) keys.insert(kv.key());
    for (auto key : keys) {
      const auto* l = x.if_contains(key);
      const auto* r = y.if_contains(key);
      if (l && r)
        diff(*l, *r, child(path, key), out);
      else if (l)
        out.push_back(child(path, key) + ": only in the recording: " + shown(*l));
      else
        out.push_back(child(path, key) + ": only in this request: " + shown(*r));
    }
    return;
  }
  if (a.is_array() && b.is_array()) {
    const auto& x = a.get_array();
    const auto& y = b.get_array();
    const std::size_t n = std::max(x.size(), y.size());
    for (std::size_t i = 0; i < n; ++i) {
      const std::string p = path + "[" + std::to_string(i) + "]";
      if (i < x.size() && i < y.size())
        diff(x[i], y[i], p, out);
      else if (i < x.size())
        out.push_back(p + ": only in the recording: " + shown(x[i]));
      else
        out.push_back(p + ": only in this request: " + shown(y[i]));
    }
    return;
  }
  // Compared as the key compares them: noise the key ignores is no difference.
  if (canonical_json(a) != canonical_json(b))
    out.push_back(where + ": recorded " + shown(a) + ", requested " + shown(b));
}

std::string record_hint() {
  return "\n  to record it, run again with " + std::string(kInferenceModeVariable) +
         "=record-if-missing (test runner: --inference-mode=record-if-missing)";
}

std::string describe(const MissedRequest& r, const std::optional<ClosestRecording>& closest) {
  if (is_model_list_endpoint(r.endpoint))
    // Shared by every test and keyed by nothing a test chooses: no neighbour
    // to compare with, the list was simply never recorded for this upstream.
    return "no recording of the model list (replay mode): " + r.method + " " + r.endpoint +
           "\n  request hash: " + r.hash + "\n  recordings:   " + r.recordings_dir.string() +
           record_hint();
  std::string text = "no recording for " + r.method + " " + r.endpoint;
  text += " (model '" + (r.model.empty() ? std::string("-") : r.model) + "', test '" +
          r.test_id.value_or("-") + "')";
  text += "\n  request hash: " + r.hash;
  text += "\n  recordings:   " + r.recordings_dir.string();
  if (closest) {
    text += "\n  closest recording (" + closest->relation + "): " + closest->file.string();
    if (closest->test_id && closest->test_id != r.test_id)
      text += "\n    recorded for test '" + *closest->test_id + "'";
    if (closest->differences.empty()) {
      text += "\n    request bodies are equal (method or test id differ)";
    } else {
      text += "\n    body differences (recorded vs this request):";
      for (const auto& d : closest->differences) text += "\n      " + d;
    }
  } else {
    text += "\n  no recording of " + r.endpoint + " exists";
  }
  return text + record_hint();
}

}  // namespace

ReplayMissError::ReplayMissError(MissedRequest request, std::optional<ClosestRecording> closest)
    : StackError(describe(request, closest)),
      request_(std::move(request)),
      closest_(std::move(closest)) {}

bool ReplayMissError::is_model_list() const noexcept {
  return is_model_list_endpoint(request_.endpoint);
}

std::vector<std::string> json_differences(const json::value& recorded,
                                          const json::value& requested, std::size_t limit) {
  std::vector<std::string> out;
  diff(recorded, requested, "", out);
  if (limit > 0 && out.size() > limit) {
    const std::size_t more = out.size() - (limit - 1);
    out.resize(limit - 1);
    out.push_back("... and " + std::to_string(more) + " more");
  }
  return out;
}

std::optional<ClosestRecording> find_closest(ReplayStore& store, const MissedRequest& request,
                                             const json::value& body) {
  std::vector<IndexRow> rows;
  try {
    rows = store.list_endpoint(request.endpoint);
  } catch (const std::exception&) {
    return std::nullopt;  // the index is a help here, not a requirement
  }
  std::vector<const IndexRow*> same_test;
  std::vector<const IndexRow*> others;
  for (const auto& row : rows) (row.test_id == request.test_id ? same_test : others).push_back(&row);
  for (const auto* group : {&same_test, &others}) {
    std::optional<ClosestRecording> best;
    std::size_t best_count = std::numeric_limits<std::size_t>::max();
    std::size_t read = 0;
    for (const auto* row : *group) {
      if (read++ == kMaxCandidates) break;
      try {
        const auto file = store.dir() / row->response_file;
        const Recording r = read_recording(file);
        auto differences = json_differences(r.request.body, body, std::numeric_limits<std::size_t>::max());
        if (differences.size() < best_count) {
          best_count = differences.size();
          best = ClosestRecording{row->id, file, r.test_id,
                                  group == &same_test ? "same test and endpoint" : "same endpoint",
                                  json_differences(r.request.body, body)};
        }
      } catch (const std::exception&) {
        continue;  // a damaged neighbour is verify's business, not this error's
      }
    }
    if (best) return best;
  }
  return std::nullopt;
}

}  // namespace llama_stack::replay

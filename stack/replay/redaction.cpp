#include "stack/replay/redaction.hpp"

#include <llama_stack/url_userinfo.hpp>

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace llama_stack::replay {

namespace json = boost::json;

namespace {

constexpr std::size_t kMinScrubbedLength = 8;

constexpr std::array<std::string_view, 13> kSecretWords{
    "key",        "apikey",     "token",      "secret",    "password",
    "passwd",     "passphrase", "credential", "credentials", "auth",
    "cookie",     "signature",  "sig"};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The last word of a name split at non-alphanumerics and camelCase humps:
// "x-api-key" -> "key", "apiKey" -> "key", "max_tokens" -> "tokens".
std::string last_word(std::string_view name) {
  std::size_t end = name.size();
  while (end > 0 && !std::isalnum(static_cast<unsigned char>(name[end - 1]))) --end;
  std::size_t begin = end;
  while (begin > 0) {
    const auto c = static_cast<unsigned char>(name[begin - 1]);
    if (!std::isalnum(c)) break;
    // A lower-case letter followed by an upper-case one ends a camelCase word.
    if (begin < end && std::islower(c) && std::isupper(static_cast<unsigned char>(name[begin])))
      break;
    --begin;
  }
  return lower(name.substr(begin, end - begin));
}

void remember(std::vector<std::string>& secrets, std::string value) {
  if (value.size() >= kMinScrubbedLength &&
      std::find(secrets.begin(), secrets.end(), value) == secrets.end())
    secrets.push_back(std::move(value));
}

void redact_fields(json::value& v, std::vector<std::string>& secrets) {
  if (v.is_object()) {
    for (auto& kv : v.get_object()) {
      json::value& field = kv.value();
      // Credentials are strings (or numbers). An object or list under such a
      // name is structure, e.g. a tool's JSON schema with a "password"
      // property: it is searched, not erased.
      const bool credential = field.is_string() || field.is_number();
      if (credential && is_secret_name(kv.key())) {
        if (field.is_string()) remember(secrets, std::string(field.get_string()));
        field = kRedacted;
      } else {
        redact_fields(field, secrets);
      }
    }
  } else if (v.is_array()) {
    for (auto& x : v.get_array()) redact_fields(x, secrets);
  }
}

std::string redact_url(std::string_view url, std::vector<std::string>& secrets) {
  std::string out(url);
  // Userinfo ("https://user:password@host/..."): dropped whole.
  if (const auto span = url_userinfo::find(out)) {
    const std::string userinfo = out.substr(span->begin, span->at - span->begin);
    remember(secrets, userinfo);
    if (const auto colon = userinfo.find(':'); colon != std::string::npos)
      remember(secrets, userinfo.substr(colon + 1));
    out = url_userinfo::hidden(out, span, "");
  }
  const auto query = out.find('?');
  if (query == std::string::npos) return out;
  const auto fragment = out.find('#', query);
  const std::string tail = fragment == std::string::npos ? "" : out.substr(fragment);
  const std::string params =
      out.substr(query + 1, (fragment == std::string::npos ? out.size() : fragment) - query - 1);
  std::string rebuilt = out.substr(0, query + 1);
  std::size_t start = 0;
  bool first = true;
  while (start <= params.size()) {
    auto amp = params.find('&', start);
    if (amp == std::string::npos) amp = params.size();
    std::string param = params.substr(start, amp - start);
    const auto eq = param.find('=');
    if (eq != std::string::npos && is_secret_name(param.substr(0, eq))) {
      remember(secrets, param.substr(eq + 1));
      param = param.substr(0, eq + 1) + std::string(kRedacted);
    }
    if (!first) rebuilt += '&';
    rebuilt += param;
    first = false;
    start = amp + 1;
  }
  return rebuilt + tail;
}

}  // namespace

bool is_secret_name(std::string_view name) {
  const std::string word = last_word(name);
  return std::find(kSecretWords.begin(), kSecretWords.end(), word) != kSecretWords.end();
}

bool is_secret_header(std::string_view name) {
  const std::string n = lower(name);
  return n == "authorization" || n == "proxy-authorization" || n == "cookie" ||
         n == "set-cookie" || is_secret_name(name);
}

RedactedRequest redact_request(const HttpRequest& request) {
  RedactedRequest out;
  for (const auto& [name, value] : request.headers) {
    if (is_secret_header(name)) {
      remember(out.secrets, value);
      // "Bearer <token>": the token alone may be echoed back too.
      if (const auto space = value.find(' '); space != std::string::npos)
        remember(out.secrets, value.substr(space + 1));
      continue;
    }
    out.headers[name] = value;
  }
  out.body = request.body;
  redact_fields(out.body, out.secrets);
  out.url = redact_url(request.url, out.secrets);
  // Longest first, so that a secret containing another is replaced whole.
  std::sort(out.secrets.begin(), out.secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (auto& kv : out.headers)
    kv.value() = scrub_secrets(std::string(kv.value().get_string()), out.secrets);
  scrub_secrets(out.body, out.secrets);
  out.url = scrub_secrets(std::move(out.url), out.secrets);
  return out;
}

std::string scrub_secrets(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.size() < kMinScrubbedLength) continue;
    for (auto pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + kRedacted.size()))
      text.replace(pos, secret.size(), kRedacted);
  }
  return text;
}

void scrub_secrets(json::value& value, const std::vector<std::string>& secrets) {
  if (secrets.empty()) return;
  if (value.is_string()) {
    const std::string_view s = value.get_string();
    bool found = false;
    for (const auto& secret : secrets) found = found || s.find(secret) != std::string_view::npos;
    if (found) value = scrub_secrets(std::string(s), secrets);
  } else if (value.is_array()) {
    for (auto& x : value.get_array()) scrub_secrets(x, secrets);
  } else if (value.is_object()) {
    auto& o = value.get_object();
    std::vector<std::pair<std::string, std::string>> renamed;
    for (auto& kv : o) {
      scrub_secrets(kv.value(), secrets);
      const std::string scrubbed = scrub_secrets(std::string(kv.key()), secrets);
      if (scrubbed != kv.key()) renamed.emplace_back(std::string(kv.key()), scrubbed);
    }
    for (auto& [from, to] : renamed) {
      json::value moved = std::move(o.at(from));
      o.erase(from);
      o[to] = std::move(moved);
    }
  }
}

}  // namespace llama_stack::replay

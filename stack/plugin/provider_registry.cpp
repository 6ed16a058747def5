#include "stack/plugin/provider_registry.hpp"

#include "stack/config/environment.hpp"
#include "stack/config/split_list.hpp"
#include "stack/config/stack_pointer.hpp"
#include "stack/layout/install_layout.hpp"
#include "stack/plugin/plugin_entry_check.hpp"

#include <llama_stack/sdk_version.hpp>

#include <boost/dll/shared_library.hpp>

#include <yaml-cpp/yaml.h>

#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>

namespace llama_stack {

struct ProviderRegistry::Library {
  boost::dll::shared_library handle;
};

namespace {

constexpr const char* kEntrySymbol = "llama_stack_provider";

bool is_shared_object(const std::filesystem::path& p) {
  return p.extension() == ".so" || p.filename().string().find(".so.") != std::string::npos;
}

bool is_descriptor(const std::filesystem::path& p) {
  return p.extension() == ".yaml" || p.extension() == ".yml";
}

std::string checked(const char* field, const char* name, const std::string& file) {
  if (field == nullptr) throw PluginError(file, "descriptor", std::string("'") + name + "' is null");
  return field;
}

// "major.minor.patch" → numbers; nullopt when it is not of that form.
std::optional<std::array<int, 3>> parse_version(std::string_view text) {
  std::array<int, 3> parts{};
  std::size_t i = 0;
  for (int& part : parts) {
    std::size_t digits = 0;
    part = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 6) {
      part = part * 10 + (text[i++] - '0');
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    if (&part != &parts.back()) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  return i == text.size() ? std::optional(parts) : std::nullopt;
}

// Same ABI is not enough: a plugin built against a newer SDK (or another
// major version) may call what this stack does not have.
std::string sdk_version_problem(const std::string& plugin_version) {
  const auto theirs = parse_version(plugin_version);
  const auto ours = parse_version(kSdkVersion);
  const std::string both = "the plugin was built against SDK " + plugin_version +
                           ", this stack has SDK " + kSdkVersion;
  if (!theirs) return "sdk_version '" + plugin_version + "' is not major.minor.patch (" + both + ")";
  if ((*theirs)[0] != (*ours)[0]) return both + ": major versions differ; rebuild the plugin";
  if (*theirs > *ours) return both + ": newer than this stack; rebuild the plugin or upgrade the stack";
  return {};
}

}  // namespace

ProviderRegistry::ProviderRegistry() = default;
ProviderRegistry::~ProviderRegistry() = default;
ProviderRegistry::ProviderRegistry(ProviderRegistry&&) noexcept = default;
ProviderRegistry& ProviderRegistry::operator=(ProviderRegistry&&) noexcept = default;

ProviderRegistry ProviderRegistry::discover(const Environment& env, const InstallLayout& layout,
                                            const std::filesystem::path& external_providers_dir) {
  ProviderRegistry registry;
  if (auto path = env.get("LLAMA_STACK_PROVIDER_PATH")) registry.scan_provider_path(*path);
  if (!external_providers_dir.empty()) registry.scan_external_providers_dir(external_providers_dir);
  registry.scan_builtin(layout);
  return registry;
}

ProviderRegistry ProviderRegistry::discover(const Environment& env,
                                            const std::filesystem::path& external_providers_dir) {
  return discover(env, InstallLayout::detect(env), external_providers_dir);
}

void ProviderRegistry::scan_provider_path(const std::string& provider_path) {
  constexpr const char* origin = "LLAMA_STACK_PROVIDER_PATH";
  for (const auto& entry : split_list(provider_path, ':')) {
    std::error_code ec;
    if (std::filesystem::is_directory(entry, ec)) {
      scan_directory(entry, origin, false, true);
    } else if (std::filesystem::exists(entry, ec)) {
      if (is_descriptor(entry))
        load_descriptor(entry, origin);
      else
        load_file(entry, origin);
    } else {
      failures_.push_back(
          {entry, origin,
           PluginError(entry, "search", "listed in LLAMA_STACK_PROVIDER_PATH but does not exist")});
    }
  }
}

void ProviderRegistry::scan_external_providers_dir(const std::filesystem::path& dir) {
  constexpr const char* origin = "external_providers_dir";
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec))
    scan_directory(dir, origin, true, true);
  else
    failures_.push_back({dir, origin,
                         PluginError(dir.string(), "search",
                                     "external_providers_dir is not a directory")});
}

void ProviderRegistry::scan_builtin(const InstallLayout& layout) {
  scan_directory(layout.provider_dir, "builtin",
                 /*recursive=*/layout.kind == InstallLayout::Kind::build_tree);
}

void ProviderRegistry::scan_directory(const std::filesystem::path& dir, const std::string& origin,
                                      bool recursive, bool descriptors) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return;
  std::vector<std::filesystem::path> files;
  std::vector<std::filesystem::path> yaml_files;
  auto consider = [&](const std::filesystem::directory_entry& e) {
    if (!e.is_regular_file(ec)) return;
    if (is_shared_object(e.path())) files.push_back(e.path());
    else if (descriptors && is_descriptor(e.path())) yaml_files.push_back(e.path());
  };
  if (recursive) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) consider(e);
  } else {
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) consider(e);
  }
  // Directory order is arbitrary; sorting makes duplicate reports stable.
  std::sort(files.begin(), files.end());
  std::sort(yaml_files.begin(), yaml_files.end());
  // Descriptors first: a library a descriptor names is then already loaded
  // when the scan meets the same .so file, and is not reported twice.
  for (const auto& f : yaml_files) load_descriptor(f, origin);
  for (const auto& f : files) {
    bool loaded = false;
    for (const auto& p : providers_) loaded |= std::filesystem::equivalent(p.file, f, ec);
    if (!loaded) load_file(f, origin);
  }
}

bool ProviderRegistry::load_descriptor(const std::filesystem::path& yaml_file,
                                       const std::string& origin) {
  const std::string where = yaml_file.string();
  try {
    YAML::Node doc;
    try {
      doc = YAML::LoadFile(where);
    } catch (const YAML::Exception& e) {
      throw PluginError(where, "descriptor file", std::string("not a readable provider descriptor: ") + e.what());
    }
    if (!doc.IsMap()) throw PluginError(where, "descriptor file", "a provider descriptor must be a YAML mapping");
    auto text = [&](const char* key) -> std::string {
      const YAML::Node n = doc[key];
      if (!n) return {};
      if (!n.IsScalar()) throw PluginError(where, "descriptor file", std::string("'") + key + "' must be a string");
      return n.as<std::string>();
    };
    // The Python stack's layout names api and kind by folder:
    // <dir>/remote/inference/<name>.yaml.
    const std::filesystem::path parent = yaml_file.parent_path();
    const std::string folder_api = parent.filename().string();
    const std::string folder_kind = parent.parent_path().filename().string();
    std::string api = text("api");
    if (api.empty()) api = folder_api;
    std::string provider_type = text("provider_type");
    if (provider_type.empty() && (folder_kind == "remote" || folder_kind == "inline"))
      provider_type = folder_kind + "::" + yaml_file.stem().string();
    if (provider_type.empty())
      throw PluginError(where, "descriptor file",
                        "'provider_type' is missing (or place the file at "
                        "<dir>/remote/<api>/<name>.yaml)");
    const std::string library = text("library");
    if (library.empty()) throw PluginError(where, "descriptor file", "'library' (the plugin's .so) is missing");
    std::filesystem::path so = library;
    if (so.is_relative()) so = parent / so;
    const std::size_t before = providers_.size();
    if (!load_file(so, origin)) {
      // The failure names the .so; say which descriptor pointed at it.
      PluginError& error = failures_.back().error;
      error = PluginError(where, "library " + error.file() + ": " + error.stage(), error.cause());
      return false;
    }
    RegisteredProvider& entry = providers_.back();
    if (providers_.size() != before + 1 || entry.provider_type != provider_type || entry.api != api) {
      const std::string found = entry.provider_type + " (api " + entry.api + ")";
      providers_.pop_back();
      libraries_.pop_back();
      throw PluginError(where, "descriptor file",
                        "declares " + provider_type + " (api " + api + ") but " + so.string() +
                            " provides " + found);
    }
    if (const YAML::Node config = doc["config"]; config && !config.IsNull()) {
      YAML::Emitter out;
      out << config;
      entry.sample_config = std::string(out.c_str()) + "\n";
    }
    if (std::string d = text("description"); !d.empty()) entry.description = d;
    entry.origin = origin + " (" + where + ")";
    return true;
  } catch (const PluginError& e) {
    failures_.push_back({yaml_file, origin, e});
  } catch (const std::exception& e) {
    failures_.push_back({yaml_file, origin, PluginError(where, "descriptor file", e.what())});
  }
  return false;
}

bool ProviderRegistry::load_file(const std::filesystem::path& file, const std::string& origin) {
  const std::string name = file.string();
  try {
    auto library = std::make_unique<Library>();
    boost::system::error_code ec;
    // rtld_now: an unresolved symbol is reported here, naming the symbol,
    // instead of crashing the first call that needs it. RTLD_NODELETE: an
    // exception thrown by plugin code may outlive the stack that loaded the
    // plugin, and its type info and destructor live in the plugin's code.
    const auto mode = static_cast<boost::dll::load_mode::type>(
        static_cast<unsigned>(boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local) |
        RTLD_NODELETE);
    library->handle.load(file, mode, ec);
    if (ec) {
      const char* why = dlerror();
      throw PluginError(name, "load", "cannot load shared object: " +
                                          (why != nullptr ? std::string(why) : ec.message()));
    }
    if (!library->handle.has(kEntrySymbol))
      throw PluginError(name, "entry point",
                        std::string("not a llama-stack provider plugin: symbol '") + kEntrySymbol +
                            "' not found (export it with LLAMA_STACK_PROVIDER)");
    // Only abi_version is read before it is checked: the rest of the
    // descriptor's layout is what the ABI version promises.
    const PluginImage image(dlsym(library->handle.native(), kEntrySymbol), name);
    const ProviderDescriptor& descriptor = image.descriptor();
    if (descriptor.abi_version != kSdkAbiVersion) {
      const char* their = descriptor.abi_version < kSdkAbiVersion ? "older" : "newer";
      throw PluginError(name, "abi check",
                        std::string("plugin was built against an ") + their +
                            " llama-stack SDK (ABI version " +
                            std::to_string(descriptor.abi_version) + ") but this stack uses SDK " +
                            kSdkVersion + " (ABI version " + std::to_string(kSdkAbiVersion) +
                            "); rebuild the plugin against SDK " + kSdkVersion);
    }
    image.check_fields(descriptor);
    RegisteredProvider entry;
    entry.sdk_version = checked(descriptor.sdk_version, "sdk_version", name);
    if (std::string problem = sdk_version_problem(entry.sdk_version); !problem.empty())
      throw PluginError(name, "sdk version check", problem);
    entry.api = checked(descriptor.api, "api", name);
    entry.provider_type = checked(descriptor.provider_type, "provider_type", name);
    entry.description = descriptor.description ? descriptor.description : "";
    entry.config_keys = copy_config_schema(descriptor.config, name);
    entry.config_schema = descriptor.config;
    entry.sample_config = sample_config_yaml(entry.config_keys);
    if (descriptor.api_dependencies != nullptr)
      entry.api_dependencies = split_list(descriptor.api_dependencies, ',');
    if (descriptor.factory == nullptr)
      throw PluginError(name, "descriptor", "'factory' is null");
    entry.factory = descriptor.factory;
    entry.file = file;
    entry.origin = origin;
    if (const RegisteredProvider* existing = find(entry.api, entry.provider_type))
      throw PluginError(name, "registration",
                        "duplicate provider_type '" + entry.provider_type + "' for API '" +
                            entry.api + "': already provided by " + existing->file.string() +
                            " (found via " + existing->origin + ")");
    providers_.push_back(std::move(entry));
    libraries_.push_back(std::move(library));
    return true;
  } catch (const PluginError& e) {
    failures_.push_back({file, origin, e});
  } catch (const std::exception& e) {
    failures_.push_back({file, origin, PluginError(name, "load", e.what())});
  }
  return false;
}

const RegisteredProvider* ProviderRegistry::find(std::string_view api,
                                                 std::string_view provider_type) const {
  for (const auto& p : providers_)
    if (p.api == api && p.provider_type == provider_type) return &p;
  return nullptr;
}

std::vector<std::string> ProviderRegistry::apis_of(std::string_view provider_type) const {
  std::vector<std::string> apis;
  for (const auto& p : providers_)
    if (p.provider_type == provider_type) apis.push_back(p.api);
  return apis;
}

std::vector<AvailableProvider> ProviderRegistry::available() const {
  std::vector<AvailableProvider> out;
  for (const auto& p : providers_) out.push_back({p.api, p.provider_type, p.sample_config});
  return out;
}

std::string ProviderRegistry::describe_available(std::string_view api) const {
  std::set<std::string> names;
  for (const auto& p : providers_)
    if (api.empty() || p.api == api) names.insert(p.provider_type);
  if (names.empty()) return "(none)";
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string ProviderRegistry::describe_failures() const {
  std::string out;
  for (const auto& f : failures_) out += "\n  " + std::string(f.error.what());
  return out;
}

}  // namespace llama_stack

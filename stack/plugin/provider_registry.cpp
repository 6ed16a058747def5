#include "stack/plugin/provider_registry.hpp"

#include "build_paths.hpp"
#include "stack/config/environment.hpp"
#include "stack/config/split_list.hpp"
#include "stack/config/stack_pointer.hpp"

#include <llama_stack/sdk_version.hpp>

#include <boost/dll/shared_library.hpp>

#include <yaml-cpp/yaml.h>

#include <dlfcn.h>

#include <algorithm>
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

std::string checked(const char* field, const char* name, const std::filesystem::path& file) {
  if (field == nullptr)
    throw PluginError(file.string() + ": invalid provider descriptor: '" + name + "' is null");
  return field;
}

}  // namespace

ProviderRegistry::ProviderRegistry() = default;
ProviderRegistry::~ProviderRegistry() = default;
ProviderRegistry::ProviderRegistry(ProviderRegistry&&) noexcept = default;
ProviderRegistry& ProviderRegistry::operator=(ProviderRegistry&&) noexcept = default;

ProviderRegistry ProviderRegistry::discover(const Environment& env,
                                            const std::filesystem::path& external_providers_dir) {
  ProviderRegistry registry;
  if (auto path = env.get("LLAMA_STACK_PROVIDER_PATH")) {
    for (const auto& entry : split_list(*path, ':')) {
      std::error_code ec;
      if (std::filesystem::is_directory(entry, ec)) {
        registry.scan_directory(entry, "LLAMA_STACK_PROVIDER_PATH", false, true);
      } else if (std::filesystem::exists(entry, ec)) {
        if (is_descriptor(entry))
          registry.load_descriptor(entry, "LLAMA_STACK_PROVIDER_PATH");
        else
          registry.load_file(entry, "LLAMA_STACK_PROVIDER_PATH");
      } else {
        registry.failures_.push_back({entry, "LLAMA_STACK_PROVIDER_PATH",
                                      entry + ": listed in LLAMA_STACK_PROVIDER_PATH but does not exist"});
      }
    }
  }
  if (!external_providers_dir.empty()) {
    std::error_code ec;
    if (std::filesystem::is_directory(external_providers_dir, ec))
      registry.scan_directory(external_providers_dir, "external_providers_dir", true, true);
    else
      registry.failures_.push_back({external_providers_dir, "external_providers_dir",
                                    external_providers_dir.string() +
                                        ": external_providers_dir is not a directory"});
  }
  // The build tree wins over the install tree so a developer running from the
  // build directory never picks up stale installed plugins.
  std::error_code ec;
  const std::filesystem::path build_dir = LLAMA_STACK_BUILD_PROVIDER_DIR;
  if (std::filesystem::is_directory(build_dir, ec))
    registry.scan_directory(build_dir, "builtin", /*recursive=*/true);
  else
    registry.scan_directory(LLAMA_STACK_INSTALL_PROVIDER_DIR, "builtin");
  return registry;
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
      throw PluginError(where + ": not a readable provider descriptor: " + e.what());
    }
    if (!doc.IsMap()) throw PluginError(where + ": a provider descriptor must be a YAML mapping");
    auto text = [&](const char* key) -> std::string {
      const YAML::Node n = doc[key];
      if (!n) return {};
      if (!n.IsScalar()) throw PluginError(where + ": '" + key + "' must be a string");
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
      throw PluginError(where + ": 'provider_type' is missing (or place the file at "
                        "<dir>/remote/<api>/<name>.yaml)");
    const std::string library = text("library");
    if (library.empty()) throw PluginError(where + ": 'library' (the plugin's .so) is missing");
    std::filesystem::path so = library;
    if (so.is_relative()) so = parent / so;
    const std::size_t before = providers_.size();
    if (!load_file(so, origin)) {
      // The failure names the .so; say which descriptor pointed at it.
      failures_.back().error = where + ": library " + failures_.back().error;
      return false;
    }
    RegisteredProvider& entry = providers_.back();
    if (providers_.size() != before + 1 || entry.provider_type != provider_type || entry.api != api) {
      const std::string found = entry.provider_type + " (api " + entry.api + ")";
      providers_.pop_back();
      libraries_.pop_back();
      throw PluginError(where + ": declares " + provider_type + " (api " + api + ") but " +
                        so.string() + " provides " + found);
    }
    if (const YAML::Node config = doc["config"]; config && !config.IsNull()) {
      YAML::Emitter out;
      out << config;
      entry.sample_config = std::string(out.c_str()) + "\n";
    }
    if (std::string d = text("description"); !d.empty()) entry.description = d;
    entry.origin = origin + " (" + where + ")";
    return true;
  } catch (const std::exception& e) {
    failures_.push_back({yaml_file, origin, e.what()});
    return false;
  }
}

bool ProviderRegistry::load_file(const std::filesystem::path& file, const std::string& origin) {
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
      throw PluginError(file.string() + ": cannot load shared object: " +
                        (why != nullptr ? std::string(why) : ec.message()));
    }
    if (!library->handle.has(kEntrySymbol))
      throw PluginError(file.string() + ": not a llama-stack provider plugin: symbol '" +
                        kEntrySymbol + "' not found (export it with LLAMA_STACK_PROVIDER)");
    const auto& descriptor = library->handle.get_alias<const ProviderDescriptor>(kEntrySymbol);
    if (descriptor.abi_version != kSdkAbiVersion) {
      const char* their = descriptor.abi_version < kSdkAbiVersion ? "older" : "newer";
      throw PluginError(file.string() + ": plugin was built against an " + their +
                        " llama-stack SDK (ABI version " + std::to_string(descriptor.abi_version) +
                        ") but this stack uses SDK " + kSdkVersion + " (ABI version " +
                        std::to_string(kSdkAbiVersion) + "); rebuild the plugin against SDK " +
                        kSdkVersion);
    }
    RegisteredProvider entry;
    entry.api = checked(descriptor.api, "api", file);
    entry.provider_type = checked(descriptor.provider_type, "provider_type", file);
    entry.sdk_version = checked(descriptor.sdk_version, "sdk_version", file);
    entry.description = descriptor.description ? descriptor.description : "";
    entry.sample_config = descriptor.sample_config ? descriptor.sample_config : "";
    if (descriptor.api_dependencies != nullptr)
      entry.api_dependencies = split_list(descriptor.api_dependencies, ',');
    if (descriptor.factory == nullptr)
      throw PluginError(file.string() + ": invalid provider descriptor: 'factory' is null");
    entry.factory = descriptor.factory;
    entry.file = file;
    entry.origin = origin;
    if (const RegisteredProvider* existing = find(entry.provider_type))
      throw PluginError(file.string() + ": duplicate provider_type '" + entry.provider_type +
                        "': already provided by " + existing->file.string() +
                        " (found via " + existing->origin + ")");
    providers_.push_back(std::move(entry));
    libraries_.push_back(std::move(library));
    return true;
  } catch (const std::exception& e) {
    failures_.push_back({file, origin, e.what()});
    return false;
  }
}

const RegisteredProvider* ProviderRegistry::find(std::string_view provider_type) const {
  for (const auto& p : providers_)
    if (p.provider_type == provider_type) return &p;
  return nullptr;
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
  for (const auto& f : failures_) out += "\n  " + f.error;
  return out;
}

}  // namespace llama_stack

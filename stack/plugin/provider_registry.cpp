#include "stack/plugin/provider_registry.hpp"

#include "build_paths.hpp"
#include "stack/config/environment.hpp"
#include "stack/config/stack_pointer.hpp"

#include <llama_stack/sdk_version.hpp>

#include <boost/dll/shared_library.hpp>

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

std::vector<std::string> split_list(std::string_view text, char separator) {
  std::vector<std::string> out;
  std::string item;
  auto flush = [&] {
    const auto b = item.find_first_not_of(" \t");
    const auto e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    item.clear();
  };
  for (char c : text) {
    if (c == separator) flush();
    else item += c;
  }
  flush();
  return out;
}

bool is_shared_object(const std::filesystem::path& p) {
  return p.extension() == ".so" || p.filename().string().find(".so.") != std::string::npos;
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
        registry.scan_directory(entry, "LLAMA_STACK_PROVIDER_PATH");
      } else if (std::filesystem::exists(entry, ec)) {
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
      registry.scan_directory(external_providers_dir, "external_providers_dir");
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
                                      bool recursive) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return;
  std::vector<std::filesystem::path> files;
  auto consider = [&](const std::filesystem::directory_entry& e) {
    if (e.is_regular_file(ec) && is_shared_object(e.path())) files.push_back(e.path());
  };
  if (recursive) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) consider(e);
  } else {
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) consider(e);
  }
  // Directory order is arbitrary; sorting makes duplicate reports stable.
  std::sort(files.begin(), files.end());
  for (const auto& f : files) load_file(f, origin);
}

bool ProviderRegistry::load_file(const std::filesystem::path& file, const std::string& origin) {
  try {
    auto library = std::make_unique<Library>();
    boost::system::error_code ec;
    // rtld_now: an unresolved symbol is reported here, naming the symbol,
    // instead of crashing the first call that needs it.
    library->handle.load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local,
                         ec);
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

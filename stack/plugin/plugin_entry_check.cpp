#include "stack/plugin/plugin_entry_check.hpp"

#include <llama_stack/errors.hpp>

#include <dlfcn.h>
#include <elf.h>
#include <link.h>

#include <cstring>

namespace llama_stack {

PluginImage::PluginImage(const void* symbol, std::string file)
    : symbol_(symbol), file_(std::move(file)) {
  Dl_info info{};
  ElfW(Sym)* elf_symbol = nullptr;
  if (dladdr1(symbol, &info, reinterpret_cast<void**>(&elf_symbol), RTLD_DL_SYMENT) == 0 ||
      elf_symbol == nullptr) {
    locate_error_ = "cannot be located in the library";
    return;
  }
  if (ELF64_ST_TYPE(elf_symbol->st_info) != STT_OBJECT) {
    locate_error_ = "is not a data object (a function?)";
    return;
  }
  if (elf_symbol->st_size != sizeof(void*)) {
    locate_error_ = "is not a pointer (" + std::to_string(elf_symbol->st_size) + " bytes)";
    return;
  }
  struct Search {
    const char* name;
    std::vector<Segment>* out;
  } search{info.dli_fname, &segments_};
  dl_iterate_phdr(
      [](dl_phdr_info* object, std::size_t, void* data) {
        auto* s = static_cast<Search*>(data);
        if (object->dlpi_name == nullptr || std::strcmp(object->dlpi_name, s->name) != 0) return 0;
        for (int i = 0; i < object->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = object->dlpi_phdr[i];
          if (ph.p_type != PT_LOAD || (ph.p_flags & PF_R) == 0) continue;
          const std::uintptr_t begin = object->dlpi_addr + ph.p_vaddr;
          s->out->push_back({begin, begin + ph.p_memsz, (ph.p_flags & PF_X) != 0});
        }
        return 1;
      },
      &search);
  if (!inside(symbol, sizeof(void*), false)) locate_error_ = "is not in the library's data";
}

// Data may sit in any readable segment (some linkers put .rodata beside the
// code); code must be in an executable one.
bool PluginImage::inside(const void* p, std::size_t size, bool code) const {
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  if (a + size < a) return false;
  for (const auto& s : segments_)
    if (a >= s.begin && a + size <= s.end && (!code || s.executable)) return true;
  return false;
}

const ProviderDescriptor& PluginImage::descriptor() const {
  auto not_a_plugin = [&](const std::string& why) {
    return PluginError(file_, "entry point",
                       "not a llama-stack provider plugin: 'llama_stack_provider' " + why +
                           " (export a descriptor with LLAMA_STACK_PROVIDER)");
  };
  if (!locate_error_.empty()) throw not_a_plugin(locate_error_);
  const void* target = nullptr;
  std::memcpy(&target, symbol_, sizeof target);
  if (target == nullptr) throw not_a_plugin("is a null pointer");
  if (!inside(target, sizeof(ProviderDescriptor), false))
    throw not_a_plugin("does not point at a descriptor in the plugin's data");
  return *static_cast<const ProviderDescriptor*>(target);
}

void PluginImage::check_string(const char* s, const std::string& field, bool required) const {
  if (s == nullptr) {
    if (required) throw PluginError(file_, "descriptor", "'" + field + "' is null");
    return;
  }
  for (std::size_t n = 0;; ++n) {
    if (!inside(s + n, 1, false))
      throw PluginError(file_, "descriptor", "'" + field + "' does not point into the plugin's data");
    if (s[n] == '\0') return;
  }
}

void PluginImage::check_fields(const ProviderDescriptor& d) const {
  check_string(d.sdk_version, "sdk_version", true);
  check_string(d.api, "api", true);
  check_string(d.provider_type, "provider_type", true);
  check_string(d.description, "description", false);
  check_string(d.api_dependencies, "api_dependencies", false);
  if (d.factory == nullptr) throw PluginError(file_, "descriptor", "'factory' is null");
  if (!inside(reinterpret_cast<const void*>(d.factory), 1, true))
    throw PluginError(file_, "descriptor", "'factory' does not point into the plugin's code");
  if (d.config.count == 0) return;
  if (d.config.keys == nullptr || d.config.count > (1u << 16) ||
      !inside(d.config.keys, d.config.count * sizeof(ConfigKey), false))
    throw PluginError(file_, "descriptor", "'config' does not point at its keys in the plugin's data");
  for (std::size_t i = 0; i < d.config.count; ++i) {
    const ConfigKey& k = d.config.keys[i];
    const std::string at = "config key #" + std::to_string(i);
    check_string(k.name, at + " name", true);
    check_string(k.default_value, at + " default_value", false);
    check_string(k.env_var, at + " env_var", false);
    check_string(k.description, at + " description", false);
    check_string(k.aliases, at + " aliases", false);
  }
}

}  // namespace llama_stack

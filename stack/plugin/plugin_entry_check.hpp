#pragma once
// Checks a plugin's entry point before any of it is trusted: the exported
// "llama_stack_provider" symbol must be a pointer-sized data object whose
// value points at a whole ProviderDescriptor in the plugin's own loaded,
// readable memory; once its ABI version matches, its strings and arrays
// must lie there too and its factory in the plugin's executable code. A symbol
// that is a function, a null pointer or a pointer elsewhere is "not a
// plugin", never dereferenced blindly.
#include <llama_stack/provider.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace llama_stack {

class PluginImage {
 public:
  // `symbol`: dlsym's address of the entry symbol in the library `file`.
  PluginImage(const void* symbol, std::string file);

  // The descriptor the symbol points at; PluginError (stage "entry point")
  // when the symbol is not a pointer to one. Only abi_version may be read
  // before check_fields.
  const ProviderDescriptor& descriptor() const;
  // PluginError (stage "descriptor") when a field points outside the plugin.
  void check_fields(const ProviderDescriptor& descriptor) const;

 private:
  struct Segment {
    std::uintptr_t begin;
    std::uintptr_t end;
    bool executable;
  };
  bool inside(const void* p, std::size_t size, bool code) const;
  void check_string(const char* s, const std::string& field, bool required) const;

  const void* symbol_;
  std::string file_;
  std::vector<Segment> segments_;
  std::string locate_error_;  // why the symbol could not be trusted, or ""
};

}  // namespace llama_stack

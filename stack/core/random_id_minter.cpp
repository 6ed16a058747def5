#include "stack/core/random_id_minter.hpp"

#include <array>
#include <cstdio>

namespace llama_stack {

RandomIdMinter::RandomIdMinter() {
  std::random_device device;
  std::seed_seq seed{device(), device(), device(), device()};
  random_.seed(seed);
}

std::string RandomIdMinter::mint(std::string_view prefix) {
  std::uint64_t high = 0;
  std::uint32_t low = 0;
  {
    std::lock_guard lock(mutex_);
    high = random_();
    low = static_cast<std::uint32_t>(random_());
  }
  std::array<char, 25> hex{};
  std::snprintf(hex.data(), hex.size(), "%016llx%08x", static_cast<unsigned long long>(high), low);
  return std::string(prefix) + hex.data();
}

}  // namespace llama_stack

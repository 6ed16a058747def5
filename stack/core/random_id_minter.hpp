#pragma once
// The stack's IdMinter outside tests: 96 random bits per id.
#include <llama_stack/id_minter.hpp>

#include <mutex>
#include <random>

namespace llama_stack {

class RandomIdMinter final : public IdMinter {
 public:
  RandomIdMinter();
  std::string mint(std::string_view prefix) override;

 private:
  std::mutex mutex_;
  std::mt19937_64 random_;
};

}  // namespace llama_stack

#pragma once
// A typed stream of chunks, read one at a time as the provider produces them:
//   for (const auto& chunk : client.chat.completions.stream(params)) ...
#include <llama_stack/json_stream.hpp>

#include <iterator>
#include <memory>
#include <optional>

namespace llama_stack {

template <class Chunk>
class Stream {
 public:
  explicit Stream(std::unique_ptr<JsonStream> source) : source_(std::move(source)) {}

  // The next chunk, or nullopt at the end.
  std::optional<Chunk> next() {
    if (!source_) return std::nullopt;
    auto json = source_->next();
    if (!json) {
      source_.reset();
      return std::nullopt;
    }
    return Chunk::from_json(*json);
  }

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Chunk;
    using difference_type = std::ptrdiff_t;
    using pointer = const Chunk*;
    using reference = const Chunk&;

    iterator() = default;
    explicit iterator(Stream* stream) : stream_(stream) { ++*this; }
    reference operator*() const { return *current_; }
    pointer operator->() const { return &*current_; }
    iterator& operator++() {
      current_ = stream_->next();
      if (!current_) stream_ = nullptr;
      return *this;
    }
    bool operator==(const iterator& other) const { return stream_ == other.stream_; }

   private:
    Stream* stream_ = nullptr;
    std::optional<Chunk> current_;
  };

  iterator begin() { return iterator(this); }
  iterator end() { return iterator(); }

 private:
  std::unique_ptr<JsonStream> source_;
};

}  // namespace llama_stack

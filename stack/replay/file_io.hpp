#pragma once
// File reads and atomic writes for the replay store, with errors that name
// the file.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack::replay {

// The whole content of `file`; nullopt when it does not exist. Throws
// StackError naming the file when it exists but cannot be read or is not a
// regular file (a directory, FIFO or device).
std::optional<std::string> read_file_if_exists(const std::filesystem::path& file);

// Writes `text` to a temporary file beside `target` (a dot file, which
// listings skip) and renames it over `target`: readers see the old file or
// the new one, never a part. Throws StackError naming `target`.
void write_file_atomically(const std::filesystem::path& target, std::string_view text);

}  // namespace llama_stack::replay

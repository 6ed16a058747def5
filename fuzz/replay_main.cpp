// The main of a fuzz target outside a fuzzing build: runs the target once on
// every file given (or found below a directory given), without fuzzing, so
// that the kept corpus (fuzz/corpus/<target>/, every crash ever found among
// it) is a plain regression test in every build, the sanitizer one included.
#include "fuzz/fuzz_support.hpp"

#include <csignal>
#include <cstdlib>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// libFuzzer's -timeout, here: an input that hangs fails its test in seconds
// instead of at meson's timeout. FUZZ_REPLAY_TIMEOUT overrides the 20 s.
void on_alarm(int) {
  static const char message[] = "input timed out (FUZZ_REPLAY_TIMEOUT)\n";
  (void)!::write(2, message, sizeof message - 1);
  ::_exit(3);
}

unsigned replay_timeout() {
  const char* value = std::getenv("FUZZ_REPLAY_TIMEOUT");
  return value != nullptr ? static_cast<unsigned>(std::strtoul(value, nullptr, 10)) : 20;
}

std::vector<fs::path> inputs_of(const fs::path& arg) {
  std::vector<fs::path> files;
  if (!fs::is_directory(arg)) {
    files.push_back(arg);
    return files;
  }
  for (const auto& entry : fs::recursive_directory_iterator(arg)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // a failure reproduces in the same order
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " FILE_OR_DIR...\n";
    return 2;
  }
  std::signal(SIGALRM, on_alarm);
  const unsigned timeout = replay_timeout();
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    if (!fs::exists(argv[i])) {
      std::cerr << argv[i] << ": no such file or directory\n";
      return 2;
    }
    for (const fs::path& file : inputs_of(argv[i])) {
      std::ifstream in(file, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      // Named before running, so that a crash shows which input it was.
      std::cerr << "input: " << file.string() << "\n";
      ::alarm(timeout);
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ::alarm(0);
      ++count;
    }
  }
  if (count == 0) {
    std::cerr << "no inputs found in the given paths\n";
    return 1;
  }
  std::cout << "ran " << count << " inputs\n";
  return 0;
}

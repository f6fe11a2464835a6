#include "support/test_files.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "heapleak/snapshot/load.h"

namespace heapleak::testing {
namespace fs = std::filesystem;

Snapshot load_fixture(std::string_view relative) {
  auto r = load_snapshot(fixture_path(relative));
  if (!r.ok()) {
    ADD_FAILURE() << r.error().what();
    return {};
  }
  return std::move(r.value().snapshot);
}

std::string source_dir() { return HEAPLEAK_SOURCE_DIR; }
std::string heapleak_binary() { return HEAPLEAK_BINARY; }
std::string python() { return HEAPLEAK_PYTHON; }

std::string fixture_path(std::string_view relative) {
  return source_dir() + "/fixtures/" + std::string(relative);
}

static std::vector<std::string> list_fixtures(const std::vector<std::string>& dirs) {
  std::vector<std::string> out;
  for (const auto& dir : dirs) {
    const fs::path root = fs::path(source_dir()) / "fixtures" / dir;
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::directory_iterator(root)) {
      const std::string name = entry.path().filename().string();
      if (name.find(".heapsnapshot") != std::string::npos) out.push_back(dir + "/" + name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> real_fixtures() { return list_fixtures({"node", "chromium"}); }
std::vector<std::string> tiny_fixtures() { return list_fixtures({"tiny"}); }

static const fs::path& temp_dir() {
  static const fs::path dir = [] {
    std::string pattern = (fs::temp_directory_path() / "heapleak-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    static const std::string keep = pattern;
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(keep, ec);
    });
    return fs::path(pattern);
  }();
  return dir;
}

std::string temp_path(std::string_view name) { return (temp_dir() / std::string(name)).string(); }

std::string write_temp(std::string_view name, std::string_view contents) {
  const std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CommandResult run_command(const std::string& command) {
  static int counter = 0;
  const std::string out_path = temp_path("cmd-out-" + std::to_string(++counter));
  const std::string err_path = out_path + ".err";
  // The command goes to a script file so its own redirections and quoting stay intact.
  const std::string script = write_temp("cmd-" + std::to_string(counter) + ".sh", command + "\n");
  const std::string full = "bash " + script + " >" + out_path + " 2>" + err_path;
  const int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

}  // namespace heapleak::testing

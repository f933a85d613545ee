// io::OutputSet: files staged and swapped in whole, the previous set's entries removed, other
// files left alone, nothing swapped without commit(), interrupted swaps finished and dead
// processes' temporaries removed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

#include "caspian/io/output_set.hpp"

namespace {
namespace fs = std::filesystem;
using caspian::io::OutputSet;

fs::path fresh_dir(const std::string& name) {
  std::random_device rd;
  const auto dir = fs::temp_directory_path() / ("caspian-unit-" + name + std::to_string(rd()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}
void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}
std::string get(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
// A pid no process has: a child that has exited and been reaped.
pid_t dead_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

TEST(IoOutputSet, CommitReplacesThePreviousSetAndLeavesOtherFiles) {
  const auto dir = fresh_dir("set");
  put(dir / "notes.txt", "mine");
  {
    OutputSet first(dir, "caspian run a.yaml");
    put(first.dir() / "a.csv", "old a");
    put(first.dir() / "b.csv", "old b");
    put(first.dir() / "report" / "r.md", "old report");
    EXPECT_FALSE(fs::exists(dir / "a.csv"));  // staged, not yet in place
    first.commit();
  }
  EXPECT_EQ(get(dir / "b.csv"), "old b");
  EXPECT_EQ(get(dir / "report" / "r.md"), "old report");
  {
    OutputSet second(dir, "caspian run \"b\".yaml");
    put(second.dir() / "a.csv", "new a");
    put(second.dir() / "c.csv", "new c");
    put(second.dir() / "report" / "s.md", "new report");
    second.commit();
  }
  EXPECT_EQ(get(dir / "a.csv"), "new a");
  EXPECT_EQ(get(dir / "c.csv"), "new c");
  EXPECT_FALSE(fs::exists(dir / "b.csv"));  // the previous set's, not in the new one
  EXPECT_FALSE(fs::exists(dir / "report" / "r.md"));
  EXPECT_EQ(get(dir / "report" / "s.md"), "new report");
  EXPECT_EQ(get(dir / "notes.txt"), "mine");
  const auto m = caspian::io::read_manifest(dir / caspian::io::manifest_file_name);
  EXPECT_EQ(m.command, "caspian run \"b\".yaml");
  ASSERT_EQ(m.files.size(), 3u);
  EXPECT_EQ(m.files[0].path, "a.csv");
  EXPECT_EQ(m.files[0].bytes, 5u);
  EXPECT_EQ(m.files[2].path, "report/s.md");
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_FALSE(e.path().filename().string().starts_with(".caspian")) << e.path();
  fs::remove_all(dir);
}

TEST(IoOutputSet, WithoutCommitThePreviousSetStays) {
  const auto dir = fresh_dir("nocommit");
  {
    OutputSet first(dir, "one");
    put(first.dir() / "a.csv", "old a");
    first.commit();
  }
  const std::string manifest = get(dir / caspian::io::manifest_file_name);
  {
    OutputSet failed(dir, "two");
    put(failed.dir() / "a.csv", "new a");
    put(failed.dir() / "b.csv", "new b");
  }  // e.g. an exception before commit()
  EXPECT_EQ(get(dir / "a.csv"), "old a");
  EXPECT_FALSE(fs::exists(dir / "b.csv"));
  EXPECT_EQ(get(dir / caspian::io::manifest_file_name), manifest);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 2u);  // a.csv and the manifest: no staging folder left
  fs::remove_all(dir);
}

// A run killed after the commit point (its swap folder renamed, files half moved): the next
// one finishes the swap before it starts.
TEST(IoOutputSet, AnInterruptedSwapIsFinished) {
  const auto dir = fresh_dir("swap");
  {
    OutputSet first(dir, "one");
    put(first.dir() / "a.csv", "old a");
    put(first.dir() / "b.csv", "old b");
    first.commit();
  }
  const auto swap = dir / (".caspian-swap-" + std::to_string(dead_pid()));
  caspian::io::Manifest next{"two", "0", {{"a.csv", 5}, {"c.csv", 5}}};
  put(swap / caspian::io::manifest_file_name, caspian::io::manifest_json(next));
  put(swap / ".previous-entries", "a.csv\nb.csv\n");
  put(swap / "a.csv", "new a");
  put(dir / "c.csv", "new c");  // moved in before the kill
  fs::remove(dir / caspian::io::manifest_file_name);
  caspian::io::clean_stale_outputs(dir);
  EXPECT_EQ(get(dir / "a.csv"), "new a");
  EXPECT_EQ(get(dir / "c.csv"), "new c");
  EXPECT_FALSE(fs::exists(dir / "b.csv"));
  EXPECT_FALSE(fs::exists(swap));
  EXPECT_EQ(caspian::io::read_manifest(dir / caspian::io::manifest_file_name).command, "two");
  fs::remove_all(dir);
}

TEST(IoOutputSet, TemporariesOfDeadProcessesAreRemovedOthersKept) {
  const auto dir = fresh_dir("stale");
  const std::string dead = std::to_string(dead_pid());
  const std::string live = std::to_string(::getppid());  // the test runner's parent: alive
  for (const auto& name : {".caspian-staging-" + dead, "sea_level.nc.tmp." + dead,
                           "report.tmp." + dead, "report.old." + dead})
    put(dir / name / "x", "stale");
  put(dir / ("ports.nc.tmp." + dead), "stale");
  put(dir / (".caspian-staging-" + live) / "x", "in use");
  put(dir / ("ports.nc.tmp." + live), "in use");
  put(dir / "my.tmp.notes", "mine");
  caspian::io::clean_stale_outputs(dir);
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir)) left.push_back(e.path().filename().string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{".caspian-staging-" + live, "my.tmp.notes",
                                            "ports.nc.tmp." + live}));
  fs::remove_all(dir);
}

TEST(IoOutputSet, ManifestRoundTripsNamesThatNeedEscapes) {
  caspian::io::Manifest m{"caspian run \"x\\y\".yaml\t", "0.1.0", {{"a b\".csv", 12}}};
  const auto dir = fresh_dir("json");
  put(dir / "m.json", caspian::io::manifest_json(m));
  const auto back = caspian::io::read_manifest(dir / "m.json");
  EXPECT_EQ(back.command, m.command);
  EXPECT_EQ(back.version, "0.1.0");
  ASSERT_EQ(back.files.size(), 1u);
  EXPECT_EQ(back.files[0].path, "a b\".csv");
  EXPECT_EQ(back.files[0].bytes, 12u);
  // Not a manifest of ours: nothing to remove.
  put(dir / "other.json", "{\"files\": [{\"path\": \"../../etc\", \"bytes\": 1}]}");
  EXPECT_TRUE(caspian::io::read_manifest(dir / "other.json").files.empty());
  fs::remove_all(dir);
}

}  // namespace

#pragma once
// Messages of every subcommand through spdlog: info lines (what runs, timing), warnings, debug
// lines (--verbose) and errors, on stderr and, with --log-file, also in a file with time stamps.
// Results (tables, summaries, CSV) stay on stdout. Set up once in main(); the physics never logs.
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace caspian::cli {

struct LogOptions {
  bool verbose = false;                 // --verbose: debug lines too
  bool quiet = false;                   // --quiet: warnings and errors only
  std::optional<std::string> log_file;  // --log-file FILE: messages also written to FILE
};

// Adds --verbose, --quiet and --log-file to the app and to each of its subcommands (a subcommand
// that has its own --quiet keeps it; it then also means warnings and errors only).
void add_log_options(CLI::App& app, LogOptions& options);

// After parsing: the default spdlog logger on stderr at the chosen level, plus the log file.
// Under an MPI launcher, ranks other than 0 log warnings and errors only (debug with --verbose)
// and write no log file unless --verbose (then FILE.rank<N>). A log file that cannot be opened
// is an InputError naming it.
void setup_logging(const CLI::App& app, LogOptions options);

// Writes a line to the log file only (if any), at info level: for the heartbeat when stderr is
// a terminal that shows its own progress line.
void log_to_file_only(const std::string& line);

// True when info lines are shown (not --quiet, not an MPI rank other than 0).
bool info_enabled();

// True when stderr is a terminal.
bool stderr_is_terminal();

}  // namespace caspian::cli

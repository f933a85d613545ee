#include "logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

#include "caspian/core/error.hpp"

namespace caspian::cli {

namespace {

// The log file's own logger, for lines that go to the file but not to stderr.
std::shared_ptr<spdlog::logger>& file_logger() {
  static std::shared_ptr<spdlog::logger> logger;
  return logger;
}

// "debug: " before debug lines on stderr; info lines and warnings (whose text says "warning")
// are printed as they are.
class LevelPrefix : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    if (msg.level <= spdlog::level::debug) {
      constexpr std::string_view prefix = "debug: ";
      dest.append(prefix.data(), prefix.data() + prefix.size());
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<LevelPrefix>();
  }
};

// This process's MPI rank when started by an MPI launcher (mpirun, mpiexec, srun), else 0.
int launcher_rank() {
  for (const char* v : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"})
    if (const char* value = std::getenv(v)) return std::atoi(value);
  return 0;
}

void add_to(CLI::App& app, LogOptions& options) {
  auto* verbose = app.add_flag("--verbose", options.verbose, "Debug messages too");
  CLI::Option* quiet = app.get_option_no_throw("--quiet");
  if (quiet == nullptr) quiet = app.add_flag("--quiet", options.quiet, "Warnings and errors only");
  verbose->excludes(quiet);
  app.add_option("--log-file", options.log_file,
                 "Also write the messages to FILE, with time stamps (UTC)");
}

}  // namespace

void add_log_options(CLI::App& app, LogOptions& options) {
  add_to(app, options);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) add_to(*sub, options);
}

void setup_logging(const CLI::App& app, LogOptions options) {
  for (const CLI::App* sub : app.get_subcommands()) {
    const CLI::Option* quiet = sub->get_option_no_throw("--quiet");
    if (quiet != nullptr && quiet->count() > 0) options.quiet = true;
  }
  const int rank = launcher_rank();
  auto level = options.verbose ? spdlog::level::debug
               : options.quiet ? spdlog::level::warn
                               : spdlog::level::info;
  if (rank != 0 && !options.verbose) level = spdlog::level::warn;

  auto stderr_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto stderr_format = std::make_unique<spdlog::pattern_formatter>();
  stderr_format->add_flag<LevelPrefix>('*').set_pattern("%*%v");
  stderr_sink->set_formatter(std::move(stderr_format));
  auto logger = std::make_shared<spdlog::logger>("caspian", stderr_sink);
  logger->set_level(level);
  spdlog::set_default_logger(logger);

  if (!options.log_file || (rank != 0 && !options.verbose)) return;
  const std::string path =
      rank == 0 ? *options.log_file : *options.log_file + ".rank" + std::to_string(rank);
  auto refuse = [&path](const std::string& why) {
    throw core::InputError(path, "--log-file",
                           "cannot be opened for writing (" + why +
                               "); expected a file in an existing folder this user can write to");
  };
  // spdlog would create missing folders: a mistyped path is refused instead.
  const auto folder = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!folder.empty() && !std::filesystem::is_directory(folder, ec))
    refuse("no folder " + folder.string());
  std::shared_ptr<spdlog::sinks::basic_file_sink_mt> file_sink;
  errno = 0;
  try {
    file_sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, true);
  } catch (const spdlog::spdlog_ex&) {
    refuse(errno != 0 ? std::strerror(errno) : "unknown reason");
  }
  file_sink->set_formatter(std::make_unique<spdlog::pattern_formatter>(
      "%Y-%m-%dT%H:%M:%S.%eZ [%l] %v", spdlog::pattern_time_type::utc));
  logger->sinks().push_back(file_sink);
  logger->flush_on(spdlog::level::debug);  // a killed job keeps every line written so far
  auto file_only = std::make_shared<spdlog::logger>("caspian-file", file_sink);
  file_only->set_level(level);
  file_only->flush_on(spdlog::level::debug);
  file_logger() = file_only;
}

void log_to_file_only(const std::string& line) {
  if (file_logger()) file_logger()->info(line);
}

bool info_enabled() { return spdlog::default_logger_raw()->should_log(spdlog::level::info); }

bool stderr_is_terminal() { return isatty(STDERR_FILENO) != 0; }

}  // namespace caspian::cli

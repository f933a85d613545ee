#include "caspian/io/checkpoint.hpp"

#include <fmt/format.h>
#include <netcdf.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include "caspian/core/error.hpp"
#include "netcdf_internal.hpp"
#include "restart_internal.hpp"

namespace caspian::io {

namespace {
// At most this many values in a member's results (a 1000-year monthly run of 100 columns holds
// 1.2 million).
constexpr std::size_t max_result_values = 100'000'000;

void check_write(int status, const std::string& where, const std::string& what) {
  if (status != NC_NOERR)
    throw core::Error(where + ": cannot write " + what + " (" + nc_strerror(status) + ")");
}

void put_text(int ncid, const std::string& name, const std::string& value,
              const std::string& where) {
  check_write(nc_put_att_text(ncid, NC_GLOBAL, name.c_str(), value.size(), value.data()), where,
              "attribute '" + name + "'");
}

void put_doubles(int ncid, const std::string& name, const std::vector<std::string>& dims,
                 const std::vector<std::size_t>& lengths, const std::vector<double>& values,
                 const std::string& long_name, const std::string& where) {
  std::vector<int> ids;
  for (std::size_t k = 0; k < dims.size(); ++k) {
    int id = -1;
    check_write(nc_def_dim(ncid, dims[k].c_str(), lengths[k], &id), where,
                "dimension '" + dims[k] + "'");
    ids.push_back(id);
  }
  int var = -1;
  check_write(nc_def_var(ncid, name.c_str(), NC_DOUBLE, int(ids.size()), ids.data(), &var), where,
              "variable '" + name + "'");
  check_write(nc_put_att_text(ncid, var, "long_name", long_name.size(), long_name.data()), where,
              "attribute long_name");
  check_write(nc_enddef(ncid), where, "the header");
  if (!values.empty())
    check_write(nc_put_var_double(ncid, var, values.data()), where, "variable '" + name + "'");
}

std::string get_text(int ncid, const std::string& name, const std::string& where) {
  const auto value = detail::text_attribute(ncid, NC_GLOBAL, name);
  if (!value)
    throw core::InputError(where, name,
                           "global attribute missing or not a text (expected a caspian "
                           "ensemble checkpoint)");
  return *value;
}

std::uint64_t get_number(int ncid, const std::string& name, const std::string& where) {
  const std::string text = get_text(ncid, name, where);
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    throw core::InputError(where, name, "'" + text + "' is not a non-negative integer");
  return value;
}

// A double variable of `rank` dimensions (every value finite if `finite`); its lengths in
// `lengths`.
std::vector<double> get_doubles(int ncid, const std::string& name, int rank, bool finite,
                                std::vector<std::size_t>& lengths, const std::string& where) {
  const int var = detail::find_variable(ncid, where, name);
  nc_type type = 0;
  int ndims = 0;
  int dims[NC_MAX_VAR_DIMS];
  if (nc_inq_var(ncid, var, nullptr, &type, &ndims, dims, nullptr) != NC_NOERR ||
      type != NC_DOUBLE || ndims != rank)
    throw core::InputError(where, name,
                           fmt::format("expected a double variable of {} dimension(s)", rank));
  std::size_t count = 1;
  lengths.assign(std::size_t(rank), 0);
  for (int k = 0; k < rank; ++k) {
    nc_inq_dimlen(ncid, dims[k], &lengths[std::size_t(k)]);
    count *= lengths[std::size_t(k)];
  }
  if (count > max_result_values)
    throw core::InputError(
        where, name, fmt::format("holds {} values; expected at most {}", count, max_result_values));
  std::vector<double> values(count);
  if (count > 0 && nc_get_var_double(ncid, var, values.data()) != NC_NOERR)
    throw core::InputError(where, name, "cannot read the variable");
  for (double v : values)
    if (finite && !std::isfinite(v))
      throw core::InputError(where, name, "holds a value that is not finite");
  return values;
}
}  // namespace

void write_member_checkpoint(const std::filesystem::path& path,
                             const MemberCheckpoint& checkpoint) {
  const std::string where = path.string();
  RestartState state = checkpoint.state;
  if (checkpoint.finished) state.catchment.reset();
  state.ports.reset();
  if (!checkpoint.finished && checkpoint.month_result_columns > 0 &&
      checkpoint.month_results.size() % checkpoint.month_result_columns != 0)
    throw core::Error(where + ": cannot write the checkpoint: the results are not whole months");
  // The restart part and the member's part in one file, written under a temporary name and
  // renamed when complete.
  detail::write_restart_with(path, state, [&](int ncid, const std::string&) {
    put_text(ncid, "title", "caspian ensemble member checkpoint", where);
    put_text(ncid, "checkpoint_status", checkpoint.finished ? "finished" : "in progress", where);
    put_text(ncid, "member", std::to_string(checkpoint.member), where);
    put_text(ncid, "weather_seed", std::to_string(checkpoint.weather_seed), where);
    if (checkpoint.finished) {
      put_doubles(ncid, "packed_results", {"packed_value"}, {checkpoint.packed_results.size()},
                  checkpoint.packed_results,
                  "the member's annual results, packed (caspian ensemble::pack)", where);
    } else {
      const std::size_t columns = checkpoint.month_result_columns;
      const std::size_t months = columns ? checkpoint.month_results.size() / columns : 0;
      put_doubles(ncid, "month_results", {"month_done", "result_column"}, {months, columns},
                  checkpoint.month_results,
                  "the sea's results of every month simulated (year, month, days, ice area, "
                  "levels, volume, balance terms, river inflows)",
                  where);
    }
  });
}

MemberCheckpoint read_member_checkpoint(const std::filesystem::path& path,
                                        const RestartShape& shape) {
  const std::string where = path.string();
  MemberCheckpoint c;
  {
    auto file = detail::open_for_reading(where);
    const int ncid = file.id();
    const std::string status = get_text(ncid, "checkpoint_status", where);
    if (status != "finished" && status != "in progress")
      throw core::InputError(where, "checkpoint_status",
                             "'" + status + "'; expected 'finished' or 'in progress'");
    c.finished = status == "finished";
    c.member = std::size_t(get_number(ncid, "member", where));
    c.weather_seed = get_number(ncid, "weather_seed", where);
    std::vector<std::size_t> lengths;
    if (c.finished) {
      c.packed_results = get_doubles(ncid, "packed_results", 1, false, lengths, where);
    } else {
      c.month_results = get_doubles(ncid, "month_results", 2, true, lengths, where);
      c.month_result_columns = lengths[1];
    }
  }
  RestartShape restart_shape = shape;
  restart_shape.ports.reset();
  if (c.finished) restart_shape.catchment_cells = 0;
  c.state = read_restart(path, restart_shape);
  return c;
}

}  // namespace caspian::io

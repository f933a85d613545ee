// Issue 12: a coupled run split after the shoreline has moved equals the run that never stopped
// (the restart carries the network's shoreline and the channel water of flooded cells), and a
// projection with the port check split after 2060 equals it in every output (the restart carries
// the port check's dredged beds, cumulative volumes and first years). The validation of damaged
// restart files is in restart_files_test.cpp.
#include <gtest/gtest.h>
#include <netcdf.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "system/netcdf_edit.hpp"
#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

std::string hindcast(const std::string& start, const std::string& end) {
  std::string text = inputs_run_file_text("hindcast_1979_2018.yaml");
  text = replace_once(text, "start: 1979-01", "start: " + start);
  text = replace_once(text, "end: 2018-12", "end: " + end);
  return replace_once(text, "write_fields: true", "write_fields: false\n  warmup_cycles: 1");
}

std::vector<double> read_dataset(const std::filesystem::path& file, const std::string& name) {
  return read_doubles(file, name);
}

struct Variable {
  std::vector<std::string> dims;
  std::vector<std::size_t> lengths;
  std::vector<double> values;
};

// The numeric variables of a NetCDF file (coordinates and bounds aside: their reference times
// are the run's start), read as double.
std::map<std::string, Variable> numeric_variables(const std::filesystem::path& path) {
  std::map<std::string, Variable> out;
  int ncid = -1, nvars = 0;
  if (nc_open(path.c_str(), NC_NOWRITE, &ncid) != NC_NOERR) return out;
  nc_inq_nvars(ncid, &nvars);
  for (int v = 0; v < nvars; ++v) {
    char name[NC_MAX_NAME + 1] = {};
    nc_type type = 0;
    int ndims = 0, dimids[NC_MAX_VAR_DIMS] = {};
    nc_inq_var(ncid, v, name, &type, &ndims, dimids, nullptr);
    const std::string n = name;
    // Time coordinates (time, time_start, time_end, ...) count from each file's own first month.
    std::size_t units_length = 0;
    std::string units;
    if (nc_inq_attlen(ncid, v, "units", &units_length) == NC_NOERR) {
      units.resize(units_length);
      nc_get_att_text(ncid, v, "units", units.data());
    }
    if (type == NC_CHAR || type == NC_STRING || n == "time" || n == "year" ||
        units.find(" since ") != std::string::npos || n.find("_bnds") != std::string::npos ||
        n.find("_bounds") != std::string::npos)
      continue;
    Variable var;
    std::size_t count = 1;
    for (int d = 0; d < ndims; ++d) {
      char dim[NC_MAX_NAME + 1] = {};
      std::size_t len = 0;
      nc_inq_dim(ncid, dimids[d], dim, &len);
      var.dims.push_back(dim);
      var.lengths.push_back(len);
      count *= len;
    }
    var.values.resize(count);
    if (count > 0) nc_get_var_double(ncid, v, var.values.data());
    out[n] = std::move(var);
  }
  nc_close(ncid);
  return out;
}

// Every numeric variable of `part` (the tail of a run) equals the same variable of `whole` at the
// same times, bit for bit (time-less variables entirely). Returns the number of values compared.
std::size_t expect_tail_equal(const std::filesystem::path& part,
                              const std::filesystem::path& whole) {
  const auto p = numeric_variables(part), w = numeric_variables(whole);
  EXPECT_FALSE(p.empty()) << part;
  std::size_t compared = 0;
  for (const auto& [name, pv] : p) {
    const auto it = w.find(name);
    if (it == w.end()) {
      ADD_FAILURE() << name << " of " << part << " is not in " << whole;
      continue;
    }
    const Variable& wv = it->second;
    EXPECT_EQ(pv.dims, wv.dims) << name;
    if (pv.dims != wv.dims) continue;
    // The time axis (time or year) of the part is the last steps of the whole's.
    std::size_t axis = pv.dims.size(), offset = 0;
    for (std::size_t d = 0; d < pv.dims.size(); ++d) {
      if (pv.dims[d] == "time" || pv.dims[d] == "year") {
        axis = d;
        offset = wv.lengths[d] - pv.lengths[d];
        break;
      }
    }
    for (std::size_t d = 0; d < pv.dims.size(); ++d) {
      if (d != axis) {
        EXPECT_EQ(pv.lengths[d], wv.lengths[d]) << name << " " << pv.dims[d];
      }
    }
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < pv.values.size(); ++i) {
      // The index in the whole: the same, shifted along the time axis.
      std::size_t rest = i, j = 0, stride = 1;
      std::vector<std::size_t> index(pv.dims.size());
      for (std::size_t d = pv.dims.size(); d-- > 0;) {
        index[d] = rest % pv.lengths[d];
        rest /= pv.lengths[d];
      }
      for (std::size_t d = pv.dims.size(); d-- > 0;) {
        j += (index[d] + (d == axis ? offset : 0)) * stride;
        stride *= wv.lengths[d];
      }
      if (std::memcmp(&pv.values[i], &wv.values[j], sizeof(double)) != 0) ++mismatches;
      ++compared;
    }
    EXPECT_EQ(mismatches, 0u) << name << " of " << part;
  }
  return compared;
}

TEST(RestartValidation, CoupledRunSplitAfterTheShorelineMovedEqualsOneRun) {
  // 1979-1986 the modelled sea rises ~1 m: the network is rebuilt for a new shoreline each
  // December, so a split after 1986 must carry the shoreline and the flooded cells' channel water.
  const auto dir = scratch_dir("restart-shoreline");
  write_text(dir / "whole.yaml", hindcast("1979-01", "1988-12"));
  write_text(dir / "first.yaml", hindcast("1979-01", "1986-12"));
  write_text(dir / "second.yaml", hindcast("1987-01", "1988-12"));
  ASSERT_EQ(run_caspian("run --quiet " + quoted(dir / "whole.yaml") + " --output-dir " +
                        quoted(dir / "w"))
                .exit_code,
            0);
  ASSERT_EQ(run_caspian("run --quiet " + quoted(dir / "first.yaml") + " --output-dir " +
                        quoted(dir / "a") + " --save-state " + quoted(dir / "state.nc"))
                .exit_code,
            0);
  // The shoreline did move: the saved network is not the initial one.
  EXPECT_FALSE(read_dataset(dir / "state.nc", "sea_mask").empty());
  const auto second = run_caspian("run --quiet " + quoted(dir / "second.yaml") + " --output-dir " +
                                  quoted(dir / "b") + " --restart " + quoted(dir / "state.nc"));
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_EQ(rows_from(read_text(dir / "b/annual_summary.csv"), 1987),
            rows_from(read_text(dir / "w/annual_summary.csv"), 1987));
  EXPECT_EQ(rows_from(read_text(dir / "b/river_inflow_annual.csv"), 1987),
            rows_from(read_text(dir / "w/river_inflow_annual.csv"), 1987));

  std::filesystem::remove_all(dir);
}

// Issue 12: a run split in two lost the port check's state (the second half re-dredged 6.7 Mm3,
// cumulative dredging restarted at 0, first shortfalls were reported again). Split after 2060,
// when the sea has fallen and the ports have been dredged, every output of the second half equals
// the run that never stopped.
TEST(RestartValidation, ProjectionWithThePortCheckSplitAfter2060EqualsOneRun) {
  const auto dir = scratch_dir("restart-ports");
  const std::string text = replace_once(default_run_file_text(), "end: 2100-12", "end: 2070-12");
  write_text(dir / "whole.yaml", text);
  write_text(dir / "first.yaml", replace_once(text, "end: 2070-12", "end: 2060-12"));
  write_text(dir / "second.yaml", replace_once(text, "start: 2025-01", "start: 2061-01"));
  const auto whole = run_caspian("run --quiet " + quoted(dir / "whole.yaml") + " --output-dir " +
                                 quoted(dir / "w") + " --save-state " + quoted(dir / "end_w.nc"));
  ASSERT_EQ(whole.exit_code, 0) << whole.out;
  const auto first = run_caspian("run --quiet " + quoted(dir / "first.yaml") + " --output-dir " +
                                 quoted(dir / "a") + " --save-state " + quoted(dir / "state.nc"));
  ASSERT_EQ(first.exit_code, 0) << first.out;
  // The test means something: by 2060 the held ports have been dredged and first years found.
  const auto cumulative = read_doubles(dir / "state.nc", "port_dredge_cumulative_m3");
  ASSERT_FALSE(cumulative.empty());
  double dredged_m3 = 0.0;
  for (double v : cumulative)
    if (v == v) dredged_m3 += v;
  EXPECT_GT(dredged_m3, 1e6);
  bool found = false;
  for (double y : read_doubles(dir / "state.nc", "first_year_worst_month"))
    found |= y != NC_FILL_INT;
  EXPECT_TRUE(found);

  const auto second = run_caspian("run --quiet " + quoted(dir / "second.yaml") + " --output-dir " +
                                  quoted(dir / "b") + " --restart " + quoted(dir / "state.nc") +
                                  " --save-state " + quoted(dir / "end_b.nc"));
  ASSERT_EQ(second.exit_code, 0) << second.out;
  for (const char* csv : {"annual_summary.csv"}) {
    const auto rows = rows_from(read_text(dir / "w" / csv), 2061);
    EXPECT_EQ(rows.size(), 10u) << csv;
    EXPECT_EQ(rows_from(read_text(dir / "b" / csv), 2061), rows) << csv;
  }
  // The port tables: rows from 2061 (policy first, then year).
  const auto rows_of = [](const std::string& csv) {
    std::vector<std::string> out;
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      const auto comma = line.find(',');
      if (comma != std::string::npos && std::stoi(line.substr(comma + 1)) >= 2061)
        out.push_back(line);
    }
    return out;
  };
  for (const char* csv : {"ports_annual.csv", "vessels_annual.csv", "corridors_annual.csv"}) {
    const auto rows = rows_of(read_text(dir / "w" / csv));
    EXPECT_GT(rows.size(), 10u) << csv;
    EXPECT_EQ(rows_of(read_text(dir / "b" / csv)), rows) << csv;
  }
  // The first years are those of the whole run (found before 2061 or after).
  EXPECT_EQ(read_text(dir / "b/first_years.csv"), read_text(dir / "w/first_years.csv"));
  // And the corridor lines the run prints.
  const auto shortfall_lines = [](const std::string& out) {
    std::string lines;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line))
      if (line.find("first year short of demand") != std::string::npos) lines += line + "\n";
    return lines;
  };
  EXPECT_FALSE(shortfall_lines(whole.out).empty());
  EXPECT_EQ(shortfall_lines(second.out), shortfall_lines(whole.out));
  for (const char* nc : {"ports.nc", "sea_level.nc", "wet_fraction.nc"}) {
    EXPECT_GT(expect_tail_equal(dir / "b" / nc, dir / "w" / nc), 100u) << nc;
  }
  // The continued run saves the state of the whole run's end.
  for (const char* name : {"port_bed_m_bs", "port_dredge_cumulative_m3", "first_year_annual",
                           "first_year_worst_month", "sea_level_m_bs"}) {
    const auto b = read_doubles(dir / "end_b.nc", name), w = read_doubles(dir / "end_w.nc", name);
    EXPECT_FALSE(b.empty()) << name;
    EXPECT_EQ(std::memcmp(b.data(), w.data(), b.size() * sizeof(double)), 0) << name;
  }

  // A state saved without the port check cannot continue a run with it.
  write_text(dir / "first_no_ports.yaml", replace_once(text.substr(0, text.find("\nports:") + 1),
                                                       "end: 2070-12", "end: 2060-12"));
  ASSERT_EQ(run_caspian("run --quiet " + quoted(dir / "first_no_ports.yaml") + " --output-dir " +
                        quoted(dir / "e") + " --save-state " + quoted(dir / "no_ports.nc"))
                .exit_code,
            0);
  const auto refused = run_caspian("run --quiet " + quoted(dir / "second.yaml") + " --output-dir " +
                                   quoted(dir / "f") + " --restart " + quoted(dir / "no_ports.nc"));
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
  EXPECT_NE(refused.out.find(dir.string() + "/no_ports.nc: port_bed_m_bs: variable missing"),
            std::string::npos)
      << refused.out;
  EXPECT_TRUE(folder_is_empty(dir / "f"));
  std::filesystem::remove_all(dir);
}

// Issue 10: the weather bootstrap of a split catchment projection drew its years from the second
// part's run.start, so the second part got other weather than the run that never stopped. The
// draws are laid from the projection's first year, which the restart file records.
TEST(RestartValidation, BootstrappedCatchmentProjectionSplitEqualsOneRun) {
  const auto dir = scratch_dir("restart-bootstrap");
  std::string text = inputs_run_file_text("default.yaml");
  ASSERT_NE(text.find("bootstrap:"), std::string::npos);
  text = replace_once(text, "end: 2100-12", "end: 2030-12");
  write_text(dir / "whole.yaml", text);
  write_text(dir / "first.yaml", replace_once(text, "end: 2030-12", "end: 2027-12"));
  write_text(dir / "second.yaml", replace_once(text, "start: 2025-01", "start: 2028-01"));
  const auto whole = run_caspian("run --quiet " + quoted(dir / "whole.yaml") + " --output-dir " +
                                 quoted(dir / "w"));
  ASSERT_EQ(whole.exit_code, 0) << whole.out;
  const auto first = run_caspian("run --quiet " + quoted(dir / "first.yaml") + " --output-dir " +
                                 quoted(dir / "a") + " --save-state " + quoted(dir / "state.nc"));
  ASSERT_EQ(first.exit_code, 0) << first.out;
  const auto origin = run_shell("ncdump -h " + quoted(dir / "state.nc"));
  EXPECT_NE(origin.out.find("bootstrap_origin_year = \"2025\""), std::string::npos) << origin.out;
  const auto second = run_caspian("run --quiet " + quoted(dir / "second.yaml") + " --output-dir " +
                                  quoted(dir / "b") + " --restart " + quoted(dir / "state.nc"));
  ASSERT_EQ(second.exit_code, 0) << second.out;
  for (const char* csv : {"annual_summary.csv", "river_inflow_annual.csv"}) {
    const auto rows = rows_from(read_text(dir / "w" / csv), 2028);
    EXPECT_EQ(rows.size(), 3u) << csv;
    EXPECT_EQ(rows_from(read_text(dir / "b" / csv), 2028), rows) << csv;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace

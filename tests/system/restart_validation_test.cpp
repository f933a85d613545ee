// Issue 12: restart files are validated dataset by dataset (size, type, values) with messages
// naming the file and the dataset, and a coupled run split after the shoreline has moved equals
// the run that never stopped (the restart carries the network's shoreline and the channel water
// of flooded cells).
#include <gtest/gtest.h>
#include <hdf5.h>

#include <string>
#include <vector>

#include "system/run_helpers.hpp"

namespace {
using namespace caspian::testing;

std::string hindcast(const std::string& start, const std::string& end) {
  std::string text = inputs_run_file_text("hindcast_1979_2018.yaml");
  text = replace_once(text, "start: 1979-01", "start: " + start);
  text = replace_once(text, "end: 2018-12", "end: " + end);
  return replace_once(text, "write_fields: true", "write_fields: false\n  warmup_cycles: 1");
}

// Replaces a dataset of an HDF5 file by `values` (doubles), or by a text attribute value.
void replace_dataset(const std::filesystem::path& file, const std::string& name,
                     const std::vector<double>& values) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  H5Ldelete(f, name.c_str(), H5P_DEFAULT);
  const hsize_t n = values.size();
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t set =
      H5Dcreate2(f, name.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (n > 0) H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  H5Dclose(set);
  H5Sclose(space);
  H5Fclose(f);
}

void replace_text_attribute(const std::filesystem::path& file, const std::string& name,
                            const std::string& value) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  H5Adelete(f, name.c_str());
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, value.size() + 1);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attr = H5Acreate2(f, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(attr, type, value.c_str());
  H5Aclose(attr);
  H5Sclose(space);
  H5Tclose(type);
  H5Fclose(f);
}

std::vector<double> read_dataset(const std::filesystem::path& file, const std::string& name) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  std::vector<double> v;
  if (f < 0 || H5Lexists(f, name.c_str(), H5P_DEFAULT) <= 0) {
    if (f >= 0) H5Fclose(f);
    return v;
  }
  const hid_t set = H5Dopen2(f, name.c_str(), H5P_DEFAULT);
  const hid_t space = H5Dget_space(set);
  v.resize(std::size_t(H5Sget_simple_extent_npoints(space)));
  H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  H5Sclose(space);
  H5Dclose(set);
  H5Fclose(f);
  return v;
}

std::vector<std::string> rows_from(const std::string& csv, int first_year) {
  std::vector<std::string> rows;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0])) &&
        std::stoi(line) >= first_year)
      rows.push_back(line);
  return rows;
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
                        quoted(dir / "a") + " --save-state " + quoted(dir / "state.h5"))
                .exit_code,
            0);
  // The shoreline did move: the saved network is not the initial one.
  EXPECT_FALSE(read_dataset(dir / "state.h5", "sea_mask").empty());
  const auto second = run_caspian("run --quiet " + quoted(dir / "second.yaml") + " --output-dir " +
                                  quoted(dir / "b") + " --restart " + quoted(dir / "state.h5"));
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_EQ(rows_from(read_text(dir / "b/annual_summary.csv"), 1987),
            rows_from(read_text(dir / "w/annual_summary.csv"), 1987));
  EXPECT_EQ(rows_from(read_text(dir / "b/river_inflow_annual.csv"), 1987),
            rows_from(read_text(dir / "w/river_inflow_annual.csv"), 1987));

  // Damaged copies of the state: each refused with exit 2, naming the file and the dataset.
  struct Damage {
    std::string dataset;
    std::vector<double> values;  // empty + text: an attribute
    std::string text;
    std::string expect;
  };
  const auto channels = read_dataset(dir / "state.h5", "channel_storage_m3");
  ASSERT_FALSE(channels.empty());
  auto nan_channels = channels;
  nan_channels[7] = std::nan("");
  auto negative_soil = read_dataset(dir / "state.h5", "soil_moisture_mm");
  negative_soil[3] = -5.0;
  const std::vector<Damage> cases{
      {"channel_storage_m3", std::vector<double>(channels.begin(), channels.begin() + 10), "",
       "holds 10 values"},
      {"upper_zone_mm", {1.0, 2.0}, "", "holds 2 values"},
      {"routing_pending_mm", {0.0}, "", "holds 1 values"},
      {"channel_storage_m3", nan_channels, "", "not a finite value"},
      {"soil_moisture_mm", negative_soil, "", "not a finite value >= 0"},
      {"sea_level_m_bs", {}, "", "holds 0 values; expected one"},
      {"sea_level_m_bs", {1e30}, "", "not a level this run's bathymetry holds"},
      {"config_hash", {}, "not-a-number", "is not an unsigned decimal hash"},
  };
  int k = 0;
  for (const auto& d : cases) {
    const auto bad = dir / ("bad" + std::to_string(k++) + ".h5");
    std::filesystem::copy_file(dir / "state.h5", bad);
    if (d.text.empty())
      replace_dataset(bad, d.dataset, d.values);
    else
      replace_text_attribute(bad, d.dataset, d.text);
    const auto out = dir / ("out" + std::to_string(k));
    const auto r = run_caspian("run --quiet " + quoted(dir / "second.yaml") + " --output-dir " +
                               quoted(out) + " --restart " + quoted(bad));
    EXPECT_EQ(r.exit_code, 2) << d.dataset << ": " << r.out;
    EXPECT_NE(r.out.find(bad.string()), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(d.dataset), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(d.expect), std::string::npos) << d.expect << " in " << r.out;
    EXPECT_TRUE(folder_is_empty(out)) << d.dataset;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace

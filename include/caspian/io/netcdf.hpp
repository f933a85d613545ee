#pragma once
// The NetCDF layer: CF reading (cf_reader.hpp) and CF writing (cf_writer.hpp).
// netCDF-C is not thread-safe: call these from one thread at a time.
#include "caspian/io/cf_reader.hpp"
#include "caspian/io/cf_writer.hpp"

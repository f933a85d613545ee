#pragma once
// Units of input files, read with UDUNITS-2: conversions to the units the model works in, and CF
// time units "<unit> since <date> [<time>] [<zone>]" with the time-zone offset applied.
//
// Why in io and not core: UDUNITS-2 reads its XML units database from disk when it starts, and
// core does no I/O. core keeps the pure part (core::Quantity, core::LinearConversion, the model's
// unit strings, date arithmetic); this wrapper owns the unit system, read once per process on
// first use (thread-safe), and serialises calls into UDUNITS (whose parser is not reentrant).
// Nothing of it is visible to the physics.
#include <optional>
#include <string>
#include <string_view>

#include "caspian/core/time.hpp"
#include "caspian/core/units.hpp"

namespace caspian::io {

// value_in_model_units = scale * value + offset, for any UDUNITS-2 spelling of the quantity
// (water fluxes also as a mass flux such as kg m-2 s-1, at 1000 kg m-3). nullopt when the string
// is not a unit UDUNITS-2 reads or not one of that quantity. Throws core::Error if the units
// database cannot be read.
std::optional<core::LinearConversion> conversion_to_model_units(core::Quantity q,
                                                                std::string_view units);

// The km3 of a recorded series per calendar period: km3 per year or per month (any UDUNITS-2
// spelling, and km3/a); nullopt otherwise.
std::optional<core::RecordPeriod> km3_per_period(std::string_view units);

// "<unit> since <date>[( |T)<time>][ <zone>]": the unit (seconds to days; months and years are
// refused, CF discourages them) by UDUNITS-2, the date as written (in the file's calendar) and
// the time of day with its zone offset by UDUNITS-2, so that epoch.seconds is the reference
// instant's seconds after 00:00 UTC of epoch's day (negative for a zone east of UTC at midnight).
// Zones: Z, UTC, GMT or an offset +HH, +HHMM, +HH:MM (-14:00..+14:00). Throws
// std::invalid_argument naming what is wrong (callers add the file and the variable).
core::TimeUnits parse_time_units(std::string_view units);

}  // namespace caspian::io

#include "caspian/ports/types.hpp"

#include <algorithm>
#include <cmath>

namespace caspian::ports {

std::string kind_name(VesselKind kind) {
  switch (kind) {
    case VesselKind::dry_cargo:
      return "dry_cargo";
    case VesselKind::tanker:
      return "tanker";
    case VesselKind::ferry:
      return "ferry";
    case VesselKind::ro_ro:
      return "ro_ro";
    case VesselKind::container:
      return "container";
    case VesselKind::general:
      return "general";
  }
  return "general";
}

double growth_path_mt(const GrowthPath& path, int year) {
  const int until = path.growth_end_year ? std::min(year, *path.growth_end_year) : year;
  return path.base_mt * std::pow(1.0 + path.growth_pct_per_yr / 100.0, until - path.base_year);
}

}  // namespace caspian::ports

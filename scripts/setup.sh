#!/usr/bin/env bash
# Installs caspian's build and run dependencies from Debian's packages. Idempotent and quiet:
# does nothing when everything is already installed.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libnetcdf-dev netcdf-bin libhdf5-dev libeigen3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev libopenmpi-dev openmpi-bin libudunits2-dev
  python3 python3-numpy python3-netcdf4 python3-matplotlib python3-yaml
)
if [[ "${CASPIAN_WITH_TEST_TOOLS:-0}" == 1 ]]; then
  packages+=(cdo nco clang-format python3-xarray)
  # tests/system/report_browser_test.sh: headless Chromium renders the reports.
  packages+=(chromium)
  # scripts/fuzz.sh: Clang with libFuzzer and the sanitizer runtimes, and Clang's OpenMP.
  packages+=(clang libclang-rt-14-dev libomp-dev)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "setup.sh: missing packages: ${missing[*]}; run as root or install them with apt-get" >&2
  exit 1
fi
echo "setup.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

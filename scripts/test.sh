#!/usr/bin/env bash
# Installs what is missing (including the tools the tests read outputs with), builds, and runs the
# whole test suite; then the same suite under AddressSanitizer + UndefinedBehaviorSanitizer; then
# a short, reproducible libFuzzer pass over the input readers (scripts/fuzz.sh).
# Set CASPIAN_SKIP_SANITIZE=1 to skip the sanitizer pass, CASPIAN_SKIP_FUZZ=1 the fuzzing pass.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CASPIAN_WITH_TEST_TOOLS=1 "$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build"
(cd "$root/build" && ctest --output-on-failure --timeout 900)
if [[ "${CASPIAN_SKIP_SANITIZE:-0}" != 1 ]]; then
  CMAKE_BUILD_TYPE=RelWithDebInfo "$root/scripts/build.sh" "$root/build-sanitize" -DCASPIAN_SANITIZE=ON
  (cd "$root/build-sanitize" && ctest --output-on-failure --timeout 1800)
fi
if [[ "${CASPIAN_SKIP_FUZZ:-0}" != 1 ]]; then
  "$root/scripts/fuzz.sh"
fi

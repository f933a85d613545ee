#!/usr/bin/env bash
# Installs what is missing (including the tools the tests read outputs with), builds, and runs the
# whole test suite; then the same suite under AddressSanitizer + UndefinedBehaviorSanitizer; then
# a short, reproducible libFuzzer pass over the input readers (scripts/fuzz.sh).
# Set CASPIAN_SKIP_SANITIZE=1 to skip the sanitizer pass, CASPIAN_SKIP_FUZZ=1 the fuzzing pass.
#
# Much of the suite runs one thread (scripts, single-threaded members, NetCDF tools), so the next
# build runs beside each suite at the lowest priority: the sanitizer build beside the normal
# suite, the fuzzing build beside the sanitizer suite, whose tests also run as many at a time as
# there are cores. The builds' logs are printed if they fail.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CASPIAN_WITH_TEST_TOOLS=1 "$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build"
logs="$root/build/test-logs"
mkdir -p "$logs"
sanitize=$([[ "${CASPIAN_SKIP_SANITIZE:-0}" != 1 ]] && echo 1 || echo 0)
fuzz=$([[ "${CASPIAN_SKIP_FUZZ:-0}" != 1 ]] && echo 1 || echo 0)

# Starts a build at the lowest priority in the background; its pid is in $background.
background=""
start_background() {
  local log="$1"
  shift
  # Its own session, so that a failing suite can stop the whole build (kill -- -PID).
  setsid nice -n 19 "$@" >"$log" 2>&1 &
  background=$!
}
# Waits for the background build; prints its log and fails if it failed.
finish_background() {
  local pid="$1" log="$2" what="$3" status=0
  wait "$pid" || status=$?
  if ((status != 0)); then
    echo "test.sh: the $what failed (exit $status); its log ($log):" >&2
    tail -n 60 "$log" >&2
    exit "$status"
  fi
}

sanitize_build_pid=""
if ((sanitize)); then
  start_background "$logs/build-sanitize.log" env CMAKE_BUILD_TYPE=RelWithDebInfo \
    "$root/scripts/build.sh" "$root/build-sanitize" -DCASPIAN_SANITIZE=ON
  sanitize_build_pid="$background"
fi
suite_status=0
(cd "$root/build" && ctest --output-on-failure --timeout 900) || suite_status=$?
if ((suite_status != 0)); then
  [[ -n "$sanitize_build_pid" ]] && kill -- "-$sanitize_build_pid" 2>/dev/null || true
  exit "$suite_status"
fi

if ((sanitize)); then
  finish_background "$sanitize_build_pid" "$logs/build-sanitize.log" "sanitizer build"
  fuzz_build_pid=""
  if ((fuzz)); then
    start_background "$logs/build-fuzz.log" env CASPIAN_FUZZ_BUILD_ONLY=1 "$root/scripts/fuzz.sh"
    fuzz_build_pid="$background"
  fi
  # As many tests at a time as there are cores: under the sanitizers most tests run one thread for minutes, and the
  # fuzzing build beside is short. Every test works in its own temporary folder.
  (cd "$root/build-sanitize" && ctest --output-on-failure --timeout 1800 --parallel "$(nproc)") ||
    suite_status=$?
  if ((suite_status != 0)); then
    [[ -n "$fuzz_build_pid" ]] && kill -- "-$fuzz_build_pid" 2>/dev/null || true
    exit "$suite_status"
  fi
  if [[ -n "$fuzz_build_pid" ]]; then
    finish_background "$fuzz_build_pid" "$logs/build-fuzz.log" "fuzzing build"
  fi
fi
if ((fuzz)); then
  "$root/scripts/fuzz.sh"
fi

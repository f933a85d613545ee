#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs the default projection ensemble
# (inputs/default.yaml: four SSPs through the gridded catchment and sea, the ports checked per
# member) into outputs/, with the probabilistic port draft report in outputs/report/.
# Usage: scripts/run.sh [RUN.yaml] [extra caspian options...]
# A run file with an `ensemble:` section runs `caspian ensemble`, any other `caspian run`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build"
run_file="${1:-$root/inputs/default.yaml}"
shift || true
cd "$root"
if grep -q '^ensemble:' "$run_file"; then
  "$root/build/caspian" ensemble "$run_file" --output-dir "$root/outputs" "$@"
else
  "$root/build/caspian" run "$run_file" --output-dir "$root/outputs" "$@"
fi

#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs the default projection into outputs/.
# Usage: scripts/run.sh [RUN.yaml] [extra caspian run options...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build"
run_file="${1:-$root/inputs/default.yaml}"
shift || true
cd "$root"
"$root/build/caspian" run "$run_file" --output-dir "$root/outputs" "$@"

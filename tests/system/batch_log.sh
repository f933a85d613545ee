#!/usr/bin/env bash
# Batch-friendly messages (issue 10 item 5). With stderr to a file, `caspian run` and `caspian
# ensemble` print heartbeat lines with increasing percent ending at 100 % and the efficiency lines
# (core-hours per simulated year, simulated years per wall-clock day); --quiet prints no info
# lines; --log-file receives the messages with time stamps; --verbose adds debug lines; a log file
# in a missing folder is refused with exit 2 naming it, before anything runs.
# Usage: batch_log.sh CASPIAN_EXECUTABLE SOURCE_DIR [MPI(ON/OFF)]
set -euo pipefail
caspian="$1"
src="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
# The prescribed-inflow projection cut to 2025-2044 without its port check and the default
# ensemble cut to 2025-2026 without catchment warm-up, next to links to the inputs they name.
for d in "$src"/inputs/*/; do ln -s "$d" "$work/"; done
sed -e 's/end: 2100-12/end: 2044-12/' -e '/^ports:/,$d' "$src/inputs/projection_prescribed_inflow.yaml" \
  >"$work/run.yaml"
sed -e 's/end: 2100-12/end: 2026-12/' -e '/^catchment:/a\  warmup_cycles: 0' \
  "$src/inputs/default.yaml" >"$work/ens.yaml"
grep -q 'end: 2044-12' "$work/run.yaml" || fail "could not shorten the projection run file"
grep -q 'end: 2026-12' "$work/ens.yaml" || fail "could not shorten inputs/default.yaml"
cd "$work"

# The heartbeat of a log: at least `min` lines "progress: YYYY-MM, P %, ..., elapsed h:mm:ss[,
# ETA h:mm:ss]", P strictly increasing and the last 100.0, an ETA on every line but the last.
check_heartbeat() {
  local log="$1" min="$2"
  grep '^progress: ' "$log" >beats || { cat "$log"; fail "no heartbeat in $log"; }
  local lines percents
  lines=$(wc -l <beats)
  ((lines >= min)) || { cat "$log"; fail "$lines heartbeat lines in $log, expected >= $min"; }
  grep -Evq '^progress: [0-9]{4}-[0-9]{2}, +[0-9]+\.[0-9] %.*, elapsed [0-9]+:[0-9]{2}:[0-9]{2}' \
    beats && { cat beats; fail "a heartbeat line of $log lacks the date, percent or elapsed time"; }
  percents=$(sed -E 's/^progress: [0-9-]+, +([0-9.]+) %.*/\1/' beats)
  echo "$percents" | awk 'NR > 1 && $1 <= prev { exit 1 } { prev = $1 } END { exit prev != 100.0 }' ||
    { cat beats; fail "heartbeat percentages of $log do not increase to 100.0"; }
  [[ $(head -n -1 beats | grep -c ', ETA ' || true) -eq $((lines - 1)) ]] ||
    { cat beats; fail "a heartbeat line before 100 % of $log has no ETA"; }
}

# caspian run, stderr to a file (not a terminal): heartbeat, timing and one efficiency line.
"$caspian" run run.yaml --output-dir run_out >run.out 2>run.err || { cat run.err; fail "run"; }
check_heartbeat run.err 10
grep -q '^progress: 2044-12, 100.0 %, elapsed ' run.err || { cat run.err; fail "run: last beat"; }
grep -q '^timing (wall clock):' run.err || fail "run: no timing lines"
grep -Eq '^efficiency \(rank 0 = total\): 20\.0 simulated years in [0-9.]+ s on [0-9]+ cores?: [0-9.e+-]+ core-hours per simulated year, [0-9.e+-]+ simulated years per wall-clock day$' \
  run.err || { cat run.err; fail "run: no efficiency line"; }
grep -q "caspian run" run.out || fail "run: no summary on stdout"
grep -q '^progress' run.out && fail "run: heartbeat on stdout"
echo "ok: run heartbeat and efficiency"

# caspian ensemble, 2 members on 2 threads: members done count in the beats, up to 2/2 at 100 %.
"$caspian" ensemble ens.yaml --members 2 --scenarios ssp245 --threads 2 --no-report \
  --output-dir ens_out >ens.out 2>ens.err || { cat ens.err; fail "ensemble"; }
check_heartbeat ens.err 10
grep -q '^progress: 2026-12, 100.0 %, members 2/2 done, elapsed ' ens.err ||
  { cat ens.err; fail "ensemble: last beat"; }
grep -Evq '^progress: .*, members [0-2]/2 done, ' beats && fail "ensemble: a beat without members"
grep -Eq '^efficiency \(rank 0 = total\): 2 members, 4\.0 simulated years in [0-9.]+ s on 2 cores: [0-9.e+-]+ core-hours per simulated year, [0-9.e+-]+ simulated years per wall-clock day$' \
  ens.err || { cat ens.err; fail "ensemble: no efficiency line"; }
grep -q '^timing (wall clock): load' ens.err || fail "ensemble: no timing line"
grep -q '^debug: ' ens.err && fail "ensemble: debug lines without --verbose"
echo "ok: ensemble heartbeat and efficiency"

# --quiet (the subcommand's own and the global one before it): no info lines at all.
"$caspian" run run.yaml --quiet --output-dir quiet_out >quiet.out 2>quiet.err || fail "run --quiet"
[[ ! -s quiet.err ]] || { cat quiet.err; fail "run --quiet printed messages"; }
grep -q "caspian run" quiet.out || fail "run --quiet: no summary on stdout"
"$caspian" --quiet run run.yaml --output-dir quiet_global >/dev/null 2>quiet_global.err ||
  fail "--quiet run"
[[ ! -s quiet_global.err ]] || { cat quiet_global.err; fail "--quiet run printed messages"; }
echo "ok: --quiet"

# --log-file: every stderr line also in the file, after a UTC time stamp and the level.
mkdir logs
"$caspian" run run.yaml --log-file logs/run.log --output-dir log_out >/dev/null 2>log.err ||
  fail "run --log-file"
[[ -s logs/run.log ]] || fail "empty log file"
grep -Evq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z \[(info|warning|error|debug)\] ' \
  logs/run.log && { cat logs/run.log; fail "a log file line without time stamp and level"; }
diff <(sed -E 's/^[^ ]+ \[[a-z]+\] //' logs/run.log) log.err >/dev/null ||
  { diff <(sed -E 's/^[^ ]+ \[[a-z]+\] //' logs/run.log) log.err; fail "log file != stderr"; }
grep -q '\[info\] progress: 2044-12, 100.0 %' logs/run.log || fail "no heartbeat in the log file"
grep -q '\[info\] efficiency' logs/run.log || fail "no efficiency line in the log file"
# An error goes to the log file too, with its exit code.
set +e
"$caspian" run missing.yaml --log-file logs/error.log >/dev/null 2>error.err
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "missing run file with --log-file: exit $rc"
grep -q '\[error\] caspian: input error: .*missing.yaml' logs/error.log ||
  { cat logs/error.log; fail "the error is not in the log file"; }
grep -q 'caspian: input error: .*missing.yaml' error.err || fail "the error is not on stderr"
echo "ok: --log-file"

# --verbose: debug lines (each simulated year of a run, each member of an ensemble).
"$caspian" run run.yaml --verbose --output-dir verbose_out >/dev/null 2>verbose.err ||
  fail "run --verbose"
grep -q '^debug: year 2030 ' verbose.err || { cat verbose.err; fail "run --verbose: no debug"; }
grep -q '^progress: 2044-12, 100.0 %' verbose.err || fail "run --verbose: no heartbeat"
"$caspian" ensemble ens.yaml --members 1 --scenarios ssp245 --threads 1 --no-report --verbose \
  --output-dir verbose_ens >/dev/null 2>verbose_ens.err || fail "ensemble --verbose"
grep -q '^debug:   member 1/1 done (ssp245 ' verbose_ens.err ||
  { cat verbose_ens.err; fail "ensemble --verbose: no member line"; }
echo "ok: --verbose"

# A log file that cannot be opened: exit 2 naming it, before the run (no outputs).
set +e
out=$("$caspian" run run.yaml --log-file no/such/folder/run.log --output-dir never 2>&1)
rc=$?
set -e
[[ $rc -eq 2 && "$out" == *"no/such/folder/run.log"* && "$out" == *"--log-file"* ]] ||
  fail "log file in a missing folder: exit $rc: $out"
[[ ! -e never ]] || fail "a run with an unopenable log file wrote outputs"
# --verbose with --quiet is a usage error; the options exist on every subcommand.
set +e
out=$("$caspian" run run.yaml --verbose --quiet 2>&1)
rc=$?
set -e
[[ $rc -eq 2 && "$out" == *"usage error"* ]] || fail "--verbose --quiet: exit $rc: $out"
"$caspian" parameters --csv --verbose --log-file logs/parameters.log >/dev/null ||
  fail "parameters --verbose --log-file"
echo "ok: bad log options refused"

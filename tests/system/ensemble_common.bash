# Shared by the ensemble system test scripts (sourced; not a test itself): a scratch folder with
# the default ensemble shortened, and the comparison of two ensembles' files.
# After `source ensemble_common.bash`: fail MESSAGE; short_default_ensemble SRC END_YEAR (makes
# $work, links SRC/inputs/* into it, writes $work/run.yaml ending in END_YEAR-12 and cds there);
# same_outputs DIR_A DIR_B (the tables byte for byte, ensemble.nc in every value and attribute
# but history).
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

short_default_ensemble() {
  local src="$1" end_year="$2"
  work="$(mktemp -d)"
  for d in "$src"/inputs/*/; do ln -s "$d" "$work/"; done
  sed "s/end: 2100-12/end: $end_year-12/" "$src/inputs/default.yaml" >"$work/run.yaml"
  grep -q "end: $end_year-12" "$work/run.yaml" || fail "could not shorten inputs/default.yaml"
  cd "$work"
}

same_outputs() {
  local a="$1" b="$2"
  for f in ensemble_quantiles.csv ensemble_probabilities.csv; do
    cmp -s "$a/$f" "$b/$f" || fail "$b/$f differs from $a/$f"
  done
  diff <(ncdump "$a/ensemble.nc" | grep -v ':history = ') \
    <(ncdump "$b/ensemble.nc" | grep -v ':history = ') >/dev/null ||
    fail "$b/ensemble.nc differs from $a/ensemble.nc"
}

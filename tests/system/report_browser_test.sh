#!/usr/bin/env bash
# Browser check of both port reports (issue 11 item 4): the deterministic report of `caspian ports`
# and the ensemble report of a short `caspian ensemble` are rendered by headless Chromium (Debian
# `chromium`, installed by scripts/setup.sh with CASPIAN_WITH_TEST_TOOLS=1) at 1280 x 900 px to a
# PNG, and checked in the page's own DOM after load: every <img> loaded (naturalWidth > 0), nothing
# wider than the window (document.documentElement.scrollWidth <= window.innerWidth), the summary
# opens the page and fits the first screen, and no port or vessel-class id shows instead of its
# name, and the exposed-seabed section with its map is there (the seabed files inside the
# ensemble's set equal `caspian seabed --levels ensemble_quantiles.csv`). The checker itself is tested on a broken copy (a missing image and an over-wide block).
# Usage: report_browser_test.sh CASPIAN_EXECUTABLE SOURCE_DIR. Screenshots stay in
# ./report_browser/ (the ctest folder) for a look.
set -euo pipefail
exe="$1"
src="$2"
py=/usr/bin/python3
chromium="${CASPIAN_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [[ -z "$chromium" ]]; then
  echo "FAIL: chromium not found; scripts/setup.sh installs it with CASPIAN_WITH_TEST_TOOLS=1" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
shots="$PWD/report_browser"
mkdir -p "$shots"
fail=0

# Inputs' relative paths made absolute so that the run file works from the scratch folder; a short
# projection (2025-2027) for the ensemble.
"$py" - "$src/inputs/default.yaml" "$work/run.yaml" <<'EOF'
import re, sys, os
text = open(sys.argv[1]).read()
base = os.path.dirname(os.path.abspath(sys.argv[1]))
text = re.sub(r"(?m)^(\s*(?:file|atlas|closed_basins|parameter_sets):\s*)([^\s/#\"][^\s#]*)",
              lambda m: m.group(1) + os.path.join(base, m.group(2)), text)
assert "end: 2100-12" in text
text = text.replace("end: 2100-12", "end: 2027-12")
open(sys.argv[2], "w").write(text)
EOF

echo "== caspian ports"
"$exe" ports "$work/run.yaml" --levels "$src/tests/data/ports_levels.csv" \
  --output-dir "$work/ports" >"$work/ports.log" 2>&1 || { cat "$work/ports.log"; exit 1; }
echo "== caspian ensemble (short; ${SECONDS} s so far)"
"$exe" ensemble "$work/run.yaml" --members 2 --scenarios ssp126 ssp585 \
  --output-dir "$work/ensemble" >"$work/ensemble.log" 2>&1 || { cat "$work/ensemble.log"; exit 1; }

# The seabed files inside each set are those `caspian seabed` writes for the same levels.
"$exe" seabed "$work/run.yaml" --levels "$work/ensemble/ensemble_quantiles.csv" \
  --output-dir "$work/seabed-ensemble" --quiet >/dev/null
for f in seabed_annual.csv shoreline_retreat.csv; do
  cmp -s "$work/ensemble/seabed/$f" "$work/seabed-ensemble/$f" ||
    { echo "FAIL: ensemble/seabed/$f differs from caspian seabed --levels ensemble_quantiles.csv"; fail=1; }
done
[[ -s "$work/ports/seabed/seabed_annual.csv" ]] || { echo "FAIL: caspian ports wrote no seabed/"; fail=1; }

# The ids that must not show in the page (names must): from the port data file.
ids="$("$py" -c '
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
print(" ".join(x["id"] for k in ("ports", "vessel_classes") for x in d[k]))' \
  "$src/inputs/ports/ports.yaml")"

# check PAGE.html NAME: screenshot, then the DOM check on a copy with the checking script.
check() {
  local page="$1" name="$2" expect_ok="$3"
  local dir copy
  dir="$(dirname "$page")"
  copy="$dir/_browser_check.html"
  "$py" - "$page" "$copy" <<'EOF'
import sys
page = open(sys.argv[1]).read()
script = """<script>
window.addEventListener("load", function () {
  var imgs = Array.prototype.slice.call(document.images);
  var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                   .map(function (i) { return i.getAttribute("src"); });
  var wide = [];
  document.querySelectorAll("body *").forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.right > window.innerWidth + 0.5 && !e.closest(".wide")) wide.push(e.tagName);
  });
  var s = document.getElementById("summary");
  var r = s ? s.getBoundingClientRect() : null;
  var result = {images: imgs.length, broken: broken,
                sources: imgs.map(function (i) { return i.getAttribute("src"); }),
                scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
                wide: wide.slice(0, 5), summaryTop: r ? r.top : -1, summaryBottom: r ? r.bottom : -1,
                innerHeight: window.innerHeight, text: document.body.innerText};
  var pre = document.createElement("pre");
  pre.id = "browser-check";
  pre.style.display = "none";
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
});
</script>"""
open(sys.argv[2], "w").write(page.replace("</body>", script + "</body>"))
EOF
  local flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,900
    --virtual-time-budget=15000 --user-data-dir="$work/chromium-profile")
  if [[ "$expect_ok" == 1 ]]; then
    rm -f "$shots/$name.png"
    timeout 180 "$chromium" "${flags[@]}" --screenshot="$shots/$name.png" "file://$page" \
      >"$work/shot.log" 2>&1 || true
    if ! head -c 8 "$shots/$name.png" 2>/dev/null | grep -q PNG; then
      echo "FAIL $name: no screenshot"; cat "$work/shot.log"; fail=1
    fi
  fi
  timeout 180 "$chromium" "${flags[@]}" --dump-dom "file://$copy" >"$work/dom.html" 2>"$work/dom.log" || true
  "$py" - "$work/dom.html" "$name" "$expect_ok" "$ids" "$dir" <<'EOF'
import html, json, os, re, sys
dom, name, expect_ok, ids = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3] == "1", sys.argv[4]
pngs = sorted(f for f in os.listdir(sys.argv[5]) if f.endswith(".png"))
m = re.search(r'<pre id="browser-check"[^>]*>(.*?)</pre>', dom, re.S)
if not m:
    print("FAIL %s: the checking script gave no result (page did not load?)" % name)
    sys.exit(1)
r = json.loads(html.unescape(m.group(1)))
problems = []
if r["images"] < 3:
    problems.append("only %d images" % r["images"])
unshown = [f for f in pngs if f not in r["sources"]]
if unshown:
    problems.append("plots in the report folder not shown: %s" % unshown)
if r["broken"]:
    problems.append("images not loaded: %s" % r["broken"])
if r["scrollWidth"] > r["innerWidth"] or r["wide"]:
    problems.append("wider than the %d px window: scrollWidth %d, elements %s"
                    % (r["innerWidth"], r["scrollWidth"], r["wide"]))
if not (0 <= r["summaryTop"] < 200 and r["summaryBottom"] <= r["innerHeight"]):
    problems.append("summary not on the first screen: top %.0f, bottom %.0f of %d px"
                    % (r["summaryTop"], r["summaryBottom"], r["innerHeight"]))
for needle in ("Exposed seabed and shoreline retreat", "Kazakhstan", "Turkmenistan"):
    if needle not in r["text"]:
        problems.append("no seabed section (%r not in the page)" % needle)
if "seabed_map.png" not in r["sources"]:
    problems.append("the seabed map is not shown")
shown = [i for i in ids.split() if re.search(r"\b%s\b" % re.escape(i), r["text"])]
if shown:
    problems.append("ids shown instead of names: %s" % shown)
print("%s: %d images, scrollWidth %d of %d, summary %.0f-%.0f px%s"
      % (name, r["images"], r["scrollWidth"], r["innerWidth"], r["summaryTop"], r["summaryBottom"],
         "".join("\n  - " + p for p in problems)))
if expect_ok and problems:
    print("FAIL %s" % name)
    sys.exit(1)
if not expect_ok and not (any("not loaded" in p for p in problems)
                          and any("wider" in p for p in problems)):
    print("FAIL %s: the checker missed the broken image or the over-wide block" % name)
    sys.exit(1)
EOF
  local rc=$?
  rm -f "$copy"
  return $rc
}

echo "== Chromium (${SECONDS} s so far)"
for report in ports ensemble; do
  page="$work/$report/report/port_draft_report.html"
  [[ -f "$page" ]] || { echo "FAIL: $page not written"; fail=1; continue; }
  check "$page" "$report" 1 || fail=1
done

# The checker catches a broken page: a missing image and a block wider than the window.
broken="$work/ports/report/broken.html"
sed -e 's#</body>#<img src="missing.png" alt="x"><div style="width:3000px">wide</div></body>#' \
  "$work/ports/report/port_draft_report.html" >"$broken"
check "$broken" broken 0 || fail=1

if [[ $fail != 0 ]]; then
  echo "report_browser_test: FAILED"
  exit 1
fi
echo "report_browser_test: both reports render in Chromium in ${SECONDS} s (screenshots in $shots)"

"""Shared pieces of caspian's port reports (port_report.py, ensemble_report.py): reading ports.nc and
ensemble.nc by variable and dimension NAME (robust to the order of dimensions, to labels stored as
char arrays, with _Encoding or as strings, and to byte flags with flag_values), the port data file
(display names, berth capacities, demand paths, what each figure is based on), the document model
written as both Markdown and HTML, and the plot styles (one colour AND one line style per item).

Needs only Debian's python3-numpy, python3-netcdf4, python3-yaml and python3-matplotlib.
"""
import html
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import netCDF4  # noqa: E402
import numpy as np  # noqa: E402
import yaml  # noqa: E402

# Dimensions that are not time; any other dimension of a variable is its time axis (monthly or
# annual, whatever it is called).
LABEL_DIMS = {"policy", "port", "vessel_class", "corridor", "corridor_side", "member", "river",
              "nv", "bnds"}


def labels(ds, dim):
    """The labels of dimension `dim`: from `<dim>_name` (char array, with or without _Encoding, or a
    string variable), else from a string-valued variable called `dim`."""
    for name in (dim + "_name", dim + "_id", dim):
        if name not in ds.variables:
            continue
        v = ds.variables[name]
        if v.dtype == str or v.dtype == object:
            return [str(s) for s in v[:]]
        if v.dtype.kind not in "SU":
            continue
        v.set_auto_chartostring(False)
        raw = np.ma.filled(v[:], b"")
        text = netCDF4.chartostring(raw) if raw.ndim == 2 else raw
        return [s.decode() if isinstance(s, bytes) else str(s) for s in np.atleast_1d(text)]
    raise KeyError("no labels for dimension '%s' (looked for %s_name)" % (dim, dim))


def time_dim(var):
    dims = [d for d in var.dimensions if d not in LABEL_DIMS]
    if len(dims) != 1:
        raise KeyError("%s: expected one time dimension, found %s" % (var.name, var.dimensions))
    return dims[0]


def array(ds, name, *dims):
    """Variable `name` as a float array (missing -> NaN) with its dimensions in the order `dims`;
    'time' stands for the variable's time dimension, whatever it is called."""
    v = ds.variables[name]
    v.set_auto_maskandscale(True)
    data = np.ma.filled(np.ma.asarray(v[:], dtype=float), np.nan)
    have = [("time" if d not in LABEL_DIMS else d) for d in v.dimensions]
    missing = [d for d in dims if d not in have]
    if missing or len(dims) != len(have):
        raise KeyError("%s has dimensions %s, wanted %s" % (name, v.dimensions, dims))
    return np.transpose(data, [have.index(d) for d in dims])


def decimal_years(ds, name):
    """Time of each step of variable `name` as a decimal year (middle of the step), and the
    calendar year of each step."""
    tv = ds.variables[time_dim(ds.variables[name])]
    units = getattr(tv, "units", "")
    raw = np.asarray(tv[:], dtype=float)
    if "since" not in units:  # plain years
        return raw + 0.5, raw.astype(int)
    cal = getattr(tv, "calendar", "standard")
    bounds = getattr(tv, "bounds", None)
    if bounds and bounds in ds.variables:
        b = np.asarray(ds.variables[bounds][:], dtype=float)
        start = netCDF4.num2date(b[:, 0], units, cal)
        mid = netCDF4.num2date(0.5 * (b[:, 0] + b[:, 1]), units, cal)
    else:
        start = mid = netCDF4.num2date(raw, units, cal)
    dec = np.array([d.year + (d.month - 1 + (d.day - 1) / 31.0) / 12.0 for d in mid])
    return dec, np.array([d.year for d in start])


def global_attr(ds, name, default=""):
    v = getattr(ds, name, default)
    return v.decode() if isinstance(v, bytes) else v


# ---------------------------------------------------------------------------------------------
# The port data file.


class PortsData:
    """inputs/ports/ports.yaml: names, berth capacities, demand, and the basis of each figure."""

    def __init__(self, path, depth_scenario=None):
        self.path = path
        with open(path) as f:
            doc = yaml.safe_load(f)
        self.ports = {p["id"]: p for p in doc.get("ports", [])}
        self.classes = {c["id"]: c for c in doc.get("vessel_classes", [])}
        self.corridors = {k["id"]: k for k in doc.get("corridors", [])}
        self.depth_scenario = depth_scenario

    def demand(self, corridor, year):
        d = self.corridors[corridor]["demand"]
        until = min(year, d["growth_end_year"]) if d.get("growth_end_year") else year
        return d["base_mt"] * (1.0 + d["growth_pct_per_yr"] / 100.0) ** (until - d["base_year"])

    def side_ports(self, corridor, side):
        """(port id, corridor share) of the ports on side `side` (index) of the corridor."""
        tags = self.corridors[corridor]["sides"][side]
        out = []
        for pid, p in self.ports.items():
            if corridor in p.get("corridors", []) and p.get("side") in tags:
                out.append((pid, p.get("corridor_share", {}).get(corridor, 1.0)))
        return out

    def side_name(self, corridor, side):
        return " / ".join(self.corridors[corridor]["sides"][side]) + " shore"

    def berth_capacity(self, pid):
        return float(self.ports[pid]["capacity_mt_per_yr"]["value"])

    def side_berth_capacity(self, corridor, side):
        return sum(self.berth_capacity(p) * s for p, s in self.side_ports(corridor, side))

    def depth_basis(self, pid):
        d = self.ports[pid]["controlling_depth"]
        if self.depth_scenario and self.depth_scenario in d.get("scenarios", {}):
            s = d["scenarios"][self.depth_scenario]
            return s.get("basis", d.get("basis", "")), bool(s.get("calibration", False))
        return d.get("basis", ""), bool(d.get("calibration", False))


def corridor_cause(pdata, cor, year, demand, port_loads, port_name, demand_path,
                   side_capacity=None):
    """Why corridor `cor` carries less than `demand` (Mt/yr) in `year`: ("berth", text) when its
    weaker shore's berth capacity with every ship fully loaded is below the demand (deeper water
    would not help), else ("depth", text) naming the shore that carries least and the ports that
    lose most. port_loads(port id) -> (carried share of the port's berth capacity that year, text
    of its worst class); side_capacity: what each side carries that year (Mt/yr; None: from
    port_loads); demand_path: [(year, demand)] for the first year berth capacity alone is short."""
    nsides = len(pdata.corridors[cor]["sides"])
    berth = [pdata.side_berth_capacity(cor, s) for s in range(nsides)]
    sb = int(np.argmin(berth))
    if berth[sb] < demand - 1e-9:
        named = ", ".join("%s %.4g Mt/yr" % (port_name.get(p, p), pdata.berth_capacity(p) * sh)
                          for p, sh in pdata.side_ports(cor, sb))
        return "berth", ("**berth-capacity-limited**: the %s (%s) handles at most %.1f Mt/yr with "
                         "ships fully loaded, against a demand of %.1f Mt/yr in %d; deeper water "
                         "would not help" % (pdata.side_name(cor, sb), named, berth[sb], demand, year))
    carried, losses = [], []
    for s in range(nsides):
        total, side_losses = 0.0, []
        for p, sh in pdata.side_ports(cor, s):
            share, worst = port_loads(p)
            cap = pdata.berth_capacity(p) * sh
            total += cap * share
            if cap * (1 - share) > 0.05:
                side_losses.append((cap * (1 - share), "%s (%s)" % (port_name.get(p, p), worst)))
        carried.append(total)
        losses.append(sorted(side_losses, reverse=True))
    if side_capacity is not None:
        carried = [float(v) for v in side_capacity[:nsides]]
    sd = int(np.nanargmin(carried))
    text = ("**depth-limited**: ships load light at the %s, which carries %.1f of the %.1f Mt/yr "
            "demanded in %d (berth capacity %.1f Mt/yr)" % (pdata.side_name(cor, sd), carried[sd],
                                                            demand, year, berth[sd]))
    if losses[sd]:
        text += "; most lost at " + ", ".join(t for _, t in losses[sd][:2])
    berth_year = next((y for y, d in demand_path if berth[sb] < d - 1e-9), None)
    if berth_year:
        text += "; berth capacity alone is short from %d" % berth_year
    return "depth", text


def basis_tag(text, assumption=False, calibration=False):
    """How a figure is known, from its basis text: 'assumption', 'inferred' or 'data'."""
    t = (text or "").strip().lower()
    if assumption or t.startswith("assum") or t.startswith("invented"):
        return "assumption"
    if calibration or t.startswith("inferred"):
        return "inferred"
    if "assum" in t:
        return "data, part assumed"
    return "data"


def find_ports_file(candidates):
    for c in candidates:
        if c and os.path.isfile(c):
            return c
    return None


# ---------------------------------------------------------------------------------------------
# Plot styles: item i gets a distinct colour and a distinct line style (and marker), so lines stay
# apart in grey print and where they overlap.

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22", "#000080", "#006400"]
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (8, 2))]
MARKERS = ["o", "s", "^", "D", "v", "x", "P", "*"]
# 12 distinct fill colours (tab20's dark and light pairs split apart) for stacked bars.
FILLS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
         "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94"]


def line_style(i):
    return dict(color=COLOURS[i % len(COLOURS)], ls=LINESTYLES[i % len(LINESTYLES)],
                marker=MARKERS[i % len(MARKERS)], markevery=0.12, markersize=4, lw=1.6)


def port_legend(fig, handles, names, ncol=3):
    fig.legend(handles, names, loc="lower center", ncol=ncol, fontsize=9, frameon=False)


def class_panels(path, years, ports, classes, port_name, class_name, share, series, ylabel, title,
                 refs=(), ref_marks=None):
    """One panel per port, one line per class of its mix; each class keeps its colour and style
    in every panel; one legend under the panels."""
    ncols = 3
    nrows = int(np.ceil(len(ports) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(13, 2.6 * nrows + 1.3), squeeze=False,
                             sharex=True)
    handles = {}
    for p, port in enumerate(ports):
        ax = axes[p // ncols][p % ncols]
        for c in range(len(classes)):
            if not share[p, c] > 0:
                continue
            (h,) = ax.plot(years, series[:, p, c], **line_style(c))
            handles[c] = h
            if ref_marks is not None:
                ax.plot([years[-1] + 1.5], [ref_marks[c]], marker="<", color=h.get_color(),
                        ms=7, clip_on=False)
        for y, text in refs:
            ax.axhline(y, color="0.4", lw=0.8, ls=(0, (2, 2)))
            ax.text(years[0], y, " " + text, fontsize=7, va="bottom", color="0.3")
        ax.set_title(port_name[port], fontsize=9)
        ax.set_ylabel(ylabel, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
        if p // ncols == nrows - 1 or p + ncols >= len(ports):
            ax.set_xlabel("year", fontsize=8)
            ax.tick_params(labelbottom=True)
    for p in range(len(ports), nrows * ncols):
        axes[p // ncols][p % ncols].axis("off")
    order = sorted(handles)
    port_legend(fig, [handles[c] for c in order], [class_name[classes[c]] for c in order], ncol=2)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout(rect=(0, 1.1 / (2.6 * nrows + 1.3), 1, 0.97))
    fig.savefig(path, dpi=90)
    plt.close(fig)


# ---------------------------------------------------------------------------------------------
# The document: blocks rendered both as Markdown and as HTML.

CSS = """
body{font-family:sans-serif;max-width:72em;margin:1em auto;padding:0 1em;line-height:1.35;
overflow-wrap:anywhere}
h1{font-size:1.5em;margin:.3em 0}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ccc}
.summary{border:2px solid #345;border-radius:6px;padding:.3em 1em .6em;background:#f6f8fa}
.summary h2{margin-top:.3em;border:0}.summary ul{margin:.2em 0;padding-left:1.3em}
.summary li{margin:.15em 0}
.wide{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #bbb;padding:.2em .45em;
text-align:right;vertical-align:top}th{background:#eee;font-size:.9em}
td:first-child,th:first-child{text-align:left}
td.y1{background:#f4a582}td.y2{background:#fddbc7}td.y3{background:#fff7d6}td.y0{background:#e6f5e6}
td.na{background:#f4f4f4;color:#999}
.tag-assumption{color:#a0520b;font-weight:bold}.tag-inferred{color:#7b3294;font-weight:bold}
.tag-data{color:#1b7837}
img{max-width:100%;height:auto}
details{margin:.5em 0}summary{cursor:pointer;font-weight:bold}
"""


def _inline(text):
    """Escape, then **bold** and `code` (shown plain)."""
    out = html.escape(text)
    parts = out.split("**")
    out = "".join(("<b>%s</b>" % p) if i % 2 else p for i, p in enumerate(parts))
    return out.replace("`", "")


class Cell:
    """A table cell with a CSS class (colour) for the HTML page."""

    def __init__(self, text, css=""):
        self.text, self.css = str(text), css

    def __str__(self):
        return self.text


class Doc:
    def __init__(self):
        self.blocks = []

    def heading(self, level, text, anchor=None):
        self.blocks.append(("h", level, text, anchor))

    def para(self, text):
        self.blocks.append(("p", text))

    def bullets(self, items):
        self.blocks.append(("ul", items))

    def table(self, header, rows):
        self.blocks.append(("t", header, rows))

    def image(self, file, alt):
        self.blocks.append(("i", file, alt))

    def begin(self, kind, title=""):
        """kind 'summary' (the boxed one-screen summary) or 'details' (folded, title shown)."""
        self.blocks.append(("begin", kind, title))

    def end(self, kind):
        self.blocks.append(("end", kind))

    def markdown(self):
        out = []
        for b in self.blocks:
            if b[0] == "h":
                out.append("#" * b[1] + " " + b[2] + "\n")
            elif b[0] == "p":
                out.append(b[1] + "\n")
            elif b[0] == "ul":
                out.extend("- " + i for i in b[1])
                out.append("")
            elif b[0] == "t":
                out.append("| " + " | ".join(b[1]) + " |")
                out.append("|" + "---|" * len(b[1]))
                for r in b[2]:
                    out.append("| " + " | ".join(str(c).replace("|", "/").replace("\n", "<br>")
                                                 for c in r) + " |")
                out.append("")
            elif b[0] == "i":
                out.append("![%s](%s)\n" % (b[2], b[1]))
            elif b[0] == "begin" and b[1] == "details":
                out.append("<details><summary>%s</summary>\n" % html.escape(b[2]))
            elif b[0] == "end" and b[1] == "details":
                out.append("</details>\n")
        return "\n".join(out) + "\n"

    def html(self, title):
        out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
               '<meta name="viewport" content="width=device-width, initial-scale=1">',
               "<title>%s</title>" % html.escape(title), "<style>%s</style>" % CSS,
               "</head><body>"]
        for b in self.blocks:
            if b[0] == "h":
                anchor = ' id="%s"' % b[3] if b[3] else ""
                out.append("<h%d%s>%s</h%d>" % (b[1], anchor, html.escape(b[2]), b[1]))
            elif b[0] == "p":
                out.append("<p>%s</p>" % _inline(b[1]))
            elif b[0] == "ul":
                out.append("<ul>" + "".join("<li>%s</li>" % _inline(i) for i in b[1]) + "</ul>")
            elif b[0] == "t":
                out.append('<div class="wide"><table><tr>'
                           + "".join("<th>%s</th>" % html.escape(h) for h in b[1]) + "</tr>")
                for r in b[2]:
                    cells = []
                    for c in r:
                        css = ' class="%s"' % c.css if isinstance(c, Cell) and c.css else ""
                        cells.append("<td%s>%s</td>" % (css, html.escape(str(c)).replace("\n", "<br>")))
                    out.append("<tr>" + "".join(cells) + "</tr>")
                out.append("</table></div>")
            elif b[0] == "i":
                out.append('<p><img src="%s" alt="%s"></p>' % (html.escape(b[1]), html.escape(b[2])))
            elif b[0] == "begin":
                out.append('<section class="summary" id="summary">' if b[1] == "summary"
                           else "<details><summary>%s</summary>" % html.escape(b[2]))
            elif b[0] == "end":
                out.append("</section>" if b[1] == "summary" else "</details>")
        out.append("</body></html>")
        return "\n".join(out) + "\n"


def year_css(year, first_year):
    """Colour of a first-year cell: within 10 years of the start, within 25, later, never."""
    if year is None:
        return "y0"
    return "y1" if year < first_year + 10 else ("y2" if year < first_year + 25 else "y3")


def to_year(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def fmt(x, spec="{:.2f}"):
    return "" if x is None or (isinstance(x, float) and not np.isfinite(x)) else spec.format(x)


def display_names(ds, pdata, kind, ids):
    """{id: name shown in the report}: the port data file's short_name, else the name written in
    the NetCDF file (global attribute <kind>_<id>_name), else the id. kind: port, vessel_class,
    corridor."""
    table = {"port": "ports", "vessel_class": "classes", "corridor": "corridors"}[kind]
    out = {}
    for i in ids:
        item = getattr(pdata, table).get(i, {}) if pdata else {}
        out[i] = item.get("short_name") or global_attr(ds, "%s_%s_name" % (kind, i), "") \
            or item.get("name") or i
    return out

#!/usr/bin/python3
"""Unit tests of scripts/report_common.py, the reading layer of both port reports: labels however
they are stored (char arrays with or without _Encoding, strings), variables by dimension name in
any order with fill values and byte flags, annual and monthly time axes with or without bounds,
the port data file's berth capacities and demand paths, and the data/inferred/assumption tags.
Usage: report_common_test.py SOURCE_DIR
"""
import os
import sys
import tempfile
import unittest

import netCDF4
import numpy as np

SOURCE_DIR = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
sys.path.insert(0, os.path.join(SOURCE_DIR, "scripts"))
import report_common as rc  # noqa: E402

PORTS_YAML = os.path.join(SOURCE_DIR, "inputs", "ports", "ports.yaml")


class NetcdfReading(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "t.nc")
        with netCDF4.Dataset(self.path, "w") as ds:
            ds.createDimension("port", 3)
            ds.createDimension("port_strlen", 8)
            ds.createDimension("policy", 2)
            ds.createDimension("policy_strlen", 12)
            ds.createDimension("vessel_class", 2)
            ds.createDimension("time", 4)
            ds.createDimension("nv", 2)
            ds.createDimension("year", 2)
            names = ["aktau", "baku", "anzali"]
            v = ds.createVariable("port_name", "S1", ("port", "port_strlen"))
            v[:] = netCDF4.stringtochar(np.array(names, dtype="S8"))
            v = ds.createVariable("policy_name", "S1", ("policy", "policy_strlen"))
            v._Encoding = "utf-8"
            v[:] = np.array(["no_dredging", "hold"], dtype="S12")
            v = ds.createVariable("vessel_class_name", str, ("vessel_class",))
            v[0], v[1] = "rsd59", "ferry"
            t = ds.createVariable("time", "f8", ("time",))
            t.units, t.calendar, t.bounds = "days since 2025-01-01", "proleptic_gregorian", "time_bnds"
            t[:] = [15.5, 45.0, 74.5, 105.0]
            b = ds.createVariable("time_bnds", "f8", ("time", "nv"))
            b[:] = [[0, 31], [31, 59], [59, 90], [90, 120]]
            y = ds.createVariable("year", "i4", ("year",))
            y[:] = [2025, 2026]
            # (policy, time, port) on disk; one missing value.
            x = ds.createVariable("x", "f4", ("policy", "time", "port"), fill_value=-999.0)
            data = np.arange(24, dtype="f4").reshape(2, 4, 3)
            x[:] = data
            x[1, 2, 0] = np.ma.masked
            f = ds.createVariable("can_call", "i1", ("year", "port"), fill_value=np.int8(-127))
            f.flag_values = np.array([0, 1], dtype="i1")
            f.flag_meanings = "cannot_call can_call"
            f[:] = [[1, 0, 1], [0, 0, 1]]
            self.data = data

    def tearDown(self):
        self.dir.cleanup()

    def test_labels_in_every_storage(self):
        with netCDF4.Dataset(self.path) as ds:
            self.assertEqual(rc.labels(ds, "port"), ["aktau", "baku", "anzali"])
            self.assertEqual(rc.labels(ds, "policy"), ["no_dredging", "hold"])
            self.assertEqual(rc.labels(ds, "vessel_class"), ["rsd59", "ferry"])
            with self.assertRaises(KeyError):
                rc.labels(ds, "corridor")

    def test_array_by_dimension_name(self):
        with netCDF4.Dataset(self.path) as ds:
            a = rc.array(ds, "x", "time", "policy", "port")
            self.assertEqual(a.shape, (4, 2, 3))
            self.assertEqual(a[3, 0, 2], self.data[0, 3, 2])
            self.assertEqual(a[1, 1, 1], self.data[1, 1, 1])
            self.assertTrue(np.isnan(a[2, 1, 0]))
            with self.assertRaises(KeyError):
                rc.array(ds, "x", "time", "port")
            flags = rc.array(ds, "can_call", "port", "time")
            np.testing.assert_array_equal(flags, [[1, 0], [0, 0], [1, 1]])

    def test_time_axes(self):
        with netCDF4.Dataset(self.path) as ds:
            dec, cal_year = rc.decimal_years(ds, "x")
            np.testing.assert_array_equal(cal_year, [2025] * 4)
            self.assertTrue(np.all(np.diff(dec) > 0))
            self.assertAlmostEqual(dec[0], 2025 + 0.5 / 12, delta=0.02)
            _, years = rc.decimal_years(ds, "can_call")
            np.testing.assert_array_equal(years, [2025, 2026])


class PortData(unittest.TestCase):
    def setUp(self):
        self.p = rc.PortsData(PORTS_YAML)

    def test_middle_corridor_is_short_of_berths_at_baku_from_2036(self):
        # Baku/Alat's fixed 15 Mt/yr is the west shore; demand 8 Mt/yr in 2023 growing 5 %/yr.
        west = [i for i, tags in enumerate(self.p.corridors["middle"]["sides"]) if "west" in tags][0]
        self.assertEqual([pid for pid, _ in self.p.side_ports("middle", west)], ["baku_alat"])
        self.assertAlmostEqual(self.p.side_berth_capacity("middle", west), 15.0)
        first = next(y for y in range(2023, 2101) if self.p.demand("middle", y) > 15.0)
        self.assertEqual(first, 2036)
        self.assertAlmostEqual(self.p.demand("middle", 2080), self.p.demand("middle", 2050))

    def test_corridor_cause(self):
        names = {"baku_alat": "Baku/Alat", "astrakhan_olya": "Astrakhan/Olya"}
        path = [(y, self.p.demand("middle", y)) for y in range(2025, 2101)]
        full = lambda pid: (1.0, "")  # noqa: E731
        # Middle Corridor, 2036: Baku/Alat's 15 Mt/yr is short of demand whatever the depth.
        cause, text = rc.corridor_cause(self.p, "middle", 2036, self.p.demand("middle", 2036),
                                        full, names, path)
        self.assertEqual(cause, "berth")
        self.assertIn("berth-capacity-limited", text)
        self.assertIn("west shore (Baku/Alat 15 Mt/yr)", text)
        # 2030 with the Astrakhan channel carrying a third: depth-limited at the north shore,
        # the channel named, berth capacity alone short later.
        light = lambda pid: (1 / 3, "RSD59 at 33 % load") if pid == "astrakhan_olya" else (1.0, "")  # noqa: E731
        path = [(y, self.p.demand("instc", y)) for y in range(2025, 2101)]
        cause, text = rc.corridor_cause(self.p, "instc", 2030, self.p.demand("instc", 2030), light,
                                        names, path)
        self.assertEqual(cause, "depth")
        self.assertIn("at the north shore, which carries %.1f" % (8.0 / 3 + 8.3 * 0.5), text)
        self.assertIn("Astrakhan/Olya (RSD59 at 33 % load)", text)
        berth_short = next(y for y, d in path if d > 8.0 + 8.3 * 0.5)
        self.assertIn("berth capacity alone is short from %d" % berth_short, text)
        # Side capacities given (the deterministic check's own): the shore that carries least.
        cause, text = rc.corridor_cause(self.p, "instc", 2030, 6.0, full, names, path, [9.0, 5.0])
        self.assertIn("at the south shore, which carries 5.0 of the 6.0", text)

    def test_every_port_and_class_has_a_short_name(self):
        for item in list(self.p.ports.values()) + list(self.p.classes.values()):
            self.assertTrue(item.get("short_name"), item["id"])
            self.assertNotEqual(item["short_name"], item["id"])

    def test_depth_tags_follow_the_basis(self):
        tags = {pid: rc.basis_tag(*self.p.depth_basis(pid)[:1], calibration=self.p.depth_basis(pid)[1])
                for pid in self.p.ports}
        self.assertEqual(tags["aktau_oil"], "inferred")
        self.assertEqual(tags["makhachkala"], "inferred")
        self.assertEqual(tags["astrakhan_olya"], "data")
        for pid in self.p.ports:
            basis = self.p.depth_basis(pid)[0].lower()
            if basis.startswith("assumption"):
                self.assertEqual(tags[pid], "assumption", pid)
            if basis.startswith("inferred"):
                self.assertEqual(tags[pid], "inferred", pid)
        self.assertEqual(list(tags.values()).count("assumption"), 7)
        declared = rc.PortsData(PORTS_YAML, "declared")
        self.assertIn("declared", declared.depth_basis("astrakhan_olya")[0])

    def test_tags(self):
        self.assertEqual(rc.basis_tag("assumption: none published"), "assumption")
        self.assertEqual(rc.basis_tag("a published figure", assumption=True), "assumption")
        self.assertEqual(rc.basis_tag("inferred from reports"), "inferred")
        self.assertEqual(rc.basis_tag("2022 throughput; growth is an assumption"), "data, part assumed")
        self.assertEqual(rc.basis_tag("alongside depth 5.5 m (WPS)"), "data")


class Document(unittest.TestCase):
    def test_html_and_markdown(self):
        d = rc.Doc()
        d.begin("summary")
        d.para("**bold** & `code`")
        d.end("summary")
        d.table(["port", "class"], [["Aktau", rc.Cell("80 %: 2031\n50 %: 2057", "y1")]])
        page = d.html("t")
        self.assertIn('<section class="summary" id="summary">', page)
        self.assertIn("<b>bold</b> &amp; code", page)
        self.assertIn('<div class="wide"><table>', page)
        self.assertIn('<td class="y1">80 %: 2031<br>50 %: 2057</td>', page)
        self.assertIn("| Aktau | 80 %: 2031<br>50 %: 2057 |", d.markdown())


if __name__ == "__main__":
    unittest.main(verbosity=1)

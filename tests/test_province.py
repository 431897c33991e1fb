"""A province-sized plan: townships (乡镇、街道) under the counties, in the plan itself. The
roll-up reads a region's regions in one query and stops at a region's own figure; a status
of every region reads each indicator once for all regions and must say exactly what the
region-by-region status says; a terminal table shows the regions that fit."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
import yaml

from ipcity.base.periods import parse_period
from ipcity.plan.load import bundled_plan_dir, load_plan
from ipcity.status.bulk import BulkFigures
from ipcity.status.document import status_dict
from ipcity.status.indicators import region_matrix, status_report
from ipcity.store import NewObservation, Store

CITY = "许昌市"
TOWNSHIPS = 4  # under each of the 9 counties and districts


@pytest.fixture
def province(cli, tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(bundled_plan_dir(), folder)
    targets = yaml.safe_load((folder / "targets.yaml").read_text(encoding="utf-8"))
    counties = [r["name"] for r in targets["regions"] if r.get("parent")]
    targets["regions"] += [{"name": f"{c}街道{i}", "kind": "other", "parent": c} for c in counties for i in range(TOWNSHIPS)]
    (folder / "targets.yaml").write_text(yaml.safe_dump(targets, allow_unicode=True, sort_keys=False), encoding="utf-8")
    cli.ok("init", "--plan", str(folder))
    cli.counties = counties
    return cli


def record(db, rows):
    with Store.open(db) as store:
        outcome = store.figures.import_rows(iter(enumerate((NewObservation(k, r, parse_period(p), float(v)) for k, r,
                                                            p, v in rows),
                                                  start=2)), "test")
        assert outcome.error_count == 0 and outcome.written == len(rows)


def without_notes(document):
    return {**document, "indicators": [{k: v for k, v in r.items() if k != "notes"} for r in document["indicators"]],
            "context": [{k: v for k, v in r.items() if k != "notes"} for r in document["context"]]}


def city_row(cli, key, *args):
    data = json.loads(cli.ok("status", "--format", "json", *args).stdout)
    return next(r for r in data["indicators"] + data["context"] if r["key"] == key)


def test_townships_roll_up_through_counties_that_have_no_figure(province):
    rows = [("invention_patents", f"{c}街道{i}", "2024-06", 10 * n + i)
            for n, c in enumerate(province.counties) for i in range(TOWNSHIPS)]
    record(province.db, rows)
    assert city_row(province, "invention_patents")["value"] == sum(v for *_, v in rows)
    county = province.counties[2]
    assert city_row(province, "invention_patents", "--region", county)["value"] == sum(
        v for _, r, _, v in rows if r.startswith(county))


def test_a_county_stops_at_its_own_figure_and_the_city_notes_a_difference(province):
    first, second = province.counties[:2]
    rows = [("invention_patents", f"{c}街道{i}", "2024-06", 100) for c in (first, second) for i in range(TOWNSHIPS)]
    rows += [("invention_patents", first, "2024-06", 1000)]  # its own figure, not its townships' 400
    record(province.db, rows)
    row = city_row(province, "invention_patents")
    assert row["value"] == 1000 + 100 * TOWNSHIPS  # the first county's own figure, the second's townships
    record(province.db, [("invention_patents", CITY, "2024-06", 9999)])
    row = city_row(province, "invention_patents")
    assert row["value"] == 9999
    assert any(f"recorded 9,999件 for 2024-06 differs from the sum of its regions, {1000 + 100 * TOWNSHIPS:,}件" in n
               for n in row["notes"])


def test_flow_years_of_a_county_are_its_own_where_it_has_them_else_its_townships(province):
    county = province.counties[0]
    rows = [("tech_contract_turnover", f"{county}街道{i}", f"{y}-{m:02d}", 1000) for i in range(TOWNSHIPS)
            for y in (2023, 2024) for m in range(1, 13)]
    rows += [("tech_contract_turnover", county, "2023", 5000)]  # the county's own 2023 total
    record(province.db, rows)
    with Store.open(province.db) as store:
        plan = store.plan.source().plan
        from ipcity.status.indicators import RegionFigures

        years = RegionFigures(store, plan, CITY, None).flow_years(plan.indicator("tech_contract_turnover"),
                                                                   date(2019, 1, 1), date(2024, 12, 31))
    assert years[2023].total == 5000 and years[2024].total == 1000 * 12 * TOWNSHIPS


@pytest.mark.parametrize("as_of", [None, date(2024, 3, 31)])
def test_every_region_at_once_says_what_each_region_alone_says(province, as_of):
    rows = []
    for n, county in enumerate(province.counties):
        for i in range(TOWNSHIPS):
            town = f"{county}街道{i}"
            rows += [("invention_patents", town, f"2023-{m:02d}", 10 + n + m) for m in range(1, 13) if (n + i) % 3]
            rows += [("tech_contract_turnover", town, f"2024-{m:02d}", 1e5 * (1 + i)) for m in range(1, 7)]
            rows += [("population", town, "2023", 20000 + n * 100 + i)]
        if n % 2:
            rows += [("invention_patents", county, "2023-12", 500 + n), ("trademarks", county, "2023", 7000)]
    rows += [("support_funds", CITY, "2024Q1", 3e6), ("invention_patents", CITY, "2023", 3300)]
    record(province.db, rows)
    with Store.open(province.db) as store:
        plan = store.plan.source().plan
        names = [r.name for r in plan.regions]
        bulk = store.with_figures(BulkFigures(store.figures, names, as_of))
        for name in names:
            alone, together = status_report(store, plan, as_of, name), status_report(bulk, plan, as_of, name)
            assert status_dict(together) == status_dict(alone), name
            quiet = status_dict(status_report(bulk, plan, as_of, name, notes=False))  # same values, no roll-up notes
            assert without_notes(quiet) == without_notes(status_dict(alone)), name
        matrix = region_matrix(store, plan, as_of)
        assert matrix.regions == names and matrix.left_out == 0


def test_a_terminal_table_shows_the_regions_that_fit_and_says_how_many_do_not(province):
    record(province.db, [("invention_patents", CITY, "2023", 3300)])
    total = 1 + 9 + 9 * TOWNSHIPS
    table = province.ok("status", "--by", "region").stdout
    # region columns after 指标 and 单位, in every table the terminal's width split them into
    shown = sum(line.count("┳") - 1 for line in table.splitlines() if line.startswith("┏"))
    assert 3 <= shown < total
    assert f"另有 {total - shown} 个地区超出终端宽度，未显示" in table
    assert max(len(line) for line in table.splitlines()) <= 120
    data = json.loads(province.ok("status", "--by", "region", "--format", "json").stdout)
    assert len(data["regions"]) == total
    assert len(province.ok("status", "--by", "region", "--format", "csv").stdout.splitlines()) == 1 + total * 9


def test_region_lookups_and_children_come_from_the_plan_index():
    plan = load_plan().plan
    assert plan.region("示范区").name == "城乡一体化示范区" and plan.region(" 长葛市 ").name == "长葛市"
    assert plan.children(CITY) == [r.name for r in plan.regions if r.parent == CITY] and plan.children("长葛市") == []

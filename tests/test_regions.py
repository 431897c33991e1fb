"""Regions: the city's figure rolls up from its regions; region targets; the matrix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ipcity.plan.load import bundled_plan_dir

REGIONS = ["魏都区", "建安区", "禹州市", "长葛市", "鄢陵县", "襄城县", "城乡一体化示范区", "经济技术开发区", "东城区"]


def rows(cli, *args):
    data = json.loads(cli.ok("status", "--format", "json", *args).stdout)
    return {r["key"]: r for r in data["indicators"] + data["context"]}


@pytest.fixture
def nine(ready, tmp_path):
    """A 9-region file: patents, trademarks and population per region; monthly contracts."""
    lines = ["indicator,region,period,value"]
    for i, region in enumerate(REGIONS):
        lines += [f"invention_patents,{region},2023,{300 + 7 * i}",
                  f"trademarks,{region},2023,{6000 + 100 * i}",
                  f"population,{region},2023,{480000 + 1000 * i}"]
        for month in range(1, 7):
            lines.append(f"tech_contract_turnover,{region},2024-{month:02d},{(i + 1) * 1e6 + month}元")
    path = tmp_path / "nine.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ready.ok("import", str(path))
    return ready


def test_city_rolls_up_from_nine_regions(nine):
    city = rows(nine)
    patents = sum(300 + 7 * i for i in range(9))
    trademarks = sum(6000 + 100 * i for i in range(9))
    population = sum(480000 + 1000 * i for i in range(9))
    contracts = sum((i + 1) * 1e6 + m for i in range(9) for m in range(1, 7))
    assert city["invention_patents"]["value"] == patents
    assert city["trademarks"]["value"] == trademarks
    assert city["population"]["value"] == population
    assert city["tech_contract_turnover"]["value"] == pytest.approx(contracts)
    assert city["tech_contract_turnover"]["flow"]["months_covered"] == 6
    # the ratio is recomputed from the sums, never averaged over regions
    assert city["invention_patents_per_10k"]["value"] == pytest.approx(patents / population * 10000)
    assert city["invention_patents"]["notes"] == []


def test_recorded_city_figure_wins_and_a_difference_is_flagged(nine):
    nine.ok("record", "invention_patents", "3000", "--period", "2023")
    patents = rows(nine)["invention_patents"]
    assert patents["value"] == 3000
    summed = sum(300 + 7 * i for i in range(9))
    assert any(f"recorded 3,000件 for 2023 differs from the sum of its regions, {summed:,}件" in n for n in patents["notes"])


def test_missing_and_older_region_figures_are_named(ready):
    ready.ok("record", "invention_patents", "300", "--period", "2024-06", "--region", "魏都区")
    ready.ok("record", "invention_patents", "200", "--period", "2023", "--region", "建安区")
    patents = rows(ready)["invention_patents"]
    assert patents["value"] == 500 and patents["period"] == "2024-06"
    assert any("older figures carried forward from 建安区 (2023)" in n for n in patents["notes"])
    assert any("no figure from 禹州市" in n for n in patents["notes"])


def test_region_target_is_judged_like_a_city_target(ready, tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(bundled_plan_dir(), folder)
    path = folder / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("      increase_on_baseline: 0.20\n",
                        "      increase_on_baseline: 0.20\n    region_targets:\n"
                        "      - region: 长葛市\n        type: at_least\n        value: 500\n        period: 2024\n", 1)
    path.write_text(text, encoding="utf-8")
    ready.ok("init", "--plan", str(folder))
    ready.ok("record", "invention_patents", "450", "--period", "2023", "--region", "长葛市")
    changge = rows(ready, "--region", "长葛市", "--as-of", "2024-06-30")["invention_patents"]
    # no baseline of its own (none in the plan, no 2022 figure): never the city's 3000
    assert (changge["target"], changge["gap"], changge["status"], changge["baseline"]) == (500, 50, "no_baseline", None)
    assert rows(ready, "--region", "魏都区")["invention_patents"]["status"] == "no_target"
    after = rows(ready, "--region", "长葛市", "--as-of", "2025-01-15")["invention_patents"]
    assert (after["status"], after["gap"], after["projected"]) == ("missed", 50, None)


def _county_plan(tmp_path, entry: str) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(bundled_plan_dir(), folder)
    path = folder / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      increase_on_baseline: 0.20\n",
                                 "      increase_on_baseline: 0.20\n    region_targets:\n" + entry, 1), encoding="utf-8")
    return folder


def test_a_county_target_is_judged_from_the_county_own_baseline_figure(ready, tmp_path):
    """Method: "a region target is judged from its own baseline: `baseline:` in the region
    target, else the region's recorded figure for the plan's baseline period"."""
    folder = _county_plan(tmp_path, "      - region: 长葛市\n        type: at_least\n        value: 1100\n        period: 2024\n")
    ready.ok("init", "--plan", str(folder))
    ready.ok("record", "invention_patents", "800", "--period", "2022", "--region", "长葛市")
    ready.ok("record", "invention_patents", "1000", "--period", "2024-06", "--region", "长葛市")
    changge = rows(ready, "--region", "长葛市", "--as-of", "2024-07-15")["invention_patents"]
    assert (changge["baseline"], changge["baseline_period"], changge["target"]) == (800, "2022", 1100)
    assert changge["growth_ratio"] == pytest.approx(0.93, abs=0.005)
    assert changge["status"] == "moderate"
    assert changge["value"] + changge["gap"] == changge["target"]


def test_a_county_target_may_carry_its_own_baseline(ready, tmp_path):
    folder = _county_plan(tmp_path, "      - region: 长葛市\n        type: at_least\n        value: 1100\n        period: 2024\n"
                                    "        baseline: {value: 800, period: 2022}\n")
    ready.ok("init", "--plan", str(folder))
    ready.ok("record", "invention_patents", "1000", "--period", "2024-06", "--region", "长葛市")
    changge = rows(ready, "--region", "长葛市", "--as-of", "2024-07-15")["invention_patents"]
    assert (changge["baseline"], changge["status"]) == (800, "moderate")


def test_a_county_figure_is_compared_with_its_own_target_or_nothing(ready, tmp_path):
    """162 件 for 鄢陵县 is no warning sign: 鄢陵县 has no target, so nothing compares it with the city's."""
    result = ready.ok("record", "invention_patents", "162", "--period", "2023", "--region", "鄢陵县")
    assert "warning" not in result.stderr
    folder = _county_plan(tmp_path, "      - region: 长葛市\n        type: at_least\n        value: 1100\n        period: 2024\n")
    ready.ok("init", "--plan", str(folder))
    odd = ready.ok("record", "invention_patents", "11", "--period", "2023", "--region", "长葛市")
    assert "warning" in odd.stderr and "1,100" in odd.stderr


def test_region_matrix_formats(nine):
    data = json.loads(nine.ok("status", "--by", "region", "--format", "json").stdout)
    assert data["regions"][0] == "许昌市" and len(data["regions"]) == 10
    patents = next(i for i in data["indicators"] if i["key"] == "invention_patents")
    assert patents["regions"]["禹州市"]["value"] == 314
    csv_lines = nine.ok("status", "--by", "region", "--format", "csv").stdout.splitlines()
    assert len(csv_lines) == 1 + 9 * 10
    table = nine.ok("status", "--by", "region").stdout
    from rich.cells import cell_len

    assert "示范区" in table and max(cell_len(line) for line in table.splitlines()) <= 120
    assert "| 有效发明专利拥有量 | 件 |" in nine.ok("status", "--by", "region", "--format", "md").stdout


def test_a_city_flow_year_of_its_own_does_not_hide_its_regions_sums_for_other_years(ready):
    """The city recorded its 2023 total itself; for 2024 only a district has reported.
    2024 is the sum of the regions (not "no figure"), 2023 stays the city's own."""
    ready.ok("record", "ip_pledge_financing", "8000万元", "--period", "2023")
    ready.ok("record", "ip_pledge_financing", "3000万元", "--period", "2024Q1", "--region", "魏都区")
    row = next(r for r in json.loads(ready.ok("status", "--as-of", "2024-03-31", "--format", "json").stdout)["indicators"]
               if r["key"] == "ip_pledge_financing")
    assert (row["value"], row["period"]) == (30_000_000, "2024Q1")
    assert row["flow"]["year"] == 2024 and row["flow"]["previous_year_total"] == 80_000_000


def test_by_region_shows_a_flow_year_to_date_for_every_region(ready):
    """Method: "status --by region shows the same measure for every region (a flow's latest
    year to date, a stock's latest level)" — not a county's last quarter beside the city's year."""
    ready.ok("record", "tech_contract_turnover", "1亿元", "--period", "2024Q1", "--region", "长葛市")
    ready.ok("record", "tech_contract_turnover", "2亿元", "--period", "2024Q2", "--region", "长葛市")
    ready.ok("record", "tech_contract_turnover", "0.5亿元", "--period", "2024-01", "--region", "禹州市")
    data = json.loads(ready.ok("status", "--by", "region", "--as-of", "2024-06-30", "--format", "json").stdout)
    turnover = next(i for i in data["indicators"] if i["key"] == "tech_contract_turnover")["regions"]
    assert (turnover["长葛市"]["value"], turnover["长葛市"]["period"]) == (3e8, "2024Q2")
    assert turnover["禹州市"]["value"] == 0.5e8
    assert turnover["许昌市"]["value"] == 3.5e8  # the city: the sum of its regions' years to date

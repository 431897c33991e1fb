"""A second city's plan (examples/example-city) end to end: percentages, days (shorter is
better), a score with a range, half-year periods, county targets and year-to-date (累计)
figures; and the bundled plan's year-to-date figures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import digest

from ipcity.base.errors import PlanError
from ipcity.plan.load import load_plan, plan_from_json

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "example-city"


def rows(cli, *args):
    data = json.loads(cli.ok("status", "--format", "json", "--as-of", "2025-12-31", *args).stdout)
    return {r["key"]: r for r in data["indicators"] + data["context"]}


@pytest.fixture
def city(cli):
    cli.ok("init", "--plan", str(EXAMPLE))
    return cli


def test_the_example_plan_checks_and_loads(cli):
    result = cli.ok("plan", "check", "--plan", str(EXAMPLE))
    assert "ok — 7 indicators, 4 regions, 1 milestones, 3 tasks, 1 safeguards" in result.stderr
    assert "warning" not in result.stderr
    assert "plan loaded: 7 indicators" in cli.ok("init", "--plan", str(EXAMPLE)).stderr
    listed = {r["key"]: r for r in json.loads(cli.ok("indicators", "--format", "json").stdout)}
    assert (listed["patent_conversion_rate"]["unit"], listed["patent_conversion_rate"]["range"]) == ("%", [0, 100])
    assert listed["tech_contract_turnover"]["reported_as"] == "cumulative"
    assert listed["dispute_days"]["target_type"] == "at_most" and listed["invention_patents"]["frequency"] == "half"


def test_a_percentage_and_days_are_stored_and_judged(city):
    assert "= 22%" in city.ok("record", "patent_conversion_rate", "22%", "--period", "2023").stderr
    city.ok("record", "dispute_days", "80天", "--period", "2023")
    found = rows(city)
    rate, days = found["patent_conversion_rate"], found["dispute_days"]
    assert (rate["value"], rate["unit"], rate["target"]) == (22, "%", 30)
    # (22/18)^(1/1) - 1 = 0.2222 against (30/18)^(1/3) - 1 = 0.1856: R = 1.197
    assert rate["growth_ratio"] == pytest.approx(0.2222 / 0.1856, abs=2e-3) and rate["status"] == "on_track"
    # shorter is better: 90 → 80 days is -11.1%/year against -12.6%/year required: R = 0.880
    assert days["gap"] == 20 and days["status"] == "moderate"
    assert days["growth_ratio"] == pytest.approx(0.1111 / 0.1264, abs=2e-3)
    city.ok("record", "patent_conversion_rate", "22", "--period", "2023")  # the same figure without the sign


def test_a_range_refuses_a_figure_outside_it(city):
    city.refuses("record", "satisfaction", "101分", "--period", "2024", message="outside the range 0–100")
    city.refuses("record", "patent_conversion_rate", "130%", "--period", "2024", message="outside the range 0–100")
    city.refuses("record", "dispute_days", "22%", "--period", "2024", message="is in %, but this indicator is counted in 天")


def test_half_years_and_county_targets(city):
    city.ok("record", "ip_pledge_financing", "1.2亿", "--period", "2025年上半年", "--region", "高新区")
    city.ok("record", "ip_pledge_financing", "0.9亿", "--period", "2025H2", "--region", "高新区")
    zone = rows(city, "--region", "高新区")["ip_pledge_financing"]
    assert zone["value"] == 2.1e8 and zone["target"] == 2e8 and zone["status"] == "achieved"
    assert zone["flow"]["basis"] == "halves" and zone["flow"]["months_covered"] == 12
    city.ok("record", "invention_patents", "380", "--period", "2024H2", "--region", "东县")
    east = rows(city, "--region", "东县")["invention_patents"]
    assert (east["value"], east["target"], east["period"]) == (380, 400, "2024H2")
    assert (east["baseline"], east["baseline_period"]) == (320, "2023")  # the county's own baseline
    city.ok("record", "dispute_days", "75", "--period", "2024年二季度")  # a quarter in its Chinese form
    assert rows(city)["dispute_days"]["period"] == "2024Q2"


def test_percentages_and_days_are_not_added_across_regions(city):
    city.ok("record", "dispute_days", "70", "--period", "2024", "--region", "东县")
    city.ok("record", "dispute_days", "90", "--period", "2024", "--region", "西县")
    assert rows(city)["dispute_days"]["value"] is None  # no city figure: a duration is never a sum


def test_a_declared_cumulative_flow_derives_its_months(city):
    may = city.ok("record", "tech_contract_turnover", "7.0亿", "--period", "2025-05").stderr
    assert "累计 (2025-01 … 2025-05: 7亿元)" in may
    june = city.ok("record", "tech_contract_turnover", "9.2亿", "--period", "2025-06").stderr
    assert "= 9.2亿元 累计 (2025-06: 2.2亿元 after 7亿元 to 2025-05)" in june
    plain = city.ok("record", "tech_contract_turnover", "1亿", "--period", "2025-07", "--not-cumulative").stderr
    assert "= 1亿元" in plain and "累计" not in plain
    row = rows(city, "--as-of", "2025-07-31")["tech_contract_turnover"]
    assert row["value"] == pytest.approx(10.2e8) and row["flow"]["basis"] == "cumulative+months"
    row = rows(city, "--as-of", "2025-06-30")["tech_contract_turnover"]
    assert row["value"] == 9.2e8 and row["flow"]["basis"] == "cumulative"
    assert row["expected_now"] == pytest.approx(10e8) and row["projected"] == pytest.approx(18.4e8)


def test_record_cumulative_on_the_bundled_plan(ready):
    ready.ok("record", "tech_contract_turnover", "7.0亿", "--period", "2024-05", "--cumulative")
    refused = ready.refuses("record", "tech_contract_turnover", "6.0亿", "--period", "2024-06", "--cumulative",
                            message="the year-to-date (累计) figure 6亿元 for 2024-06 is lower than 7亿元 for 2024-05")
    assert "--correct" in refused.stderr
    ready.refuses("record", "tech_contract_turnover", "8亿", "--period", "2024-04", "--cumulative",
                  message="8亿元 for 2024-04 is higher than 7亿元 for 2024-05")
    ready.refuses("record", "invention_patents", "3300", "--period", "2024", "--cumulative", message="not a flow")
    result = ready.ok("record", "tech_contract_turnover", "9.2亿", "--period", "2024-06", "--cumulative")
    assert "2024-06: 2.2亿元 after 7亿元 to 2024-05" in result.stderr
    history = json.loads(ready.ok("history", "tech_contract_turnover", "--format", "json").stdout)
    assert [(h["period"], h["value"], h["cumulative"]) for h in history["history"]] == [
        ("2024-05", 7e8, True), ("2024-06", 9.2e8, True)]
    assert history["history"][1]["period_amount"] == pytest.approx(2.2e8)
    assert [h["period_amount_months"] for h in history["history"]] == ["2024-01…2024-05", "2024-06"]
    assert history["trend"]["values"] == [7e8, pytest.approx(2.2e8)]
    table = ready.ok("history", "tech_contract_turnover").stdout
    assert "7.00 累计 (2024-01…2024-05: 7.00)" in table and "9.20 累计 (2024-06: 2.20)" in table
    # the same value for the same period but as the month's own amount is a correction, not "unchanged"
    ready.refuses("record", "tech_contract_turnover", "9.2亿", "--period", "2024-06", message="already")


def test_cumulative_import_and_export_round_trip(ready, tmp_path):
    sheet = tmp_path / "ytd.csv"
    sheet.write_text("指标,地区,期间,数值,累计\n技术合同成交额,,2024-05,7亿元,是\n技术合同成交额,,2024-06,9.2亿元,是\n"
                     "技术合同成交额,,2024-07,1亿元,否\n", encoding="utf-8")
    assert "3 added" in ready.ok("import", str(sheet)).stderr
    before = rows(ready, "--as-of", "2024-07-31")["tech_contract_turnover"]
    assert before["value"] == pytest.approx(10.2e8) and before["flow"]["basis"] == "cumulative+months"
    exported = ready.ok("export", "-o", str(tmp_path / "all.csv"))
    assert exported.exit_code == 0
    text = (tmp_path / "all.csv").read_text(encoding="utf-8")
    assert "2024-06,9.2,亿元,,,true" in text and "2024-07,1,亿元,,,false" in text
    again = ready.ok("import", str(tmp_path / "all.csv"))
    assert "0 added, 0 corrected, 3 unchanged" in again.stderr


def test_import_refuses_a_falling_year_to_date_and_writes_nothing(ready, tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text("indicator,period,value\ntech_contract_turnover,2024-05,7亿\ntech_contract_turnover,2024-06,6亿\n",
                     encoding="utf-8")
    before = digest(ready.db)
    result = ready("import", str(sheet), "--cumulative")
    assert result.exit_code == 1 and digest(ready.db) == before
    assert "1 bad row; nothing was imported" in result.stderr
    listed = result.stderr
    assert ("row 3: tech_contract_turnover 许昌市 the year-to-date (累计) figure 600,000,000 for 2024-06 is lower than "
            "700,000,000 for 2024-05") in listed
    bad_flag = tmp_path / "flag.csv"
    bad_flag.write_text("indicator,period,value,cumulative\ninvention_patents,2024,3300,yes\n"
                        "tech_contract_turnover,2024-05,7亿,maybe\n", encoding="utf-8")
    listed = ready("import", str(bad_flag)).stderr
    assert "row 2, cumulative 'yes': invention_patents is a stock, not a flow" in listed
    assert "row 3, cumulative 'maybe': expected true" in listed


@pytest.fixture
def example_copy(tmp_path):
    folder = tmp_path / "city"
    shutil.copytree(EXAMPLE, folder)
    return folder


def plan_problems(folder, old: str, new: str) -> list[str]:
    path = folder / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(PlanError) as error:
        load_plan(folder)
    return [str(p) for p in error.value.problems]


@pytest.mark.parametrize("old, new, message", [
    ('    unit: "%"\n', "    unit: 万元\n", "patent_conversion_rate.unit: declare the base unit '元', not '万元'"),
    ("    range: [0, 100]\n    direction: increase\n    frequency: year\n    baseline:\n      value: 18\n",
     "    range: [0, 100]\n    direction: increase\n    frequency: year\n    baseline:\n      value: 118\n",
     "patent_conversion_rate.baseline.value: 118 is outside the declared range 0–100"),
    ("    range: [0, 365]\n", "    range: [365, 0]\n", "dispute_days.range: expected low ≤ high, got 365 > 0"),
    ("    range: [0, 365]\n", "    range: [0]\n", "dispute_days.range: expected [low, high]"),
    ("    frequency: year\n    baseline:\n      value: 20\n",
     "    frequency: year\n    reported_as: cumulative\n    baseline:\n      value: 20\n",
     "demonstration_enterprises.reported_as: only a flow is reported as a year-to-date total"),
    ("    reported_as: cumulative\n", "    reported_as: ytd\n", "expected one of period, cumulative, got 'ytd'"),
    ("    frequency: half\n    target:\n", "    frequency: fortnight\n    target:\n",
     "expected one of month, quarter, half, year"),
    ("      period: 2023\n    target:\n      type: at_least\n      value: 1500\n",
     "      period: 2023年下半年\n    target:\n      type: at_least\n      value: 1500\n", None),
])
def test_plan_check_of_units_ranges_and_reporting(example_copy, old, new, message):
    if message is None:  # a Chinese half-year is a period like any other
        path = example_copy / "targets.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        assert str(load_plan(example_copy).plan.indicator("invention_patents").baseline.period) == "2023H2"
        return
    found = plan_problems(example_copy, old, new)
    assert any(message in p for p in found), found


def test_the_example_round_trips_through_the_database_json():
    source = load_plan(EXAMPLE)
    again = plan_from_json(source.to_json()).plan
    assert again.indicators == source.plan.indicators
    rate = again.indicator("patent_conversion_rate")
    assert (rate.unit, rate.range, rate.additive) == ("%", (0.0, 100.0), False)
    assert again.indicator("tech_contract_turnover").reported_as == "cumulative"

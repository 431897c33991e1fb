"""The plan loader: the bundled plan is complete, and every mistake is reported with its
file, line and field, all of them together."""

from __future__ import annotations

import shutil

import pytest

from ipcity.base.errors import IpcityError, PlanError
from ipcity.plan.load import bundled_plan_dir, load_plan, plan_from_json

SOURCE_SENTENCES = [
    "全市有效发明专利拥有量达到3600件,较2022年增长20%",
    "每万人有效发明专利拥有量达到8.2件",
    "有效商标注册总量6.8万件,较2022年增长17%",
    "知识产权质押融资额达到1亿元",
    "技术合同成交额35亿元",
    "争取国家、省扶持资金300万元以上",
]


def test_bundled_plan_carries_every_indicator_of_the_plan():
    plan = load_plan().plan
    keys = [i.key for i in plan.indicators]
    assert keys == [
        "invention_patents", "invention_patents_per_10k", "trademarks", "ip_pledge_financing",
        "tech_contract_turnover", "support_funds", "breakthrough_projects", "satisfaction", "population",
    ]
    patents = plan.indicator("invention_patents")
    assert (patents.baseline.value, str(patents.baseline.period)) == (3000, "2022")
    assert (patents.target.value, str(patents.target.period)) == (3600, "2024")
    assert patents.baseline.derived == "3600 / 1.20"
    assert plan.indicator("trademarks").baseline.derived == "68000 / 1.17"
    assert round(68000 / 1.17) == plan.indicator("trademarks").baseline.value
    assert plan.indicator("support_funds").target.type == "floor"
    assert plan.indicator("tech_contract_turnover").target.value == 3.5e9
    per_10k = plan.indicator("invention_patents_per_10k")
    assert (per_10k.kind, per_10k.numerator, per_10k.denominator, per_10k.scale) == (
        "ratio", "invention_patents", "population", 10000)
    assert plan.indicator("satisfaction").target.type == "improve"
    text = " ".join(i.plan_text or "" for i in plan.indicators)
    for sentence in SOURCE_SENTENCES:
        assert sentence in text


def test_bundled_plan_has_regions_and_milestones():
    plan = load_plan().plan
    assert plan.top_region.name == "许昌市"
    assert [r.name for r in plan.regions[1:]] == [
        "魏都区", "建安区", "禹州市", "长葛市", "鄢陵县", "襄城县", "城乡一体化示范区", "经济技术开发区", "东城区"]
    assert plan.region("示范区").name == "城乡一体化示范区"
    due = {m.key: m.due.isoformat() for m in plan.milestones}
    assert due["pilot_city_apply"] == "2023-12-31"
    assert due["pilot_city_submit"] == "2024-12-31"
    assert due["pilot_city_create"] == "2025-06-30"
    assert "changge_pilot_county" in due
    assert sum(1 for m in plan.milestones if m.indicator == "breakthrough_projects") == 4


def test_plan_round_trips_through_the_database_json():
    source = load_plan()
    again = plan_from_json(source.to_json())
    assert again.plan.indicators == source.plan.indicators
    assert again.plan.tasks == source.plan.tasks


@pytest.fixture
def plan_copy(tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(bundled_plan_dir(), folder)
    return folder


def edit(folder, old: str, new: str, file: str = "targets.yaml") -> int:
    """Replace `old` (which must occur once) and return the 1-based line where it was."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return line


def problems(folder) -> list[str]:
    with pytest.raises(PlanError) as error:
        load_plan(folder)
    return [str(p) for p in error.value.problems]


def test_unknown_field_names_file_line_and_the_expected_fields(plan_copy):
    line = edit(plan_copy, "    frequency: month\n    baseline:\n      value: 3000",
                "    frequency: month\n    colour: red\n    baseline:\n      value: 3000")
    found = problems(plan_copy)
    assert len(found) == 1
    assert found[0].startswith(f"{plan_copy / 'targets.yaml'}:{line + 1}: error: indicators.invention_patents.colour:")
    assert "unknown field; expected one of key, name" in found[0]


def test_missing_field(plan_copy):
    edit(plan_copy, "    name: 有效商标注册总量\n", "")
    found = problems(plan_copy)
    assert any("indicators.trademarks.name: missing; expected text" in p for p in found)


def test_wrong_type(plan_copy):
    line = edit(plan_copy, "      value: 3600\n", "      value: lots\n")
    found = problems(plan_copy)
    assert any(f":{line}: error: indicators.invention_patents.target.value: expected a number, got 'lots'" in p
               for p in found)


def test_duplicate_indicator_key(plan_copy):
    edit(plan_copy, "  - key: trademarks\n", "  - key: invention_patents\n")
    found = problems(plan_copy)
    assert any("duplicate indicator key 'invention_patents'" in p for p in found)


def test_unparseable_period(plan_copy):
    edit(plan_copy, "      value: 3000\n      period: 2022\n", "      value: 3000\n      period: 2022-13\n")
    found = problems(plan_copy)
    assert any("indicators.invention_patents.baseline.period: expected a period like 2024" in p for p in found)


def test_target_before_baseline(plan_copy):
    edit(plan_copy, "      value: 3600\n      period: 2024\n", "      value: 3600\n      period: 2021\n")
    found = problems(plan_copy)
    assert any("target.period: expected a period after the baseline period 2022, got 2021" in p for p in found)


def test_range_with_min_above_max(plan_copy):
    edit(plan_copy, "      type: floor\n      value: 3000000\n", "      type: range\n      min: 5\n      max: 3\n")
    found = problems(plan_copy)
    assert any("expected min ≤ max, got 5 > 3" in p for p in found)


def test_ratio_part_must_be_an_indicator(plan_copy):
    edit(plan_copy, "    denominator: population\n", "    denominator: people\n")
    found = problems(plan_copy)
    assert any("'people' is not another indicator" in p for p in found)


def test_unknown_kind_lists_the_kinds(plan_copy):
    edit(plan_copy, "    kind: survey\n", "    kind: opinion\n")
    found = problems(plan_copy)
    assert any("expected one of stock, flow, ratio, milestone_count, survey, got 'opinion'" in p for p in found)


def test_all_problems_are_reported_together(plan_copy):
    edit(plan_copy, "    kind: survey\n", "    kind: opinion\n")
    edit(plan_copy, "      value: 3600\n", "      value: lots\n")
    edit(plan_copy, "  - key: trademarks\n", "  - key: invention_patents\n")
    assert len(problems(plan_copy)) == 3


def test_broken_yaml_names_the_line(plan_copy):
    line = edit(plan_copy,
                "    kind: stock\n    unit: 件\n    direction: increase\n    frequency: month\n    baseline:\n      value: 3000",
                "    kind: stock\n    unit: [件\n    direction: increase\n    frequency: month\n    baseline:\n      value: 3000")
    found = problems(plan_copy)
    # the unit opens a bracket on line + 1; the parser finds it unclosed on the next line
    assert found == [(f"{plan_copy / 'targets.yaml'}:{line + 2}: error: is not valid YAML: "
                      "did not find expected ',' or ']'")]


def test_duplicate_yaml_key_is_not_silently_dropped(plan_copy):
    line = edit(plan_copy, "    unit: 元\n    direction: increase\n    frequency: quarter\n",
                "    unit: 元\n    unit: 件\n    direction: increase\n    frequency: quarter\n")
    found = problems(plan_copy)
    assert any(f":{line + 1}: error: unit: appears twice" in p for p in found)


def test_missing_folder_and_file(tmp_path):
    with pytest.raises(IpcityError, match="does not exist"):
        load_plan(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(IpcityError, match="targets.yaml is missing"):
        load_plan(tmp_path / "empty")


def test_ipcity_plan_environment_variable(plan_copy, monkeypatch):
    edit(plan_copy, "  name: 许昌市推进知识产权强市建设行动方案", "  name: 另一个城市的方案")
    monkeypatch.setenv("IPCITY_PLAN", str(plan_copy))
    assert load_plan().plan.info.name == "另一个城市的方案"


def test_tasks_reference_declared_units(plan_copy):
    path = plan_copy / "tasks.yaml"
    if not path.exists():
        pytest.skip("no tasks.yaml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      - 市市场监督管理局\n", "      - 市市场监管局\n", 1), encoding="utf-8")
    found = problems(plan_copy)
    assert any("unknown unit '市市场监管局'" in p for p in found)


# --- consistency warnings (ipcity plan check) ------------------------------------------

from ipcity.base.periods import Figure, parse_period  # noqa: E402
from ipcity.plan.lint import lint  # noqa: E402


def test_bundled_plan_arithmetic_is_consistent():
    assert lint(load_plan()) == []


def test_arithmetic_warning_names_file_and_line(plan_copy):
    line = edit(plan_copy, "      value: 3000\n", "      value: 3100\n")
    warnings = lint(load_plan(plan_copy))
    assert len(warnings) == 1
    text = str(warnings[0])
    assert "warning: indicators.invention_patents.target: 3100 × (1 + 0.2) = 3720, not the target 3600" in text
    assert f"targets.yaml:{line + 5}:" in text  # the target block, five lines below the baseline value


def test_population_against_the_per_10k_target():
    source = load_plan()
    recorded = {"population": Figure(parse_period("2023"), 4_380_000.0)}
    assert lint(source, recorded.get) == []
    recorded["population"] = Figure(parse_period("2023"), 5_000_000.0)
    (warning,) = lint(source, recorded.get)
    assert "implies a population of 4,390,244, but 2023 records 5,000,000" in str(warning)
    (missing,) = lint(source, {}.get)
    assert "no population recorded" in str(missing)


def test_plan_check_cli_warns_and_exits_0(ready):
    result = ready.ok("plan", "check")
    assert "warning: indicators.invention_patents_per_10k: no population recorded" in result.stderr
    assert "1 warning" in result.stderr


# --- targets that cannot be judged are plan errors (issue: "the method, written down") ----


def test_an_increase_target_below_its_baseline_is_an_error_with_its_line(plan_copy):
    """Method: "an increase target below its baseline, or a decrease target above it, is a plan
    error with its line" — otherwise a fall would count as success."""
    line = edit(plan_copy, "      type: at_least\n      value: 3600\n", "      type: at_least\n      value: 2900\n")
    found = problems(plan_copy)
    assert len(found) == 1
    assert found[0].startswith(f"{plan_copy / 'targets.yaml'}:{line + 1}: error: indicators.invention_patents.target:")
    assert "the target 2900 is below the baseline 3000 of an increase target" in found[0]


def test_a_decrease_target_above_its_baseline_is_an_error(plan_copy):
    edit(plan_copy, "    direction: increase\n    frequency: month\n    baseline:\n      value: 3000",
         "    direction: decrease\n    frequency: month\n    baseline:\n      value: 3000")
    edit(plan_copy, "      type: at_least\n      value: 3600\n", "      type: at_most\n      value: 3600\n")
    found = problems(plan_copy)
    assert len(found) == 1 and "the target 3600 is above the baseline 3000 of a decrease target" in found[0]


def test_at_most_is_for_lower_is_better_and_at_least_for_higher(plan_copy):
    line = edit(plan_copy, "      type: at_least\n      value: 3600\n", "      type: at_most\n      value: 3600\n")
    found = problems(plan_copy)
    assert len(found) == 1
    assert found[0].startswith(f"{plan_copy / 'targets.yaml'}:{line}: error: indicators.invention_patents.target.type:")
    assert "at_most is for a lower-is-better figure; set direction: decrease" in found[0]
    edit(plan_copy, "      type: at_most\n      value: 3600\n", "      type: at_least\n      value: 2000\n")
    edit(plan_copy, "    direction: increase\n    frequency: month\n    baseline:\n      value: 3000",
         "    direction: decrease\n    frequency: month\n    baseline:\n      value: 3000")
    assert any("for direction: decrease use type: at_most" in p for p in problems(plan_copy))


def test_an_at_most_target_loads_and_is_met_at_or_below(plan_copy):
    from ipcity.engine import meets

    edit(plan_copy, "    direction: increase\n    frequency: month\n    baseline:\n      value: 3000",
         "    direction: decrease\n    frequency: month\n    baseline:\n      value: 3000")
    edit(plan_copy, "      type: at_least\n      value: 3600\n      period: 2024\n      increase_on_baseline: 0.20\n",
         "      type: at_most\n      value: 2400\n      period: 2024\n")
    target = load_plan(plan_copy).plan.indicator("invention_patents").target
    assert (target.type, target.value) == ("at_most", 2400)
    assert meets(2400, target, -1) and meets(2000, target, -1) and not meets(2401, target, -1)


def test_a_region_targeted_twice_is_an_error(plan_copy):
    entry = "      - region: 长葛市\n        type: at_least\n        value: 500\n        period: 2024\n"
    line = edit(plan_copy, "      increase_on_baseline: 0.20\n    plan_text: 到2024年年底,全市有效发明专利",
                "      increase_on_baseline: 0.20\n    region_targets:\n" + entry + entry
                + "    plan_text: 到2024年年底,全市有效发明专利")
    found = problems(plan_copy)
    assert len(found) == 1
    assert found[0].startswith(f"{plan_copy / 'targets.yaml'}:{line + 6}: error: "
                               "indicators.invention_patents.region_targets[1].region:")
    assert f"duplicate region target for invention_patents '长葛市' (first at line {line + 2})" in found[0]


def test_a_region_target_below_its_own_baseline_is_an_error(plan_copy):
    edit(plan_copy, "      increase_on_baseline: 0.20\n    plan_text: 到2024年年底,全市有效发明专利",
         "      increase_on_baseline: 0.20\n    region_targets:\n"
         "      - region: 长葛市\n        type: at_least\n        value: 500\n        period: 2024\n"
         "        baseline: {value: 800, period: 2022}\n"
         "    plan_text: 到2024年年底,全市有效发明专利")
    found = problems(plan_copy)
    assert len(found) == 1 and "region_targets[0].target" in found[0] and "below the baseline 800" in found[0]

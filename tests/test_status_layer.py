"""Unit tests of the status layer (ipcity/status/): plain data computed from a real store
built once for this module (SQLite, and PostgreSQL when the tests have a server), and from
hand-made snapshot documents. No CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from conftest import ENGINES
from ipcity.engine import Assessment
from ipcity.base.errors import InputError
from ipcity.base.periods import month, parse_period
from ipcity.plan.load import bundled_plan_dir, load_plan
from ipcity.plan.model import Unit
from ipcity.status.document import FIGURES, status_dict
from ipcity.status.history import change_label, value_series
from ipcity.status.indicators import StatusReport, StatusRow, region_matrix, status_report
from ipcity.status.snapshots import at_or_below, diff_snapshots, region_status, resolve_month
from ipcity.status.work import TaskState, done_blockers, task_ref, task_states, unit_rows, work_status
from ipcity.store import NewObservation, Store, TaskRecord

CITY = "许昌市"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """These tests read the English wording; tests/test_i18n.py checks the Chinese."""
    monkeypatch.setenv("IPCITY_LANG", "en")
REGIONS = ["魏都区", "建安区", "禹州市", "长葛市", "鄢陵县", "襄城县", "城乡一体化示范区", "经济技术开发区", "东城区"]
AS_OF = date(2024, 6, 30)
RECORDED = datetime(2024, 1, 15, 12, tzinfo=UTC)  # when the 2023 figures were typed in
CONTRACTS = [2.0e8, 2.4e8, 2.6e8, 2.6e8, 2.8e8, 3.0e8]  # the worked example: 15.4亿元 by June
UPDATED = datetime(2024, 3, 1, 12, tzinfo=UTC)  # when the task updates were written
CORRECTED = datetime(2024, 5, 1, 12, tzinfo=UTC)  # when the 2022 population was corrected


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def plan():
    return load_plan(bundled_plan_dir()).plan


@pytest.fixture(scope="module", params=ENGINES)
def store(request, tmp_path_factory, plan):
    """The bundled plan and a handful of figures, task updates and one milestone, each
    written at a fixed moment so that "as known at" dates are meaningful (on each engine)."""
    if request.param == "sqlite":
        location = tmp_path_factory.mktemp("status") / "status.db"
    else:
        location = request.getfixturevalue("pg_databases").new()
    db = Store.open(location, create=True)
    db.plan.load(load_plan(bundled_plan_dir()), now=at(2023, 12, 1))

    def record(key, region, period, value, now=RECORDED):
        db.figures.record(NewObservation(key, region, parse_period(period), float(value)), now=now)

    record("invention_patents", CITY, "2023", 3250)
    # trademarks: the city has no figure of its own; three regions report, one of them late
    record("trademarks", "魏都区", "2023", 6000)
    record("trademarks", "建安区", "2023", 7000)
    record("trademarks", "禹州市", "2022", 5000)
    record("population", CITY, "2022", 4_300_000)
    db.figures.record(NewObservation("population", CITY, parse_period("2022"), 4_350_000.0), correct=True,
              now=CORRECTED)  # a correction typed in later
    record("population", CITY, "2023", 4_380_000)
    for i, value in enumerate(CONTRACTS):  # each month typed in early the next month
        record("tech_contract_turnover", CITY, f"2024-{i + 1:02d}", value, now=at(2024, i + 2, 10))
    db.work.add_task_update("4", "done", {"strong_enterprises": 4}, None, None, now=UPDATED)
    db.work.add_task_update("5", "blocked", {}, "waiting for the budget", None, now=UPDATED)
    db.work.add_task_update("S1", "in_progress", {}, None, None, now=UPDATED)
    db.work.mark_milestone("pilot_city_apply", date(2023, 12, 20), None, now=at(2023, 12, 21))
    yield db
    db.close()


@pytest.fixture(scope="module")
def city(store, plan) -> StatusReport:
    return status_report(store, plan, AS_OF)


def by_key(report: StatusReport) -> dict[str, StatusRow]:
    return {row.indicator.key: row for row in report.rows + report.context}


# --- status/indicators.py -----------------------------------------------------------------


def test_invention_patents_worked_example(city):
    a = by_key(city)["invention_patents"].assessment
    assert a.value == 3250 and str(a.period) == "2023"
    assert a.baseline == 3000 and str(a.baseline_period) == "2022"
    assert a.target == 3600
    assert a.gap == pytest.approx(350)
    assert a.achieved_share == pytest.approx(0.9028, abs=1e-4)
    assert a.progress_share == pytest.approx(0.4167, abs=1e-4)
    assert a.growth_ratio == pytest.approx(0.874, abs=1e-3)
    assert a.projected == pytest.approx(3521.6, abs=0.05)
    assert a.method == "growth"
    assert a.status == "moderate"
    assert a.stale is True  # a monthly indicator whose latest figure is for 2023, seen at mid-2024
    assert a.notes == []


def test_flow_worked_example_half_year(city):
    a = by_key(city)["tech_contract_turnover"].assessment
    assert a.value == pytest.approx(15.4e8)
    assert str(a.period) == "2024-06"
    assert a.expected_now == pytest.approx(17.5e8)
    assert a.projected == pytest.approx(30.8e8)
    assert a.gap == pytest.approx(19.6e8)
    assert a.status == "moderate"
    assert a.stale is False
    assert a.flow.months_covered == 6 and a.flow.basis == "months" and a.flow.missing_months == []


def test_city_figure_is_the_sum_of_its_regions_with_notes(city):
    row = by_key(city)["trademarks"]
    a = row.assessment
    assert a.value == 18000  # 6000 + 7000 + 5000 (禹州市's 2022 figure carried forward)
    assert str(a.period) == "2023"
    assert a.gap == pytest.approx(68000 - 18000)
    missing = "、".join(REGIONS[3:])
    assert f"sum of regions for 2023: no figure from {missing}" in a.notes
    assert "sum of regions for 2023: older figures carried forward from 禹州市 (2022)" in a.notes
    assert not any("魏都区" in note or "建安区" in note for note in a.notes)


def test_ratio_is_computed_from_numerator_and_denominator(city):
    row = by_key(city)["invention_patents_per_10k"]
    assert row.assessment.value == pytest.approx(3250 / 4_380_000 * 10000)
    assert row.assessment.baseline == pytest.approx(3000 / 4_350_000 * 10000)
    assert row.parts == {
        "numerator": "invention_patents", "denominator": "population",
        "numerator_value": 3250.0, "numerator_period": "2023",
        "denominator_value": 4_380_000.0, "denominator_period": "2023",
        "baseline_denominator_period": "2022",
    }


def test_indicators_without_a_target_are_context_not_rows(city, plan):
    assert [row.indicator.key for row in city.context] == ["population"]
    assert [row.indicator.key for row in city.rows] == [i.key for i in plan.indicators if i.key != "population"]
    assert city.context[0].assessment.value == 4_380_000
    assert city.context[0].assessment.status == "no_baseline"


def test_status_is_as_known_at_the_date(store, plan):
    # a period counts once it has ended; a correction once it was typed in
    before = by_key(status_report(store, plan, date(2023, 12, 30)))
    assert before["invention_patents"].assessment.status == "no_data"
    assert before["invention_patents"].assessment.value is None
    assert by_key(status_report(store, plan, date(2023, 12, 31)))["invention_patents"].assessment.value == 3250
    march = by_key(status_report(store, plan, date(2024, 3, 31)))
    # January to March: 2.0 + 2.4 + 2.6 亿元
    assert march["tech_contract_turnover"].assessment.value == pytest.approx(7.0e8)
    assert str(march["tech_contract_turnover"].assessment.period) == "2024-03"
    # the 2022 population was corrected on 1 May: --as-of takes today's best figure for 2022,
    # --known-at a moment before the correction the figure as it was then
    april = by_key(status_report(store, plan, date(2024, 4, 30)))
    assert april["invention_patents_per_10k"].assessment.baseline == pytest.approx(3000 / 4_350_000 * 10000)
    then = store.at(CORRECTED - timedelta(seconds=1))
    meeting = status_report(then, plan, date(2024, 4, 30))
    assert meeting.known_at == then.known_at and store.known_at is None
    assert by_key(meeting)["invention_patents_per_10k"].assessment.baseline == pytest.approx(3000 / 4_300_000 * 10000)


def test_report_header_fields(city, store, plan):
    assert (city.plan_name, city.region, city.as_of, city.as_of_given) == (plan.info.name, CITY, AS_OF, True)
    today = status_report(store, plan, None)
    assert today.as_of == date.today() and today.as_of_given is False


def test_counts_and_summary_of_the_city(city):
    statuses = {row.indicator.key: row.assessment.status for row in city.rows}
    assert statuses == {
        "invention_patents": "moderate", "invention_patents_per_10k": "moderate", "trademarks": "deterioration",
        "ip_pledge_financing": "no_data", "tech_contract_turnover": "moderate", "support_funds": "no_data",
        # counted from the milestones marked done: none of the four, once any milestone is tracked
        "breakthrough_projects": "limited", "satisfaction": "no_data",
    }
    assert city.counts() == {"no_data": 3, "achieved": 0, "on_track": 0, "moderate": 3, "limited": 1,
                             "deterioration": 1, "missed": 0, "no_baseline": 0}
    assert city.summary() == ("0 of 8 on track or achieved; 5 need attention (3 moderate, 1 limited, "
                              "1 deterioration); 3 without data; 2 stale")


def test_summary_wording_on_hand_made_rows(plan):
    indicator = plan.indicators[0]
    rows = [StatusRow(indicator, Assessment(status)) for status in
            ("achieved", "on_track", "moderate", "no_data", "no_baseline", "no_target")]
    rows[2].assessment.stale = True
    report = StatusReport("plan", "魏都区", AS_OF, True, rows, [])
    assert report.counts() == {"no_data": 1, "achieved": 1, "on_track": 1, "moderate": 1, "limited": 0,
                               "deterioration": 0, "missed": 0, "no_baseline": 1, "no_target": 1}
    assert report.summary() == ("2 of 5 on track or achieved; 1 needs attention (1 moderate); 1 without data; "
                                "1 without a baseline; 1 without a target for 魏都区; 1 stale")
    rows[0].assessment.status = "limited"
    assert report.summary().startswith("1 of 5 on track or achieved; 2 need attention (1 moderate, 1 limited);")


def test_a_region_without_targets_is_not_judged(store, plan):
    report = status_report(store, plan, AS_OF, "魏都区")
    rows = by_key(report)
    assert rows["trademarks"].assessment.status == "no_target"
    assert rows["trademarks"].assessment.value == 6000
    assert report.counts()["no_target"] == 8
    assert report.summary() == "0 of 0 on track or achieved; 8 without a target for 魏都区; 1 stale"


def test_region_matrix_has_one_cell_per_indicator_and_region(store, plan):
    matrix = region_matrix(store, plan, AS_OF)
    regions = [CITY] + REGIONS
    assert matrix.regions == regions
    assert [i.key for i in matrix.indicators] == [i.key for i in plan.indicators]
    assert set(matrix.cells) == {(i.key, r) for i in plan.indicators for r in regions}
    assert len(matrix.cells) == 9 * 10
    assert matrix.cells[("trademarks", CITY)].assessment.value == 18000
    assert matrix.cells[("trademarks", "建安区")].assessment.value == 7000
    assert matrix.cells[("trademarks", "东城区")].assessment.value is None
    assert matrix.as_of == AS_OF


# --- status/document.py -------------------------------------------------------------------


def test_status_dict_layout_and_full_precision(city):
    doc = status_dict(city)
    assert list(doc) == ["as_of", "plan", "region", "summary", "counts", "indicators", "context"]
    assert doc["as_of"] == "2024-06-30" and doc["region"] == CITY
    assert doc["summary"] == city.summary() and doc["counts"] == city.counts()
    rows = {row["key"]: row for row in doc["indicators"] + doc["context"]}
    patents = rows["invention_patents"]
    for name in ("key", "name", "kind", "unit", "direction", "baseline", "baseline_period", "value", "period",
                 "target", "target_type", "target_max", "target_period", *FIGURES, "status", "stale", "method",
                 "notes"):
        assert name in patents, name
    assert patents["direction"] == "increase" and patents["target_type"] == "at_least"
    assert patents["target_period"] == "2024" and patents["baseline_period"] == "2022"
    assert patents["achieved_share"] == 3250 / 3600  # not rounded
    assert patents["gap"] == 350.0
    assert "flow" not in patents and "ratio" not in patents
    contracts = rows["tech_contract_turnover"]
    assert contracts["value"] == pytest.approx(1_540_000_000)  # 元, not 亿元
    assert contracts["unit"] == "元"
    assert contracts["flow"]["year"] == 2024 and contracts["flow"]["months_covered"] == 6
    assert contracts["flow"]["share_of_year"] == 0.5
    assert contracts["flow"]["expected_to_date"] == pytest.approx(1_750_000_000)
    assert contracts["flow"]["basis"] == "months"
    assert rows["invention_patents_per_10k"]["ratio"]["denominator_value"] == 4_380_000.0
    assert json.loads(json.dumps(doc, ensure_ascii=False)) == doc  # JSON-ready as it is


# --- status/work.py -----------------------------------------------------------------------


def test_task_states_from_the_store(store, plan):
    states = {s.ref: s for s in task_states(store, plan, AS_OF)}
    assert list(states) == [str(n) for n in range(1, 18)] + ["S1", "S2", "S3"]
    assert states["4"].status == "done"
    assert [(s.count, s.met, s.text) for s in states["4"].subtargets] == [(4, True, "4 of 3–5")]
    assert states["5"].status == "blocked" and states["5"].record.note == "waiting for the budget"
    assert states["S1"].status == "in_progress" and states["S1"].group is None
    assert states["1"].status == "not_started"
    assert not any(s.overdue for s in states.values())  # every due date is 2024-12-31


def test_task_states_before_the_update_and_after_the_due_date(store, plan):
    early = {s.ref: s for s in task_states(store, plan, date(2024, 2, 1))}
    assert early["4"].status == "not_started" and early["4"].subtargets[0].count is None
    late = {s.ref: s for s in task_states(store, plan, date(2025, 1, 15))}
    assert late["4"].overdue is False  # done
    assert late["1"].overdue is True and late["S3"].overdue is True


def state(ref: str, lead: str, status: str, overdue: bool = False) -> TaskState:
    return TaskState(ref, f"task {ref}", None, (lead,), date(2024, 12, 31), TaskRecord(status=status), [], overdue)


def test_unit_rows_put_those_who_need_a_call_first():
    units = SimpleNamespace(units=[Unit("A", "department", ("A-alias",)), Unit("B", "department"),
                                   Unit("C", "department"), Unit("D", "department"), Unit("E", "department")])
    states = [state("1", "A", "not_started"), state("2", "B", "blocked"), state("3", "C", "in_progress", True),
              state("4", "A-alias", "done"), state("5", "E", "not_started")]
    rows = unit_rows(units, states)
    assert [r.unit for r in rows] == ["C", "B", "A", "E"]  # overdue, blocked, open tasks, plan order; D leads none
    a = rows[2]
    assert (a.led, a.done, a.not_started, a.overdue, a.tasks) == (2, 1, 1, 0, ["1", "4"])


def test_unit_rows_of_the_bundled_plan_match_aliases(store, plan):
    rows = unit_rows(plan, task_states(store, plan, date(2025, 1, 15)))
    first = rows[0]
    assert first.unit == "各县〔市、区〕政府〔管委会〕"  # led under two spellings (an alias in task 1)
    assert (first.led, first.done, first.blocked, first.in_progress, first.overdue) == (20, 1, 1, 1, 19)
    assert rows[1].unit == "市市场监督管理局" and rows[1].overdue == 12
    assert [r.overdue for r in rows] == sorted((r.overdue for r in rows), reverse=True)


def test_done_blockers(store, plan):
    states = {s.ref: s for s in task_states(store, plan, AS_OF)}
    assert done_blockers(states["4"], {}) == []
    centre = plan.tasks[4].subtargets[0]
    assert done_blockers(states["5"], {}) == [f"high_value_patent_centre is 0, the plan asks for 1 ({centre.text})"]
    assert done_blockers(states["5"], {"high_value_patent_centre": 1}) == []
    reasons = done_blockers(states["15"], {"public_service_list": 1})
    assert [r.split(" ")[0] for r in reasons] == ["trademark_window", "junci_rapid_protection_centre"]
    assert done_blockers(states["4"], {"strong_enterprises": 2})[0].startswith(
        "strong_enterprises is 2, the plan asks for 3–5 (")


def test_task_ref(plan):
    number, task = task_ref("7", plan)
    assert number == "7" and task is plan.tasks[6]
    assert task_ref(" s1 ", plan) == ("S1", None)
    for bad in ("18", "0", "S4", "x"):
        with pytest.raises(InputError) as caught:
            task_ref(bad, plan)
        assert caught.value.message == f"unknown task '{bad}'"
        assert "key tasks are 1–17, safeguards S1–S3" in caught.value.hint


def test_work_status_from_the_plan_alone(plan):
    work = work_status(None, plan, AS_OF)
    assert work.source == "plan" and work.as_of == AS_OF
    tasks = [i for i in work.items if i.kind == "task"]
    assert [i.ref for i in tasks][:17] == [str(n) for n in range(1, 18)]
    assert {i.status for i in tasks} == {"pending"}
    milestones = {i.ref: i for i in work.items if i.kind == "milestone"}
    assert milestones["pilot_city_apply"].status == "overdue"  # due 2023-12-31, nothing recorded
    assert sum(i.status == "pending" for i in milestones.values()) == 7
    assert milestones["pilot_city_apply"].lead_units == plan.tasks[2].lead_units  # from task 3
    assert work.to_dict()["milestones"] == {"pending": 7, "overdue": 1, "done": 0}


def test_work_status_from_the_store(store, plan):
    work = work_status(store, plan, AS_OF)
    assert work.source == "store"
    doc = work.to_dict()
    assert doc["tasks"] == {"pending": 19, "overdue": 0, "done": 1}  # 17 tasks and 3 safeguards
    assert doc["milestones"] == {"pending": 7, "overdue": 0, "done": 1}
    items = {(i.kind, i.ref): i for i in work.items}
    assert items[("task", "4")].status == "done" and items[("milestone", "pilot_city_apply")].status == "done"
    later = work_status(store, plan, date(2025, 1, 15)).to_dict()
    assert later["tasks"] == {"pending": 0, "overdue": 19, "done": 1}
    assert later["milestones"] == {"pending": 1, "overdue": 6, "done": 1}  # pilot_city_create is due 2025-06-30


def test_overdue_by_unit_puts_items_without_a_unit_last():
    from ipcity.status.work import WorkItem, WorkStatus

    items = [WorkItem("task", "1", "t1", date(2024, 1, 1), ("B",), "overdue"),
             WorkItem("milestone", "m", "m", date(2024, 1, 1), (), "overdue"),
             WorkItem("task", "2", "t2", date(2024, 1, 1), ("A", "B"), "overdue"),
             WorkItem("task", "3", "t3", date(2025, 1, 1), ("A",), "pending")]
    grouped = WorkStatus(AS_OF, "plan", items).overdue_by_unit()
    assert list(grouped) == ["A", "B", ""]
    assert [i.ref for i in grouped["B"]] == ["1", "2"] and [i.ref for i in grouped[""]] == ["m"]


# --- status/snapshots.py ------------------------------------------------------------------


def ind(key, status, value, period="2024-05", kind="stock", unit="件"):
    return {"key": key, "name": key, "unit": unit, "kind": kind, "status": status, "value": value,
            "period": period, "stale": False, "target": None}


def document(label, indicators, context=(), tasks=(), region=CITY):
    return {"format": 1, "period": label, "as_of": f"{label}-28", "region": region,
            "regions": [{"region": region, "summary": "", "indicators": list(indicators), "context": list(context)},
                        {"region": "魏都区", "summary": "", "indicators": [], "context": []}],
            "tasks": {"items": [{"kind": k, "ref": r, "title": f"{k} {r}", "status": s} for k, r, s in tasks]}}


OLD = document("2024-05", [
    ind("up", "moderate", 10), ind("down", "on_track", 20), ind("same", "limited", 30),
    ind("period_only", "moderate", 40), ind("judged_now", "no_data", None, None),
], [ind("population", "no_baseline", 100)], [("task", "4", "pending"), ("task", "5", "pending"),
                                             ("milestone", "m1", "pending")])
NEW = document("2024-06", [
    ind("up", "on_track", 12, "2024-06"), ind("down", "limited", 20), ind("same", "limited", 30),
    ind("period_only", "moderate", 40, "2024-06"), ind("judged_now", "moderate", 5, "2024-06"),
    ind("brand_new", "achieved", 1),
], [ind("population", "no_baseline", 101)], [("task", "4", "done"), ("task", "5", "pending"),
                                             ("milestone", "m1", "overdue"), ("milestone", "m2", "pending")])


def test_diff_snapshots_movement_and_values():
    diff = diff_snapshots(OLD, NEW)
    assert (diff.old_label, diff.new_label, diff.region) == ("2024-05", "2024-06", CITY)
    changes = {c.key: c for c in diff.indicators}
    assert list(changes) == ["up", "down", "period_only", "judged_now", "brand_new", "population"]  # not "same"
    assert [(k, c.movement, c.value_changed) for k, c in changes.items()] == [
        ("up", "up", True), ("down", "down", False), ("period_only", "same", True),
        ("judged_now", "changed", True), ("brand_new", "changed", True), ("population", "same", True),
    ]
    assert changes["brand_new"].old is None
    assert [(w.kind, w.ref, w.old_status, w.new_status) for w in diff.work] == [
        ("task", "4", "pending", "done"), ("milestone", "m1", "pending", "overdue"),
        ("milestone", "m2", None, "pending"),
    ]
    assert [w.ref for w in diff.finished] == ["4"]
    data = diff.to_dict()
    assert data["finished"] == ["4"] and data["from"] == "2024-05" and data["to"] == "2024-06"
    first = data["indicators"][0]
    assert (first["key"], first["old_value"], first["new_value"]) == ("up", 10, 12)
    assert (first["old_status"], first["new_status"], first["old_period"]) == ("moderate", "on_track", "2024-05")


def test_diff_snapshots_of_another_region_and_labels():
    diff = diff_snapshots(OLD, NEW, "魏都区", old_label="May", new_label="June")
    assert (diff.region, diff.old_label, diff.new_label, diff.indicators) == ("魏都区", "May", "June", [])
    with pytest.raises(InputError, match="the snapshot of 2024-05 has no region '东城区'"):
        diff_snapshots(OLD, NEW, "东城区")
    assert region_status(NEW)["region"] == CITY


def test_at_or_below():
    assert [r["key"] for r in at_or_below(NEW, "moderate")] == ["down", "same", "period_only", "judged_now"]
    assert [r["key"] for r in at_or_below(NEW, "limited")] == ["down", "same"]
    assert [r["key"] for r in at_or_below(NEW, "achieved")] == ["up", "down", "same", "period_only", "judged_now",
                                                                "brand_new"]
    assert at_or_below(OLD, "deterioration") == []


@pytest.mark.parametrize("period, as_of, today, expected", [
    (None, None, date(2024, 7, 15), (month(2024, 6), date(2024, 6, 30))),  # the month just ended
    (None, None, date(2024, 1, 1), (month(2023, 12), date(2023, 12, 31))),
    ("2024-05", None, date(2024, 7, 15), (month(2024, 5), date(2024, 5, 31))),
    (None, "2024-07-10", date(2024, 7, 15), (month(2024, 7), date(2024, 7, 10))),  # --as-of picks its month
    ("2024-05", "2024-07-01", date(2024, 7, 15), (month(2024, 5), date(2024, 7, 1))),
    ("2024-07", "2024-07-15", date(2024, 7, 15), (month(2024, 7), date(2024, 7, 15))),
])
def test_resolve_month(period, as_of, today, expected):
    assert resolve_month(period, as_of, today) == expected


@pytest.mark.parametrize("period, as_of, message", [
    ("2024-07", None, "the month 2024-07 has not ended yet"),
    (None, "2024-07-16", "--as-of 2024-07-16 is in the future"),
    ("2024-06", "2024-05-31", "--as-of 2024-05-31 is before the month 2024-06"),
    ("2024", None, "snapshots are monthly: '2024' is not a month"),
    ("2024Q2", None, "snapshots are monthly: '2024Q2' is not a month"),
])
def test_resolve_month_refuses(period, as_of, message):
    with pytest.raises(InputError) as caught:
        resolve_month(period, as_of, date(2024, 7, 15))
    assert caught.value.message == message


# --- status/history.py --------------------------------------------------------------------


def test_value_series_of_a_flow_keeps_the_most_used_period_kind():
    figures = [("2023", "year", 30.0), ("2024Q1", "quarter", 9.0), ("2024-01", "month", 2.0),
               ("2024-02", "month", 3.0), ("2024Q2", "quarter", 10.0), ("2024-03", "month", 4.0)]
    assert value_series("flow", figures) == [("2024-01", 2.0), ("2024-02", 3.0), ("2024-03", 4.0)]
    quarters = [("2023", "year", 30.0), ("2024Q1", "quarter", 9.0), ("2024Q2", "quarter", 10.0)]
    assert value_series("flow", quarters) == [("2024Q1", 9.0), ("2024Q2", 10.0)]
    assert value_series("flow", [("2024Q1", "quarter", 1.0), ("2024-04", "month", 2.0)]) == [("2024-04", 2.0)]
    assert value_series("flow", []) == []


def test_value_series_of_a_level_keeps_every_period():
    figures = [("2022", "year", 3000.0), ("2024Q1", "quarter", 3300.0), ("2024-05", "month", 3400.0)]
    for kind in ("stock", "survey", "milestone_count"):
        assert value_series(kind, figures) == [("2022", 3000.0), ("2024Q1", 3300.0), ("2024-05", 3400.0)]


def test_change_label():
    assert change_label(None) is None
    assert change_label(SimpleNamespace(action="import", source="dept.csv")) == "import dept.csv"
    assert change_label(SimpleNamespace(action="record", source="年报")) == "record"
    assert change_label(SimpleNamespace(action="correct", source=None)) == "correct"


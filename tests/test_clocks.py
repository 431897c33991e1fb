"""The two clocks and the verdict after the deadline, end to end: a late correction reaches
status, the refreshed snapshot, diff and the report; --known-at reproduces what was known."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

from ipcity.store import Store


def status_rows(cli, *args) -> dict:
    data = json.loads(cli.ok("status", "--format", "json", *args).stdout)
    return {row["key"]: row for row in data["indicators"]} | {"_": data}


def test_a_late_correction_reaches_every_view_and_known_at_shows_the_past(ready):
    ready.ok("record", "invention_patents", "3400", "--period", "2024-11")
    ready.ok("record", "invention_patents", "3505", "--period", "2024-12")
    ready.ok("snapshot", "--period", "2024-11")
    ready.ok("snapshot", "--period", "2024-12")
    time.sleep(0.01)
    before_correction = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    ready.ok("record", "invention_patents", "3512", "--period", "2024-12", "--correct")

    assert status_rows(ready, "--as-of", "2024-12-31")["invention_patents"]["value"] == 3512
    past = status_rows(ready, "--as-of", "2024-12-31", "--known-at", before_correction)
    assert past["invention_patents"]["value"] == 3505 and past["_"]["known_at"]

    frozen = ready.ok("report", "--period", "2024-12").stdout
    assert "3,505" in frozen and "from the month's snapshot taken" in frozen  # said so
    assert "月度快照" in ready.ok("--lang", "zh", "report", "--period", "2024-12").stdout
    live = ready.ok("report", "--period", "2024-12", "--live").stdout
    assert "3,512" in live and "live figures" in live
    assert "实时数据" in ready.ok("--lang", "zh", "report", "--period", "2024-12", "--live").stdout

    ready.ok("snapshot", "--period", "2024-12", "--refresh")
    assert "3,512" in ready.ok("diff", "2024-11", "2024-12").stdout
    assert "3,512" in ready.ok("report", "--period", "2024-12").stdout


def test_after_the_deadline_the_verdict_is_missed_with_the_shortfall(ready):
    ready.ok("record", "invention_patents", "3505", "--period", "2024-12")
    row = status_rows(ready, "--as-of", "2025-01-15")["invention_patents"]
    assert (row["status"], row["gap"], row["projected"], row["expected_now"], row["pace"]) == ("missed", 95, None, None, None)
    assert row["late"] is True  # typed in today, long after the end of 2024
    table = ready.ok("status", "--as-of", "2025-01-15").stdout
    assert any("有效发明专利拥有量" in line and "✘ 未达成" in line and "迟报" in line for line in table.splitlines())
    ready.ok("record", "invention_patents", "3620", "--period", "2024-12", "--correct")
    done = status_rows(ready, "--as-of", "2025-01-15")["invention_patents"]
    assert (done["status"], done["gap"], done["projected"]) == ("achieved", -20, None)


def test_a_figure_entered_before_the_deadline_is_not_late(ready):
    with Store.open(ready.db) as store:
        from ipcity.base.periods import parse_period
        from ipcity.store import NewObservation

        store.figures.record(NewObservation("invention_patents", "许昌市", parse_period("2024-12"), 3505.0),
                     now=datetime(2024, 12, 31, 8, tzinfo=UTC))
    row = status_rows(ready, "--as-of", "2025-01-15")["invention_patents"]
    assert (row["status"], row["late"]) == ("missed", False)


def test_figures_after_the_target_period_do_not_change_the_verdict(ready):
    ready.ok("record", "invention_patents", "3505", "--period", "2024-12")
    ready.ok("record", "invention_patents", "3700", "--period", "2025-03")
    row = status_rows(ready, "--as-of", "2025-04-30")["invention_patents"]
    assert (row["status"], row["value"], row["period"]) == ("missed", 3505, "2024-12")


def test_known_at_out_of_range_is_refused_in_one_line(ready):
    ready.refuses("status", "--known-at", "9999-12-31", message="date '9999-12-31' is out of range")
    ready.refuses("status", "--known-at", "9999-12-31T23:59", message="date '9999-12-31' is out of range")


def test_snapshot_fail_on_missed(ready):
    ready.ok("record", "invention_patents", "3505", "--period", "2024-12")
    result = ready("snapshot", "--period", "2025-01", "--fail-on", "missed")
    assert result.exit_code == 3, result.stderr


def test_tasks_and_milestones_take_known_at(ready):
    ready.ok("milestone", "done", "pilot_city_apply", "--date", "2023-12-20")
    earlier = json.loads(ready.ok("milestones", "--format", "json", "--known-at", "2020-01-01").stdout)
    now = json.loads(ready.ok("milestones", "--format", "json").stdout)
    state = {m["key"]: m["done_on"] for m in now["milestones"]}
    before = {m["key"]: m["done_on"] for m in earlier["milestones"]}
    assert state["pilot_city_apply"] == "2023-12-20" and before["pilot_city_apply"] is None

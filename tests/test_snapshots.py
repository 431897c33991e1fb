"""Monthly snapshots: taking, idempotence, history, alerts, concurrency, diff, trends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from conftest import digest, query
from ipcity.base.periods import parse_period
from ipcity.status.snapshots import diff_snapshots, month_just_ended, resolve_month
from ipcity.store import NewObservation, Store
from ipcity.base.errors import InputError


def snapshot_rows(db) -> list[tuple]:
    return query(db, "SELECT period, as_of, superseded_at IS NULL FROM snapshot ORDER BY id")


def stored(db, period: str) -> dict:
    ((data,),) = query(db, "SELECT data FROM snapshot WHERE period = ? AND superseded_at IS NULL", (period,))
    return json.loads(data)


def city_row(document: dict, key: str) -> dict:
    city = next(r for r in document["regions"] if r["region"] == document["region"])
    return next(row for row in city["indicators"] + city["context"] if row["key"] == key)


def test_snapshot_twice_is_one_snapshot_and_changes_nothing(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    first = ready.ok("snapshot", "--period", "2024-05")
    assert "snapshot 2024-05 taken (as of 2024-05-31)" in first.stderr and first.stdout == ""
    before = digest(ready.db)
    again = ready.ok("snapshot", "--period", "2024-05")
    assert "already taken" in again.stderr and "nothing changed" in again.stderr
    assert digest(ready.db) == before
    assert snapshot_rows(ready.db) == [("2024-05", "2024-05-31", 1)]


def test_snapshot_keeps_every_region_and_the_milestones(ready):
    ready.ok("record", "invention_patents", "410", "--period", "2023", "--region", "长葛市")
    ready.ok("snapshot", "--period", "2024-05")
    document = stored(ready.db, "2024-05")
    assert document["region"] == "许昌市" and len(document["regions"]) == 10
    changge = next(r for r in document["regions"] if r["region"] == "长葛市")
    assert next(r for r in changge["indicators"] if r["key"] == "invention_patents")["value"] == 410
    work = document["tasks"]
    assert work["source"] == "store" and work["milestones"]["overdue"] == 1  # pilot_city_apply, due 2023-12-31
    assert {i["ref"] for i in work["items"] if i["status"] == "overdue"} == {"pilot_city_apply"}


def test_quiet_says_nothing(ready):
    result = ready.ok("snapshot", "--period", "2024-05", "-q")
    assert result.stdout == "" and result.stderr == ""


def test_a_correction_after_the_snapshot_leaves_it_as_it_was(ready):
    with Store.open(ready.db) as store:
        store.figures.record(NewObservation("invention_patents", "许昌市", parse_period("2023"), 3250.0),
                     now=datetime(2024, 1, 20, tzinfo=UTC))
    ready.ok("snapshot", "--period", "2024-05")
    ready.ok("record", "invention_patents", "3100", "--period", "2023", "--correct")
    assert city_row(stored(ready.db, "2024-05"), "invention_patents")["value"] == 3250
    assert city_row(stored(ready.db, "2024-05"), "invention_patents")["status"] == "moderate"
    # the live status does see the correction
    now = json.loads(ready.ok("status", "--format", "json").stdout)
    assert now["indicators"][0]["value"] == 3100


def test_refresh_replaces_and_keeps_the_old_one(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    ready.ok("snapshot", "--period", "2024-05")
    assert city_row(stored(ready.db, "2024-05"), "invention_patents")["value"] == 3250
    ready.ok("record", "invention_patents", "3100", "--period", "2023", "--correct")
    # "snapshot --refresh takes corrections made since": the 2023 figure is corrected for May too
    same = ready.ok("snapshot", "--period", "2024-05", "--refresh")
    assert "refreshed" in same.stderr and "kept in the history" in same.stderr
    assert city_row(stored(ready.db, "2024-05"), "invention_patents")["value"] == 3100
    result = ready.ok("snapshot", "--period", "2024-05", "--refresh", "--as-of", date.today().isoformat())
    assert "refreshed" in result.stderr
    assert [r[2] for r in snapshot_rows(ready.db)] == [0, 0, 1]
    assert city_row(stored(ready.db, "2024-05"), "invention_patents")["value"] == 3100
    listed = json.loads(ready.ok("snapshots", "--all", "--format", "json").stdout)
    assert [(r["month"], r["replaced_at"] is None) for r in listed] == [("2024-05", False)] * 2 + [("2024-05", True)]
    assert len(json.loads(ready.ok("snapshots", "--format", "json").stdout)) == 1


@pytest.mark.parametrize("threshold, patents, code", [
    ("moderate", "3250", 3),  # moderate is at moderate
    ("limited", "3250", 0),
    ("limited", "3100", 3),  # limited
    ("deterioration", "3100", 0),
    ("deterioration", "2950", 3),
])
def test_fail_on_exits_3_at_or_below_the_class(ready, threshold, patents, code):
    ready.ok("record", "invention_patents", patents, "--period", "2023")
    result = ready("snapshot", "--period", "2024-05", "-q", "--fail-on", threshold)
    assert result.exit_code == code, result.stderr
    if code:
        assert result.stderr.startswith("ipcity: alert: 1 indicator at or below") and "invention_patents" in result.stderr
    else:
        assert result.stderr == ""
    assert len(snapshot_rows(ready.db)) == 1  # the alert does not undo the snapshot
    # run again: already taken, the alert still holds
    assert ready("snapshot", "--period", "2024-05", "-q", "--fail-on", threshold).exit_code == code


def test_fail_on_with_a_bad_class_is_a_usage_error(ready):
    before = digest(ready.db)
    result = ready("snapshot", "--period", "2024-05", "--fail-on", "awful")
    assert result.exit_code == 2
    assert digest(ready.db) == before


def test_help_documents_the_exit_codes(ready):
    out = ready.ok("snapshot", "--help").stdout
    assert "Exit status: 0" in out and "3 with --fail-on" in out


BAD = [
    (["snapshot", "--period", "2024Q5"], "bad period '2024Q5'"),
    (["snapshot", "--period", "2199"], "the period 2199 has not ended yet"),
    (["snapshot", "--period", "2024-13"], "bad period '2024-13'"),
    (["snapshot", "--period", "2199-01"], "has not ended yet"),
    (["snapshot", "--period", "2024-05", "--as-of", "2024-04-30"], "is before the month 2024-05"),
    (["snapshot", "--as-of", "2199-01-01"], "is in the future"),
    (["snapshot", "--as-of", "yesterday"], "'yesterday' is not a date"),
    (["diff", "2024-05", "2024-07"], "no snapshot for 2024-07"),
    (["diff", "2024-05", "2024"], "no snapshot for 2024"),
    (["diff", "2024-05", "2024-05", "--region", "火星市"], "unknown region"),
]


@pytest.mark.parametrize("args, message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_clear_line_and_changes_nothing(ready, args, message):
    ready.ok("snapshot", "--period", "2024-05")
    ready.refuses(*args, message=message)


def test_no_database_is_not_created(cli):
    result = cli("snapshot", "--period", "2024-05")
    assert result.exit_code == 1 and "no database at" in result.stderr
    assert not cli.db.exists()


def test_default_month_is_the_one_that_just_ended():
    assert str(month_just_ended(date(2024, 6, 1))) == "2024-05"
    assert str(month_just_ended(date(2024, 1, 15))) == "2023-12"
    period, day = resolve_month(None, None, today=date(2024, 3, 1))
    assert (str(period), day) == ("2024-02", date(2024, 2, 29))
    period, day = resolve_month(None, "2024-03-15", today=date(2024, 3, 20))
    assert (str(period), day) == ("2024-03", date(2024, 3, 15))
    with pytest.raises(InputError, match="has not ended yet"):
        resolve_month("2024-03", None, today=date(2024, 3, 20))


def test_two_snapshot_processes_at_once_leave_one_snapshot(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    env = {**os.environ, "IPCITY_DB": str(ready.db), "IPCITY_BUSY_TIMEOUT_MS": "20000", "IPCITY_LANG": "en"}
    command = [sys.executable, "-m", "ipcity", "snapshot", "--period", "2024-05"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(p.wait(timeout=60), p.stderr.read()) for p in runs]
    for p in runs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _ in results] == [0, 0], results
    messages = sorted("already taken" in err for _, err in results)
    assert messages == [False, True], results
    assert snapshot_rows(ready.db) == [("2024-05", "2024-05-31", 1)]


def test_the_unique_index_refuses_a_second_current_snapshot(ready):
    ready.ok("snapshot", "--period", "2024-05")
    with pytest.raises(Exception, match="(?i)unique"):  # sqlite3's or psycopg's IntegrityError
        query(ready.db, "INSERT INTO snapshot (period, as_of, taken_at, data) VALUES ('2024-05', '2024-05-31', "
                        "'2024-06-01 00:00:00', '{}')")


# --- diff -------------------------------------------------------------------------------


def hand_made(period: str, rows: list[tuple], items: list[tuple] = ()) -> dict:
    """A snapshot document with the city's rows (key, value, period, status)."""
    indicators = [
        {"key": key, "name": name, "kind": "stock", "unit": "件", "value": value, "period": p, "target": 3600,
         "status": status, "stale": False}
        for key, name, value, p, status in rows
    ]
    return {
        "format": 1, "period": period, "as_of": f"{period}-28", "plan": "p", "region": "许昌市",
        "regions": [{"region": "许昌市", "summary": "", "indicators": indicators, "context": []}],
        "tasks": {"items": [{"kind": k, "ref": r, "title": t, "status": s} for k, r, t, s in items]},
    }


def test_diff_of_two_hand_made_snapshots():
    old = hand_made("2024-05", [
        ("invention_patents", "有效发明专利拥有量", 3250, "2023", "moderate"),
        ("trademarks", "有效商标注册总量", 60000, "2023", "on_track"),
        ("support_funds", "扶持资金", None, None, "no_data"),
        ("same", "不变", 5, "2023", "limited"),
    ], [("task", "4", "培育强企", "pending"), ("milestone", "m1", "申报", "pending")])
    new = hand_made("2024-06", [
        ("invention_patents", "有效发明专利拥有量", 3500, "2024-06", "on_track"),
        ("trademarks", "有效商标注册总量", 59000, "2024-06", "limited"),
        ("support_funds", "扶持资金", 10, "2024-06", "achieved"),
        ("same", "不变", 5, "2023", "limited"),
    ], [("task", "4", "培育强企", "done"), ("milestone", "m1", "申报", "overdue")])
    result = diff_snapshots(old, new)
    moved = {c.key: c.movement for c in result.indicators}
    assert moved == {"invention_patents": "up", "trademarks": "down", "support_funds": "changed"}
    assert [w.ref for w in result.finished] == ["4"]
    assert [(w.ref, w.old_status, w.new_status) for w in result.work] == [("4", "pending", "done"), ("m1", "pending", "overdue")]
    data = result.to_dict()
    assert data["indicators"][0]["old_value"] == 3250 and data["indicators"][0]["new_value"] == 3500

    from ipcity.render.changes import diff_text

    text = diff_text(result)
    assert "3,250 件 (2023) → 3,500 件 (2024-06), +250" in text and "◐ 偏慢 → ● 正常 ↑" in text
    assert "● 正常 → ▽ 滞后 ↓" in text and "✔ 任务 4 培育强企: 进行中 → 已完成" in text
    assert "不变" not in text


def test_diff_command(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    ready.ok("snapshot", "--period", "2024-05")
    ready.ok("record", "invention_patents", "3500", "--period", "2024-06")
    ready.ok("snapshot", "--period", "2024-06")
    out = ready.ok("diff", "2024-05", "2024-06").stdout
    assert "许昌市: 2024-05 → 2024-06" in out and "+250" in out and "↑" in out
    data = json.loads(ready.ok("diff", "2024-05", "2024-06", "--format", "json").stdout)
    assert data["indicators"][0]["movement"] == "up"
    assert "| " not in ready.ok("diff", "2024-05", "2024-06", "--format", "md").stdout.splitlines()[0]
    assert "nothing changed" in ready.ok("diff", "2024-05", "2024-05").stdout


# --- trends -----------------------------------------------------------------------------


def test_sparkline():
    from ipcity.render.spark import sparkline

    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([5, 5]) == "▄▄" and sparkline([]) == "" and sparkline([None, 1, None]) == "·▄·"


def test_history_shows_a_trend_and_the_snapshot_classes(ready):
    for value, period in (("3100", "2023-06"), ("3250", "2023"), ("3400", "2024-03")):
        ready.ok("record", "invention_patents", value, "--period", period)
    ready.ok("snapshot", "--period", "2024-05")
    out = ready.ok("history", "invention_patents").stdout
    assert "trend: ▁▅█  (2023-06 … 2024-03, 3 periods)" in out
    assert "monthly snapshots: ▄  2024-05 ●" in out
    data = json.loads(ready.ok("history", "invention_patents", "--format", "json").stdout)
    assert data["trend"]["values"] == [3100, 3250, 3400]
    assert data["trend"]["snapshots"] == [{"period": "2024-05", "value": 3400, "status": "on_track"}]


def test_status_trend_column_is_the_first_to_go_when_narrow(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    ready.ok("snapshot", "--period", "2024-05")
    ready.ok("record", "invention_patents", "3500", "--period", "2024-06")
    ready.ok("snapshot", "--period", "2024-06")
    md = ready.ok("status", "--trend", "--format", "md").stdout
    assert "趋势 |" in md and "▁██ |" in md
    data = json.loads(ready.ok("status", "--trend", "--format", "json").stdout)
    assert data["indicators"][0]["trend"]["periods"] == ["2024-05", "2024-06", "now"]
    assert "趋势" not in ready.ok("status").stdout
    from ipcity.render.table import fit_columns

    widths = [18, 4, 11, 6, 7, 9, 5, 6, 5, 6, 5, 8, 12]
    everything = sum(widths) + 3 * len(widths) + 1
    assert fit_columns(widths, everything)[0] == list(range(13))
    assert fit_columns(widths, everything - 1)[0] == list(range(12))  # the trend goes first
    # without a trend at 90 columns: expected now, progress, baseline and period go, in that order
    assert fit_columns(widths[:12], 90) == ([0, 1, 3, 5, 6, 7, 10, 11], 18)
    assert fit_columns(widths[:12], 96) == ([0, 1, 3, 4, 5, 6, 7, 10, 11], 18)
    # at 60 every droppable column is gone and the name wraps at 8 cells; the status stays
    assert fit_columns(widths[:12], 60) == ([0, 1, 3, 5, 7, 11], 8)

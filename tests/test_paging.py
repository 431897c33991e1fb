"""Listings that grow without end page: `history` and `log` show the latest 20 (--limit N,
--all, --since) and say what they left out; `export` reads only the changes it names."""

from __future__ import annotations

import json
from datetime import date, timedelta

from ipcity.base.periods import parse_period
from ipcity.store import NewObservation, Store

LEFT_OUT = "显示最近 20 条，共 {total} 条；--all 显示全部"


def correct_many(db, count, period="2023"):
    """One figure recorded, then corrected `count - 1` times (values 1000, 1001, ...)."""
    with Store.open(db) as store:
        for i in range(count):
            store.figures.record(NewObservation("invention_patents", "许昌市", parse_period(period), 1000.0 + i), correct=i > 0)


def test_history_shows_the_latest_20_and_says_how_many_there_are(ready):
    correct_many(ready.db, 31)
    table = ready.ok("history", "invention_patents").stdout
    assert LEFT_OUT.format(total=31) in table
    assert "1,030" in table and "1,011" in table and "1,010" not in table
    data = json.loads(ready.ok("history", "invention_patents", "--format", "json").stdout)
    assert [r["version"] for r in data["history"]] == list(range(12, 32))
    assert (data["shown"], data["total"]) == (20, 31)
    assert data["history"][-1]["current"] and data["trend"]["values"] == [1030.0]
    csv = ready.ok("history", "invention_patents", "--format", "csv")
    assert len(csv.stdout.splitlines()) == 21 and LEFT_OUT.format(total=31) in csv.stderr


def test_history_all_limit_and_since(ready):
    correct_many(ready.db, 31)
    every = json.loads(ready.ok("history", "invention_patents", "--all", "--format", "json").stdout)
    assert [r["version"] for r in every["history"]] == list(range(1, 32)) and "total" not in every
    assert "显示最近" not in ready.ok("history", "invention_patents", "--all").stdout
    three = json.loads(ready.ok("history", "invention_patents", "--limit", "3", "--format", "json").stdout)
    assert [r["value"] for r in three["history"]] == [1028.0, 1029.0, 1030.0] and three["total"] == 31
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    later = json.loads(ready.ok("history", "invention_patents", "--since", tomorrow, "--format", "json").stdout)
    assert later["history"] == [] and later["trend"]["values"] == [1030.0]
    ready.refuses("history", "invention_patents", "--since", "soon", message="'soon' is not a date")


def test_history_pages_across_periods_newest_last(ready):
    with Store.open(ready.db) as store:
        for month in range(1, 13):
            for year in (2023, 2024):
                store.figures.record(NewObservation("invention_patents", "许昌市", parse_period(f"{year}-{month:02d}"),
                                                    3000.0 + month))
    data = json.loads(ready.ok("history", "invention_patents", "--format", "json").stdout)
    expected = [f"2023-{m:02d}" for m in range(5, 13)] + [f"2024-{m:02d}" for m in range(1, 13)]
    assert [r["period"] for r in data["history"]] == expected and data["total"] == 24


def test_log_pages(ready):
    correct_many(ready.db, 25)  # with the plan load: 26 changes
    table = ready.ok("log").stdout
    assert LEFT_OUT.format(total=26) in table
    assert "= 1,024 (was 1,023)" in table and "= 1,005 (was 1,004)" in table and "= 1,004 (was" not in table
    assert "显示最近" not in ready.ok("log", "--all").stdout and "plan loaded" in ready.ok("log", "--all").stdout
    three = ready.ok("log", "-n", "3").stdout
    assert "显示最近 3 条，共 26 条" in three and "= 1021 (was" not in three
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert "plan loaded" not in ready.ok("log", "--since", tomorrow).stdout
    today = ready.ok("log", "--since", date.today().isoformat(), "--all").stdout
    assert "plan loaded" in today and "显示最近" not in today


def test_export_names_the_change_of_every_row_without_reading_the_log(ready, tmp_path):
    correct_many(ready.db, 3)
    ready.ok("record", "trademarks", "6.8万", "--period", "2023")
    rows = json.loads(ready.ok("export", "--format", "json").stdout)["observations"]
    assert {(r["indicator"], r["change"]) for r in rows} == {("invention_patents", "correct"), ("trademarks", "record")}
    history = json.loads(ready.ok("export", "--history", "--format", "json").stdout)["observations"]
    assert [r["change"] for r in history if r["indicator"] == "invention_patents"] == ["record", "correct", "correct"]


def test_a_paged_year_to_date_figure_still_shows_the_amount_of_its_own_months(ready):
    with Store.open(ready.db) as store:
        for month in range(1, 13):
            store.figures.record(NewObservation("tech_contract_turnover", "许昌市", parse_period(f"2024-{month:02d}"),
                                        1e8 * month + 1e6 * month * month, cumulative=True))
    data = json.loads(ready.ok("history", "tech_contract_turnover", "--limit", "1", "--format", "json").stdout)
    (december,) = data["history"]
    assert december["period"] == "2024-12" and data["total"] == 12
    assert december["period_amount"] == (1e8 * 12 + 1e6 * 144) - (1e8 * 11 + 1e6 * 121)  # less November's, not shown
    assert december["period_amount_months"] == "2024-12"
    assert len(data["trend"]["values"]) == 12  # the trend draws every period, not just the page

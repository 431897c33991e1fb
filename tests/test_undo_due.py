"""Taking back a figure, dating work in the past, and what is due for a month."""

from __future__ import annotations

import json

from conftest import digest


def value_of(cli, key, *args):
    data = json.loads(cli.ok("status", "--format", "json", *args).stdout)
    return {r["key"]: r for r in data["indicators"] + data["context"]}[key]["value"]


def test_retract_takes_a_figure_back_and_keeps_it_in_history_and_log(ready):
    ready.ok("record", "invention_patents", "410", "--period", "2023", "--region", "禹州市")
    assert value_of(ready, "invention_patents", "--region", "禹州市") == 410
    dry = ready.ok("retract", "invention_patents", "--period", "2023", "--region", "禹州市", "--dry-run")
    assert "would be retracted" in dry.stdout and "410件" in dry.stdout
    done = ready.ok("retract", "invention_patents", "--period", "2023", "--region", "禹州市", "--note", "应为长葛市")
    assert "retracted" in done.stderr
    assert value_of(ready, "invention_patents", "--region", "禹州市") is None
    history = json.loads(ready.ok("history", "invention_patents", "--region", "禹州市", "--format", "json").stdout)
    assert [(r["value"], r["current"], r["retracted"]) for r in history["history"]] == [(410.0, False, True)]
    assert "1 (撤回)" in ready.ok("history", "invention_patents", "--region", "禹州市").stdout
    log = ready.ok("log").stdout
    assert "│ retract " in log and "410件 retracted" in log and "应为长葛市" in log
    ready.refuses("retract", "invention_patents", "--period", "2023", "--region", "禹州市", message="no figure for")
    # typed again afterwards: a new version, the retracted one stays
    ready.ok("record", "invention_patents", "420", "--period", "2023", "--region", "禹州市")
    history = json.loads(ready.ok("history", "invention_patents", "--region", "禹州市", "--format", "json").stdout)
    assert [(r["value"], r["version"], r["retracted"]) for r in history["history"]] == [(410.0, 1, True), (420.0, 2, False)]


def test_an_import_after_a_retraction_adds_a_version(ready, tmp_path):
    ready.ok("record", "invention_patents", "410", "--period", "2023", "--region", "禹州市")
    ready.ok("retract", "invention_patents", "--period", "2023", "--region", "禹州市")
    (tmp_path / "a.csv").write_text("指标,地区,期间,数值\ninvention_patents,禹州市,2023,415\n", encoding="utf-8")
    ready.ok("import", str(tmp_path / "a.csv"))
    history = json.loads(ready.ok("history", "invention_patents", "--region", "禹州市", "--format", "json").stdout)
    assert [(r["value"], r["version"]) for r in history["history"]] == [(410.0, 1), (415.0, 2)]


def test_milestone_done_twice_needs_correct(ready):
    ready.ok("milestone", "done", "breakthrough_copyright", "--date", "2024-05-20")
    same = ready.ok("milestone", "done", "breakthrough_copyright", "--date", "2024-05-20")
    assert "nothing changed" in same.stderr
    ready.refuses("milestone", "done", "breakthrough_copyright", "--date", "2024-06-01",
                  message="already done on 2024-05-20")
    moved = ready.ok("milestone", "done", "breakthrough_copyright", "--date", "2024-06-01", "--correct")
    assert "was 2024-05-20" in moved.stderr
    milestones = json.loads(ready.ok("milestones", "--format", "json").stdout)
    found = [m for m in (milestones if isinstance(milestones, list) else milestones["milestones"])
             if m["key"] == "breakthrough_copyright"]
    assert found[0]["done_on"] == "2024-06-01"


def test_task_update_can_be_dated_in_the_past(ready):
    ready.ok("task", "update", "4", "--status", "in_progress", "--date", "2024-03-15")
    def status_on(day):
        tasks = json.loads(ready.ok("tasks", "--as-of", day, "--format", "json").stdout)
        rows = tasks if isinstance(tasks, list) else tasks["tasks"]
        return next(t for t in rows if t["number"] == "4")["status"]
    assert status_on("2024-03-14") == "not_started"
    assert status_on("2024-03-15") == "in_progress"
    ready.refuses("task", "update", "4", "--note", "x", "--date", "2099-01-01", message="in the future")
    ready.refuses("task", "update", "4", "--note", "x", "--date", "2020-01-01", message="before the plan began")


def test_due_lists_missing_figures_and_task_reports_with_who_sends_them(ready):
    ready.ok("record", "invention_patents", "410", "--period", "2024-05", "--region", "长葛市", "--source", "长葛市市场监管局")
    ready.ok("record", "invention_patents", "415", "--period", "2024-06", "--region", "长葛市", "--source", "长葛市市场监管局")
    ready.ok("record", "tech_contract_turnover", "2亿", "--period", "2024-05", "--source", "市科技局")
    ready.ok("record", "support_funds", "300万元", "--period", "2024Q2", "--source", "市财政局")
    ready.ok("task", "update", "4", "--note", "进展", "--date", "2024-06-10")
    data = json.loads(ready.ok("due", "--period", "2024-06", "--format", "json").stdout)
    figures = {(d["key"], d["region"]): d for d in data["due"] if d["kind"] == "figure"}
    assert ("invention_patents", "长葛市") not in figures  # sent for June
    assert ("support_funds", "许昌市") not in figures  # the quarter is in
    assert figures[("tech_contract_turnover", "许昌市")]["sender"] == "市科技局"
    assert figures[("tech_contract_turnover", "许昌市")]["latest"] == "2024-05"
    assert ("population", "许昌市") not in figures  # yearly: due in December
    tasks = {d["key"] for d in data["due"] if d["kind"] == "task"}
    assert "4" not in tasks and "5" in tasks
    text = ready.ok("due", "--period", "2024-06").stdout
    assert "市科技局：\n  - 数据：技术合同成交额（tech_contract_turnover） 许昌市 2024-06（最近一次：2024-05）" in text
    december = json.loads(ready.ok("due", "--period", "2024-12", "--format", "json").stdout)
    assert any(d["key"] == "population" for d in december["due"])
    before = digest(ready.db)
    ready.refuses("due", "--period", "2024-13", message="2024-13")
    assert digest(ready.db) == before

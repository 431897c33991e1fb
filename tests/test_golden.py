"""The README tour, every format, compared with golden files in tests/golden/.

These outputs are what users and their scripts see; a refactor must leave them byte for
byte as they were. A change that is meant to alter them regenerates the files with
`IPCITY_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py` and shows the difference
in review. Times of day and the user name vary between runs and are masked; every date
the tour depends on is given with --as-of or --period, so the files do not age."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipcity.cli import app

GOLDEN = Path(__file__).parent / "golden"
REPO = Path(__file__).resolve().parents[1]
UPDATE = bool(os.environ.get("IPCITY_UPDATE_GOLDEN"))

# A time of day (with optional seconds and UTC offset) next to a date: masked with the same
# width, so that tables keep their layout.
_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})([ T])(\d{2}:\d{2})(:\d{2})?([+-]\d{2}:\d{2}|Z)?")


def _mask(text: str) -> str:
    def repl(m: re.Match) -> str:
        return "DATE" + "#" * (len(m.group(1)) - 4) + m.group(2) + "hh:mm" + ("" if not m.group(4) else ":ss") + (
            "" if not m.group(5) else "+zz:zz")

    return _STAMP.sub(repl, text)


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    if not path.exists():
        return "(no file written)\n"
    book = load_workbook(path)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"## sheet {sheet.title}")
        for row in sheet.iter_rows():
            values = [c.value for c in row]
            if any(v is not None for v in values):
                lines.append(" | ".join("" if v is None else repr(v) for v in values))
    return "\n".join(lines) + "\n"


# (name, arguments, terminal width); each output lands in tests/golden/<name>.txt
TOUR = [
    ("init", ["init", "--plan", "plan"], 120),
    ("indicators", ["indicators"], 120),
    ("indicators-json", ["indicators", "--format", "json"], 120),
    ("indicators-csv", ["indicators", "--format", "csv"], 120),
    ("indicators-md", ["indicators", "--format", "md"], 120),
    ("record-patents", ["record", "invention_patents", "3250", "--period", "2023", "--source", "市市场监督管理局"], 120),
    ("record-trademarks", ["record", "trademarks", "6.8万", "--period", "2023"], 120),
    ("record-turnover", ["record", "tech_contract_turnover", "15.4亿元", "--period", "2024Q2"], 120),
    ("record-funds", ["record", "support_funds", "300万元", "--period", "2024Q1", "--note", "省专项"], 120),
    ("record-population", ["record", "population", "438万人", "--period", "2023"], 120),
    ("record-dry-run", ["record", "ip_pledge_financing", "1.2亿元", "--period", "2024-05", "--dry-run"], 120),
    ("record-pledge", ["record", "ip_pledge_financing", "2000万元", "--period", "2024-05", "--source", "人行许昌市分行"], 120),
    ("record-county", ["record", "invention_patents", "410", "--period", "2023", "--region", "长葛市"], 120),
    ("record-county-2", ["record", "invention_patents", "230", "--period", "2023", "--region", "禹州市"], 120),
    ("record-refused", ["record", "invention_patents", "3280", "--period", "2023"], 120),
    ("record-bad-unit", ["record", "invention_patents", "1亿元", "--period", "2024"], 120),
    ("record-unknown", ["record", "invention_patent", "3280", "--period", "2023"], 120),
    ("record-no-unit", ["record", "tech_contract_turnover", "35", "--period", "2023"], 120),
    ("record-correct", ["record", "invention_patents", "3280", "--period", "2023", "--correct"], 120),
    ("record-2024", ["record", "invention_patents", "3400", "--period", "2024-06", "--note", "[red]literal[/red]"], 120),
    ("history", ["history", "invention_patents"], 120),
    ("history-json", ["history", "invention_patents", "--format", "json"], 120),
    ("history-csv", ["history", "invention_patents", "--format", "csv"], 120),
    ("history-md", ["history", "invention_patents", "--format", "md"], 120),
    ("status", ["status", "--as-of", "2024-06-30"], 120),
    ("status-80", ["status", "--as-of", "2024-06-30"], 80),
    ("status-200", ["status", "--as-of", "2024-06-30"], 200),
    ("status-early", ["status", "--as-of", "2024-03-31"], 120),
    ("status-after-deadline", ["status", "--as-of", "2025-01-15"], 120),
    ("status-after-deadline-json", ["status", "--as-of", "2025-01-15", "--format", "json"], 120),
    ("status-known-at-start", ["status", "--as-of", "2024-06-30", "--known-at", "2023-01-01"], 120),
    ("status-json", ["status", "--as-of", "2024-06-30", "--format", "json"], 120),
    ("status-csv", ["status", "--as-of", "2024-06-30", "--format", "csv"], 120),
    ("status-md", ["status", "--as-of", "2024-06-30", "--format", "md"], 120),
    ("status-region", ["status", "--as-of", "2024-06-30", "--region", "长葛市"], 120),
    ("status-by-region", ["status", "--as-of", "2024-06-30", "--by", "region"], 120),
    ("status-by-region-80", ["status", "--as-of", "2024-06-30", "--by", "region"], 80),
    ("indicators-80", ["indicators"], 80),
    ("status-by-region-json", ["status", "--as-of", "2024-06-30", "--by", "region", "--format", "json"], 120),
    ("status-by-region-csv", ["status", "--as-of", "2024-06-30", "--by", "region", "--format", "csv"], 120),
    ("status-by-region-md", ["status", "--as-of", "2024-06-30", "--by", "region", "--format", "md"], 120),
    ("tasks", ["tasks", "--as-of", "2024-06-30"], 120),
    ("tasks-json", ["tasks", "--as-of", "2024-06-30", "--format", "json"], 120),
    ("tasks-csv", ["tasks", "--as-of", "2024-06-30", "--format", "csv"], 120),
    ("tasks-md", ["tasks", "--as-of", "2024-06-30", "--format", "md"], 120),
    ("tasks-unit", ["tasks", "--unit", "市科学技术局", "--overdue", "--as-of", "2025-12-31"], 120),
    ("task-update", ["task", "update", "4", "--status", "in_progress", "--count", "strong_enterprises=2",
                     "--note", "两家通过认定"], 120),
    ("task-update-refused", ["task", "update", "4", "--status", "done"], 120),
    ("task-show", ["task", "show", "4"], 120),
    ("milestone-done", ["milestone", "done", "breakthrough_copyright", "--date", "2024-05-20"], 120),
    ("milestones", ["milestones", "--as-of", "2024-12-31"], 120),
    ("milestones-json", ["milestones", "--as-of", "2024-12-31", "--format", "json"], 120),
    ("milestones-csv", ["milestones", "--as-of", "2024-12-31", "--format", "csv"], 120),
    ("milestones-md", ["milestones", "--as-of", "2024-12-31", "--format", "md"], 120),
    ("units", ["units", "--as-of", "2024-06-30"], 120),
    ("units-json", ["units", "--as-of", "2024-06-30", "--format", "json"], 120),
    ("units-csv", ["units", "--as-of", "2024-06-30", "--format", "csv"], 120),
    ("units-md", ["units", "--as-of", "2024-06-30", "--format", "md"], 120),
    ("snapshot-may", ["snapshot", "--period", "2024-05"], 120),
    ("snapshot-again", ["snapshot", "--period", "2024-05"], 120),
    ("record-june", ["record", "tech_contract_turnover", "3亿元", "--period", "2024-06"], 120),
    ("snapshot-june", ["snapshot", "--period", "2024-06", "--fail-on", "deterioration"], 120),
    ("snapshot-refresh", ["snapshot", "--period", "2024-06", "--refresh"], 120),
    ("snapshots", ["snapshots"], 120),
    ("snapshots-all-json", ["snapshots", "--all", "--format", "json"], 120),
    ("snapshots-csv", ["snapshots", "--format", "csv"], 120),
    ("snapshots-md", ["snapshots", "--format", "md"], 120),
    ("diff", ["diff", "2024-05", "2024-06"], 120),
    ("diff-json", ["diff", "2024-05", "2024-06", "--format", "json"], 120),
    ("diff-csv", ["diff", "2024-05", "2024-06", "--format", "csv"], 120),
    ("diff-md", ["diff", "2024-05", "2024-06", "--format", "md"], 120),
    ("status-trend", ["status", "--as-of", "2024-07-31", "--trend"], 200),
    ("status-trend-json", ["status", "--as-of", "2024-07-31", "--trend", "--format", "json"], 120),
    ("status-trend-csv", ["status", "--as-of", "2024-07-31", "--trend", "--format", "csv"], 120),
    ("history-after-snapshots", ["history", "invention_patents"], 120),
    ("report-md", ["report", "--period", "2024-06"], 120),
    ("report-live", ["report", "--period", "2024-06", "--live"], 120),
    ("report-region", ["report", "--period", "2024-06", "--format", "md", "--region", "长葛市"], 120),
    ("report-html", ["report", "--period", "2024-06", "--format", "html"], 120),
    ("report-xlsx", ["report", "--period", "2024-06", "-o", "{tmp}/briefing.xlsx"], 120),
    ("template", ["template", "-o", "{tmp}/template.xlsx"], 120),
    ("import-dry-run", ["import", "{tmp}/upload.csv", "--dry-run"], 120),
    ("import", ["import", "{tmp}/upload.csv"], 120),
    ("import-again", ["import", "{tmp}/upload.csv"], 120),
    ("import-bad", ["import", "{tmp}/bad.csv"], 120),
    ("import-correct", ["import", "{tmp}/upload.csv", "--correct"], 120),
    ("status-after-import", ["status", "--as-of", "2024-06-30", "--by", "region"], 160),
    ("export-csv", ["export"], 120),
    ("export-json", ["export", "--format", "json"], 120),
    ("export-history", ["export", "--history"], 120),
    ("log", ["log"], 160),
    ("plan-check", ["plan", "check", "--plan", "plan"], 120),
    ("help", ["--help"], 120),
]

UPLOAD = """指标,地区,期间,数值,来源,备注
invention_patents,鄢陵县,2023,162,县市场监管局,
有效商标注册总量,长葛市,2023,9100,,
ip_pledge_financing,,2024-06,1500万元,人行,省分行口径
"""
BAD = """indicator,region,period,value
invention_patents,火星市,2023,10
trademarks,,2024Q5,10
support_funds,,2024,1亿件
satisfaction,,2024,=1+1
"""


def _run(tmp: Path, db=None, user: str | None = None) -> dict[str, str]:
    """The tour in `tmp` (the current folder), the bundled plan copied to ./plan so that the
    path the change log records has the same length on every machine. `db` is another
    database than ./tour.db (a server's URL, written as TMP/tour.db in the outputs), and
    `user` the name its change log records instead of `clerk` (of the same length)."""
    import shutil

    from ipcity.plan.load import bundled_plan_dir

    shutil.copytree(bundled_plan_dir(), tmp / "plan")
    runner = CliRunner()
    (tmp / "upload.csv").write_text(UPLOAD, encoding="utf-8")
    (tmp / "bad.csv").write_text(BAD, encoding="utf-8")
    shown = str(db) if db is not None else None
    db = db or tmp / "tour.db"
    outputs = {}
    for name, args, width in TOUR:
        argv = ["--db", str(db)] + [a.replace("{tmp}", str(tmp)) for a in args]
        result = runner.invoke(app, argv, env={"COLUMNS": str(width), "NO_COLOR": "1", "IPCITY_LANG": None})
        text = f"$ ipcity {' '.join(args)}\n[exit {result.exit_code}]\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
        if name in ("report-xlsx", "template"):
            text += "--- workbook\n" + _xlsx_text(Path(args[-1].replace("{tmp}", str(tmp))))
        if shown is not None:
            text = text.replace(shown, str(tmp / "tour.db"))
        if user is not None:
            text = text.replace(user, "clerk")
        outputs[name] = _mask(text.replace(str(tmp), "TMP").replace(str(REPO), "REPO"))
    return outputs


@pytest.fixture
def tour(tmp_path, monkeypatch) -> dict[str, str]:
    with _tour_env(tmp_path, monkeypatch):
        yield _run(tmp_path)


@contextmanager
def _tour_env(tmp_path, monkeypatch):
    monkeypatch.setenv("LOGNAME", "clerk")
    monkeypatch.setenv("USER", "clerk")
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    monkeypatch.chdir(tmp_path)
    import time

    time.tzset()
    from ipcity.store import current_user

    current_user.cache_clear()
    try:
        yield
    finally:
        current_user.cache_clear()
        monkeypatch.undo()
        time.tzset()


# A figure in scientific notation (1.54e+09), or money in yuan (120000000 元, 3e+06 元): never
# what a person reads. JSON, which scripts read, holds base units under keys, never next to 元.
_SCIENTIFIC = re.compile(r"\d[eE][+-]\d")
_YUAN = re.compile(r"\d\s?元")


def test_the_tour_shows_no_scientific_notation_and_no_money_in_yuan(tour):
    found = [(name, line) for name, text in tour.items() for line in text.splitlines()
             if _SCIENTIFIC.search(line) or _YUAN.search(line)]
    assert not found, found[:5]
    refused = tour["record-no-unit"]
    assert "[exit 1]" in refused and "是 35亿元 还是 35万元" in refused
    assert "tech_contract_turnover 许昌市 2023" not in tour["log"]  # the database did not take it


def test_at_80_columns_every_region_and_key_is_shown_whole(tour):
    matrix = tour["status-by-region-80"]
    for region in ("许昌市", "魏都区", "建安区", "禹州市", "长葛市", "鄢陵县", "襄城县", "示范区", "经开区", "东城区"):
        assert f" {region} ┃" in matrix, region
    assert "个表格显示以适应终端宽度" in matrix.replace("\n", "")
    assert "…" not in matrix and "…" not in tour["indicators-80"]
    assert "invention_patents_per_10k" in tour["indicators-80"]
    assert all(len(line) <= 80 for line in matrix.splitlines() if "│" in line)


def test_the_readme_tour_is_unchanged(tour):
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.glob("*.txt"):
            old.unlink()
        for name, text in tour.items():
            (GOLDEN / f"{name}.txt").write_text(text, encoding="utf-8")
        pytest.skip("golden files written")
    changed = [name for name, text in tour.items()
               if not (GOLDEN / f"{name}.txt").exists() or (GOLDEN / f"{name}.txt").read_text(encoding="utf-8") != text]
    for name in changed[:3]:
        path = GOLDEN / f"{name}.txt"
        want = path.read_text(encoding="utf-8") if path.exists() else "(missing)"
        import difflib

        print("".join(difflib.unified_diff(want.splitlines(True), tour[name].splitlines(True), f"golden/{name}", "now")))
    assert not changed, f"outputs differ from tests/golden: {', '.join(changed)}"


def test_the_readme_tour_is_the_same_on_postgresql(pg_databases, tmp_path, monkeypatch):
    """Every output of the tour, run on a PostgreSQL server, is the golden file written on
    SQLite (the database user, a login of the clerk's name length, stands for the clerk)."""
    from conftest import PgDatabase

    user = f"c{os.getpid() % 10000:04d}"
    pg_databases.sql(f"DROP ROLE IF EXISTS {user}")
    pg_databases.sql(f"CREATE ROLE {user} LOGIN")
    name = f"{pg_databases.prefix}_tour"
    try:
        pg_databases.sql(f'CREATE DATABASE "{name}" OWNER {user}')
        url = pg_databases.new(name=name).as_user(user)
        with _tour_env(tmp_path, monkeypatch):
            outputs = _run(tmp_path, PgDatabase(url, name, pg_databases), user)
        changed = [n for n, text in outputs.items() if (GOLDEN / f"{n}.txt").read_text(encoding="utf-8") != text]
        for n in changed[:3]:
            import difflib

            print("".join(difflib.unified_diff((GOLDEN / f"{n}.txt").read_text(encoding="utf-8").splitlines(True),
                                               outputs[n].splitlines(True), f"golden/{n}", "on PostgreSQL")))
        assert not changed, f"on PostgreSQL, outputs differ from tests/golden: {', '.join(changed)}"
    finally:
        pg_databases.drop(name)
        pg_databases.sql(f"DROP ROLE IF EXISTS {user}")

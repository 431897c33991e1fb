"""Unit tests of the render layer (ipcity/render/): views, CSV, Markdown, Rich tables, the
status cells and labels, and the diff lines, all on hand-made data. No store, no CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.console import Console

from ipcity.engine import STATUSES, Assessment, assess_stock
from ipcity.base.periods import Figure, year
from ipcity.plan.model import Baseline, Indicator, Target
from ipcity.render.cells import HEADERS, KEYS, column, common_periods, figure_columns, headers, row_cells
from ipcity.render.changes import diff_lines, diff_markdown, diff_text, work_line
from ipcity.render.formats import (TABLE_BLOCK, Column, View, csv_text, markdown_text, print_view, rich_table, text,
                                   write_csv, write_json_records, write_records)
from ipcity.render.labels import STALE_MARK, STATUS_STYLE, status_text
from ipcity.render.markdown import md_table, md_text
from ipcity.render.table import DROP_ORDER, NAME_MIN, fit_columns
from ipcity.status.indicators import StatusRow
from ipcity.status.snapshots import IndicatorChange, SnapshotDiff, WorkChange


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """These tests read the English wording; tests/test_i18n.py checks the Chinese."""
    monkeypatch.setenv("IPCITY_LANG", "en")


def console(width: int = 80) -> Console:
    return Console(width=width, file=io.StringIO(), color_system=None)


def rows_of(csv_data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_data, newline="")))


# --- render/formats.py: CSV ---------------------------------------------------------------


def test_csv_none_is_empty_and_numbers_stay_numbers():
    data = csv_text(["indicator", "value", "share", "delta", "note"],
                    [["invention_patents", 3250.0, 0.9, -150, None], ["trademarks", 0, -0.5, 12, "普通"]])
    assert data == ("indicator,value,share,delta,note\n"
                    "invention_patents,3250.0,0.9,-150,\n"
                    "trademarks,0,-0.5,12,普通\n")


@pytest.mark.parametrize("cell", ["=SUM(A1:A9)", "+86 123", "-x", "@cmd", "\tx", "\rx"])
def test_csv_text_that_a_spreadsheet_would_run_gets_an_apostrophe(cell):
    data = csv_text(["note"], [[cell]])
    assert "'" + cell in data
    assert data.startswith("note\n")
    assert cell not in data.replace("'" + cell, "")  # never written without it


def test_csv_safe_text_round_trips():
    data = csv_text(["a", "b", "c"], [["=1+1", 'say "hi", twice', "-3"]])
    assert rows_of(data) == [["a", "b", "c"], ["'=1+1", 'say "hi", twice', "'-3"]]  # "-3" as text is text


def test_write_csv_returns_the_number_of_rows():
    out = io.StringIO()
    assert write_csv(out, ["a"], iter([[1], [2], [3]])) == 3
    assert out.getvalue() == "a\n1\n2\n3\n"
    assert write_csv(io.StringIO(), ["a"], []) == 0


def test_write_records_header_from_the_first_record():
    out = io.StringIO()
    records = ({"key": k, "value": v} for k, v in (("x", 1.5), ("=y", None)))
    assert write_records(out, records, ["unused"]) == 2
    assert out.getvalue() == "key,value\nx,1.5\n'=y,\n"


def test_write_records_without_records_writes_the_empty_header():
    out = io.StringIO()
    assert write_records(out, iter(()), ["indicator", "region", "period", "value"]) == 0
    assert out.getvalue() == "indicator,region,period,value\n"


# --- render/formats.py: views -------------------------------------------------------------


VIEW = View(
    columns=[Column("指标"), Column("数值", justify="right")],
    cells=[["有效发明专利拥有量", "3,250"], ["a|b <i>", "1"]],
    document={"indicators": [{"key": "invention_patents", "name": "有效发明专利拥有量", "value": 3250.0}]},
    csv_header=["key", "value"],
    csv_rows=[["invention_patents", 3250.0]],
    title="状态",
    notes=["note one", "x > y"],
)


def test_text_json_keeps_chinese_and_is_the_document():
    out = text(VIEW, "json")
    assert json.loads(out) == VIEW.document
    assert "有效发明专利拥有量" in out and "\\u" not in out
    assert out.startswith('{\n  "indicators": [')


def test_text_csv_and_md():
    assert text(VIEW, "csv") == "key,value\ninvention_patents,3250.0\n"
    assert text(VIEW, "md") == markdown_text(VIEW)
    with pytest.raises(ValueError, match="no text format 'xml'"):
        text(VIEW, "xml")


def test_markdown_text_table_then_notes():
    assert markdown_text(VIEW).split("\n") == [
        "| 指标 | 数值 |",
        "| --- | --- |",
        "| 有效发明专利拥有量 | 3,250 |",
        "| a\\|b &lt;i&gt; | 1 |",
        "",
        "- note one",
        "- x &gt; y",
    ]
    bare = View([Column("a")], [["1"]])
    assert markdown_text(bare) == "| a |\n| --- |\n| 1 |"


def test_rich_table_shows_chinese_text_whole():
    long = "知识产权创造质量保护水平运用效益和管理服务能力进一步增强"  # 27 characters, 54 cells wide
    view = View([Column("指标"), Column("状态")], [[long, "◐ 偏慢"], ["有效发明专利拥有量", "✔ 已达成"]],
                title="许昌市推进知识产权强市建设行动方案")
    out = console(80)
    out.print(rich_table(view))
    lines = out.file.getvalue().splitlines()
    assert lines[0].strip() == "许昌市推进知识产权强市建设行动方案"
    assert any(long in line and "◐ 偏慢" in line for line in lines)  # on one line, not cut or wrapped
    assert any("有效发明专利拥有量" in line and "✔ 已达成" in line for line in lines)
    assert "…" not in out.file.getvalue()
    assert max(len(line) for line in lines) <= 80


def test_rich_table_columns_follow_the_view():
    view = View([Column("a", justify="right", no_wrap=True, min_width=7), Column("b")], [["1", "2"]],
                styles=["bold"])
    table = rich_table(view)
    assert [str(c.header) for c in table.columns] == ["a", "b"]
    assert (table.columns[0].justify, table.columns[0].no_wrap, table.columns[0].min_width) == ("right", True, 7)
    assert table.rows[0].style == "bold"


# --- render/cells.py and render/table.py --------------------------------------------------


def test_column_positions():
    assert [column(k) for k in ("name", "baseline", "target", "status", "trend")] == [0, 2, 5, 11, 12]
    assert len(HEADERS) == 12 and KEYS[-1] == "trend"
    with pytest.raises(ValueError):
        column("nope")


def test_figure_columns():
    assert figure_columns(12) == {2, 3, 5, 6, 7, 8, 9, 10}  # name, unit, period and status are text
    assert figure_columns(13) == {2, 3, 5, 6, 7, 8, 9, 10}  # so is the trend
    assert figure_columns(4) == {2, 3}
    assert figure_columns(0) == set()


PATENTS = Indicator("invention_patents", "有效发明专利拥有量", "stock", "件", 1, "month",
                    Baseline(3000.0, year(2022)), Target("at_least", year(2024), 3600.0))


def patents_row(target_period: int = 2024) -> StatusRow:
    target = Target("at_least", year(target_period), 3600.0)
    assessment = assess_stock(target, 1, Figure(year(2023), 3250.0), Figure(year(2022), 3000.0))
    return StatusRow(PATENTS, assessment, target=target)


def test_headers_carry_periods_every_row_shares():
    rows = [patents_row(), patents_row()]
    assert common_periods(rows) == ("2022", "2024")
    names = headers(rows)
    assert names[2] == "基期值 2022" and names[5] == "目标 2024"
    assert names[:2] == ["指标", "单位"] and names[11] == "状态"


def test_headers_without_common_periods():
    rows = [patents_row(2024), patents_row(2025), StatusRow(PATENTS, Assessment("no_data"))]
    assert common_periods(rows) == ("2022", None)
    assert headers(rows)[5] == "目标"
    assert headers([StatusRow(PATENTS, Assessment("no_data"))]) == list(HEADERS)


def test_row_cells_leave_shared_periods_to_the_headers():
    row = patents_row()
    assert row_cells(row, common_periods([row])) == [
        "有效发明专利拥有量", "件", "3,000", "3,250", "2023", "3,600", "350", "90.3%", "41.7%", "3,300", "3,522",
        "◐ 偏慢",
    ]
    cells = row_cells(row)
    assert (cells[2], cells[5]) == ("3,000 (2022)", "3,600 (2024)")


WIDTHS = [20, 2, 10, 6, 7, 6, 6, 6, 6, 6, 6, 8]  # 124 wide with the name at 18 (11 + 12 columns of borders)


def test_drop_order():
    assert DROP_ORDER == (12, 9, 8, 2, 4, 10, 6)  # trend, expected, progress, baseline, period, projected, gap
    assert NAME_MIN == 18


@pytest.mark.parametrize("available, shown, name", [
    (200, list(range(12)), 18),  # room for all; the name still wraps at 18
    (124, list(range(12)), 18),  # exactly fits
    (123, [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11], 18),  # expected_now goes first
    (110, [0, 1, 2, 3, 4, 5, 6, 7, 10, 11], 18),  # then progress
    (94, [0, 1, 3, 4, 5, 6, 7, 10, 11], 18),  # then the baseline
    (65, [0, 1, 3, 5, 7, 11], 18),  # period, projected and gap gone: fits exactly
    (60, [0, 1, 3, 5, 7, 11], 13),  # nothing left to drop: the name narrows
    (30, [0, 1, 3, 5, 7, 11], 4),  # but never below 4
])
def test_fit_columns(available, shown, name):
    assert fit_columns(WIDTHS, available) == (shown, name)


def test_fit_columns_drops_the_trend_first_and_keeps_a_short_name():
    widths = WIDTHS + [12]  # with a trend column: 139 wide
    assert fit_columns(widths, 139) == (list(range(13)), 18)
    assert fit_columns(widths, 138) == (list(range(12)), 18)
    short = [6] + WIDTHS[1:]  # a name narrower than NAME_MIN keeps its own width
    assert fit_columns(short, 200) == (list(range(12)), 6)


# --- render/labels.py ---------------------------------------------------------------------


def test_every_status_has_a_label():
    assert set(STATUS_STYLE) == set(STATUSES) | {"no_target"}
    for status in (*STATUSES, "no_target"):
        symbol, label, style = STATUS_STYLE[status]
        assert symbol and label and style
        assert status_text(status) == f"{symbol} {label}"
    labels = [STATUS_STYLE[s][1] for s in STATUS_STYLE]
    assert len(set(labels)) == len(labels)


def test_status_text():
    assert status_text("moderate", stale=True) == "◐ 偏慢 ⚠"
    assert status_text("achieved") == "✔ 已达成"
    assert status_text("no_target") == "· 无目标"
    assert STALE_MARK == "⚠"
    with pytest.raises(KeyError):
        status_text("unknown")


# --- render/markdown.py -------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    ("a|b", "a\\|b"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("line one\nline two", "line one line two"),
    ("windows\r\nline", "windows  line"),
    ("R&D", "R&amp;D"),
    ("back\\slash|", "back\\\\slash\\|"),
    ("许昌市 3,250 件", "许昌市 3,250 件"),
    (3250.5, "3250.5"),
])
def test_md_text(raw, expected):
    assert md_text(raw) == expected


def test_md_table_right_aligns_figures_and_escapes_cells():
    assert md_table(["指标", "数值"], [["a|b", "3,250"]], right={1}) == [
        "| 指标 | 数值 |", "| --- | ---: |", "| a\\|b | 3,250 |",
    ]


# --- render/changes.py --------------------------------------------------------------------


def test_an_empty_diff_says_nothing_changed():
    diff = SnapshotDiff("2024-05", "2024-06", "许昌市")
    assert diff_lines(diff) == ["nothing changed"]
    assert diff_text(diff) == "许昌市: 2024-05 → 2024-06\n  nothing changed\n"
    assert diff_markdown(diff) == "## 许昌市: 2024-05 → 2024-06\n\n- nothing changed\n"


def test_diff_lines_for_a_figure_and_a_task():
    change = IndicatorChange("invention_patents", "有效发明专利拥有量", "件", "stock",
                             {"value": 3100.0, "period": "2023", "status": "limited", "target": 3600.0},
                             {"value": 3250.0, "period": "2024-05", "status": "moderate", "target": 3600.0})
    task = WorkChange("task", "4", "培育强企", "pending", "done")
    diff = SnapshotDiff("2024-05", "2024-06", "许昌市", [change], [task])
    assert diff_lines(diff) == [
        "有效发明专利拥有量 (invention_patents): 3,100 件 (2023) → 3,250 件 (2024-05), +150; ▽ 滞后 → ◐ 偏慢 ↑",
        "✔ 任务 4 培育强企: 进行中 → 已完成",
    ]
    assert work_line(WorkChange("milestone", "m1", "申请", None, "overdue")) == "里程碑 m1 申请: — → 逾期"


@pytest.mark.parametrize("records", [[], [{"a": 1, "b": "两行\n[red]x[/red]"}], [{"a": 1.5}, {"b": None, "c": "中"}, {}]])
def test_json_records_are_written_as_json_dump_writes_them(records):
    out, expected = io.StringIO(), io.StringIO()
    assert write_json_records(out, "observations", iter(records)) == len(records)
    json.dump({"observations": records}, expected, ensure_ascii=False, indent=1)
    assert out.getvalue() == expected.getvalue() + "\n"


def test_a_long_listing_prints_block_by_block_with_every_row_once():
    count = TABLE_BLOCK * 2 + 7
    view = View([Column("n")], [[f"row{i:05d}"] for i in range(count)], title="长表", footer=["end"])
    console = Console(file=io.StringIO(), width=40, no_color=True)
    print_view(view, console)
    printed = console.file.getvalue()
    assert [line.strip("│ ") for line in printed.splitlines() if "row" in line] == [f"row{i:05d}" for i in range(count)]
    assert printed.count("长表") == 1 and printed.count("┃ n") == 3 and printed.rstrip().endswith("end")

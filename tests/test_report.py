"""ipcity report: Markdown, self-contained HTML (nothing a note says can run), XLSX with
numeric cells and text that cannot be a formula."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime

import pytest

from conftest import chromium_dom, digest
from ipcity.status.briefing import Chart, Point
from ipcity.base.periods import parse_period
from ipcity.store import NewObservation, Store

NASTY = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture
def filled(ready):
    """Figures recorded in time for the 2024-06 briefing, a snapshot of 2024-05."""
    with Store.open(ready.db) as store:
        at = datetime(2024, 6, 5, tzinfo=UTC)
        for key, period, value, source, note in (
            ("invention_patents", "2023", 3250.0, "市市场监管局", None),
            ("trademarks", "2023", 62000.0, "=HYPERLINK(\"http://evil\")", "=1+1"),
            ("tech_contract_turnover", "2024Q1", 8e8, None, None),
        ):
            store.figures.record(NewObservation(key, "许昌市", parse_period(period), value, source, note), now=at)
    ready.ok("snapshot", "--period", "2024-05")
    with Store.open(ready.db) as store:
        store.figures.record(NewObservation("invention_patents", "许昌市", parse_period("2024-06"), 3500.0, "<b>局</b>", NASTY),
                     now=datetime(2024, 7, 2, tzinfo=UTC))
        store.figures.record(NewObservation("tech_contract_turnover", "许昌市", parse_period("2024Q2"), 9e8),
                     now=datetime(2024, 7, 2, tzinfo=UTC))
    return ready


def elements(html: str) -> tuple[set[str], set[str]]:
    """The element and attribute names a browser would build from `html`."""
    from html.parser import HTMLParser

    tags: set[str] = set()
    attributes: set[str] = set()

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.add(tag)
            attributes.update(name for name, _ in attrs)

    Collect().feed(html)
    return tags, attributes


def test_markdown_report_has_every_part(filled):
    out = filled.ok("report", "--period", "2024-06").stdout
    for heading in ("一、指标状态", "二、指标走势", "三、逾期任务和里程碑", "四、缺报和过期数据",
                    "五、较上次快照的变化（2024-05 → 2024-06）", "附：所用数据及来源"):
        assert heading in out, heading
    assert "| 有效发明专利拥有量 | 件 | 3,000 | 3,500 | 2024-06 |" in out
    assert "2023       3,250 █" in out and "计划 3,300" in out  # the text chart: actual and plan line
    assert "2024 预计" in out and "目标 3,600" in out
    # overdue since 2023-12-31, under task 3's units: one row per unit, its items in it
    assert "| 市委宣传部 | — | 国家知识产权强市建设试点城市：提出申请 | 2023-12-31 |" in out
    work = out[out.index("## 三、"):out.index("## 四、")]
    units = [line.split(" | ")[0] for line in work.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(units) == len(set(units))
    assert "+250" in out and "↑" in out  # since the snapshot of 2024-05
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "| 有效商标注册总量 | 2023 | 过期 |" in out  # reported monthly: a 2023 figure is stale by mid-2024
    assert "=HYPERLINK" in out  # shown as text (the last sender of trademarks)


def test_html_report_is_self_contained_and_runs_nothing(filled, tmp_path):
    path = tmp_path / "briefing.html"
    before = digest(filled.db)
    result = filled.ok("report", "--period", "2024-06", "-o", str(path))
    assert "written to" in result.stderr and result.stdout == ""
    assert digest(filled.db) == before
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "@page { size: A4;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;b&gt;局&lt;/b&gt;" in html
    tags, attributes = elements(html)
    assert not tags & {"script", "img", "iframe", "object", "embed", "link", "b"}
    assert not [a for a in attributes if a.startswith("on") or a in ("src", "href")]  # no handlers, nothing fetched
    assert "default-src 'none'" in html
    assert html.count("<svg") == 8 and "<polyline" in html


def test_xlsx_report_numbers_are_numbers_and_formulas_are_text(filled, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "briefing.xlsx"
    filled.ok("report", "--period", "2024-06", "-o", str(path))
    book = load_workbook(path)
    assert book.sheetnames == ["状态", "走势", "逾期事项", "缺报数据", "变化", "数据来源"]
    status = book["状态"]
    header = [c.value for c in status[1]]
    patents = next(row for row in status.iter_rows(min_row=2) if row[0].value == "invention_patents")
    cell = dict(zip(header, patents, strict=False))
    assert cell["最新值"].value == 3500 and cell["最新值"].data_type == "n"
    assert cell["完成率"].number_format == "0.0%" and cell["完成率"].value == pytest.approx(3500 / 3600)
    assert cell["status"].value == "on_track"
    sources = book["数据来源"]
    rows = {r[0].value: r for r in sources.iter_rows(min_row=2)}
    trademarks = rows["有效商标注册总量"]
    assert trademarks[2].value == 62000 and trademarks[2].data_type == "n"
    assert trademarks[5].value == "=1+1" and trademarks[5].data_type == "s"
    assert trademarks[4].value.startswith("=HYPERLINK") and trademarks[4].data_type == "s"
    assert rows["有效发明专利拥有量"][5].value == NASTY
    with zipfile.ZipFile(path) as archive:
        sheets = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets  # not one formula in the workbook
    trend = book["走势"]
    assert any(r[2].value == "实际" and r[5].data_type == "n" for r in trend.iter_rows(min_row=2))
    changes = {r[0].value: r for r in book["变化"].iter_rows(min_row=2)}
    assert changes["invention_patents"][6].value == 250


def test_format_from_the_extension_and_errors(filled, tmp_path):
    filled.ok("report", "--period", "2024-06", "-o", str(tmp_path / "a.md"))
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("# ")
    filled.ok("report", "--period", "2024-06", "--format", "html", "-o", str(tmp_path / "b.txt"))
    assert (tmp_path / "b.txt").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    before = digest(filled.db)
    for args, message in (
        (["-o", str(tmp_path / "c.pdf")], "cannot tell the format from 'c.pdf'"),
        (["-o", str(tmp_path)], "is a folder"),
        (["--period", "2024Q5"], "bad period"),
        (["--period", "2199-01"], "has not ended yet"),
        (["--region", "火星市"], "unknown region"),
    ):
        result = filled("report", *(["--period", "2024-06"] if "--period" not in args else []), *args)
        assert result.exit_code == 1 and message in result.stderr, (args, result.stderr)
        assert result.stderr.count("\n") == 1
    assert filled("report", "--format", "pdf").exit_code == 2
    assert digest(filled.db) == before
    assert not (tmp_path / "c.pdf").exists()


def test_text_chart_marks_the_plan_line():
    from datetime import date

    from ipcity.render.charts import plan_value, svg_chart, text_chart

    chart = Chart("k", "名 <x>", "件", "stock", "moderate",
                  actual=[Point("2023", date(2023, 12, 31), 3250.0)],
                  plan_line=[Point("2022", date(2022, 12, 31), 3000.0), Point("2024", date(2024, 12, 31), 3600.0)],
                  projection=[Point("2023", date(2023, 12, 31), 3250.0), Point("2024", date(2024, 12, 31), 3521.6123)],
                  target=3600.0)
    assert plan_value(chart, date(2023, 12, 31)) == pytest.approx(3299.6, abs=0.1)
    lines = text_chart(chart)
    assert lines[0].startswith("2023       3,250 █") and "┆" in lines[0] and lines[0].endswith("计划 3,300")
    assert lines[1].startswith("2024 预计  3,522 ▒") and lines[1].endswith("目标 3,600")
    svg = svg_chart(chart)
    assert "名 &lt;x&gt;" in svg and "<x>" not in svg


@pytest.mark.skipif(__import__("shutil").which("chromium") is None, reason="needs Debian's chromium package")
def test_html_report_renders_in_headless_chromium(filled, tmp_path):
    path = tmp_path / "briefing.html"
    filled.ok("report", "--period", "2024-06", "-o", str(path))
    dom = chromium_dom(path, tmp_path)
    tags, attributes = elements(dom)
    assert "有效发明专利拥有量" in dom and dom.count("<svg") == 8
    assert "script" not in tags and not [a for a in attributes if a.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # the note is there, as text


def test_status_csv_keeps_a_negative_gap_a_number(ready):
    ready.ok("record", "invention_patents", "3700", "--period", "2024-06")
    row = next(line for line in ready.ok("status", "--format", "csv").stdout.splitlines() if ",invention_patents," in line)
    assert ",-100.0," in row and "'-100.0" not in row

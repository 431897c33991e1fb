"""Quarterly, half-year and annual reports (`report --period 2024Q2|2024H1|2024`) and the
snapshots of those periods (`snapshot --period 2024Q2`), in Chinese."""

from __future__ import annotations

import io
import shutil
from datetime import UTC, datetime

import pytest

from conftest import Cli, chromium_dom
from ipcity.base.periods import parse_period
from ipcity.store import NewObservation, Store


@pytest.fixture
def quarter(ready) -> Cli:
    """Figures for the first half of 2024, each typed in soon after its period ended."""
    with Store.open(ready.db) as store:
        for key, period, value, typed in (
            ("invention_patents", "2023", 3250.0, datetime(2024, 1, 10, tzinfo=UTC)),
            ("invention_patents", "2024-03", 3400.0, datetime(2024, 4, 3, tzinfo=UTC)),
            ("invention_patents", "2024-06", 3600.0, datetime(2024, 7, 3, tzinfo=UTC)),
            ("tech_contract_turnover", "2024Q1", 8e8, datetime(2024, 4, 3, tzinfo=UTC)),
            ("tech_contract_turnover", "2024Q2", 9e8, datetime(2024, 7, 3, tzinfo=UTC)),
        ):
            store.figures.record(NewObservation(key, "许昌市", parse_period(period), value, "市市场监管局"), now=typed)
    return Cli(ready.db, lang="zh")


def test_quarterly_report_shows_the_change_over_the_quarter(quarter):
    out = quarter.ok("report", "--period", "2024Q2").stdout
    assert out.startswith("# 许昌市推进知识产权强市建设行动方案 · 季度报告 2024Q2\n")
    assert "许昌市 · 截至 2024-06-30 · 实时数据" in out
    assert "## 五、本期变化（2024-03-31 → 2024-06-30）" in out
    # the indicator at the quarter's end, and its change since the day before the quarter began
    assert "| 有效发明专利拥有量 | 件 | 3,000 | 3,600 | 2024-06 |" in out
    assert "有效发明专利拥有量 (invention_patents): 3,400 件 (2024-03) → 3,600 件 (2024-06), +200" in out
    # the flow: 8亿 in Q1, 17亿 to the end of Q2
    assert "技术合同成交额 (tech_contract_turnover): 8.00 亿元 (2024Q1) → 17.00 亿元 (2024Q2)" in out


def test_half_year_and_year_titles(quarter):
    assert quarter.ok("report", "--period", "2024H1").stdout.startswith(
        "# 许昌市推进知识产权强市建设行动方案 · 半年报告 2024H1\n")
    year = quarter.ok("report", "--period", "2024年").stdout
    assert year.startswith("# 许昌市推进知识产权强市建设行动方案 · 年度报告 2024\n")
    assert "## 五、本期变化（2023-12-31 → 2024-12-31）" in year
    assert "有效发明专利拥有量 (invention_patents): 3,250 件 (2023) → 3,600 件 (2024-06), +350" in year


def test_annual_report_as_a_workbook(quarter, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "y.xlsx"
    result = quarter.ok("report", "--period", "2024", "-o", str(path))
    assert result.stderr == f"2024 报告（xlsx）已写入 {path}\n"
    book = load_workbook(io.BytesIO(path.read_bytes()))
    assert book.sheetnames[:2] == ["状态", "走势"]
    changes = {row[0]: row for row in book["变化"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert changes["invention_patents"][2:7] == (3250, "2023", 3600, "2024-06", 350)
    footer = [c.value for c in book["变化"]["A"] if c.value and str(c.value).startswith("五、")]
    assert footer == ["五、本期变化（2023-12-31 → 2024-12-31）"]


def test_quarter_snapshot_from_its_last_month_and_on_its_own(quarter):
    taken = quarter.ok("snapshot", "--period", "2024-06").stderr
    assert taken.startswith("已生成 2024-06 的快照（截至 2024-06-30）")
    from_month = quarter.ok("snapshot", "--period", "2024Q2").stderr
    assert from_month.startswith("已生成 2024Q2 的快照（截至 2024-06-30），取自 2024-06 的快照：")
    again = quarter.ok("snapshot", "--period", "2024Q2").stderr
    assert "没有变化" in again
    alone = quarter.ok("snapshot", "--period", "2024Q1").stderr  # no snapshot of March: computed on its own
    assert alone.startswith("已生成 2024Q1 的快照（截至 2024-03-31）：")
    listing = quarter.ok("snapshots", "--format", "json").stdout
    import json

    assert [row["month"] for row in json.loads(listing)] == ["2024Q1", "2024-06", "2024Q2"]
    # the trends read the monthly snapshots only
    trend = quarter.ok("status", "--trend", "--format", "json").stdout
    assert json.loads(trend)["indicators"][0]["trend"]["periods"] == ["2024-06", "now"]


def test_a_quarter_with_a_snapshot_is_reported_as_frozen(quarter):
    quarter.ok("snapshot", "--period", "2024Q2")
    quarter.ok("record", "invention_patents", "3650", "--period", "2024-06", "--correct")
    frozen = quarter.ok("report", "--period", "2024Q2").stdout
    assert "的快照（--live 查看当前数据）" in frozen and "| 3,600 | 2024-06 |" in frozen
    live = quarter.ok("report", "--period", "2024Q2", "--live").stdout
    assert "实时数据" in live and "| 3,650 | 2024-06 |" in live

    quarter.ok("snapshot", "--period", "2024Q1")
    diff = quarter.ok("diff", "2024Q1", "2024Q2").stdout
    assert "有效发明专利拥有量 (invention_patents): 3,400 件 (2024-03) → 3,600 件 (2024-06), +200" in diff
    missing = quarter("diff", "2024Q1", "2024H1")
    assert missing.exit_code == 1 and "没有 2024H1 的快照" in missing.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["report", "--period", "2024Q5"], "期间"),
    (["report", "--period", "2199Q1"], "2199Q1 尚未结束"),
    (["snapshot", "--period", "2199"], "2199 尚未结束"),
    (["report", "--period", "2024Q2", "--as-of", "2024-03-01"], "--as-of 2024-03-01 早于期间 2024Q2"),
])
def test_bad_periods_are_refused_in_chinese(quarter, args, message):
    result = quarter(*args)
    assert result.exit_code == 1 and message in result.stderr and result.stderr.startswith("ipcity：错误：")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium package")
def test_quarterly_html_renders_in_headless_chromium(quarter, tmp_path):
    path = tmp_path / "q.html"
    quarter.ok("report", "--period", "2024Q2", "-o", str(path))
    dom = chromium_dom(path, tmp_path)
    assert "季度报告 2024Q2" in dom and "五、本期变化（2024-03-31 → 2024-06-30）" in dom
    assert dom.count("<svg") == 8 and "<script" not in dom

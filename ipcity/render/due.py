"""`ipcity due`: what is missing for a month, as a reminder to paste (grouped by the unit that
sends each item) or as a table, JSON, CSV or Markdown."""

from __future__ import annotations

from ipcity.render.formats import Column, View
from ipcity.status.due import DueItem

KINDS = {"figure": "数据", "task": "任务进展"}
HEADERS = ("报送单位", "类别", "事项", "地区", "期间", "最近一次")
UNKNOWN_SENDER = "（未记录报送单位）"


def _what(item: DueItem) -> str:
    if item.kind == "figure":
        return f"{item.name}（{item.key}）"
    return f"任务{item.key}：{item.name}"


def due_view(items: list[DueItem], month: str) -> View:
    cells = [[i.sender or UNKNOWN_SENDER, KINDS[i.kind], _what(i), i.region or "", i.period, i.latest or "—"]
             for i in items]
    columns = [Column(h, overflow="fold") for h in HEADERS]
    csv_header = ["kind", "key", "name", "region", "period", "sender", "latest"]
    return View(columns, cells, document={"period": month, "due": [i.to_dict() for i in items]},
                csv_header=csv_header, csv_rows=([getattr(i, c) for c in csv_header] for i in items),
                title=f"{month} 待报送")


def reminder_text(items: list[DueItem], month: str, as_of: str) -> str:
    """The list to paste into a reminder: one paragraph per sending unit."""
    if not items:
        return f"{month}：数据和任务进展均已报送（截至 {as_of}）。"
    by_sender: dict[str, list[DueItem]] = {}
    for item in items:
        by_sender.setdefault(item.sender or UNKNOWN_SENDER, []).append(item)
    lines = [f"{month} 待报送事项（截至 {as_of}，共 {len(items)} 项）："]
    for sender, group in by_sender.items():
        lines.append("")
        lines.append(f"{sender}：")
        for item in group:
            where = f" {item.region}" if item.region else ""
            last = f"（最近一次：{item.latest}）" if item.latest else "（从未报送）"
            lines.append(f"  - {KINDS[item.kind]}：{_what(item)}{where} {item.period}{last}")
    return "\n".join(lines)

"""`ipcity history` (every version of one figure, with its trend) and `ipcity log` (the
change log) as views."""

from __future__ import annotations

from ipcity.base.i18n import _, translate
from ipcity.render.formats import Column, View
from ipcity.render.labels import STATUS_STYLE
from ipcity.render.spark import sparkline
from ipcity.status.history import History
from ipcity.base.units import display_unit


def trend_document(trend: dict) -> dict:
    return {"periods": trend["periods"], "values": trend["values"], "sparkline": sparkline(trend["values"]),
            "snapshots": trend["snapshots"], "snapshot_sparkline": sparkline([s["value"] for s in trend["snapshots"]])}


def trend_lines(trend: dict) -> list[str]:
    lines = []
    if trend["values"]:
        periods = trend["periods"]
        span = periods[0] if len(periods) == 1 else f"{periods[0]} … {periods[-1]}"
        lines.append(_("trend: {spark}  ({span}, {count} periods)").format(spark=sparkline(trend["values"]), span=span,
                                                                          count=len(periods)))
    if trend["snapshots"]:
        marks = "  ".join(f"{s['period']} {STATUS_STYLE[s['status']][0]}" for s in trend["snapshots"])
        lines.append(_("monthly snapshots: {spark}  {marks}").format(spark=sparkline([s['value'] for s in trend['snapshots']]),
                                                                      marks=marks))
    return lines


def paging_line(shown: int, total: int) -> str:
    """What a paged listing left out, Chinese first."""
    return f"显示最近 {shown} 条，共 {total} 条；--all 显示全部 (the latest {shown} of {total} shown; --all shows every one)"


def history_view(history: History) -> View:
    indicator, records = history.indicator, history.records
    unit = display_unit(indicator.unit, max(history.values, default=None), indicator.kind == "survey")
    headers = ("期间", f"数值 ({unit.label})", "版本", "录入时间", "录入人", "更正时间", "来源", "备注", "录入方式")
    cells = [
        [r["period"], _value_cell(unit, r),
         f"{r['version']}" + (" (撤回)" if r["retracted"] else "" if r["current"] else " (旧)"),
         r["recorded_at"][:16].replace("T", " "), r["recorded_by"] or "",
         (r["superseded_at"] or "")[:16].replace("T", " "), r["source"] or "", r["note"] or "", r["change"] or ""]
        for r in records
    ]
    # figures right, times whole, free text wraps
    columns = [Column(h, justify="right" if i == 1 else "left", overflow="fold", no_wrap=i in (0, 1, 2, 3, 5))
               for i, h in enumerate(headers)]
    csv_header = list(records[0]) if records else ["period", "value"]
    return View(
        columns, cells, document={**history.to_dict(), "trend": trend_document(history.trend)},
        csv_header=csv_header, csv_rows=([r[c] for c in csv_header] for r in records),
        title=f"{indicator.name} ({indicator.key}) · {history.region}",
        styles=[None if r["current"] else "dim" for r in records], notes=trend_lines(history.trend),
        footer=[paging_line(len(records), history.total)] if history.left_out else [],
    )


def _value_cell(unit, record: dict) -> str:
    """A year-to-date figure reads `9.20 累计 (2024-06: 2.20)`: as reported, then the amount of
    the months since the year's previous 累计 figure."""
    if not record.get("cumulative"):
        return unit.format(record["value"])
    amount, months = record.get("period_amount"), record.get("period_amount_months")
    return f"{unit.format(record['value'])} 累计" + (f" ({months}: {unit.format(amount)})" if amount is not None else "")


def log_view(changes, total: int | None = None) -> View:
    headers = ("#", "时间", "操作", "录入人", "内容", "来源")
    cells = [[str(c.id), c.at.astimezone().strftime("%Y-%m-%d %H:%M"),
              _(f"change: {c.action}").removeprefix("change: "), c.by or "",
              translate(c.summary), c.source or ""]
             for c in changes]
    footer = [paging_line(len(cells), total)] if total is not None and total > len(cells) else []
    return View([Column(h) for h in headers], cells, footer=footer)

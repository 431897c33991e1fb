"""The monthly briefing as a workbook: one sheet per part, numbers as numeric cells in base
units (件, 元, 人) with a display format, dates as dates. Text that is not ours is written
as text by `ipcity.render.xlsx.put`: a leading =, +, -, @ is shown as typed and can never run."""

from __future__ import annotations

import io
from datetime import date

from ipcity.base.i18n import _
from ipcity.render.briefing_md import changes_heading, work_rows
from ipcity.render.labels import (
    FIGURE_HEADERS,
    MISSING_HEADERS,
    MISSING_STATES,
    WORK_HEADERS,
    WORK_KINDS,
    WORK_STATES,
    briefing_line,
    status_text,
)
from ipcity.status.briefing import Briefing
from ipcity.render.xlsx import put

SHARE = "0.0%"
STATUS_COLUMNS = (
    ("key", None), ("指标", None), ("单位", None), ("基期值", "#,##0.##"), ("基期", None), ("最新值", "#,##0.##"),
    ("期间", None), ("目标", "#,##0.##"), ("目标期", None), ("差距", "#,##0.##"), ("完成率", SHARE), ("进度", SHARE),
    ("时间进度", SHARE), ("应达值", "#,##0.##"), ("预计", "#,##0.##"), ("状态", None), ("status", None), ("过期", None),
)


def _sheet(book, title: str, names, rows, formats=(), widths=()):
    from openpyxl.styles import Font, PatternFill

    ws = book.create_sheet(title[:31])
    for col, name in enumerate(names, 1):
        cell = put(ws, 1, col, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF2F7")
    for r, row in enumerate(rows, 2):
        for col, value in enumerate(row, 1):
            fmt = formats[col - 1] if col - 1 < len(formats) else None
            put(ws, r, col, value, "yyyy-mm-dd" if isinstance(value, date) else fmt)
    for col, name in enumerate(names, 1):
        width = widths[col - 1] if col - 1 < len(widths) else max(10, len(str(name)) * 2 + 2)
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width
    ws.freeze_panes = "A2"
    return ws


def briefing_xlsx(briefing: Briefing) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    status_rows = []
    for row in briefing.status.rows:
        a, ind = row.assessment, row.indicator
        status_rows.append((
            ind.key, ind.name, ind.unit, a.baseline, str(a.baseline_period or ""), a.value, str(a.period or ""),
            a.target, str(ind.target.period) if ind.target else "", a.gap, a.achieved_share, a.progress_share,
            a.time_used_share, a.expected_now, a.projected, status_text(a.status, late=a.late), a.status, "是" if a.stale else "",
        ))
    ws = _sheet(book, "状态", [n for n, _ in STATUS_COLUMNS], status_rows, [f for _, f in STATUS_COLUMNS],
                (22, 26, 6, 12, 8, 12, 9, 12, 8, 12, 9, 9, 9, 12, 12, 10, 13, 6))
    put(ws, len(status_rows) + 3, 1, briefing_line(briefing.status.region, briefing.as_of, briefing.snapshot_taken_at,
                                                 briefing.known_at, briefing.period.kind))
    put(ws, len(status_rows) + 4, 1, briefing.status.summary())

    series = []
    for chart in briefing.charts:
        for name, points in (("实际", chart.actual), ("计划线", chart.plan_line), ("预计", chart.projection)):
            series += [(chart.key, chart.name, name, p.label, p.day, p.value, chart.unit) for p in points]
    _sheet(book, "走势", ("key", "指标", "系列", "期间", "日期", "数值", "单位"), series,
           (None, None, None, None, None, "#,##0.##"), (22, 26, 8, 10, 12, 16, 6))

    ws = _sheet(book, "逾期事项", WORK_HEADERS, work_rows(briefing), widths=(26, 24, 50, 12))
    if briefing.work is None:
        put(ws, 2, 1, "the plan has no tasks or milestones")

    missing = [(m.name, m.latest or "", MISSING_STATES[m.state], "、".join(m.regions_missing), "、".join(m.regions_stale),
                m.last_source or "") for m in briefing.missing]
    _sheet(book, "缺报数据", MISSING_HEADERS, missing, widths=(26, 10, 8, 50, 30, 24))

    changes = []
    if briefing.changes is not None:
        for c in briefing.changes.indicators:
            old, new = c.old or {}, c.new or {}
            delta = new["value"] - old["value"] if old.get("value") is not None and new.get("value") is not None else None
            changes.append((c.key, c.name, old.get("value"), old.get("period") or "", new.get("value"),
                            new.get("period") or "", delta, old.get("status") or "", new.get("status") or "",
                            {"up": "↑", "down": "↓"}.get(c.movement, "")))
        for w in briefing.changes.work:
            changes.append((w.ref, f"{WORK_KINDS.get(w.kind, w.kind)} {w.title}", None, "", None, "", None,
                            WORK_STATES.get(w.old_status, w.old_status), WORK_STATES.get(w.new_status, w.new_status), ""))
    ws = _sheet(book, "变化", ("key", "指标", "上次值", "上次期间", "本次值", "本次期间", "变化", "上次状态", "本次状态", "方向"),
                changes, (None, None, "#,##0.##", None, "#,##0.##", None, "+#,##0.##;-#,##0.##;0"),
                (22, 30, 14, 10, 14, 10, 14, 14, 14, 6))
    put(ws, len(changes) + 3, 1, changes_heading(briefing) if briefing.since
        else _("no earlier snapshot to compare with"))

    figures = [(f.name, f.period, f.value, f.unit, f.source or "", f.note or "", f.recorded_by or "")
               for f in briefing.figures]
    _sheet(book, "数据来源", FIGURE_HEADERS, figures, (None, None, "#,##0.##"), (26, 10, 16, 6, 28, 40, 12))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


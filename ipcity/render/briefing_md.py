"""The monthly briefing as Markdown (which also reads well in a terminal), and the pieces
of it that the HTML and XLSX briefings share: the cells of each part, in the same words."""

from __future__ import annotations

from datetime import date

from ipcity.base.i18n import _
from ipcity.render.cells import common_periods, headers, row_cells
from ipcity.render.changes import diff_lines
from ipcity.render.charts import chart_unit, text_chart
from ipcity.render.labels import (
    FIGURE_HEADERS,
    MISSING_HEADERS,
    MISSING_STATES,
    NO_UNIT,
    PERIOD_CHANGES,
    PLAN_ONLY,
    REPORT_TITLES,
    SECTIONS,
    WORK_HEADERS,
    briefing_line,
    status_text,
)
from ipcity.render.markdown import md_table, md_text
from ipcity.status.briefing import Briefing, FigureUsed, MissingFigure
from ipcity.base.units import display_unit


def chart_title(chart) -> str:
    unit = chart_unit(chart)
    caption = f", {chart.caption}" if chart.caption else ""
    return f"{chart.name} ({unit.label}{caption}) — {status_text(chart.status)}"


def work_rows(briefing: Briefing) -> list[tuple[str, str, str, date]]:
    """One row per lead unit with its overdue items, so the section fits on a page: (unit,
    task numbers, milestone names, earliest due date); the units with most overdue first."""
    if briefing.work is None:
        return []
    rows = []
    for unit, items in briefing.work.overdue_by_unit().items():
        tasks = "、".join(i.ref for i in items if i.kind == "task") or "—"
        milestones = "、".join(i.title for i in items if i.kind == "milestone") or "—"
        rows.append((len(items), unit or NO_UNIT, tasks, milestones, min(i.due for i in items)))
    rows.sort(key=lambda r: (-r[0], r[1] == NO_UNIT))
    return [row[1:] for row in rows]


def regions_text(names: list[str], total: int) -> str:
    if not names:
        return "—"
    return f"全部 {total} 个 (all)" if len(names) == total and total > 2 else "、".join(names)


def missing_cells(m: MissingFigure) -> list[str]:
    total = m.regions_below
    return [m.name, m.latest or "—", MISSING_STATES[m.state], regions_text(m.regions_missing, total),
            regions_text(m.regions_stale, total), m.last_source or "—"]


def figure_cells(f: FigureUsed) -> list[str]:
    unit = display_unit(f.unit, f.value)
    return [f.name, f.period, unit.format(f.value), unit.label, f.source or "", f.note or "", f.recorded_by or ""]


def report_title(briefing: Briefing) -> str:
    """The document's title: the plan, the kind of report (月度简报, 季度报告 ...) and the period."""
    return f"{briefing.status.plan_name} · {REPORT_TITLES[briefing.period.kind]} {briefing.period}"


def changes_heading(briefing: Briefing) -> str:
    if briefing.period.kind != "month":
        return f"{PERIOD_CHANGES}（{briefing.since} → {briefing.as_of}）"
    if briefing.since is None:
        return SECTIONS["changes"]
    return f"{SECTIONS['changes']}（{briefing.since} → {briefing.period}）"


def change_lines(briefing: Briefing) -> list[str]:
    if briefing.changes is None:
        return [_("no earlier snapshot to compare with") if briefing.since is None
                else _("the snapshot of {month} has no figures for {region}").format(month=briefing.since,
                                                                                      region=briefing.status.region)]
    return diff_lines(briefing.changes)


def briefing_markdown(briefing: Briefing) -> str:
    status = briefing.status
    lines = [f"# {md_text(report_title(briefing))}", "",
             md_text(briefing_line(status.region, briefing.as_of, briefing.snapshot_taken_at, briefing.known_at,
                                   briefing.period.kind)),
             "", f"## {SECTIONS['status']}", ""]
    periods = common_periods(status.rows)
    lines += md_table(headers(status.rows), [row_cells(row, periods) for row in status.rows])
    lines += ["", md_text(status.summary()) + ".", "", f"## {SECTIONS['charts']}", ""]
    for chart in briefing.charts:
        lines += [f"### {md_text(chart_title(chart))}", "", "```text", *text_chart(chart), "```", ""]
    lines += [f"## {SECTIONS['work']}", ""]
    work = work_rows(briefing)
    if briefing.work is None:
        lines.append(_("the plan has no tasks or milestones"))
    elif not work:
        lines.append(_("nothing overdue"))
    else:
        lines += md_table(WORK_HEADERS, [(unit, tasks, milestones, due.isoformat()) for unit, tasks, milestones, due in work])
    if briefing.work is not None and briefing.work.source == "plan":
        lines += ["", f"_{PLAN_ONLY}_"]
    lines += ["", f"## {SECTIONS['missing']}", ""]
    if briefing.missing:
        lines += md_table(MISSING_HEADERS, [missing_cells(m) for m in briefing.missing])
    else:
        lines.append(_("every figure is in and up to date"))
    lines += ["", f"## {changes_heading(briefing)}", ""]
    lines += [f"- {md_text(line)}" for line in change_lines(briefing)]
    lines += ["", f"## {SECTIONS['figures']}", ""]
    if briefing.figures:
        lines += md_table(FIGURE_HEADERS, [figure_cells(f) for f in briefing.figures])
    else:
        lines.append(_("no figures recorded"))
    return "\n".join(lines) + "\n"

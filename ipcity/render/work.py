"""The work side as views: `ipcity tasks`, `task show`, `milestones` and `units`."""

from __future__ import annotations

from datetime import date

from ipcity.base.i18n import _, translate
from ipcity.render.formats import Column, View
from ipcity.render.labels import MILESTONE_LABELS, TASK_LABELS
from ipcity.status.work import UNIT_FIELDS, MilestoneState, TaskState, UnitRow, milestone_dict, task_dict

WIDE = 160  # from this terminal width on, every lead unit of a task is listed


def short_units(units: tuple[str, ...], keep: int | None) -> str:
    """All lead units, or the first `keep` and how many more (for a narrow terminal)."""
    if keep is None or len(units) <= keep:
        return "、".join(units)
    return "、".join(units[:keep]) + f" 等{len(units)}个单位"


def tasks_view(states: list[TaskState], plan_name: str, as_of: date, keep_units: int | None = None) -> View:
    """`keep_units`: list only that many lead units per task (a narrow terminal)."""
    headers = ("编号", "任务", "牵头单位", "状态", "子目标", "最近更新", "截止", "逾期")

    def cells(s: TaskState) -> list[str]:
        updated = s.record.updated_at.astimezone().strftime("%Y-%m-%d") if s.record.updated_at else "—"
        return [s.ref, s.title, short_units(s.lead_units, keep_units), TASK_LABELS[s.status], translate(s.subtarget_text) or "—",
                updated, s.due.isoformat(), "逾期" if s.overdue else ""]

    def csv_row(s: TaskState) -> list:
        d = task_dict(s)
        return [s.ref, s.title, "、".join(s.lead_units), s.status, s.subtarget_text, d["updated_at"] or "", d["due"],
                s.overdue]

    # Chinese titles and unit names wrap by character
    columns = [Column(h, overflow="fold", no_wrap=i not in (1, 2, 4), min_width=8 if i in (1, 2) else None)
               for i, h in enumerate(headers)]
    done = sum(1 for s in states if s.status == "done")
    late = sum(1 for s in states if s.overdue)
    return View(
        columns, [cells(s) for s in states],
        document={"as_of": as_of.isoformat(), "tasks": [task_dict(s) for s in states if not s.ref.startswith("S")],
                  "safeguards": [task_dict(s) for s in states if s.ref.startswith("S")]},
        csv_header=["number", "title", "lead_units", "status", "subtargets", "updated", "due", "overdue"],
        csv_rows=[csv_row(s) for s in states], title=f"{plan_name} · 重点任务",
        styles=["red" if s.overdue else None for s in states],
        footer=[f"{len(states)} tasks: {done} done, {late} overdue"],
    )


def task_lines(state: TaskState, updates) -> list[tuple[str, str | None]]:
    """`task show`: (text, Rich style of the whole line) for each line."""
    lines = [(f"{state.ref}. {state.title}  {TASK_LABELS[state.status]}" + ("  逾期" if state.overdue else ""), "bold"),
             (state.text, None), (f"牵头单位: {'、'.join(state.lead_units)}", None), (f"截止: {state.due}", None)]
    for sub in state.subtargets:
        lines.append((f"  {'✔' if sub.met else '○'} {sub.subtarget.key}: {translate(sub.text)}  ({sub.subtarget.text})", None))
    for u in updates:
        parts = [u.at.astimezone().strftime("%Y-%m-%d %H:%M"), u.by or "", u.status or "", u.counts or "",
                 u.note or "", u.evidence or ""]
        lines.append(("  · " + "  ".join(p for p in parts if p), None))
    if not updates:
        lines.append(("  " + _("(no updates yet)"), None))
    return lines


def milestones_view(states: list[MilestoneState], plan_name: str) -> View:
    rows = [milestone_dict(s) for s in states]
    headers = ("key", "里程碑", "截止", "完成", "状态")
    fields = ("key", "name", "due", "done_on", "status")
    return View(
        [Column(h) for h in headers],
        [[r["key"], r["name"], r["due"], r["done_on"] or "—", MILESTONE_LABELS[r["status"]]] for r in rows],
        document={"milestones": rows}, csv_header=list(fields), csv_rows=[[r[k] or "" for k in fields] for r in rows],
        title=f"{plan_name} · 里程碑", styles=["red" if r["status"] == "overdue" else None for r in rows],
    )


def units_view(rows: list[UnitRow], plan_name: str) -> View:
    headers = ("牵头单位", "牵头任务", "已完成", "进行中", "受阻", "未开始", "逾期", "任务编号")
    cells = [[r.unit, str(r.led), str(r.done), str(r.in_progress), str(r.blocked), str(r.not_started), str(r.overdue),
              ", ".join(r.tasks)] for r in rows]
    columns = [Column(h, overflow="fold", justify="right" if 1 <= i <= 6 else "left", no_wrap=1 <= i <= 6)
               for i, h in enumerate(headers)]
    return View(
        columns, cells,
        document={"units": [{f: getattr(r, f) for f in UNIT_FIELDS} | {"tasks": r.tasks} for r in rows]},
        csv_header=[*UNIT_FIELDS, "tasks"], csv_rows=[[getattr(r, f) for f in UNIT_FIELDS] + [" ".join(r.tasks)] for r in rows],
        title=f"{plan_name} · 牵头单位", styles=["red" if r.overdue else ("yellow" if r.blocked else None) for r in rows],
    )

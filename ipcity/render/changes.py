"""What changed between two snapshots, as lines of text (terminal, Markdown, the briefing)
and as data (`ipcity diff --format json|csv`); and the list of snapshots."""

from __future__ import annotations

from ipcity.base.i18n import _
from ipcity.render.formats import Column, View
from ipcity.render.labels import MOVES, WORK_KINDS, WORK_STATES, status_text
from ipcity.status.snapshots import IndicatorChange, SnapshotDiff
from ipcity.base.units import display_unit


def figure(change: IndicatorChange, row: dict | None) -> str:
    if row is None or row.get("value") is None:
        return "—"
    magnitude = next((v for v in (row.get("target"), row.get("value")) if v), None)
    unit = display_unit(change.unit, magnitude, fractional=change.kind in ("ratio", "survey"))
    return f"{unit.format(row['value'])} {unit.label} ({row['period']})"


def change_line(change: IndicatorChange) -> str:
    old, new = change.old or {}, change.new or {}
    text = f"{change.name} ({change.key}): "
    if change.value_changed:
        text += f"{figure(change, change.old)} → {figure(change, change.new)}"
        if old.get("value") is not None and new.get("value") is not None:
            magnitude = next((v for v in (new.get("target"), new.get("value")) if v), None)
            unit = display_unit(change.unit, magnitude, fractional=change.kind in ("ratio", "survey"))
            text += f", {unit.format(new['value'] - old['value'], signed=True)}"
    else:
        text += f"{figure(change, change.new)} unchanged"
    if change.movement != "same" and old.get("status") and new.get("status"):
        text += f"; {status_text(old['status'])} → {status_text(new['status'])} {MOVES[change.movement]}".rstrip()
    return text


def work_line(change) -> str:
    mark = "✔ " if change.new_status == "done" else ""
    return (f"{mark}{WORK_KINDS.get(change.kind, change.kind)} {change.ref} {change.title}: "
            f"{WORK_STATES.get(change.old_status, change.old_status)} → {WORK_STATES.get(change.new_status, change.new_status)}")


def diff_lines(diff: SnapshotDiff) -> list[str]:
    lines = [change_line(c) for c in diff.indicators] + [work_line(w) for w in diff.work]
    return lines or [_("nothing changed")]


def diff_text(diff: SnapshotDiff) -> str:
    title = f"{diff.region}: {diff.old_label} → {diff.new_label}"
    return "\n".join([title] + [f"  {line}" for line in diff_lines(diff)]) + "\n"


def diff_markdown(diff: SnapshotDiff) -> str:
    from ipcity.render.markdown import md_text as cell

    lines = [f"## {cell(diff.region)}: {diff.old_label} → {diff.new_label}", ""]
    return "\n".join(lines + [f"- {cell(line)}" for line in diff_lines(diff)]) + "\n"


def diff_view(diff: SnapshotDiff) -> View:
    """The diff for scripts: JSON, and CSV with one line per indicator that changed."""
    document = diff.to_dict()
    rows = document["indicators"]
    header = list(rows[0]) if rows else ["key", "movement"]
    return View([], [], document=document, csv_header=header, csv_rows=([r[c] for c in header] for r in rows))


def snapshots_view(rows: list[dict], include_replaced: bool) -> View:
    keys = ["month", "as_of", "taken_at", "taken_by", "summary"] + (["replaced_at"] if include_replaced else [])
    cells = [[str(r[h] or "") for h in keys] for r in rows]
    names = [SNAPSHOT_HEADERS[h] for h in keys]  # people read Chinese headers; CSV keeps the keys for scripts
    return View([Column(h) for h in names], cells, document=rows, csv_header=keys, csv_rows=cells,
                title=_("snapshots"))


SNAPSHOT_HEADERS = {"month": "期间", "as_of": "截至", "taken_at": "生成时间", "taken_by": "生成人", "summary": "全市概况",
                    "replaced_at": "被替换时间"}

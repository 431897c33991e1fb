"""Shell completion of what people type: indicator keys, region names, task numbers and
statuses, milestone keys, lead units. Read from the plan stored in the database with the
standard library's sqlite3 and json only: a Tab must not import SQLAlchemy or the ORM.
Any problem (no database yet, a locked or foreign file) completes nothing."""

from __future__ import annotations

TASK_STATUSES = (("not_started", "未开始"), ("in_progress", "进行中"), ("done", "已完成"), ("blocked", "受阻"))


def _plan(ctx) -> dict:
    import json  # here, not at the top: every start imports this module, only a Tab reads the database
    import sqlite3
    from pathlib import Path

    from ipcity.base.paths import default_db_path

    try:
        chosen = (ctx.find_root().params or {}).get("db")
        path = Path(chosen).expanduser() if chosen else default_db_path()
        if not isinstance(path, Path) or "://" in str(chosen or "") or not path.is_file():  # a server: no completion
            return {}
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5) as conn:
            row = conn.execute("SELECT plan_json FROM plan_load ORDER BY id DESC LIMIT 1").fetchone()
        return json.loads(row[0]) if row else {}
    except (sqlite3.Error, ValueError, OSError, TypeError, AttributeError):
        return {}


def _items(ctx, part: str, group: str) -> list[dict]:
    items = (_plan(ctx).get(part) or {}).get(group) or []
    return [i for i in items if isinstance(i, dict)]


def indicator_keys(ctx, incomplete: str):
    """Indicators that can be recorded (ratios are computed), with their Chinese names."""
    found = [(i["key"], i.get("name", "")) for i in _items(ctx, "targets", "indicators") if "key" in i]
    if incomplete and not incomplete.isascii():  # a Chinese name being typed: complete the name
        return [(n, k) for k, n in found]
    return found


def region_names(ctx, incomplete: str):
    return [(r["name"], r.get("kind", "")) for r in _items(ctx, "targets", "regions") if "name" in r]


def milestone_keys(ctx, incomplete: str):
    return [(m["key"], m.get("name", "")) for m in _items(ctx, "targets", "milestones") if "key" in m]


def task_numbers(ctx, incomplete: str):
    tasks = [(str(t["number"]), t.get("title", "")) for t in _items(ctx, "tasks", "tasks") if "number" in t]
    return tasks + [(f"S{s['number']}", s.get("title", "")) for s in _items(ctx, "tasks", "safeguards") if "number" in s]


def task_statuses(ctx, incomplete: str):
    return list(TASK_STATUSES)


def unit_names(ctx, incomplete: str):
    return [(u["name"], u.get("kind", "")) for u in _items(ctx, "tasks", "units") if "name" in u]


def languages(ctx, incomplete: str):
    return [("zh", "中文"), ("en", "English")]

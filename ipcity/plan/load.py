"""Find a plan folder, read its two YAML files, check them, and keep the raw data that the
database stores (a plan is rebuilt from that JSON, so reading the database needs no YAML)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ipcity.base.errors import IpcityError, PlanError, PlanProblem
from ipcity.plan.check import build_plan
from ipcity.plan.model import Plan

TARGETS_FILE = "targets.yaml"
TASKS_FILE = "tasks.yaml"
SCHEMA_FILE = "plan.schema.json"  # ships beside the bundled plan; the one statement of the files' shape


def bundled_plan_dir() -> Path:
    """The plan shipped with ipcity: inside the installed package, or data/ in a checkout."""
    here = Path(__file__).resolve().parent.parent  # the ipcity package
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / TARGETS_FILE).is_file():
            return candidate
    raise IpcityError("the bundled plan is missing from this installation", "reinstall ipcity")


def schema_text() -> str:
    """The JSON Schema of targets.yaml and tasks.yaml, as shipped."""
    path = bundled_plan_dir() / SCHEMA_FILE
    if not path.is_file():
        raise IpcityError("the plan schema is missing from this installation", "reinstall ipcity")
    return path.read_text(encoding="utf-8")


def plan_dir(option: str | os.PathLike | None) -> Path:
    """The folder to load: --plan, else $IPCITY_PLAN, else the bundled plan."""
    chosen = option or os.environ.get("IPCITY_PLAN")
    return Path(chosen).expanduser() if chosen else bundled_plan_dir()


@dataclass
class PlanSource:
    """A checked plan together with the raw data it came from (stored in the database)."""

    plan: Plan
    raw: dict  # {"targets": ..., "tasks": ...}, JSON-ready
    folder: Path | None = None
    lines: dict = field(default_factory=dict)  # field path in targets.yaml -> line

    def to_json(self) -> str:
        return json.dumps(self.raw, ensure_ascii=False, sort_keys=True)


def load_plan(folder: str | os.PathLike | None = None) -> PlanSource:
    """Read and check the plan in `folder` (see `plan_dir`)."""
    where = plan_dir(folder)
    if not where.is_dir():
        raise IpcityError(f"plan folder {where} does not exist", "pass --plan DIR with targets.yaml and tasks.yaml")
    targets_path = where / TARGETS_FILE
    if not targets_path.is_file():
        raise IpcityError(f"{targets_path} is missing", "a plan folder needs targets.yaml (tasks.yaml is optional)")
    problems: list[PlanProblem] = []
    from ipcity.plan.yaml_lines import read_yaml  # yaml is imported only when plan files are read

    targets = read_yaml(targets_path, problems)
    tasks_path = where / TASKS_FILE
    tasks = read_yaml(tasks_path, problems) if tasks_path.is_file() else {}
    if problems:
        raise PlanError(problems)
    lines: dict = {}
    plan = build_plan(targets, tasks, str(targets_path), str(tasks_path), lines)
    return PlanSource(plan, {"targets": _jsonable(targets), "tasks": _jsonable(tasks)}, where, lines)


def plan_from_json(text: str) -> PlanSource:
    """Rebuild a plan stored in the database by `PlanSource.to_json`."""
    raw = json.loads(text)
    return PlanSource(build_plan(raw["targets"], raw["tasks"], TARGETS_FILE, TASKS_FILE), raw)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value

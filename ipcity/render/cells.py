"""Display text shared by the table and Markdown renderers: status labels and figures."""

from __future__ import annotations

from ipcity.base.i18n import _
from ipcity.render.labels import status_text
from ipcity.status.indicators import StatusRow
from ipcity.base.units import DisplayUnit, display_unit, format_share

# The status table's columns, by key, in order; every renderer finds a column by its key.
COLUMNS = (
    ("name", "指标"), ("unit", "单位"), ("baseline", "基期值"), ("value", "最新值"), ("period", "期间"),
    ("target", "目标"), ("gap", "差距"), ("achieved", "完成率"), ("progress", "进度"), ("expected_now", "应达值"),
    ("projected", "预计"), ("status", "状态"),
)
KEYS = tuple(key for key, _ in COLUMNS) + ("trend",)  # the trend column, when asked for, comes last
HEADERS = tuple(header for _, header in COLUMNS)
TREND_HEADER = "趋势"
TEXT_KEYS = ("name", "unit", "period", "status", "trend")  # left-aligned; every other column is a figure


def column(key: str) -> int:
    """The position of a status column."""
    return KEYS.index(key)


def figure_columns(count: int) -> set[int]:
    """Positions of the right-aligned (figure) columns among the first `count`."""
    return {i for i in range(count) if KEYS[i] not in TEXT_KEYS}


def row_unit(row: StatusRow) -> DisplayUnit:
    a, ind = row.assessment, row.indicator
    magnitude = next((v for v in (a.target, a.value, a.baseline) if v), None)
    return display_unit(ind.unit, magnitude, fractional=ind.kind in ("ratio", "survey"))


def common_periods(rows: list[StatusRow]) -> tuple[str | None, str | None]:
    """The baseline and target period when every row shares it (then headers carry it)."""
    baselines = {str(r.assessment.baseline_period) for r in rows if r.assessment.baseline_period}
    targets = {str(r.target.period) for r in rows if r.target}
    return (baselines.pop() if len(baselines) == 1 else None, targets.pop() if len(targets) == 1 else None)


def headers(rows: list[StatusRow]) -> list[str]:
    baseline_period, target_period = common_periods(rows)
    names = list(HEADERS)
    if baseline_period:
        names[column("baseline")] = f"基期值 {baseline_period}"
    if target_period:
        names[column("target")] = f"目标 {target_period}"
    return names


def row_cells(row: StatusRow, periods: tuple[str | None, str | None] = (None, None)) -> list[str]:
    """The cells of one status row, in HEADERS order. Periods shared by all rows (see
    `common_periods`) are left to the headers."""
    a, ind, goal = row.assessment, row.indicator, row.target
    unit = row_unit(row)
    target = unit.format(a.target)
    if goal is not None and goal.type == "range":
        target = f"{unit.format(goal.min)}–{unit.format(goal.max)}"
    elif goal is not None and goal.type == "improve":
        target = "提升"
    elif goal is not None and goal.type == "floor":
        target = f"≥{target}"
    elif goal is not None and goal.type == "at_most":
        target = f"≤{target}"
    if goal is not None and str(goal.period) != periods[1]:
        target += f" ({goal.period})"
    baseline = unit.format(a.baseline)
    if a.baseline_period and str(a.baseline_period) != periods[0]:
        baseline += f" ({a.baseline_period})"
    return [
        ind.name,
        unit.label,
        baseline,
        unit.format(a.value),
        str(a.period) if a.period else "—",
        target,
        unit.format(a.gap),
        format_share(a.achieved_share),
        format_share(a.progress_share),
        unit.format(a.expected_now),
        unit.format(a.projected),
        status_text(a.status, a.stale, a.late),
    ]


def context_line(row: StatusRow) -> str:
    a = row.assessment
    unit = row_unit(row)
    if a.value is None:
        return f"{row.indicator.name} ({row.indicator.key}): {_('no figure recorded')}"
    return f"{row.indicator.name} ({row.indicator.key}): {unit.format(a.value)} {unit.label} ({a.period})"

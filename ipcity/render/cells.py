"""Display text shared by the table and Markdown renderers: status labels and figures."""

from __future__ import annotations

from ipcity.reports import StatusRow
from ipcity.units import DisplayUnit, display_unit, format_share

# status -> (symbol, Chinese label, Rich style). The symbol keeps the class readable
# without colour (NO_COLOR, a pipe, a printout).
STATUS_STYLE = {
    "achieved": ("✔", "已达成", "bold green"),
    "on_track": ("●", "正常", "green"),
    "moderate": ("◐", "偏慢", "yellow"),
    "limited": ("▽", "滞后", "dark_orange"),
    "deterioration": ("✖", "倒退", "bold red"),
    "no_data": ("○", "无数据", "dim"),
    "no_baseline": ("◇", "无基期", "cyan"),
    "no_target": ("·", "无目标", "dim"),
}

STALE_MARK = "⚠"  # the latest figure is older than the reporting frequency allows

HEADERS = ("指标", "单位", "基期值", "最新值", "期间", "目标", "差距", "完成率", "进度", "应达值", "预计", "状态")


def status_text(status: str, stale: bool = False) -> str:
    symbol, label, _ = STATUS_STYLE[status]
    return f"{symbol} {label}" + (f" {STALE_MARK}" if stale else "")


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
        names[2] = f"基期值 {baseline_period}"
    if target_period:
        names[5] = f"目标 {target_period}"
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
        status_text(a.status, a.stale),
    ]


def context_line(row: StatusRow) -> str:
    a = row.assessment
    unit = row_unit(row)
    if a.value is None:
        return f"{row.indicator.name} ({row.indicator.key}): no figure recorded"
    return f"{row.indicator.name} ({row.indicator.key}): {unit.format(a.value)} {unit.label} ({a.period})"

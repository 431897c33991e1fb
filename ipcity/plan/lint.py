"""Consistency warnings for a plan that loads: its own arithmetic, and its figures against
what is recorded. Warnings never stop anything; `ipcity plan check` prints them."""

from __future__ import annotations

from ipcity.base.errors import PlanProblem
from ipcity.plan.load import TARGETS_FILE, PlanSource

ARITHMETIC_TOLERANCE = 0.001  # 0.1%: the plan rounds its baselines to whole items
POPULATION_TOLERANCE = 0.02  # 2%: a per-10k target "implies" a population within this of the recorded one


def lint(source: PlanSource, latest=None) -> list[PlanProblem]:
    """Warnings for `source`. `latest(key)` returns the newest recorded Figure of an
    indicator for the top region, or None; without it, checks against data are skipped."""
    plan = source.plan
    file = str(source.folder / TARGETS_FILE) if source.folder else TARGETS_FILE
    warnings: list[PlanProblem] = []

    def warn(path: str, message: str) -> None:
        warnings.append(PlanProblem(file, source.lines.get(path), path, message, warning=True))

    for ind in plan.indicators:
        path = f"indicators.{ind.key}"
        target, baseline = ind.target, ind.baseline
        if target and baseline and target.increase_on_baseline is not None and target.value is not None:
            expected = baseline.value * (1 + target.increase_on_baseline)
            if abs(expected - target.value) > ARITHMETIC_TOLERANCE * abs(target.value):
                warn(f"{path}.target", f"{baseline.value:g} × (1 + {target.increase_on_baseline:g}) = {expected:g}, "
                     f"not the target {target.value:g}; check the baseline or the stated increase")
        if ind.kind == "ratio" and target and target.value and ind.numerator and ind.denominator:
            numerator = plan.indicator(ind.numerator)
            goal = numerator.target.threshold if numerator.target else None
            if goal and latest is not None:
                recorded = latest(ind.denominator)
                implied = goal / target.value * ind.scale
                if recorded is None:
                    warn(path, f"no {ind.denominator} recorded, so {ind.key} cannot be computed; "
                         f"record it (the target implies about {implied:,.0f})")
                elif abs(recorded.value - implied) > POPULATION_TOLERANCE * implied:
                    warn(path, f"{goal:g} {numerator.unit} at {target.value:g} per {ind.scale:g} implies a "
                         f"{ind.denominator} of {implied:,.0f}, but {recorded.period} records {recorded.value:,.0f}")
    for milestone in plan.milestones:
        if milestone.due < plan.info.start:
            warn(f"milestones.{milestone.key}", f"due {milestone.due} is before the plan starts ({plan.info.start})")
    for task in plan.tasks:
        if task.due < plan.info.start:
            warnings.append(PlanProblem(str(source.folder or ""), None, f"tasks.{task.number}",
                                        f"due {task.due} is before the plan starts", warning=True))
    return warnings

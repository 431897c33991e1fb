"""The plan: indicators, targets, milestones, regions, tasks. Plain dataclasses, no I/O.

`ipcity.plan.check` builds these from the YAML data; `ipcity.plan.load` finds and reads the files.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from ipcity.base.errors import InputError
from ipcity.base.periods import Period
from ipcity.base.units import additive, parse_figure

INDICATOR_KINDS = ("stock", "flow", "ratio", "milestone_count", "survey")
TARGET_TYPES = ("at_least", "floor", "at_most", "range", "improve")
LOWER_IS_BETTER = ("at_most",)  # target types that need direction: decrease
HIGHER_IS_BETTER = ("at_least", "floor")  # target types that need direction: increase
FREQUENCIES = ("month", "quarter", "half", "year")
REPORTED_AS = ("period", "cumulative")  # a flow's figures: each period's own amount, or the year to date (累计)
DIRECTIONS = {"increase": 1, "decrease": -1}


@dataclass(frozen=True)
class Baseline:
    value: float
    period: Period
    derived: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Target:
    type: str  # at_least | floor | at_most | range | improve
    period: Period
    value: float | None = None  # at_least, floor, at_most
    min: float | None = None  # range
    max: float | None = None  # range
    increase_on_baseline: float | None = None  # the plan's "较2022年增长20%" as 0.20
    note: str | None = None
    baseline: Baseline | None = None  # a region target's own baseline, where the plan gives one

    @property
    def threshold(self) -> float | None:
        """The figure that meets the target: the value, or a range's lower bound."""
        return self.min if self.type == "range" else self.value

    def bound(self, direction: int) -> float | None:
        """The figure a value must reach in its direction: a range's near bound (its lower
        bound when more is better, its upper bound when less is better), else the value."""
        if self.type == "range":
            return self.min if direction > 0 else self.max
        return self.value


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    kind: str
    unit: str
    direction: int  # +1 more is better, -1 less is better
    frequency: str
    baseline: Baseline | None = None
    target: Target | None = None
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 1.0
    plan_text: str | None = None
    note: str | None = None
    region_targets: tuple[tuple[str, Target], ...] = ()  # (region name, target) where the plan sets one
    range: tuple[float | None, float | None] | None = None  # (low, high) every figure must lie within
    reported_as: str = "period"  # "cumulative": figures are year-to-date totals (累计) unless said otherwise
    input_unit: str | None = None  # money only: the unit a plain number is taken in (万元); else one is required

    def parse(self, text: str) -> float:
        """A figure for this indicator as typed, in its base unit (no silent unit for money)."""
        return parse_figure(text, self.unit, self.name, self.input_unit, self.range)

    @property
    def recordable(self) -> bool:
        return self.kind != "ratio"

    @property
    def additive(self) -> bool:
        """Whether regions' figures add up to their parent's (stocks, flows; a ratio is
        recomputed from its added-up parts; scores, milestone counts, percentages and durations
        are never added)."""
        return self.kind in ("stock", "flow") and additive(self.unit)

    def cumulative(self, given: bool | None) -> bool:
        """Whether a figure is a year-to-date (累计) total: as `given` (--cumulative, an import
        cell), else as the plan declares; refused for anything but a flow."""
        cumulative = self.reported_as == "cumulative" if given is None else given
        if cumulative and self.kind != "flow":
            raise InputError(f"{self.key} is a {self.kind}, not a flow",
                             "only an amount over a year can be a year-to-date (累计) figure; leave out --cumulative")
        return cumulative

    def target_for(self, region: str, top_region: str) -> Target | None:
        """The city's target for the city; a region's own target where the plan sets one."""
        if region == top_region:
            return self.target
        return dict(self.region_targets).get(region)


@dataclass(frozen=True)
class Region:
    name: str
    kind: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Milestone:
    key: str
    name: str
    due: date
    plan_text: str | None = None
    indicator: str | None = None
    region: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    key: str
    number: str
    title: str


@dataclass(frozen=True)
class SubTarget:
    key: str
    text: str
    min: int
    max: int | None = None
    unit: str | None = None
    per_year: bool = False


@dataclass(frozen=True)
class Task:
    number: int
    group: str
    title: str
    text: str
    lead_units: tuple[str, ...]
    due: date
    lead_note: str | None = None
    subtargets: tuple[SubTarget, ...] = ()
    milestones: tuple[str, ...] = ()


@dataclass(frozen=True)
class Safeguard:
    number: int
    title: str
    text: str
    lead_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanInfo:
    name: str
    issuer: str
    start: date
    end: date
    document: str | None = None
    published: date | None = None
    source_sentence: str | None = None


@dataclass
class Plan:
    info: PlanInfo
    regions: list[Region]
    indicators: list[Indicator]
    milestones: list[Milestone] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    safeguards: list[Safeguard] = field(default_factory=list)

    @cached_property
    def top_region(self) -> Region:
        return next(r for r in self.regions if r.parent is None)

    @cached_property
    def _regions_by_name(self) -> dict[str, Region]:
        """Every region under its name and its aliases (the name wins), built once."""
        found: dict[str, Region] = {}
        for region in self.regions:
            for alias in region.aliases:
                found.setdefault(alias, region)
        return found | {region.name: region for region in self.regions}

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        """The regions directly under each region, in plan order, built once."""
        found: dict[str, list[str]] = {}
        for region in self.regions:
            if region.parent is not None:
                found.setdefault(region.parent, []).append(region.name)
        return found

    def children(self, name: str) -> list[str]:
        """The names of the regions directly under `name` (none for a region without any)."""
        return self._children.get(name, [])

    @cached_property
    def _indicators_by_key(self) -> dict[str, Indicator]:
        # the key, or the plan's Chinese name (有效发明专利拥有量)
        return {indicator.name: indicator for indicator in self.indicators} | {
            indicator.key: indicator for indicator in self.indicators}

    def indicator(self, key: str) -> Indicator:
        found = self._indicators_by_key.get(key)
        if found is not None:
            return found
        keys = [i.key for i in self.indicators]
        close = difflib.get_close_matches(key, keys, n=1, cutoff=0.5)
        by_name = [i.key for i in self.indicators if key and key in i.name]
        suggestion = close[0] if close else (by_name[0] if by_name else None)
        hint = f"did you mean '{suggestion}'?" if suggestion else ""
        raise InputError(
            f"unknown indicator '{key}'",
            (hint + " " if hint else "") + "Run `ipcity indicators` to list the keys",
        )

    def region(self, name: str | None) -> Region:
        if name is None:
            return self.top_region
        found = self._regions_by_name.get(name.strip())
        if found is not None:
            return found
        names = "、".join(r.name for r in self.regions)
        return find_named(self.regions, name, "region", f"the plan's regions are: {names}")

    def unit(self, name: str) -> Unit:
        return find_named(self.units, name, "unit", "run `ipcity units` to list the lead units")


def find_named(items, name: str, what: str, listing: str):
    """The item called `name` (or one of its aliases); else an error suggesting the closest."""
    wanted = name.strip()
    for item in items:
        if wanted == item.name or wanted in item.aliases:
            return item
    close = difflib.get_close_matches(wanted, [i.name for i in items], n=1, cutoff=0.3)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise InputError(f"unknown {what} '{wanted}'", hint + listing)

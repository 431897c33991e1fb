"""Check the raw data of targets.yaml and tasks.yaml field by field and build a `Plan`.

Every problem names the file, the line, the field and what is expected; all problems are
collected and raised together as one `PlanError`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ipcity.base.errors import InputError, PlanError, PlanProblem
from ipcity.base.periods import parse_period
from ipcity.plan.model import (
    DIRECTIONS,
    FREQUENCIES,
    HIGHER_IS_BETTER,
    INDICATOR_KINDS,
    LOWER_IS_BETTER,
    REPORTED_AS,
    TARGET_TYPES,
    Baseline,
    Group,
    Indicator,
    Milestone,
    Plan,
    PlanInfo,
    Region,
    Safeguard,
    SubTarget,
    Target,
    Task,
    Unit,
)
from ipcity.plan.lines import LineDict, LineList
from ipcity.base.text import has_control, visible
from ipcity.base.units import MONEY, MONEY_INPUT_UNITS, describe_range, unit_problem

REGION_KINDS = ("city", "district", "county", "county_city", "zone", "province", "other")
UNIT_KINDS = ("department", "court", "procuratorate", "agency", "bank", "regulator", "customs", "joint", "regions")


# --- checking ---------------------------------------------------------------------------

TEXT = (str,)
NUMBER = (int, float)
WHOLE = (int,)
LIST = (list,)
MAPPING = (dict,)
BOOL = (bool,)
PERIOD = (int, str)
DATE = (date, str)

_TYPE_NAMES = {
    TEXT: "text",
    NUMBER: "a number",
    WHOLE: "a whole number",
    LIST: "a list",
    MAPPING: "a mapping",
    BOOL: "true or false",
    PERIOD: "a period (2024, 2024H1, 2024Q2 or 2024-06)",
    DATE: "a date (YYYY-MM-DD)",
}


class Checker:
    """Collects problems for one file while the builders walk its data."""

    def __init__(self, file: str, problems: list[PlanProblem], lines: dict | None = None):
        self.file = file
        self.problems = problems
        self.lines: dict[str, int | None] = {} if lines is None else lines  # field path -> line, for later warnings

    def error(self, node: Any, key: Any, path: str, message: str) -> None:
        line = None
        if isinstance(node, LineDict):
            line = node.key_lines.get(key, node.line)
        elif isinstance(node, LineList) and isinstance(key, int) and key < len(node.item_lines):
            line = node.item_lines[key]
        self.problems.append(PlanProblem(self.file, line, path, message))

    def fields(self, node: Any, path: str, spec: dict[str, tuple[tuple, bool]]) -> dict:
        """Check a mapping against {field: (types, required)}; return the valid fields."""
        if not isinstance(node, dict):
            self.problems.append(
                PlanProblem(self.file, getattr(node, "line", None), path, f"expected a mapping with {', '.join(spec)}")
            )
            return {}
        valid = {}
        for key in node:
            if key not in spec:
                self.error(node, key, f"{path}.{key}", f"unknown field; expected one of {', '.join(spec)}")
        for key, (types, required) in spec.items():
            if key not in node or node[key] is None:
                if required:
                    self.error(node, None, f"{path}.{key}", f"missing; expected {_TYPE_NAMES[types]}")
                continue
            value = node[key]
            wrong_bool = isinstance(value, bool) and bool not in types
            if not isinstance(value, types) or wrong_bool:
                self.error(node, key, f"{path}.{key}", f"expected {_TYPE_NAMES[types]}, got {value!r}")
                continue
            if any(isinstance(text, str) and has_control(text) for text in (value if isinstance(value, list) else [value])):
                self.error(node, key, f"{path}.{key}", f"contains a control character ({visible(value)}); "
                           "write plain text")
                continue
            valid[key] = value
        return valid

    def items(self, node: Any, path: str) -> list[tuple[int, Any]]:
        if node is None:
            return []
        if not isinstance(node, list):
            self.problems.append(PlanProblem(self.file, getattr(node, "line", None), path, "expected a list"))
            return []
        return list(enumerate(node))

    def choice(self, node: dict, values: dict, key: str, path: str, allowed) -> Any:
        value = values.get(key)
        if value is not None and value not in allowed:
            self.error(node, key, f"{path}.{key}", f"expected one of {', '.join(allowed)}, got {value!r}")
            return None
        return value

    def period(self, node: dict, values: dict, key: str, path: str):
        if key not in values:
            return None
        try:
            return parse_period(values[key])
        except InputError:
            self.error(node, key, f"{path}.{key}", f"expected a period like 2024, 2024H1, 2024Q2, 2024-06 or "
                       f"2024年上半年, got {values[key]!r}")
            return None

    def date(self, node: dict, values: dict, key: str, path: str) -> date | None:
        value = values.get(key)
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.error(node, key, f"{path}.{key}", f"expected a date (YYYY-MM-DD), got {value!r}")
            return None

    def unique(self, seen: dict, value: Any, node: Any, key: Any, path: str, what: str) -> None:
        if value in seen:
            self.error(node, key, path, f"duplicate {what} '{value}' (first at line {seen[value]}); keys must be unique")
        elif isinstance(node, LineDict):
            seen[value] = node.key_lines.get(key, node.line)
        else:
            seen[value] = "?"


def _item_path(section: str, index: int, item: Any, key_field: str) -> str:
    """indicators.trademarks when the item has a usable key, else indicators[2]."""
    key = item.get(key_field) if isinstance(item, dict) else None
    return f"{section}.{key}" if isinstance(key, (str, int)) and not isinstance(key, bool) else f"{section}[{index}]"


def build_plan(targets: Any, tasks: Any, targets_file: str, tasks_file: str, lines: dict | None = None) -> Plan:
    """Check the raw data of both files and build the plan; `lines` collects the line of
    each indicator and milestone (by field path) for later warnings."""
    problems: list[PlanProblem] = []
    t = Checker(targets_file, problems, lines)
    top = t.fields(
        targets,
        "",
        {"plan": (MAPPING, True), "regions": (LIST, True), "indicators": (LIST, True), "milestones": (LIST, False)},
    )
    info = _plan_info(t, top.get("plan"))
    regions = _regions(t, top.get("regions"))
    indicators = _indicators(t, top.get("indicators"))
    milestones = _milestones(t, top.get("milestones"), indicators, regions)
    _check_region_targets(t, top.get("indicators"), indicators, regions)
    k = Checker(tasks_file, problems)
    task_top = k.fields(
        tasks if tasks else LineDict(),
        "",
        {"units": (LIST, False), "groups": (LIST, False), "tasks": (LIST, False), "safeguards": (LIST, False)},
    )
    units = _units(k, task_top.get("units"))
    groups = _groups(k, task_top.get("groups"))
    plan_end = info.end if info else None
    task_list = _tasks(k, task_top.get("tasks"), groups, units, milestones, plan_end)
    safeguards = _safeguards(k, task_top.get("safeguards"), units)
    if problems:
        raise PlanError(problems)
    assert info is not None
    return Plan(info, regions, indicators, milestones, units, groups, task_list, safeguards)


def _plan_info(c: Checker, node: Any) -> PlanInfo | None:
    if node is None:
        return None
    spec = {
        "name": (TEXT, True),
        "issuer": (TEXT, True),
        "document": (TEXT, False),
        "published": (DATE, False),
        "start": (DATE, True),
        "end": (DATE, True),
        "source_sentence": (TEXT, False),
    }
    v = c.fields(node, "plan", spec)
    start, end = c.date(node, v, "start", "plan"), c.date(node, v, "end", "plan")
    published = c.date(node, v, "published", "plan")
    if start and end and end <= start:
        c.error(node, "end", "plan.end", f"expected a date after plan.start ({start}), got {end}")
    if not (start and end and "name" in v and "issuer" in v):
        return None
    return PlanInfo(v["name"], v["issuer"], start, end, v.get("document"), published, v.get("source_sentence"))


def _regions(c: Checker, node: Any) -> list[Region]:
    spec = {"name": (TEXT, True), "kind": (TEXT, True), "parent": (TEXT, False), "aliases": (LIST, False)}
    regions: list[Region] = []
    seen: dict = {}
    for i, item in c.items(node, "regions"):
        path = f"regions[{i}]"
        v = c.fields(item, path, spec)
        kind = c.choice(item, v, "kind", path, REGION_KINDS)
        aliases = tuple(str(a) for a in v.get("aliases", ()))
        if "name" not in v or kind is None:
            continue
        for name in (v["name"], *aliases):
            c.unique(seen, name, item, "name", f"{path}.name", "region name")
        regions.append(Region(v["name"], kind, v.get("parent"), aliases))
    names = {r.name for r in regions}
    for i, region in enumerate(regions):
        if region.parent is not None and region.parent not in names:
            c.error(node[i], "parent", f"regions[{i}].parent",
                    f"unknown region '{region.parent}'; expected one of {', '.join(sorted(names))}")
    roots = [r for r in regions if r.parent is None]
    listed: set[str] = set()
    for i, r in enumerate(regions):  # a parent must come before its regions, so that roll-ups never loop
        if r.parent is not None and r.parent in names and r.parent not in listed:
            c.error(node[i], "parent", f"regions[{i}].parent", f"'{r.parent}' must be listed before '{r.name}'")
        listed.add(r.name)
    if regions and len(roots) != 1:
        c.error(node, None, "regions", f"expected exactly one region without a parent (the city), found {len(roots)}")
    return regions


def _indicators(c: Checker, node: Any) -> list[Indicator]:
    spec = {
        "key": (TEXT, True),
        "name": (TEXT, True),
        "kind": (TEXT, True),
        "unit": (TEXT, True),
        "direction": (TEXT, True),
        "frequency": (TEXT, True),
        "baseline": (MAPPING, False),
        "target": (MAPPING, False),
        "numerator": (TEXT, False),
        "denominator": (TEXT, False),
        "scale": (NUMBER, False),
        "plan_text": (TEXT, False),
        "note": (TEXT, False),
        "region_targets": (LIST, False),
        "range": (LIST, False),
        "reported_as": (TEXT, False),
        "input_unit": (TEXT, False),
    }
    indicators: list[Indicator] = []
    seen: dict = {}
    for i, item in c.items(node, "indicators"):
        path = _item_path("indicators", i, item, "key")
        c.lines[path] = getattr(item, "line", None)
        v = c.fields(item, path, spec)
        if "key" in v:
            c.unique(seen, v["key"], item, "key", f"{path}.key", "indicator key")
        kind = c.choice(item, v, "kind", path, INDICATOR_KINDS)
        unit = v.get("unit")
        if unit is not None and (problem := unit_problem(unit)):
            c.error(item, "unit", f"{path}.unit", problem)
            unit = None
        bounds = _range(c, item, v, path)
        reported_as = c.choice(item, v, "reported_as", path, REPORTED_AS)
        if reported_as == "cumulative" and kind not in ("flow", None):
            c.error(item, "reported_as", f"{path}.reported_as", "only a flow is reported as a year-to-date total; "
                    "remove it or set kind: flow")
        direction = c.choice(item, v, "direction", path, tuple(DIRECTIONS))
        frequency = c.choice(item, v, "frequency", path, FREQUENCIES)
        baseline = _baseline(c, item, v.get("baseline"), path)
        target = _target(c, item, v.get("target"), path)
        _check_target(c, v.get("target"), f"{path}.target", target, baseline, direction)
        if kind == "ratio":
            for part in ("numerator", "denominator"):
                if part not in v:
                    c.error(item, None, f"{path}.{part}", "missing; a ratio needs the key of the indicator it is computed from")
            if "baseline" in v:
                c.error(item, "baseline", f"{path}.baseline", "a ratio's baseline is computed from its parts; remove it")
        elif kind is not None:
            for part in ("numerator", "denominator", "scale"):
                if part in v:
                    c.error(item, part, f"{path}.{part}", f"only a ratio has {part}; remove it or set kind: ratio")
        if bounds is not None:
            _check_in_range(c, item, v, path, bounds, baseline, target)
        if target and target.type == "improve" and kind not in ("survey", None):
            c.error(v["target"], "type", f"{path}.target.type", "improve (a direction without a figure) is for kind: survey")
        region_targets = []
        seen_regions: dict = {}
        for j, entry in c.items(v.get("region_targets"), f"{path}.region_targets"):
            region = entry.get("region") if isinstance(entry, dict) else None
            entry_path = f"{path}.region_targets[{j}]"
            if not isinstance(region, str):
                c.error(entry, "region", f"{entry_path}.region", "missing; expected a region name")
                continue
            c.unique(seen_regions, region, entry, "region", f"{entry_path}.region", f"region target for {v.get('key')}")
            body = type(entry)({k: val for k, val in entry.items() if k != "region"})
            for attr in ("line", "key_lines"):
                if hasattr(entry, attr):
                    setattr(body, attr, getattr(entry, attr))
            region_target = _target(c, entry, body, entry_path, region=True)
            if region_target is not None:
                _check_target(c, body, f"{entry_path}.target", region_target, region_target.baseline, direction)
                region_targets.append((region, region_target))
        input_unit = v.get("input_unit")
        if input_unit is not None and (unit != MONEY or input_unit not in MONEY_INPUT_UNITS):
            c.error(item, "input_unit", f"{path}.input_unit",
                    f"'{input_unit}' does not fit; input_unit is for money (unit: 元) and is one of "
                    f"{', '.join(MONEY_INPUT_UNITS)}")
            input_unit = None
        if None in (kind, unit, direction, frequency) or not {"key", "name"} <= v.keys():
            continue
        indicators.append(
            Indicator(
                key=v["key"], name=v["name"], kind=kind, unit=unit, direction=DIRECTIONS[direction],
                frequency=frequency, baseline=baseline, target=target, numerator=v.get("numerator"),
                denominator=v.get("denominator"), scale=float(v.get("scale", 1)), plan_text=v.get("plan_text"),
                note=v.get("note"), region_targets=tuple(region_targets), range=bounds,
                reported_as=reported_as or "period", input_unit=input_unit,
            )
        )
    keys = {ind.key for ind in indicators}
    for i, ind in enumerate(indicators):
        for part in (ind.numerator, ind.denominator):
            if part is not None and (part not in keys or part == ind.key):
                c.error(node[i], "numerator", f"indicators.{ind.key}", f"'{part}' is not another indicator of this plan")
    return indicators


def _range(c: Checker, item: Any, v: dict, path: str) -> tuple[float | None, float | None] | None:
    """`range: [0, 100]` (either end may be null for open): every figure must lie within it."""
    if "range" not in v:
        return None
    bounds = v["range"]
    ok = len(bounds) == 2 and all(b is None or (isinstance(b, (int, float)) and not isinstance(b, bool)) for b in bounds)
    if not ok or bounds == [None, None]:
        c.error(item, "range", f"{path}.range", f"expected [low, high] such as [0, 100] (null for an open end), got {bounds!r}")
        return None
    low, high = (None if b is None else float(b) for b in bounds)
    if low is not None and high is not None and low > high:
        c.error(item, "range", f"{path}.range", f"expected low ≤ high, got {low:g} > {high:g}")
        return None
    return low, high


def _check_in_range(c: Checker, item: Any, v: dict, path: str, bounds, baseline, target) -> None:
    """The plan's own figures must lie within the range it declares."""
    low, high = bounds
    figures = [("baseline.value", v.get("baseline"), baseline.value if baseline else None)]
    if target is not None:
        figures += [(f"target.{k}", v.get("target"), getattr(target, k)) for k in ("value", "min", "max")]
    for field, node, value in figures:
        if value is not None and ((low is not None and value < low) or (high is not None and value > high)):
            c.error(node, field.split(".")[1], f"{path}.{field}",
                    f"{value:g} is outside the declared range {describe_range(bounds)}")


def _baseline(c: Checker, parent: Any, node: Any, path: str) -> Baseline | None:
    if node is None:
        return None
    path = f"{path}.baseline"
    spec = {"value": (NUMBER, True), "period": (PERIOD, True), "derived": (TEXT, False), "note": (TEXT, False)}
    v = c.fields(node, path, spec)
    period = c.period(node, v, "period", path)
    if "value" not in v or period is None:
        return None
    return Baseline(float(v["value"]), period, v.get("derived"), v.get("note"))


def _target(c: Checker, parent: Any, node: Any, path: str, region: bool = False) -> Target | None:
    """A target; a region's target may carry the region's own baseline."""
    if node is None:
        return None
    path = f"{path}.target"
    spec = {
        "type": (TEXT, True),
        "value": (NUMBER, False),
        "min": (NUMBER, False),
        "max": (NUMBER, False),
        "period": (PERIOD, True),
        "increase_on_baseline": (NUMBER, False),
        "note": (TEXT, False),
    }
    if region:
        spec["baseline"] = (MAPPING, False)
    v = c.fields(node, path, spec)
    c.lines[path] = getattr(node, "line", None)
    kind = c.choice(node, v, "type", path, TARGET_TYPES)
    period = c.period(node, v, "period", path)
    needs = {"at_least": ("value",), "floor": ("value",), "at_most": ("value",), "range": ("min", "max"),
             "improve": ()}.get(kind, ())
    for key in needs:
        if node.get(key) is None:
            c.error(node, None, f"{path}.{key}", f"missing; a target of type {kind} needs {' and '.join(needs)}")
    for key in ("value", "min", "max"):
        if key in v and key not in needs and kind is not None:
            c.error(node, key, f"{path}.{key}", f"not used by a target of type {kind}; remove it")
    if kind == "range" and "min" in v and "max" in v and v["min"] > v["max"]:
        c.error(node, "min", f"{path}.min", f"expected min ≤ max, got {v['min']} > {v['max']}")
    baseline = _baseline(c, node, v.get("baseline"), path[: -len(".target")]) if region else None
    if kind is None or period is None or any(key not in v for key in needs):
        return None
    return Target(kind, period, _num(v.get("value")), _num(v.get("min")), _num(v.get("max")),
                  _num(v.get("increase_on_baseline")), v.get("note"), baseline)


def _check_target(c: Checker, node: Any, path: str, target: Target | None, baseline: Baseline | None,
                  direction_name: str | None) -> None:
    """A target must fit its direction and lie beyond its baseline in that direction: an
    increase target below its baseline would count a fall as success."""
    if target is None or direction_name is None:
        return
    direction = DIRECTIONS[direction_name]
    if target.type in LOWER_IS_BETTER and direction > 0:
        c.error(node, "type", f"{path}.type", f"{target.type} is for a lower-is-better figure; set direction: decrease")
    if target.type in HIGHER_IS_BETTER and direction < 0:
        c.error(node, "type", f"{path}.type", f"{target.type} is for a higher-is-better figure; "
                "for direction: decrease use type: at_most")
    if baseline is None:
        return
    if target.period.end <= baseline.period.end:
        c.error(node, "period", f"{path}.period",
                f"expected a period after the baseline period {baseline.period}, got {target.period}")
    bound = target.bound(direction)
    if bound is not None and direction * (bound - baseline.value) < 0:
        side, article, word, move = ("below", "an", "increase", "fall") if direction > 0 else ("above", "a", "decrease", "rise")
        c.error(node, "value" if target.type != "range" else ("min" if direction > 0 else "max"), f"{path}",
                f"the target {bound:g} is {side} the baseline {baseline.value:g} of {article} {word} target, so a {move} "
                "would count as success; check the target, the baseline or the direction")


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _check_region_targets(c: Checker, node: Any, indicators: list[Indicator], regions: list[Region]) -> None:
    names = {r.name for r in regions}
    for ind in indicators:
        for region, _ in ind.region_targets:
            if region not in names:
                c.error(node, None, f"indicators.{ind.key}.region_targets", f"unknown region '{region}'")


def _milestones(c: Checker, node: Any, indicators: list[Indicator], regions: list[Region]) -> list[Milestone]:
    spec = {
        "key": (TEXT, True),
        "name": (TEXT, True),
        "due": (DATE, True),
        "plan_text": (TEXT, False),
        "indicator": (TEXT, False),
        "region": (TEXT, False),
        "note": (TEXT, False),
    }
    kinds = {i.key: i.kind for i in indicators}
    region_names = {r.name for r in regions}
    result: list[Milestone] = []
    seen: dict = {}
    for i, item in c.items(node, "milestones"):
        path = _item_path("milestones", i, item, "key")
        c.lines[path] = getattr(item, "line", None)
        v = c.fields(item, path, spec)
        if "key" in v:
            c.unique(seen, v["key"], item, "key", f"{path}.key", "milestone key")
        due = c.date(item, v, "due", path)
        if "indicator" in v and kinds.get(v["indicator"]) != "milestone_count":
            c.error(item, "indicator", f"{path}.indicator",
                    f"expected the key of a milestone_count indicator, got {v['indicator']!r}")
        if "region" in v and v["region"] not in region_names:
            c.error(item, "region", f"{path}.region", f"unknown region {v['region']!r}")
        if due and "key" in v and "name" in v:
            result.append(Milestone(v["key"], v["name"], due, v.get("plan_text"), v.get("indicator"), v.get("region"),
                                    v.get("note")))
    return result


def _units(c: Checker, node: Any) -> list[Unit]:
    spec = {"name": (TEXT, True), "kind": (TEXT, True), "aliases": (LIST, False)}
    result: list[Unit] = []
    seen: dict = {}
    for i, item in c.items(node, "units"):
        path = f"units[{i}]"
        v = c.fields(item, path, spec)
        kind = c.choice(item, v, "kind", path, UNIT_KINDS)
        aliases = tuple(str(a) for a in v.get("aliases", ()))
        if "name" in v:
            for name in (v["name"], *aliases):
                c.unique(seen, name, item, "name", f"{path}.name", "unit name")
            if kind:
                result.append(Unit(v["name"], kind, aliases))
    return result


def _groups(c: Checker, node: Any) -> list[Group]:
    spec = {"key": (TEXT, True), "number": (TEXT, True), "title": (TEXT, True)}
    result: list[Group] = []
    seen: dict = {}
    for i, item in c.items(node, "groups"):
        path = f"groups[{i}]"
        v = c.fields(item, path, spec)
        if len(v) == 3:
            c.unique(seen, v["key"], item, "key", f"{path}.key", "group key")
            result.append(Group(v["key"], v["number"], v["title"]))
    return result


def _lead_units(c: Checker, item: Any, v: dict, path: str, units: list[Unit]) -> tuple[str, ...]:
    known = {u.name for u in units} | {a for u in units for a in u.aliases}
    names = tuple(str(x) for x in v.get("lead_units", ()))
    for name in names:
        if name not in known:
            c.error(item, "lead_units", f"{path}.lead_units", f"unknown unit '{name}'; declare it under units:")
    return names


def _tasks(c, node, groups, units, milestones, plan_end) -> list[Task]:
    spec = {
        "number": (WHOLE, True),
        "group": (TEXT, True),
        "title": (TEXT, True),
        "text": (TEXT, True),
        "lead_units": (LIST, True),
        "lead_note": (TEXT, False),
        "due": (DATE, False),
        "subtargets": (LIST, False),
        "milestones": (LIST, False),
    }
    group_keys = {g.key for g in groups}
    milestone_keys = {m.key for m in milestones}
    result: list[Task] = []
    seen: dict = {}
    for i, item in c.items(node, "tasks"):
        path = _item_path("tasks", i, item, "number")
        v = c.fields(item, path, spec)
        if "number" in v:
            c.unique(seen, v["number"], item, "number", f"{path}.number", "task number")
        if "group" in v and v["group"] not in group_keys:
            c.error(item, "group", f"{path}.group", f"unknown group '{v['group']}'; expected one of {', '.join(group_keys)}")
        lead = _lead_units(c, item, v, path, units)
        for key in v.get("milestones", ()):
            if key not in milestone_keys:
                c.error(item, "milestones", f"{path}.milestones",
                        f"unknown milestone '{key}'; milestones are declared in targets.yaml")
        subtargets = _subtargets(c, v.get("subtargets"), path)
        due = c.date(item, v, "due", path) or plan_end
        if len(v.keys() & {"number", "group", "title", "text"}) == 4 and due:
            result.append(
                Task(v["number"], v["group"], v["title"], v["text"], lead, due, v.get("lead_note"),
                     tuple(subtargets), tuple(str(m) for m in v.get("milestones", ())))
            )
    return result


def _subtargets(c: Checker, node: Any, task_path: str) -> list[SubTarget]:
    spec = {
        "key": (TEXT, True),
        "text": (TEXT, True),
        "min": (WHOLE, True),
        "max": (WHOLE, False),
        "unit": (TEXT, False),
        "per_year": (BOOL, False),
    }
    result: list[SubTarget] = []
    seen: dict = {}
    for i, item in c.items(node, f"{task_path}.subtargets"):
        path = f"{task_path}.subtargets[{i}]"
        v = c.fields(item, path, spec)
        if "key" in v:
            c.unique(seen, v["key"], item, "key", f"{path}.key", "sub-target key")
        if "min" in v and v["min"] < 0:
            c.error(item, "min", f"{path}.min", f"expected a count of 0 or more, got {v['min']}")
        if "min" in v and "max" in v and v["min"] > v["max"]:
            c.error(item, "min", f"{path}.min", f"expected min ≤ max, got {v['min']} > {v['max']}")
        if {"key", "text", "min"} <= v.keys():
            result.append(SubTarget(v["key"], v["text"], v["min"], v.get("max"), v.get("unit"), v.get("per_year", False)))
    return result


def _safeguards(c: Checker, node: Any, units: list[Unit]) -> list[Safeguard]:
    spec = {"number": (WHOLE, True), "title": (TEXT, True), "text": (TEXT, True), "lead_units": (LIST, False)}
    result: list[Safeguard] = []
    seen: dict = {}
    for i, item in c.items(node, "safeguards"):
        path = f"safeguards[{i}]"
        v = c.fields(item, path, spec)
        if "number" in v:
            c.unique(seen, v["number"], item, "number", f"{path}.number", "safeguard number")
        lead = _lead_units(c, item, v, path, units)
        if len(v.keys() & {"number", "title", "text"}) == 3:
            result.append(Safeguard(v["number"], v["title"], v["text"], lead))
    return result

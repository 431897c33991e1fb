"""Monthly snapshots: the complete status of a month (every indicator of every region, and
the tasks and milestones), computed once and kept as JSON, so that a correction made later
does not rewrite what was reported. Also: listing them and comparing two."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ipcity.engine import CLASS_ORDER
from ipcity.base.errors import InputError, IpcityError
from ipcity.base.periods import Period, month, parse_date, parse_period
from ipcity.plan.model import Plan
from ipcity.status.document import status_dict
from ipcity.status.indicators import status_report
from ipcity.status.work import work_status
from ipcity.store import Store

SNAPSHOT_FORMAT = 1  # the layout of Snapshot.data; bump it when the layout changes
FAIL_ON = CLASS_ORDER[2:]


class SnapshotMissing(IpcityError):
    """No snapshot for the month asked for."""


# --- which month ------------------------------------------------------------------------


def parse_month(text: str) -> Period:
    period = parse_period(text)
    if period.kind != "month":
        raise InputError(f"snapshots are monthly: '{text.strip()}' is not a month", "write the month as YYYY-MM, e.g. 2024-06")
    return period


def parse_any_period(text: str) -> Period:
    """A month, quarter, half-year or year: what a snapshot or a report may cover."""
    return parse_period(text)


def month_just_ended(today: date) -> Period:
    first = today.replace(day=1) - timedelta(days=1)
    return month(first.year, first.month)


def resolve_month(period: str | None, as_of: str | None, today: date | None = None) -> tuple[Period, date]:
    """The month and the as-of date of a snapshot or briefing. Defaults: the month that just
    ended, as of its last day; `--as-of` alone picks the month it falls in."""
    return resolve_period(period, as_of, today, parse_month)


def resolve_period(period: str | None, as_of: str | None, today: date | None = None,
                   parse=parse_any_period) -> tuple[Period, date]:
    """The period (a month, quarter, half-year or year) and the as-of date of a snapshot or
    report. Defaults: the month that just ended, as of its last day; `--as-of` alone picks the
    month it falls in; a longer period is read as of its last day."""
    today = today or date.today()
    day = parse_date(as_of) if as_of is not None else None
    if period is not None:
        chosen = parse(period)
    elif day is not None:
        chosen = month(day.year, day.month)
    else:
        chosen = month_just_ended(today)
    day = day or chosen.end
    noun = "month" if chosen.kind == "month" else "period"
    if day < chosen.start:
        raise InputError(f"--as-of {day} is before the {noun} {chosen}", f"use a date on or after {chosen.start}")
    if day > today:
        what = f"the {noun} {chosen} has not ended yet" if as_of is None else f"--as-of {day} is in the future"
        raise InputError(what, f"pass --as-of {today} to take it as known today, or a period that has ended")
    return chosen, day


def is_month(label: str) -> bool:
    """Whether a stored snapshot's period is a month (the trends and the monthly diff read only those)."""
    return len(label) == 7 and label[4] == "-"


# --- taking one -------------------------------------------------------------------------


def snapshot_data(store: Store, plan: Plan, period: Period, as_of: date) -> dict:
    """Everything a snapshot keeps: the status of every region, and the tasks part."""
    from ipcity.status.bulk import BulkFigures

    every = store.with_figures(BulkFigures(store.figures, [r.name for r in plan.regions], as_of))  # read at once
    data: dict = {
        "format": SNAPSHOT_FORMAT,
        "period": str(period),
        "as_of": as_of.isoformat(),
        "plan": plan.info.name,
        "region": plan.top_region.name,
        "regions": [status_dict(status_report(every, plan, as_of, region.name)) for region in plan.regions],
    }
    work = work_status(store, plan, as_of)
    if work is not None:
        data["tasks"] = work.to_dict()
    return data


@dataclass
class SnapshotOutcome:
    action: str  # "taken", "refreshed" or "already"
    snapshot: object  # the stored row (period, as_of, taken_at, taken_by, data, ...)
    previous: object | None = None
    from_month: str | None = None  # a longer period's snapshot made from this month's

    @property
    def data(self) -> dict:
        return json.loads(self.snapshot.data)


def take_snapshot(store: Store, plan: Plan, period: Period, as_of: date, refresh: bool = False,
                  now: datetime | None = None) -> SnapshotOutcome:
    """Store the period's status unless it is already stored (`refresh` replaces it and keeps
    the old one); two runs at once end with one snapshot (see `Snapshots.save` in the store).

    A quarter, half-year or year is taken from the months it covers where it can: the
    current snapshot of its last month, taken as of the same day, is its status, and the
    longer period's snapshot keeps that document (saying which month it came from). Without
    one, or with `refresh`, it is computed on its own."""
    outcome = SnapshotOutcome("taken", None)

    def compute() -> str:
        data = None if refresh else _from_last_month(store, period, as_of)
        if data is not None:
            outcome.from_month = data["from_month"]
        else:
            data = snapshot_data(store, plan, period, as_of)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    outcome.action, outcome.snapshot, outcome.previous = store.snapshots.save(str(period), as_of, compute, refresh, now)
    return outcome


def _from_last_month(store: Store, period: Period, as_of: date) -> dict | None:
    if period.kind == "month":
        return None
    last = month(period.end.year, period.end.month)
    found = store.snapshots.current(str(last))
    if found is None or found.as_of != as_of:
        return None
    data = json.loads(found.data)
    if data.get("format") != SNAPSHOT_FORMAT:
        return None
    return data | {"period": str(period), "from_month": str(last)}


# --- reading ----------------------------------------------------------------------------


def snapshot_rows(store: Store, include_replaced: bool = False) -> list[dict]:
    """The snapshots as a list: month, as-of date, when and by whom, the city's summary."""
    rows = []
    for snap in sorted(store.snapshots.all(include_replaced), key=lambda s: (_in_order(s.period), s.taken_at)):
        document = json.loads(snap.data)
        rows.append({
            "month": snap.period, "as_of": snap.as_of.isoformat(),
            "taken_at": snap.taken_at.astimezone().strftime("%Y-%m-%d %H:%M"), "taken_by": snap.taken_by,
            "summary": region_status(document)["summary"],
            "replaced_at": snap.superseded_at.astimezone().strftime("%Y-%m-%d %H:%M") if snap.superseded_at else None,
        })
    return rows


def _in_order(label: str) -> tuple:
    """A period's place in a listing: by its end, a month before the quarter and year it ends."""
    period = parse_period(label)
    return period.end, period.start.toordinal() * -1


def snapshot_document(store: Store, period: str) -> dict:
    """The stored data of the current snapshot of `period` (a month, quarter, half-year or year)."""
    label = str(parse_any_period(period))
    found = store.snapshots.current(label)
    if found is None:
        raise SnapshotMissing(f"no snapshot for {label}", "run `ipcity snapshots` to list them, or `ipcity snapshot --period "
                              f"{label}` to take it")
    return json.loads(found.data)


def region_status(document: dict, region: str | None = None) -> dict:
    """One region's status out of a snapshot (the city's by default)."""
    wanted = region or document["region"]
    for status in document["regions"]:
        if status["region"] == wanted:
            return status
    raise InputError(f"the snapshot of {document['period']} has no region '{wanted}'",
                     "name a region the plan had when the snapshot was taken")


def at_or_below(document: dict, threshold: str) -> list[dict]:
    """The city's indicators whose class is `threshold` or worse (for `--fail-on`)."""
    worst = CLASS_ORDER.index(threshold)
    return [row for row in region_status(document)["indicators"]
            if row["status"] in CLASS_ORDER and CLASS_ORDER.index(row["status"]) >= worst]


def indicator_trends(store: Store, region: str, until: date, limit: int = 12) -> dict[str, list[tuple[str, float | None, str]]]:
    """Per indicator key: (month, value, class) from the current snapshots as of `until` or
    earlier, oldest first, at most `limit` months."""
    rows = [s for s in store.snapshots.all() if s.as_of <= until and is_month(s.period)][-limit:]
    trends: dict[str, list[tuple[str, float | None, str]]] = {}
    for snap in rows:
        document = json.loads(snap.data)
        try:
            status = region_status(document, region)
        except InputError:
            continue
        for row in status["indicators"] + status["context"]:
            trends.setdefault(row["key"], []).append((snap.period, row["value"], row["status"]))
    return trends


@dataclass
class Trend:
    periods: list[str]  # the snapshots' months, then "now" for the status itself
    values: list[float | None]
    statuses: list[str]

    def to_dict(self) -> dict:
        return {"periods": self.periods, "values": self.values, "statuses": self.statuses}


def status_trends(store: Store, report, limit: int = 12) -> dict[str, Trend]:
    """Per indicator of a status report: its value in the monthly snapshots up to the
    report's date, then the value in the report (`status --trend`)."""
    past = indicator_trends(store, report.region, report.as_of, limit)
    trends = {}
    for row in report.rows + report.context:
        months = [entry for entry in past.get(row.indicator.key, []) if entry[0] < f"{report.as_of:%Y-%m}"]
        trends[row.indicator.key] = Trend(
            [p for p, _, _ in months] + ["now"], [v for _, v, _ in months] + [row.assessment.value],
            [s for _, _, s in months] + [row.assessment.status],
        )
    return trends


# --- comparing two ----------------------------------------------------------------------


@dataclass
class IndicatorChange:
    key: str
    name: str
    unit: str
    kind: str
    old: dict | None  # the row in the earlier snapshot (None: not in the plan then)
    new: dict | None

    @property
    def movement(self) -> str:
        """"up" or "down" when the class moved, "same" when it did not, "changed" otherwise."""
        a, b = (self.old or {}).get("status"), (self.new or {}).get("status")
        if a == b:
            return "same"
        if a in CLASS_ORDER and b in CLASS_ORDER:
            return "up" if CLASS_ORDER.index(b) < CLASS_ORDER.index(a) else "down"
        return "changed"

    @property
    def value_changed(self) -> bool:
        old, new = self.old or {}, self.new or {}
        return (old.get("value"), old.get("period")) != (new.get("value"), new.get("period"))


@dataclass
class WorkChange:
    kind: str
    ref: str
    title: str
    old_status: str | None
    new_status: str


@dataclass
class SnapshotDiff:
    old_label: str
    new_label: str
    region: str
    indicators: list[IndicatorChange] = field(default_factory=list)  # only those that changed
    work: list[WorkChange] = field(default_factory=list)

    @property
    def finished(self) -> list[WorkChange]:
        return [w for w in self.work if w.new_status == "done"]

    def to_dict(self) -> dict:
        return {
            "from": self.old_label, "to": self.new_label, "region": self.region,
            "indicators": [{"key": c.key, "name": c.name, "unit": c.unit, "movement": c.movement,
                            **{f"{side}_{name}": (row or {}).get(name) for side, row in (("old", c.old), ("new", c.new))
                               for name in ("value", "period", "status", "stale")}}
                           for c in self.indicators],
            "tasks": [vars(w) for w in self.work],
            "finished": [w.ref for w in self.finished],
        }


def diff_snapshots(old: dict, new: dict, region: str | None = None,
                   old_label: str | None = None, new_label: str | None = None) -> SnapshotDiff:
    """What changed between two snapshot documents: figures, classes, tasks and milestones."""
    before, after = region_status(old, region), region_status(new, region)
    result = SnapshotDiff(old_label or old["period"], new_label or new["period"], after["region"])
    old_rows = {row["key"]: row for row in before["indicators"] + before["context"]}
    for row in after["indicators"] + after["context"]:
        change = IndicatorChange(row["key"], row["name"], row["unit"], row["kind"], old_rows.get(row["key"]), row)
        if change.value_changed or change.movement != "same":
            result.indicators.append(change)
    old_work = {(i["kind"], i["ref"]): i["status"] for i in (old.get("tasks") or {}).get("items", [])}
    for item in (new.get("tasks") or {}).get("items", []):
        previous = old_work.get((item["kind"], item["ref"]))
        if previous != item["status"]:
            result.work.append(WorkChange(item["kind"], item["ref"], item["title"], previous, item["status"]))
    return result

"""One figure's history as plain data: every version ever stored, how each came in, and the
trend of the current values period by period and of the classes in the monthly snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ipcity.engine import derive_amounts
from ipcity.base.periods import Figure, parse_period
from ipcity.plan.model import Indicator
from ipcity.status.snapshots import indicator_trends
from ipcity.store import Store


@dataclass
class History:
    indicator: Indicator
    region: str
    records: list[dict]  # one per stored version shown, oldest period first
    values: list[float]  # every value shown (for the display unit)
    trend: dict
    total: int = 0  # versions there are (recorded since --since); more than shown when paged

    @property
    def left_out(self) -> int:
        return self.total - len(self.records)

    def to_dict(self) -> dict:
        paged = {"shown": len(self.records), "total": self.total} if self.left_out else {}
        return {"key": self.indicator.key, "region": self.region, "unit": self.indicator.unit,
                "history": self.records, **paged, "trend": self.trend}


def change_label(change) -> str | None:
    """`import dept.csv`, `record`, `correct`: how a value came in."""
    if change is None:
        return None
    return f"{change.action} {change.source}" if change.action == "import" else change.action


def figure_history(store: Store, indicator: Indicator, region: str, limit: int | None = None,
                   since: date | None = None) -> History:
    """The versions of one figure: the last `limit` (all when None), recorded since `since`;
    what a year-to-date figure adds is derived from the current versions of every period."""
    rows, total = store.figures.history_page(indicator.key, region, limit, since)
    changes = store.changes.by_id(r.change_id for r in rows)
    current = store.figures.current_rows(indicator.key, region)
    amounts = period_amounts(current)
    spans = {i: span for i, (_, span) in amounts.items()}
    records = [
        {
            "period": r.period, "value": r.value, "version": r.version, "current": r.superseded_at is None,
            "recorded_at": r.recorded_at.astimezone().isoformat(timespec="seconds"),
            "recorded_by": r.recorded_by, "superseded_at":
            r.superseded_at.astimezone().isoformat(timespec="seconds") if r.superseded_at else None,
            "source": r.source, "note": r.note,
            "change": change_label(changes.get(r.change_id)),
            "cumulative": bool(r.cumulative),
            # a 累计 figure: the amount of the months since the year's previous one, and those months
            "period_amount": amounts[r.id][0] if r.cumulative and r.id in amounts else None,
            "period_amount_months": spans.get(r.id) if r.cumulative else None,
            "retracted": _retracted(r, rows[i + 1] if i + 1 < len(rows) else None),
        }
        for i, r in enumerate(rows)
    ]
    return History(indicator, region, records, [r.value for r in rows], _trend(store, indicator, region, current,
                                                                                 amounts), total)


def period_amounts(rows) -> dict[int, tuple[float, str]]:
    """Stored row id -> (the amount of its own months, those months: `2024-06`, `2024-01…2024-05`),
    for the current versions: a year-to-date (累计) figure less the year's previous one (see
    engine.derive_amounts)."""
    ids = {Figure(parse_period(r.period), r.value, cumulative=bool(r.cumulative)): r.id for r in rows if r.superseded_at is None}
    result = {}
    for figure, since, amount in derive_amounts(list(ids)):
        start = figure.period.start if not figure.cumulative else (
            since.end + timedelta(days=1) if since is not None else date(figure.period.year, 1, 1))
        months = f"{start:%Y-%m}" + (f"…{figure.period.end:%Y-%m}" if start.month != figure.period.end.month else "")
        result[ids[figure]] = (amount, months)
    return result
def _retracted(row, following) -> bool:
    """A version taken back by `ipcity retract`: superseded, and not by a correction (which
    writes the next version of the same period at the very moment it supersedes this one)."""
    if row.superseded_at is None:
        return False
    corrected = (following is not None and following.period == row.period
                 and following.recorded_at == row.superseded_at)
    return not corrected


def value_series(kind: str, figures: list[tuple[str, str, float]]) -> list[tuple[str, float]]:
    """The (period, value) pairs a trend draws from (period label, period kind, value),
    oldest first. A level (stock, survey, count) reads across periods of any length; a flow
    only compares like with like, so only its most used period kind is drawn."""
    if kind == "flow" and figures:
        kinds = [k for _, k, _ in figures]
        common = max(("month", "quarter", "half", "year"), key=kinds.count)
        figures = [f for f in figures if f[1] == common]
    return [(label, value) for label, _, value in figures]


def _trend(store: Store, indicator: Indicator, region: str, rows, amounts) -> dict:
    """The current values period by period, and the class in each monthly snapshot."""
    current = [(r.period, parse_period(r.period).kind, amounts[r.id][0] if indicator.kind == "flow" else r.value)
               for r in rows if r.superseded_at is None]
    series = value_series(indicator.kind, current)
    monthly = indicator_trends(store, region, date.max).get(indicator.key, [])
    return {
        "periods": [p for p, _ in series], "values": [v for _, v in series],
        "snapshots": [{"period": p, "value": v, "status": s} for p, v, s in monthly],
    }

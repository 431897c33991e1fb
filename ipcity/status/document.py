"""The status as one JSON-ready document: what `status --format json` prints and what every
monthly snapshot stores (so its layout is versioned there, as `SNAPSHOT_FORMAT`). Values
are in base units at full precision; nothing here formats for people."""

from __future__ import annotations

from typing import Any

from ipcity.status.indicators import StatusReport, StatusRow

DIRECTION_NAMES = {1: "increase", -1: "decrease"}
FIGURES = (
    "gap", "achieved_share", "progress_share", "time_used_share", "expected_now", "pace",
    "growth_actual", "growth_required", "growth_ratio", "projected", "projected_shortfall",
)


def row_dict(row: StatusRow) -> dict[str, Any]:
    ind, a = row.indicator, row.assessment
    target = row.target
    data: dict[str, Any] = {
        "key": ind.key,
        "name": ind.name,
        "kind": ind.kind,
        "unit": ind.unit,
        "direction": DIRECTION_NAMES[ind.direction],
        "baseline": a.baseline,
        "baseline_period": str(a.baseline_period) if a.baseline_period else None,
        "value": a.value,
        "period": str(a.period) if a.period else None,
        "target": a.target,
        "target_type": target.type if target else None,
        "target_max": target.max if target else None,
        "target_period": str(target.period) if target else None,
    }
    data.update({name: getattr(a, name) for name in FIGURES})
    data.update(status=a.status, stale=a.stale, late=a.late, method=a.method, notes=list(a.notes))
    if a.flow is not None:
        flow = a.flow
        data["flow"] = {
            "year": flow.year,
            "year_to_date": flow.total,
            "months_covered": flow.months_covered,
            "share_of_year": flow.share_of_year,
            "expected_to_date": a.expected_now if target and flow.year == target.period.year else None,
            "projected_year_total": a.projected,
            "previous_year_total": a.previous_year_total,
            "basis": flow.basis,
            "missing_months": flow.missing_months,
        }
    if a.previous_value is not None:
        data["previous_value"] = a.previous_value
    if row.parts:
        data["ratio"] = row.parts
    return data


def status_dict(report: StatusReport) -> dict[str, Any]:
    """The whole status as JSON-ready data: `status --format json` and every snapshot."""
    document: dict[str, Any] = {"as_of": report.as_of.isoformat()}
    if report.known_at is not None:
        document["known_at"] = report.known_at.isoformat(timespec="seconds")
    return document | {
        "plan": report.plan_name,
        "region": report.region,
        "summary": report.summary(),
        "counts": report.counts(),
        "indicators": [row_dict(row) for row in report.rows],
        "context": [row_dict(row) for row in report.context],
    }

"""Machine formats: JSON and CSV carry every figure at full precision in base units;
Markdown carries the same table as the terminal."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ipcity.render.cells import common_periods, context_line, headers, row_cells
from ipcity.reports import StatusReport, StatusRow

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
    data.update(status=a.status, stale=a.stale, method=a.method, notes=list(a.notes))
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
    return {
        "as_of": report.as_of.isoformat(),
        "plan": report.plan_name,
        "region": report.region,
        "summary": report.summary(),
        "counts": report.counts(),
        "indicators": [row_dict(row) for row in report.rows],
        "context": [row_dict(row) for row in report.context],
    }


def status_json(report: StatusReport, trends: dict[str, Any] | None = None) -> str:
    """`trends`: indicator key -> a Trend (`ipcity.snapshots`), added to each indicator."""
    document = status_dict(report)
    if trends is not None:
        for row in document["indicators"] + document["context"]:
            if row["key"] in trends:
                row["trend"] = trends[row["key"]].to_dict()
    return json.dumps(document, ensure_ascii=False, indent=2)


CSV_COLUMNS = (
    "key", "name", "kind", "unit", "direction", "baseline", "baseline_period", "value", "period", "target",
    "target_type", "target_max", "target_period", *FIGURES, "status", "stale", "method",
)


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def status_csv(report: StatusReport, trends: dict[str, str] | None = None) -> str:
    """`trends`: indicator key -> sparkline, as a last column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("as_of", "region", *CSV_COLUMNS, "notes", *(("trend",) if trends is not None else ())))
    for row in report.rows + report.context:
        data = row_dict(row)
        values = [data[c] for c in CSV_COLUMNS]
        # numbers stay numbers (a negative gap is not a formula); only text is neutralised
        values = ["" if v is None else (repr(v) if isinstance(v, float) else safe_cell(v)) for v in values]
        trend = (trends.get(data["key"], ""),) if trends is not None else ()
        writer.writerow([report.as_of.isoformat(), report.region, *values,
                         safe_cell("; ".join(data["notes"])), *trend])
    return out.getvalue()


def status_markdown(report: StatusReport, trends: dict[str, str] | None = None) -> str:
    """`trends`: indicator key -> sparkline, as a last column."""
    from ipcity.render.markdown import md_table, md_text

    names = headers(report.rows) + (["趋势"] if trends is not None else [])
    periods = common_periods(report.rows)
    body = [row_cells(row, periods) + ([trends.get(row.indicator.key, "")] if trends is not None else [])
            for row in report.rows]
    right = {i for i in range(len(names)) if i not in (0, 1, 4, 11, 12)}
    lines = [f"## {md_text(report.plan_name)} · {md_text(report.region)} · {report.as_of}", ""]
    lines += md_table(names, body, right)
    lines += ["", md_text(report.summary()) + "."]
    extra = [context_line(r) for r in report.context]
    extra += [f"{r.indicator.key}: {note}" for r in report.rows for note in r.assessment.notes]
    if extra:
        lines += [""] + [f"- {md_text(text)}" for text in extra]
    return "\n".join(lines) + "\n"

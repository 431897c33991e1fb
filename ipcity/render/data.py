"""The status in text formats: JSON and CSV carry every figure at full precision in base
units (the document of `ipcity.status.document`); Markdown carries the terminal's table."""

from __future__ import annotations

from typing import Any

from ipcity.base.i18n import translate
from ipcity.render.cells import TREND_HEADER, common_periods, context_line, figure_columns, headers, row_cells
from ipcity.render.formats import csv_text, json_text
from ipcity.render.spark import sparkline
from ipcity.status.document import FIGURES, row_dict, status_dict
from ipcity.status.indicators import StatusReport


def status_json(report: StatusReport, trends: dict[str, Any] | None = None) -> str:
    """`trends`: indicator key -> a Trend (`ipcity.status.snapshots`), added to each indicator
    with its sparkline."""
    document = status_dict(report)
    if trends is not None:
        for row in document["indicators"] + document["context"]:
            if row["key"] in trends:
                trend = trends[row["key"]]
                row["trend"] = {**trend.to_dict(), "sparkline": sparkline(trend.values)}
    return json_text(document)


CSV_COLUMNS = (
    "key", "name", "kind", "unit", "direction", "baseline", "baseline_period", "value", "period", "target",
    "target_type", "target_max", "target_period", *FIGURES, "status", "stale", "late", "method",
)


def status_csv(report: StatusReport, trends: dict[str, str] | None = None) -> str:
    """`trends`: indicator key -> sparkline, as a last column."""
    header = ["as_of", "region", *CSV_COLUMNS, "notes", *(("trend",) if trends is not None else ())]

    def rows():
        for row in report.rows + report.context:
            data = row_dict(row)
            trend = (trends.get(data["key"], ""),) if trends is not None else ()
            # numbers stay numbers (a negative gap is not a formula); only text is neutralised
            yield [report.as_of.isoformat(), report.region, *(data[c] for c in CSV_COLUMNS), "; ".join(data["notes"]), *trend]

    return csv_text(header, rows())


def status_markdown(report: StatusReport, trends: dict[str, str] | None = None) -> str:
    """`trends`: indicator key -> sparkline, as a last column."""
    from ipcity.render.markdown import md_table, md_text

    names = headers(report.rows) + ([TREND_HEADER] if trends is not None else [])
    periods = common_periods(report.rows)
    body = [row_cells(row, periods) + ([trends.get(row.indicator.key, "")] if trends is not None else [])
            for row in report.rows]
    right = figure_columns(len(names))
    lines = [f"## {md_text(report.plan_name)} · {md_text(report.region)} · {report.as_of}", ""]
    lines += md_table(names, body, right)
    lines += ["", md_text(report.summary()) + "."]
    extra = [context_line(r) for r in report.context]
    extra += [f"{r.indicator.key}: {translate(note)}" for r in report.rows for note in r.assessment.notes]
    if extra:
        lines += [""] + [f"- {md_text(text)}" for text in extra]
    return "\n".join(lines) + "\n"

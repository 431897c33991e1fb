"""ipcity record, ipcity history."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ipcity.cli.app import app, say
from ipcity.cli.common import console, emit, open_store
from ipcity.cli.options import Format, FormatOption, RegionOption


PLAUSIBLE = 20  # a figure more than this many times off its target is probably in the wrong unit


@app.command()
def record(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Indicator key, e.g. invention_patents (see `ipcity indicators`).")],
    value: Annotated[str, typer.Argument(help="The figure: 3600, 3,600, 6.8万, 6.8万件, 1亿元, 300万元 ...")],
    period: Annotated[str, typer.Option("--period", "-p", help="2024 (year), 2024Q2 (quarter) or 2024-06 (month).")],
    region: RegionOption = None,
    source: Annotated[Optional[str], typer.Option("--source", "-s", help="Where the figure comes from.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", "-n", help="Any remark kept with the figure.")] = None,
    correct: Annotated[bool, typer.Option("--correct", help="Replace the value already recorded (it stays in the history).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be stored; store nothing.")] = False,
) -> None:
    """Record one actual figure for an indicator, region and period."""
    from datetime import date

    from ipcity.errors import InputError
    from ipcity.periods import parse_period
    from ipcity.store import NewObservation
    from ipcity.units import display_unit, parse_value

    with open_store(ctx) as store:
        plan = store.plan_source().plan
        indicator = plan.indicator(key.strip())
        if not indicator.recordable:
            raise InputError(
                f"{indicator.key} is computed, not recorded",
                f"record {indicator.numerator} and {indicator.denominator} instead; "
                f"{indicator.key} = {indicator.numerator} / {indicator.denominator} × {indicator.scale:g}",
            )
        if any(m.indicator == indicator.key for m in plan.milestones):
            raise InputError(
                f"{indicator.key} counts the milestones marked done",
                "mark each one with `ipcity milestone done KEY --date D` (see `ipcity milestones`)",
            )
        place = plan.region(region)
        parsed_period = parse_period(period)
        if parsed_period.start > date.today():
            raise InputError(f"period {parsed_period} has not started yet", "check the year; figures are for past periods")
        amount = parse_value(value, indicator.unit)

        def describe(number: float) -> str:
            unit = display_unit(indicator.unit, number, fractional=indicator.kind == "survey")
            return f"{unit.format(number)} {unit.label}"

        new = NewObservation(indicator.key, place.name, parsed_period, amount,
                             _clean(source), _clean(note))
        outcome = store.record(new, correct=correct, dry_run=dry_run, describe=describe)
    what = f"{indicator.key} ({indicator.name}) {place.name} {parsed_period} = {describe(amount)}"
    if outcome.action == "unchanged":
        say(f"already recorded: {what}; nothing changed")
        return
    was = f" (was {describe(outcome.previous.value)}; kept in the history)" if outcome.previous else ""
    if dry_run:
        emit(f"would be {outcome.action}: {what}{was} [stored as {amount:g} {indicator.unit}]")
        return
    say(f"{outcome.action}: {what}{was}")
    reference = indicator.target.threshold if indicator.target else None
    if reference and indicator.kind == "flow":  # a month's amount against a month's share of the year's target
        reference *= len(parsed_period.months) / 12
    if reference and amount and not 1 / PLAUSIBLE <= amount / reference <= PLAUSIBLE:
        ratio = amount / reference
        times = f"{ratio:,.0f} times" if ratio >= 1 else (f"1/{1 / ratio:,.0f} of" if ratio else "nothing against")
        say(f"warning: {describe(amount)} is {times} the target {describe(reference)}; "
            "if the unit is wrong, record it again with --correct")


def _change_label(change) -> Optional[str]:
    """`import dept.csv`, `record`, `correct`: how a value came in."""
    if change is None:
        return None
    return f"{change.action} {change.source}" if change.action == "import" else change.action


def _clean(text: Optional[str]) -> Optional[str]:
    return text.strip() or None if text is not None else None


@app.command()
def history(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Indicator key.")],
    region: RegionOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Every value ever recorded for one indicator and region, corrections included."""
    import json

    from ipcity.units import display_unit

    with open_store(ctx) as store:
        plan = store.plan_source().plan
        indicator = plan.indicator(key.strip())
        place = plan.region(region)
        rows = store.history(indicator.key, place.name)
        changes = {c.id: c for c in store.changes()} if rows else {}
        trend = _trend(store, indicator, place.name, rows)
    records = [
        {
            "period": r.period, "value": r.value, "version": r.version, "current": r.superseded_at is None,
            "recorded_at": r.recorded_at.astimezone().isoformat(timespec="seconds"),
            "recorded_by": r.recorded_by, "superseded_at":
            r.superseded_at.astimezone().isoformat(timespec="seconds") if r.superseded_at else None,
            "source": r.source, "note": r.note,
            "change": _change_label(changes.get(r.change_id)),
        }
        for r in rows
    ]
    if format == Format.json:
        emit(json.dumps({"key": indicator.key, "region": place.name, "unit": indicator.unit, "history": records,
                         "trend": trend}, ensure_ascii=False, indent=2))
        return
    if format == Format.csv:
        import csv
        import io

        from ipcity.render.data import safe_cell

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        columns = list(records[0]) if records else ["period", "value"]
        writer.writerow(columns)
        for r in records:
            writer.writerow([safe_cell("" if r[c] is None else r[c]) for c in columns])
        emit(out.getvalue())
        return
    unit = display_unit(indicator.unit, max((r.value for r in rows), default=None), indicator.kind == "survey")
    headers = ("期间", f"数值 ({unit.label})", "版本", "录入时间", "录入人", "更正时间", "来源", "备注", "录入方式")
    cells = [
        (r["period"], unit.format(r["value"]), f"{r['version']}" + ("" if r["current"] else " (旧)"),
         r["recorded_at"][:16].replace("T", " "), r["recorded_by"] or "",
         (r["superseded_at"] or "")[:16].replace("T", " "), r["source"] or "", r["note"] or "", r["change"] or "")
        for r in records
    ]
    if format == Format.md:
        from ipcity.render.markdown import md_table, md_text

        lines = md_table(headers, cells) + [""] + [f"- {md_text(line)}" for line in _trend_lines(trend)]
        emit("\n".join(lines))
        return
    from rich.table import Table

    table = Table(title=f"{indicator.name} ({indicator.key}) · {place.name}", title_justify="left")
    for index, header in enumerate(headers):  # figures right, times whole, free text wraps
        table.add_column(header, justify="right" if index == 1 else "left", overflow="fold",
                         no_wrap=index in (0, 1, 2, 3, 5))
    for row in cells:
        table.add_row(*row, style=None if row[2].isdigit() else "dim")
    console().print(table)
    for line in _trend_lines(trend):
        console().print(line, highlight=False)
    if not records:
        say(f"no figures recorded for {indicator.key} in {place.name} yet")


def _trend(store, indicator, region: str, rows) -> dict:
    """The current values period by period, and the class in each monthly snapshot."""
    from datetime import date

    from ipcity.periods import parse_period
    from ipcity.render.spark import sparkline, value_series
    from ipcity.snapshots import indicator_trends

    current = [(r.period, parse_period(r.period).kind, r.value) for r in rows if r.superseded_at is None]
    series = value_series(indicator.kind, current)
    monthly = indicator_trends(store, region, date.max).get(indicator.key, [])
    return {
        "periods": [p for p, _ in series], "values": [v for _, v in series],
        "sparkline": sparkline([v for _, v in series]),
        "snapshots": [{"period": p, "value": v, "status": s} for p, v, s in monthly],
        "snapshot_sparkline": sparkline([v for _, v, _ in monthly]),
    }


def _trend_lines(trend: dict) -> list[str]:
    from ipcity.render.cells import STATUS_STYLE

    lines = []
    if trend["values"]:
        periods = trend["periods"]
        span = periods[0] if len(periods) == 1 else f"{periods[0]} … {periods[-1]}"
        lines.append(f"trend: {trend['sparkline']}  ({span}, {len(periods)} periods)")
    if trend["snapshots"]:
        marks = "  ".join(f"{s['period']} {STATUS_STYLE[s['status']][0]}" for s in trend["snapshots"])
        lines.append(f"monthly snapshots: {trend['snapshot_sparkline']}  {marks}")
    return lines

"""ipcity record, ipcity history."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ipcity.cli.app import app, say
from ipcity.cli.common import emit, open_store, show
from ipcity.cli.options import PAGE, AllOption, Format, FormatOption, LimitOption, RegionOption, SinceOption


PLAUSIBLE = 20  # a figure more than this many times off its target is probably in the wrong unit


@app.command()
def record(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Indicator key, e.g. invention_patents (see `ipcity indicators`).")],
    value: Annotated[str, typer.Argument(help="The figure: 3600, 3,600, 6.8万, 6.8万件, 1亿元, 300万元 ...")],
    period: Annotated[str, typer.Option("--period", "-p", help="2024 (year), 2024H1 (half-year), 2024Q2 (quarter) or 2024-06 (month); "
                                        "also 2024年上半年, 2024年二季度, 2024年6月.")],
    region: RegionOption = None,
    source: Annotated[Optional[str], typer.Option("--source", "-s", help="Where the figure comes from.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", "-n", help="Any remark kept with the figure.")] = None,
    correct: Annotated[bool, typer.Option("--correct", help="Replace the value already recorded (it stays in the history).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be stored; store nothing.")] = False,
    cumulative: Annotated[bool | None, typer.Option(
        "--cumulative/--not-cumulative",
        help="The figure is the year to date (累计) through the period / the period's own amount "
             "(default: as the plan declares the indicator).")] = None,
) -> None:
    """Record one actual figure for an indicator, region and period."""
    from ipcity.plan.entry import check_enterable, parse_figure
    from ipcity.store import NewObservation
    from ipcity.units import display_unit

    with open_store(ctx) as store:
        plan = store.plan_source().plan
        indicator = plan.indicator(key.strip())
        check_enterable(plan, indicator)
        place = plan.region(region)
        parsed_period, amount = parse_figure(plan, indicator, value, period)
        cumulative = indicator.cumulative(cumulative)

        def describe(number: float) -> str:
            unit = display_unit(indicator.unit, number, fractional=indicator.kind == "survey")
            return f"{unit.format(number)} {unit.label}"

        new = NewObservation(indicator.key, place.name, parsed_period, amount,
                             _clean(source, "--source"), _clean(note, "--note"), cumulative)
        outcome = store.record(new, correct=correct, dry_run=dry_run, describe=describe)
    what = f"{indicator.key} ({indicator.name}) {place.name} {parsed_period} = {describe(amount)}"
    if cumulative:
        what += f" 累计 ({_derived(new, outcome.since, describe)})"
    if outcome.action == "unchanged":
        say(f"already recorded: {what}; nothing changed")
        return
    was = f" (was {describe(outcome.previous.value)}; kept in the history)" if outcome.previous else ""
    if dry_run:
        emit(f"would be {outcome.action}: {what}{was} [stored as {amount:g} {indicator.unit}]")
        return
    say(f"{outcome.action}: {what}{was}")
    own_target = indicator.target_for(place.name, plan.top_region.name)  # a county against its own target, or nothing
    reference = own_target.threshold if own_target else None
    if reference and indicator.kind == "flow":  # a month's amount against a month's share of the year's target
        reference *= len(parsed_period.months) / 12
    if reference and amount and not 1 / PLAUSIBLE <= amount / reference <= PLAUSIBLE:
        ratio = amount / reference
        times = f"{ratio:,.0f} times" if ratio >= 1 else (f"1/{1 / ratio:,.0f} of" if ratio else "nothing against")
        say(f"warning: {describe(amount)} is {times} the target {describe(reference)}; "
            "if the unit is wrong, record it again with --correct")


def _derived(new, since, describe) -> str:
    """What a year-to-date figure means for the months since the previous one, e.g.
    `2024-06: 2.20 亿元 after 7.00 亿元 to 2024-05`."""
    from ipcity.engine import derive_amounts

    figures = [new.figure] + ([since] if since is not None else [])
    _, _, amount = next(item for item in derive_amounts(figures) if item[0] == new.figure)
    first = since.period.end.month + 1 if since is not None else 1
    last = new.period.end.month
    span = f"{new.period.year}-{first:02d}" + (f" … {new.period.year}-{last:02d}" if last > first else "")
    after = f" after {describe(since.value)} to {since.period}" if since is not None else ""
    return f"{span}: {describe(amount)}{after}"


def _clean(text: Optional[str], what: str) -> Optional[str]:
    from ipcity.text import check_text

    return check_text(text.strip() or None, what) if text is not None else None


@app.command()
def history(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Indicator key.")],
    region: RegionOption = None,
    format: FormatOption = Format.table,
    limit: LimitOption = PAGE,
    all_: AllOption = False,
    since: SinceOption = None,
) -> None:
    """Every value ever recorded for one indicator and region, corrections included (the
    latest 20 unless --limit or --all)."""
    from ipcity.periods import parse_since
    from ipcity.render.history import history_view, paging_line
    from ipcity.status.history import figure_history

    day = parse_since(since) if since is not None else None
    with open_store(ctx) as store:
        plan = store.plan_source().plan
        indicator = plan.indicator(key.strip())
        place = plan.region(region)
        found = figure_history(store, indicator, place.name, None if all_ else limit, day)
    show(history_view(found), format)
    if format != Format.table and found.left_out:
        say(paging_line(len(found.records), found.total))
    if format == Format.table and not found.records:
        say(f"no figures recorded for {indicator.key} in {place.name} yet")

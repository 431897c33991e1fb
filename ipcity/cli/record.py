"""ipcity record, ipcity history."""

from typing import Annotated

import typer

from ipcity.cli.app import app, say
from ipcity.base.i18n import translate
from ipcity.cli.common import emit, open_store, show
from ipcity.cli.complete import indicator_keys
from ipcity.cli.options import PAGE, AllOption, Format, FormatOption, LimitOption, RegionOption, SinceOption

PLAUSIBLE = 20  # a figure more than this many times off its target is probably in the wrong unit


@app.command()
def record(
    ctx: typer.Context,
    period: Annotated[str, typer.Option("--period", "-p",
                                        help="2024 (year), 2024H1 (half-year), 2024Q2 (quarter) or 2024-06 (month); "
                                        "also 2024年上半年, 2024年二季度, 2024年6月.")],
    key: Annotated[str, typer.Argument(help="Indicator key, e.g. invention_patents (see `ipcity indicators`); "
                                            "- reads KEY VALUE [REGION] lines from stdin.",
                                       autocompletion=indicator_keys)],
    value: Annotated[str | None, typer.Argument(help="The figure: 3600, 3,600, 6.8万, 6.8万件, 1亿元, 300万元 ...",
                                                   show_default=False)] = None,
    more: Annotated[list[str] | None, typer.Argument(help="More KEY VALUE pairs, recorded together.",
                                                        show_default=False)] = None,
    region: RegionOption = None,
    source: Annotated[str | None, typer.Option("--source", "-s", help="Where the figure comes from.")] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help="Any remark kept with the figure.")] = None,
    correct: Annotated[bool, typer.Option("--correct",
                                          help="Replace the value already recorded (it stays in the history).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be stored; store nothing.")] = False,
    cumulative: Annotated[bool | None, typer.Option(
        "--cumulative/--not-cumulative",
        help="The figure is the year to date (累计) through the period / the period's own amount "
             "(default: as the plan declares the indicator).")] = None,
) -> None:
    """Record actual figures for a period: one (KEY VALUE), several (KEY VALUE KEY VALUE ...)
    or lines from stdin (-). Several figures are stored together or, if one is refused, none."""
    from ipcity.base.errors import InputError
    from ipcity.base.periods import parse_period
    from ipcity.plan.entry import check_period, check_value
    from ipcity.store import NewObservation

    wanted = _wanted(key, value, list(more or ()))
    with open_store(ctx) as store:
        plan = store.plan.source().plan
        parsed_period = check_period(parse_period(period))
        items, seen = [], {}
        for where, (key_text, value_text, region_text) in wanted:
            indicator = _recordable(plan, key_text.strip(), where)
            place = plan.region(region_text or region)
            if (indicator.key, place.name) in seen:
                raise InputError(f"{where}{indicator.key} {place.name} is given twice (first {seen[indicator.key, place.name]})",
                                 "give each figure once")
            seen[indicator.key, place.name] = where.rstrip(": ") or "above"
            amount = check_value(plan, indicator, indicator.parse(value_text))
            new = NewObservation(indicator.key, place.name, parsed_period, amount,
                                 _clean(source, "--source"), _clean(note, "--note"), indicator.cumulative(cumulative))
            items.append((indicator, place, new))
        top = plan.top_region.name
        warnings = [w for indicator, place, new in items
                    if (w := _implausible(indicator.target_for(place.name, top), indicator, parsed_period, new.value,
                                          new.cumulative))]
        if not dry_run:
            for warning in warnings:
                say(warning)
        outcomes = store.figures.record_many([(new, _describer(indicator)) for indicator, _, new in items],
                                     correct=correct, dry_run=dry_run)
    for (indicator, place, new), outcome in zip(items, outcomes, strict=True):
        describe = _describer(indicator)
        what = f"{indicator.key} ({indicator.name}) {place.name} {parsed_period} = {describe(new.value)}"
        if new.cumulative:
            what += f" 累计 ({_derived(new, outcome.since, describe)})"
        if outcome.action == "unchanged":
            say(f"already recorded: {what}; nothing changed")
            continue
        was = f" (was {describe(outcome.previous.value)}; kept in the history)" if outcome.previous else ""
        if dry_run:
            emit(translate(f"would be {outcome.action}: {what}{was}"))
        else:
            say(f"{outcome.action}: {what}{was}")
    if dry_run:
        for warning in warnings:
            say(warning)


def _describer(indicator):
    from ipcity.base.units import format_figure

    return lambda number: format_figure(number, indicator.unit)


def _wanted(key: str, value: str | None, more: list[str]) -> list[tuple[str, tuple[str, str, str | None]]]:
    """(where, (key, value, region)) for each figure asked for: from the arguments, or from
    stdin's lines `KEY VALUE [REGION]` when KEY is -  (blank lines and # comments skipped)."""
    import sys

    from ipcity.base.errors import InputError

    if key == "-":
        if value is not None or more:
            raise InputError("with - the figures come from stdin", "give no KEY VALUE arguments as well")
        found = []
        for number, line in enumerate(sys.stdin, start=1):
            words = line.split("#", 1)[0].replace("\t", " ").split()
            if not words:
                continue
            if len(words) not in (2, 3):
                raise InputError(f"stdin line {number}: '{line.strip()}' is not KEY VALUE [REGION]",
                                 "write one figure a line, e.g. invention_patents 3400 长葛市")
            found.append((f"stdin line {number}: ", (words[0], words[1], words[2] if len(words) == 3 else None)))
        if not found:
            raise InputError("no figures on stdin", "write one figure a line: KEY VALUE [REGION]")
        return found
    if value is None:
        raise InputError(f"no value given for {key}", f"write e.g. ipcity record {key} 3600 --period 2024")
    if len(more) % 2:
        raise InputError(f"'{more[-1]}' has no value", "give figures as KEY VALUE pairs")
    pairs = [(key, value)] + list(zip(more[::2], more[1::2], strict=True))
    return [(f"figure {i}: " if len(pairs) > 1 else "", (k, v, None)) for i, (k, v) in enumerate(pairs, start=1)]


def _recordable(plan, key: str, where: str):
    """The indicator, if figures can be entered for it (the rules of `ipcity.plan.entry`)."""
    from ipcity.base.errors import InputError
    from ipcity.plan.entry import check_enterable

    indicator = plan.indicator(key)
    try:
        check_enterable(plan, indicator)
    except InputError as error:
        raise InputError(f"{where}{error.message}", error.hint) from None
    return indicator


def _implausible(target, indicator, period, amount: float, cumulative: bool = False) -> str | None:
    """A warning, said before anything is written, when a figure is far off its target (the
    region's own, or none; a month's share of the year's for a flow): probably in the wrong unit."""
    from ipcity.base.units import format_figure

    reference = target.threshold if target else None
    if reference and indicator.kind == "flow":  # a month's amount against a month's share of the year's target
        reference *= (period.end.month if cumulative else len(period.months)) / 12  # 累计: January to the period
    if not reference or not amount or 1 / PLAUSIBLE <= amount / reference <= PLAUSIBLE:
        return None
    ratio = amount / reference
    times = f"{ratio:,.0f} times" if ratio >= 1 else f"1/{1 / ratio:,.0f} of"
    return (f"warning: {format_figure(amount, indicator.unit)} is {times} the target "
            f"{format_figure(reference, indicator.unit)}; if the unit is wrong, record it again with --correct")


@app.command()
def retract(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Indicator key (see `ipcity indicators`).",
                                       autocompletion=indicator_keys)],
    period: Annotated[str, typer.Option("--period", "-p", help="The period of the figure to take back.")],
    region: RegionOption = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help="Why it is taken back (kept in the log).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be taken back; change nothing.")] = False,
) -> None:
    """Take back a figure (typed under the wrong region or period, say). It stays in the
    history and in `ipcity log`, and in what `--as-of` an earlier day shows."""
    from ipcity.base.periods import parse_period
    from ipcity.base.units import format_figure

    with open_store(ctx) as store:
        plan = store.plan.source().plan
        indicator = plan.indicator(key.strip())
        place = plan.region(region)
        parsed_period = parse_period(period)
        old = store.figures.retract(indicator.key, place.name, parsed_period, _clean(note, "--note"),
                            describe=lambda v: format_figure(v, indicator.unit), dry_run=dry_run)
    what = f"{indicator.key} ({indicator.name}) {place.name} {parsed_period} = {format_figure(old.value, indicator.unit)}"
    if dry_run:
        emit(translate(f"would be retracted: {what}"))
        return
    say(f"retracted: {what}; kept in the history (`ipcity history {indicator.key}`)")


def _derived(new, since, describe) -> str:
    """What a year-to-date figure means for the months since the previous one, e.g.
    `2024-06: 2.20 亿元 after 7.00 亿元 to 2024-05`."""
    from ipcity.engine import derive_amounts

    figures = [new.figure] + ([since] if since is not None else [])
    _, _, amount = next(item for item in derive_amounts(figures) if item[0] == new.figure)
    first = since.period.end.month + 1 if since is not None else 1
    last = new.period.end.month
    span = f"{new.period.year}-{first:02d}" + (f" … {new.period.year}-{last:02d}" if last > first else "")
    if since is None:
        return f"{span}: {describe(amount)}"
    from ipcity.base.i18n import _

    return _("{span}: {amount} after {previous} to {period}").format(
        span=span, amount=describe(amount), previous=describe(since.value), period=since.period)


def _clean(text: str | None, what: str) -> str | None:
    from ipcity.base.text import check_text

    return check_text(text.strip() or None, what) if text is not None else None


@app.command()
def history(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Indicator key.", autocompletion=indicator_keys)],
    region: RegionOption = None,
    format: FormatOption = Format.table,
    limit: LimitOption = PAGE,
    all_: AllOption = False,
    since: SinceOption = None,
) -> None:
    """Every value ever recorded for one indicator and region, corrections included (the
    latest 20 unless --limit or --all)."""
    from ipcity.base.periods import parse_since
    from ipcity.render.history import history_view, paging_line
    from ipcity.status.history import figure_history

    day = parse_since(since) if since is not None else None
    with open_store(ctx) as store:
        plan = store.plan.source().plan
        indicator = plan.indicator(key.strip())
        place = plan.region(region)
        found = figure_history(store, indicator, place.name, None if all_ else limit, day)
    show(history_view(found), format)
    if format != Format.table and found.left_out:
        say(paging_line(len(found.records), found.total))
    if format == Format.table and not found.records:
        say(f"no figures recorded for {indicator.key} in {place.name} yet")

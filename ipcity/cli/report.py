"""ipcity report: the monthly briefing."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ipcity.cli.app import app, say, stdout_is_terminal
from ipcity.cli.common import emit, open_store
from ipcity.cli.options import AsOfOption, KnownAtOption, PeriodOption, RegionOption


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    xlsx = "xlsx"


EXTENSIONS = {".md": "md", ".markdown": "md", ".txt": "md", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}


@app.command()
def report(
    ctx: typer.Context,
    period: PeriodOption = None,
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    live: Annotated[bool, typer.Option("--live", help="Use the figures as they are now, even where the month has a "
                                       "snapshot.")] = False,
    region: RegionOption = None,
    format: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="md (text), html (one file, prints on A4) or xlsx; default: from -o's "
                     "extension, else md.", show_default=False),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).", show_default=False)
    ] = None,
) -> None:
    """The monthly briefing, or the quarterly, half-year or annual report.

    --period 2024-06 (a month), 2024Q2, 2024H1 or 2024: the status table, a chart per
    indicator, overdue work by lead unit, stale or missing figures and who sent them last,
    and what changed since the last snapshot (for a longer period: over the period).

    A period with a snapshot is reported as the snapshot froze it (the database as it stood
    when the snapshot was taken); --live, --as-of or --known-at report from the figures instead."""
    from ipcity.status.briefing import build_briefing
    from ipcity.base.errors import InputError
    from ipcity.status.snapshots import resolve_period

    if output is not None and output.is_dir():
        raise InputError(f"{output} is a folder", "pass -o with a file name, e.g. -o report.html")
    chosen_format = format.value if format is not None else None
    if chosen_format is None and output is not None:
        chosen_format = EXTENSIONS.get(output.suffix.lower())
        if chosen_format is None:
            raise InputError(f"cannot tell the format from '{output.name}'",
                             "name the file .md, .html or .xlsx, or pass --format md|html|xlsx")
    chosen_format = chosen_format or "md"
    if chosen_format == "xlsx" and output is None and stdout_is_terminal():
        raise InputError("an xlsx workbook cannot be shown in a terminal", "pass -o report.xlsx")
    chosen, day = resolve_period(period, as_of)
    with open_store(ctx, known_at=known_at) as store:
        plan = store.plan.source().plan
        frozen = None if (live or as_of is not None or known_at is not None) else store.snapshots.current(str(chosen))
        briefing = build_briefing(store, plan, chosen, day, region, frozen)
    if chosen_format == "xlsx":
        from ipcity.render.briefing_xlsx import briefing_xlsx

        content: str | bytes = briefing_xlsx(briefing)
    elif chosen_format == "html":
        from ipcity.render.briefing_html import briefing_html

        content = briefing_html(briefing)
    else:
        from ipcity.render.briefing_md import briefing_markdown

        content = briefing_markdown(briefing)
    if output is None:
        if isinstance(content, bytes):
            typer.get_binary_stream("stdout").write(content)
        else:
            emit(content)
        return
    if isinstance(content, bytes):
        output.write_bytes(content)
    else:
        output.write_text(content, encoding="utf-8")
    if chosen.kind == "month":
        say(f"report {chosen} ({chosen_format}) written to {output}")
    else:
        say(f"the {chosen} report ({chosen_format}) written to {output}")

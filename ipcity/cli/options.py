"""Options shared by several commands, declared once."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ipcity.cli.complete import region_names


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="table (Rich, for a terminal), json, csv or md.")
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Count the periods that ended by this date (YYYY-MM-DD), with every correction "
                 "made since.", show_default=False),
]
KnownAtOption = Annotated[
    str | None,
    typer.Option("--known-at", help="Show exactly what the database held at this moment (YYYY-MM-DD HH:MM, or a "
                 "date: its end), to reproduce a past meeting's table.", show_default=False),
]
RegionOption = Annotated[
    str | None, typer.Option("--region", "-r", help="Region name as the plan writes it (default: the city).",
                                autocompletion=region_names)
]
PlanOption = Annotated[
    str | None,
    typer.Option("--plan", help="Folder with targets.yaml and tasks.yaml (default: $IPCITY_PLAN, else the bundled plan).",
                 show_default=False),
]
MonthOption = Annotated[
    str | None,
    typer.Option("--period", "-p", help="The month, YYYY-MM (default: the month that just ended).", show_default=False),
]
PeriodOption = Annotated[
    str | None,
    typer.Option("--period", "-p", help="The period: a month (YYYY-MM), a quarter (2024Q2), a half-year (2024H1) or a "
                 "year (2024); default: the month that just ended.", show_default=False),
]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, max=1_000_000, help="Show the latest N (default 20).")]
AllOption = Annotated[bool, typer.Option("--all", help="Show every one, however many there are.")]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", help="Only what was recorded on or after this date (YYYY-MM-DD, or a period's start).",
                 show_default=False),
]
PAGE = 20  # what a listing shows by default

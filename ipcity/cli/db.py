"""ipcity db copy (a whole store to another file or server) and db grant (a login for one
region or lead unit on PostgreSQL)."""

from typing import Annotated

import typer

from ipcity.cli.app import say
from ipcity.cli.common import db_path, open_store
from ipcity.cli.setup import db_app


def _location(text: str):
    from pathlib import Path

    from ipcity.store.pg import is_url

    return text if is_url(text) else Path(text).expanduser()


@db_app.command("copy")
def db_copy(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", help="A new file, or the URL of an empty PostgreSQL database.",
                                    show_default=False)],
) -> None:
    """Copy the whole store (plan, figures with their history, tasks, milestones, snapshots,
    change log) to another database, SQLite or PostgreSQL; then compare the two table by
    table. The target must be new or empty."""
    from ipcity.base.errors import InputError
    from ipcity.store import Store
    from ipcity.store.copy import copy_store

    target_location, source_location = _location(to), db_path(ctx)
    if _same(target_location, source_location):
        raise InputError("--to names the database being copied", "give a new file, or another database's URL")
    with open_store(ctx) as source, Store.open(target_location, create=True) as target:
        outcome = copy_store(source, target)
        say(f"copied {source.db.path} to {target.db.path}: {outcome.summary()}; every table compared: identical")


def _same(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    return a.resolve() == b.resolve()


@db_app.command("grant")
def db_grant(
    ctx: typer.Context,
    role: Annotated[str, typer.Argument(help="The login to create or update, e.g. changge.")],
    region: Annotated[str | None, typer.Option("--region", "-r", help="It writes this region's figures.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="It writes updates of the tasks this unit leads.")] = None,
    password: Annotated[bool, typer.Option("--password", help="Ask for the login's password.")] = False,
) -> None:
    """On PostgreSQL: a login that reads everything and writes only one region's figures
    (--region) or one lead unit's task updates (--unit), enforced by the server."""
    from ipcity.base.errors import InputError
    from ipcity.status.work import leads, task_states
    from ipcity.store.grants import grant

    if region is None and unit is None:
        raise InputError("db grant needs --region or --unit", "e.g. ipcity db grant changge --region 长葛市")
    with open_store(ctx) as store:
        plan = store.plan.source().plan
        regions = [plan.region(region).name] if region is not None else []
        tasks: list[str] = []
        if unit is not None:
            found = plan.unit(unit)
            tasks = [state.ref for state in task_states(store, plan, None) if leads(found, state)]
        secret = typer.prompt("password", hide_input=True, confirmation_prompt=True) if password else None
        created = grant(store, role, regions, tasks, secret)
        what = "; ".join(part for part in (
            f"figures of {regions[0]}" if regions else "",
            f"updates of tasks {', '.join(tasks) or '(none: the unit leads no task)'} ({unit})" if unit else "",
        ) if part)
        say(f"{'created' if created else 'updated'} the login {role} on {store.db.path}: reads everything, writes {what}")

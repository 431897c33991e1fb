"""The Typer application and the one place where errors become messages.

Only typer is imported at module level: `ipcity --help` and shell completion must not pay
for sqlmodel, sqlalchemy or rich. Each command imports what it needs when it runs.
"""

from __future__ import annotations

import errno
import os
import sys

import typer
from typer.core import TyperGroup

from ipcity.base.errors import IpcityError, PlanError
from ipcity.base.i18n import N_


def say(message: str, translated: bool = False) -> None:
    """A message for the person at the terminal (stderr, so stdout stays data), in the
    chosen language (see `ipcity.base.i18n.translate`); a control character in it (from a file
    or an argument) is shown, never sent to the terminal."""
    from ipcity.base.i18n import translate
    from ipcity.base.text import visible

    typer.echo(visible(message if translated else translate(message)), err=True)


def report_error(error: IpcityError) -> None:
    if isinstance(error, PlanError):
        for problem in error.problems:
            say(str(problem))
    from ipcity.base.i18n import _, translate

    text = translate(error.message) if error.hint is None else _("{message}; {hint}").format(
        message=translate(error.message), hint=translate(error.hint))
    say(_("ipcity: error: {text}").format(text=text), translated=True)


class _PlainText:
    """Coercion for a text option that is already text. Typer builds a pydantic adapter
    for every option it parses, and the root's options are parsed on each Tab of shell
    completion: importing pydantic for that doubled the time completion takes."""

    @staticmethod
    def coerce(value, param=None, ctx=None):
        return value


class _EnumValue:
    """Coercion for a choice option (--format json): click has already checked the value
    against the enum's values, so the enum member is all that is left to make."""

    def __init__(self, enum):
        self.enum = enum

    def coerce(self, value, param=None, ctx=None):
        if value is None or isinstance(value, self.enum):
            return value
        try:
            return self.enum(value)
        except ValueError:
            choices = ", ".join(f"'{member.value}'" for member in self.enum)
            raise typer.BadParameter(f"'{value}' is not one of {choices}.", ctx=ctx, param=param) from None


def _plain(params):
    """Text, flag and choice parameters coerced without a pydantic adapter (importing
    pydantic costs a tenth of `status`'s start)."""
    from enum import Enum

    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(descriptor, "file_annotation", None) is not None or not hasattr(param, "_runtime_param"):
            continue
        if descriptor.annotation in (str, bool, list[str]):
            param._runtime_param = _PlainText()  # a list of texts stays the tuple click gives
        elif isinstance(descriptor.annotation, type) and issubclass(descriptor.annotation, Enum):
            param._runtime_param = _EnumValue(descriptor.annotation)
    return params


def _translate_command(command) -> None:
    """The command's help in the chosen language (from its English text, kept aside, so
    that one process can show either language)."""
    from ipcity.base.i18n import _

    for attr in ("help", "short_help"):
        original = getattr(command, f"_msgid_{attr}", None)
        if original is None:
            original = getattr(command, attr, None)
            setattr(command, f"_msgid_{attr}", original or "")
        if original:
            setattr(command, attr, _(original))


def _translated(params):
    from ipcity.base.i18n import _

    for param in params:
        original = getattr(param, "_msgid_help", None)
        if original is None:
            original = getattr(param, "help", None) or ""
            param._msgid_help = original
        if original:
            param.help = _(original)
    return params


# The help page's own words, which the command-line library writes in English.
HELP_WORDS = (N_("Usage:"), N_("Options:"), N_("Arguments:"), N_("Commands:"), N_("Show this message and exit."),
              N_("[default: "), N_("[required]"), N_("[env var: "), N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))


def help_words(text: str) -> str:
    from ipcity.base.i18n import _, language

    if language() == "en":
        return text
    for english in HELP_WORDS:
        text = text.replace(english, _(english))
    return text


class IpcityGroup(TyperGroup):
    """Turns a domain error anywhere below into one line on stderr and exit status 1."""

    def get_params(self, ctx):  # type: ignore[override]
        params = super().get_params(ctx)
        for param in params:  # --db, --version, --help and the completion options: text or flags
            if hasattr(param, "_runtime_param"):  # typer >= 0.26; harmless elsewhere
                param._runtime_param = _PlainText()
        return _translated(params)

    def make_context(self, info_name, args, parent=None, **extra):  # type: ignore[override]
        from ipcity.base.i18n import choose, choose_from_argv

        if parent is None:  # --lang before any help or message is written (else $IPCITY_LANG)
            choose(None)
            choose_from_argv(list(args))
        return super().make_context(info_name, args, parent=parent, **extra)

    def get_help(self, ctx):  # type: ignore[override]
        _translate_command(self)
        return help_words(super().get_help(ctx))

    def get_command(self, ctx, cmd_name):  # type: ignore[override]
        """A command whose text and flag options (--help too) need no pydantic adapter
        either: `record` must start within its budget (see benchmarks/startup.py)."""
        command = super().get_command(ctx, cmd_name)
        if command is not None and not getattr(command, "_plain_params", False):
            find, helped = command.get_params, command.get_help

            def get_params(ctx):
                return _translated(_plain(find(ctx)))

            def get_help(ctx):
                return help_words(helped(ctx))

            command.get_params, command.get_help, command._plain_params = get_params, get_help, True
        if command is not None:
            _translate_command(command)
        return command

    def invoke(self, ctx):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except IpcityError as error:
            report_error(error)
            raise typer.Exit(error.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except OSError as error:
            if getattr(error, "errno", None) == errno.EPIPE:  # broken pipe: the reader went away
                raise typer.Exit(1) from None
            if os.environ.get("IPCITY_DEBUG"):
                raise
            say(f"ipcity: error: {os_error_text(error)}")
            raise typer.Exit(1) from None
        except Exception as error:
            if os.environ.get("IPCITY_DEBUG") or _is_usage_error(error):
                raise
            if (found := _database_error(error, ctx)) is not None:
                report_error(found)
                raise typer.Exit(1) from None
            say(f"ipcity: internal error: {type(error).__name__}: {error}. Rerun with IPCITY_DEBUG=1 and report it")
            raise typer.Exit(1) from None


# errno -> how to fix it: the disk, the path or the permissions, never ipcity
OS_FIXES = {
    errno.ENOSPC: "free some space on the disk, then run the command again",
    errno.EDQUOT: "free some space (your disk quota is used up), then run the command again",
    errno.EIO: "check the disk or network drive, then run the command again",
    errno.EACCES: "check the permissions, or choose another path",
    errno.EPERM: "check the permissions, or choose another path",
    errno.EROFS: "the disk is mounted read-only: choose a path on a writable disk",
    errno.ENOENT: "check the path: the file or its folder does not exist",
    errno.ENOTDIR: "check the path: a part of it is a file, not a folder",
    errno.EISDIR: "give a file name, not a folder",
    errno.ENAMETOOLONG: "choose a shorter file name",
}


def os_error_text(error: OSError) -> str:
    """One line for a failure of the disk, a path or the permissions: what and how to fix it."""
    where = f" ({error.filename})" if error.filename else ""
    fix = OS_FIXES.get(error.errno, "check the path and the disk, then run the command again")
    return f"{error.strerror or error}{where}; {fix}"


def _database_error(error: Exception, ctx) -> IpcityError | None:
    """A database failure outside a transaction (a read, a disk error) as a StoreError."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(error, DBAPIError):
        return None
    from pathlib import Path

    from ipcity.store.db import default_db_path, store_error

    chosen = (ctx.obj or {}).get("db") if isinstance(ctx.obj, dict) else None
    return store_error(error, Path(chosen) if chosen else default_db_path())


def _is_usage_error(error: Exception) -> bool:
    from typer._click.exceptions import ClickException

    return isinstance(error, ClickException)


app = typer.Typer(
    cls=IpcityGroup,
    name="ipcity",
    help="Track a city's intellectual-property action plan: targets, actual figures, gaps and progress.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def version_callback(value: bool) -> None:
    if value:
        from ipcity import __version__

        typer.echo(f"ipcity {__version__}")
        raise typer.Exit()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()

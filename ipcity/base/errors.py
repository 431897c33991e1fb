"""One error hierarchy. Every message says what is wrong and how to fix it."""

from __future__ import annotations


class IpcityError(Exception):
    """A problem the user can fix. `hint` says how."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


class InputError(IpcityError):
    """A value, period, unit, key or region typed by the user is not valid."""


class PlanError(IpcityError):
    """The plan files are broken; carries every problem found, each with file and line."""

    def __init__(self, problems: list[PlanProblem]):
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"the plan has {count} problem{'s' if count != 1 else ''}",
            "fix them in the files named above, then run `ipcity plan check` again",
        )


class PlanProblem:
    def __init__(self, file: str, line: int | None, field: str, message: str, warning: bool = False):
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        self.warning = warning

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        label = "warning" if self.warning else "error"
        field = f" {self.field}:" if self.field else ""
        return f"{where}: {label}:{field} {self.message}"


class StoreError(IpcityError):
    """The database file is missing, locked, unwritable, or from a newer ipcity."""


class ConflictError(IpcityError):
    """Recording would overwrite a value that is already there."""

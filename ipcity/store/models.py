"""The database tables (SQLModel). The schema itself is built by `migrations`; a test
checks that these classes and the migrated schema agree."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class PlanLoad(SQLModel, table=True):
    """Every plan ever loaded; the newest row is the plan in force."""

    __tablename__ = "plan_load"
    id: int | None = Field(default=None, primary_key=True)
    loaded_at: datetime
    loaded_by: str | None = None
    source: str | None = None
    digest: str
    plan_json: str


class RegionRow(SQLModel, table=True):
    __tablename__ = "region"
    name: str = Field(primary_key=True)
    kind: str
    parent: str | None = None
    position: int


class IndicatorRow(SQLModel, table=True):
    __tablename__ = "indicator"
    key: str = Field(primary_key=True)
    name: str
    kind: str
    unit: str
    position: int


class Observation(SQLModel, table=True):
    """One figure for an indicator, region and period. A correction adds a new version and
    stamps the old one with `superseded_at`; nothing is deleted or overwritten."""

    __tablename__ = "observation"
    id: int | None = Field(default=None, primary_key=True)
    indicator_key: str = Field(foreign_key="indicator.key")
    region: str = Field(foreign_key="region.name")
    period: str
    period_start: date
    period_end: date
    value: float
    source: str | None = None
    note: str | None = None
    recorded_at: datetime
    recorded_by: str | None = None
    version: int = 1
    superseded_at: datetime | None = None
    change_id: int | None = Field(default=None, foreign_key="change.id")
    cumulative: bool = False  # the value is the year to date through the period (累计), as reported


class Change(SQLModel, table=True):
    """The audit log: one row per record, correction, import or plan load."""

    __tablename__ = "change"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    by: str | None = None
    action: str
    summary: str
    source: str | None = None


class TaskUpdate(SQLModel, table=True):
    """One update of a key task: a new status, sub-target counts, a note, evidence.
    A task's status is its latest update that set one; nothing is overwritten."""

    __tablename__ = "task_update"
    id: int | None = Field(default=None, primary_key=True)
    task: str  # "7" for key task 7, "S1" for safeguard 1
    status: str | None = None
    counts: str | None = None  # JSON {sub-target key: count}
    note: str | None = None
    evidence: str | None = None
    at: datetime
    by: str | None = None
    change_id: int | None = Field(default=None, foreign_key="change.id")


class MilestoneEvent(SQLModel, table=True):
    """A milestone marked done (or undone) on a date; the latest event is in force."""

    __tablename__ = "milestone_event"
    id: int | None = Field(default=None, primary_key=True)
    milestone_key: str
    done_on: date | None = None  # None: marked not done again
    note: str | None = None
    at: datetime
    by: str | None = None
    change_id: int | None = Field(default=None, foreign_key="change.id")


class Snapshot(SQLModel, table=True):
    """The complete status of one month (`period`, YYYY-MM) as computed when it was taken,
    as JSON. A refresh stamps the old row with `superseded_at`; nothing is overwritten."""

    __tablename__ = "snapshot"
    id: int | None = Field(default=None, primary_key=True)
    period: str
    as_of: date
    taken_at: datetime
    taken_by: str | None = None
    data: str
    superseded_at: datetime | None = None
    change_id: int | None = Field(default=None, foreign_key="change.id")

"""Numbered schema steps, applied in order when a database is opened.

The schema version is SQLite's `PRAGMA user_version`: the number of steps applied. Each step
runs in the same transaction as the version bump, so a file is never half-migrated. Never
edit a step that has shipped; add a new one.
"""

from __future__ import annotations

from collections.abc import Callable


def m001_initial(run: Callable[[str], object]) -> None:
    run(
        """CREATE TABLE plan_load (
            id INTEGER PRIMARY KEY,
            loaded_at DATETIME NOT NULL,
            loaded_by VARCHAR,
            source VARCHAR,
            digest VARCHAR NOT NULL,
            plan_json VARCHAR NOT NULL
        )"""
    )
    run(
        """CREATE TABLE region (
            name VARCHAR PRIMARY KEY,
            kind VARCHAR NOT NULL,
            parent VARCHAR,
            position INTEGER NOT NULL
        )"""
    )
    run(
        """CREATE TABLE indicator (
            "key" VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            unit VARCHAR NOT NULL,
            position INTEGER NOT NULL
        )"""
    )
    run(
        """CREATE TABLE change (
            id INTEGER PRIMARY KEY,
            at DATETIME NOT NULL,
            by VARCHAR,
            action VARCHAR NOT NULL,
            summary VARCHAR NOT NULL,
            source VARCHAR
        )"""
    )
    run(
        """CREATE TABLE observation (
            id INTEGER PRIMARY KEY,
            indicator_key VARCHAR NOT NULL REFERENCES indicator ("key"),
            region VARCHAR NOT NULL REFERENCES region (name),
            period VARCHAR NOT NULL,
            period_start DATE NOT NULL,
            period_end DATE NOT NULL,
            value FLOAT NOT NULL,
            source VARCHAR,
            note VARCHAR,
            recorded_at DATETIME NOT NULL,
            recorded_by VARCHAR,
            version INTEGER NOT NULL DEFAULT 1,
            superseded_at DATETIME,
            change_id INTEGER REFERENCES change (id)
        )"""
    )
    # At most one current value per indicator, region and period.
    run(
        "CREATE UNIQUE INDEX observation_current ON observation (indicator_key, region, period) "
        "WHERE superseded_at IS NULL"
    )
    # The latest value is found by walking this index backwards, never by loading history.
    run("CREATE INDEX observation_latest ON observation (indicator_key, region, period_end)")


def m002_tasks(run: Callable[[str], object]) -> None:
    run(
        """CREATE TABLE task_update (
            id INTEGER PRIMARY KEY,
            task VARCHAR NOT NULL,
            status VARCHAR,
            counts VARCHAR,
            note VARCHAR,
            evidence VARCHAR,
            at DATETIME NOT NULL,
            by VARCHAR,
            change_id INTEGER REFERENCES change (id)
        )"""
    )
    run("CREATE INDEX task_update_task ON task_update (task, at)")
    run(
        """CREATE TABLE milestone_event (
            id INTEGER PRIMARY KEY,
            milestone_key VARCHAR NOT NULL,
            done_on DATE,
            note VARCHAR,
            at DATETIME NOT NULL,
            by VARCHAR,
            change_id INTEGER REFERENCES change (id)
        )"""
    )
    run("CREATE INDEX milestone_event_key ON milestone_event (milestone_key, at)")


def m003_snapshots(run: Callable[[str], object]) -> None:
    """Monthly snapshots: the complete status of a month as computed when it was taken."""
    run(
        """CREATE TABLE IF NOT EXISTS snapshot (
            id INTEGER PRIMARY KEY,
            period VARCHAR NOT NULL,
            as_of DATE NOT NULL,
            taken_at DATETIME NOT NULL,
            taken_by VARCHAR,
            data VARCHAR NOT NULL,
            superseded_at DATETIME,
            change_id INTEGER REFERENCES change (id)
        )"""
    )
    # One current snapshot per month: a second run (cron and a person at once) cannot add
    # another; --refresh stamps the old one with superseded_at first.
    run("CREATE UNIQUE INDEX IF NOT EXISTS snapshot_current ON snapshot (period) WHERE superseded_at IS NULL")


def m004_cumulative(run: Callable[[str], object]) -> None:
    """A figure may be a year-to-date (累计) total through its period, stored as reported."""
    run("ALTER TABLE observation ADD COLUMN cumulative BOOLEAN NOT NULL DEFAULT 0")


MIGRATIONS: list[Callable[[Callable[[str], object]], None]] = [m001_initial, m002_tasks, m003_snapshots, m004_cumulative]

SCHEMA_VERSION = len(MIGRATIONS)

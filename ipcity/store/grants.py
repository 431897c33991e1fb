"""Logins for one region or one lead unit, on PostgreSQL (`ipcity db grant`), enforced by
the server with row-level security: such a login reads everything, writes figures only
for its own regions and task updates only for the tasks its unit leads, and adds change
log entries only in its own name. The database's owner (who ran `init`) and superusers are
not bound by the policies; nothing else may write.

Who may write what is kept in the table `ipcity_grant` (role, region or task), which the
policies read; granting again replaces a role's rows."""

from __future__ import annotations

import re

from ipcity.base.errors import InputError

GRANTS = "ipcity_grant"
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

# table -> (policy name, command, USING, WITH CHECK); every table is readable by all.
_MINE = f"(SELECT {{column}} FROM {GRANTS} WHERE role_name = current_user AND {{column}} IS NOT NULL)"
POLICIES = {
    "observation": [
        ("ipcity_figures_insert", "INSERT", None, f"region IN {_MINE.format(column='region')}"),
        ("ipcity_figures_update", "UPDATE", f"region IN {_MINE.format(column='region')}",
         f"region IN {_MINE.format(column='region')}"),
    ],
    "task_update": [
        ("ipcity_tasks_insert", "INSERT", None, f"task IN {_MINE.format(column='task')}"),
    ],
    "change": [
        ("ipcity_change_insert", "INSERT", None, '"by" = current_user'),
        ("ipcity_change_update", "UPDATE", '"by" = current_user', '"by" = current_user'),
    ],
}
WRITES = {  # what a region login and a unit login may write, beyond reading everything
    "region": ["INSERT ON observation", "UPDATE (superseded_at) ON observation"],
    "unit": ["INSERT ON task_update"],
    "both": ["INSERT ON change", "UPDATE (summary) ON change"],
}


def grant(store, role: str, regions: list[str], tasks: list[str], password: str | None = None) -> bool:
    """Create (or update) the login `role` that writes figures of `regions` and updates of
    `tasks`; returns whether the role is new. Must be run by the database's owner."""
    if store.db.pg is None:
        raise InputError("db grant needs a PostgreSQL server: an SQLite file has no logins",
                         "pass --db postgresql://user@host/dbname")
    if not ROLE_NAME.match(role):
        raise InputError(f"'{role}' cannot be a login name",
                         "use lower-case letters, digits and _ (starting with a letter), e.g. changge")
    if role == store.db.pg.user:
        raise InputError(f"'{role}' is the login you are using", "grant a new login for the region or unit")
    quoted = store.db.conn.dialect.identifier_preparer.quote
    with store.db.transaction(write=True) as conn:
        exists = conn.exec_driver_sql(f"SELECT 1 FROM pg_roles WHERE rolname = '{role}'").first() is not None
        if exists and conn.exec_driver_sql(
                f"SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = '{role}'").scalar():
            raise InputError(f"'{role}' is a superuser (or bypasses row-level security): it cannot be held to a region",
                             "grant a new login")
        secret = f" PASSWORD {_literal(conn, password)}" if password else ""
        conn.exec_driver_sql(f"{'ALTER' if exists else 'CREATE'} ROLE {quoted(role)} LOGIN{secret}")
        _ensure_policies(conn)
        database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
        conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {quoted(database)} TO {quoted(role)}")
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {quoted(_schema(conn))} TO {quoted(role)}")
        conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA {quoted(_schema(conn))} TO {quoted(role)}")
        for kind, wanted in (("region", regions), ("unit", tasks), ("both", regions or tasks)):
            for privilege in WRITES[kind]:
                verb = "GRANT" if wanted else "REVOKE"
                conn.exec_driver_sql(f"{verb} {privilege} {'TO' if wanted else 'FROM'} {quoted(role)}")
        conn.exec_driver_sql(f"DELETE FROM {GRANTS} WHERE role_name = %s", (role,))
        rows = [(role, r, None) for r in regions] + [(role, None, t) for t in tasks]
        if rows:
            conn.exec_driver_sql(f"INSERT INTO {GRANTS} (role_name, region, task) VALUES (%s, %s, %s)", rows)
    return not exists


def _literal(conn, text: str) -> str:
    """`text` as an SQL string literal (a password cannot be a parameter of CREATE ROLE)."""
    from psycopg import sql

    return sql.Literal(text).as_string(conn.connection.dbapi_connection)


def _schema(conn) -> str:
    return conn.exec_driver_sql("SELECT current_schema()").scalar_one()


def _ensure_policies(conn) -> None:
    """The grants table and the policies, once per database (idempotent)."""
    conn.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {GRANTS} (role_name VARCHAR NOT NULL, "
                         'region VARCHAR COLLATE "C", task VARCHAR COLLATE "C")')
    present = {name for (name,) in conn.exec_driver_sql(
        "SELECT policyname FROM pg_policies WHERE schemaname = current_schema()")}
    for table, policies in POLICIES.items():
        conn.exec_driver_sql(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        if "ipcity_read" + "_" + table not in present:
            conn.exec_driver_sql(f'CREATE POLICY ipcity_read_{table} ON "{table}" FOR SELECT USING (true)')
        for name, command, using, check in policies:
            if name in present:
                continue
            clause = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
            conn.exec_driver_sql(f'CREATE POLICY {name} ON "{table}" FOR {command}{clause}')


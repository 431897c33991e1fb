"""PostgreSQL beside SQLite, in one run on one machine: the same commands on a file and on a
server, timed against each other.

    python benchmarks/postgres.py [--server postgresql://root@127.0.0.1:5432/postgres]
                                  [--import-rows 100000] [--status-rows 1000000] [--runs 3] [--writers 20]

1. `ipcity import` of a 100,000-row CSV into a fresh store (one transaction), on each engine.
2. `ipcity status --format json` at 1,000,000 observations (the data of benchmarks/scale.py:
   200 regions, about 1% corrected), best of --runs fresh processes on each engine; target:
   PostgreSQL within 2x of SQLite.
3. 20 writers started at once as separate processes (5 records, 5 imports of 12 rows, 5
   snapshots of one month, 5 task updates): the time until every one has landed, and that
   each did (exit 0, every figure once, one snapshot).

The server's databases are created for the run and dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import import_rows
import scale

PY = sys.executable


def ipcity(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "ipcity", *args], capture_output=True, text=True, env=env or scale.ENV,
                          check=False)


def must(result: subprocess.CompletedProcess, what: str) -> subprocess.CompletedProcess:
    if result.returncode != 0:
        sys.exit(f"{what} failed: {result.stderr}")
    return result


class Server:
    def __init__(self, url: str):
        from sqlalchemy.engine import make_url

        self.base = make_url(url).set(drivername="postgresql")
        self.admin = self.base.render_as_string(hide_password=False)
        self.prefix = f"ipcity_bench_{os.getpid()}"
        self.made: list[str] = []

    def sql(self, statement: str, url: str | None = None):
        import psycopg

        with psycopg.connect(url or self.admin, autocommit=True) as con:
            con.execute(statement)

    def new(self, label: str) -> str:
        """The URL of a database not yet created (`ipcity init` creates it)."""
        name = f"{self.prefix}_{label}"
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.append(name)
        return self.base.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        for name in self.made:
            self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def timed(*args: str) -> float:
    start = time.perf_counter()
    must(ipcity(*args), " ".join(args[2:4]))
    return time.perf_counter() - start


# --- 1. import ----------------------------------------------------------------------------------


def bench_import(server: Server, work: Path, rows: int) -> dict[str, float]:
    source = work / "rows.csv"
    import csv

    with open(source, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator", "region", "period", "value", "source", "note"])
        writer.writerows(import_rows.make_rows(rows))
    out = {}
    for engine, db in (("sqlite", str(work / "import.db")), ("postgresql", server.new("import"))):
        must(ipcity("--db", db, "init"), "init")
        out[engine] = timed("--db", db, "import", str(source))
    return out


# --- 2. status at 1M ------------------------------------------------------------------------------


def fill_server(url: str, rows: int) -> tuple[float, int]:
    """The observations scale.py writes into SQLite, written into the server with COPY."""
    import psycopg

    must(ipcity("--db", url, "init"), "init")
    start = time.perf_counter()
    with psycopg.connect(url) as con:
        plan_regions = [r for (r,) in con.execute("SELECT name FROM region ORDER BY position")]
        children = [r for (r,) in con.execute("SELECT name FROM region WHERE parent = %s ORDER BY position",
                                               (scale.CITY,))]
        extra = [(f"县{i:03d}", "county", scale.CITY, len(plan_regions) + i) for i in range(scale.EXTRA_REGIONS)]
        with con.cursor() as cur:
            cur.executemany("INSERT INTO region (name, kind, parent, position) VALUES (%s, %s, %s, %s)", extra)
        regions = plan_regions + [name for name, *_ in extra]
        change_id = con.execute(
            "INSERT INTO change (at, by, action, summary, source) VALUES (now(), 'bench', 'import', %s, "
            "'benchmarks/postgres.py') RETURNING id", (f"benchmark fill: {rows} observations",)).fetchone()[0]
        today = date.today()
        last = date(today.year, today.month, 1) - timedelta(days=1)
        columns = ("indicator_key, region, period, period_start, period_end, value, source, note, recorded_at, "
                   "recorded_by, version, superseded_at, change_id")
        with con.cursor() as cur, cur.copy(f"COPY observation ({columns}) FROM STDIN") as copy:
            for row in scale.observations(scale.plan(rows, len(regions), last), regions, children, rows, change_id):
                copy.write_row(row)
        con.commit()
        con.execute("ANALYZE")
        count = con.execute("SELECT count(*) FROM observation").fetchone()[0]
    return time.perf_counter() - start, count


def bench_status(server: Server, work: Path, rows: int, runs: int) -> dict[str, list[float]]:
    sqlite_db = work / "scale.db"
    seconds, count, _ = scale.fill(sqlite_db, rows)
    print(f"  filled SQLite: {count:,} observations in {seconds:.1f} s", flush=True)
    url = server.new("scale")
    seconds, pg_count = fill_server(url, rows)
    print(f"  filled PostgreSQL: {pg_count:,} observations in {seconds:.1f} s", flush=True)
    commands = {"sqlite": [PY, "-m", "ipcity", "--db", str(sqlite_db), "status", "--format", "json"],
                "postgresql": [PY, "-m", "ipcity", "--db", url, "status", "--format", "json"]}
    outputs = {}
    for engine, cmd in commands.items():  # untimed: warms the caches
        _, _, code, out, err = scale.timed_run(cmd)
        if code != 0:
            sys.exit(f"status failed on {engine}: {err}")
        outputs[engine] = out
    same = outputs["sqlite"].replace(str(sqlite_db), "DB") == outputs["postgresql"].replace(url, "DB")
    print(f"  the two JSON documents are {'identical' if same else 'DIFFERENT'}", flush=True)
    times: dict[str, list[float]] = {engine: [] for engine in commands}
    for _ in range(runs):  # interleaved, so a slow moment of the machine hits both alike
        for engine, cmd in commands.items():
            times[engine].append(scale.timed_run(cmd)[0])
    return times


# --- 3. twenty writers ----------------------------------------------------------------------------


def writer_commands(work: Path) -> list[list[str]]:
    regions = ["魏都区", "建安区", "禹州市", "长葛市", "鄢陵县"]
    commands = [["record", "invention_patents", str(100 + i), "--period", "2023", "--region", r]
                for i, r in enumerate(regions)]
    for i, region in enumerate(regions):
        sheet = work / f"writer{i}.csv"
        sheet.write_text("indicator,region,period,value\n" + "".join(
            f"tech_contract_turnover,{region},2024-{m:02d},{1000 * (i + 1) + m}\n" for m in range(1, 13)),
            encoding="utf-8")
        commands.append(["import", str(sheet)])
    commands += [["snapshot", "--period", "2024-05"] for _ in range(5)]
    commands += [["task", "update", str(n), "--status", "in_progress"] for n in range(1, 6)]
    return commands


def bench_writers(server: Server, work: Path, count: int) -> dict[str, float]:
    out = {}
    for engine, db in (("sqlite", str(work / "writers.db")), ("postgresql", server.new("writers"))):
        must(ipcity("--db", db, "init"), "init")
        must(ipcity("--db", db, "record", "invention_patents", "3250", "--period", "2023"), "record")
        env = {**scale.ENV, "IPCITY_DB": db, "IPCITY_BUSY_TIMEOUT_MS": "120000"}
        commands = (writer_commands(work) * (count // 20 + 1))[:count]
        start = time.perf_counter()
        procs = [subprocess.Popen([PY, "-m", "ipcity", *c], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE) for c in commands]
        codes = [p.wait() for p in procs]
        out[engine] = time.perf_counter() - start
        errors = [p.stderr.read().decode() for p, code in zip(procs, codes, strict=True) if code != 0]
        for p in procs:
            p.stderr.close()
        if errors:
            sys.exit(f"{len(errors)} writers failed on {engine}: {errors[:3]}")
        counts = must(ipcity("--db", db, "export"), "export").stdout.count("\n") - 1
        snaps = must(ipcity("--db", db, "snapshots", "--format", "csv"), "snapshots").stdout.count("\n") - 1
        print(f"  {engine}: {count} writers landed in {out[engine]:.1f} s; {counts} figures, {snaps} snapshot",
              flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("IPCITY_TEST_PG", "postgresql://root@127.0.0.1:5432/postgres"))
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--status-rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--writers", type=int, default=20)
    args = parser.parse_args()
    server = Server(args.server)
    work = Path(tempfile.mkdtemp(prefix="ipcity-pg-bench-"))
    pycache = Path(tempfile.mkdtemp(prefix="ipcity-pycache-"))
    scale.ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    scale.ENV["PYTHONPYCACHEPREFIX"] = str(pycache)
    try:
        print(f"machine: {os.cpu_count()} cores; server {server.base.render_as_string(hide_password=True)}; "
              f"{datetime.now():%Y-%m-%d %H:%M}", flush=True)
        print(f"1. import of {args.import_rows:,} rows", flush=True)
        imports = bench_import(server, work, args.import_rows)
        print(f"2. status --format json at {args.status_rows:,} observations", flush=True)
        status = bench_status(server, work, args.status_rows, args.runs)
        print(f"3. {args.writers} writers at once", flush=True)
        writers = bench_writers(server, work, args.writers)
        ratio = min(status["postgresql"]) / min(status["sqlite"])
        print()
        print(f"{'':34} {'SQLite':>9} {'PostgreSQL':>11} {'ratio':>7}")
        print(f"{'import ' + format(args.import_rows, ','):34} {imports['sqlite']:8.2f}s {imports['postgresql']:10.2f}s "
              f"{imports['postgresql'] / imports['sqlite']:6.2f}x")
        print(f"{'status json at ' + format(args.status_rows, ',') + ' (best)':34} {min(status['sqlite']):8.2f}s "
              f"{min(status['postgresql']):10.2f}s {ratio:6.2f}x   target <= 2x  {'PASS' if ratio <= 2 else 'MISS'}")
        print(f"{str(args.writers) + ' writers at once, all landed':34} {writers['sqlite']:8.2f}s "
              f"{writers['postgresql']:10.2f}s {writers['postgresql'] / writers['sqlite']:6.2f}x")
    finally:
        server.drop_all()
        import shutil

        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(pycache, ignore_errors=True)


if __name__ == "__main__":
    main()

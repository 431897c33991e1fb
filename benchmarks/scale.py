"""Scale benchmark: `ipcity status --format json` on a database of 1,000 observations and on
one of 1,000,000, shaped like a province-sized plan. Prints both times, their ratio and the
peak memory of the status process.

    python benchmarks/scale.py [--rows 1000 1000000] [--runs 5] [--keep DIR]

Targets: the largest database within 1.5x the time of the smallest (best of --runs, wall
clock, each a fresh process of this interpreter), and the status process under 200 MB peak
(its own ru_maxrss, from os.wait4).

Shape of the data: the plan's 10 regions plus 190 counties under 许昌市 (200 in all, the
city among them). Per region, going back from the month that just ended: monthly levels of
invention_patents and trademarks, yearly population, monthly amounts of
tech_contract_turnover, ip_pledge_financing and support_funds; about 1 figure in 100 is
corrected (version 1 stamped with superseded_at, version 2 current). Rows are written with
sqlite3 executemany in one transaction into the schema `ipcity init` creates (the two
observation indexes are dropped for the fill and recreated from their own SQL after it).
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

PY = sys.executable
IPCITY = [PY, "-m", "ipcity"]
CITY = "许昌市"
EXTRA_REGIONS = 190
CORRECTION_EVERY = 97  # about 1% of figures get a second version

# indicator: (kind of figure, city's level or monthly amount around 2024, yearly growth)
MONTHLY_LEVELS = {"invention_patents": (3400.0, 0.09), "trademarks": (64000.0, 0.08)}
YEARLY_LEVELS = {"population": (4_380_000.0, 0.003)}
MONTHLY_AMOUNTS = {  # 元 per month
    "tech_contract_turnover": (2.6e8, 0.12),
    "ip_pledge_financing": (1.0e7, 0.10),
    "support_funds": (3.0e5, 0.05),
}
PER_MONTH = len(MONTHLY_LEVELS) + len(MONTHLY_AMOUNTS)
RECORDED_AT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy writes a DateTime into SQLite


# Every ipcity process runs with this environment: bytecode cached in a temporary folder (so
# ipcity's modules load from .pyc files, as installed, even under PYTHONDONTWRITEBYTECODE=1,
# without writing into the source tree); set in main().
ENV = dict(os.environ)


def ipcity(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*IPCITY, *args], capture_output=True, text=True, env=ENV)


def plan(rows: int, regions: int, last: date) -> list[tuple[int, int]]:
    """The months needed for about `rows` observations (corrections included), oldest first."""
    y, m = last.year, last.month
    out, total = [], 0
    while total < rows:
        out.append((y, m))
        figures = regions * PER_MONTH + (regions * len(YEARLY_LEVELS) if m == 12 else 0)
        total += figures + figures // CORRECTION_EVERY
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def observations(months: list[tuple[int, int]], regions: list[str], children: list[str], limit: int,
                 change_id: int):
    """Observation rows in the order they would have been recorded (by month), stopping at
    `limit`. The city's plan regions (`children`) share its figures, and the city's own figure
    is their sum, so `status` has no differences to note; the other counties get figures of
    their own size."""
    share = {name: (1 + i % 4) for i, name in enumerate(children)}
    total = sum(share.values())
    weight = {name: share[name] / total if name in share else 0.02 + (i % 13) / 100 for i, name in enumerate(regions)}
    count = 0
    seen = 0
    user = "bench"
    for y, m in months:
        t = (y - 2024) + (m - 6) / 12  # years from mid-2024
        last_day = calendar.monthrange(y, m)[1]
        start, end = f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{last_day:02d}"
        label = f"{y:04d}-{m:02d}"
        recorded = datetime(y, m, last_day, 10) + timedelta(days=12)
        stamp = recorded.strftime(RECORDED_AT)
        fixed = (recorded + timedelta(days=30)).strftime(RECORDED_AT)
        series = [(k, label, start, end, base * (1 + g) ** t, True) for k, (base, g) in MONTHLY_LEVELS.items()]
        series += [(k, label, start, end, base * (1 + g) ** t * (0.7 + 0.05 * m), False)
                   for k, (base, g) in MONTHLY_AMOUNTS.items()]
        if m == 12:  # the year's population, recorded with the December figures
            series += [(k, f"{y:04d}", f"{y:04d}-01-01", f"{y:04d}-12-31", base * (1 + g) ** t, True)
                       for k, (base, g) in YEARLY_LEVELS.items()]
        for key, period, p_start, p_end, city_value, whole in series:
            values = {}
            for region in regions:
                if region == CITY:
                    continue
                v = city_value * weight[region]
                values[region] = float(max(1, round(v))) if whole else round(v, 2)
            values[CITY] = sum(values[c] for c in children)
            for region in regions:
                value = values[region]
                seen += 1
                if seen % CORRECTION_EVERY == 0 and count + 2 <= limit:
                    first = float(round(value * 0.97)) if whole else round(value * 0.97, 2)
                    yield (key, region, period, p_start, p_end, first, "bench", None, stamp, user, 1, fixed, change_id)
                    yield (key, region, period, p_start, p_end, value, "bench", "corrected", fixed, user, 2, None,
                           change_id)
                    count += 2
                else:
                    yield (key, region, period, p_start, p_end, value, "bench", None, stamp, user, 1, None, change_id)
                    count += 1
                if count >= limit:
                    return


def fill(db: Path, rows: int) -> tuple[float, int, int]:
    """Create `db` with `ipcity init`, then add the regions and `rows` observations.
    Returns (seconds, observations, corrections)."""
    result = ipcity("--db", str(db), "init")
    if result.returncode != 0:
        sys.exit(f"ipcity init failed: {result.stderr}")
    # What a figure recorded through the CLI looks like, to write the same shapes.
    probe = db.with_name(db.stem + "-probe.db")
    ipcity("--db", str(probe), "init")
    ipcity("--db", str(probe), "record", "invention_patents", "3250", "--period", "2023")
    con = sqlite3.connect(probe)
    sample = con.execute("SELECT period, period_start, period_end, recorded_at FROM observation").fetchone()
    con.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(probe) + suffix).unlink(missing_ok=True)
    assert sample[:3] == ("2023", "2023-01-01", "2023-12-31"), sample
    datetime.strptime(sample[3], RECORDED_AT)  # raises if the CLI writes another format

    start = time.perf_counter()
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode = OFF")  # for the fill only; WAL again at the end
    con.execute("PRAGMA synchronous = OFF")
    con.execute("BEGIN")
    plan_regions = [r for (r,) in con.execute("SELECT name FROM region ORDER BY position")]
    children = [r for (r,) in con.execute("SELECT name FROM region WHERE parent = ? ORDER BY position", (CITY,))]
    assert CITY in plan_regions and children, plan_regions
    keys = {k for (k,) in con.execute('SELECT "key" FROM indicator')}
    missing = (set(MONTHLY_LEVELS) | set(YEARLY_LEVELS) | set(MONTHLY_AMOUNTS)) - keys
    assert not missing, f"the plan has no indicator {missing}"
    extra = [(f"县{i:03d}", "county", CITY, len(plan_regions) + i) for i in range(EXTRA_REGIONS)]
    con.executemany("INSERT INTO region (name, kind, parent, position) VALUES (?, ?, ?, ?)", extra)
    regions = plan_regions + [name for name, *_ in extra]
    change_id = con.execute(
        "INSERT INTO change (at, by, action, summary, source) VALUES (?, 'bench', 'import', ?, 'benchmarks/scale.py')",
        (datetime.now().strftime(RECORDED_AT), f"benchmark fill: {rows} observations"),
    ).lastrowid
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'observation' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')
    today = date.today()
    last = date(today.year, today.month, 1) - timedelta(days=1)  # the month that just ended
    con.executemany(
        "INSERT INTO observation (indicator_key, region, period, period_start, period_end, value, source, note, "
        "recorded_at, recorded_by, version, superseded_at, change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        observations(plan(rows, len(regions), last), regions, children, rows, change_id),
    )
    for _, sql in indexes:
        con.execute(sql)  # the unique partial index checks there is one current version
    con.execute("COMMIT")
    count, corrected = con.execute("SELECT count(*), count(*) FILTER (WHERE version > 1) FROM observation").fetchone()
    con.execute("PRAGMA journal_mode = WAL")
    con.close()
    return time.perf_counter() - start, count, corrected


def timed_run(cmd: list[str]) -> tuple[float, float, int, str, str]:
    """(seconds, peak MB of that process alone, exit status, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return elapsed, usage.ru_maxrss / 1024, proc.returncode, out.read().decode(), err.read().decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 1_000_000],
                        help="observations in each database (the ratio is last/first)")
    parser.add_argument("--runs", type=int, default=5, help="timed status runs per database (best of)")
    parser.add_argument("--keep", metavar="DIR", help="write the databases into DIR and keep them")
    args = parser.parse_args()

    if args.keep:
        work = Path(args.keep).expanduser()
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="ipcity-scale-"))
    pycache = Path(tempfile.mkdtemp(prefix="ipcity-pycache-"))
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = str(pycache)
    results = []
    try:
        databases = []
        for rows in args.rows:
            db = work / f"ipcity-{rows}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
            seconds, count, corrected = fill(db, rows)
            size = db.stat().st_size / 2**20
            print(f"filled {db.name}: {count:,} observations ({corrected:,} corrections), "
                  f"{size:.0f} MB, in {seconds:.1f} s", flush=True)
            cmd = [*IPCITY, "--db", str(db), "status", "--format", "json"]
            first = timed_run(cmd)  # untimed: warms the page cache and the bytecode cache
            if first[2] != 0:
                sys.exit(f"status failed on {db.name}: {first[4]}")
            databases.append((rows, count, cmd, json.loads(first[3])))
        times: dict[int, list[float]] = {rows: [] for rows in args.rows}
        peaks: dict[int, list[float]] = {rows: [] for rows in args.rows}
        for _ in range(args.runs):  # interleaved, so a slow moment of the machine hits every database alike
            for rows, _, cmd, _ in databases:
                elapsed, peak, code, _, err = timed_run(cmd)
                if code != 0:
                    sys.exit(f"status failed: {err}")
                times[rows].append(elapsed)
                peaks[rows].append(peak)
        for rows, count, _, data in databases:
            results.append((rows, count, min(times[rows]), statistics.median(times[rows]), max(peaks[rows]), data))

        print()
        print(f"ipcity --db X status --format json: best of {args.runs}, wall clock, fresh process each")
        print(f"{'observations':>14}  {'min s':>7}  {'median s':>8}  {'peak MB':>7}  figures shown")
        for rows, count, best, median, peak, data in results:
            shown = [i["key"] for i in data["indicators"] + data.get("context", []) if i.get("value") is not None]
            print(f"{count:>14,}  {best:7.3f}  {median:8.3f}  {peak:7.1f}  {len(shown)} ({', '.join(shown)})")
        small, large = results[0], results[-1]
        ratio = large[2] / small[2]
        peak = max(r[4] for r in results)
        print()
        print(f"ratio {large[1]:,} / {small[1]:,}: {ratio:.2f}x   target <= 1.5x   {'PASS' if ratio <= 1.5 else 'FAIL'}")
        print(f"peak memory of status:  {peak:.1f} MB  target < 200 MB  {'PASS' if peak < 200 else 'FAIL'}")
        data = large[5]
        print()
        print(f"status on the largest database: region {data['region']}, as of {data['as_of']}: {data['summary']}")
        for i in data["indicators"] + data.get("context", []):
            print(f"  {i['key']:<28} {i.get('period') or '—':>8}  value {i.get('value')!s:<22} {i['status']}")
        if args.keep:
            print(f"\ndatabases kept in {work}")
    finally:
        shutil.rmtree(pycache, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

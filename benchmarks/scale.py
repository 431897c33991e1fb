"""Scale benchmark: a province's regions, a database of a million figures, a figure with
100,000 versions, a million-row import. Every time is best of --runs fresh processes of this
interpreter (interleaved, wall clock); every peak is the process's own VmHWM (high-water
resident memory, read from /proc while it runs).

    python benchmarks/scale.py [--runs 5] [--regions 10 200 2000] [--rows 1000 1000000]
                               [--versions 10000 100000] [--import-rows 1000000] [--only regions ...]

1. Regions (the targets of issue 16): the bundled plan with its regions grown in the plan
   itself (benchmarks/province.py: the city, its 9 counties and districts, then townships
   under them) and two years of monthly figures for every region. `status --format json`
   at 2,000 regions within 1.5x of 10; `status --by region` (json and table) and `report`
   within 2x; `init` of the plan shown.
2. Observations: `status --format json` on 1,000 and on 1,000,000 observations (200 plan
   regions, about 1% corrected), within 1.5x, under 200 MB.
3. History: one figure with 10,000 and 100,000 versions (each its own change): `history`
   (the latest 20) under 1 s, and `export` of the current rows against the same with one
   version.
4. Imports: a million-row CSV, and the same with every value bad, each under 120 MB;
   the time against a bare streaming sqlite3 script writing the same rows.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import province

PY = sys.executable
IPCITY = [PY, "-m", "ipcity"]
CITY = "许昌市"
CORRECTION_EVERY = 97  # about 1% of figures get a second version
RECORDED_AT = province.RECORDED_AT
PER_MONTH = len(province.MONTHLY_LEVELS) + len(province.MONTHLY_AMOUNTS)

# Every ipcity process runs with this environment: bytecode cached in a temporary folder (so
# ipcity's modules load from .pyc files, as installed, even under PYTHONDONTWRITEBYTECODE=1,
# without writing into the source tree); set in main().
ENV = dict(os.environ)
RESULTS: list[tuple[str, str, bool | None]] = []  # (what, measured, passed) for the summary


def verdict(what: str, measured: str, passed: bool | None) -> None:
    RESULTS.append((what, measured, passed))
    mark = "" if passed is None else ("PASS" if passed else "FAIL")
    print(f"  {what:<58} {measured:<32} {mark}", flush=True)


def run(cmd: list[str]) -> tuple[float, float, int, str, str]:
    """(seconds, peak MB of that process alone, exit status, stdout, stderr). The peak is
    the child's VmHWM, read from /proc while it runs (ru_maxrss from wait4 would report
    at least this script's own size, which a forked child inherits)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=ENV)
        peak_kb = 0
        status = Path(f"/proc/{proc.pid}/status")
        while proc.poll() is None:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            time.sleep(0.02)  # light: the machine is shared with what is measured
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return elapsed, peak_kb / 1024, proc.returncode, out.read().decode(), err.read().decode()


def best_of(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """{name: (best seconds, peak MB)}, the commands interleaved run by run (one untimed
    run first warms the page and bytecode caches)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
    for round_ in range(runs + 1):
        for name, cmd in commands.items():
            elapsed, peak, code, _, err = run(cmd)
            if code != 0:
                sys.exit(f"{' '.join(cmd[2:])} failed: {err}")
            if round_:
                times[name].append(elapsed)
                peaks[name] = max(peaks[name], peak)
    return {name: (min(times[name]), peaks[name]) for name in commands}


def ipcity(db: Path, *args: str) -> list[str]:
    return [*IPCITY, "--db", str(db), *args]


# --- 1. regions ------------------------------------------------------------------------


def regions_part(work: Path, sizes: list[int], runs: int) -> None:
    print(f"\n1. Regions in the plan: {', '.join(map(str, sizes))} (two years of monthly figures each)", flush=True)
    dbs = {}
    for n in sizes:
        plan_dir, db, count = province.build(work / f"regions-{n}", n, env=ENV)
        dbs[n] = (plan_dir, db)
        print(f"  built {n} regions: {count:,} observations", flush=True)
    commands = {}
    for n, (_plan_dir, db) in dbs.items():
        commands[("status", n)] = ipcity(db, "status", "--format", "json")
        commands[("by region json", n)] = ipcity(db, "status", "--by", "region", "--format", "json")
        commands[("by region table", n)] = ipcity(db, "status", "--by", "region")
        commands[("report", n)] = ipcity(db, "report", "--format", "md")
    measured = best_of(commands, runs)
    init_times = {}
    for n, (plan_dir, _) in dbs.items():  # init into a fresh file: best of runs
        fresh = work / f"init-{n}.db"
        best = []
        for _ in range(runs):
            for suffix in ("", "-wal", "-shm"):
                Path(str(fresh) + suffix).unlink(missing_ok=True)
            elapsed, _, code, _, err = run(ipcity(fresh, "init", "--plan", str(plan_dir)))
            if code != 0:
                sys.exit(f"init failed: {err}")
            best.append(elapsed)
        init_times[n] = min(best)
    small, large = sizes[0], sizes[-1]
    print(f"\n  {'command':<22}" + "".join(f"{n:>10} rg" for n in sizes) + "   ratio   peak MB")
    limits = {"status": 1.5, "by region json": 2.0, "by region table": 2.0, "report": 2.0}
    for what in limits:
        row = "".join(f"{measured[(what, n)][0]:>11.3f}s" for n in sizes)
        ratio = measured[(what, large)][0] / measured[(what, small)][0]
        print(f"  {what:<22}{row}  {ratio:5.2f}x  {max(measured[(what, n)][1] for n in sizes):7.1f}")
    row = "".join(f"{init_times[n]:>11.3f}s" for n in sizes)
    print(f"  {'init':<22}{row}  {init_times[large] / init_times[small]:5.2f}x")
    print()
    for what, limit in limits.items():
        ratio = measured[(what, large)][0] / measured[(what, small)][0]
        verdict(f"{what} at {large} regions / {small}", f"{ratio:.2f}x (target <= {limit}x)", ratio <= limit)
    verdict(f"init at {large} regions / {small}", f"{init_times[large] / init_times[small]:.2f}x", None)


# --- 2. observations -------------------------------------------------------------------


def months_for(rows: int, regions: int, last: date) -> list[tuple[int, int]]:
    """The months needed for about `rows` observations (corrections included), oldest first."""
    y, m = last.year, last.month
    out, total = [], 0
    while total < rows:
        out.append((y, m))
        figures = regions * PER_MONTH + (regions * len(province.YEARLY_LEVELS) if m == 12 else 0)
        total += figures + figures // CORRECTION_EVERY
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def observations(months: list[tuple[int, int]], regions: list[str], children: list[str], limit: int, change_id: int):
    """Observation rows in the order they would have been recorded (by month), stopping at
    `limit`. The city's figure is the sum of its counties (`children`), so `status` has no
    differences to note; the townships get figures of their own size."""
    share = {name: (1 + i % 4) for i, name in enumerate(children)}
    total = sum(share.values())
    weight = {name: share[name] / total if name in share else 0.02 + (i % 13) / 100 for i, name in enumerate(regions)}
    count = seen = 0
    for y, m in months:
        t = (y - 2024) + (m - 6) / 12
        last_day = calendar.monthrange(y, m)[1]
        start, end, label = f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{last_day:02d}", f"{y:04d}-{m:02d}"
        recorded = datetime(y, m, last_day, 10) + timedelta(days=12)
        stamp, fixed = recorded.strftime(RECORDED_AT), (recorded + timedelta(days=30)).strftime(RECORDED_AT)
        series = [(k, label, start, end, b * (1 + g) ** t, True) for k, (b, g) in province.MONTHLY_LEVELS.items()]
        series += [(k, label, start, end, b * (1 + g) ** t * (0.7 + 0.05 * m), False)
                   for k, (b, g) in province.MONTHLY_AMOUNTS.items()]
        if m == 12:
            series += [(k, f"{y:04d}", f"{y:04d}-01-01", f"{y:04d}-12-31", b * (1 + g) ** t, True)
                       for k, (b, g) in province.YEARLY_LEVELS.items()]
        for key, period, p_start, p_end, city_value, whole in series:
            values = {}
            for region in regions:
                if region != CITY:
                    v = city_value * weight[region]
                    values[region] = float(max(1, round(v))) if whole else round(v, 2)
            values[CITY] = sum(values[c] for c in children)
            for region in regions:
                value = values[region]
                seen += 1
                if seen % CORRECTION_EVERY == 0 and count + 2 <= limit:
                    first = float(round(value * 0.97)) if whole else round(value * 0.97, 2)
                    yield (key, region, period, p_start, p_end, first, "bench", None, stamp, "bench", 1, fixed, change_id)
                    yield (key, region, period, p_start, p_end, value, "bench", "corrected", fixed, "bench", 2, None,
                           change_id)
                    count += 2
                else:
                    yield (key, region, period, p_start, p_end, value, "bench", None, stamp, "bench", 1, None, change_id)
                    count += 1
                if count >= limit:
                    return


def fill_observations(folder: Path, rows: int, regions: int) -> tuple[Path, int]:
    """A database of the `regions`-region plan with `rows` observations, written with sqlite3
    executemany in one transaction (the observation indexes dropped for the fill and made
    again from their own SQL after it)."""
    _, db, _ = province.build(folder, regions, months=0, env=ENV)
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("BEGIN")
    names = [r for (r,) in con.execute("SELECT name FROM region ORDER BY position")]
    children = [r for (r,) in con.execute("SELECT name FROM region WHERE parent = ? ORDER BY position", (CITY,))]
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
    last = date(today.year, today.month, 1) - timedelta(days=1)
    con.executemany(
        "INSERT INTO observation (indicator_key, region, period, period_start, period_end, value, source, note, "
        "recorded_at, recorded_by, version, superseded_at, change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        observations(months_for(rows, len(names), last), names, children, rows, change_id),
    )
    for _, sql in indexes:
        con.execute(sql)
    con.execute("COMMIT")
    count = con.execute("SELECT count(*) FROM observation").fetchone()[0]
    con.execute("PRAGMA journal_mode = WAL")
    con.close()
    return db, count


def observations_part(work: Path, sizes: list[int], runs: int) -> None:
    print(f"\n2. Observations: {' and '.join(f'{n:,}' for n in sizes)} (200 plan regions)", flush=True)
    dbs = {}
    for n in sizes:
        db, count = fill_observations(work / f"rows-{n}", n, 200)
        dbs[n] = db
        print(f"  filled {count:,} observations", flush=True)
    measured = best_of({n: ipcity(db, "status", "--format", "json") for n, db in dbs.items()}, runs)
    small, large = sizes[0], sizes[-1]
    for n in sizes:
        print(f"  status --format json, {n:>10,} observations: {measured[n][0]:.3f} s, {measured[n][1]:.1f} MB")
    ratio = measured[large][0] / measured[small][0]
    verdict(f"status on {large:,} / {small:,} observations", f"{ratio:.2f}x (target <= 1.5x)", ratio <= 1.5)
    peak = max(p for _, p in measured.values())
    verdict("status peak memory", f"{peak:.1f} MB (target < 200 MB)", peak < 200)


# --- 3. history ------------------------------------------------------------------------


def versions_db(folder: Path, versions: int) -> Path:
    """The bundled plan and one figure (invention_patents, 许昌市, 2023) with `versions`
    versions, each recorded by its own change; plus the other indicators' one figure each."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "ipcity.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    if run(ipcity(db, "init"))[2] != 0:
        sys.exit("init failed")
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN")
    first = con.execute("SELECT max(id) FROM change").fetchone()[0] + 1
    t0 = datetime(2024, 1, 1)
    at = [(t0 + timedelta(minutes=i)).strftime(RECORDED_AT) for i in range(versions + 1)]
    con.executemany(
        "INSERT INTO change (id, at, by, action, summary, source) VALUES (?, ?, 'bench', ?, ?, NULL)",
        ((first + i, at[i], "correct" if i else "record", f"invention_patents 许昌市 2023 = {3000 + i}")
         for i in range(versions)),
    )
    con.executemany(
        "INSERT INTO observation (indicator_key, region, period, period_start, period_end, value, recorded_at, "
        "recorded_by, version, superseded_at, change_id) VALUES "
        "('invention_patents', ?, '2023', '2023-01-01', '2023-12-31', ?, ?, 'bench', ?, ?, ?)",
        ((CITY, 3000.0 + i, at[i], i + 1, at[i + 1] if i < versions - 1 else None, first + i) for i in range(versions)),
    )
    others = ["trademarks", "population", "tech_contract_turnover", "ip_pledge_financing", "support_funds"]
    con.executemany(
        "INSERT INTO observation (indicator_key, region, period, period_start, period_end, value, recorded_at, "
        "recorded_by, version, change_id) VALUES (?, ?, '2023', '2023-01-01', '2023-12-31', 1000, ?, 'bench', 1, ?)",
        ((key, CITY, at[0], first) for key in others),
    )
    con.execute("COMMIT")
    con.close()
    return db


def history_part(work: Path, sizes: list[int], runs: int) -> None:
    print(f"\n3. History: one figure with {' and '.join(f'{n:,}' for n in sizes)} versions", flush=True)
    dbs = {n: versions_db(work / f"versions-{n}", n) for n in [1, *sizes]}
    commands = {}
    for n, db in dbs.items():
        commands[("history", n)] = ipcity(db, "history", "invention_patents")
        commands[("history json", n)] = ipcity(db, "history", "invention_patents", "--format", "json")
        commands[("export", n)] = ipcity(db, "export")
        commands[("log", n)] = ipcity(db, "log")
    measured = best_of(commands, runs)
    for what in ("history", "history json", "export", "log"):
        row = "  ".join(f"{n:>7,} v: {measured[(what, n)][0]:.3f} s {measured[(what, n)][1]:5.1f} MB" for n in dbs)
        print(f"  {what:<13} {row}")
    large = sizes[-1]
    seconds = measured[("history", large)][0]
    verdict(f"history (latest 20) of {large:,} versions", f"{seconds:.3f} s (target < 1 s)", seconds < 1)
    for what in ("history", "export", "log"):
        ratio = measured[(what, large)][0] / measured[(what, 1)][0]
        verdict(f"{what} at {large:,} versions / 1", f"{ratio:.2f}x, {measured[(what, large)][1]:.1f} MB", None)


# --- 4. imports ------------------------------------------------------------------------

MONEY_KEYS = ("tech_contract_turnover", "ip_pledge_financing", "support_funds")
KEYS = ["tech_contract_turnover", "ip_pledge_financing", "support_funds", "invention_patents", "trademarks", "population"]
SUFFIXES = [f"-{m:02d}" for m in range(1, 13)] + [f"Q{q}" for q in range(1, 5)] + [""]

BARE = """
import csv, sqlite3, sys
from ipcity.base.periods import parse_period
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA foreign_keys = ON")
con.execute("BEGIN IMMEDIATE")
def rows():
    with open(sys.argv[2], encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for key, region, period, value, unit, source, note in reader:
            p = parse_period(period)
            yield (key, region, period, p.start.isoformat(), p.end.isoformat(),
                   float(value) * (10000 if unit == "万元" else 1), source, note or None,
                   "2026-01-01 00:00:00.000000", "bench", 1)
con.executemany("INSERT INTO observation (indicator_key, region, period, period_start, period_end, value, source,"
                " note, recorded_at, recorded_by, version) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows())
con.execute("COMMIT")
"""


def import_rows(regions: list[str], count: int, bad: bool):
    """Distinct (indicator, region, period) rows, going back in time as far as needed."""
    made, year = 0, 2024
    while True:
        for suffix in SUFFIXES:
            for region in regions:
                for key in KEYS:
                    unit = "万元" if key in MONEY_KEYS else ""  # money says its unit (no silent unit)
                    yield key, region, f"{year}{suffix}", "abc" if bad else str(1000 + made % 997), unit, "bench", ""
                    made += 1
                    if made == count:
                        return
        year -= 1


def imports_part(work: Path, count: int) -> None:
    print(f"\n4. Imports: {count:,} rows (2,000-region plan), good and all bad", flush=True)
    folder = work / "imports"
    _, empty, _ = province.build(folder, 2000, months=0, env=ENV)
    regions = [r for (r,) in sqlite3.connect(empty).execute("SELECT name FROM region ORDER BY position")]
    files = {}
    for bad in (False, True):
        path = folder / f"{'bad' if bad else 'good'}.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["indicator", "region", "period", "value", "unit", "source", "note"])
            writer.writerows(import_rows(regions, count, bad))
        files[bad] = path
    results = {}
    for name, cmd_for in (
        ("bare sqlite3", lambda db: [PY, "-c", BARE, str(db), str(files[False])]),
        ("ipcity import", lambda db: ipcity(db, "import", str(files[False]))),
        ("ipcity import, all bad", lambda db: ipcity(db, "import", str(files[True]))),
    ):
        db = folder / "target.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        shutil.copyfile(empty, db)
        elapsed, peak, code, _, err = run(cmd_for(db))
        if code != (1 if "bad" in name else 0):
            sys.exit(f"{name} failed: {err}")
        results[name] = (elapsed, peak)
        print(f"  {name:<24} {elapsed:7.2f} s  {peak:6.1f} MB", flush=True)
    bare, ours, bad = results["bare sqlite3"], results["ipcity import"], results["ipcity import, all bad"]
    verdict(f"import of {count:,} rows / bare sqlite3", f"{ours[0] / bare[0]:.2f}x", None)
    verdict(f"import of {count:,} rows, peak", f"{ours[1]:.1f} MB (target < 120 MB)", ours[1] < 120)
    verdict(f"import of {count:,} bad rows, peak", f"{bad[1]:.1f} MB (target < 120 MB)", bad[1] < 120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (best of)")
    parser.add_argument("--regions", type=int, nargs="+", default=[10, 200, 2000])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 1_000_000])
    parser.add_argument("--versions", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--only", nargs="+", choices=["regions", "rows", "history", "imports"],
                        default=["regions", "rows", "history", "imports"])
    parser.add_argument("--keep", metavar="DIR", help="build everything in DIR and keep it")
    args = parser.parse_args()

    work = Path(args.keep).expanduser() if args.keep else Path(tempfile.mkdtemp(prefix="ipcity-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    pycache = Path(tempfile.mkdtemp(prefix="ipcity-pycache-"))
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = str(pycache)
    ENV["COLUMNS"] = "120"
    try:
        if "regions" in args.only:
            regions_part(work, args.regions, args.runs)
        if "rows" in args.only:
            observations_part(work, args.rows, args.runs)
        if "history" in args.only:
            history_part(work, args.versions, args.runs)
        if "imports" in args.only:
            imports_part(work, args.import_rows)
        print("\nSummary")
        for what, measured, passed in RESULTS:
            mark = "" if passed is None else ("PASS" if passed else "FAIL")
            print(f"  {what:<58} {measured:<32} {mark}")
        if args.keep:
            print(f"\neverything kept in {work}")
    finally:
        shutil.rmtree(pycache, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

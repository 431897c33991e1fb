"""Writers at once: `record`s, `import`s, `snapshot`s and a `status` loop on one database,
all started together as separate processes. Every write must land exactly once, no command
may fail, and SQLite's integrity check must pass.

    python benchmarks/concurrent_writers.py [--records 8] [--imports 4] [--rows 20000] [--snapshots 2]

Target (issue 14): with 8 records, 4 imports of 20,000 rows and 2 snapshots, all exit 0.
tests/test_robustness.py runs the same with smaller imports.
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REGIONS = ["许昌市", "魏都区", "建安区", "禹州市", "长葛市", "鄢陵县", "襄城县", "城乡一体化示范区", "经济技术开发区", "东城区"]
MONEY_KEYS = ("tech_contract_turnover", "ip_pledge_financing", "support_funds")
KEYS = ["tech_contract_turnover", "ip_pledge_financing", "support_funds", "invention_patents", "trademarks", "population"]
PERIODS = [f"{m:02d}" for m in range(1, 13)] + [f"Q{q}" for q in range(1, 5)] + [""]
PER_YEAR = len(PERIODS) * len(REGIONS) * len(KEYS)  # distinct rows in one year: 1,020


def years_apart(rows: int) -> int:
    """Years each import takes (20,000 rows: 20), so that no two share a figure."""
    return -(-rows // PER_YEAR)


def import_rows(which: int, count: int):
    """Distinct (indicator, region, period) rows, in years no other writer uses (2020 and before)."""
    made, year = 0, 2020 - years_apart(count) * which
    while True:
        for suffix in PERIODS:
            period = f"{year}-{suffix}" if suffix[:1].isdigit() else f"{year}{suffix}"
            for region in REGIONS:
                for key in KEYS:
                    unit = "万元" if key in MONEY_KEYS else ""  # money says its unit (no silent unit)
                    yield key, region, period, f"{1000 + made % 997}{unit}", f"import {which}", ""
                    made += 1
                    if made == count:
                        return
        year -= 1


def run(work: Path, records: int = 8, imports: int = 4, rows: int = 20_000, snapshots: int = 2,
        timeout: float = 600) -> dict:
    """Start every writer at once on a new database in `work`; return what happened."""
    if 2020 - years_apart(rows) * imports < 1900:
        raise SystemExit(f"{imports} imports of {rows:,} rows need more years than 1900-2020 hold; ask for fewer")
    db = work / "ipcity.db"
    env = {**os.environ, "IPCITY_DB": str(db)}
    env.pop("IPCITY_BUSY_TIMEOUT_MS", None)  # the default: writers queue
    ipcity = [sys.executable, "-m", "ipcity"]
    done = subprocess.run([*ipcity, "init"], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    files = []
    for which in range(imports):
        path = work / f"import-{which}.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["indicator", "region", "period", "value", "source", "note"])
            writer.writerows(import_rows(which, rows))
        files.append(path)
    commands = [[*ipcity, "record", "trademarks", str(60000 + i), "--period", f"2024-{i % 12 + 1:02d}",
                 "--region", REGIONS[i // 12 % len(REGIONS)], "--source", f"record {i}"] for i in range(records)]
    commands += [[*ipcity, "import", str(path)] for path in files]
    commands += [[*ipcity, "snapshot", "--period", f"2024-{i % 12 + 1:02d}"] for i in range(snapshots)]
    start = time.perf_counter()
    running = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    statuses, status_failures = 0, []
    while any(p.poll() is None for p in running) and time.perf_counter() - start < timeout:
        shown = subprocess.run([*ipcity, "status", "--format", "json"], env=env, capture_output=True, text=True, check=False)
        statuses += 1
        if shown.returncode != 0:
            status_failures.append(shown.stderr)
    results = []
    for command, process in zip(commands, running, strict=True):
        _, err = process.communicate(timeout=max(1.0, timeout - (time.perf_counter() - start)))
        results.append((" ".join(command[3:5]), process.returncode, err))
    elapsed = time.perf_counter() - start
    con = sqlite3.connect(db)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        current = con.execute("SELECT count(*) FROM observation WHERE superseded_at IS NULL").fetchone()[0]
        total = con.execute("SELECT count(*) FROM observation").fetchone()[0]
        by_source = dict(con.execute("SELECT source, count(*) FROM observation GROUP BY source").fetchall())
        taken = con.execute("SELECT count(*) FROM snapshot WHERE superseded_at IS NULL").fetchone()[0]
    finally:
        con.close()
    return {
        "failed": [r for r in results if r[1] != 0], "status_runs": statuses, "status_failures": status_failures,
        "waited": sum("waiting for another ipcity" in r[2] for r in results), "seconds": elapsed,
        "integrity": integrity, "current": current, "total": total, "snapshots": taken,
        "expected": records + imports * rows, "expected_snapshots": snapshots,
        "landed_once": all(by_source.get(f"record {i}") == 1 for i in range(records))
        and all(by_source.get(f"import {w}") == rows for w in range(imports)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=8)
    parser.add_argument("--imports", type=int, default=4)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--snapshots", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    ok = True
    for round_ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="ipcity-writers-") as work:
            found = run(Path(work), args.records, args.imports, args.rows, args.snapshots)
        good = (not found["failed"] and not found["status_failures"] and found["integrity"] == "ok"
                and found["current"] == found["total"] == found["expected"] and found["landed_once"]
                and found["snapshots"] == found["expected_snapshots"])
        ok &= good
        print(f"round {round_ + 1}: {'ok' if good else 'FAILED'} in {found['seconds']:.1f} s: "
              f"{found['total']:,} of {found['expected']:,} figures, each once: {found['landed_once']}; "
              f"{found['snapshots']} snapshots; {len(found['failed'])} failed writers, "
              f"{found['waited']} waited their turn; {found['status_runs']} status runs, "
              f"{len(found['status_failures'])} failed; integrity_check {found['integrity']}")
        for name, code, err in found["failed"]:
            print(f"  {name} exit {code}: {err.strip()}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

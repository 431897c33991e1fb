"""Import benchmark: `ipcity import` of a 100,000-row CSV against plain sqlite3 executemany
of the same rows, in one run. Prints the time ratio and the import's peak memory.

    python benchmarks/import_rows.py [--rows 100000]

Targets (issue 5): under 5x the plain insert, under 150 MB peak.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REGIONS = ["许昌市", "魏都区", "建安区", "禹州市", "长葛市", "鄢陵县", "襄城县", "城乡一体化示范区", "经济技术开发区", "东城区"]
MONEY_KEYS = ("tech_contract_turnover", "ip_pledge_financing", "support_funds")
KEYS = ["tech_contract_turnover", "ip_pledge_financing", "support_funds", "invention_patents", "trademarks", "population"]
PERIODS = [f"{m:02d}" for m in range(1, 13)] + [f"Q{q}" for q in range(1, 5)] + [""]  # months, quarters, the year


def make_rows(count: int):
    """Distinct (indicator, region, period) rows, going back in time as far as needed."""
    made = 0
    year = 2024
    while True:
        for suffix in PERIODS:
            period = f"{year}-{suffix}" if suffix[:1].isdigit() else f"{year}{suffix}"
            for region in REGIONS:
                for key in KEYS:
                    unit = "万元" if key in MONEY_KEYS else ""  # money says its unit (no silent unit)
                    yield key, region, period, str(1000 + made % 997), unit, "bench", ""
                    made += 1
                    if made == count:
                        return
        year -= 1


def ipcity(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ipcity", *args], capture_output=True, text=True, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    count = parser.parse_args().rows
    work = Path(tempfile.mkdtemp(prefix="ipcity-import-"))
    source = work / "rows.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator", "region", "period", "value", "unit", "source", "note"])
        writer.writerows(make_rows(count))

    db = work / "ipcity.db"
    assert ipcity("--db", str(db), "init").returncode == 0
    plain_db = work / "plain.db"
    plain_db.write_bytes(db.read_bytes())

    # plain sqlite3: the same rows, already parsed, one executemany in one transaction
    from ipcity.base.periods import parse_period

    rows = []
    for key, region, period, value, unit, src, note in make_rows(count):
        p = parse_period(period)
        amount = float(value) * (10000 if unit == "万元" else 1)
        rows.append((key, region, period, p.start.isoformat(), p.end.isoformat(), amount, src, note or None,
                     "2026-01-01 00:00:00.000000", "bench", 1))
    start = time.perf_counter()
    con = sqlite3.connect(plain_db)
    con.execute("PRAGMA foreign_keys = ON")
    with con:
        con.executemany(
            "INSERT INTO observation (indicator_key, region, period, period_start, period_end, value, source, note,"
            " recorded_at, recorded_by, version) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.close()
    plain = time.perf_counter() - start
    del rows

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = ipcity("--db", str(db), "import", str(source))
    ours = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if result.returncode != 0:
        sys.exit(f"import failed: {result.stderr}")
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM observation").fetchone()[0]
    assert stored == count, (stored, count)
    again = time.perf_counter()
    ipcity("--db", str(db), "import", str(source))
    reimport = time.perf_counter() - again

    ratio = ours / plain
    print(f"rows:                      {count:,}")
    print(f"plain sqlite3 executemany: {plain:.2f} s (rows pre-parsed, no checks)")
    print(f"ipcity import:             {ours:.2f} s (process start, parsing, checks, one transaction)")
    print(f"ipcity re-import (no-op):  {reimport:.2f} s")
    print(f"ratio:                     {ratio:.1f}x   target < 5x   {'PASS' if ratio < 5 else 'MISS'}")
    print(f"peak memory of the import: {peak_mb:.0f} MB target < 150 MB {'PASS' if peak_mb < 150 else 'MISS'}"
          f"{'' if before < peak_mb * 1024 else ' (an earlier child process may have been larger)'}")


if __name__ == "__main__":
    main()

"""A province-sized plan and its figures, for benchmarks/scale.py: the bundled plan with its
regions grown in the plan itself (the city, its 9 counties and districts, then townships
(乡镇、街道) spread under them), and two years of monthly figures for every region, each
county the sum of its townships and the city the sum of its counties (so status has no
differences to note and reads the same figures at every size).

    python benchmarks/province.py DIR --regions 2000     # writes DIR/plan and DIR/ipcity.db
"""

from __future__ import annotations

import argparse
import calendar
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RECORDED_AT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy writes a DateTime into SQLite
MONTHLY_LEVELS = {"invention_patents": (3400.0, 0.09), "trademarks": (64000.0, 0.08)}
MONTHLY_AMOUNTS = {"tech_contract_turnover": (2.6e8, 0.12), "ip_pledge_financing": (1.0e7, 0.10),
                   "support_funds": (3.0e5, 0.05)}
YEARLY_LEVELS = {"population": (4_380_000.0, 0.003)}


def write_plan(folder: Path, regions: int) -> list[tuple[str, str | None]]:
    """The bundled plan with `regions` regions in all; returns (name, parent) in plan order."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "data" / "tasks.yaml", folder / "tasks.yaml")
    targets = yaml.safe_load((REPO / "data" / "targets.yaml").read_text(encoding="utf-8"))
    base = targets["regions"][:regions]
    counties = [r["name"] for r in base if r.get("parent")]
    extra = []
    for i in range(regions - len(base)):
        county = counties[i % len(counties)]
        extra.append({"name": f"{county}乡镇{i:04d}", "kind": "other", "parent": county})
    targets["regions"] = base + extra
    (folder / "targets.yaml").write_text(yaml.safe_dump(targets, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return [(r["name"], r.get("parent")) for r in targets["regions"]]


def months_back(last: date, count: int) -> list[tuple[int, int]]:
    y, m, out = last.year, last.month, []
    for _ in range(count):
        out.append((y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def figures(regions: list[tuple[str, str | None]], months: list[tuple[int, int]], change_id: int):
    """Observation rows: leaves get their own share, every parent the sum of its children."""
    children: dict[str, list[str]] = {}
    for name, parent in regions:
        if parent is not None:
            children.setdefault(parent, []).append(name)
    leaves = [name for name, _ in regions if name not in children]
    weight = {name: (1 + i % 7) for i, name in enumerate(leaves)}
    total = sum(weight.values())
    order = [name for name, _ in regions][::-1]  # children after their parents in the plan: sum bottom-up
    for y, m in months:
        t = (y - 2024) + (m - 6) / 12
        last_day = calendar.monthrange(y, m)[1]
        start, end, label = f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{last_day:02d}", f"{y:04d}-{m:02d}"
        stamp = (datetime(y, m, last_day, 10) + timedelta(days=12)).strftime(RECORDED_AT)
        series = [(k, label, start, end, b * (1 + g) ** t, True) for k, (b, g) in MONTHLY_LEVELS.items()]
        series += [(k, label, start, end, b * (1 + g) ** t * (0.7 + 0.05 * m), False) for k, (b, g) in MONTHLY_AMOUNTS.items()]
        if m == 12:
            series += [(k, f"{y:04d}", f"{y:04d}-01-01", f"{y:04d}-12-31", b * (1 + g) ** t, True)
                       for k, (b, g) in YEARLY_LEVELS.items()]
        for key, period, p_start, p_end, city_value, whole in series:
            values = {}
            for name in order:
                if name in children:
                    values[name] = sum(values[c] for c in children[name])
                else:
                    v = city_value * weight[name] / total
                    values[name] = float(max(1, round(v))) if whole else round(v, 2)
            for name, _ in regions:
                yield (key, name, period, p_start, p_end, values[name], "bench", None, stamp, "bench", 1, None, change_id)


def build(folder: Path, regions: int, months: int = 24, python: str = sys.executable, env=None) -> tuple[Path, Path, int]:
    """Write the plan, `ipcity init` a database with it, fill it. Returns (plan dir, db, observations)."""
    plan_dir, db = folder / "plan", folder / "ipcity.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    listed = write_plan(plan_dir, regions)
    done = subprocess.run([python, "-m", "ipcity", "--db", str(db), "init", "--plan", str(plan_dir)],
                          capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        sys.exit(f"ipcity init failed: {done.stderr}")
    today = date.today()
    last = date(today.year, today.month, 1) - timedelta(days=1)
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA synchronous = OFF")
    con.execute("BEGIN")
    change_id = con.execute(
        "INSERT INTO change (at, by, action, summary, source) VALUES (?, 'bench', 'import', ?, 'benchmarks/province.py')",
        (datetime.now().strftime(RECORDED_AT), f"benchmark fill: {regions} regions"),
    ).lastrowid
    con.executemany(
        "INSERT INTO observation (indicator_key, region, period, period_start, period_end, value, source, note, "
        "recorded_at, recorded_by, version, superseded_at, change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        figures(listed, months_back(last, months), change_id),
    )
    con.execute("COMMIT")
    count = con.execute("SELECT count(*) FROM observation").fetchone()[0]
    con.close()
    return plan_dir, db, count


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--regions", type=int, default=2000)
    parser.add_argument("--months", type=int, default=24)
    args = parser.parse_args()
    plan_dir, db, count = build(Path(args.folder), args.regions, args.months)
    print(f"{db}: {args.regions} regions, {count:,} observations; plan in {plan_dir}")

"""Startup benchmark: `ipcity --help`, bash completion, `ipcity status` and `ipcity record`
against the bare imports they cannot avoid, in one run. Prints medians, minimums and the ratios.

    python benchmarks/startup.py [--runs 15] [--env-as-is]

Targets (best of N, wall clock, each a fresh process of this interpreter):
    ipcity --help                 <= 1.5x  python -c "import typer"
    bash completion (ipcity st)   <= 1.5x  python -c "import typer"
    ipcity status (table, json)   <= 1.25x python -c "import sqlmodel, typer, rich.table"
    ipcity record (one write)     <= 1.3x  python -c "import typer, rich.table, sqlalchemy"

Bytecode: by default every process runs with PYTHONPYCACHEPREFIX set to a temporary folder
(and PYTHONDONTWRITEBYTECODE removed), warmed by one untimed run, so ipcity's own modules are
loaded from .pyc files as in a normal installation, and nothing is written into the source
tree. --env-as-is keeps the environment unchanged (with PYTHONDONTWRITEBYTECODE=1 and no
__pycache__ next to ipcity's sources, every run then compiles ipcity from source).

The exit status is 0 whatever the results; each target prints PASS or FAIL.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
IPCITY = [PY, "-m", "ipcity"]
WATCHED = ("sqlalchemy", "sqlmodel", "pydantic", "rich", "yaml", "platformdirs")
RECORD_FLOOR = "floor: import typer, rich.table, sqlalchemy"
# Timed `record`: a correction of the same figure, so that every run writes a new version.
RECORD = ["record", "invention_patents", "3250", "--period", "2023", "--correct", "--source", "市市场监督管理局"]

# The figures recorded before `status` is timed (untimed): a handful, as a city would have.
RECORDS = [
    ("invention_patents", "3250", "2023"),
    ("invention_patents", "3420", "2024-06"),
    ("trademarks", "6.8万", "2023"),
    ("population", "438万人", "2023"),
    ("tech_contract_turnover", "15.4亿元", "2024Q2"),
    ("tech_contract_turnover", "3.1亿元", "2024-07"),
    ("ip_pledge_financing", "2500万元", "2024Q1"),
    ("support_funds", "300万元", "2024Q1"),
]


def completion_env() -> dict[str, str]:
    """What bash's completion function sets (see typer._completion_shared.COMPLETION_SCRIPT_BASH).

    Typer 0.29 reads the instruction from `_{PROG}_COMPLETE`, PROG being the program name
    click detects; under `python -m ipcity` that name is "python -m ipcity", so the variable
    is "_PYTHON _M IPCITY_COMPLETE" (the installed `ipcity` script reads `_IPCITY_COMPLETE`).
    The instruction is `complete_bash` (typer keeps the click 7 order: instruction_shell)."""
    prog_name = "python -m ipcity"
    var = f"_{prog_name}_COMPLETE".replace("-", "_").upper()
    return {var: "complete_bash", "COMP_WORDS": "ipcity st", "COMP_CWORD": "1"}


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, result


def imported(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """The watched packages the command imports, each with the summed self import time (ms)
    of its modules, from -X importtime on the very same command line."""
    result = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], env=env, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, check=False)
    cost: dict[str, float] = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, _, name = line[len("import time:"):].split("|")
        root = name.strip().split(".")[0]
        if root in WATCHED and own.strip().isdigit():
            cost[root] = cost.get(root, 0.0) + int(own) / 1000
    return cost


def extra_imports(cmd: list[str], env: dict[str, str], floor: list[str], count: int = 10):
    """What `cmd` imports that `floor` does not: (total self ms, [(group, self ms)]), by
    -X importtime self times; ipcity's modules one by one, other packages as a whole."""

    def self_times(c: list[str]) -> dict[str, float]:
        out = subprocess.run([c[0], "-X", "importtime", *c[1:]], env=env, stdin=subprocess.DEVNULL,
                             capture_output=True, text=True, check=False).stderr
        found: dict[str, float] = {}
        for line in out.splitlines():
            if line.startswith("import time:") and "|" in line:
                own, _, name = line[len("import time:"):].split("|")
                if own.strip().isdigit():
                    found[name.strip()] = int(own) / 1000
        return found

    ours, base = self_times(cmd), self_times(floor)
    groups: dict[str, float] = {}
    for name, ms in ours.items():
        if name in base:
            continue
        group = name if name.startswith("ipcity") else name.split(".")[0]
        groups[group] = groups.get(group, 0.0) + ms
    return sum(groups.values()), sorted(groups.items(), key=lambda x: -x[1])[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command (best of; at least 10)")
    parser.add_argument("--env-as-is", action="store_true", help="do not redirect bytecode caching (see the docstring)")
    args = parser.parse_args()
    runs = max(args.runs, 10)

    work = Path(tempfile.mkdtemp(prefix="ipcity-startup-"))
    env = dict(os.environ)
    env.pop("_IPCITY_COMPLETE", None)
    env["COLUMNS"] = "160"  # the table as on a wide terminal: every column rendered
    if not args.env_as_is:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    try:
        db = work / "ipcity.db"
        for step in (["init"], *(["record", k, v, "--period", p] for k, v, p in RECORDS)):
            _, result = run([*IPCITY, "--db", str(db), *step], env)
            if result.returncode != 0:
                sys.exit(f"setup failed: ipcity {' '.join(step)}: {result.stderr}")

        complete_env = {**env, **completion_env()}
        cases = {  # name: (command, env, floor name, target)
            "floor: import typer": ([PY, "-c", "import typer"], env, None, None),
            "floor: import sqlmodel, typer, rich.table": ([PY, "-c", "import sqlmodel, typer, rich.table"], env, None, None),
            RECORD_FLOOR: ([PY, "-c", "import typer, rich.table, sqlalchemy"], env, None, None),
            "ipcity --help": ([*IPCITY, "--help"], env, "floor: import typer", 1.5),
            "completion (ipcity st<TAB>)": (IPCITY, complete_env, "floor: import typer", 1.5),
            "ipcity status": ([*IPCITY, "--db", str(db), "status"], env, "floor: import sqlmodel, typer, rich.table", 1.25),
            "ipcity status --format json": ([*IPCITY, "--db", str(db), "status", "--format", "json"], env,
                                            "floor: import sqlmodel, typer, rich.table", 1.25),
            "ipcity record": ([*IPCITY, "--db", str(db), *RECORD], env, RECORD_FLOOR, 1.3),
        }

        # one untimed run of each (fills the bytecode cache), and check each does what it should
        for name, (cmd, case_env, _, _) in cases.items():
            _, result = run(cmd, case_env)
            if result.returncode != 0:
                sys.exit(f"{name} failed ({result.returncode}): {result.stderr}")
        _, result = run(IPCITY, complete_env)
        if result.stdout.split() != ["status"]:
            sys.exit(f"completion did not answer 'status' (got {result.stdout[:200]!r}): check the protocol")
        _, result = run([*IPCITY, "--db", str(db), "status", "--format", "json"], env)
        data = json.loads(result.stdout)
        shown = sum(1 for i in data["indicators"] if i.get("value") is not None)
        if not shown:
            sys.exit("status --format json shows no figures: the setup did not record")

        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):  # interleaved, so a slow moment of the machine hits every case alike
            for name, (cmd, case_env, _, _) in cases.items():
                times[name].append(run(cmd, case_env)[0])

        print(f"python {sys.version.split()[0]} ({PY}); {runs} runs each, wall clock, fresh process")
        print("bytecode: " + ("environment as is" + (" (PYTHONDONTWRITEBYTECODE=1: ipcity compiled from source each run)"
                                                     if os.environ.get("PYTHONDONTWRITEBYTECODE") else "")
                              if args.env_as_is else "cached in a temporary PYTHONPYCACHEPREFIX, warmed"))
        print(f"status on {db.name}: {len(RECORDS)} figures recorded, {shown} indicators with a value")
        print()
        width = max(len(n) for n in cases)
        print(f"{'command':<{width}}  {'min ms':>8}  {'median ms':>9}  {'ratio(min)':>10}  {'ratio(med)':>10}  target")
        results = []
        for name, (_, _, floor, target) in cases.items():
            best, med = min(times[name]), statistics.median(times[name])
            if floor is None:
                print(f"{name:<{width}}  {best * 1000:8.1f}  {med * 1000:9.1f}")
                continue
            ratio = best / min(times[floor])
            ratio_med = med / statistics.median(times[floor])
            verdict = "PASS" if ratio <= target else "FAIL"
            results.append((name, ratio, target, verdict))
            print(f"{name:<{width}}  {best * 1000:8.1f}  {med * 1000:9.1f}  {ratio:9.2f}x  {ratio_med:9.2f}x  "
                  f"<= {target}x {verdict}")
        print()
        print("ratio(min) is the one judged: best ipcity run over best floor run.")
        var = next(k for k in completion_env() if k.endswith("_COMPLETE"))
        print(f"completion: {var}=complete_bash COMP_WORDS='ipcity st' COMP_CWORD=1 answered 'status' (under")
        print("`python -m ipcity` typer reads that variable; the installed `ipcity` script reads _IPCITY_COMPLETE)")

        print()
        print("watched packages imported (-X importtime: self ms summed over each package's modules):")
        for name in ("ipcity --help", "completion (ipcity st<TAB>)", "ipcity status", "ipcity status --format json",
                     "ipcity record"):
            cmd, case_env, _, _ = cases[name]
            cost = imported(cmd, case_env)
            listed = ", ".join(f"{m} {cost[m]:.0f}" for m in sorted(cost)) or "none"
            print(f"  {name:<{width}}  {listed}")

        failed = [(n, r, t) for n, r, t, v in results if v == "FAIL"]
        if failed:
            print()
            print("what the failing commands import beyond their floor (-X importtime self ms; ipcity by module,")
            print("other packages summed; the rest of the gap is run time: typer parsing, queries, rendering):")
            for name, _, _ in failed:
                cmd, case_env, floor, _ = cases[name]
                total, top = extra_imports(cmd, case_env, cases[floor][0])
                gap = (min(times[name]) - min(times[floor])) * 1000
                print(f"  {name}: {total:.0f} ms of imports the floor does not make (wall-clock gap {gap:.0f} ms)")
                print("    " + ", ".join(f"{group} {ms:.1f}" for group, ms in top))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""ipcity end to end through CliRunner at a fixed width."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from conftest import digest, set_schema_version
from ipcity.store.migrations import SCHEMA_VERSION
from ipcity.base.periods import parse_period
from ipcity.store import NewObservation, Store


def status_of(cli, *args) -> dict:
    result = cli.ok("status", "--format", "json", *args)
    data = json.loads(result.stdout)
    return {row["key"]: row for row in data["indicators"] + data["context"]} | {"_": data}


def test_done_when_record_and_status_json(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    ready.ok("record", "trademarks", "6.8万", "--period", "2023")
    rows = status_of(ready, "--as-of", "2024-01-31")  # before the deadline (end of 2024)
    patents = rows["invention_patents"]
    assert (patents["value"], patents["target"], patents["gap"]) == (3250, 3600, 350)
    assert patents["achieved_share"] == pytest.approx(0.9028, abs=0.0005)
    assert patents["status"] == "moderate"
    assert rows["trademarks"]["value"] == 68000
    assert rows["_"]["as_of"] == "2024-01-31"
    assert status_of(ready)["_"]["as_of"] == date.today().isoformat()
    assert {r["status"] for r in rows["_"]["indicators"]} <= {
        "no_data", "achieved", "on_track", "moderate", "limited", "deterioration", "no_baseline"}


def test_init_twice_is_harmless(cli):
    first = cli.ok("init")
    assert "plan loaded: 9 indicators, 10 regions" in first.stderr
    before = digest(cli.db)
    again = cli.ok("init")
    assert "already loaded" in again.stderr
    assert digest(cli.db) == before


def test_init_reports_what_changed(cli, tmp_path):
    import shutil

    from ipcity.plan.load import bundled_plan_dir

    cli.ok("init")
    folder = tmp_path / "plan"
    shutil.copytree(bundled_plan_dir(), folder)
    path = folder / "targets.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("      value: 3600\n", "      value: 3700\n"), encoding="utf-8")
    result = cli.ok("init", "--plan", str(folder))
    assert "indicators changed: invention_patents" in result.stderr


def test_record_money_and_per_10k(ready):
    ready.ok("record", "tech_contract_turnover", "35亿元", "--period", "2024")
    ready.ok("record", "support_funds", "300万元", "--period", "2024Q1")
    ready.ok("record", "population", "438万人", "--period", "2023")
    ready.ok("record", "invention_patents", "3,250件", "--period", "2023")
    rows = status_of(ready)
    assert rows["tech_contract_turnover"]["value"] == 3.5e9
    assert rows["support_funds"]["value"] == 3e6
    assert rows["invention_patents_per_10k"]["value"] == pytest.approx(7.42, abs=0.005)
    assert rows["invention_patents_per_10k"]["ratio"]["denominator_period"] == "2023"


def test_second_value_is_refused_then_corrected_with_history(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023", "--source", "市市场监管局")
    before = digest(ready.db)
    refused = ready("record", "invention_patents", "3300", "--period", "2023")
    assert refused.exit_code == 1
    assert "already 3,250件" in refused.stderr and "--correct" in refused.stderr
    assert digest(ready.db) == before
    fixed = ready.ok("record", "invention_patents", "3300", "--period", "2023", "--correct")
    assert "was 3,250件" in fixed.stderr
    history = json.loads(ready.ok("history", "invention_patents", "--format", "json").stdout)["history"]
    assert [(h["value"], h["current"]) for h in history] == [(3250, False), (3300, True)]
    assert history[0]["superseded_at"] is not None and history[0]["source"] == "市市场监管局"


def test_same_value_again_changes_nothing(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    before = digest(ready.db)
    again = ready.ok("record", "invention_patents", "3,250", "--period", "2023")
    assert "nothing changed" in again.stderr
    assert digest(ready.db) == before


def test_dry_run_shows_and_stores_nothing(ready):
    before = digest(ready.db)
    result = ready.ok("record", "trademarks", "6.8万件", "--period", "2023", "--dry-run")
    assert "would be added" in result.stdout and "68,000件" in result.stdout
    assert digest(ready.db) == before


def test_region_option(ready):
    ready.ok("record", "invention_patents", "410", "--period", "2023", "--region", "长葛市")
    rows = status_of(ready, "--region", "长葛市")
    assert rows["_"]["region"] == "长葛市" and rows["invention_patents"]["value"] == 410
    assert rows["invention_patents"]["status"] == "no_target"  # the plan sets 长葛市 no target of its own
    city = status_of(ready)["invention_patents"]
    assert city["value"] == 410  # the city has no figure of its own: the sum of its regions
    assert any("no figure from 魏都区" in note for note in city["notes"])


def test_two_clocks_as_of_takes_corrections_known_at_does_not(ready):
    """The method: "--as-of DATE: periods that ended by then, with everything now known about
    them (latest corrections). --known-at TIMESTAMP: exactly what the database held then"."""
    with Store.open(ready.db) as store:
        store.figures.record(NewObservation("invention_patents", "许昌市", parse_period("2023"), 3250.0),
                     now=datetime(2024, 1, 20, tzinfo=UTC))
        store.figures.record(NewObservation("invention_patents", "许昌市", parse_period("2023"), 3280.0), correct=True,
                     now=datetime(2024, 4, 15, tzinfo=UTC))
        store.figures.record(NewObservation("invention_patents", "许昌市", parse_period("2024-06"), 3400.0),
                     now=datetime(2024, 7, 10, tzinfo=UTC))
    then = status_of(ready, "--as-of", "2024-03-31")
    assert then["_"]["as_of"] == "2024-03-31" and "known_at" not in then["_"]
    assert (then["invention_patents"]["value"], then["invention_patents"]["period"]) == (3280, "2023")
    meeting = status_of(ready, "--as-of", "2024-03-31", "--known-at", "2024-03-31T18:00+00:00")
    assert meeting["_"]["known_at"] == "2024-03-31T18:00:00+00:00"
    assert (meeting["invention_patents"]["value"], meeting["invention_patents"]["period"]) == (3250, "2023")
    before_anything = status_of(ready, "--known-at", "2024-01-01")
    assert before_anything["invention_patents"]["status"] == "no_data"
    july = status_of(ready, "--as-of", "2024-07-31")
    assert (july["invention_patents"]["value"], july["invention_patents"]["period"]) == (3400, "2024-06")


def test_known_at_must_be_a_moment(ready):
    ready.refuses("status", "--known-at", "yesterday", message="'yesterday' is not a date or time")


def test_status_table_fits_and_reads_with_chinese(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    out = ready.ok("status", "--as-of", "2024-01-31").stdout
    lines = out.splitlines()
    assert any("有效发明专利拥有量" in line and "3,250" in line and "◐ 偏慢" in line for line in lines)
    from rich.cells import cell_len

    assert max(cell_len(line) for line in lines) <= 120
    assert "on track or achieved" in out


def test_status_money_reads_in_yi_yuan(ready):
    ready.ok("record", "tech_contract_turnover", "15.4亿元", "--period", "2024Q2")
    out = ready.ok("status").stdout
    row = next(line for line in out.splitlines() if "技术合同成交额" in line)
    assert "亿元" in row and "15.40" in row and "35.00" in row


def test_status_csv_and_markdown(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    csv_out = ready.ok("status", "--format", "csv", "--as-of", "2024-01-31").stdout.splitlines()
    assert csv_out[0].startswith("as_of,region,key,name")
    patents = next(line for line in csv_out if ",invention_patents," in line)
    assert ",3250.0," in patents and ",moderate," in patents
    md = ready.ok("status", "--format", "md").stdout
    assert "| 有效发明专利拥有量 | 件 |" in md


def test_indicators_and_db_path(ready):
    out = ready.ok("indicators", "--format", "json").stdout
    assert json.loads(out)[0]["key"] == "invention_patents"
    assert ready.ok("db", "path").stdout.strip() == str(ready.db)


def test_default_db_is_in_the_user_data_dir_and_env_overrides(cli, monkeypatch, tmp_path):
    monkeypatch.delenv("IPCITY_DB")
    result = cli("db", "path", db=False)
    assert result.stdout.strip().endswith(os.path.join("ipcity", "ipcity.db"))
    monkeypatch.setenv("IPCITY_DB", str(tmp_path / "env.db"))
    assert cli("db", "path", db=False).stdout.strip() == str(tmp_path / "env.db")


def test_plan_check(cli, tmp_path):
    assert "ok — 9 indicators" in cli.ok("plan", "check").stderr
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "targets.yaml").write_text("plan: [unclosed\n", encoding="utf-8")
    result = cli("plan", "check", "--plan", str(folder))
    assert result.exit_code == 1
    assert f"{folder / 'targets.yaml'}:2: error: is not valid YAML: did not find expected ',' or ']'" in result.stderr
    assert "Traceback" not in result.stderr


# --- bad input: one clear line, non-zero exit, the database unchanged ------------------

BAD = [
    (["record", "invention_patent", "3250", "--period", "2023"],
     "unknown indicator 'invention_patent'; did you mean 'invention_patents'?"),
    (["record", "invention_patents", "lots", "--period", "2023"], "'lots' is not a number"),
    (["record", "ip_pledge_financing", "1亿件", "--period", "2023"], "is in 件, but this indicator is counted in 元"),
    (["record", "invention_patents", "300万元", "--period", "2023"], "is in 元, but this indicator is counted in 件"),
    (["record", "invention_patents", "--period", "2023", "--", "-5"], "is negative"),
    (["record", "invention_patents", "3250", "--period", "2023", "--region", "火星市"], "unknown region '火星市'"),
    (["record", "invention_patents", "3250", "--period", "2023-13"], "bad period '2023-13'"),
    (["record", "invention_patents", "3250", "--period", "2100"], "has not started yet"),
    (["record", "invention_patents_per_10k", "7.4", "--period", "2023"], "record invention_patents and population instead"),
    (["status", "--as-of", "last week"], "'last week' is not a date"),
    (["status", "--region", "火星市"], "unknown region"),
    (["history", "nope"], "unknown indicator 'nope'"),
]


@pytest.mark.parametrize("args, message", BAD, ids=[" ".join(a[:2]) + "|" + m[:20] for a, m in BAD])
def test_bad_input_is_one_clear_line_and_changes_nothing(ready, args, message):
    ready.ok("record", "invention_patents", "3000", "--period", "2022")
    ready.refuses(*args, message=message)


def test_usage_error_exits_2(ready):
    result = ready("record", "invention_patents", "3250")
    assert result.exit_code == 2 and "Missing option '--period'" in result.stderr
    assert ready("status", "--format", "pdf").exit_code == 2


def test_missing_database(cli):
    result = cli("status")
    assert result.exit_code == 1
    assert "no database at" in result.stderr and "ipcity init" in result.stderr
    assert not cli.db.exists()


def test_database_from_a_newer_ipcity(ready):
    set_schema_version(ready.db, SCHEMA_VERSION + 5)
    before = digest(ready.db)
    result = ready("status")
    assert result.exit_code == 1 and "newer ipcity" in result.stderr
    assert digest(ready.db) == before


@pytest.mark.sqlite_only
def test_not_a_database_file(cli, tmp_path):
    cli.db.write_text("this is a spreadsheet, honest")
    result = cli("status")
    assert result.exit_code == 1 and "is not an SQLite database" in result.stderr
    assert cli.db.read_text() == "this is a spreadsheet, honest"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only files")
@pytest.mark.sqlite_only
def test_read_only_database(ready):
    ready.db.chmod(stat.S_IREAD)
    result = ready("record", "invention_patents", "3250", "--period", "2023")
    assert result.exit_code == 1 and "read-only" in result.stderr


@pytest.mark.sqlite_only
def test_unwritable_location(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = cli.runner.invoke(cli_app(), ["--db", str(blocker / "sub" / "x.db"), "init"])
    assert result.exit_code == 1 and "cannot create the folder" in result.stderr


@pytest.mark.sqlite_only
def test_locked_database(ready):
    holder = sqlite3.connect(ready.db, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        os.environ["IPCITY_BUSY_TIMEOUT_MS"] = "100"
        result = ready("record", "invention_patents", "3250", "--period", "2023")
    finally:
        os.environ.pop("IPCITY_BUSY_TIMEOUT_MS", None)
        holder.rollback()
        holder.close()
    assert result.exit_code == 1 and "is busy" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_plan_yaml_on_init_leaves_no_database(cli, tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "targets.yaml").write_text("indicators:\n  - key: x\n    kind: [\n", encoding="utf-8")
    result = cli("init", "--plan", str(folder))
    assert result.exit_code == 1 and "is not valid YAML" in result.stderr
    assert not cli.db.exists()


def cli_app():
    from ipcity.cli import app

    return app


def test_every_command_is_in_the_readme():
    """Like sqlite-utils: a command nobody can find in the README does not exist."""
    from pathlib import Path

    import typer

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    root = typer.main.get_command(cli_app())
    names = []
    for name, command in root.commands.items():
        subcommands = getattr(command, "commands", None)
        names += [f"ipcity {name} {sub}" for sub in subcommands] if subcommands else [f"ipcity {name}"]
    assert len(names) > 15
    for name in names:
        assert name in readme, name
    for text in ("status --trend", "--fail-on", "crontab"):
        assert text in readme, text


def test_narrow_terminal_drops_columns_in_order_and_keeps_the_status():
    from ipcity.render.table import fit_columns

    widths = [24, 4, 6, 7, 7, 9, 6, 6, 6, 8, 8, 12]
    assert fit_columns(widths, 200) == (list(range(12)), 18)
    shown, name = fit_columns(widths, 100)
    assert 9 not in shown and 8 not in shown and 11 in shown
    shown, name = fit_columns(widths, 50)
    assert shown == [0, 1, 3, 5, 7, 11] and 4 <= name < 18


def test_markdown_never_carries_user_html_or_breaks_the_table(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023", "--note", "<script>alert(1)</script> | x")
    md = ready.ok("history", "invention_patents", "--format", "md").stdout
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt; \\| x" in md


def test_implausible_figure_is_recorded_with_a_warning(ready):
    result = ready.ok("record", "trademarks", "1亿件", "--period", "2023")
    assert "warning: 100,000,000件 is 1,471 times the target 68,000件" in result.stderr
    assert "warning" not in ready.ok("record", "trademarks", "6.8万", "--period", "2022").stderr
    assert "warning" not in ready.ok("record", "support_funds", "20万元", "--period", "2024-03").stderr
    assert "warning" not in ready.ok("record", "support_funds", "0", "--period", "2024-04").stderr
    assert "1,000 times" in ready.ok("record", "support_funds", "2.5亿", "--period", "2024-05").stderr


def test_help_and_completion_import_no_database_or_pydantic_stack():
    """`ipcity --help` and every Tab of shell completion stay near the cost of `import typer`."""
    import subprocess
    import sys

    heavy = ("sqlalchemy", "sqlmodel", "pydantic", "rich", "yaml", "openpyxl")
    code = "import sys; sys.argv = ['ipcity'] + sys.argv[1:]; from ipcity.cli import main; main()"
    env = dict(os.environ, _IPCITY_COMPLETE="complete_bash", COMP_WORDS="ipcity st", COMP_CWORD="1")
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.stdout.split() == ["status"]
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    assert not imported & set(heavy), imported & set(heavy)
    chinese = {k: v for k, v in os.environ.items() if k != "IPCITY_LANG"}  # the default language
    helped = subprocess.run([sys.executable, "-X", "importtime", "-c", code, "--help"], capture_output=True, text=True,
                            env=chinese, check=False)
    assert "用法： ipcity" in helped.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in helped.stderr.splitlines() if "|" in line}
    assert not imported & set(heavy), imported & set(heavy)


def test_a_choice_outside_its_values_is_a_usage_error(ready):
    result = ready("status", "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'table', 'json', 'csv', 'md'" in result.stderr and "Traceback" not in result.stderr


def test_status_parses_its_choices_without_pydantic(ready):
    """Typer builds a pydantic adapter for an option it parses; --format and --by are made
    without one, so `status` starts within its budget (benchmarks/startup.py)."""
    code = ("import sys; sys.argv = ['ipcity', '--db', sys.argv[1], 'status', '--format', 'json', '--by', 'region']\n"
            "from ipcity.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('pydantic' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, str(ready.db)], capture_output=True, text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr


def test_command_modules_keep_their_annotations_evaluated():
    """Typer compiles every annotation that is a string at each start (a fifth of `--help`):
    the modules that declare commands do without `from __future__ import annotations`."""
    from pathlib import Path

    import ipcity.cli

    folder = Path(ipcity.cli.__file__).parent
    postponed = [p.name for p in folder.glob("*.py")
                 if ".command(" in p.read_text(encoding="utf-8")
                 and "from __future__ import annotations" in p.read_text(encoding="utf-8")]
    assert postponed == []

"""User text is text: notes, sources, evidence and plan names are printed as written (never
read as Rich markup) and control characters never reach the terminal; on the way in they
are refused, with the database unchanged."""

from __future__ import annotations

import shutil

from conftest import digest
from ipcity.cli import app
from ipcity.plan.load import bundled_plan_dir

LINK = "[link=file:///etc/passwd]x[/link]"
RED = "[red]y[/red]"
ESC = "a\x1b[2Jb"


def wide(cli, *args: str) -> str:
    """stdout of a command on a terminal wide enough that no cell wraps."""
    result = cli.runner.invoke(app, ["--db", str(cli.db), *args], env={"COLUMNS": "300", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_notes_and_sources_print_as_written_in_history_and_log(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023", "--note", LINK, "--source", RED)
    history = wide(ready, "history", "invention_patents")
    assert f"│ {RED} " in history and f"│ {LINK} " in history
    assert f"│ {RED} " in wide(ready, "log")


def test_a_task_note_prints_as_written(ready):
    ready.ok("task", "update", "4", "--note", RED)
    assert RED in ready.ok("task", "show", "4").stdout


def test_markup_in_a_plan_name_prints_as_written(cli, tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(bundled_plan_dir(), folder)
    targets = folder / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(text.replace("name: 许昌市推进知识产权强市建设行动方案", "name: \"[bold]某市[/bold]方案\"", 1),
                       encoding="utf-8")
    cli.ok("init", "--plan", str(folder))
    assert "[bold]某市[/bold]方案" in cli.ok("status", "--as-of", "2024-06-30").stdout
    assert "[bold]某市[/bold]方案" in cli.ok("tasks", "--as-of", "2024-06-30").stdout


def test_control_characters_are_refused_on_the_way_in(ready, tmp_path):
    ready.refuses("record", "invention_patents", "3250", "--period", "2023", "--note", ESC,
                  message="--note contains the control character U+001B (a␛[2Jb)")
    ready.refuses("record", "invention_patents", "3250", "--period", "2023", "--source", "x\x00",
                  message="--source contains the control character U+0000")
    ready.refuses("task", "update", "4", "--note", ESC, message="--note contains the control character")
    sheet = tmp_path / "bad.csv"
    sheet.write_text("indicator,period,value,note\ninvention_patents,2023,3250,a\x1b[2Jb\n", encoding="utf-8")
    before = digest(ready.db)
    result = ready("import", str(sheet))
    assert result.exit_code == 1
    assert "row 2, note 'a␛[2Jb': contains a control character" in result.stderr
    assert "\x1b" not in result.stderr and digest(ready.db) == before


def test_a_control_character_in_an_argument_is_shown_not_sent(ready):
    result = ready.refuses("record", "invention_patents", "3250", "--period", "2023", "--region", "\x1b[2J",
                           message="unknown region '␛[2J'")
    assert "\x1b" not in result.stderr


def test_a_plan_with_a_control_character_is_refused_with_its_line(cli, tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(bundled_plan_dir(), folder)
    targets = folder / "targets.yaml"
    lines = targets.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("  name: ")) + 1
    lines[number - 1] = '  name: "某市\\e[2J方案"\n'
    targets.write_text("".join(lines), encoding="utf-8")
    result = cli("plan", "check", "--plan", str(folder))
    assert result.exit_code == 1
    assert f"targets.yaml:{number}: error: plan.name: contains a control character (某市␛[2J方案)" in result.stderr


def test_formula_text_in_plan_names_is_neutralised_in_every_csv(cli, tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(bundled_plan_dir(), folder)
    targets = folder / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(text.replace("name: 有效发明专利拥有量\n", "name: \"=1+1\"\n", 1), encoding="utf-8")
    cli.ok("init", "--plan", str(folder))
    for args in (("status", "--as-of", "2024-06-30"), ("indicators",), ("status", "--by", "region", "--as-of", "2024-06-30")):
        out = cli.ok(*args, "--format", "csv").stdout
        assert ",'=1+1," in out and ",=1+1," not in out, args

"""Chinese by default, English on request (IPCITY_LANG=en or --lang en): every command's
help in both, status and errors; JSON keys and status codes the same in both."""

from __future__ import annotations

import json
import re

import pytest
import typer.main
from typer import _click as click
from typer.testing import CliRunner

from conftest import WIDTH
from ipcity.cli import app
from ipcity.base.i18n import has_chinese

CJK = re.compile(r"[\u4e00-\u9fff]")


def command_paths() -> list[tuple[list[str], object]]:
    """Every command and group, as the words that reach it, with its click object."""
    root = typer.main.get_command(app)
    found = [([], root)]

    def walk(group, ctx, words):
        for name in group.list_commands(ctx):
            sub = group.get_command(ctx, name)
            found.append((words + [name], sub))
            if hasattr(sub, "list_commands"):
                walk(sub, click.Context(sub, parent=ctx, info_name=name), words + [name])

    walk(root, click.Context(root, info_name="ipcity"), [])
    return found


def run(args, lang=None):
    env = {"COLUMNS": str(WIDTH), "NO_COLOR": "1", "IPCITY_LANG": lang}
    return CliRunner().invoke(app, args, env=env)


PATHS = command_paths()


def test_every_help_text_has_its_chinese():
    missing = []
    for words, command in PATHS:
        texts = [getattr(command, "_msgid_help", None) or command.help]
        texts += [getattr(p, "_msgid_help", None) or p.help for p in command.params if getattr(p, "help", None)]
        missing += [(" ".join(words), t) for t in texts if t and not has_chinese(t)]
    assert not missing, missing[:5]
    assert len(PATHS) > 25


@pytest.mark.parametrize("words", [w for w, _ in PATHS], ids=lambda w: " ".join(w) or "ipcity")
def test_every_command_help_in_chinese_and_in_english(words):
    chinese = run(words + ["--help"])
    assert chinese.exit_code == 0, chinese.output
    assert chinese.stdout.startswith("用法：") and "Usage" not in chinese.stdout
    assert "显示此帮助并退出。" in chinese.stdout
    english = run(words + ["--help"], lang="en")
    assert english.exit_code == 0 and english.stdout.startswith("Usage:")
    assert "Show this message and exit." in english.stdout and "用法" not in english.stdout
    again = run(["--lang", "en"] + words + ["--help"])  # --lang as well as IPCITY_LANG
    assert again.stdout == english.stdout


def test_status_errors_and_messages_in_chinese_by_default_and_english_on_request(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    db = ["--db", str(ready.db)]
    chinese = run(db + ["status", "--as-of", "2024-06-30"])
    assert "截至 2024-06-30" in chinese.stdout and "项中" in chinese.stdout and "正常或已达成" in chinese.stdout
    assert "on track" not in chinese.stdout and "as of" not in chinese.stdout
    english = run(db + ["status", "--as-of", "2024-06-30"], lang="en")
    assert "as of 2024-06-30" in english.stdout and "on track or achieved" in english.stdout
    assert run(db + ["--lang", "en", "status", "--as-of", "2024-06-30"]).stdout == english.stdout
    refused = run(db + ["record", "invention_patent", "3300", "--period", "2023"])
    assert refused.exit_code == 1
    assert refused.stderr == ("ipcity：错误：没有指标“invention_patent”；是不是“invention_patents”？"
                              "运行 `ipcity indicators` 查看全部指标\n")
    refused = run(db + ["record", "invention_patent", "3300", "--period", "2023"], lang="en")
    assert refused.stderr.startswith("ipcity: error: unknown indicator 'invention_patent'; did you mean")
    money = run(db + ["record", "tech_contract_turnover", "35", "--period", "2023"])
    assert "是 35亿元 还是 35万元" in money.stderr and not re.search(r"[a-z]{3,} [a-z]{3,}", money.stderr)
    added = run(db + ["record", "trademarks", "6.8万", "--period", "2023"])
    assert added.stderr.startswith("已录入：trademarks")


def test_json_keys_and_status_codes_are_the_same_in_both_languages(ready):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    db = ["--db", str(ready.db)]
    chinese = json.loads(run(db + ["status", "--as-of", "2024-06-30", "--format", "json"]).stdout)
    english = json.loads(run(db + ["status", "--as-of", "2024-06-30", "--format", "json"], lang="en").stdout)
    assert chinese.keys() == english.keys()
    assert [(i["key"], i["status"]) for i in chinese["indicators"]] == [(i["key"], i["status"]) for i in english["indicators"]]
    assert CJK.search(chinese["summary"]) and not CJK.search(english["summary"])

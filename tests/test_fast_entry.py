"""Fast entry: several figures in one command or from stdin, in one transaction."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import WIDTH, digest
from typer.testing import CliRunner

from ipcity.cli import app


def values(cli, *args):
    data = json.loads(cli.ok("status", "--format", "json", *args).stdout)
    return {r["key"]: r["value"] for r in data["indicators"] + data["context"]}


def stdin(cli, text, *args):
    return CliRunner().invoke(app, ["--db", str(cli.db), *args], input=text,
                              env={"COLUMNS": str(WIDTH), "NO_COLOR": "1", "IPCITY_LANG": "en"})


def test_several_figures_in_one_command(ready):
    result = ready.ok("record", "trademarks", "6.9万", "tech_contract_turnover", "1.2亿元", "--period", "2024-06",
                      "--source", "市局")
    assert result.stderr.count("added:") == 2
    got = values(ready, "--as-of", "2024-06-30")
    assert got["trademarks"] == 69000 and got["tech_contract_turnover"] == 1.2e8


def test_one_refused_figure_stores_none_of_them(ready):
    before = digest(ready.db)
    ready.refuses("record", "trademarks", "6.9万", "tech_contract_turnover", "1.2", "--period", "2024-06",
                  message="1.2亿元 or 1.2万元")
    ready.refuses("record", "trademarks", "6.9万", "trademarks", "7万", "--period", "2024-06", message="given twice")
    ready.refuses("record", "trademarks", "6.9万", "population", "--period", "2024-06", message="'population' has no value")
    ready.ok("record", "trademarks", "6.8万", "--period", "2024-05")
    changed = digest(ready.db)
    ready.refuses("record", "invention_patents", "3300", "trademarks", "6.5万", "--period", "2024-05",
                  message="already 68,000件")
    assert digest(ready.db) == changed != before
    assert values(ready, "--as-of", "2024-05-31")["invention_patents"] is None


def test_figures_from_stdin(ready):
    text = "# June\ninvention_patents 3400\ninvention_patents 410 长葛市\n\ntrademarks\t6.9万\n"
    result = stdin(ready, text, "record", "-", "--period", "2024-06")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("added:") == 3
    assert values(ready, "--region", "长葛市", "--as-of", "2024-06-30")["invention_patents"] == 410
    before = digest(ready.db)
    bad = stdin(ready, "trademarks 7万\nsupport_funds 300 万元 extra\n", "record", "-", "--period", "2024-07")
    assert bad.exit_code == 1 and "stdin line 2" in bad.stderr
    assert digest(ready.db) == before


def complete(db, words: str) -> tuple[list[str], str]:
    """What bash completion offers for `words` (the last one being typed), and the modules
    the completing process imported."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, IPCITY_DB=str(db), _IPCITY_COMPLETE="complete_bash", COMP_WORDS=words,
               COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    code = ("import sys; sys.argv = ['ipcity']\nfrom ipcity.cli import main\ntry:\n    main()\nfinally:\n"
            "    print('MODULES', ' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('sqlalchemy', 'sqlmodel', 'pydantic', 'rich'))), file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    return result.stdout.split(), result.stderr


def test_completion_offers_keys_regions_tasks_statuses_milestones_without_the_orm(ready):
    keys, imported = complete(ready.db, "ipcity record inv")
    if not isinstance(ready.db, Path):  # a PostgreSQL server: a Tab reads no server, it offers nothing, quietly
        assert keys == [] and imported.strip() == "MODULES"
        return
    assert keys == ["invention_patents", "invention_patents_per_10k"]
    assert imported.strip() == "MODULES"  # neither SQLAlchemy nor the ORM nor rich
    assert complete(ready.db, "ipcity record 有效")[0] == ["有效发明专利拥有量", "有效商标注册总量"]
    assert complete(ready.db, "ipcity status --region 长")[0] == ["长葛市"]
    assert complete(ready.db, "ipcity task update S")[0] == ["S1", "S2", "S3"]
    assert complete(ready.db, "ipcity task update 4 --status ")[0] == ["not_started", "in_progress", "done", "blocked"]
    assert "breakthrough_copyright" in complete(ready.db, "ipcity milestone done b")[0]
    assert complete(ready.db.with_name("none.db"), "ipcity record inv")[0] == []  # no database: nothing


def test_chinese_names_are_accepted_for_keys_and_statuses(ready):
    ready.ok("record", "有效发明专利拥有量", "3300", "--period", "2023")
    assert values(ready, "--as-of", "2023-12-31")["invention_patents"] == 3300
    ready.ok("task", "update", "4", "--status", "进行中")
    ready.ok("task", "update", "4", "--status", "完成", "--force")
    tasks = json.loads(ready.ok("tasks", "--status", "已完成", "--format", "json").stdout)
    rows = tasks if isinstance(tasks, list) else tasks["tasks"]
    assert [t["number"] for t in rows] == ["4"]
    ready.refuses("task", "update", "4", "--status", "差不多", message="unknown status '差不多'")

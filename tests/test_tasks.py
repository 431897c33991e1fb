"""Key tasks, milestones and lead units."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime

import pytest

from ipcity.plan.load import bundled_plan_dir, load_plan

TASKS = """
units:
  - name: 市市场监督管理局
    kind: department
  - name: 市科学技术局
    kind: department
  - name: 各县〔市、区〕政府〔管委会〕
    kind: regions
    aliases: [各县〔市、区〕人民政府〔管委会〕]
groups:
  - key: creation
    number: 二
    title: 优化知识产权创造体系
  - key: utilisation
    number: 四
    title: 优化知识产权运用体系
tasks:
  - number: 4
    group: creation
    title: 培育壮大知识产权创新主体
    text: 新增各级知识产权强企3-5家。
    lead_units: [市市场监督管理局, 市科学技术局, 各县〔市、区〕人民政府〔管委会〕]
    lead_note: 按分工负责
    subtargets:
      - key: strong_enterprises
        text: 新增各级知识产权强企3-5家
        min: 3
        max: 5
        unit: 家
  - number: 12
    group: utilisation
    title: 实施专利转化专项计划
    text: 鼓励高校开展专利开放许可试点工作。
    lead_units: [市科学技术局]
    due: 2024-06-30
safeguards:
  - number: 1
    title: 加强组织领导
    text: 调整联席会议成员。
    lead_units: [各县〔市、区〕政府〔管委会〕]
"""


@pytest.fixture
def planned(ready, tmp_path):
    folder = tmp_path / "plan"
    folder.mkdir()
    shutil.copy(bundled_plan_dir() / "targets.yaml", folder / "targets.yaml")
    (folder / "tasks.yaml").write_text(TASKS, encoding="utf-8")
    ready.ok("init", "--plan", str(folder))
    return ready


def tasks_json(cli, *args):
    return json.loads(cli.ok("tasks", "--format", "json", *args).stdout)


def test_tasks_list_with_units_and_subtargets(planned):
    data = tasks_json(planned)
    assert [t["number"] for t in data["tasks"]] == ["4", "12"] and [s["number"] for s in data["safeguards"]] == ["S1"]
    four = data["tasks"][0]
    assert four["lead_units"][-1] == "各县〔市、区〕人民政府〔管委会〕"
    assert four["subtargets"][0]["min"] == 3 and four["status"] == "not_started"
    assert [t["number"] for t in tasks_json(planned, "--unit", "市科学技术局")["tasks"]] == ["4", "12"]
    # the regions' entry, under either spelling, is one unit standing for every region
    assert [s["number"] for s in tasks_json(planned, "--unit", "各县〔市、区〕政府〔管委会〕")["safeguards"]] == ["S1"]


def test_overdue_by_as_of(planned):
    assert [t["number"] for t in tasks_json(planned, "--overdue", "--as-of", "2024-07-01")["tasks"]] == ["12"]
    assert tasks_json(planned, "--overdue", "--as-of", "2024-06-30")["tasks"] == []
    assert [t["number"] for t in tasks_json(planned, "--overdue", "--as-of", "2025-01-01")["tasks"]] == ["4", "12"]


def test_done_below_the_subtarget_minimum_needs_force(planned):
    refused = planned("task", "update", "4", "--status", "done", "--count", "strong_enterprises=2")
    assert refused.exit_code == 1
    assert "strong_enterprises is 2, the plan asks for 3–5" in refused.stderr and "--force" in refused.stderr
    planned.ok("task", "update", "4", "--count", "strong_enterprises=2", "--note", "两家通过认定")
    four = tasks_json(planned)["tasks"][0]
    assert four["subtargets"][0]["count"] == 2 and four["status"] == "not_started"
    planned.ok("task", "update", "4", "--status", "done", "--count", "strong_enterprises=3")
    assert tasks_json(planned)["tasks"][0]["status"] == "done"
    planned.ok("task", "update", "12", "--status", "done", "--force")
    table = planned.ok("tasks").stdout
    assert "3 of 3–5" in table


def test_unit_view_counts_after_a_sequence_of_updates(planned):
    from ipcity.store import Store

    with Store.open(planned.db) as store:  # updates written in 2024, so --as-of can see them
        store.work.add_task_update("4", "in_progress", {}, None, None, now=datetime(2024, 3, 1, tzinfo=UTC))
        store.work.add_task_update("12", "blocked", {}, "等待省厅批复", None, now=datetime(2024, 5, 1, tzinfo=UTC))
        store.work.add_task_update("S1", "done", {}, None, None, now=datetime(2024, 5, 2, tzinfo=UTC))
        store.work.add_task_update("4", "done", {"strong_enterprises": 4}, None, None, now=datetime(2024, 11, 1, tzinfo=UTC))

    def units(as_of):
        return {u["unit"]: u for u in json.loads(planned.ok("units", "--as-of", as_of, "--format", "json").stdout)["units"]}

    may = units("2024-05-31")
    assert tuple(may["市科学技术局"][k] for k in ("led", "in_progress", "blocked", "done", "overdue")) == (2, 1, 1, 0, 0)
    assert (may["各县〔市、区〕政府〔管委会〕"]["led"], may["各县〔市、区〕政府〔管委会〕"]["done"]) == (2, 1)
    july = units("2024-07-15")
    assert july["市科学技术局"]["overdue"] == 1  # task 12 was due 2024-06-30 and is blocked
    order = [u["unit"] for u in json.loads(planned.ok("units", "--as-of", "2024-07-15", "--format", "json").stdout)["units"]]
    assert order[0] == "市科学技术局"  # the unit with an overdue task comes first
    december = units("2024-12-01")
    assert tuple(december["市科学技术局"][k] for k in ("done", "blocked")) == (1, 1)
    assert december["市市场监督管理局"]["done"] == 1


def test_task_updates_are_kept_with_time_and_author(planned):
    planned.ok("task", "update", "4", "--status", "in_progress", "--note", "启动培育")
    planned.ok("task", "update", "4", "--note", "第二次调度")
    shown = planned.ok("task", "show", "4").stdout
    assert "启动培育" in shown and "第二次调度" in shown and "in_progress" in shown


@pytest.mark.parametrize(
    "args, message",
    [
        (["task", "update", "99", "--status", "done"], "unknown task '99'"),
        (["task", "update", "4", "--status", "finished"], "unknown status 'finished'"),
        (["task", "update", "4", "--count", "strong_enterprises=-1"], "is negative"),
        (["task", "update", "4", "--count", "strong_enterprises=two"], "is not a whole number"),
        (["task", "update", "4", "--count", "stations=2"], "has no sub-target 'stations'"),
        (["task", "update", "4"], "nothing to update"),
        (["tasks", "--unit", "市科技局"], "unknown unit '市科技局'; did you mean '市科学技术局'?"),
        (["milestone", "done", "pilot_city_apply", "--date", "2020-01-01"], "is before the plan began"),
        (["milestone", "done", "pilot_city", "--date", "2023-12-20"], "unknown milestone 'pilot_city'"),
        (["task", "update", "4", "--evidence", "/no/such/file.pdf", "--note", "x"], "does not exist"),
    ],
)
def test_bad_task_input_changes_nothing(planned, args, message):
    planned.refuses(*args, message=message)


def test_milestones_overdue_and_done(planned):
    rows = {m["key"]: m for m in json.loads(planned.ok("milestones", "--as-of", "2024-01-15", "--format",
                                                       "json").stdout)["milestones"]}
    assert rows["pilot_city_apply"]["status"] == "overdue" and rows["pilot_city_submit"]["status"] == "pending"
    planned.ok("milestone", "done", "pilot_city_apply", "--date", "2023-12-20")
    rows = {m["key"]: m for m in json.loads(planned.ok("milestones", "--as-of", "2024-01-15", "--format",
                                                       "json").stdout)["milestones"]}
    assert rows["pilot_city_apply"]["status"] == "done" and rows["pilot_city_apply"]["done_on"] == "2023-12-20"


def test_milestone_counts_reach_status(planned):
    def breakthrough(*args):
        data = json.loads(planned.ok("status", "--format", "json", *args).stdout)
        return next(r for r in data["indicators"] if r["key"] == "breakthrough_projects")

    assert breakthrough()["status"] == "no_data"  # nobody has marked a milestone yet
    planned.ok("milestone", "done", "pilot_city_apply", "--date", "2023-12-20")
    assert breakthrough()["value"] == 0  # milestones are tracked now: none of the four is done
    planned.ok("milestone", "done", "breakthrough_patent_navigation", "--date", "2024-03-10")
    planned.ok("milestone", "done", "breakthrough_copyright", "--date", "2024-05-20")
    assert breakthrough()["value"] == 2
    assert breakthrough("--as-of", "2024-04-30")["value"] == 1
    refused = planned("record", "breakthrough_projects", "3", "--period", "2024")
    assert refused.exit_code == 1 and "ipcity milestone done" in refused.stderr


def test_bundled_tasks_are_the_plans(ready):
    data = tasks_json(ready)
    assert [t["number"] for t in data["tasks"]] == [str(n) for n in range(1, 18)]
    assert [s["number"] for s in data["safeguards"]] == ["S1", "S2", "S3"]
    thirteen = data["tasks"][12]["lead_units"]
    assert thirteen == ["市市场监督管理局", "市发展和改革委员会", "市财政局", "市金融工作局", "中国人民银行许昌市分行",
                        "国家金融监督管理总局许昌监管分局", "各县〔市、区〕政府〔管委会〕"]
    seven = data["tasks"][6]["lead_units"]
    assert len(seven) == 10 and seven[-1] == "各县〔市、区〕政府〔管委会〕" and seven[1] == "市中级人民法院"
    assert data["tasks"][0]["lead_units"][-1] == "各县〔市、区〕人民政府〔管委会〕"  # as task 1 writes it
    groups = [t["group"] for t in data["tasks"]]
    assert groups == ["institutions"] * 3 + ["creation"] * 3 + ["protection"] * 5 + ["utilisation"] * 3 + \
        ["services"] * 2 + ["culture"]
    subtargets = {s["key"]: (s["min"], s["max"]) for t in data["tasks"] for s in t["subtargets"]}
    assert subtargets["strong_enterprises"] == (3, 5) and subtargets["brand_guidance_stations"] == (2, 3)
    assert {"high_value_patent_centre", "satisfaction_survey", "university_operation_centre", "public_service_list",
            "trademark_window", "junci_rapid_protection_centre", "publicity_week"} <= subtargets.keys()


def test_bundled_tasks_are_verbatim():
    """Every task's title and text, joined, stand in the plan's official paragraph."""
    from pathlib import Path

    source = Path(__file__).parent / "data" / "plan-paragraphs.txt"
    plan = load_plan().plan
    text = source.read_text(encoding="utf-8")
    for task in plan.tasks:
        assert f"{task.number}.{task.title}。{task.text}" in text, task.number
    for guard in plan.safeguards:
        assert f"{guard.title}。{guard.text}" in text, guard.number


def test_the_county_governments_entry_counts_once_for_every_region(ready):
    rows = {u["unit"]: u for u in json.loads(ready.ok("units", "--format", "json").stdout)["units"]}
    regions = rows["各县〔市、区〕政府〔管委会〕"]
    assert regions["led"] == 20 and regions["kind"] == "regions"  # every task and safeguard
    assert rows["市市场监督管理局"]["led"] >= 13


def test_the_briefing_groups_a_unit_under_its_declared_name_once(ready):
    """Task 1 writes the county governments as 各县〔市、区〕人民政府〔管委会〕, an alias of
    各县〔市、区〕政府〔管委会〕: overdue work lists them as one unit."""
    report = ready.ok("report", "--period", "2026-01", "--format", "md").stdout
    work = report[report.index("## 三、"):report.index("## 四、")]
    assert "人民政府〔管委会〕" not in work
    rows = [line for line in work.splitlines() if line.startswith("| 各县〔市、区〕政府〔管委会〕 |")]
    assert len(rows) == 1 and "| 1、2、3、" in rows[0]  # one row for the unit, its tasks in it
    assert len(work.splitlines()) < 40  # one row a unit: the section fits on a page

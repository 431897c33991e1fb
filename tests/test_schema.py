"""The plan schema (data/plan.schema.json, printed by `ipcity plan schema`) and `ipcity plan
check` agree: every valid fixture passes both, every invalid one is refused by both; and
`ipcity plan new` writes a plan that passes both unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from ipcity.base.errors import PlanError
from ipcity.plan import check, model
from ipcity.plan.load import _jsonable, bundled_plan_dir, load_plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "targets.yaml").is_file())
SCHEMA = json.loads((bundled_plan_dir() / "plan.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)  # draft-07: what YAML language servers implement


def schema_errors(folder: Path) -> list[str]:
    found = []
    for name in ("targets.yaml", "tasks.yaml"):
        path = folder / name
        if path.is_file():
            data = _jsonable(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
            found += [f"{name}: {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(data)]
    return found


def check_errors(folder: Path) -> list[str]:
    try:
        load_plan(folder)
    except PlanError as error:
        return [str(p) for p in error.problems]
    return []


def test_the_schema_is_valid_and_printed_as_shipped(cli):
    assert jsonschema.validators.validator_for(SCHEMA) is jsonschema.Draft7Validator
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    printed = cli.ok("plan", "schema").stdout
    assert json.loads(printed) == SCHEMA


def test_the_printed_schema_validates_the_bundled_plan_and_every_example(cli, tmp_path):
    printed = jsonschema.Draft7Validator(json.loads(cli.ok("plan", "schema").stdout))
    assert EXAMPLES, "examples/ holds a second plan"
    for folder in [bundled_plan_dir(), *EXAMPLES]:
        for name in ("targets.yaml", "tasks.yaml"):
            data = _jsonable(yaml.safe_load((folder / name).read_text(encoding="utf-8")))
            assert list(printed.iter_errors(data)) == [], f"{folder}/{name}"
        assert check_errors(folder) == []


def test_plan_new_passes_plan_check_and_the_schema_unchanged(cli, tmp_path):
    folder = tmp_path / "某某市"
    result = cli.ok("plan", "new", str(folder), "--city", "某某市")
    assert "wrote" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["plan.schema.json", "targets.yaml", "tasks.yaml"]
    assert schema_errors(folder) == [] and check_errors(folder) == []
    checked = cli.ok("plan", "check", "--plan", str(folder))
    assert "ok — 5 indicators, 1 regions" in checked.stderr and "warning" not in checked.stderr
    assert folder.joinpath("targets.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=plan.schema.json\n")
    cli.ok("init", "--plan", str(folder))
    cli.ok("record", "patent_conversion_rate", "22%", "--period", str(load_plan(folder).plan.info.start.year - 1))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    cli.refuses("plan", "new", str(folder), "--city", "某某市", message="already has targets.yaml")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    odd = tmp_path / "odd"
    cli.ok("plan", "new", str(odd), "--city", 'A: "市" #1')
    assert load_plan(odd).plan.top_region.name == 'A: "市" #1'


# (file, text replaced (once), replacement): each makes the example plan invalid for both
INVALID = [
    ("targets.yaml", "    frequency: year\n    baseline:\n      value: 18\n",
     "    frequncy: year\n    baseline:\n      value: 18\n"),  # a misspelled key
    ("targets.yaml", "  issuer: 示例市人民政府\n", "  issuer: 示例市人民政府\n  colour: red\n"),
    ("targets.yaml", "      value: 1500\n", "      value: lots\n"),
    ("targets.yaml", "    kind: county\n    parent: 示例市\n  - name: 西县",
     "    kind: village\n    parent: 示例市\n  - name: 西县"),
    ("targets.yaml", "    name: 技术合同成交额\n", ""),
    ("targets.yaml", "      period: 2022\n    target:\n      type: at_least\n      value: 30\n",
     "      period: 2022-13\n    target:\n      type: at_least\n      value: 30\n"),
    ("targets.yaml", "      period: 2022\n    target:\n      type: at_least\n      value: 30\n",
     "      period: 2022H3\n    target:\n      type: at_least\n      value: 30\n"),
    ("targets.yaml", '    unit: "%"\n', "    unit: 万元\n"),
    ("targets.yaml", '    unit: "%"\n', "    unit: 2 件\n"),
    ("targets.yaml", "    range: [0, 365]\n", "    range: [0]\n"),
    ("targets.yaml", "    range: [0, 365]\n", "    range: [null, null]\n"),
    ("targets.yaml", "    reported_as: cumulative\n", "    reported_as: ytd\n"),
    ("targets.yaml", "    frequency: year\n    baseline:\n      value: 20\n",
     "    frequency: year\n    reported_as: cumulative\n    baseline:\n      value: 20\n"),
    ("targets.yaml", "    frequency: half\n    target:\n", "    frequency: weekly\n    target:\n"),
    ("targets.yaml", "      value: 2000000000\n", ""),  # at_least without a value
    ("targets.yaml", "      min: 25\n", "      value: 25\n"),  # range with a value, without min
    ("targets.yaml", "      type: improve\n      period: 2025\n", "      type: improve\n      value: 85\n      period: 2025\n"),
    ("targets.yaml", "    direction: decrease\n", "    direction: down\n"),
    ("targets.yaml", "    direction: decrease\n", "    direction: increase\n"),  # at_most is lower-is-better
    ("targets.yaml", "      type: at_most                  # shorter", "      type: at_least                 # shorter"),
    ("targets.yaml", "      - region: 西县\n        type: at_least\n", "      - region: 西县\n        type: at_most\n"),
    ("targets.yaml", "    kind: survey\n", "    kind: stock\n"),  # improve is for surveys
    ("targets.yaml", "    frequency: half\n    baseline:\n      value: 1200\n",
     "    frequency: half\n    scale: 10000\n    baseline:\n      value: 1200\n"),  # scale without a ratio
    ("targets.yaml", "  start: 2024-03-01\n", "  start: 1 March 2024\n"),
    ("targets.yaml", "  end: 2025-12-31\n", ""),
    ("targets.yaml", "    due: 2025-06-30\n", "    due: 2025-06-30\n    owner: 市市场监督管理局\n"),
    ("targets.yaml", "      - region: 东县\n        type: at_least\n", "      - region: 东县\n        type: most\n"),
    ("targets.yaml", "  issuer: 示例市人民政府\n", "  issuer: \"\\e[31m示例市人民政府\"\n"),  # a control character
    ("tasks.yaml", "  - number: 1\n    group: use\n", "  - number: one\n    group: use\n"),
    ("tasks.yaml", "    kind: department\n    aliases: [市市场监管局]\n", "    kind: ministry\n    aliases: [市市场监管局]\n"),
    ("tasks.yaml", "        min: 2\n", "        min: -2\n"),
    ("tasks.yaml", "        per_year: true\n", "        per_year: every\n"),
    ("tasks.yaml", "    lead_units: [市市场监督管理局]\n", "    lead_unit: [市市场监督管理局]\n"),
    ("tasks.yaml", "  - number: 1\n    title: 加强组织领导\n", "  - number: 1\n    titel: 加强组织领导\n"),
]


@pytest.mark.parametrize("file, old, new", INVALID, ids=[f"{i}-{f}" for i, (f, _, _) in enumerate(INVALID)])
def test_schema_and_plan_check_refuse_the_same_mistakes(tmp_path, file, old, new):
    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLES[0], folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert schema_errors(folder), "the schema accepts it"
    assert check_errors(folder), "plan check accepts it"


def test_the_schema_names_the_same_choices_as_plan_check():
    defs = SCHEMA["definitions"]
    indicator = defs["targets"]["properties"]["indicators"]["items"]["properties"]
    assert indicator["kind"]["enum"] == list(model.INDICATOR_KINDS)
    assert indicator["frequency"]["enum"] == list(model.FREQUENCIES)
    assert indicator["direction"]["enum"] == list(model.DIRECTIONS)
    assert indicator["reported_as"]["enum"] == list(model.REPORTED_AS)
    assert indicator["target"]["properties"]["type"]["enum"] == list(model.TARGET_TYPES)
    region = defs["targets"]["properties"]["regions"]["items"]["properties"]
    assert region["kind"]["enum"] == list(check.REGION_KINDS)
    unit = defs["tasks"]["properties"]["units"]["items"]["properties"]
    assert unit["kind"]["enum"] == list(check.UNIT_KINDS)


@pytest.mark.parametrize("period", ["2024", "2024年", "2024年度", "2024H1", "2024年上半年", "2024下半年", "2024Q2",
                                    "2024年二季度", "2024年第4季度", "2024-06", "2024-6", "2024年6月", "2024年12月份"])
def test_every_period_plan_check_reads_the_schema_reads(period):
    from ipcity.base.periods import parse_period

    parse_period(period)
    assert VALIDATOR.evolve(schema={**SCHEMA["definitions"]["period"], "definitions": SCHEMA["definitions"]}).is_valid(period)


@pytest.mark.parametrize("period", ["2024-13", "2024Q5", "2024H3", "24", "2024-06-01", "1800", "2024年五季度"])
def test_every_period_plan_check_refuses_the_schema_refuses(period):
    from ipcity.base.errors import InputError
    from ipcity.base.periods import parse_period

    with pytest.raises(InputError):
        parse_period(period)
    assert not VALIDATOR.evolve(schema={**SCHEMA["definitions"]["period"], "definitions": SCHEMA["definitions"]}).is_valid(period)

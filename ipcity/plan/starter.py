"""The starting plan `ipcity plan new` writes: both files, commented, for one city, passing
`ipcity plan check` as written. The figures are placeholders the author replaces."""

from __future__ import annotations

import json
from datetime import date

from ipcity.plan.load import SCHEMA_FILE

_TARGETS = """\
# yaml-language-server: $schema={schema}
#
# {city}'s IP action plan: its targets. Written by `ipcity plan new`; every figure below is a
# PLACEHOLDER to replace with the plan's own. Check while you edit: an editor with a YAML
# language server reads plan.schema.json (the line above); `ipcity plan check --plan .`
# checks everything else. Then `ipcity init --plan .`.
#
# Periods: 2024 (a year), 2024H1 (a half-year), 2024Q2, 2024-06, or 2024年上半年, 2024年二季度.
# Units: 件 个 家 项 次 人 户, 元 (figures typed as 万元/亿元), "%" (quoted), 天 月, 分, or any word.

plan:
  name: {plan_name}
  issuer: {issuer}
  document: 〔{start_year}〕号            # the document number
  published: {start_year}-01-01
  start: {start_year}-01-01
  end: {end_year}-12-31
  source_sentence: 到{end_year}年底,……    # the plan's own sentence of targets, verbatim

regions:
  - name: {city_value}
    kind: city                       # the one region without a parent
  # - name: 某某县                    # counties, districts and zones, each with parent:
  #   kind: county                   # city | district | county | county_city | zone
  #   parent: {city_value}

indicators:
  - key: invention_patents           # what people type; never rename once figures exist
    name: 有效发明专利拥有量
    kind: stock                      # a level at a point in time
    unit: 件
    direction: increase
    frequency: year                  # month | quarter | half | year
    baseline:
      value: 1000                    # PLACEHOLDER
      period: {base_year}
    target:
      type: at_least                 # at_least | floor | at_most | range (min, max) | improve
      value: 1200                    # PLACEHOLDER
      period: {end_year}
    plan_text: 有效发明专利拥有量达到1200件   # the plan's sentence

  - key: tech_contract_turnover
    name: 技术合同成交额
    kind: flow                       # an amount over each year; the target is one year's total
    unit: 元
    direction: increase
    frequency: month
    reported_as: cumulative          # departments send 累计 (year-to-date) figures
    target:
      type: at_least
      value: 1000000000              # PLACEHOLDER: 10亿元, in 元
      period: {end_year}

  - key: patent_conversion_rate
    name: 高校院所专利转化实施率
    kind: stock
    unit: "%"                        # stored as the number of percent: 22% and 22 are both 22
    range: [0, 100]                  # a figure outside is refused
    direction: increase
    frequency: year
    baseline:
      value: 20                      # PLACEHOLDER
      period: {base_year}
    target:
      type: at_least
      value: 30                      # PLACEHOLDER
      period: {end_year}

  - key: dispute_days
    name: 专利侵权纠纷行政裁决平均办理周期
    kind: stock
    unit: 天
    range: [0, 365]
    direction: decrease              # shorter is better
    frequency: half
    baseline:
      value: 90                      # PLACEHOLDER
      period: {base_year}
    target:
      type: at_most                  # shorter is better: met at the value or below
      value: 60                      # PLACEHOLDER
      period: {end_year}

  - key: satisfaction
    name: 知识产权保护社会满意度
    kind: survey                     # a score judged against the previous survey
    unit: 分
    range: [0, 100]
    direction: increase
    frequency: year
    target:
      type: improve
      period: {end_year}

milestones: []
  # - key: pilot_city_apply
  #   name: 国家知识产权强市建设试点城市：提出申请
  #   due: {end_year}-12-31
"""

_TASKS = """\
# yaml-language-server: $schema={schema}
#
# {city}'s IP action plan: its work. One task per numbered paragraph of the plan: title = its
# heading, text = the rest, lead_units = the units in its closing parentheses, in order.
# Every unit named in lead_units is declared under units: first.

units:
  - name: 市市场监督管理局
    kind: department                 # department | court | procuratorate | agency | bank |
                                     # regulator | customs | joint | regions

groups:
  - key: create
    number: 一
    title: 提升知识产权创造质量

tasks:
  - number: 1
    group: create
    title: 培育高价值专利                # PLACEHOLDER: the task's heading
    text: ……                          # the rest of its paragraph, verbatim
    lead_units: [市市场监督管理局]
    # subtargets:                     # countable sub-targets, updated with `ipcity task update`
    #   - key: strong_enterprises
    #     text: 培育知识产权强企
    #     min: 2

safeguards: []
"""


def starter_files(city: str, today: date | None = None) -> dict[str, str]:
    """File name -> text of a starting plan for `city` (targets.yaml and tasks.yaml)."""
    start = (today or date.today()).year
    values = {
        "schema": SCHEMA_FILE, "city": city, "city_value": _quoted(city),
        "plan_name": _quoted(f"{city}知识产权强市建设行动方案"), "issuer": _quoted(f"{city}人民政府"),
        "start_year": start, "end_year": start + 1, "base_year": start - 1,
    }
    return {"targets.yaml": _TARGETS.format(**values), "tasks.yaml": _TASKS.format(**values)}


def _quoted(text: str) -> str:
    """A YAML scalar that reads back as exactly `text` (a JSON string is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)

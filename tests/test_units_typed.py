"""No silent unit: money must say 亿元 or 万元 (in the figure, a unit column, the header or
--unit); figures come back as people write them; the template round-trips through Excel."""

from __future__ import annotations

import json
from datetime import datetime

from conftest import digest
from openpyxl import load_workbook

from ipcity.base.units import format_figure, readable_value


def value_of(cli, key, *args):
    data = json.loads(cli.ok("status", "--format", "json", *args).stdout)
    return {r["key"]: r for r in data["indicators"] + data["context"]}[key]["value"]


def test_figures_read_as_people_write_them():
    assert format_figure(1.2e8, "元") == "1.2亿元"
    assert format_figure(1.8e7, "元") == "1,800万元"
    assert format_figure(3300.5, "件") == "3,300.5件"
    assert format_figure(4.38e6, "人") == "438万人"
    assert format_figure(5000, "元") == "0.5万元"  # money is never shown in 元
    assert format_figure(3.5e15, "元") == "35,000,000亿元"
    assert readable_value(1234567.89, "元") == ("123.456789", "万元")  # exact, so import reads it back


def test_money_without_a_unit_is_refused_with_the_readings_that_fit(ready):
    refused = ready.refuses("record", "tech_contract_turnover", "35", "--period", "2023",
                            message="write 35亿元 or 35万元")
    assert "技术合同成交额" in refused.stderr
    ready.refuses("record", "tech_contract_turnover", "35", "--period", "2023", "--dry-run", message="35亿元 or 35万元")
    ready.ok("record", "tech_contract_turnover", "35亿", "--period", "2023")  # 亿 says the size
    assert value_of(ready, "tech_contract_turnover", "--as-of", "2023-12-31") == 35e8
    ready.ok("record", "invention_patents", "3300", "--period", "2023")  # a count needs no unit


def test_a_plan_may_declare_the_unit_plain_numbers_are_in(cli, tmp_path):
    import shutil

    from ipcity.plan.load import bundled_plan_dir

    plan = tmp_path / "plan"
    shutil.copytree(bundled_plan_dir(), plan)
    text = (plan / "targets.yaml").read_text(encoding="utf-8")
    text = text.replace("  - key: tech_contract_turnover\n", "  - key: tech_contract_turnover\n    input_unit: 亿元\n")
    (plan / "targets.yaml").write_text(text, encoding="utf-8")
    cli.ok("init", "--plan", str(plan))
    cli.ok("record", "tech_contract_turnover", "2.5", "--period", "2023")
    assert value_of(cli, "tech_contract_turnover", "--as-of", "2023-12-31") == 2.5e8
    bad = text.replace("input_unit: 亿元", "input_unit: 件")
    (plan / "targets.yaml").write_text(bad, encoding="utf-8")
    result = cli("plan", "check", "--plan", str(plan))
    assert result.exit_code == 1 and "input_unit" in result.stderr


def test_implausible_figure_is_warned_before_it_is_written_and_on_dry_run(ready):
    dry = ready.ok("record", "tech_contract_turnover", "35元", "--period", "2023-05", "--dry-run")
    assert "warning: 0.0035万元 is 1/8,333,333 of the target 2.9167亿元" in dry.stderr
    wet = ready.ok("record", "tech_contract_turnover", "35元", "--period", "2023-05")
    assert wet.stderr.index("warning") < wet.stderr.index("added")


def test_import_takes_the_unit_from_a_column_the_header_or_the_option(ready, tmp_path):
    (tmp_path / "col.csv").write_text("指标,期间,数值,单位\ntech_contract_turnover,2023-01,2.35,亿元\n"
                                      "ip_pledge_financing,2023-01,800,万元\n", encoding="utf-8")
    ready.ok("import", str(tmp_path / "col.csv"))
    (tmp_path / "head.csv").write_text("指标,期间,数值（单位：亿元）\ntech_contract_turnover,2023-02,1.5\n", encoding="utf-8")
    ready.ok("import", str(tmp_path / "head.csv"))
    (tmp_path / "bare.csv").write_text("指标,期间,数值\ntech_contract_turnover,2023-03,100\n", encoding="utf-8")
    before = digest(ready.db)
    refused = ready("import", str(tmp_path / "bare.csv"))
    assert refused.exit_code == 1 and "100亿元 or 100万元" in refused.stderr and "--unit" in refused.stderr
    assert digest(ready.db) == before
    ready.ok("import", str(tmp_path / "bare.csv"), "--unit", "万元")
    assert value_of(ready, "tech_contract_turnover", "--as-of", "2023-12-31") == 2.35e8 + 1.5e8 + 100e4
    assert value_of(ready, "ip_pledge_financing", "--as-of", "2023-12-31") == 800e4
    ready.refuses("import", str(tmp_path / "bare.csv"), "--unit", "斤", message="unknown unit '斤'")


def test_export_is_in_the_units_people_write_and_imports_back(ready, tmp_path):
    ready.ok("record", "tech_contract_turnover", "1234567.89元", "--period", "2023-01")
    ready.ok("record", "support_funds", "15.4亿元", "--period", "2023Q1")
    ready.ok("export", "-o", str(tmp_path / "all.csv"))
    text = (tmp_path / "all.csv").read_text(encoding="utf-8-sig")
    assert ",123.456789,万元," in text and ",15.4,亿元," in text
    again = ready.ok("import", str(tmp_path / "all.csv"))
    assert "2 unchanged" in again.stderr


def test_the_template_with_a_month_typed_into_a_date_cell_imports(ready, tmp_path):
    path = tmp_path / "t.xlsx"
    ready.ok("template", "-o", str(path))
    book = load_workbook(path)
    sheet = book["填报"]
    assert sheet["C3"].number_format == "@"  # 期间 is text: Excel leaves 2024-06 as typed
    sheet["A3"], sheet["C3"], sheet["D3"], sheet["G3"] = "ip_pledge_financing", datetime(2024, 5, 1), 2.35, "亿元"
    sheet["A4"], sheet["C4"], sheet["D4"] = "invention_patents", "2024年6月", 3300
    book.save(path)
    ready.ok("import", str(path))
    assert value_of(ready, "ip_pledge_financing", "--as-of", "2024-06-30") == 2.35e8
    assert value_of(ready, "invention_patents", "--as-of", "2024-06-30") == 3300


def test_an_xlsx_money_column_without_a_unit_is_refused(ready, tmp_path):
    path = tmp_path / "t.xlsx"
    ready.ok("template", "-o", str(path))
    book = load_workbook(path)
    sheet = book["填报"]
    sheet["A3"], sheet["C3"], sheet["D3"] = "tech_contract_turnover", "2024-05", 2.35
    book.save(path)
    before = digest(ready.db)
    result = ready("import", str(path))
    assert result.exit_code == 1 and "2.35亿元 or 2.35万元" in result.stderr
    assert digest(ready.db) == before

"""Keep finding them: property-based tests of the number, period, CSV, XLSX, JSON and plan readers.
Whatever they are given, they return a value or refuse it with an `IpcityError`; nothing
else (no other exception: that would be an "internal error").

Bounded in the normal run (a few dozen examples each); `IPCITY_FUZZ=long python -m pytest
tests/test_fuzz.py` runs thousands, for a nightly job. A bug found here becomes a named
regression test (the `@example`s below, and tests/test_robustness.py)."""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ipcity.base.errors import InputError, IpcityError
from ipcity.io.importer import RowError, RowParser, open_rows
from ipcity.base.periods import month, parse_period, quarter, year
from ipcity.plan.entry import check_value
from ipcity.plan.load import bundled_plan_dir, load_plan
from ipcity.base.units import parse_value

LONG = os.environ.get("IPCITY_FUZZ") == "long"
settings.register_profile("ipcity", max_examples=2000 if LONG else 40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ipcity")
PLAN = load_plan(bundled_plan_dir()).plan
TARGETS = (bundled_plan_dir() / "targets.yaml").read_text(encoding="utf-8")

NUMBER_TEXT = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"[+-]?[\d,，. ]{0,12}(千|万|亿)?(件|元|人|项|个|分|家|次|亿元|万元)?", fullmatch=True),
)


@given(NUMBER_TEXT, st.sampled_from(["件", "元", "人", "项", "分", "家", "次"]))
@example("1e5", "件")
@example("0.00000000000000000001", "人")
def test_parse_value_returns_a_figure_or_refuses(text, unit):
    try:
        value = parse_value(text, unit)
    except InputError:
        return
    assert 0 <= value <= 1e15


@given(st.integers(min_value=0, max_value=10**10), st.sampled_from([("", 1), ("千", 1000), ("万", 10_000), ("亿", 10**8)]))
def test_a_figure_as_reports_write_it(number, multiplier):
    word, factor = multiplier
    if number * factor > 10**15:
        return
    assert parse_value(f"{number:,}{word}件", "件") == number * factor


@given(st.sampled_from(PLAN.indicators), st.floats(allow_nan=False, allow_infinity=False, min_value=0, max_value=1e15))
def test_check_value_accepts_or_refuses_in_words(indicator, value):
    try:
        kept = check_value(PLAN, indicator, value)
    except InputError as error:
        assert "e-" not in error.message and "e+" not in error.message  # never scientific notation
        return
    assert abs(kept - value) <= 1e-9 * max(1.0, value)


@given(st.text(max_size=20))
@example("2024年13月")
@example("２０２４")  # full-width digits
def test_parse_period_returns_a_period_or_refuses(text):
    try:
        period = parse_period(text)
    except InputError:
        return
    assert period.start <= period.end and parse_period(period.label) == period


@given(st.integers(1900, 2200), st.integers(1, 12))
def test_every_period_label_reads_back(y, m):
    for period in (year(y), quarter(y, (m - 1) // 3 + 1), month(y, m)):
        assert parse_period(str(period)) == period


CSV_CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["trademarks", "invention_patents", "population", "长葛市", "2023", "2024Q2", "6.8万", "=1+1",
                     '"', '""', "\r", "\x00", "许昌市", ""]),
)
CSV_LINE = st.lists(CSV_CELL, min_size=0, max_size=7).map(",".join)
ENCODING = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "latin-1"])


def read_everything(path: Path) -> None:
    """Read a file as `ipcity import` does, row by row; only IpcityError may come out."""
    parser = RowParser(PLAN)
    try:
        sheet = open_rows(path)
        for number, cells in sheet.rows:
            found = parser.parse(number, cells)
            assert isinstance(found, RowError) or found.value >= 0
    except IpcityError:
        pass


@given(st.lists(CSV_LINE, max_size=8), ENCODING, st.booleans())
@example(["指标,期间,数值", "trademarks,2023,100"], "gb18030", True)
def test_the_csv_reader_reads_or_refuses(lines, encoding, with_header):
    text = "\n".join((["indicator,region,period,value,source,note"] if with_header else []) + lines)
    data = text.encode(encoding, errors="replace")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.csv"
        path.write_bytes(data)
        read_everything(path)


@given(st.binary(max_size=300))
@example(b"indicator,period,value\n\xff\xfe")
@example(b"\xef\xbb\xbfindicator,period,value\ntrademarks,2023,\xd6\xd0\n")
def test_the_csv_reader_takes_any_bytes(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.csv"
        path.write_bytes(b"indicator,period,value\n" + data)
        read_everything(path)


def small_xlsx() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in (["indicator", "region", "period", "value"], ["trademarks", "长葛市", "2023", "100"]):
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX = small_xlsx()


@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=6))
@example([(46, 0)])  # found: zlib.error from a damaged deflate stream was an internal error
def test_the_xlsx_reader_reads_or_refuses_a_damaged_file(changes):
    data = bytearray(XLSX)
    for position, byte in changes:
        data[position % len(data)] = byte
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.xlsx"
        path.write_bytes(bytes(data))
        read_everything(path)


JSON_VALUE = st.recursive(st.none() | st.booleans() | st.floats() | st.text(max_size=8),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                          max_leaves=10)


@given(st.one_of(JSON_VALUE, st.fixed_dictionaries({"observations": st.lists(
    st.fixed_dictionaries({"indicator": st.sampled_from(["trademarks", "population", "x"]), "period": JSON_VALUE,
                           "value": JSON_VALUE}), max_size=4)})))
def test_the_json_reader_reads_or_refuses(document):
    import json

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        read_everything(path)


YAML_SCRAP = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["- ", ": ", "&a ", "*a", "[", "]", "{", "}", "!!python/object", "~", "'", '"', "\t", "  ", "#",
                     "|", ">", "---", "...", "2024", "name:", "key:", "value: x", "aliases: [a, a]"]),
)


@given(st.integers(min_value=0), st.lists(YAML_SCRAP, min_size=1, max_size=4), st.booleans())
@example(10, ["&a ", "*a"], False)
def test_the_plan_reader_reads_or_refuses(position, scraps, replace):
    """The bundled targets.yaml with a line replaced by (or a scrap inserted into) anything."""
    lines = TARGETS.splitlines(keepends=True)
    at = position % len(lines)
    scrap = "".join(scraps)
    lines[at] = scrap + "\n" if replace else lines[at][: len(lines[at]) // 2] + scrap + lines[at][len(lines[at]) // 2:]
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "targets.yaml").write_text("".join(lines), encoding="utf-8")
        try:
            source = load_plan(folder)
        except IpcityError:
            return
        assert source.plan.indicators and source.to_json()


@pytest.mark.skipif(not LONG, reason="IPCITY_FUZZ=long: the nightly run")
@settings(max_examples=200)
@given(st.decimals(min_value=Decimal(0), max_value=Decimal(10**15), allow_nan=False, places=4))
def test_long_decimal_round_trip(number):
    assert parse_value(str(number), "元") == float(number)

"""The message catalog (ipcity/base/i18n/locale/zh/LC_MESSAGES/ipcity.po): every msgid the
code marks has its Chinese, each Chinese text keeps its msgid's {placeholders}, and the
.mo that gettext reads is the .po compiled."""

from __future__ import annotations

import ast
import gettext
import io
import re
from pathlib import Path

import pytest

from ipcity.base.i18n import Message, N_, _, catalog_entries, ngettext
from ipcity.base.i18n.mo import compile_po, po_path, read_po

ROOT = Path(__file__).resolve().parent.parent / "ipcity"
MARKERS = {"_": 1, "N_": 1, "Message": 1, "ngettext": 2}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def marked() -> dict[str, str]:
    """Every msgid the code marks (`_`, `N_`, `Message`, `ngettext`), with where."""
    found: dict[str, str] = {}
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            for argument in node.args[: MARKERS.get(name, 0)]:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str) and argument.value:
                    found.setdefault(argument.value, f"{path.relative_to(ROOT.parent)}:{node.lineno}")
    return found


def po_entries() -> list[dict]:
    path = po_path("zh")
    return read_po(path.read_text(encoding="utf-8"), str(path))


def test_the_markers_are_found():
    found = marked()
    assert "Usage:" in found and "{count} of {wanted}" not in found
    assert len(found) > 10, "the extractor finds no marked msgid: has the marking changed?"


def test_every_marked_msgid_has_its_chinese():
    chinese = catalog_entries("zh")
    missing = [f"{where}: {msgid!r}" for msgid, where in marked().items() if msgid not in chinese]
    assert not missing, "add these to ipcity/base/i18n/locale/zh/LC_MESSAGES/ipcity.po:\n" + "\n".join(missing)


def test_each_chinese_text_uses_only_the_placeholders_of_its_msgid():
    """(It may leave one out: a Chinese sentence can do without an English word's value.)"""
    wrong = []
    for entry in po_entries():
        wanted = set(PLACEHOLDER.findall(entry["msgid"]))
        for text in entry["msgstr"]:
            if entry["msgid"] and not set(PLACEHOLDER.findall(text)) <= wanted:
                wrong.append((entry["msgid"], text))
    assert not wrong, wrong[:5]


def test_no_msgid_twice_and_none_untranslated_or_fuzzy():
    entries = [e for e in po_entries() if e["msgid"]]
    ids = [e["msgid"] for e in entries]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert not [e["msgid"] for e in entries if e["fuzzy"] or not all(e["msgstr"])]


def test_the_compiled_catalog_is_what_gettext_and_babel_read_from_the_po():
    text = po_path("zh").read_text(encoding="utf-8")
    ours = gettext.GNUTranslations(io.BytesIO(compile_po(text)))
    assert ours._catalog == gettext.GNUTranslations(io.BytesIO(compile_po(text)))._catalog
    babel = pytest.importorskip("babel.messages.pofile", reason="babel (the test extra) cross-checks the compiler")
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, babel.read_po(io.StringIO(text)))
    assert ours._catalog == gettext.GNUTranslations(io.BytesIO(out.getvalue()))._catalog


def test_the_compiler_reads_plurals_contexts_escapes_and_skips_fuzzy_entries():
    po = '''msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#, fuzzy
msgid "old"
msgstr "旧"

msgctxt "month"
msgid "May"
msgstr "五月"

msgid "a \\"quoted\\"\\n"
"line"
msgstr "一行"

msgid "{count} file"
msgid_plural "{count} files"
msgstr[0] "{count} 个文件"
msgstr[1] "{count} 个文件们"
'''
    catalog = gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    assert catalog.gettext("old") == "old"
    assert catalog.pgettext("month", "May") == "五月"
    assert catalog.gettext('a "quoted"\nline') == "一行"
    assert catalog.ngettext("{count} file", "{count} files", 1) == "{count} 个文件"
    assert catalog.ngettext("{count} file", "{count} files", 2) == "{count} 个文件们"


def test_translate_first_then_format_and_values_are_never_translated(monkeypatch):
    monkeypatch.setenv("IPCITY_LANG", "zh")
    assert _("missed") == "未达成"
    # the user typed "missed" as a key: the value is shown as typed
    assert str(Message("unknown indicator '{key}'", key="missed")) == "没有指标“missed”"
    assert ngettext("{count} problem", "{count} problems", 2) in ("{count} problems", _("{count} problems"))
    assert N_("missed") == "missed"
    monkeypatch.setenv("IPCITY_LANG", "en")
    assert str(Message("unknown indicator '{key}'", key="missed")) == "unknown indicator 'missed'"

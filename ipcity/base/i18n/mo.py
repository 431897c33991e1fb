"""A .po catalog compiled to the .mo file that the standard library's gettext reads, as
GNU msgfmt (and Python's Tools/i18n/msgfmt.py) does it. No dependency: the wheel's build
hook (hatch_build.py) runs it, and so does `_` in a checkout whose .po is newer than its
.mo (after a rebase or an edit), so a catalog is never stale.

    python -m ipcity.base.i18n.mo          # compile every locale/*/LC_MESSAGES/*.po

Only what a catalog holds is read: comments and flags (skipped), msgctxt, msgid,
msgid_plural, msgstr and msgstr[N], each a run of quoted strings with C escapes. A fuzzy
entry or an empty msgstr is left out (gettext then shows the msgid), as msgfmt does."""

from __future__ import annotations

import os
import sys
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "ipcity"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


class PoSyntaxError(ValueError):
    pass


def read_po(text: str, name: str = "<po>") -> list[dict]:
    """The entries of a .po file: dicts with msgid (and msgctxt, msgid_plural), msgstr (a
    list: one item, or one per plural form) and fuzzy."""
    import ast

    entries: list[dict] = []
    entry: dict = {}
    field: str | None = None
    fuzzy = False

    def finish():
        nonlocal entry, field, fuzzy
        if "msgid" in entry:
            entry["fuzzy"] = fuzzy
            entries.append(entry)
        entry, field, fuzzy = {}, None, False

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if "msgid" in entry and field is not None and field.startswith("msgstr"):
                finish()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = None, line
        elif keyword in ("msgctxt", "msgid") and field is not None and field.startswith("msgstr"):
            finish()
        if keyword is not None:
            if keyword not in ("msgctxt", "msgid", "msgid_plural", "msgstr") and not keyword.startswith("msgstr["):
                raise PoSyntaxError(f"{name}:{number}: unknown keyword {keyword!r}")
            field = keyword
            entry[field] = ""
        elif field is None:
            raise PoSyntaxError(f"{name}:{number}: a string outside an entry")
        try:
            entry[field] += ast.literal_eval(rest.strip())
        except (ValueError, SyntaxError):
            raise PoSyntaxError(f"{name}:{number}: not a quoted string: {rest.strip()}") from None
    finish()
    for item in entries:
        forms = sorted((k for k in item if k.startswith("msgstr[")), key=lambda k: int(k[7:-1]))
        item["msgstr"] = [item.pop(k) for k in forms] if forms else [item.get("msgstr", "")]
    return entries


def compile_po(text: str, name: str = "<po>") -> bytes:
    """The .mo bytes of a .po text (little-endian, no hash table: gettext does not need one)."""
    import struct

    messages: dict[bytes, bytes] = {}
    for entry in read_po(text, name):
        header = entry["msgid"] == ""
        if not header and (entry["fuzzy"] or not all(entry["msgstr"])):
            continue
        key = entry["msgid"]
        if "msgid_plural" in entry:
            key += "\0" + entry["msgid_plural"]
        if "msgctxt" in entry:
            key = entry["msgctxt"] + "\x04" + key
        messages[key.encode()] = "\0".join(entry["msgstr"]).encode()
    keys = sorted(messages)
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(messages[key])))
        ids += key + b"\0"
        strs += messages[key] + b"\0"
    start = 7 * 4 + 16 * len(keys)  # the header, then the two tables of (length, offset)
    id_table, str_table = [], []
    for id_at, id_len, str_at, str_len in offsets:
        id_table += [id_len, start + id_at]
        str_table += [str_len, start + len(ids) + str_at]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    return header + struct.pack(f"{len(id_table)}i", *id_table) + struct.pack(f"{len(str_table)}i", *str_table) + ids + strs


def fresh_mo(lang: str) -> bytes | None:
    """The compiled catalog of `lang`: its .mo, compiled again first when the .po beside it
    is newer (a checkout; a wheel ships the .mo alone). None when there is neither."""
    po, mo = po_path(lang), mo_path(lang)
    try:
        po_time = po.stat().st_mtime_ns
    except OSError:
        po_time = None
    try:
        if po_time is None or mo.stat().st_mtime_ns >= po_time:
            return mo.read_bytes()
    except OSError:
        if po_time is None:
            return None
    data = compile_po(po.read_text(encoding="utf-8"), str(po))
    write(mo, data)
    return data


def write(mo: Path, data: bytes) -> None:
    """Replace the .mo in one step (another process may be reading it); a folder that is
    not writable keeps the old one, and the caller uses the bytes compiled in memory."""
    temporary = mo.with_name(f".{mo.name}.{os.getpid()}")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, mo)
    except OSError:
        temporary.unlink(missing_ok=True)


def compile_all() -> list[Path]:
    written = []
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_po(po.read_text(encoding="utf-8"), str(po)))
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(path, file=sys.stderr)

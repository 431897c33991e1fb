"""Messages in the user's language, the way Python does it: the standard library's gettext
and a catalog per language, `locale/zh/LC_MESSAGES/ipcity.po` (compiled to the `.mo` that
gettext reads; see `mo.py`). Chinese by default, English with `IPCITY_LANG=en` or
`--lang en`: the msgids are the English texts.

Marking a message, where it is built:

    from ipcity.base.i18n import _, N_, ngettext, Message

    _("unknown indicator “{key}”").format(key=key)   # translate first, then format
    ngettext("{count} problem", "{count} problems", count).format(count=count)
    LABELS = {"missed": N_("missed")}                  # marked here, `_(LABELS[code])` where shown
    raise InputError(Message("unknown indicator “{key}”", key=key))  # rendered at the edge

The values put into a message (a key, a region, a figure, anything the user typed) are
never translated. Every marked msgid needs its Chinese in the .po (tests/test_catalog.py
fails on one without, and on an entry nothing marks). The catalog is read on the first
Chinese text asked for, so English and the start of a command stay cheap.

JSON keys, CSV headers for scripts and status codes (`on_track`) are never translated."""

from __future__ import annotations

import os

LANGUAGES = ("zh", "en")
_chosen: str | None = None
_loaded: dict = {}


def language() -> str:
    """zh or en: --lang (see `choose`), else $IPCITY_LANG, else zh."""
    if _chosen is not None:
        return _chosen
    wanted = os.environ.get("IPCITY_LANG", "").strip().lower()
    return "en" if wanted.startswith("en") else "zh"


def choose(lang: str | None) -> None:
    """Set the language for this process (`--lang`); None goes back to $IPCITY_LANG."""
    global _chosen
    _chosen = None if lang is None else ("en" if lang.lower().startswith("en") else "zh")


def choose_from_argv(argv: list[str]) -> None:
    """--lang X (or --lang=X) anywhere on the command line, before anything is printed."""
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            choose(argv[index + 1])
        elif word.startswith("--lang="):
            choose(word.split("=", 1)[1])


def translations(lang: str | None = None):
    """The gettext translations of `lang` (the chosen language): read once, on first use."""
    lang = lang or language()
    found = _loaded.get(lang)
    if found is None:
        import gettext

        data = None
        if lang != "en":
            from ipcity.base.i18n.mo import fresh_mo

            data = fresh_mo(lang)
        if data:
            import io

            found = gettext.GNUTranslations(io.BytesIO(data))
        else:
            found = gettext.NullTranslations()
        _loaded[lang] = found
    return found


def _(msgid: str) -> str:
    """The text of `msgid` in the chosen language (the msgid itself in English)."""
    if not msgid or language() == "en":
        return msgid
    return translations().gettext(msgid)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` (one form in Chinese, two in English)."""
    if language() == "en":
        return singular if count == 1 else plural
    return translations().ngettext(singular, plural, count)


def N_(msgid: str) -> str:
    """Marks a msgid that is translated later, where it is shown (a label in a table)."""
    return msgid


class Message:
    """A message not yet in words: its msgid (the code) and its values, rendered in the
    chosen language when shown (`str`). A value that is itself a Message is rendered too;
    any other value is shown as it is, never translated."""

    __slots__ = ("msgid", "values")

    def __init__(self, msgid: str, /, **values):
        self.msgid = msgid
        self.values = values

    @property
    def code(self) -> str:
        return self.msgid

    def __str__(self) -> str:
        text = _(self.msgid)
        if not self.values:
            return text
        return text.format(**{name: str(value) if isinstance(value, Message) else value
                              for name, value in self.values.items()})

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, **{self.values!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Message) and (self.msgid, self.values) == (other.msgid, other.values)

    __hash__ = None  # type: ignore[assignment]


def has_chinese(msgid: str) -> bool:
    """Whether the Chinese catalog translates `msgid`."""
    return msgid in catalog_entries("zh")


def catalog_entries(lang: str = "zh") -> dict[str, str]:
    """msgid → text of every translated entry of `lang`'s catalog (the header left out)."""
    entries = getattr(translations(lang), "_catalog", {})
    return {key: value for key, value in entries.items() if key and isinstance(key, str)}


def translate(text: str) -> str:
    """A finished message (an error, a line said on stderr, a note) in the chosen language:
    the catalog's text for it, or for the template it was made from (`unknown indicator
    '{key}'` matches `unknown indicator 'x'`, and the Chinese template gets the same values).
    Without a match the message stays as it is.

    Being replaced: a message is marked where it is built (`_()` or `Message`), never
    matched back from English."""
    if not text or language() == "en":
        return text
    catalog = catalog_entries()
    if text in catalog:
        return catalog[text]
    for pattern, chinese in _templates():
        if match := pattern.fullmatch(text):
            values = {name: translate(value) for name, value in match.groupdict().items()}
            return chinese.format(**values)
    if "; " in text:  # a message and its hint in one text (an import row's reason): each part
        return _("; ").join(translate(part) for part in text.split("; "))
    return text


_compiled: list | None = None


def _templates() -> list:
    """(regular expression, Chinese template) for every catalog msgid with {placeholders}."""
    global _compiled
    if _compiled is None:
        import re

        _compiled = []
        for msgid, chinese in catalog_entries().items():
            parts = re.split(r"\{(\w+)\}", msgid)
            if len(parts) == 1 or not re.search(r"\w", "".join(parts[::2])):
                continue  # no placeholder, or only a frame such as "{message}; {hint}"
            seen: set[str] = set()
            regex = ""
            for i, part in enumerate(parts):
                if i % 2 == 0:
                    regex += re.escape(part)
                else:  # a name used twice matches the same text twice
                    regex += f"(?P={part})" if part in seen else f"(?P<{part}>(?:(?!; ).)+?)"  # a value has no "; "
                    seen.add(part)
            literal = sum(len(part) for part in parts[::2])
            _compiled.append((literal, re.compile(regex, re.S), chinese))
        # the most specific first: "(recorded {when} by {who})" before "(recorded {when})"
        _compiled = [(pattern, chinese) for _, pattern, chinese in sorted(_compiled, key=lambda t: -t[0])]
    return _compiled

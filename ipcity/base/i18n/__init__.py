"""Messages in the user's language: Chinese by default, English with `IPCITY_LANG=en` or
`--lang en`. The code writes English msgids, `_("...")`; `ipcity.base.i18n.zh` maps each to
its Chinese text (a message without a translation shows in English). The catalog is
imported only when a Chinese text is asked for, so English and `--help` stay cheap.

JSON keys, CSV headers for scripts and status codes (`on_track`) are never translated."""

from __future__ import annotations

import os

LANGUAGES = ("zh", "en")
_chosen: str | None = None


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


def _(msgid: str) -> str:
    """The text of `msgid` in the chosen language."""
    if not msgid or language() == "en":
        return msgid
    from ipcity.base.i18n.zh import CATALOG

    return CATALOG.get(msgid, msgid)


def translate(text: str) -> str:
    """A finished message (an error, a line said on stderr, a note) in the chosen language:
    the catalog's text for it, or for the template it was made from (`unknown indicator
    '{key}'` matches `unknown indicator 'x'`, and the Chinese template gets the same values).
    Without a match the message stays as it is."""
    if not text or language() == "en":
        return text
    from ipcity.base.i18n.zh import CATALOG

    if text in CATALOG:
        return CATALOG[text]
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

        from ipcity.base.i18n.zh import CATALOG

        _compiled = []
        for msgid, chinese in CATALOG.items():
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


def has_chinese(msgid: str) -> bool:
    """Whether the catalog translates `msgid` (tests check that every help text does)."""
    from ipcity.base.i18n.zh import CATALOG

    return msgid in CATALOG

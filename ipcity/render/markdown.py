"""Markdown shared by every `--format md`: cells that cannot break the table or carry HTML."""

from __future__ import annotations

from ipcity.base.text import visible


def md_text(text: object) -> str:
    """User text (notes, sources, another city's names) in Markdown: no raw HTML, no table
    breaks, no links or images (`[x](javascript:...)`, `![x](http://...)`), no code spans."""
    text = str(text).replace("\r", " ").replace("\n", " ")
    return visible(text).translate(_ESCAPES)


_ESCAPES = str.maketrans({"\\": "\\\\", "&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|", "[": "\\[", "]": "\\]",
                          "`": "\\`"})


def md_table(headers, rows, right: set[int] | frozenset = frozenset()) -> list[str]:
    """A pipe table; columns in `right` are right-aligned (figures)."""
    rule = ["---:" if i in right else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(md_text(h) for h in headers) + " |", "| " + " | ".join(rule) + " |"]
    return lines + ["| " + " | ".join(md_text(c) for c in row) + " |" for row in rows]

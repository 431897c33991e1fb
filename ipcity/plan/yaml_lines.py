"""A YAML loader that remembers the line of every key and list item, and every key that a
mapping repeats (PyYAML silently keeps the last). Imported only when plan files are read,
so that commands working from the database never pay for yaml.

Bounded: a plan file is at most `limits.FILE_BYTES["yaml"]`, nested at most `limits.NESTING`
deep, and has no anchors or aliases (`&a` ... `*a`): an alias repeats a value without
writing it out, and a few lines of nested aliases would expand to gigabytes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ipcity.base import limits
from ipcity.base.errors import PlanProblem
from ipcity.plan.lines import LineDict, LineList

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):  # type: ignore[misc, valid-type]
    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[Any, int]] = []


def _construct_map(loader: Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool, date)):
            raise yaml.constructor.ConstructorError(None, None, "a key must be plain text", key_node.start_mark)
        if key in result:
            loader.duplicates.append((key, line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_seq(loader: Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def _unbounded(root: yaml.Node) -> tuple[int, str] | None:
    """(line, what) of the first alias or of nesting past the limit, or None."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            return node.start_mark.line + 1, ("has an anchor (&name) that an alias (*name) repeats; "
                                               "write every value out in full, without & and *")
        seen.add(id(node))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            if depth > limits.NESTING:
                return node.start_mark.line + 1, f"is nested more than {limits.NESTING} levels deep, the limit"
            children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
            stack.extend((child, depth + 1) for child in reversed(children))
    return None


def read_yaml(path: Path, problems: list[PlanProblem]) -> Any:
    try:
        size = path.stat().st_size
        if size > limits.FILE_BYTES["yaml"]:
            problems.append(PlanProblem(str(path), None, "", f"is {limits.size(size)}, over the "
                                        f"{limits.size(limits.FILE_BYTES['yaml'])} limit for a plan file"))
            return {}
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(PlanProblem(str(path), None, "", "is not UTF-8 text; save it as UTF-8"))
        return {}
    except OSError as exc:
        problems.append(PlanProblem(str(path), None, "", f"cannot be read ({exc.strerror})"))
        return {}
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None and (found := _unbounded(node)):
            problems.append(PlanProblem(str(path), found[0], "", found[1]))
            return {}
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(PlanProblem(str(path), line, "", f"is not valid YAML: {reason}"))
        return {}
    finally:
        loader.dispose()
    for key, line in loader.duplicates:
        problems.append(PlanProblem(str(path), line, str(key), "appears twice in the same mapping; keep one"))
    if data is None:
        return LineDict()
    return data

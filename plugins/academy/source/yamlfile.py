"""Read one YAML data file into plain Python values, remembering where each value stands.

The libyaml C parser builds the node tree (ten times faster than the pure-Python
one); walking the nodes ourselves catches duplicate keys (which PyYAML silently
overwrites) and keeps dates and times as the strings the contributor wrote, so
the schema decides what is valid.

Lines and columns are only needed for a file with a problem, and keeping them for
thousands of valid files doubled the memory a build holds; so a document finds
them by reading its file again, the first time a problem asks where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from academy.source.problems import Problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: A position in the document: a tuple of mapping keys and list indexes.
Path_ = tuple[str | int, ...]

_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
# YAML 1.1 reads 18:30 as the base-60 number 1110 and 2026-01-05 as a date; keep both as text.
_KEEP_AS_TEXT = {"tag:yaml.org,2002:timestamp"}
_TEXT = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"


@dataclass
class Positions:
    """Where each value, and each mapping key, starts: (line, column), 1-based."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)


@dataclass
class YamlDocument:
    """A parsed file: its data, what went wrong, and (found on demand) where each value stands."""

    file: str
    source: Path | None = None
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    _positions: Positions | None = field(default=None, repr=False)

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            self._positions = Positions()
            if self.source is not None:
                _parse(self.source.read_bytes(), YamlDocument(self.file), self._positions)
        return self._positions

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at path, or of its nearest parent."""
        positions = self.positions
        table = positions.keys if key and path in positions.keys else positions.values
        while path and path not in table:
            path = path[:-1]
        return table.get(path, (1, 1))

    def value(self, path: Path_) -> Any:
        """The value at a path of keys and indexes."""
        value = self.data
        for part in path:
            value = value[part]
        return value

    def problem(self, path: Path_, message: str, field_name: str | None = None,
                key: bool = False, severity: str = "error") -> Problem:
        line, column = self.where(path, key=key)
        name = field_name if field_name is not None else dotted(path)
        return Problem(self.file, line, column, name, message, severity)


def dotted(path: Path_) -> str:
    """related[2].pattern: how a field is named in messages."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_yaml(path: Path, shown_as: str, raw: bytes | None = None) -> YamlDocument:
    """Parse a file (whose bytes the caller may have read already); every problem lands in
    the document's problem list, never as an exception."""
    doc = YamlDocument(shown_as, source=path)
    _parse(path.read_bytes() if raw is None else raw, doc, None)
    return doc


def _parse(raw: bytes, doc: YamlDocument, positions: Positions | None) -> None:
    """Fill doc's data and problems from the file's bytes, and positions when asked for them."""
    shown_as = doc.file
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.problems.append(Problem(shown_as, line, column, "",
                                    f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                                    "save it with UTF-8 encoding"))
        return
    text = text.removeprefix("\ufeff")
    for match in _TAB_INDENT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        doc.problems.append(Problem(shown_as, line, match.end() - match.start(), "",
                                    "a tab is used for indentation; YAML needs spaces"))
    if doc.problems:
        return
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.problems.append(Problem(shown_as, 1, 1, "", "the file is empty; "
                                        "start from a template with `academy new`"))
            return
        doc.data = _Walker(loader, doc, positions).value(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        doc.problems.append(Problem(shown_as, line, column, "", f"YAML syntax error: {what}"))
    except yaml.YAMLError as exc:  # errors without a position, e.g. from the reader
        doc.problems.append(Problem(shown_as, 1, 1, "", f"YAML syntax error: {exc}"))
    finally:
        loader.dispose()


class _Walker:
    """Turns a composed node tree into Python values, recording positions on the way if asked."""

    def __init__(self, loader: Any, doc: YamlDocument, positions: Positions | None):
        self.loader = loader
        self.doc = doc
        self.positions = positions

    def value(self, node: yaml.Node, path: Path_) -> Any:
        if self.positions is not None:
            self.positions.values[path] = _start(node)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag == _TEXT or node.tag in _KEEP_AS_TEXT or (node.tag == _INT and ":" in node.value):
            return node.value  # text needs no constructing: the common case, kept fast
        return self.loader.construct_object(node, deep=True)

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        self.loader.flatten_mapping(node)  # resolves YAML merge keys (<<)
        result: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            key = key if isinstance(key, str) else str(key)
            child = path + (key,)
            if key in result:
                self.doc.problems.append(Problem(self.doc.file, *_start(key_node), dotted(child),
                                                 f"duplicate key (first given on line {first_lines[key]}); "
                                                 "keep one"))
                continue
            first_lines[key] = key_node.start_mark.line + 1
            if self.positions is not None:
                self.positions.keys[child] = _start(key_node)
            result[key] = self.value(value_node, child)
        return result


def _start(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1

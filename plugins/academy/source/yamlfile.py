"""Read one YAML data file into plain Python values, remembering where each value stands.

libyaml's C parser turns the text into events; we build the values from those events
ourselves, in one loop with an explicit stack. That is what lets us put limits on what
a file may do (its size, how deep it nests, no anchors or aliases), catch duplicate keys
(which PyYAML silently overwrites) and keep dates and times as the strings the
contributor wrote, so the schema decides what is valid. Nothing recursive runs on the
contributor's text: ten thousand nested brackets are a message, not a crash.

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

from academy.source.problems import Problem, excerpt

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: A position in the document: a tuple of mapping keys and list indexes.
Path_ = tuple[str | int, ...]

#: Limits on one data file. Real files are a few kilobytes and nest five levels deep;
#: these leave ample room and keep a hostile file from costing more than a moment.
MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32

_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
# YAML 1.1 reads 18:30 as the base-60 number 1110 and 2026-01-05 as a date; keep both as text.
_KEEP_AS_TEXT = {"tag:yaml.org,2002:timestamp"}
_TEXT = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
# The first characters of plain scalars that the resolver may read as something other than text:
# its rules are kept by first character (the test suite checks every value reads as PyYAML's do).
_MAY_BE_TYPED = frozenset(Loader.yaml_implicit_resolvers)


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
                try:
                    raw = read_bounded(self.source)
                except OSError:
                    return self._positions  # gone since it was read: problems point at line 1
                _parse(raw, YamlDocument(self.file), self._positions)
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


def read_bounded(path: Path) -> bytes:
    """The file's bytes, reading at most one byte past the size limit (so a huge file costs nothing)."""
    with path.open("rb") as stream:
        return stream.read(MAX_BYTES + 1)


def read_yaml(path: Path, shown_as: str, raw: bytes | None = None) -> YamlDocument:
    """Parse a file (whose bytes the caller may have read already, with read_bounded);
    every problem lands in the document's problem list, never as an exception."""
    doc = YamlDocument(shown_as, source=path)
    _parse(read_bounded(path) if raw is None else raw, doc, None)
    return doc


def _parse(raw: bytes, doc: YamlDocument, positions: Positions | None) -> None:
    """Fill doc's data and problems from the file's bytes, and positions when asked for them."""
    shown_as = doc.file
    if len(raw) > MAX_BYTES:
        doc.problems.append(Problem(shown_as, 1, 1, "", f"the file is larger than {MAX_BYTES // 1024 // 1024} MB, "
                                    "the most a data file may hold; split it or shorten it"))
        return
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
        _Builder(loader, doc, positions).run()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        doc.problems.append(Problem(shown_as, line, column, "", f"YAML syntax error: {what}"))
    except yaml.YAMLError as exc:  # errors without a position, e.g. from the reader
        doc.problems.append(Problem(shown_as, 1, 1, "", f"YAML syntax error: {excerpt(exc, 120)}"))
    finally:
        loader.dispose()


class _Stop(Exception):
    """A limit was reached; the problem is recorded and the rest of the file is not read."""


@dataclass
class _Open:
    """A mapping or list being filled, where it starts, and (for a mapping) the key waiting for its value."""

    value: dict[str, Any] | list[Any]
    path: Path_
    start: tuple[int, int]
    key: str | None = None
    first_lines: dict[str, int] = field(default_factory=dict)
    drop_value: bool = False  # the waiting key is a duplicate or not text


class _Builder:
    """Turns the parser's events into Python values, recording positions on the way if asked."""

    def __init__(self, loader: Any, doc: YamlDocument, positions: Positions | None):
        self.loader = loader
        self.doc = doc
        self.positions = positions
        self.stack: list[_Open] = []

    def run(self) -> None:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            self.doc.problems.append(Problem(self.doc.file, 1, 1, "", "the file is empty; "
                                             "start from a template with `academy new`"))
            return
        loader.get_event()  # document start
        try:
            data = self._root()
        except _Stop:
            return
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            self._problem(_start(loader.get_event()), "a second document ('---') in one file; keep one per file")
            return
        self.doc.data = data

    def _root(self) -> Any:
        """Reads events up to the end of the document's one value, and returns that value."""
        while True:
            event = self.loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                self._stop(_start(event), f"'*{excerpt(event.anchor, 40)}' repeats a value marked with '&'; anchors "
                           "and aliases are not supported in data files: write the value out in full")
            if getattr(event, "anchor", None) is not None:
                self._stop(_start(event), f"'&{excerpt(event.anchor, 40)}' marks a value for reuse; anchors and "
                           "aliases are not supported in data files: remove the mark")
            if isinstance(event, yaml.CollectionStartEvent):
                self._open(event)
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                done = self.stack.pop()
                item, start = done.value, done.start
            else:
                item, start = event, _start(event)
            if not self.stack:
                return self._value(item, (), start)
            self._place(item, start)

    def _open(self, event: yaml.CollectionStartEvent) -> None:
        if len(self.stack) >= MAX_DEPTH:
            self._stop(_start(event), f"values are nested more than {MAX_DEPTH} levels deep; "
                       "data files need only a few levels")
        if not self.stack:
            path: Path_ = ()
        else:
            parent = self.stack[-1]
            if isinstance(parent.value, list):
                path = parent.path + (len(parent.value),)
            else:  # a value, or a key that is a mapping or list (reported when it ends)
                path = parent.path + (parent.key if parent.key is not None else "?",)
        empty: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.stack.append(_Open(empty, path, _start(event)))

    def _place(self, item: Any, start: tuple[int, int]) -> None:
        """A finished scalar, mapping or list goes into the mapping or list that holds it."""
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            parent.value.append(self._value(item, parent.path + (len(parent.value),), start))
        elif parent.key is None:
            self._key(parent, item, start)
        else:
            value = self._value(item, parent.path + (parent.key,), start)
            if not parent.drop_value:
                parent.value[parent.key] = value
            parent.key, parent.drop_value = None, False

    def _key(self, parent: _Open, item: Any, start: tuple[int, int]) -> None:
        if not isinstance(item, yaml.ScalarEvent):
            self._problem(start, "a field name must be plain text, not a list or mapping", dotted(parent.path))
            parent.key, parent.drop_value = "?", True
            return
        # The text as written: `yes:` names the field "yes", not "True".
        name = parent.key = item.value
        child = parent.path + (name,)
        if name in parent.first_lines:
            parent.drop_value = True
            self._problem(start, f"duplicate key (first given on line {parent.first_lines[name]}); keep one",
                          dotted(child))
            return
        parent.first_lines[name] = start[0]
        if self.positions is not None:
            self.positions.keys[child] = start

    def _value(self, item: Any, path: Path_, start: tuple[int, int]) -> Any:
        if self.positions is not None:
            self.positions.values.setdefault(path, start)  # a duplicate key does not move the first
        if not isinstance(item, yaml.ScalarEvent):
            return item  # a finished mapping or list
        tag = item.tag
        if tag is None or tag == "!":
            value = item.value
            # Quoted and block text is text; so is plain text whose first character starts no other
            # type. Both skip the resolver's regular expressions: most of a file's scalars are such text.
            if not item.implicit[0] or (value and value[0] not in _MAY_BE_TYPED):
                return value
            tag = self.loader.resolve(yaml.ScalarNode, value, item.implicit)
        if tag == _TEXT or tag in _KEEP_AS_TEXT or (tag == _INT and ":" in item.value):
            return item.value  # text needs no constructing: the common case, kept fast
        # PyYAML's stubs tell the C parser's marks from the Python ones; the node takes either.
        node = yaml.ScalarNode(tag, item.value, item.start_mark, item.end_mark, item.style)  # type: ignore[arg-type]
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):  # e.g. more digits than Python turns into a number
            self._problem(start, "this value cannot be read as a number; put it in quotes to keep it as text",
                          dotted(path))
            return item.value

    def _problem(self, where: tuple[int, int], message: str, field_name: str = "") -> None:
        self.doc.problems.append(Problem(self.doc.file, *where, field_name, message))

    def _stop(self, where: tuple[int, int], message: str) -> None:
        self._problem(where, message)
        raise _Stop


def _start(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    assert mark is not None  # the parser marks every event it emits
    return mark.line + 1, mark.column + 1

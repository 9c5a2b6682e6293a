"""Things named by id, loaded the same way for every kind: ids, repeats, references and suggestions.

There are two kinds of collection: a folder of files, one document each, named by its file name
(patterns, cohorts, published results), and a list inside one file whose items carry an `id`
(framework domains, fundamentals sessions, events, a cohort's sessions). For both, an id used
twice is an error at the repeat that names the file and line of the first, and the repeat is left
out; a reference to an id that does not exist is an error with the closest id that does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from academy.shapes import SLUG
from academy.source.files import checked_document, data_files
from academy.source.problems import Problem, Problems, did_you_mean, quoted
from academy.source.yamlfile import Path_, YamlDocument

T = TypeVar("T")

ID_PATTERN = re.compile(SLUG)  # a file's name is its id, so it is written as every id is


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One thing of a collection, with its id and where it is written."""

    id: str
    value: T
    doc: YamlDocument
    #: Where it stands in its file: () for a whole file, ("events", 2) for an item of a list.
    path: Path_
    #: Where its id is written: the item's `id` field, or () for a file (named by its file name).
    id_path: Path_
    #: A file's own problems (its YAML, its shape, its text); nothing is built from a file that has any.
    problems: Sequence[Problem] = ()

    @property
    def usable(self) -> bool:
        return not self.problems and isinstance(self.doc.data, dict)


class ById(Generic[T]):
    """Entries by id, in the order first seen; a repeated id is reported at the repeat and left out.
    (`noun` names what serves as the id where it is not called one: a framework's kind.)"""

    def __init__(self, problems: Problems, repeat_hint: str = "", noun: str = "id") -> None:
        self.entries: dict[str, Entry[T]] = {}
        self.problems = problems
        self.repeat_hint = repeat_hint
        self.noun = noun

    def add(self, entry: Entry[T]) -> bool:
        first = self.entries.get(entry.id)
        if first is None:
            self.entries[entry.id] = entry
            return True
        message = (f"the {self.noun} {quoted(entry.id)} is used twice: it is already the {self.noun} at "
                   f"{first.doc.file}:{_line(first)}; {self.repeat_hint or f'each {self.noun} must differ'}")
        if entry.id_path:
            self.problems.append_problem(entry.doc.problem(entry.id_path, message))
        else:  # a file, whose id is its name
            self.problems.add(entry.doc.file, 1, 1, "id", message)
        return False


def _line(entry: Entry[Any]) -> int:
    return entry.doc.where(entry.id_path)[0] if entry.id_path else 1


def files_by_id(folder: Path, root: Path, schema: str, problems: Problems,
           example: str) -> dict[str, Entry[YamlDocument]]:
    """Every file of a folder, checked against its shape, by id (the file name without .yml).

    Files with problems are listed too (with them, already reported): a broken pattern's id still
    exists for the links to it. File names that are not ids are reported.
    """
    found: ById[YamlDocument] = ById(problems, "rename one of the files")
    for path in data_files(folder, root):
        doc, file_problems = checked_document(path, root, schema)
        problems.extend(file_problems)
        if found.add(Entry(path.stem, doc, doc, (), (), tuple(file_problems))) and not ID_PATTERN.match(path.stem):
            problems.add(doc.file, 1, 1, "id", f"the file name {quoted(path.name)} is not a valid id; use "
                         f"lower-case words joined by hyphens, e.g. {quoted(example)}")
    return found.entries


def items_by_id(doc: YamlDocument, key: str, values: Sequence[T], problems: Problems,
          id_of: Callable[[T], str] = lambda item: item.id) -> dict[str, Entry[T]]:  # type: ignore[attr-defined]
    """The items of the list at `key` in one file, by their id."""
    found: ById[T] = ById(problems)
    for index, value in enumerate(values):
        found.add(Entry(id_of(value), value, doc, (key, index), (key, index, "id")))
    return found.entries


def refers(doc: YamlDocument, path: Path_, target: str, known: Collection[str], what: str,
           problems: Problems) -> bool:
    """Whether `target` is one of `known`; if not, says so at path, with a did-you-mean."""
    if target in known:
        return True
    problems.append_problem(doc.problem(path, f"no {what} with id {quoted(target)}" + did_you_mean(target, known)))
    return False


def refers_all(doc: YamlDocument, path: Path_, targets: Iterable[str], known: Collection[str], what: str,
               problems: Problems) -> None:
    """Each item of the list at path, as `refers`."""
    for index, target in enumerate(targets):
        refers(doc, path + (index,), target, known, what, problems)


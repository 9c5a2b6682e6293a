"""Collections of things named by id, written once for every kind: a list inside a file (framework
domains, fundamentals sessions, events) or a folder of files (patterns, cohorts; see
files.documents_by_id). An id given twice is reported where it is repeated, and the repeat is left
out; a reference to an id that does not exist is reported with the closest one that does."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any, TypeVar

from academy.source.problems import Problems, did_you_mean, quoted
from academy.source.yamlfile import Path_, YamlDocument

T = TypeVar("T")


def unique_items(doc: YamlDocument, key: str, items: Sequence[T], problems: Problems,
                 id_of: Any = lambda item: item.id) -> dict[str, tuple[int, T]]:
    """The items of the list at `key` by id, with their index; repeats are reported and left out."""
    found: dict[str, tuple[int, T]] = {}
    for index, item in enumerate(items):
        item_id = id_of(item)
        if item_id in found:
            first_line, _ = doc.where((key, found[item_id][0], "id"))
            problems.append_problem(doc.problem((key, index, "id"), f"duplicate id {quoted(item_id)} "
                                                f"(first given on line {first_line}); ids must differ"))
            continue
        found[item_id] = (index, item)
    return found


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

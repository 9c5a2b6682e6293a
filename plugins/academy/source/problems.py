"""Problems found in data files, reported with file, line, column and field."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one data file, at one place."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class Problems:
    """Collects every problem of a run so they can all be reported at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, line: int, column: int, field_name: str, message: str,
            severity: str = "error") -> None:
        self.items.append(Problem(file, line, column, field_name, message, severity))

    def append_problem(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "error")

    def __bool__(self) -> bool:
        return bool(self.errors)


class DataError(Exception):
    """Raised when data files have errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(report(self.problems))


def report(problems: list[Problem], outcome: str = "the site was not built") -> str:
    """The text a contributor reads: one line per problem, then a count."""
    files = {p.file for p in problems}
    noun = "problem" if len(problems) == 1 else "problems"
    file_noun = "file" if len(files) == 1 else "files"
    lines = [str(p) for p in sorted(problems)]
    lines.append(f"{len(problems)} {noun} in {len(files)} {file_noun}; {outcome}.")
    return "\n".join(lines)


#: The most of any value a message quotes: enough to find it, never a whole file in a CI log.
EXCERPT = 60
# Line breaks and other control or direction-changing characters, shown escaped so that one
# problem stays one line of the report and reads as it is stored.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """A value as messages show it: cut to a short excerpt, control characters escaped."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return _UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], text)


def quoted(value: object, limit: int = EXCERPT) -> str:
    """'value', as an excerpt: how every message quotes what a contributor wrote."""
    return f"'{excerpt(value, limit)}'"


def did_you_mean(wrong: object, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close name exists, else ''."""
    wrong = str(wrong)
    if len(wrong) > EXCERPT:  # nothing that long is a typo of a name, and comparing would be slow
        return ""
    close = difflib.get_close_matches(wrong, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {quoted(close[0])}?)" if close else ""


def display_path(path: Path, root: Path) -> str:
    """A path as a contributor sees it in the repository: relative, with forward slashes."""
    # Most paths are built under root already; resolving (system calls) is only the fallback.
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    resolved, resolved_root = path.resolve(), root.resolve()
    if resolved.is_relative_to(resolved_root):
        return resolved.relative_to(resolved_root).as_posix()
    return path.as_posix()

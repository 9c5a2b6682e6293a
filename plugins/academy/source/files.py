"""Finding, reading and schema-checking data files, with checked files kept between builds.

A file whose bytes are unchanged is not parsed or validated again: every run keeps its
checked files on disk for the next one (see checkstore), and holds on to nothing once
the library is loaded, so the parsed data is freed as soon as the pages are made.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from academy.source.checkstore import Checked, CheckStore, digest_of
from academy.source.content_checks import content_problems
from academy.source.problems import Problem, Problems, display_path
from academy.source.schemas import schema_problems
from academy.source.yamlfile import YamlDocument, read_yaml

DATA_SUFFIXES = (".yml", ".yaml")
#: Kinds of file that strangers contribute by pull request: their text is checked for scripts.
CONTRIBUTED = ("pattern", "cohort", "module")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

@dataclass(frozen=True)
class SourceDirs:
    """Where the data files live, and the folder paths in messages are relative to."""

    root: Path
    patterns: Path
    cohorts: Path
    data: Path

    @property
    def frameworks(self) -> Path:
        return self.data / "frameworks"

    def watched(self) -> tuple[Path, ...]:
        return (self.patterns, self.cohorts, self.data)


class ParseCache:
    """Parsed, schema-checked files by path, reused while a file's bytes are unchanged.

    Each `session` (a build, a rebuild while serving, a validation run) starts from the
    project's check store and leaves this session's files in it. Nothing is held in memory
    between sessions: every full garbage collection of the next build would walk through
    those objects again, while reading the store back costs about 0.1 ms a file.
    """

    def __init__(self) -> None:
        self._known: dict[Path, Checked] = {}
        self._current: dict[Path, Checked] | None = None
        self.read = 0
        self.reused = 0

    @contextmanager
    def session(self, store: CheckStore | None) -> Iterator[None]:
        self.read = self.reused = 0
        self._known = store.load() if store is not None else {}
        self._current = {}
        try:
            yield
        finally:
            current, self._current, known, self._known = self._current, None, self._known, {}
            if store is not None and (self.read or current.keys() != known.keys()):
                store.save(current)

    def get(self, path: Path, root: Path, schema: str) -> tuple[YamlDocument, Sequence[Problem]]:
        raw = path.read_bytes()
        digest = digest_of(raw)
        checked = self._known.get(path)
        if checked is not None and checked.digest == digest and checked.schema == schema:
            self.reused += 1
        else:
            self.read += 1
            doc = read_yaml(path, display_path(path, root), raw)
            problems = list(doc.problems)
            if not problems:
                problems = schema_problems(doc, schema)
                if schema in CONTRIBUTED:
                    problems += content_problems(doc)
            checked = Checked(digest, schema, doc, tuple(problems))
        if self._current is not None:
            self._current[path] = checked
        return checked.doc, checked.problems


#: One per process, used by whichever session is running.
PARSED = ParseCache()


def checked_document(path: Path, root: Path, schema: str) -> tuple[YamlDocument, Sequence[Problem]]:
    """A parsed, schema-checked file; reuses the last result while the file is unchanged."""
    return PARSED.get(path, root, schema)


def data_files(folder: Path) -> list[Path]:
    """The YAML files of a folder, sorted so output never depends on the file system's order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in DATA_SUFFIXES and p.is_file())


def documents_by_id(folder: Path, root: Path, schema: str, problems: Problems,
                    example: str) -> Iterator[tuple[str, YamlDocument, Sequence[Problem]]]:
    """Each checked file of a folder with its id (the file name), reporting ids that clash or are malformed."""
    seen: dict[str, str] = {}
    for path in data_files(folder):
        file_id = path.stem
        doc, file_problems = checked_document(path, root, schema)
        problems.extend(file_problems)
        if file_id in seen:
            problems.add(doc.file, 1, 1, "id", f"two files have the id '{file_id}': "
                         f"{seen[file_id]} and {doc.file}; rename one")
            continue
        seen[file_id] = doc.file
        if not ID_PATTERN.match(file_id):
            problems.add(doc.file, 1, 1, "id", f"the file name '{path.name}' is not a valid id; use "
                         f"lower-case words joined by hyphens, e.g. '{example}'")
        yield file_id, doc, file_problems

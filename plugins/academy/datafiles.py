"""Finding, reading and schema-checking data files, with parsed files kept between builds.

`mkdocs serve` rebuilds on every save; while it runs, a file whose modification time
and size are unchanged is not parsed or validated again. A one-off build keeps nothing,
so the parsed data can be freed as soon as the pages are made.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .content_checks import content_problems
from .problems import Problem, Problems, display_path
from .schemas import schema_problems
from .yamlfile import YamlDocument, read_yaml

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
    """Parsed, schema-checked files by path, reused while modification time and size are unchanged."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple[int, int], YamlDocument, list[Problem]]] = {}
        self.retain = False
        self.read = 0
        self.reused = 0

    def keep_between_builds(self, retain: bool) -> None:
        """Switch reuse on (for `mkdocs serve`) or off, dropping whatever was kept."""
        self.retain = retain
        self._entries.clear()

    def reset_counts(self) -> None:
        self.read = self.reused = 0

    def get(self, path: Path, root: Path, schema: str) -> tuple[YamlDocument, list[Problem]]:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self._entries.get(path)
        if cached and cached[0] == stamp:
            self.reused += 1
            return cached[1], cached[2]
        self.read += 1
        doc = read_yaml(path, display_path(path, root))
        problems = list(doc.problems)
        if not problems:
            problems = schema_problems(doc, schema)
            if schema in CONTRIBUTED:
                problems += content_problems(doc)
        if self.retain:
            self._entries[path] = (stamp, doc, problems)
        return doc, problems


#: One cache per process; the plugin switches it on when MkDocs starts serving.
PARSED = ParseCache()


def checked_document(path: Path, root: Path, schema: str) -> tuple[YamlDocument, list[Problem]]:
    """A parsed, schema-checked file; reuses the last result while the file is unchanged."""
    return PARSED.get(path, root, schema)


def data_files(folder: Path) -> list[Path]:
    """The YAML files of a folder, sorted so output never depends on the file system's order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in DATA_SUFFIXES and p.is_file())


def documents_by_id(folder: Path, root: Path, schema: str, problems: Problems,
                    example: str) -> Iterator[tuple[str, YamlDocument, list[Problem]]]:
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

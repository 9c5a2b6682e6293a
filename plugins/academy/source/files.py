"""Finding, reading and schema-checking data files, with checked files kept between builds.

A file whose bytes are unchanged is not parsed or validated again: every run keeps its
checked files on disk for the next one (see checkstore), and holds on to nothing once
the library is loaded, so the parsed data is freed as soon as the pages are made.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from academy.cachedir import digest_of
from academy.source.checkstore import Checked, CheckStore
from academy.source.content_checks import content_problems
from academy.source.problems import Problem, display_path
from academy.source.schemas import schema_problems
from academy.source.yamlfile import YamlDocument, read_bounded, read_yaml

DATA_SUFFIXES = (".yml", ".yaml")

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

    def problems(self) -> list[Problem]:
        """A data folder that is a link out of the project (its files are then not read)."""
        found = []
        for folder in (*self.watched(), self.frameworks):
            if present(folder) and (reason := refusal(folder, self.root, folder=True)):
                found.append(Problem(display_path(folder, self.root), 1, 1, "", reason))
        return found


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
        #: A digest of every file the last session read (path, bytes and shape): what the library it
        #: loaded was made from, so a result made from that library can be kept under it.
        self.inputs = ""
        #: Folders found inside the project (or not) in this session.
        self._inside: dict[Path, bool] = {}

    @contextmanager
    def session(self, store: CheckStore | None) -> Iterator[None]:
        self.read = self.reused = 0
        self._inside = {}  # links may change between sessions (a rebuild while serving)
        self._known = store.load() if store is not None else {}
        self._current = {}
        try:
            yield
        finally:
            current, self._current, known, self._known = self._current, None, self._known, {}
            self.inputs = digest_of(repr(sorted((str(path), checked.schema, checked.digest)
                                                for path, checked in current.items())).encode()).hex()
            if store is not None and (self.read or current.keys() != known.keys()):
                store.save(current)

    def get(self, path: Path, root: Path, schema: str) -> tuple[YamlDocument, Sequence[Problem]]:
        shown = display_path(path, root)
        reason = refusal(path, root, inside=self._inside)
        if reason is None:
            try:
                raw = read_bounded(path)
            except OSError as error:
                reason = f"the file cannot be read ({error.strerror or 'error'})"
        if reason is not None:
            return YamlDocument(shown), (Problem(shown, 1, 1, "", reason),)
        digest = digest_of(raw)
        checked = self._known.get(path)
        if checked is not None and checked.digest == digest and checked.schema == schema:
            self.reused += 1
        else:
            self.read += 1
            doc = read_yaml(path, shown, raw)
            problems = list(doc.problems)
            if not problems:
                # Every data file can come from a pull request, so every one has its text checked.
                problems = schema_problems(doc, schema) + content_problems(doc, schema)
            checked = Checked(digest, schema, doc, tuple(problems))
        if self._current is not None:
            self._current[path] = checked
        return checked.doc, checked.problems


#: One per process, used by whichever session is running.
PARSED = ParseCache()


def checked_document(path: Path, root: Path, schema: str) -> tuple[YamlDocument, Sequence[Problem]]:
    """A parsed, schema-checked file; reuses the last result while the file is unchanged."""
    return PARSED.get(path, root, schema)


def refusal(path: Path, root: Path, folder: bool = False, inside: dict[Path, bool] | None = None) -> str | None:
    """Why a data file (or folder) must not be read, or None.

    A symbolic link may point anywhere: reading through one could publish a file from
    outside the project, or hang on a device. The message names the link, never its target.
    `inside` remembers which folders were found inside the project, for a run of checks.
    """
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        mode = 0  # gone, or not to be looked at: the full check below says which
    if mode and not stat.S_ISLNK(mode) and _folder_inside(path.parent, root, inside):
        return _wrong_kind(mode, folder)  # not a link, and where it stands is inside: nothing to follow
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return "a symbolic link to nothing (its target does not exist); put the file itself here"
    except (OSError, RuntimeError):  # RuntimeError: a link loop, before Python 3.13
        return "a symbolic link that leads round in a loop; put the file itself here"
    if not target.is_relative_to(root.resolve()):
        return ("a symbolic link to outside the project; data must be inside the project, "
                "so put the file itself here")
    try:
        mode = target.stat().st_mode
    except OSError as error:
        return f"the file cannot be read ({error.strerror or 'error'})"
    return _wrong_kind(mode, folder)


def _wrong_kind(mode: int, folder: bool) -> str | None:
    if not (stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode)):
        return "not a folder" if folder else "not a regular file; data files are plain text files"
    return None


def _folder_inside(folder: Path, root: Path, known: dict[Path, bool] | None) -> bool:
    """Whether a folder, links followed, is the project's root or inside it."""
    if known is not None and folder in known:
        return known[folder]
    try:
        found = folder.resolve(strict=True).is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        found = False
    if known is not None:
        known[folder] = found
    return found


def present(path: Path) -> bool:
    """Whether a file is there to be read (or reported): a link to nothing counts, so it gets its message."""
    return path.is_symlink() or path.exists()


def data_files(folder: Path, root: Path) -> list[Path]:
    """The YAML files of a folder, sorted so output never depends on the file system's order.

    Links are listed too, so that reading them reports where they go wrong; a folder that is
    a link out of the project is not listed at all (SourceDirs.problems reports it).
    """
    if not folder.is_dir() or refusal(folder, root, folder=True):
        return []
    with os.scandir(folder) as entries:  # each entry knows its type: no call to the file system per file
        return sorted(Path(entry.path) for entry in entries
                      if Path(entry.name).suffix in DATA_SUFFIXES and (entry.is_symlink() or entry.is_file()))


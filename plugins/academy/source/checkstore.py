"""Checked data files kept on disk between runs, so a file whose bytes have not changed is not parsed again.

Parsing and checking is the largest part of what the plugin adds to a build (about a
millisecond a file). Results are kept in the project's `.cache/academy/` folder, where
Material's own plugins keep theirs, tagged with a fingerprint of our code and of the
parser versions. A different fingerprint, a damaged store or a read-only folder only
makes a build slower, never wrong. The store is a pickle: it is written and read only
by this code, in the user's own project.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fastjsonschema
import nh3
import yaml

from academy.source.problems import Problem
from academy.source.yamlfile import YamlDocument

log = logging.getLogger("mkdocs.plugins.academy")

FOLDER = Path(".cache") / "academy"


@dataclass(frozen=True)
class Checked:
    """One file's parse and schema check, and the digest of the bytes it was made from."""

    digest: bytes
    schema: str
    doc: YamlDocument
    problems: tuple[Problem, ...]


def digest_of(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


@cache
def code_fingerprint() -> str:
    """Changes whenever our code, schemas, parsers or sanitiser do, so no stale result is reused."""
    package = Path(__file__).parent.parent  # the whole academy package
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{sys.version} {yaml.__version__} {fastjsonschema.VERSION} {nh3.__version__}".encode())
    for file in sorted(package.rglob("*")):
        if file.suffix in (".py", ".json"):
            digest.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


class CheckStore:
    """The checked files of one project, as they were at the end of its last run."""

    def __init__(self, root: Path):
        self.folder = root / FOLDER
        self.file = self.folder / "checked.pickle"

    def load(self) -> dict[Path, Checked]:
        try:
            with self.file.open("rb") as stream:
                fingerprint, entries = pickle.load(stream)
        except FileNotFoundError:
            return {}
        except Exception as error:  # noqa: BLE001 -- unpickling fails in many ways; each means "start afresh"
            log.debug("Academy: ignoring the unreadable store %s (%s)", self.file, error)
            return {}
        return entries if fingerprint == code_fingerprint() and isinstance(entries, dict) else {}

    def save(self, entries: dict[Path, Checked]) -> None:
        partial = self.file.with_name(f"{self.file.name}.{os.getpid()}.partial")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Build cache of the academy plugin; safe to delete.\n*\n", encoding="utf-8")
            partial.write_bytes(pickle.dumps((code_fingerprint(), entries), protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, self.file)  # atomic: a build running alongside sees the old store or the new
        except OSError as error:
            log.debug("Academy: could not keep checked files in %s (%s)", self.folder, error)
            partial.unlink(missing_ok=True)

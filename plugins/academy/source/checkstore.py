"""Checked data files kept between runs, so a file whose bytes have not changed is not parsed again.

Parsing and checking costs about two milliseconds a file. A project's results are kept as
JSON in the user's cache folder (never in the project, where a pull request could plant a
"checked" result for a file that would fail the checks), one file per project, tagged with
a fingerprint of our code and of the parser versions. A different fingerprint, a damaged
or unreadable store, or one written by a build running alongside only makes a build
slower, never wrong.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from academy.cachedir import code_fingerprint, digest_of, read_cached, user_cache_dir, write_cached
from academy.source.problems import Problem
from academy.source.yamlfile import YamlDocument

log = logging.getLogger("mkdocs.plugins.academy")


@dataclass(frozen=True)
class Checked:
    """One file's parse and schema check, and the digest of the bytes it was made from."""

    digest: bytes
    schema: str
    doc: YamlDocument
    problems: tuple[Problem, ...]


class CheckStore:
    """The checked files of one project, as they were at the end of its last run."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        name = digest_of(str(self.root).encode()).hex()
        self.file = user_cache_dir() / "checked" / f"{name}.json"

    def load(self) -> dict[Path, Checked]:
        raw = read_cached(self.file)
        if raw is None:
            return {}
        try:
            stored = json.loads(raw)
            if stored.get("fingerprint") != code_fingerprint() or stored.get("root") != str(self.root):
                return {}
            return {Path(path): _checked(path, entry) for path, entry in stored["files"].items()}
        except Exception as error:  # noqa: BLE001 -- a damaged store fails in many ways; each means "start afresh"
            log.debug("Academy: ignoring the unreadable store %s (%s)", self.file, error)
            return {}

    def save(self, entries: dict[Path, Checked]) -> None:
        files = {str(path): _plain(checked) for path, checked in entries.items()}
        try:
            text = self._text(files)
        except TypeError:  # a value JSON cannot hold, e.g. from !!binary: keep every other file
            files = {path: entry for path, entry in files.items() if _fits_json(entry)}
            text = self._text(files)
        write_cached(self.file, text.encode())

    def _text(self, files: dict[str, Any]) -> str:
        return json.dumps({"fingerprint": code_fingerprint(), "root": str(self.root), "files": files},
                          ensure_ascii=False)


def _plain(checked: Checked) -> dict[str, Any]:
    return {"digest": checked.digest.hex(), "schema": checked.schema, "file": checked.doc.file,
            "data": checked.doc.data, "problems": [list(vars(p).values()) for p in checked.problems]}


def _fits_json(entry: dict[str, Any]) -> bool:
    try:
        json.dumps(entry)
    except (TypeError, ValueError):
        return False
    return True


def _checked(path: str, entry: dict[str, Any]) -> Checked:
    doc = YamlDocument(entry["file"], source=Path(path), data=entry["data"])
    problems = tuple(Problem(*fields) for fields in entry["problems"])
    return Checked(bytes.fromhex(entry["digest"]), entry["schema"], doc, problems)

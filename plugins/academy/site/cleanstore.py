"""Sanitised HTML kept by the digest of its input, so a page that renders as before is not cleaned again.

Cleaning is a large part of what the plugin adds to a build, and most pages of a rebuild
come out exactly as before. The rows live in an SQLite file beside the check store, read
and written one page at a time, in one transaction per build, so a large site is never
held in memory (SQLite spills a large transaction to disk). Rows a build did not use are
dropped at its end, so the file holds one site's pages. The file is tagged with our code's
fingerprint, which covers the sanitiser's rules and nh3's version: another fingerprint
empties it. Any database error only turns the store off for that build.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from academy.source.checkstore import FOLDER, code_fingerprint, digest_of

log = logging.getLogger("mkdocs.plugins.academy")

_SCHEMA = """
create table if not exists meta (fingerprint text not null);
create table if not exists cleaned (digest blob primary key, html blob not null);
"""


class CleanStore:
    """One build's lookups and additions; `open` before the pages are rendered, `close` after."""

    def __init__(self, root: Path):
        self.file = root / FOLDER / "cleaned.sqlite"
        self._db: sqlite3.Connection | None = None
        self._used: set[bytes] = set()

    def open(self) -> None:
        self._used = set()
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.file, timeout=10)
            db.executescript(_SCHEMA)
            row = db.execute("select fingerprint from meta").fetchone()
            if row is None or row[0] != code_fingerprint():
                with db:
                    db.execute("delete from cleaned")
                    db.execute("delete from meta")
                    db.execute("insert into meta values (?)", (code_fingerprint(),))
            self._db = db
        except (OSError, sqlite3.Error) as error:
            log.debug("Academy: not keeping sanitised pages in %s (%s)", self.file, error)
            self._db = None

    def cleaned(self, html: str, clean: Callable[[str], str]) -> str:
        """clean(html), or what it returned the last time for exactly this input."""
        if self._db is None:
            return clean(html)
        key = digest_of(html.encode())
        self._used.add(key)
        try:
            row = self._db.execute("select html from cleaned where digest = ?", (key,)).fetchone()
        except sqlite3.Error:
            row = None
        if row is not None:
            return row[0].decode()
        result = clean(html)
        # Bytes, not the str: sqlite3 would leave a UTF-8 copy cached inside the str, and the
        # page would hold its text twice until the build ends. A failed insert only means this
        # page is cleaned again next time.
        with suppress(sqlite3.Error):
            self._db.execute("insert or replace into cleaned values (?, ?)", (key, result.encode()))
        return result

    def close(self, *, complete: bool) -> None:
        """Commit what this build cleaned; after a complete build, also drop rows it did not use."""
        if self._db is None:
            return
        db, self._db = self._db, None
        try:
            with db:
                if complete:
                    db.execute("create temp table used (digest blob primary key)")
                    db.executemany("insert or ignore into used values (?)", ((key,) for key in self._used))
                    db.execute("delete from cleaned where digest not in (select digest from used)")
        except sqlite3.Error as error:
            log.debug("Academy: could not update %s (%s)", self.file, error)
        finally:
            db.close()
            self._used = set()

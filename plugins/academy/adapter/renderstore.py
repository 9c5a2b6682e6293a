"""Where rendercache.py and searchcache.py keep what a build made of each page, until the next build.

They decide what may be reused and make the records (plain JSON values); a store only keeps them,
by kind ("render", "cleaned", "search") and page. While `mkdocs serve` runs they stay in memory (MemoryStore). A build
keeps them on disk for the next build of the same project (DiskStore): one file per project in the
user cache, at most KEEP_PROJECTS of them, never in the project (where a pull request could plant a
file). Each record is a line led by its own digest, so a damaged line only means that page is
converted again; lines are read one at a time, when their page asks, so the last build's HTML is
never all held at once; this build's records are written as they are made, to a draft that replaces
the file only when the build ends well.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any, Protocol

from academy.cachedir import digest_of, keep_newest, remove_quietly

#: The most projects whose pages are kept: the projects a person builds, not every one ever built.
KEEP_PROJECTS = 8

Record = dict[str, Any]


class Store(Protocol):
    def start_build(self) -> None: ...

    def holds(self, kind: str, uri: str) -> bool: ...

    def get(self, kind: str, uri: str) -> Record | None: ...

    def put(self, kind: str, uri: str, record: Record) -> None: ...

    def finish(self) -> None: ...

    def drop(self) -> None: ...


def record_line(kind: str, uri: str, record: Record) -> bytes:
    """A record as kept: its digest, the [kind, page] it is the record of, the record, on one line."""
    rest = (json.dumps([kind, uri]) + "\t" + json.dumps(record, ensure_ascii=False)).encode()
    return b"%s\t%s\n" % (digest_of(rest).hex().encode(), rest)


def record_about(data: bytes, start: int = 0, end: int | None = None) -> tuple[str, str] | None:
    """The (kind, page) of the line in data[start:end], read without reading its record; None if damaged."""
    first = data.find(b"\t", start, end)
    second = data.find(b"\t", first + 1, end)
    try:
        kind, uri = json.loads(data[first + 1:second]) if 0 <= first < second else (None, None)
    except (ValueError, TypeError):
        return None
    return (kind, uri) if isinstance(kind, str) and isinstance(uri, str) else None


def record_in(line: bytes) -> Record | None:
    """The record a line holds, if its digest is right."""
    first = line.find(b"\t")
    # Slices of a memoryview are not copies: a page's line can be megabytes.
    if first < 0 or line[:first] != digest_of(memoryview(line)[first + 1:-1]).hex().encode():
        return None
    try:
        record = json.loads(line[line.index(b"\t", first + 1) + 1:])
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


class MemoryStore:
    """Records held in the server's memory: those of the pages the last build made."""

    def __init__(self) -> None:
        self._records: dict[tuple[str, str], Record] = {}
        self._seen: set[str] = set()

    def start_build(self) -> None:
        """A rebuild begins: forget pages the last one did not make (a deleted pattern's, say)."""
        if self._seen:
            self._records = {key: record for key, record in self._records.items() if key[1] in self._seen}
        self._seen = set()

    def holds(self, kind: str, uri: str) -> bool:
        return (kind, uri) in self._records

    def get(self, kind: str, uri: str) -> Record | None:
        self._seen.add(uri)
        return self._records.get((kind, uri))

    def put(self, kind: str, uri: str, record: Record) -> None:
        self._seen.add(uri)
        self._records[(kind, uri)] = record

    def finish(self) -> None:
        pass  # kept for the server's next rebuild

    def drop(self) -> None:
        pass  # a failed rebuild: the pages it did make are as good as ever


class DiskStore:
    """The last build's records of one project, read as asked for; this build's, written as made."""

    def __init__(self, folder: Path, project: str) -> None:
        self.target = folder / f"{digest_of(project.encode()).hex()}.jsonl"
        self._draft = self.target.with_name(f".{self.target.name}.{os.getpid()}-{id(self):x}.draft")
        #: (kind, page) -> (offset, length) of its line in the last build's file.
        self._index: dict[tuple[str, str], tuple[int, int]] = {}
        self._last: IO[bytes] | None = None
        self._out: IO[bytes] | None = None
        self._written: set[tuple[str, str]] = set()
        #: The record `get` last returned, with its line: written back unchanged when it is kept again.
        self._reread: tuple[Record, bytes] | None = None

    def start_build(self) -> None:
        try:
            self._last = self.target.open("rb")
            offset = 0
            for line in self._last:
                about = record_about(line)
                if about is not None:  # else a damaged line: its page is converted again
                    self._index[about] = (offset, len(line))
                offset += len(line)
        except OSError:
            self._index = {}  # none kept yet, or unreadable: every page is converted
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self._out = self._draft.open("wb")
        except OSError:
            self._out = None  # a folder we may not write: nothing is kept for the next build

    def holds(self, kind: str, uri: str) -> bool:
        return (kind, uri) in self._index

    def get(self, kind: str, uri: str) -> Record | None:
        place = self._index.get((kind, uri))
        if place is None or self._last is None:
            return None
        try:
            line = os.pread(self._last.fileno(), place[1], place[0])  # no shared file position
        except OSError:
            return None
        record = record_in(line)
        if record is not None:
            self._reread = (record, line)
        return record

    def put(self, kind: str, uri: str, record: Record) -> None:
        if self._out is None or (kind, uri) in self._written:
            return  # a page rendered twice in one build (never by MkDocs): its first record stands
        self._written.add((kind, uri))
        reread, self._reread = self._reread, None
        try:
            if reread is not None and reread[0] is record:  # reused as it was read: copied as it is
                self._out.write(reread[1])
                return
            self._out.write(record_line(kind, uri, record))
        except OSError:
            self.drop()  # a full disk, say: nothing is kept, the build goes on

    def finish(self) -> None:
        """The build ended well: its records replace the last build's."""
        out, self._out = self._out, None
        self._close_last()
        if out is None:
            return
        try:
            out.close()
            os.replace(self._draft, self.target)
        except OSError:
            remove_quietly(self._draft)
            return
        # Test suites and throwaway clones each leave a file behind: keep the most recently built.
        keep_newest(self.target.parent, "*.jsonl", KEEP_PROJECTS)

    def drop(self) -> None:
        """The build failed: keep what the last good build kept."""
        out, self._out = self._out, None
        self._close_last()
        if out is not None:
            try:
                out.close()
            except OSError:
                pass
            remove_quietly(self._draft)

    def _close_last(self) -> None:
        if self._last is not None:
            self._last.close()
            self._last = None

"""Generated pages converted by helper processes while the engine converts them in turn.

Most of a fresh build is the engine converting each page's Markdown to HTML and Material's search
plugin reading that HTML again, one page at a time, on one core. Where the machine has more, helper
processes forked once every page is known take generated pages from the far end of the engine's
order, do with each what the engine and its plugins do, and write down what rendercache.py and
searchcache.py would keep of it (the HTML, the sanitised HTML, the search entries). When the engine
comes to such a page it finds that record as it finds the last build's: under a digest of all its
conversion reads, so a record that does not fit is never used and the page is converted as usual.
Each helper stops where it meets the engine, so a page is converted once (at most one page twice),
and a helper that fails costs only the pages it did not finish. Once every page is converted, while
the engine writes the pages in turn, helpers forked again index them for search in the same way.

Used only where nothing can notice that the work was done elsewhere:
- on Linux (elsewhere Python itself no longer forks by default: macOS's system libraries may not
  survive it), from a process with no other thread (forking one that has threads can deadlock the
  copy): so builds, and the first build of `mkdocs serve`;
- with no plugin but ours and the search plugins, which only change the page in these events; with
  any other, pages are converted in turn as usual;
- a helper writes only its records (to a temporary file of its own), prints nothing, and ends
  without running anything of the build's (`os._exit`);
- a page whose conversion logged anything is never recorded (rendercache.py), so the build
  converts it, and reports the problem, itself.
"""

from __future__ import annotations

import gc
import os
import signal
import struct
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from mmap import mmap
from typing import TypeVar

from academy.adapter.renderstore import Record, Store, record_about, record_in, record_line

#: Plugins known to do nothing in a page's events but change the page (the engine's and Material's search).
KNOWN_PLUGINS = frozenset({"academy.adapter.plugin", "material.plugins.search.plugin", "mkdocs.contrib.search"})
#: Below this many pages to convert, a helper's start (a fork of the whole build) is not worth it.
WORTH_A_HELPER = 64
#: Each helper holds its own copy of what it touches: a few are enough for the engine's one core to keep up.
MOST_HELPERS = 3

Item = TypeVar("Item")


def helpers_for(jobs: int | None, to_convert: int) -> int:
    """How many helpers to start: `jobs` processes in all (None: one per core we may use), if worth it."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1 or to_convert < WORTH_A_HELPER:
        return 0
    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(0, min(jobs - 1, MOST_HELPERS, to_convert // WORTH_A_HELPER))


class _Spool:
    """One helper's records: a temporary file it appends to, which the build reads as it needs."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="academy-pages-")
        self.fd = self.file.fileno()
        self.scanned = 0  # how far the build has indexed it (whole lines only)


class HelpedStore:
    """A page store (renderstore.py) that also finds the records this build's helpers made.

    In a helper it only writes what the caches put into its spool; in the build, a record is looked
    for in the spools first (this build's), then in the store (the last build's).
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._spools: list[_Spool] = []
        self._index: dict[tuple[str, str], tuple[_Spool, int, int]] = {}
        self._writing_to: int | None = None  # the spool's descriptor, in a helper
        self._served: Record | None = None
        #: Of the records the build kept this time, how many of each kind a helper made.
        self.made_by_helpers: Counter[str] = Counter()

    def holds(self, kind: str, uri: str) -> bool:
        """Whether a record of this is at hand: made by a helper, or kept by the last build."""
        if (kind, uri) not in self._index:
            self._scan()
        return (kind, uri) in self._index or self.store.holds(kind, uri)

    def start_build(self) -> None:
        self._close_spools()
        self.made_by_helpers = Counter()
        self.store.start_build()

    def get(self, kind: str, uri: str) -> Record | None:
        if self._writing_to is not None:
            return None  # a helper converts what it is given: the build itself reuses the last build's
        if (kind, uri) not in self._index:
            self._scan()
        place = self._index.pop((kind, uri), None)
        if place is None:
            return self.store.get(kind, uri)
        spool, offset, length = place
        self._served = record_in(os.pread(spool.fd, length, offset))
        return self._served if self._served is not None else self.store.get(kind, uri)

    def put(self, kind: str, uri: str, record: Record) -> None:
        if self._writing_to is not None:
            _write_all(self._writing_to, record_line(kind, uri, record))
            return
        if record is self._served:
            self.made_by_helpers[kind] += 1
        self._served = None
        self.store.put(kind, uri, record)

    def finish(self) -> None:
        self._close_spools()
        self.store.finish()

    def drop(self) -> None:
        self._close_spools()
        self.store.drop()

    def new_spool(self) -> _Spool:
        spool = _Spool()
        self._spools.append(spool)
        return spool

    def write_to(self, spool: _Spool) -> None:
        """In a helper: from now on, records go to this spool."""
        self._writing_to = spool.fd

    def _scan(self) -> None:
        """Index the lines the helpers have finished since the last look."""
        for spool in self._spools:
            size = 1 << 20
            while True:
                data = os.pread(spool.fd, size, spool.scanned)
                last = data.rfind(b"\n")
                if last < 0:
                    if len(data) < size:
                        break  # nothing more written yet, or a line still being written
                    size *= 4  # one line longer than what was read
                    continue
                start = 0
                while start <= last:
                    end = data.index(b"\n", start) + 1
                    about = record_about(data, start, end)
                    if about is not None:
                        self._index[about] = (spool, spool.scanned + start, end - start)
                    start = end
                spool.scanned += last + 1
                if len(data) < size:
                    break

    def _close_spools(self) -> None:
        for spool in self._spools:
            spool.file.close()
        self._spools, self._index, self._served = [], {}, None


class Helpers:
    """Helper processes converting items from the far end of the build's order, until they meet it."""

    def __init__(self) -> None:
        self._pids: list[int] = []
        self._order: dict[str, int] = {}
        self._reached: mmap | None = None  # shared with the helpers: the index the build has reached

    def start(self, count: int, store: HelpedStore, items: Sequence[Item], name: Callable[[Item], str],
              convert: Callable[[Item], None]) -> None:
        """Fork `count` helpers, each converting every count-th item from the end, in turn."""
        self._order = {name(item): number for number, item in enumerate(items)}
        try:
            self._reached = reached = mmap(-1, 8)
            struct.pack_into("q", reached, 0, -1)
            for helper in range(count):
                spool = store.new_spool()
                pid = os.fork()
                if pid == 0:
                    self._pids = []  # a helper never moves the build's place
                    _help(lambda: struct.unpack_from("q", reached)[0], store, spool,
                          items[len(items) - 1 - helper::-count], self._order, name, convert)
                self._pids.append(pid)
        except OSError:
            pass  # no memory, file or process to spare: the build converts the rest itself

    def reached(self, name: str) -> None:
        """The build begins this item: helpers leave it, and every one before it, to the build."""
        number = self._order.get(name)
        if number is not None and self._pids and self._reached is not None:
            struct.pack_into("q", self._reached, 0, number)

    def end(self, *, at_once: bool = False) -> None:
        """Wait for the helpers to finish the item each is on (or, `at_once`, stop them)."""
        if self._reached is not None:
            struct.pack_into("q", self._reached, 0, 1 << 62)
        for pid in self._pids:
            try:
                if at_once:
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self._pids = []


def _help(reached: Callable[[], int], store: HelpedStore, spool: _Spool, items: Sequence[Item],
          order: dict[str, int], name: Callable[[Item], str], convert: Callable[[Item], None]) -> None:
    """A helper's whole life: convert its items until the build reaches them, then end at once."""
    try:
        # What the build made before the fork is never garbage here: leaving it out of collections keeps
        # them from writing to (and so copying) the build's memory pages; what this process makes is collected.
        gc.freeze()
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)  # anything logged or printed here is the build's to say, when it converts the page
        os.dup2(quiet, 2)
        store.write_to(spool)
        build = os.getppid()
        for item in items:
            if order[name(item)] <= reached() or os.getppid() != build:
                break  # the build has come this far, or was killed: nobody wants the rest
            convert(item)
    finally:
        os._exit(0)  # never return into the build: the build is the parent's


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]

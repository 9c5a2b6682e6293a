"""Build the site beside site/ and put it in place only once the build has succeeded.

MkDocs empties site/ before it writes a page, and in strict mode it counts warnings (a
broken link in a contributor's Markdown, say) only after every page is written. A build
that fails for any reason would leave a half-written or empty site. So the engine writes
into a staging folder next to site/, which replaces site/ only when nothing went wrong,
and is removed otherwise: a failed build leaves the previous site/ exactly as it was.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.academy")


class StagedSite:
    """One build's staging folder for the site folder `target`."""

    def __init__(self, target: Path):
        # A site/ that is a link to somewhere else is replaced there, not by a folder here.
        self.target = Path(os.path.realpath(target))
        self.staging = self.target.with_name(f".{self.target.name}.building-{os.getpid()}")

    def begin(self, keep_previous: bool) -> Path:
        """The folder the engine should build into; for a dirty build it starts as a copy of the site."""
        self._remove_leftovers()
        _remove(self.staging)
        if keep_previous and self.target.is_dir():
            shutil.copytree(self.target, self.staging, symlinks=True)
        return self.staging

    def commit(self) -> None:
        """Put the new site in place of the old one.

        Two renames, each atomic. Another build finishing at the same moment may put its site
        in place between them; then ours is tried again, so the last build to finish wins.
        """
        previous = []
        for attempt in range(10):
            aside = self.target.with_name(f".{self.target.name}.previous-{os.getpid()}-{attempt}")
            try:
                os.rename(self.target, aside)
                previous.append(aside)
            except FileNotFoundError:
                pass  # the first build, or another build has just moved it aside
            try:
                os.rename(self.staging, self.target)
                break
            except OSError as error:
                if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
        for aside in previous:
            _remove(aside)

    def discard(self) -> None:
        _remove(self.staging)

    def _remove_leftovers(self) -> None:
        """Remove what builds that were killed (Ctrl+C twice, a closed terminal) left beside the site.

        A folder is left alone while the build that made it is still running: its process id is in
        the name.
        """
        for pattern in (f".{self.target.name}.building-*", f".{self.target.name}.previous-*"):
            for folder in self.target.parent.glob(pattern):
                pid = folder.name.rsplit(".", 1)[1].split("-")[1]
                if pid.isdigit() and not _running(int(pid)):
                    _remove(folder)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours from an earlier build in this process (mkdocs serve); begin() replaces it
    if os.name == "nt":
        return True  # Windows has no harmless "does it exist" signal (os.kill would end the process)
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else, or the system cannot say: keep it
    return True


def _remove(folder: Path) -> None:
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder, ignore_errors=True)
    elif folder.exists() or folder.is_symlink():
        folder.unlink()


def strict_warnings_counted() -> bool:
    """Whether the engine has counted a warning that will fail this build in strict mode.

    MkDocs (and ProperDocs, its drop-in) counts them with a handler on its top logger and
    fails the build right after the last plugin's on_post_build; the handler is only there
    in strict mode.
    """
    for name in ("mkdocs", "properdocs"):
        for handler in logging.getLogger(name).handlers:
            counts = getattr(handler, "get_counts", None)
            if callable(counts) and counts():
                return True
    return False

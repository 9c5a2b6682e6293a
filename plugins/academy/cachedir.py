"""What every cache of ours shares: where caches live, the fingerprint of our code, and how a cache
file is read and written so that a damaged, missing, unwritable or concurrently written one only
ever costs time, never a failed build.

Every cache lives in the user's cache folder, outside the project: nothing in a project (where a
pull request can put any file) is ever read back as a cached result.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.metadata import version
from pathlib import Path

import platformdirs

log = logging.getLogger("mkdocs.plugins.academy")


def user_cache_dir() -> Path:
    """Where the system keeps a user's caches (platformdirs: $XDG_CACHE_HOME or ~/.cache on Linux,
    ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows), in a folder of ours."""
    return Path(platformdirs.user_cache_dir("relationships-academy", appauthor=False))


def digest_of(*parts: bytes | memoryview) -> bytes:
    """One digest of the parts in turn (parts, not their concatenation: some are megabytes)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part)
    return digest.digest()


@cache
def code_fingerprint() -> str:
    """Changes whenever our code, schemas, templates, parsers or sanitiser do, so no stale result is reused."""
    import pydantic_core
    import yaml

    package = Path(__file__).parent  # the whole academy package
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{sys.version} {yaml.__version__} {pydantic_core.__version__} {version('nh3')}".encode())
    for file in sorted(package.rglob("*")):
        if file.suffix in (".py", ".json", ".j2") and "__pycache__" not in file.parts:
            digest.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


# A cache file unused for this long is removed: results of old code, old charts, deleted projects.
UNUSED_FOR = 30 * 24 * 3600
_PRUNED_MARK = ".last-pruned"


def read_cached(target: Path) -> bytes | None:
    """What write_cached kept, or None when the file is missing, unreadable or not exactly as written."""
    try:
        raw = target.read_bytes()
    except OSError:
        return None
    check, newline, content = raw.partition(b"\n")
    if not (newline and check == digest_of(content).hex().encode()):
        return None
    _mark_used(target)
    return content


class DamagedCache(ValueError):
    """A cache file read a line at a time turned out, at its end, not to be exactly as written."""


def read_cached_lines(target: Path) -> Iterator[bytes]:
    """What write_cached kept, a line at a time, so a large file is never held whole. The check comes
    after the last line: raises DamagedCache then (or OSError) and whatever was made of the lines must
    be thrown away."""
    with target.open("rb") as stream:
        check = stream.readline().rstrip(b"\n")
        digest = hashlib.blake2b(digest_size=16)
        for line in stream:
            digest.update(line)
            yield line
    if check != digest.hexdigest().encode():
        raise DamagedCache(f"{target} is not as it was written")
    _mark_used(target)


def _mark_used(target: Path) -> None:
    """Its modification time says when a cache file was last used; refreshed at most once a day."""
    try:
        if time.time() - target.stat().st_mtime > 24 * 3600:
            os.utime(target)
    except OSError:
        pass


def prune_unused(root: Path | None = None) -> int:
    """Remove cache files unused for UNUSED_FOR seconds, at most once a day; returns how many.

    Without this the cache only grows: every change to our code or to a chart leaves files behind.
    """
    root = root or user_cache_dir()
    mark = root / _PRUNED_MARK
    now = time.time()
    try:
        if now - mark.stat().st_mtime < 24 * 3600:
            return 0
    except OSError:
        pass  # never pruned, or no cache yet
    removed = 0
    for file in root.rglob("*"):
        try:
            if file.is_file() and not file.is_symlink() and now - file.stat().st_mtime > UNUSED_FOR:
                file.unlink()
                removed += 1
        except OSError:
            continue  # another build removed or replaced it meanwhile
    try:
        root.mkdir(parents=True, exist_ok=True)
        mark.touch()
    except OSError:
        pass
    return removed


def write_cached(target: Path, content: bytes) -> None:
    """Keep content in a cache file, led by a line with its digest, so a file damaged in any way is
    noticed (and rebuilt) rather than used.

    Written via a temporary file and a rename, so a build running alongside reads the old file or
    the new one, never half of one. A folder that cannot be written only means nothing is kept.
    """
    write_cached_pieces(target, (content,))


def write_cached_pieces(target: Path, pieces: Iterable[bytes]) -> None:
    """write_cached for content made piece by piece, never all held at once. An error in making the
    pieces leaves nothing behind, and is raised."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    digest = hashlib.blake2b(digest_size=16)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as stream:
            stream.write(b"0" * digest.digest_size * 2 + b"\n")  # the digest line, written once it is known
            for piece in pieces:
                digest.update(piece)
                stream.write(piece)
            stream.seek(0)
            stream.write(digest.hexdigest().encode())
        os.replace(partial, target)
    except OSError as error:
        log.debug("Academy: could not keep %s (%s)", target, error)
    finally:
        try:
            partial.unlink(missing_ok=True)  # already renamed, unless something went wrong
        except OSError:
            pass


def keep_newest(folder: Path, pattern: str, count: int) -> None:
    """Remove all but the `count` most recently written files in `folder` that match `pattern`."""
    kept = sorted(folder.glob(pattern), key=_written_at, reverse=True)
    for old in kept[count:]:
        remove_quietly(old)


def remove_quietly(file: Path) -> None:
    try:
        file.unlink(missing_ok=True)
    except OSError:
        pass  # a folder we may not change: it only costs disk space


def _written_at(file: Path) -> float:
    try:
        return file.stat().st_mtime
    except OSError:  # removed by a build running alongside
        return 0.0

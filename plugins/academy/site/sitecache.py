"""The generated site kept between builds, under a digest of everything it is made from.

Generating the pages of 1,000 patterns takes over a second. When nothing it is made from has
changed (the data files, the options, the history, our code), a build takes the site the last
one generated instead. One file per project is kept, so a project's edits never pile up
copies; a missing, damaged or outdated file only means the site is generated again.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from academy.cachedir import (code_fingerprint, digest_of, keep_newest, read_cached_lines, remove_quietly,
                              write_cached_pieces)
from academy.site.deferred import Tokens
from academy.site.generate import GeneratedSite
from academy.site.pages.common import GeneratedFile, GeneratedPage, SiteOptions
from academy.source.history import History

#: The most sites kept (one per project): the projects a person builds, not every one ever built.
KEEP_SITES = 8
_PAGE_FIELDS = tuple(f.name for f in fields(GeneratedPage))


def site_key(inputs: str, options: SiteOptions, url_rule: str, history: History | None) -> str:
    """What a generated site depends on, as a digest.

    `inputs` is the digest of the data files the library was loaded from (ParseCache.inputs);
    `url_rule` names the engine's URL rule (options.url is a function, so it cannot say itself).
    """
    made_from = (code_fingerprint(), inputs, url_rule, repr(options.repository), options.site_url,
                 options.today.isoformat(), repr(history))
    return digest_of(repr(made_from).encode()).hex()


def _file_of(cache_dir: Path, project: str) -> Path:
    return cache_dir / "sites" / f"{digest_of(project.encode()).hex()}.jsonl"


def kept_site(cache_dir: Path | None, project: str, key: str) -> GeneratedSite | None:
    """The site kept for this project if it was made from exactly what `key` says, else None."""
    if cache_dir is None:
        return None
    try:
        lines = read_cached_lines(_file_of(cache_dir, project))  # a line at a time: never the file whole
        if json.loads(next(lines)) != {"key": key}:
            return None
        pages, files = [], []
        for line in lines:
            kind, *values = json.loads(line)
            if kind == "page":
                pages.append(GeneratedPage(**dict(zip(_PAGE_FIELDS, values, strict=True))))
            else:
                path, text, encoded = values
                files.append(GeneratedFile(path, base64.b64decode(encoded) if encoded else text))
    except (OSError, ValueError, TypeError, StopIteration):  # missing, damaged, or written by other code
        return None
    return GeneratedSite(pages, files, Tokens())


class Keeping:
    """A site on its way into the cache: `finish()` once the build has made every chart its pages wait
    for, or `drop()` when the build failed."""

    def __init__(self, target: Path, draft: Path | None, tokens: Tokens) -> None:
        self.target, self.draft, self.tokens = target, draft, tokens

    def finish(self) -> None:
        draft, token = self.draft, self.tokens.prefix.encode()
        if draft is None:
            return

        def filled() -> Iterator[bytes]:
            for line in read_cached_lines(draft):  # most pages hold no chart: copied as they are
                yield line if token not in line else _line(_filled(json.loads(line), self.tokens.fill))
        try:
            _write(self.target, filled())
        except (OSError, ValueError):  # the draft is gone or damaged: nothing is kept
            pass
        self.drop()

    def drop(self) -> None:
        if self.draft is not None:
            remove_quietly(self.draft)
            self.draft = None


def keep_site(cache_dir: Path, project: str, key: str, site: GeneratedSite) -> Keeping:
    """Keep a site for the next build of this project, in two steps so that its pages are never held
    twice: they are written out now, as they are, and `finish()` writes in the charts they wait for."""
    target = _file_of(cache_dir, project)
    if not site.tokens.issued:  # complete as it is
        _write(target, _lines(key, _records(site)))
        return Keeping(target, None, site.tokens)
    draft = target.with_name(f".{target.name}.{os.getpid()}.draft")
    write_cached_pieces(draft, _lines(key, _records(site)))
    return Keeping(target, draft, site.tokens)


def _write(target: Path, lines: Iterable[bytes]) -> None:
    write_cached_pieces(target, lines)
    # Test suites and throwaway clones each leave a site behind: keep only the most recently made.
    keep_newest(target.parent, "*.jsonl", KEEP_SITES)


def _records(site: GeneratedSite) -> Iterator[list[Any]]:
    for page in site.pages:
        yield ["page", *(getattr(page, name) for name in _PAGE_FIELDS)]
    for file in site.files:
        if isinstance(file.content, bytes):
            yield ["file", file.path, "", base64.b64encode(file.content).decode()]
        else:
            yield ["file", file.path, file.content, ""]


_MARKDOWN, _SLOTS = 1 + _PAGE_FIELDS.index("markdown"), 1 + _PAGE_FIELDS.index("slots")


def _filled(record: list[Any], fill: Callable[[str], str]) -> list[Any]:
    """A page's or file's record with the charts it waited for written in."""
    if record[0] == "page":
        record[_MARKDOWN] = fill(record[_MARKDOWN])
        record[_SLOTS] = {name: fill(html) for name, html in record[_SLOTS].items()}
    else:
        record[2] = fill(record[2])
    return record


def _lines(key: str, records: Iterable[list[Any]]) -> Iterator[bytes]:
    """The key, then one JSON line per page and file: never the whole site at once."""
    yield json.dumps({"key": key}).encode() + b"\n"
    for record in records:
        yield _line(record)


def _line(record: list[Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode() + b"\n"

"""The generated site kept between builds, under a digest of everything it is made from.

Generating the pages of 1,000 patterns takes over a second. When nothing it is made from has
changed (the data files, the options, the history, our code), a build takes the site the last
one generated instead. One file per project is kept, so a project's edits never pile up
copies; a missing, damaged or outdated file only means the site is generated again.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

from academy.cachedir import code_fingerprint, digest_of, read_cached, write_cached_pieces
from academy.site.deferred import Tokens
from academy.site.generate import GeneratedSite
from academy.site.pages.common import GeneratedFile, GeneratedPage, SiteOptions
from academy.source.history import History

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
    raw = read_cached(_file_of(cache_dir, project)) if cache_dir is not None else None
    if raw is None:
        return None
    lines = io.BytesIO(raw)  # read a line at a time: no second copy of the whole site
    try:
        if json.loads(lines.readline()) != {"key": key}:
            return None
        pages, files = [], []
        for line in lines:
            kind, *values = json.loads(line)
            if kind == "page":
                pages.append(GeneratedPage(**dict(zip(_PAGE_FIELDS, values, strict=True))))
            else:
                path, text, encoded = values
                files.append(GeneratedFile(path, base64.b64decode(encoded) if encoded else text))
    except (ValueError, TypeError):  # written by other code: generate afresh
        return None
    return GeneratedSite(pages, files, Tokens())


def keep_site(cache_dir: Path | None, project: str, key: str, site: GeneratedSite) -> None:
    """Keep a finished site (every chart it waits for made) for the next build of this project."""
    if cache_dir is not None:
        write_cached_pieces(_file_of(cache_dir, project), _lines(key, site))


def _lines(key: str, site: GeneratedSite) -> Iterator[bytes]:
    """One JSON line per page and file, each with its charts filled in: never the whole site at once."""
    fill = site.tokens.fill
    yield json.dumps({"key": key}).encode() + b"\n"
    for page in site.pages:
        values = [getattr(page, name) for name in _PAGE_FIELDS]
        values[_PAGE_FIELDS.index("markdown")] = fill(page.markdown)
        values[_PAGE_FIELDS.index("slots")] = {name: fill(html) for name, html in page.slots.items()}
        yield json.dumps(["page", *values], ensure_ascii=False).encode() + b"\n"
    for file in site.files:
        if isinstance(file.content, bytes):
            line = ["file", file.path, "", base64.b64encode(file.content).decode()]
        else:
            line = ["file", file.path, fill(file.content), ""]
        yield json.dumps(line, ensure_ascii=False).encode() + b"\n"

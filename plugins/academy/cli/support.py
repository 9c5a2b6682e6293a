"""What the `academy` subcommands share: the project's configuration and printing problems."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.structure.files import get_files

from academy.adapter.urls import mkdocs_urls
from academy.cachedir import user_cache_dir
from academy.model import Cohort, Library
from academy.site.dialect import missing_from
from academy.site.generate import generate
from academy.site.links import SiteSource
from academy.site.pages.common import SiteOptions
from academy.source.files import SourceDirs
from academy.source.library import load_library
from academy.source.problems import DataError, Problem, did_you_mean, report


@dataclass(frozen=True)
class Project:
    """The parts of mkdocs.yml the commands need."""

    dirs: SourceDirs
    site_url: str
    #: mkdocs.yml as MkDocs reads it; None when the project has none.
    config: MkDocsConfig | None = None


@cache
def project(root: Path) -> Project:
    """mkdocs.yml read by MkDocs itself (so `!ENV`, `INHERIT` and defaults work as in a build);
    without one, the default folders."""
    config_file = root / "mkdocs.yml"
    options: dict[str, str] = {}
    site_url = ""
    config = None
    if config_file.exists():
        try:
            config = load_config(str(config_file))
        except ConfigurationError as error:
            sys.exit(f"academy: {config_file} is not a valid MkDocs configuration: {error}")
        plugin = config.plugins.get("academy")
        options = dict(plugin.config) if plugin is not None else {}
        site_url = config.site_url or ""
    dirs = SourceDirs(root, root / options.get("patterns_dir", "patterns"),
                      root / options.get("cohorts_dir", "cohorts"), root / options.get("data_dir", "data"))
    return Project(dirs, site_url, config)


def built_site(root: Path, library: Library) -> SiteSource | None:
    """The site a build would make, as the check of contributors' links sees it: MkDocs' own list
    of the docs folder's files, and every generated page and file; None without a mkdocs.yml."""
    config = project(root).config
    if config is None:
        return None
    docs = {file.src_uri: file for file in get_files(config)}
    site = generate(library, SiteOptions(url=mkdocs_urls(config.use_directory_urls), site_url=config.site_url or "",
                                         cache_dir=user_cache_dir()))
    pages = {page.path: str(page.markdown) for page in site.pages}

    def read(path: str) -> str | None:
        return pages[path] if path in pages else docs[path].content_string if path in docs else None
    extensions = list(config.markdown_extensions)
    return SiteSource({*docs, *pages, *(file.path for file in site.files)}, read,
                      extensions + missing_from(extensions), dict(config.mdx_configs))


def source_dirs(root: Path) -> SourceDirs:
    """The data folders as configured in mkdocs.yml, or the defaults."""
    return project(root).dirs


def emit(problems: list[Problem], output_format: str) -> None:
    """Problems in the format a person, GitHub Actions or another tool reads."""
    if output_format == "json":
        print(json.dumps([{"file": p.file, "line": p.line, "column": p.column, "field": p.field,
                           "message": p.message, "severity": p.severity} for p in problems], indent=2))
    elif output_format == "github":
        for p in problems:
            level = "error" if p.severity == "error" else "warning"
            message = (f"{p.field}: {p.message}" if p.field else p.message).replace("%", "%25").replace("\n", "%0A")
            print(f"::{level} file={p.file},line={p.line},col={p.column}::{message}")
    else:
        for p in problems:
            print(str(p) if p.severity == "error" else f"{p} (warning)")


def load_cohort(root: Path, cohort_id: str, command: str,
                outcome: str) -> tuple[SourceDirs, Library, Cohort] | None:
    """The checked data and one cohort of it, or None after telling the user why not."""
    dirs = source_dirs(root)
    try:
        library = load_library(dirs)
    except DataError as error:
        print(report(error.problems, outcome), file=sys.stderr)
        return None
    cohort = library.cohorts.get(cohort_id)
    if cohort is None:
        print(f"academy {command}: no cohort with id '{cohort_id}'" + did_you_mean(cohort_id, library.cohorts),
              file=sys.stderr)
        return None
    return dirs, library, cohort

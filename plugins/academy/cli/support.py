"""What the `academy` subcommands share: finding the data folders and printing problems."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from academy.model import Cohort, Library
from academy.source.files import SourceDirs
from academy.source.library import load_library
from academy.source.problems import DataError, Problem, did_you_mean, report


def source_dirs(root: Path) -> SourceDirs:
    """The folders as configured in mkdocs.yml, or the defaults."""
    options: dict = {}
    config = root / "mkdocs.yml"
    if config.exists():
        text = config.read_text(encoding="utf-8")
        # mkdocs.yml may hold !!python tags for other plugins; we only need our own plain options.
        loaded = yaml.load(text, Loader=_TolerantLoader) or {}
        for plugin in loaded.get("plugins", []):
            if isinstance(plugin, dict) and "academy" in plugin:
                options = plugin["academy"] or {}
    return SourceDirs(root, root / options.get("patterns_dir", "patterns"),
                      root / options.get("cohorts_dir", "cohorts"), root / options.get("data_dir", "data"))


class _TolerantLoader(yaml.SafeLoader):
    pass


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


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

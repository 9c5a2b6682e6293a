"""`academy validate`: every problem in the data files at once, in a form people and tools can read."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from academy.source.checkstore import CheckStore
from academy.cli.support import built_site, emit, source_dirs
from academy.source.files import DATA_SUFFIXES, PARSED, SourceDirs
from academy.source.library import load_library
from academy.model import Library
from academy.site.links import link_problems
from academy.source.problems import DataError, Problem, display_path

SIMILARITY = 0.85  # above this, two titles or summaries are probably the same pattern


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("validate", help="check pattern, cohort and framework files")
    parser.add_argument("files", nargs="*", type=Path, help="only report on these files (default: all)")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    dirs = source_dirs(args.root)
    problems = stray_files(dirs)
    library: Library | None = None
    try:
        with PARSED.session(CheckStore(dirs.root)):  # a pre-commit hook runs this often: reuse unchanged files
            library = load_library(dirs)
    except DataError as error:
        problems.extend(error.problems)
    if library is not None:  # links are checked against the pages, which only valid data makes
        loaded = library
        problems.extend(link_problems(loaded, lambda: built_site(dirs.root, loaded)))
    shown = {display_path(p if p.is_absolute() else Path.cwd() / p, dirs.root) for p in args.files}
    problems.extend(p for f in shown for p in misplaced(f, dirs))
    if library is not None and shown:
        problems.extend(near_duplicates(library, shown))
    if shown:
        problems = [p for p in problems if p.file in shown]
    problems.sort()
    emit(problems, args.format)
    errors = [p for p in problems if p.severity == "error"]
    if args.format == "text":
        files = len({p.file for p in errors})
        print(f"{len(errors)} error{'s' if len(errors) != 1 else ''} in {files} file{'s' if files != 1 else ''}"
              if errors else "All data files are valid.", file=sys.stderr)
    return 1 if errors else 0


def stray_files(dirs: SourceDirs) -> list[Problem]:
    """Files in the data folders that the site would silently ignore."""
    found = []
    for folder in (dirs.patterns, dirs.cohorts):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_file() and path.suffix not in DATA_SUFFIXES and not path.name.startswith("."):
                    found.append(Problem(display_path(path, dirs.root), 1, 1, "", f"'{path.name}' is not a data "
                                         "file; data files end in .yml"))
    return found


def misplaced(file: str, dirs: SourceDirs) -> list[Problem]:
    """A file given on the command line that is not where the site looks for data."""
    folders = [display_path(f, dirs.root) for f in (dirs.patterns, dirs.cohorts, dirs.data)]
    if not any(file.startswith(folder + "/") for folder in folders):
        return [Problem(file, 1, 1, "", f"not in a data folder; patterns go in {folders[0]}/, "
                                        f"cohorts in {folders[1]}/")]
    if not file.endswith(DATA_SUFFIXES):
        return [Problem(file, 1, 1, "", "data files end in .yml")]
    return []


def near_duplicates(library: Library, files: set[str]) -> list[Problem]:
    """Warn when a given pattern's title or summary is very close to another pattern's."""
    found = []
    patterns = library.sorted_patterns()
    for pattern in (p for p in patterns if p.file in files):
        for other in patterns:
            if other.id == pattern.id:
                continue
            for field in ("title", "summary"):
                mine, theirs = getattr(pattern, field).casefold(), getattr(other, field).casefold()
                matcher = difflib.SequenceMatcher(None, mine, theirs)
                if matcher.real_quick_ratio() >= SIMILARITY and matcher.ratio() >= SIMILARITY:
                    found.append(Problem(pattern.file, 1, 1, field, f"very close to the {field} of "
                                         f"'{other.id}' ({other.file}); is this the same pattern?", "warning"))
    return found

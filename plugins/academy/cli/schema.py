"""`academy schema [--check]`: write the published JSON Schemas from the data shapes (academy.shapes)
and the project's framework files, or check that the committed ones are up to date."""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

from academy.cli.support import project
from academy.source.library import load_frameworks
from academy.source.problems import Problems, report
from academy.source.schemas import SCHEMA_NAMES, framework_tags, schema_text

#: Where editors find the schemas: each data file's first line points here.
SCHEMA_FOLDER = Path(str(resources.files("academy").joinpath("schema")))


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("schema", help="write the JSON Schemas from the data shapes and frameworks")
    parser.add_argument("--check", action="store_true", help="only check that the written schemas are up to date")
    parser.set_defaults(run=run)


def expected_schemas(root: Path) -> dict[Path, str] | Problems:
    """Each schema file and the text it should hold; or the problems of the framework files."""
    settings = project(root)
    problems = Problems()
    frameworks = load_frameworks(settings.dirs, problems)
    if problems:
        return problems
    tags = framework_tags(frameworks)
    return {SCHEMA_FOLDER / f"{name}.schema.json": schema_text(name, tags, settings.site_url) for name in SCHEMA_NAMES}


def run(args: argparse.Namespace) -> int:
    expected = expected_schemas(args.root)
    if isinstance(expected, Problems):
        print(report(expected.errors, "no schema was written"), file=sys.stderr)
        return 1
    stale = [path for path, text in expected.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path}: out of date; run `academy schema` and commit the result", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(expected[path], encoding="utf-8")
        print(f"wrote {path}")
    return 0

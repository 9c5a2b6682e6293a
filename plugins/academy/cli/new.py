"""`academy new pattern|cohort "Title"`: a file with every field, its description as a comment, and the schema line;
written from the shape of the file (academy.shapes), so it always matches what validation accepts."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta

from slugify import slugify

from academy.cli.scaffold import scaffold
from academy.cli.support import source_dirs
from academy.shapes import SHAPES


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("new", help="start a new pattern or cohort file from a template")
    parser.add_argument("kind", choices=("pattern", "cohort"))
    parser.add_argument("title", help='the title, e.g. "Regular check-ins"')
    parser.set_defaults(run=run)


def slug(title: str) -> str:
    """A readable ASCII file name from any title: "Café conversations" -> "cafe-conversations"."""
    return slugify(title, max_length=60, word_boundary=True, replacements=[["'", ""], ["’", ""]])


def run(args: argparse.Namespace) -> int:
    dirs = source_dirs(args.root)
    file_id = slug(args.title)
    if not file_id:
        print("academy new: the title needs at least one letter or digit", file=sys.stderr)
        return 1
    folder = dirs.patterns if args.kind == "pattern" else dirs.cohorts
    target = folder / f"{file_id}.yml"
    if target.exists():
        print(f"academy new: {target} already exists; choose another title", file=sys.stderr)
        return 1
    today = date.today()
    values = {"title": json.dumps(args.title, ensure_ascii=False), "sessions.date": "{next_week}"}
    template = scaffold(SHAPES[args.kind], args.kind, values)
    for placeholder, value in (("{today}", today.isoformat()),
                               ("{next_week}", (today + timedelta(days=7)).isoformat())):
        template = template.replace(placeholder, value)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(template, encoding="utf-8")
    print(f"Created {target}. Fill in every empty field, then run: academy validate {target}")
    return 0

"""`academy new pattern|cohort "Title"`: a file with every field, guidance in comments and the schema line."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from importlib import resources

from slugify import slugify

from academy.cli.support import source_dirs


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
    template = resources.files(__package__).joinpath(f"scaffolds/new-{args.kind}.yml").read_text("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    title = args.title.replace('"', "'")
    today = date.today()
    for placeholder, value in (("{title}", title), ("{today}", today.isoformat()),
                               ("{next_week}", (today + timedelta(days=7)).isoformat())):
        template = template.replace(placeholder, value)
    target.write_text(template, encoding="utf-8")
    print(f"Created {target}. Fill in every empty field, then run: academy validate {target}")
    return 0

"""`academy trainer-pack COHORT`: the cohort's trainer guide, with every trainer note, as one
printable HTML file in trainer-packs/ (git-ignored, never part of the site)."""

from __future__ import annotations

import argparse
from pathlib import Path

from academy.cli.support import load_cohort
from academy.site.trainer_pack import trainer_pack

OUTPUT_DIR = "trainer-packs"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("trainer-pack", help="write a cohort's private, printable trainer guide")
    parser.add_argument("cohort", help="the cohort's id (its file name in cohorts/)")
    parser.add_argument("--output", type=Path, help=f"where to write it (default: {OUTPUT_DIR}/COHORT.html)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    loaded = load_cohort(args.root, args.cohort, "trainer-pack", "no trainer pack was written")
    if loaded is None:
        return 1
    dirs, library, cohort = loaded
    target: Path = args.output or dirs.root / OUTPUT_DIR / f"{cohort.id}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(trainer_pack(cohort, library), encoding="utf-8")
    print(f"{target}: the trainer guide for '{cohort.title}'. Print it or keep it private; "
          "it is not part of the site and must not be committed.")
    return 0

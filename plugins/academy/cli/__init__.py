"""`academy`: the contributor's and trainer's command line.

    academy validate [FILE ...] [--format text|github|json]
    academy new pattern "Title"  |  academy new cohort "Title"
    academy schema [--check]
    academy aggregate COHORT ANSWERS.json ... --round "Start of course"
    academy generate --out DIR
    academy trainer-pack COHORT
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from academy.cli import generate as cli_generate
from academy.cli import new as cli_new
from academy.cli import trainer_pack as cli_trainer_pack
from academy.cli import schema as cli_schema
from academy.cli import validate as cli_validate
from academy.aggregate import aggregate_round, results_document
from academy.cli.support import load_cohort


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="academy", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the site's folder (holds mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)

    cli_validate.register(commands)
    cli_new.register(commands)
    cli_generate.register(commands)
    cli_trainer_pack.register(commands)
    cli_schema.register(commands)
    aggregate = commands.add_parser("aggregate", help="publish a cohort's aggregated self-assessment results")
    aggregate.add_argument("cohort", help="the cohort's id (its file name in cohorts/)")
    aggregate.add_argument("answers", nargs="+", type=Path, help="answer files exported by learners")
    aggregate.add_argument("--round", required=True, help='a name for this round, e.g. "Start of course"')
    aggregate.set_defaults(run=run_aggregate)

    args = parser.parse_args(argv)
    return args.run(args)


def run_aggregate(args: argparse.Namespace) -> int:
    """Write only aggregates (never an individual answer) into cohorts/results/<cohort>.yml."""
    loaded = load_cohort(args.root, args.cohort, "aggregate", "nothing was aggregated")
    if loaded is None:
        return 1
    dirs, library, _ = loaded
    instrument = library.frameworks.matrix.instrument
    answer_sets = []
    seen: dict[str, Path] = {}
    for path in args.answers:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            print(f"{path}: not a readable answers file ({error})", file=sys.stderr)
            return 1
        if not isinstance(data, dict) or data.get("framework") != instrument.id or data.get("version") != instrument.version:
            print(f"{path}: not answers to {instrument.id} version {instrument.version}", file=sys.stderr)
            return 1
        answers = data.get("answers")
        if not isinstance(answers, dict):
            print(f"{path}: 'answers' should map each statement to a score; this file holds "
                  f"{type(answers).__name__}, so it is not an answers file from the self-assessment",
                  file=sys.stderr)
            return 1
        # One learner counted twice would skew every cell: the same file, or a copy carrying the
        # same random response id (exports that have one), is refused. Equal answers alone are not.
        response = data.get("response")
        key = f"response {response}" if isinstance(response, str) and response else f"file {path.resolve()}"
        if key in seen:
            print(f"{path}: the same answers file as {seen[key]} ({key.split(' ')[0]}); each learner counts "
                  "once, so nothing was aggregated", file=sys.stderr)
            return 1
        seen[key] = path
        answer_sets.append(answers)
    new_round = aggregate_round(args.round, answer_sets, instrument)
    rounds = [r for r in library.cohorts[args.cohort].results if r.name != args.round] + [new_round]
    if len(rounds) > 2:
        print("academy aggregate: a cohort keeps at most two rounds (e.g. start and end of course)", file=sys.stderr)
        return 1
    target = dirs.cohorts / "results" / f"{args.cohort}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    header = ("# yaml-language-server: $schema=../../plugins/academy/schema/results.schema.json\n"
              "# Written by `academy aggregate`: aggregates only, small numbers suppressed.\n")
    body = yaml.safe_dump(results_document(instrument.id, instrument.version, rounds), sort_keys=False,
                          allow_unicode=True)
    target.write_text(header + body, encoding="utf-8")
    published = len(new_round.cells)
    print(f"{target}: round '{args.round}' from {new_round.respondents} answer files; "
          f"{published} of {len(instrument.statements)} cells published, the rest suppressed (fewer than 5 answers)")
    return 0


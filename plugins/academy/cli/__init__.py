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
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from academy.cli import generate as cli_generate
from academy.cli import new as cli_new
from academy.cli import trainer_pack as cli_trainer_pack
from academy.cli import schema as cli_schema
from academy.cli import validate as cli_validate
from academy.aggregate import THRESHOLD, AnswersFile, aggregate_round, read_answers, results_text
from academy.cli.support import load_cohort
from academy.site.charts import release as release_charts


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
    # The command prints its own output: MkDocs, reading mkdocs.yml, stays quiet. Restored after, so
    # a caller running the command in its own process (as the tests do) keeps its logging.
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.ERROR)
    try:
        return args.run(args)
    finally:
        # Charts a command generated but never wrote (validate checks pages' links only) are not
        # finished by a helper left behind.
        release_charts()
        mkdocs_log.setLevel(level)


def run_aggregate(args: argparse.Namespace) -> int:
    """Write only aggregates (never an individual answer) into cohorts/results/<cohort>.yml.

    Every file's problem is reported at once, and then nothing is written: each learner counts
    once, so a duplicate or a malformed file must be sorted out before a round is published.
    """
    loaded = load_cohort(args.root, args.cohort, "aggregate", "nothing was aggregated")
    if loaded is None:
        return 1
    dirs, library, _ = loaded
    instrument = library.frameworks.matrix.instrument
    files, problems = [], []
    for path in args.answers:
        try:
            files.append(AnswersFile(str(path), path.read_bytes()))
        except OSError as error:
            problems.append(f"{path}: cannot be read ({error.strerror or error})")
    answer_sets, file_problems = read_answers(files, instrument)
    problems += file_problems
    published = library.cohorts[args.cohort].results
    name = args.round.strip()  # as the team results page reads its round field
    rounds = [r for r in published if r.name != name]
    if not name:
        problems.append("give the round a name, such as --round \"Start of course\"")
    if len(rounds) > 1:
        problems.append("a cohort keeps at most two rounds (e.g. start and end of course)")
    if problems:
        print("\n".join(problems) + "\nacademy aggregate: nothing was aggregated", file=sys.stderr)
        return 1
    # Checked against every round published so far, including one of the same name that this replaces:
    # the repository's history keeps it.
    new_round = aggregate_round(name, answer_sets, instrument, published=published)
    target = dirs.cohorts / "results" / f"{args.cohort}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(results_text(instrument, [*rounds, new_round]), encoding="utf-8")
    print(f"{target}: round '{name}' from {new_round.respondents} answer files; "
          f"{len(new_round.cells)} of {len(instrument.statements)} cells published, the rest left out "
          f"(fewer than {THRESHOLD} answers, or a difference from an earlier round that would reveal a few people)")
    return 0

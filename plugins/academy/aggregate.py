"""Turn learners' exported answers into publishable aggregates, and check published aggregates.

Individual answers never enter the repository: only counts and means per cell, with
small numbers suppressed. The same rules run in the browser (site/assets/team-results.js);
tests/fixtures/aggregate-cases.json holds the cases both must answer identically.

- A cell with fewer than THRESHOLD scores is left out.
- Within a cell, the score bands (low / middle / high) add up to the published count, so when
  one band is suppressed the next-smallest is suppressed too (complementary suppression).
- Rounds are compared with every round already published for the cohort (including an
  earlier version of the same round, which stays in the repository's history): a cell whose
  count differs from a published one by 1 to THRESHOLD-1 is left out, or subtracting one from
  the other would give those few people's scores. When the counts differ by THRESHOLD or
  more, a band whose count differs by 1 to THRESHOLD-1 is left out for the same reason. Equal
  counts (the same people answering again) are the comparison a course is for.
- Each learner counts once: a file whose bytes equal an earlier one's, or that carries the
  same random `response` id, is refused, and so is a malformed file, each with a reason.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from academy.model import CellResult, Instrument, ResultsRound, Scale

THRESHOLD = 5
BANDS = ("low", "middle", "high")
DONT_KNOW = "dk"
#: An answers file is a few KB; anything this big is not one (the browser uses the same limit).
MAX_FILE_BYTES = 200 * 1024


def band_of(score: int, scale: Scale) -> str:
    middle = (scale.min + scale.max) / 2
    return "low" if score < middle else "high" if score > middle else "middle"


def mean_of(scores: Sequence[int]) -> float:
    """The mean to two decimals, halves rounded up, in integers so that JavaScript gets the same figure."""
    hundredths = (200 * sum(scores) + len(scores)) // (2 * len(scores))
    return hundredths / 100


def suppress_bands(bands: Mapping[str, int], threshold: int = THRESHOLD,
                   hidden: Iterable[str] = ()) -> dict[str, int]:
    """The bands that can be published: none below the threshold, none in `hidden`, and never exactly one left out."""
    forced = set(hidden)
    shown = {name: count for name, count in bands.items() if count >= threshold and name not in forced}
    left_out = [name for name in bands if name not in shown]
    # One band left out equals the total minus the others: leave out the smallest shown band as well.
    # Keep going until the bands left out together are not a small number either.
    while left_out and shown and (len(left_out) == 1 or sum(bands[h] for h in left_out) < threshold):
        smallest = min(shown, key=lambda name: (shown[name], BANDS.index(name)))
        left_out.append(smallest)
        del shown[smallest]
    return {name: shown[name] for name in BANDS if name in shown}


def _near(a: int, b: int, threshold: int) -> bool:
    """Two counts whose difference is a small group of people (1 to threshold-1)."""
    return 0 < abs(a - b) < threshold


def aggregate_round(name: str, answer_sets: Iterable[Mapping[str, Any]], instrument: Instrument,
                    threshold: int = THRESHOLD, published: Iterable[ResultsRound] = ()) -> ResultsRound:
    """One round's publishable aggregates from the answers of several learners, safe to publish
    beside the rounds already `published` for the cohort."""
    answer_sets = list(answer_sets)
    published = list(published)
    cells: dict[str, CellResult] = {}
    if len(answer_sets) >= threshold:
        for statement in instrument.statements:
            scores = [a[statement.cell] for a in answer_sets if _is_score(a.get(statement.cell), instrument.scale)]
            earlier = [r.cells[statement.cell] for r in published if statement.cell in r.cells]
            if len(scores) < threshold or any(_near(len(scores), e.n, threshold) for e in earlier):
                continue
            counts = {band: 0 for band in BANDS}
            for score in scores:
                counts[band_of(int(score), instrument.scale)] += 1
            differing = {band for e in earlier if e.n != len(scores) for band, count in e.bands.items()
                         if _near(counts[band], count, threshold)}
            cells[statement.cell] = CellResult(len(scores), mean_of([int(s) for s in scores]),
                                               suppress_bands(counts, threshold, differing))
    return ResultsRound(name, len(answer_sets), cells)


def threshold_breaches(result: ResultsRound, threshold: int = THRESHOLD) -> list[tuple[str, str]]:
    """(where, what) for every published figure that could identify fewer than `threshold` people."""
    found: list[tuple[str, str]] = []
    if result.cells and result.respondents < threshold:
        found.append(("respondents", f"only {result.respondents} respondents; publish no cells "
                                     f"below {threshold}"))
    for cell, figures in result.cells.items():
        if figures.n < threshold:
            found.append((f"cells.{cell}.n", f"{figures.n} answers is below the threshold of {threshold}"))
        for band, count in figures.bands.items():
            if count < threshold:
                found.append((f"cells.{cell}.bands.{band}", f"{count} is below the threshold of {threshold}"))
        hidden = [b for b in BANDS if b not in figures.bands]
        if len(hidden) == 1 and figures.bands:
            found.append((f"cells.{cell}.bands", f"only '{hidden[0]}' is left out, so it can be worked "
                                                 "out by subtraction; leave out the next-smallest band too"))
    return found


def differencing_breaches(first: ResultsRound, second: ResultsRound,
                          threshold: int = THRESHOLD) -> list[tuple[str, str]]:
    """(where, what) in `second` for every figure that, subtracted from `first`'s, gives a few people's scores."""
    found: list[tuple[str, str]] = []
    for cell, figures in second.cells.items():
        other = first.cells.get(cell)
        if other is None:
            continue
        if _near(figures.n, other.n, threshold):
            few = abs(figures.n - other.n)
            who = "that person's score" if few == 1 else f"those {few} people's scores"
            found.append((f"cells.{cell}.n", f"{figures.n} answers against {other.n} in '{first.name}': "
                                             f"the difference would give {who}"))
        elif figures.n != other.n:
            found.extend((f"cells.{cell}.bands.{band}", f"{count} against {other.bands[band]} in '{first.name}' "
                                                        "differs by fewer than the threshold")
                         for band, count in figures.bands.items()
                         if band in other.bands and _near(count, other.bands[band], threshold))
    return found


# --- answers files ------------------------------------------------------------------------------

@dataclass(frozen=True)
class AnswersFile:
    """A file as given: the name to show in messages, and its bytes."""

    name: str
    content: bytes


def _is_score(value: Any, scale: Scale) -> bool:
    # JSON has one kind of number: 3.0 is the score 3, as it is in the browser; true is not a score.
    return (isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer()
            and scale.min <= value <= scale.max)


def _json_kind(value: Any) -> str:
    """What a JSON value is, in words (the browser says the same)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _quote(text: str) -> str:
    """A short excerpt of a value from a file, for messages: never echo a whole file."""
    return json.dumps(text if len(text) <= 40 else text[:40] + "…", ensure_ascii=False)


def answers_problem(data: Any, instrument: Instrument) -> str | None:
    """Why this parsed file cannot be counted, or None."""
    version = data.get("version") if isinstance(data, dict) else None
    if (not isinstance(data, dict) or data.get("framework") != instrument.id or isinstance(version, bool)
            or version != instrument.version):  # true == 1 in Python, not in the browser
        return f"not answers to {instrument.id} version {instrument.version}"
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return (f"'answers' should map each statement to a score; this file holds {_json_kind(answers)}, "
                "so it is not an answers file from the self-assessment")
    if "response" in data and not (isinstance(data["response"], str) and data["response"]):
        return ("'response' should be the random id the self-assessment writes; "
                f"this file holds {_json_kind(data['response'])}")
    cells = {s.cell for s in instrument.statements}
    scale = instrument.scale
    for key, value in answers.items():
        if key not in cells:
            return f"answers a statement the self-assessment does not have ({_quote(key)})"
        if value != DONT_KNOW and not _is_score(value, scale):
            return f"the answer to {_quote(key)} is not a score from {scale.min} to {scale.max} or \"{DONT_KNOW}\""
    return None


def read_answers(files: Iterable[AnswersFile], instrument: Instrument) -> tuple[list[dict[str, Any]], list[str]]:
    """The answers of every file that can be counted, and "name: why" for each that cannot."""
    counted: list[dict[str, Any]] = []
    problems: list[str] = []
    by_content: dict[str, str] = {}
    by_response: dict[str, str] = {}
    for file in files:
        if len(file.content) > MAX_FILE_BYTES:
            problems.append(f"{file.name}: {(len(file.content) + 512) // 1024} KB is far more than an answers "
                            "file holds, so it was not read")
            continue
        try:
            data = json.loads(file.content.decode("utf-8-sig"))
        except ValueError:  # also UnicodeDecodeError
            problems.append(f"{file.name}: not an answers file (it is not JSON)")
            continue
        problem = answers_problem(data, instrument)
        if problem:
            problems.append(f"{file.name}: {problem}")
            continue
        digest = hashlib.sha256(file.content).hexdigest()
        response = data.get("response")
        if digest in by_content:
            problems.append(f"{file.name}: the same file as {by_content[digest]} (identical content); "
                            "each learner counts once")
        elif response in by_response:
            problems.append(f"{file.name}: the same learner's answers as {by_response[response]} (the same "
                            "response id); each learner counts once")
        else:
            by_content[digest] = file.name
            if response:
                by_response[response] = file.name
            counted.append(data["answers"])
    return counted, problems


# --- the results file ---------------------------------------------------------------------------

RESULTS_HEADER = ("# yaml-language-server: $schema=../../plugins/academy/schema/results.schema.json\n"
                  "# Written by `academy aggregate` or the team results page: aggregates only, small numbers suppressed.\n")


def results_text(instrument: Instrument, rounds: Iterable[ResultsRound]) -> str:
    """The results file, written the same way, byte for byte, by the browser (team-results.js):
    YAML whose strings are JSON-quoted, so two small writers agree without a YAML library.
    Cells come in the order of the instrument's statements."""
    def string(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    lines = [f"framework: {string(instrument.id)}", f"version: {instrument.version}", "rounds:"]
    for r in rounds:
        lines += [f"  - name: {string(r.name)}", f"    respondents: {r.respondents}"]
        lines.append("    cells:" if r.cells else "    cells: {}")
        for cell, c in ((s.cell, r.cells[s.cell]) for s in instrument.statements if s.cell in r.cells):
            bands = ", ".join(f"{band}: {count}" for band, count in c.bands.items())
            lines.append(f"      {string(cell)}: {{n: {c.n}, mean: {c.mean!r}"
                         + (f", bands: {{{bands}}}" if c.bands else "") + "}")
    return RESULTS_HEADER + "\n".join(lines) + "\n"

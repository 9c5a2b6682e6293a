"""Check the data files against each other and build the model.

Every problem from every file is collected before anything fails, so a
contributor sees the whole list at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from typing import Any, TypeVar

from academy.source.collections import ById, Entry, files_by_id, items_by_id, refers
from academy.source.cohorts import load_cohorts, load_events
from academy.source.content_checks import linking_text
from academy.source.files import SourceDirs, checked_document, data_files
from academy.model import (
    RELATIONS,
    FrameworkInfo,
    Frameworks,
    Instrument,
    Label,
    Library,
    LinkingText,
    Pathway,
    Pattern,
    Proximity,
    Relation,
    Scale,
    Statement,
    ValueMatrix,
    cell_id,
)
from academy.source.problems import DataError, Problems, did_you_mean, display_path, quoted
from academy.shapes import FRAMEWORK_TAGS, AnswerScale, PathwayFile, ProximityFile, ValueMatrixFile
from academy.source.schemas import validate
from academy.source.yamlfile import YamlDocument

T = TypeVar("T")


def load_library(dirs: SourceDirs) -> Library:
    """Everything, checked; raises DataError listing every problem when anything is wrong.

    A broken framework file does not hide problems elsewhere: patterns and cohorts are
    still checked against the frameworks that did load (and not against the missing ones,
    which would only add a false problem to every file).
    """
    problems = Problems()
    problems.extend(dirs.problems())
    linking: list[LinkingText] = []
    found = load_frameworks(dirs, problems)
    patterns, known_ids = load_patterns(dirs, found, problems, linking)
    cohorts = load_cohorts(dirs, found.get("value-matrix"), known_ids, problems, linking)
    events = load_events(dirs, problems)
    if problems:  # a missing framework is one of them
        raise DataError(problems.errors)
    frameworks = Frameworks(found["proximity"], found["value-matrix"], found["pathway"])
    return Library(frameworks=frameworks, patterns=patterns, relations=both_ways(patterns), cohorts=cohorts,
                   events=events, linking_text=tuple(linking))


# --- frameworks -------------------------------------------------------------------------------

#: Every kind of framework the site needs, and how each is built from its file.
FRAMEWORK_KINDS = ("proximity", "value-matrix", "pathway")


def load_frameworks(dirs: SourceDirs, problems: Problems) -> dict[str, Any]:
    """The frameworks that loaded, by kind; every missing or broken one is a reported problem."""
    builders: dict[str, Callable[[YamlDocument, Any, FrameworkInfo, Problems], Any]] = {
        "proximity": _proximity, "value-matrix": _value_matrix, "pathway": _pathway,
    }
    found: dict[str, Any] = {}
    kinds: ById[None] = ById(problems, "each kind of framework is defined in one file", noun="kind")
    for path in data_files(dirs.frameworks, dirs.root):
        doc, file_problems = checked_document(path, dirs.root, "framework")
        problems.extend(file_problems)
        if file_problems:
            continue
        shape = validate("framework", doc.data)
        kind = shape.kind
        if not kinds.add(Entry(kind, None, doc, (), ("kind",))):
            continue
        info = FrameworkInfo(shape.id, shape.version, shape.title, shape.credit, shape.summary, doc.file)
        found[kind] = builders[kind](doc, shape, info, problems)
    folder = display_path(dirs.frameworks, dirs.root)
    for kind in FRAMEWORK_KINDS:
        if kind not in found:
            problems.add(folder, 1, 1, "kind", f"no valid framework file of kind {quoted(kind)} in {folder}/")
    return found


def _unique_labels(doc: YamlDocument, key: str, items: Sequence[Any], make: Callable[[Any], T],
                   problems: Problems) -> tuple[T, ...]:
    """Items of a framework list, reporting ids given twice."""
    return tuple(make(entry.value) for entry in items_by_id(doc, key, items, problems).values())


def _scale(doc: YamlDocument, raw: AnswerScale, problems: Problems) -> Scale:
    scale = Scale(raw.min, raw.max, raw.min_label, raw.max_label, raw.dont_know)
    if scale.min >= scale.max:
        problems.append_problem(doc.problem(("assessment", "scale", "max"),
                                            f"max ({scale.max}) must be greater than min ({scale.min})"))
    return scale


def _statements(doc: YamlDocument, statements: Sequence[Any], rows: tuple[Label, ...], columns: tuple[Label, ...],
                row_key: str | None, column_key: str, problems: Problems) -> tuple[Statement, ...]:
    """Statements placed on the grid; every cell needs exactly one."""
    row_ids = [r.id for r in rows]
    column_ids = [c.id for c in columns]
    placed: dict[str, Statement] = {}
    for index, raw in enumerate(statements):
        path = ("assessment", "statements", index)
        row = getattr(raw, row_key) if row_key else rows[0].id
        column = getattr(raw, column_key)
        if row not in row_ids:
            problems.append_problem(doc.problem((*path, row_key or "row"), f"{quoted(row)} is not one of: "
                                                f"{', '.join(row_ids)}" + did_you_mean(row, row_ids)))
            continue
        if column not in column_ids:
            problems.append_problem(doc.problem(path + (column_key,), f"{quoted(column)} is not one of: "
                                                f"{', '.join(column_ids)}" + did_you_mean(column, column_ids)))
            continue
        cell = cell_id(row, column) if row_key else column
        if cell in placed:
            problems.append_problem(doc.problem(path, f"duplicate statement for cell {quoted(cell)}; "
                                                "each cell has exactly one"))
            continue
        placed[cell] = Statement(cell, row, column, raw.text)
    for row in row_ids:
        for column in column_ids:
            cell = cell_id(row, column) if row_key else column
            if cell not in placed:
                problems.append_problem(doc.problem(("assessment", "statements"),
                                                    f"no statement for cell {quoted(cell)}"))
    return tuple(placed[c] for c in sorted(placed, key=lambda c: _grid_order(placed[c], row_ids, column_ids)))


def _grid_order(statement: Statement, rows: list[str], columns: list[str]) -> tuple[int, int]:
    return rows.index(statement.row), columns.index(statement.column)


def _instrument(doc: YamlDocument, raw: Any, info: FrameworkInfo, rows: tuple[Label, ...],
                columns: tuple[Label, ...], row_key: str | None, column_key: str,
                problems: Problems) -> Instrument:
    return Instrument(info.id, info.version, raw.title, raw.intro, rows, columns,
                      _scale(doc, raw.scale, problems),
                      _statements(doc, raw.statements, rows, columns, row_key, column_key, problems))


def _proximity(doc: YamlDocument, shape: ProximityFile, info: FrameworkInfo, problems: Problems) -> Proximity:
    domains = _unique_labels(doc, "domains", shape.domains, lambda d: d, problems)
    instrument = None
    if shape.assessment is not None:
        columns = tuple(Label(d.id, d.name, d.question) for d in domains)
        rows = (Label("relationship", "This relationship"),)
        instrument = _instrument(doc, shape.assessment, info, rows, columns, None, "domain", problems)
    return Proximity(info, domains, instrument)


def _value_matrix(doc: YamlDocument, shape: ValueMatrixFile, info: FrameworkInfo,
                  problems: Problems) -> ValueMatrix:
    values = _unique_labels(doc, "values", shape.values, lambda v: Label(v.id, v.name, v.question), problems)
    areas = _unique_labels(doc, "areas", shape.areas, lambda a: Label(a.id, a.name, a.description), problems)
    return ValueMatrix(info, values, areas,
                       _instrument(doc, shape.assessment, info, values, areas, "value", "area", problems))


def _pathway(doc: YamlDocument, shape: PathwayFile, info: FrameworkInfo, problems: Problems) -> Pathway:
    steps = _unique_labels(doc, "steps", shape.steps, lambda s: s, problems)
    for index, step in enumerate(steps, start=1):
        if step.number != index:
            problems.append_problem(doc.problem(("steps", index - 1, "number"),
                                                f"step {step.number} is listed in position {index}; "
                                                "number the steps 1, 2, 3 ... in order"))
    return Pathway(info, steps)


# --- patterns ---------------------------------------------------------------------------------

def load_patterns(dirs: SourceDirs, frameworks: dict[str, Any], problems: Problems,
                  linking: list[LinkingText]) -> tuple[dict[str, Pattern], set[str]]:
    """The valid patterns, and the ids of every pattern file (broken ones too, for link checks)."""
    files = files_by_id(dirs.patterns, dirs.root, "pattern", problems, "regular-check-ins.yml")
    patterns: dict[str, Pattern] = {}
    for pattern_id, entry in files.items():
        doc = entry.doc
        if not isinstance(doc.data, dict):
            continue
        # A broken pattern's tags and links are still checked; nothing is built from it.
        _check_tags(doc, frameworks, problems)
        _check_related(doc, pattern_id, files, problems)
        if entry.usable:
            patterns[pattern_id] = pattern_from(doc, pattern_id)
            linking += linking_text(doc, "pattern", pattern_id)
    return patterns, set(files)


def _strings(doc: YamlDocument, key: str) -> list[tuple[int, str]]:
    """The text items of a list field; items of the wrong type are left to the schema's message."""
    items = doc.data.get(key)
    return [(i, v) for i, v in enumerate(items) if isinstance(v, str)] if isinstance(items, list) else []


def _check_tags(doc: YamlDocument, frameworks: dict[str, Any], problems: Problems) -> None:
    """Tags against the frameworks that loaded; a broken framework's tags are not judged."""
    for key, kind in FRAMEWORK_TAGS.items():
        framework = frameworks.get(kind)
        if framework is None:
            continue
        choices = framework.tag_ids
        for index, value in _strings(doc, key):
            if value not in choices:
                hint = did_you_mean(value, choices) or f" (the list is in {framework.info.file})"
                problems.append_problem(doc.problem((key, index), f"{quoted(value)} is not a {_TAG_NOUNS[kind]}"
                                                    + hint))


_TAG_NOUNS = {"proximity": "proximity domain", "value-matrix": "cell of the value matrix",
              "pathway": "step of the measured pathway"}


def _check_related(doc: YamlDocument, pattern_id: str, known: Collection[str], problems: Problems) -> None:
    links = doc.data.get("related")
    for index, link in enumerate(links if isinstance(links, list) else []):
        target = link.get("pattern") if isinstance(link, dict) else None
        if not isinstance(target, str):
            continue
        path = ("related", index, "pattern")
        if target == pattern_id:
            problems.append_problem(doc.problem(path, "a pattern cannot be related to itself"))
        else:
            refers(doc, path, target, known, "pattern", problems)


def pattern_from(doc: YamlDocument, pattern_id: str) -> Pattern:
    """The pattern as its shape defines it (the file passed the same check already)."""
    return validate("pattern", doc.data).placed(pattern_id, doc.file)


def both_ways(patterns: dict[str, Pattern]) -> dict[str, tuple[Relation, ...]]:
    """Each pattern's relations, adding the inverse of every relation others declare towards it."""
    seen: dict[str, dict[tuple[str, str], Relation]] = defaultdict(dict)
    for pattern in patterns.values():
        for relation in pattern.related:
            seen[pattern.id].setdefault((relation.kind, relation.target), relation)
    for pattern in patterns.values():
        for relation in pattern.related:
            inverse = RELATIONS[relation.kind][1]
            seen[relation.target].setdefault((inverse, pattern.id),
                                             Relation.model_validate({"relation": inverse, "pattern": pattern.id}))
    order = list(RELATIONS)
    return {pid: tuple(sorted(rels.values(), key=lambda r: (order.index(r.kind), patterns[r.target].title)))
            for pid, rels in seen.items() if pid in patterns}

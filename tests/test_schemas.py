"""The published JSON Schemas: generated from the data shapes, up to date, and the same contract as
`academy validate`, checked with an independent validator (jsonschema)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from jsonschema import Draft202012Validator

from academy.cli.schema import expected_schemas
from academy.source.schemas import SCHEMA_NAMES

SCHEMA_DIR = REPO / "plugins/academy/schema"
DATA_FILES = {
    "pattern": sorted(REPO.glob("patterns/*.yml")),
    "cohort": sorted(REPO.glob("cohorts/*.yml")),
    "module": [REPO / "data/fundamentals.yml"],
    "events": [REPO / "data/events.yml"],
    "framework": sorted(REPO.glob("data/frameworks/*.yml")),
    "results": sorted(REPO.glob("cohorts/results/*.yml")),
}


def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def test_committed_schemas_are_up_to_date() -> None:
    expected = expected_schemas(REPO)
    assert isinstance(expected, dict), expected
    stale = [path.name for path, text in expected.items() if path.read_text(encoding="utf-8") != text]
    assert not stale, f"{stale} out of date: run `academy schema` and commit the result"


def _yaml(path: Path) -> object:
    # The pure-Python parser, as yamllint and most editors read files; also keeps dates as text
    # the way the build does, so the schema sees what a contributor wrote.
    loader = yaml.SafeLoader
    class Text(loader):  # noqa: D101
        pass
    Text.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                                    for k, v in loader.yaml_implicit_resolvers.items()}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Text)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_data_file_meets_its_published_schema(name: str) -> None:
    validator = Draft202012Validator(schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)
    Draft202012Validator.check_schema(schema(name))
    for path in DATA_FILES[name]:
        errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(_yaml(path))]
        assert not errors, f"{path.relative_to(REPO)}: {errors}"


def test_framework_values_are_enums_so_editors_complete_them() -> None:
    validator = Draft202012Validator(schema("pattern"))
    good = _yaml(REPO / "patterns/bridging-finance.yml")
    assert not list(validator.iter_errors(good))
    for field, wrong in (("proximity", "telepathy"), ("value_cells", "trust/nowhere"), ("pathway", "levitation")):
        errors = list(validator.iter_errors({**good, field: [wrong]}))
        assert [e.validator for e in errors] == ["enum"], (field, errors)
    items = schema("pattern")["properties"]["proximity"]["items"]
    assert "presence" in items["enum"]
    results = {"framework": "relational-value-matrix", "version": 1,
               "rounds": [{"name": "Start", "respondents": 6, "cells": {"trust/process": {"n": 6, "mean": 3.5}}}]}
    assert not list(Draft202012Validator(schema("results")).iter_errors(results))
    results["rounds"][0]["cells"]["trust/nowhere"] = {"n": 6, "mean": 3.5}
    assert list(Draft202012Validator(schema("results")).iter_errors(results))


def _properties(node: object, where: str = "") -> list[tuple[str, dict]]:
    found = []
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            found.append((f"{where}.{key}", value))
        for key, value in node.items():
            found += _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for item in node:
            found += _properties(item, where)
    return found


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_property_is_described_and_the_id_names_the_site(name: str) -> None:
    document = schema(name)
    undescribed = [where for where, prop in _properties(document) if not prop.get("description")]
    assert not undescribed
    site_url = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["site_url"]
    assert document["$id"] == f"{site_url.rstrip('/')}/schema/{name}.schema.json"


def test_every_data_file_parses_with_the_pure_python_yaml_parser() -> None:
    """libyaml accepts a few things the YAML spec (and yamllint, and PyYAML without libyaml) do not."""
    files = [p for paths in DATA_FILES.values() for p in paths]
    assert len(files) > 10
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)


@pytest.mark.parametrize("kind", ["pattern", "cohort"])
def test_scaffold_is_written_from_the_shape(kind: str) -> None:
    """`academy new` writes every top-level field of the shape, each under its description."""
    from academy.cli.scaffold import scaffold
    from academy.shapes import SHAPES

    text = scaffold(SHAPES[kind], kind, {"title": '"A title"'})
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert keys == list(SHAPES[kind].model_fields)
    comments = " ".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    for info in SHAPES[kind].model_fields.values():
        assert info.description.split()[-1] in comments


def _text_kinds(node: object, document: dict, path: tuple[str, ...] = ()) -> set[tuple[tuple[str, ...], str]]:
    """(field path, kind) for every property of a published schema that says what text it holds."""
    found: set[tuple[tuple[str, ...], str]] = set()
    if isinstance(node, dict):
        if "$ref" in node:
            return _text_kinds(document["$defs"][node["$ref"].rsplit("/", 1)[1]], document, path)
        if "x-academy-text" in node:
            found.add((path, node["x-academy-text"]))
        for name, prop in node.get("properties", {}).items():
            found |= _text_kinds(prop, document, path + (name,))
        for key in ("items", "additionalProperties"):
            found |= _text_kinds(node.get(key), document, path)
        for key in ("anyOf", "oneOf", "allOf"):
            for option in node.get(key, []):
                found |= _text_kinds(option, document, path)
    return found


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_the_schema_publishes_the_kind_of_text_validate_checks(name: str) -> None:
    """Markdown, one-line and web-address fields are marked once, on the shapes: the published schema
    (which editors and the proposal form read) and `academy validate` follow the same marks."""
    from academy.shapes import text_fields_of_kind

    published = _text_kinds(schema(name), schema(name))
    checked = {(path, kind) for kind in ("markdown", "line", "web-address")
               for path in text_fields_of_kind(name, kind)}
    assert published == checked
    if name == "pattern":
        assert {(("problem",), "markdown"), (("stories", "text"), "markdown"), (("title",), "line"),
                (("sources", "url"), "web-address")} <= published

"""The JSON Schemas of our data files, and their errors turned into contributor-friendly problems."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from collections.abc import Callable

import fastjsonschema

from academy.source.problems import EXCERPT, Problem, did_you_mean, excerpt, quoted
from academy.source.yamlfile import YamlDocument, dotted

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_NAMES = ("pattern", "cohort", "module", "results", "framework", "events")

_TYPE_WORDS = {
    "object": "a mapping of fields", "array": "a list", "string": "text",
    "integer": "a whole number", "number": "a number", "boolean": "true or false", "null": "nothing",
}


def schema_text(name: str) -> str:
    """The schema file as shipped, for publishing on the site."""
    return resources.files("academy").joinpath(f"schema/{name}.schema.json").read_text("utf-8")


@cache
def validator(name: str) -> Draft202012Validator:
    """The reference validator: slow, but its errors say exactly where and why.

    Imported here, not at the top: a build whose files are all valid never needs it.
    """
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_text(name))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def quick_check(name: str) -> Callable[[Any], Any]:
    """A compiled validator, about ten times faster, for the common case of a valid file."""
    return fastjsonschema.compile(json.loads(schema_text(name)))


def schema_problems(doc: YamlDocument, name: str) -> list[Problem]:
    """Every way the document breaks its schema, each at its own line and field."""
    try:
        quick_check(name)(doc.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # explain it properly below
    problems: list[Problem] = []
    for error in validator(name).iter_errors(doc.data):
        problems.extend(_explain(doc, error))
    return problems


def _explain(doc: YamlDocument, error: ValidationError) -> list[Problem]:
    path = tuple(error.absolute_path)
    kind, instance, expected = error.validator, error.instance, error.validator_value
    if kind == "required":
        missing = [name for name in expected if name not in instance]
        return [doc.problem(path, "required field is missing", field_name=_join(path, name))
                for name in missing]
    if kind == "additionalProperties":
        allowed = error.schema.get("properties", {})
        return [doc.problem(path + (key,), "unknown field" + did_you_mean(key, allowed), key=True)
                for key in instance if key not in allowed]
    if kind == "type":
        wanted = " or ".join(_TYPE_WORDS[t] for t in ([expected] if isinstance(expected, str) else expected))
        return [doc.problem(path, f"expected {wanted}, found {_describe(instance)}")]
    if kind == "enum":
        choices = [str(c) for c in expected]
        return [doc.problem(path, f"{quoted(instance)} is not one of: {', '.join(choices)}"
                            + did_you_mean(str(instance), choices))]
    return [doc.problem(path, _message(kind, instance, expected, error))]


def _message(kind: str, instance: Any, expected: Any, error: ValidationError) -> str:
    if kind == "minItems":
        return f"needs at least {expected} item{'s' if expected != 1 else ''}"
    if (kind == "minLength" and expected <= 1) or (kind == "pattern" and expected == "\\S"):
        return "must not be empty"
    if kind == "minLength":
        return f"is too short: write at least {expected} characters"
    if kind == "maxLength":
        return f"is {len(instance)} characters long; keep it to {expected} or fewer"
    if kind == "pattern" and "a-z0-9" in expected:
        return f"{quoted(instance)} must be lower-case words joined by hyphens, e.g. 'family-hubs'"
    if kind == "pattern" and "https?" in expected:
        return f"{quoted(instance)} must be a web address starting with https:// or http://"
    if kind in ("format", "pattern") and "date" in (expected, error.schema.get("format")):
        return f"{quoted(instance)} is not a date written as YYYY-MM-DD"
    if kind == "pattern" and "description" in error.schema:
        return f"{quoted(instance)} is not written as expected: {error.schema['description']}"
    if kind == "uniqueItems":
        return "the same item is listed twice"
    if kind in ("minimum", "maximum"):
        hint = f" ({error.schema['description']})" if "description" in error.schema else ""
        side = "below the lowest" if kind == "minimum" else "above the highest"
        return f"{excerpt(instance)} is {side} allowed value, {expected}{hint}"
    return excerpt(error.message, 2 * EXCERPT)  # jsonschema's own words quote the whole value


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{quoted(str(value).lower())}"
    if value is None:
        return "nothing (an empty value)"
    return f"{quoted(value)}"


def _join(path: tuple[str | int, ...], name: str) -> str:
    return dotted(path + (name,))

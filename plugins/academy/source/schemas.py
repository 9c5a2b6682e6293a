"""Checking a data file against its shape (academy.shapes), with every error worded for a
contributor; and the published JSON Schema, emitted from the same shapes.

One validator (pydantic) decides what is valid. The JSON Schema is its published form, for
editors; an independent validator checks it in the tests.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from academy.shapes import (
    FRAMEWORK_FILES,
    FRAMEWORK_TAGS,
    NOT_BLANK,
    SHAPES,
    SLUG,
    WEB_ADDRESS,
    FrameworkHead,
    inner_types,
)
from academy.source.problems import Problem, did_you_mean, excerpt, quoted
from academy.source.yamlfile import Path_, YamlDocument, dotted

SCHEMA_NAMES = tuple(SHAPES)
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_TYPE_WORDS = {
    "string_type": "text", "int_type": "a whole number", "float_type": "a number", "bool_type": "true or false",
    "list_type": "a list", "tuple_type": "a list", "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields", "model_attributes_type": "a mapping of fields",
}
_PATTERN_WORDS = {
    SLUG: "{value} must be lower-case words joined by hyphens, e.g. 'family-hubs'",
    WEB_ADDRESS: "{value} must be a web address starting with https:// or http://",
    NOT_BLANK: "must not be empty",
}


# --- checking a file ------------------------------------------------------------------------------

def validate(name: str, data: Any) -> Any:
    """The file's data as its shape; raises pydantic's ValidationError."""
    return _adapter(_shape_of(name, data)).validate_python(data)


def schema_problems(doc: YamlDocument, name: str) -> list[Problem]:
    """Every way the document breaks its shape, each at its own line and field."""
    shape = _shape_of(name, doc.data)
    if shape is FrameworkHead:  # a framework file that does not say which kind it is
        return _kind_problems(doc)
    try:
        _adapter(shape).validate_python(doc.data)
    except ValidationError as error:
        details = error.errors(include_url=False)
        return [_explain(doc, shape, detail) for detail in details if not _follows_from(detail, details)]
    return []


def _follows_from(detail: ErrorDetails, details: list[ErrorDetails]) -> bool:
    """A list counted "too short" only because an item inside it failed (pydantic counts what is left)."""
    loc = detail["loc"]
    return detail["type"] == "too_short" and any(d["loc"][:len(loc)] == loc and len(d["loc"]) > len(loc)
                                                 for d in details)


def _shape_of(name: str, data: Any) -> Any:
    if name == "framework":
        kind = data.get("kind") if isinstance(data, dict) else None
        return FRAMEWORK_FILES.get(kind, FrameworkHead) if isinstance(kind, str) else FrameworkHead
    return SHAPES[name]


@cache
def _adapter(shape: Any) -> TypeAdapter[Any]:
    return TypeAdapter(shape)


def _kind_problems(doc: YamlDocument) -> list[Problem]:
    if not isinstance(doc.data, dict):
        return [doc.problem((), f"expected a mapping of fields, found {_describe(doc.data)}")]
    if "kind" not in doc.data:
        return [doc.problem((), "required field is missing", field_name="kind")]
    kind, kinds = doc.data["kind"], list(FRAMEWORK_FILES)
    return [doc.problem(("kind",), f"{quoted(kind)} is not one of: {', '.join(kinds)}" + did_you_mean(kind, kinds))]


def _explain(doc: YamlDocument, shape: Any, error: ErrorDetails) -> Problem:
    path: Path_ = tuple(error["loc"])
    kind, value, context = error["type"], error.get("input"), error.get("ctx", {})
    if kind == "missing":
        return doc.problem(path[:-1], "required field is missing", field_name=dotted(path))
    if kind == "extra_forbidden":
        allowed = [name for model in _models_at(shape, path[:-1]) for name in model.model_fields]
        return doc.problem(path, "unknown field" + did_you_mean(path[-1], allowed), key=True)
    if kind in _TYPE_WORDS:
        return doc.problem(path, f"expected {_TYPE_WORDS[kind]}, found {_describe(value)}")
    if kind == "literal_error":
        choices = [str(c) for c in _literals(_annotation_at(shape, path))]
        return doc.problem(path, f"{quoted(value)} is not one of: {', '.join(choices)}"
                           + did_you_mean(value, choices))
    return doc.problem(path, _message(kind, value, context, error["msg"], shape, path))


def _message(kind: str, value: Any, context: Mapping[str, Any], fallback: str, shape: Any, path: Path_) -> str:
    if kind == "string_too_short":
        least = context["min_length"]
        return "must not be empty" if least <= 1 else f"is too short: write at least {least} characters"
    if kind == "string_too_long":
        return f"is {len(value)} characters long; keep it to {context['max_length']} or fewer"
    if kind == "string_pattern_mismatch":
        words = _PATTERN_WORDS.get(context["pattern"])
        return words.format(value=quoted(value)) if words else f"{quoted(value)} is not written as expected"
    if kind == "too_short":
        least = context["min_length"]
        return f"needs at least {least} item{'s' if least != 1 else ''}"
    if kind == "too_long":
        return f"has {context['actual_length']} items; keep it to {context['max_length']} or fewer"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = context.get("ge", context.get("le"))
        where = "below the lowest" if kind == "greater_than_equal" else "above the highest"
        description = _description_at(shape, path)
        return f"{excerpt(value)} is {where} allowed value, {bound}" + (f" ({description})" if description else "")
    return fallback  # our own errors (PydanticCustomError) are already worded for people


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if value is None:
        return "nothing (an empty value)"
    return quoted(value)


# --- finding the definition of a place in a file ------------------------------------------------

def _models_at(shape: Any, path: Path_) -> list[type[BaseModel]]:
    """The shapes that can stand at a path: list indexes and mapping keys pass through."""
    models = [t for t in inner_types(shape) if isinstance(t, type) and issubclass(t, BaseModel)]
    for part in path:
        fields = [m.model_fields[part] for m in models if isinstance(part, str) and part in m.model_fields]
        if fields:
            models = [t for f in fields for t in inner_types(f.annotation)
                      if isinstance(t, type) and issubclass(t, BaseModel)]
    return models


def _annotation_at(shape: Any, path: Path_) -> Any:
    names = [p for p in path if isinstance(p, str)]
    for model in _models_at(shape, path[:path.index(names[-1])] if names else ()):
        if names and names[-1] in model.model_fields:
            return model.model_fields[names[-1]].annotation
    return None


def _description_at(shape: Any, path: Path_) -> str:
    names = [p for p in path if isinstance(p, str)]
    for model in _models_at(shape, path[:path.index(names[-1])] if names else ()):
        if names and names[-1] in model.model_fields:
            description = (model.model_fields[names[-1]].description or "").rstrip(".")
            return description[:1].lower() + description[1:]
    return ""


def _literals(annotation: Any) -> list[Any]:
    return [value for t in inner_types(annotation) if get_origin(t) is Literal for value in get_args(t)]


# --- the published JSON Schema ------------------------------------------------------------------

def schema_document(name: str, tags: Mapping[str, Sequence[str]], site_url: str = "") -> dict[str, Any]:
    """The JSON Schema of one kind of file, with the framework values (by framework kind) as enums
    so that editors complete them, and an $id on the site the schema is published on."""
    schema = _adapter(SHAPES[name]).json_schema(mode="validation")
    file = f"{name}.schema.json"
    document: dict[str, Any] = {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": site_url.rstrip("/") + f"/schema/{file}" if site_url else file,
    }
    if name == "framework":
        schema = _framework_schema(schema)
    document.update(schema)
    if name == "pattern":
        for field, framework in FRAMEWORK_TAGS.items():
            if framework in tags:
                document["properties"][field]["items"] = {"enum": list(tags[framework])}
    if name == "results" and "value-matrix" in tags:
        document["$defs"]["Round"]["properties"]["cells"]["propertyNames"] = {"enum": list(tags["value-matrix"])}
    return document


def _framework_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """One of the framework kinds, chosen by `kind`, as a title and description editors show."""
    return {"title": "Relationships Academy framework",
            "description": "A framework that patterns are tagged with: relational proximity, the relational "
                           "value matrix or the measured pathway. `kind` says which.",
            **schema}


def framework_tags(frameworks: Mapping[str, Any]) -> dict[str, Sequence[str]]:
    """What patterns may tag with, by framework kind, from the frameworks that loaded."""
    return {kind: framework.tag_ids for kind, framework in frameworks.items()}


def schema_text(name: str, tags: Mapping[str, Sequence[str]], site_url: str = "") -> str:
    return json.dumps(schema_document(name, tags, site_url), indent=2, ensure_ascii=False) + "\n"

"""A new data file written from its shape (academy.shapes): every field, in order, with its
description as a comment, so the scaffold can never disagree with what validation accepts."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from datetime import date, time
from typing import Any, Literal, get_args, get_origin

from pydantic import AfterValidator, BaseModel
from pydantic.fields import FieldInfo

from academy.shapes import SLUG, inner_types

WIDTH = 100


def scaffold(shape: type[BaseModel], schema_name: str, values: Mapping[str, str]) -> str:
    """The text of a new file: the editor's schema line, guidance, then every top-level field.

    `values` gives the text of chosen fields by dotted name (e.g. "sessions.date"); other text
    fields are left as "" for the contributor to fill in, which validation reports until they do.
    """
    lines = [f"# yaml-language-server: $schema=../plugins/academy/schema/{schema_name}.schema.json",
             *_comment(f"{_first_line(shape.__doc__)} Fill in every \"\" below; delete optional fields "
                       "you do not need. Check the file with: academy validate <this file>", "")]
    for name, info in shape.model_fields.items():
        lines += _comment(_guidance(info), "")
        lines += _field(name, info, "", name, values, top=True)
    return "\n".join(lines) + "\n"


def _field(name: str, info: FieldInfo, indent: str, where: str, values: Mapping[str, str],
           top: bool = False) -> list[str]:
    if where in values:
        return [f"{indent}{name}: {values[where]}"]
    kinds = list(inner_types(info.annotation))
    models = [k for k in kinds if isinstance(k, type) and issubclass(k, BaseModel)]
    listed = get_origin(_unwrapped(info.annotation)) is tuple
    if listed and (not info.is_required() and not _min_items(info)):
        return [f"{indent}{name}: []"]
    if listed and models:
        item = [line for sub, sub_info in models[0].model_fields.items() if sub_info.is_required()
                for line in _field(sub, sub_info, indent + "    ", f"{where}.{sub}", values)]
        return [f"{indent}{name}:", f"{indent}  - {item[0].lstrip()}", *item[1:]]
    if listed:
        return [f"{indent}{name}:", f"{indent}  - {_scalar(kinds, info)}"]
    if not top and not info.is_required():
        return []
    return [f"{indent}{name}: {_scalar(kinds, info)}"]


def _scalar(kinds: list[Any], info: FieldInfo) -> str:
    """A value that shows what is wanted: a choice, an example where "" could never be valid, else ""."""
    choices = [value for k in kinds if get_origin(k) is Literal for value in get_args(k)]
    if choices:
        return str(info.default if info.default in choices else choices[0])
    example = info.examples[0] if info.examples else None
    if any(k in (int, time) for k in kinds) or any(_checked(m) for m in info.metadata):
        return json.dumps(example) if example is not None else '""'
    if date in kinds:
        return "{today}"
    return '""'


def _checked(metadata: Any) -> bool:
    """A constraint that free text would break (an id, a time zone): the scaffold shows an example."""
    return getattr(metadata, "pattern", None) == SLUG or isinstance(metadata, AfterValidator)


def _guidance(info: FieldInfo) -> str:
    text = info.description or ""
    if not info.is_required() and not text.startswith("Optional"):
        text = f"Optional: {text[:1].lower()}{text[1:]}"
    if info.examples and isinstance(info.examples[0], list):
        text += f" For example: {json.dumps(info.examples[0], ensure_ascii=False)}"
    return text


def _comment(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH - len(indent) - 2, initial_indent=f"{indent}# ",
                         subsequent_indent=f"{indent}# ") if text else []


def _first_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _unwrapped(annotation: Any) -> Any:
    while hasattr(annotation, "__metadata__"):
        annotation = get_args(annotation)[0]
    return annotation


def _min_items(info: FieldInfo) -> int:
    return max([getattr(m, "min_length", 0) or 0 for m in info.metadata] or [0])

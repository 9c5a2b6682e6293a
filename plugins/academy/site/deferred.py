"""Values that take a while to make (charts, made in the helper process), written into the pages last.

Generating the site asks the chart helper for every chart at once and goes on without waiting: where
a chart's data belongs, a page holds a token instead. The engine then converts every page's
Markdown while the helper works on the other core, and only at the end are the tokens replaced by
the finished values (`Tokens.fill`). On a fresh build this hides the helper's start (Altair's
import, vl-convert's JavaScript engine) behind the engine's own work instead of waiting for it.

Outside `Tokens.collecting()` (a page made on its own, in a test) every value is made at once.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Generic, TypeVar

T = TypeVar("T")
U = TypeVar("U")


class Deferred(Generic[T]):
    """A value made by `make` the first time it is asked for, then kept."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._value: T | None = None

    @classmethod
    def made(cls, value: T) -> Deferred[T]:
        """A value that is ready now."""
        done: Deferred[T] = cls(lambda: value)
        done.value()
        return done

    @property
    def ready(self) -> bool:
        return self._make is None

    def value(self) -> T:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value  # type: ignore[return-value]  # made above

    def then(self, use: Callable[[T], U]) -> Deferred[U]:
        """A value made from this one, when it is asked for."""
        return Deferred(lambda: use(self.value()))


class Tokens:
    """The tokens written into one generated site, and the text each stands for.

    A token is letters, digits and dashes, so Markdown, the sanitiser and HTML escaping leave it as
    it is; it holds a random part, so no contributor's text can match one.
    """

    def __init__(self) -> None:
        self.prefix = f"academy-deferred-{uuid.uuid4().hex}-"
        self._pattern = re.compile(re.escape(self.prefix) + r"[0-9]+")
        self._texts: dict[str, Deferred[str]] = {}

    @property
    def issued(self) -> bool:
        """Whether any text was given a token (else every text is complete as written)."""
        return bool(self._texts)

    def token(self, text: Deferred[str]) -> str:
        token = f"{self.prefix}{len(self._texts)}"
        self._texts[token] = text
        return token

    def fill(self, written: str) -> str:
        """`written` with every token in it replaced by its finished text."""
        if self.prefix not in written:
            return written
        return self._pattern.sub(lambda found: self._texts[found[0]].value(), written)

    @contextmanager
    def collecting(self) -> Iterator[Tokens]:
        """Within this block, `text()` and `html_json()` write tokens here rather than waiting."""
        reset = _collecting.set(self)
        try:
            yield self
        finally:
            _collecting.reset(reset)


_collecting: ContextVar[Tokens | None] = ContextVar("academy_deferred_tokens", default=None)


def text(value: Deferred[str]) -> str:
    """The text for a page: a token while the site is being generated, unless it is ready."""
    tokens = _collecting.get()
    return tokens.token(value) if tokens is not None and not value.ready else value.value()


def html_json(data: Any) -> str:
    """`data` as JSON escaped for an HTML attribute; each Deferred in it becomes a token while the
    site is being generated (escaping works character by character, so the parts can be escaped apart)."""
    tokens = _collecting.get()
    if tokens is None:
        return html.escape(_json(data, lambda later: later.value()), quote=True)
    marks: dict[str, str] = {}

    def mark(later: Deferred[Any]) -> Any:
        if later.ready:  # a chart kept from an earlier build: written now, so the page is the same each build
            return later.value()
        token = tokens.token(later.then(lambda value: html.escape(_json(value, lambda inner: inner.value()),
                                                                  quote=True)))
        marks[json.dumps(token)] = token
        return token
    written = html.escape(_json(data, mark), quote=True)
    # The token was written as a JSON string; the finished value is JSON of any kind, so drop its quotes.
    for quoted, token in marks.items():
        written = written.replace(html.escape(quoted, quote=True), token)
    return written


def _json(data: Any, deferred: Callable[[Deferred[Any]], Any]) -> str:
    def default(value: Any) -> Any:
        if isinstance(value, Deferred):
            return deferred(value)
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=default)

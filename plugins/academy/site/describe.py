"""A page's meta description: given, or its introduction (the first paragraph of text)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Search engines show about this many characters; longer text is cut at a word.
LIMIT = 160

#: Paragraphs inside these are not an introduction (notes, figures, forms, hidden blocks).
_SKIP_INSIDE = {"aside", "details", "figure", "form", "nav", "table", "template", "script", "style"}


_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _FirstParagraph(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.skip_from: int | None = None  # depth of the element that starts a skipped block
        self.paragraph_at: int | None = None
        self.parts: list[str] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":  # a line break reads as a space; text on either side is joined as written
            self.handle_data(" ")
        if tag in _VOID or self.done:
            return
        self.open.append(tag)
        names = dict(attrs)
        skipped = tag in _SKIP_INSIDE or "hidden" in names or "admonition" in (names.get("class") or "").split()
        if skipped and self.skip_from is None:
            self.skip_from = len(self.open)
        elif tag == "p" and self.skip_from is None and self.paragraph_at is None:
            self.paragraph_at = len(self.open)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open or self.done:
            return
        while self.open and self.open.pop() != tag:
            pass
        depth = len(self.open)
        if self.skip_from is not None and depth < self.skip_from:
            self.skip_from = None
        if self.paragraph_at is not None and depth < self.paragraph_at:
            self.paragraph_at = None
            self.done = bool("".join(self.parts).strip())
            if not self.done:
                self.parts.clear()

    def handle_data(self, data: str) -> None:
        if self.paragraph_at is not None and self.skip_from is None and not self.done:
            self.parts.append(data)


def introduction(html: str) -> str:
    """The text of the first paragraph of a page's content that is not a note, figure or form."""
    parser = _FirstParagraph()
    # Fed a piece at a time, so a long page (the library's index) is read only up to its first paragraph.
    for start in range(0, len(html), _PIECE):
        parser.feed(html[start:start + _PIECE])
        if parser.done:
            break
    return shorten("".join(parser.parts))


_PIECE = 4096  # characters


def shorten(text: str, limit: int = LIMIT) -> str:
    """One line of at most `limit` characters, cut at a word boundary."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return cut + "…"

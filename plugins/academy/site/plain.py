"""Plain text made inert wherever a page prints it: Markdown, HTML text and HTML attributes.

Contributor fields such as titles, venues and summaries are plain text. Every ASCII character that
Markdown, its extensions (attr_list's `{: }`, tables' `|`, footnotes' `[^`) or HTML could read as
syntax becomes a numeric character reference. Markdown passes references through untouched and
browsers show them as the character, so the text reads exactly as written in every one of those
contexts and can never become a link, image, attribute, tag or block.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

#: Punctuation that no syntax we produce gives a meaning to inside a line; kept for readable output.
_HARMLESS = set(",;?/%@")
_TABLE = {ord(c): f"&#{ord(c)};" for c in string.punctuation if c not in _HARMLESS}
# Line breaks and indentation start Markdown blocks (lists, code, headings); plain text is one line.
_BREAKS = re.compile(r"\s*[\r\n\v\f\x85\u2028\u2029]\s*")


def plain(value: object) -> str:
    """`value` as text that Markdown and HTML show exactly as written."""
    return _inert(value if isinstance(value, str) else str(value))


# Pages print the same titles and names many times over (a pattern's title is on its page, on every
# list it is in and in every link to it), so each text is made inert once.
@lru_cache(maxsize=1 << 16)
def _inert(text: str) -> str:
    return _BREAKS.sub(" ", text).translate(_TABLE)

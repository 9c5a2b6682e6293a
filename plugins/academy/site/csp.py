"""The Content-Security-Policy every page carries: everything from the site's own origin only.

The policy itself is written once, in the theme override (theme/main.html), as a `<meta>` whose
script sources end in the marker below. The theme's own inline scripts (Material's: storage scope,
palette, anchor targets) differ from page to page (they hold the page's base URL), so their hashes
are filled in per page from the finished HTML. Only scripts outside the page's `<article>` are
hashed: page content never earns a hash, and contributor text is sanitised besides.
"""

from __future__ import annotations

import base64
import hashlib
import re

MARKER = "'academy-theme-scripts'"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)


def with_script_hashes(page_html: str) -> str:
    """The page with the theme's inline scripts allowed by hash in its policy."""
    if MARKER not in page_html:
        return page_html
    outside = _ARTICLE.sub("", page_html)
    hashes = dict.fromkeys(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(outside))
    return page_html.replace(MARKER, " ".join(hashes), 1)

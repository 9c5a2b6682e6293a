"""The Content-Security-Policy every page carries: everything from the site's own origin only.

The policy itself is written once, in the theme override (theme/main.html), as a `<meta>` whose
script sources end in the marker below. The theme's own inline scripts (Material's: storage scope,
palette, anchor targets) differ from page to page (they hold the page's base URL), so their hashes
are filled in per page from the finished HTML. Only scripts outside the page's `<article>` are
hashed: page content never earns a hash, and contributor text is sanitised besides.

A development server (`mkdocs serve`) adds a live-reload script of its own to each page it sends;
`allow_inline_script` lets that one script run in the served copy, never in a built file.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache

MARKER = "'academy-theme-scripts'"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
#: The policy's <meta> as the theme writes it (either quote around the content).
_POLICY_META = re.compile(r"""(<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=)(["'])(.*?)\2""",
                          re.DOTALL | re.IGNORECASE)


def with_script_hashes(page_html: str) -> str:
    """The page with the theme's inline scripts allowed by hash in its policy."""
    if MARKER not in page_html:
        return page_html
    hashes = dict.fromkeys(_source_hash(script) for script in inline_scripts(_outside_articles(page_html)))
    return page_html.replace(MARKER, " ".join(hashes), 1)


def _outside_articles(page_html: str) -> str:
    """The page without its `<article>` elements (found by plain search: a page is tens of kilobytes)."""
    parts, at = [], 0
    while (start := page_html.find("<article", at)) != -1:
        end = page_html.find("</article>", start)
        if end == -1:
            break  # not closed: the rest stays out, as if it were the article
        parts.append(page_html[at:start])
        at = end + len("</article>")
    else:
        parts.append(page_html[at:])
    return "".join(parts)


def inline_scripts(page_html: str) -> list[str]:
    """The text of every inline `<script>` of the page, in order."""
    return _INLINE_SCRIPT.findall(page_html)


def allow_inline_script(page_html: str, script: str) -> str:
    """The page with the inline script whose text is `script` allowed by every policy it carries.

    Its hash joins the sources of the directive that governs inline scripts (`script-src-elem`, else
    `script-src`, else a new `script-src` with the `default-src` sources it would fall back to). A policy
    that allows any inline script already ('unsafe-inline' with no hash or nonce, which a hash would
    switch off), or restricts no script, is left as it is.
    """
    source = _source_hash(script)

    def allowed(meta: re.Match[str]) -> str:
        directives = [d.strip() for d in meta[3].split(";")]
        named: dict[str, int] = {}
        for i, directive in enumerate(directives):
            if directive:
                named.setdefault(directive.split()[0].lower(), i)  # a repeated directive is ignored
        name = next((n for n in ("script-src-elem", "script-src", "default-src") if n in named), None)
        if name is None:
            return meta[0]
        index = named[name]
        sources = [s for s in directives[index].split()[1:] if s.lower() != "'none'"]
        lowered = [s.lower() for s in sources]
        if source in sources or ("'unsafe-inline'" in lowered
                                 and not any(s.startswith(("'sha", "'nonce-")) for s in lowered)):
            return meta[0]
        if name == "default-src":
            directives.insert(index + 1, " ".join(["script-src", *sources, source]))
        else:
            directives[index] = " ".join([name, *sources, source])
        return f"{meta[1]}{meta[2]}{'; '.join(d for d in directives if d)}{meta[2]}"

    return _POLICY_META.sub(allowed, page_html)


@lru_cache(maxsize=1024)
def _source_hash(script: str) -> str:
    """The policy source that allows exactly this inline script's text (pages at one depth share their
    scripts: each is hashed once)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"

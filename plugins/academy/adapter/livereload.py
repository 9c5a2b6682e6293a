"""`mkdocs serve` (and ProperDocs' serve) reloads the browser with a script it adds inline to every page
it sends. Our pages' Content-Security-Policy allows only the theme's own inline scripts, so the browser
would block it and never reload. Here the server's injection is wrapped so that each page *served* also
allows the one script the server added (site/csp.py); the files on disk stay as a build writes them.

The injection is an internal of the engine (`LiveReloadServer._inject_js_into_html(content, epoch)`,
the same in MkDocs 1.6 and ProperDocs 1.6). If it is missing or changed, pages are served as before and
one warning says that live reload may be blocked.
"""

from __future__ import annotations

import inspect
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from academy.site.csp import allow_inline_script, inline_scripts

log = logging.getLogger("mkdocs.plugins.academy")

_INJECT = "_inject_js_into_html"
_WARNING = ("Academy: could not let the server's live-reload script past the pages' Content-Security-Policy "
            "(%s); pages will not reload by themselves after a save: reload them by hand.")


def allow_live_reload(server: Any) -> None:
    """Make the pages `server` sends allow the live-reload script it adds to them."""
    inject: Callable[[bytes, int], bytes] | None = getattr(server, _INJECT, None)
    if inject is None or getattr(inject, "academy_wrapped", False):
        if inject is None:
            log.warning(_WARNING, f"{type(server).__name__} has no {_INJECT}")
        return
    try:
        parameters = list(inspect.signature(inject).parameters)
    except (TypeError, ValueError):
        parameters = []
    if parameters != ["content", "epoch"]:
        log.warning(_WARNING, f"{type(server).__name__}.{_INJECT} takes ({', '.join(parameters)}), "
                              "not (content, epoch)")
        return
    warned = False

    def inject_allowed(content: bytes, epoch: int) -> bytes:
        nonlocal warned
        served = inject(content, epoch)
        try:
            before, after = content.decode("utf-8"), served.decode("utf-8")
        except UnicodeDecodeError:
            return served  # not a page we wrote (ours are UTF-8): nothing of ours to change
        added = list(Counter(inline_scripts(after)) - Counter(inline_scripts(before)))
        if len(added) != 1:
            if not warned:
                warned = True
                log.warning(_WARNING, f"it added {len(added)} inline scripts to a page, not 1")
            return served
        return allow_inline_script(after, added[0]).encode("utf-8")

    inject_allowed.academy_wrapped = True  # type: ignore[attr-defined]
    setattr(server, _INJECT, inject_allowed)

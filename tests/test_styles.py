"""Every class our templates, page code and scripts put on an element has a rule in our CSS.

A class without CSS is a silent defect: an "invisible" file input that shows, an error styled as
success, a write-in space 17 px high.
"""

from __future__ import annotations

import json
import re

from conftest import REPO

SITE = REPO / "plugins" / "academy" / "site"
TOKEN = re.compile(r"(?<![\w-])academy-[a-z0-9_-]*[a-z0-9_]")
#: Placeholders that never reach a browser: the build replaces them (pages/common.py slot).
NOT_IN_BROWSER = {"academy-slot"}


def _html_classes() -> set[str]:
    statuses = json.loads((REPO / "plugins/academy/schema/pattern.schema.json").read_text())["properties"]["status"]["enum"]
    found: set[str] = set()
    for file in [*SITE.glob("templates/*.j2"), *SITE.glob("pages/*.py"), *SITE.glob("*.py"), *SITE.glob("theme/**/*.html")]:
        for value in re.findall(r'class="([^"]*)"', file.read_text(encoding="utf-8")):
            value = re.sub(r"\{\{\s*pattern\.status\s*\}\}", "{status}", value)
            for token in value.split():
                found.update(token.replace("{status}", s) for s in statuses) if "{status}" in token else found.add(token)
    return {c for c in found if TOKEN.fullmatch(c)}


def _script_classes() -> set[str]:
    """Classes a script sets (className, classList, our element() helper) or selects (".academy-...")."""
    found: set[str] = set()
    for file in SITE.glob("assets/*.js"):
        for line in file.read_text(encoding="utf-8").splitlines():
            literals = re.findall(r'"([^"\n]*)"', line)
            if re.search(r"className|classList|element\(", line):
                found.update(t for literal in literals for t in TOKEN.findall(literal))
            found.update(re.findall(r"\.(academy-[\w-]*[\w])", " ".join(literals)))
    return found


def _css_classes() -> set[str]:
    return {m for file in SITE.glob("assets/*.css") for m in re.findall(r"\.(academy-[\w-]+)", file.read_text(encoding="utf-8"))}


def test_every_class_in_templates_and_scripts_has_css() -> None:
    used = (_html_classes() | _script_classes()) - NOT_IN_BROWSER
    assert {"academy-visually-hidden", "academy-message--error", "academy-write-in"} <= used  # the scan finds them
    assert sorted(used - _css_classes()) == []

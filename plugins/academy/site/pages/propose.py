""""Propose a pattern": a form that writes a pattern file in the browser and opens GitHub's "create new
file" page with it, so a contributor needs a GitHub account but no git.

The form is made from the published JSON Schema of a pattern (the one definition in academy.shapes,
with the framework values as enums) and checks the draft against it in the browser
(assets/propose-rules.js), with the checks on text (by each field's kind of text, which the schema
carries) that `academy validate` makes beyond the schema
(source/content_checks.py) ported once; tests run the same bad drafts through both.
"""

from __future__ import annotations

import json
from typing import Any

from academy.model import Library
from academy.site.facets import library_facets
from academy.site.pages.common import GeneratedPage, SiteOptions, page_data, render
from academy.site.pages.paths import PROPOSE_PATH
from academy.site.sanitize import allowlist
from academy.source.schemas import framework_tags, schema_document

#: GitHub answers 414 somewhat above this; a longer draft is copied or downloaded instead.
MAX_URL = 8000
#: Stand-ins the script replaces (URL-encoded) in the address Repository.new_file_url() made.
FILENAME, CONTENT = "ACADEMYFILENAME", "ACADEMYCONTENT"
#: The pattern field each library facet lists the values of (their labels come from the facets).
_FACET_FIELDS = {"proximity": "proximity", "cell": "value_cells", "step": "pathway", "status": "status",
                 "scale": "scale"}


def propose_page(library: Library, options: SiteOptions) -> GeneratedPage:
    repository = options.repository
    new_file = repository.new_file_url("patterns", FILENAME, CONTENT) if repository and repository.on_github else ""
    facets = {facet.key: facet for facet in library_facets(library)}
    data: dict[str, Any] = {
        # As text: page data is written with sorted keys, and the form follows the schema's order of fields.
        "schema": json.dumps(schema_document("pattern", framework_tags(library.frameworks.by_kind()))),
        "labels": {field: {o.id: {"name": o.name, "note": o.note} for o in facets[key].options}
                   for key, field in _FACET_FIELDS.items()},
        "patterns": [[p.id, p.title] for p in library.sorted_patterns()],
        "html": allowlist(),
        "newFile": new_file, "filenameToken": FILENAME, "contentToken": CONTENT, "maxUrl": MAX_URL,
        "header": "# yaml-language-server: $schema=../plugins/academy/schema/pattern.schema.json",
        "today": options.today.isoformat(),
    }
    markdown = render("propose.md.j2", PROPOSE_PATH, options, data=page_data("propose", data),
                      contributing=repository.contributing if repository else "",
                      repository=repository.url if repository else "")
    return GeneratedPage(PROPOSE_PATH, markdown, "Propose a pattern", in_nav=True,
                         description="Write a new pattern in a form that checks it as you go, then open it "
                                     "on GitHub as a proposal; no git needed.")

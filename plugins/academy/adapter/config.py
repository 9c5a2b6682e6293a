"""The plugin's options as written under `plugins: - academy:` in mkdocs.yml."""

from __future__ import annotations

from datetime import date

from mkdocs.config import base
from mkdocs.config import config_options as c


class AcademyConfig(base.Config):
    #: Folders of data files, relative to mkdocs.yml.
    patterns_dir = c.Type(str, default="patterns")
    cohorts_dir = c.Type(str, default="cohorts")
    data_dir = c.Type(str, default="data")
    #: Prefix of "edit this pattern" links, e.g. https://github.com/ORG/REPO/edit/main/
    edit_url_base = c.Type(str, default="")
    #: Where a contributor learns how to add a pattern (shown where a group has none).
    contribute_url = c.Type(str, default="")
    #: Fixes "today" (YYYY-MM-DD) for upcoming/past, so a build can be reproduced exactly.
    today = c.Optional(c.Type(date))

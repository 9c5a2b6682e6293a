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
    # The repository is named once, by MkDocs' own repo_url and edit_uri; these said it twice more.
    edit_url_base = c.Deprecated(removed=True, message="The academy option '{}' was removed: set MkDocs' "
                                 "repo_url and edit_uri (edit/BRANCH/docs/) instead.")
    contribute_url = c.Deprecated(removed=True, message="The academy option '{}' was removed: CONTRIBUTING.md "
                                  "is found in the repository named by repo_url.")
    #: How many processes convert generated pages at once in a build (adapter/parallel.py); by default one
    #: per processor core the build may use. 1 converts them in turn, in the build's own process.
    jobs = c.Optional(c.Type(int))
    #: Fixes "today" (YYYY-MM-DD) for upcoming/past, so a build can be reproduced exactly.
    today = c.Optional(c.Type(date))

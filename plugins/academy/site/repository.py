"""The repository the site is built from: every link into it (edit, new file, CONTRIBUTING) is made here.

The address is configured once (MkDocs' `repo_url` and `edit_uri`); nothing else spells it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

#: Owners and hosts that mark an address nobody has filled in yet.
PLACEHOLDER_OWNERS = frozenset({"org", "owner", "user", "username", "your-org", "your-name", "example"})
PLACEHOLDER_HOSTS = re.compile(r"(^|\.)example\.(org|com|net)$|^localhost$")


@dataclass(frozen=True)
class Repository:
    """A repository on GitHub (or a host with the same URL scheme) and the branch the site is built from."""

    url: str
    branch: str = "main"

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", self.url.rstrip("/"))

    def edit_url(self, path: str) -> str:
        return f"{self.url}/edit/{self.branch}/{quote(path)}"

    def file_url(self, path: str) -> str:
        return f"{self.url}/blob/{self.branch}/{quote(path, safe='/#')}"

    def new_file_url(self, folder: str, filename: str, content: str) -> str:
        """GitHub's "create new file" page with the file name and content filled in."""
        query = urlencode({"filename": filename, "value": content}, quote_via=quote)
        return f"{self.url}/new/{self.branch}/{quote(folder)}?{query}"

    @property
    def contributing(self) -> str:
        return self.file_url("CONTRIBUTING.md")

    @property
    def placeholder(self) -> bool:
        """True for an address such as https://github.com/ORG/REPO or https://example.org/repo."""
        parts = urlsplit(self.url)
        owner = parts.path.strip("/").split("/")[0].lower()
        return bool(PLACEHOLDER_HOSTS.search(parts.hostname or "")) or owner in PLACEHOLDER_OWNERS

    @property
    def on_github(self) -> bool:
        return urlsplit(self.url).hostname == "github.com"


def from_mkdocs(repo_url: str | None, edit_uri: str | None, docs_dir: str) -> Repository | None:
    """The repository named by MkDocs' settings; edit_uri must read edit/BRANCH/DOCS_DIR/.

    Raises ValueError with a message for the site's maintainer when edit_uri has another shape.
    """
    if not repo_url:
        return None
    uri, docs_dir = (edit_uri or "").strip("/"), docs_dir.strip("/")
    match = re.fullmatch(rf"(?:edit|blob)/(?P<branch>[^?#]+)/{re.escape(docs_dir)}", uri)
    if not match:
        raise ValueError(f"edit_uri '{edit_uri or ''}' should be 'edit/BRANCH/{docs_dir}/' (for example "
                         f"'edit/main/{docs_dir}/'): generated pages link to files outside {docs_dir}/")
    return Repository(repo_url, match["branch"])

"""What changed in the pattern library, read from the repository's history (git).

A shallow clone (as CI makes by default) has only part of the history, and a folder that is not a
repository has none: the result then says plainly what cannot be known, and the build goes on.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

#: The most changes listed; older ones are in the repository's history.
LIMIT = 50


@dataclass(frozen=True)
class Change:
    """One dated change to one pattern file: 'added', 'changed' or 'status' (its status line changed)."""

    when: datetime
    kind: str
    pattern_id: str
    commit: str


@dataclass(frozen=True)
class History:
    changes: tuple[Change, ...]
    #: Empty when the whole history was read; otherwise what the list cannot show, in plain words.
    gap: str = ""


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True,
                          timeout=60).stdout


def read_history(root: Path, patterns: Path) -> History:
    """The latest changes to patterns/*.yml, newest first."""
    try:
        folder = patterns.resolve().relative_to(Path(_git(root, "rev-parse", "--show-toplevel").strip()).resolve())
        shallow = _git(root, "rev-parse", "--is-shallow-repository").strip() == "true"
        log = _git(root, "log", "--no-renames", "--format=@%H %aI", "--name-status", "--", f"{folder.as_posix()}/")
        status_log = _git(root, "log", "--format=@%H", "--name-only", "-G", "^status:", "--",
                          f"{folder.as_posix()}/")
    except (OSError, subprocess.SubprocessError, ValueError):
        return History((), "The site was built without the repository's history, so changes cannot be listed "
                           "here; each pattern page shows when it was last reviewed.")
    status_commits = _files_by_commit(status_log)
    changes: list[Change] = []
    commit, when = "", None
    for line in log.splitlines():
        if line.startswith("@"):
            commit, stamp = line[1:].split(" ", 1)
            when = datetime.fromisoformat(stamp)
        elif line.strip() and when is not None:
            code, _, path = line.partition("\t")
            if not path.endswith(".yml") or code[0] not in "AM":
                continue
            pattern_id = Path(path).stem
            kind = "added" if code[0] == "A" else (
                "status" if path in status_commits.get(commit, ()) else "changed")
            changes.append(Change(when, kind, pattern_id, commit))
    gap = ""
    if shallow:
        oldest = min((c.when for c in changes), default=None)
        gap = ("This copy of the repository holds only part of its history"
               + (f", so nothing before {oldest:%-d %B %Y} is listed" if oldest else "")
               + ", and the oldest change shown may really be an earlier one.")
        # In a shallow clone the first commit held shows every file as added: that is not news.
        first = changes[-1].commit if changes else ""
        changes = [c for c in changes if c.commit != first]
    return History(tuple(changes[:LIMIT]), gap)


def _files_by_commit(log: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    commit = ""
    for line in log.splitlines():
        if line.startswith("@"):
            commit = line[1:].strip()
            found[commit] = set()
        elif line.strip():
            found[commit].add(line.strip())
    return found

"""What's new: a page and an Atom feed of new patterns, changes and status changes, from git history;
a shallow clone says what it cannot know instead of breaking the build."""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET

from conftest import Project, pattern_yaml

ATOM = "{http://www.w3.org/2005/Atom}"


def _commit(project: Project, message: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "T",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "add", "-A"], cwd=project.root, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", message], cwd=project.root, check=True, env=env)


def _history(project: Project) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project.root, check=True)
    project.write(".gitignore", "site/\n.cache/\n")
    _commit(project, "Start", "2026-01-05T10:00:00+00:00")
    project.pattern("check-ins", "Regular check-ins", status="experimental")
    _commit(project, "Add check-ins", "2026-02-01T10:00:00+00:00")
    project.pattern("handover", "Hand on the champion role")
    _commit(project, "Add handover", "2026-03-01T10:00:00+00:00")
    project.pattern("check-ins", "Regular check-ins", status="established")
    _commit(project, "Check-ins established", "2026-04-01T10:00:00+00:00")
    project.pattern("handover", "Hand on the champion role", summary="A clearer summary of the handover.")
    _commit(project, "Better summary", "2026-05-01T10:00:00+00:00")


def test_feed_lists_additions_changes_and_status_changes_newest_first(project: Project) -> None:
    _history(project)
    project.built()
    feed = ET.fromstring((project.root / "site/feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed" and feed.findtext(f"{ATOM}title") and feed.findtext(f"{ATOM}id")
    entries = [(e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}updated")[:10],
                e.find(f"{ATOM}link").get("href")) for e in feed.findall(f"{ATOM}entry")]
    assert entries == [
        ("Pattern changed: Hand on the champion role", "2026-05-01", "patterns/handover/"),
        ("Status changed: Regular check-ins (now established)", "2026-04-01", "patterns/check-ins/"),
        ("New pattern: Hand on the champion role", "2026-03-01", "patterns/handover/"),
        ("New pattern: Regular check-ins", "2026-02-01", "patterns/check-ins/"),
    ]
    assert feed.findtext(f"{ATOM}updated").startswith("2026-05-01")
    assert all(e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry"))
    page = project.page("library/whats-new")
    items = [li.get_text(" ", strip=True) for li in page.select("article li")]
    assert items[1] == "1 April 2026 : Status changed: Regular check-ins (now established)"
    assert page.select_one(".academy-note") is None  # the whole history was there


def test_a_shallow_clone_says_what_it_cannot_know(project: Project, tmp_path_factory) -> None:
    _history(project)
    clone = tmp_path_factory.mktemp("clone") / "site-clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{project.root}", str(clone)], check=True)
    shallow = Project(clone)
    shallow.built()
    note = shallow.page("library/whats-new").select_one(".academy-note").get_text()
    assert "only part of its history" in note and "nothing before 1 April 2026 is listed" in note
    items = [li.get_text(" ", strip=True) for li in shallow.page("library/whats-new").select("article li")]
    assert items == ["1 May 2026 : Pattern changed: Hand on the champion role"]


def test_without_a_repository_the_page_says_so(project: Project) -> None:
    project.write("patterns/one.yml", pattern_yaml("One pattern"))
    project.built()
    note = project.page("library/whats-new").select_one(".academy-note").get_text()
    assert "without the repository's history" in note

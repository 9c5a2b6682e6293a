"""What's new in the pattern library: a page and an Atom feed of added and changed patterns and status
changes, each dated and linked; the facts come from the repository's history (source/history.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from academy.model import Library
from academy.site.pages.common import GeneratedFile, GeneratedPage, SiteOptions, render
from academy.site.pages.paths import pattern_path
from academy.source.history import Change, History

NEWS_PATH = "library/whats-new.md"
# At the site root: Material reads every <link rel="alternate"> as another language of the site and
# fetches sitemap.xml beside it, which exists only at the root.
FEED_PATH = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
WHAT = {"added": "New pattern", "changed": "Pattern changed", "status": "Status changed"}


def news(library: Library, options: SiteOptions,
         history: History) -> tuple[GeneratedPage, GeneratedFile]:
    changes = [c for c in history.changes if c.pattern_id in library.patterns]
    markdown = render("whats-new.md.j2", NEWS_PATH, options, changes=changes, patterns=library.patterns,
                      what=WHAT, gap=history.gap, pattern_path=pattern_path, feed=FEED_PATH)
    page = GeneratedPage(NEWS_PATH, markdown, "What's new in the pattern library", in_nav=True,
                         description="New patterns, changed patterns and status changes in the pattern library, "
                                     "newest first, with an Atom feed to follow them.")
    return page, GeneratedFile(FEED_PATH, atom_feed(library, options, changes, history.gap))


def _absolute(options: SiteOptions, target: str) -> str:
    """A link from the feed (at the site root) to a page, absolute when site_url is known."""
    relative = options.url(FEED_PATH, target)
    if not options.site_url:
        return relative
    return options.site_url.rstrip("/") + "/" + options.url("index.md", target).removeprefix("./")


def _entry_title(change: Change, library: Library) -> str:
    pattern = library.patterns[change.pattern_id]
    if change.kind == "status":
        return f"{WHAT['status']}: {pattern.title} (now {pattern.status})"
    return f"{WHAT[change.kind]}: {pattern.title}"


def atom_feed(library: Library, options: SiteOptions, changes: list[Change], gap: str) -> str:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    home = _absolute(options, NEWS_PATH)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "What's new in the pattern library"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = home if options.site_url else "urn:relationships-academy:library"
    ET.SubElement(feed, f"{{{ATOM}}}link", href=home)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=_absolute(options, FEED_PATH))
    ET.SubElement(feed, f"{{{ATOM}}}author").append(_text("name", "Relationships Academy"))
    if gap:
        ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = gap
    newest = max((c.when for c in changes), default=None)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = (newest.isoformat() if newest else "1970-01-01T00:00:00Z")
    for change in changes:
        pattern = library.patterns[change.pattern_id]
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _entry_title(change, library)
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:relationships-academy:{change.commit}:{pattern.id}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = change.when.isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}link", href=_absolute(options, pattern_path(pattern)))
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = pattern.summary
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _text(tag: str, text: str) -> ET.Element:
    element = ET.Element(f"{{{ATOM}}}{tag}")
    element.text = text
    return element

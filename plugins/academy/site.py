"""The whole generated part of the site, from the model: every page and file, in one list.

This is the engine-neutral core's front door: it knows nothing of MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Library
from .pages.assessment import assessment_pages
from .pages.cohorts import cohort_pages
from .pages.common import GeneratedFile, GeneratedPage, SiteOptions
from .pages.events import event_pages
from .pages.frameworks import framework_pages
from .pages.library import library_pages
from .pages.patterns import pattern_pages
from .schemas import SCHEMA_NAMES, schema_text


@dataclass(frozen=True)
class GeneratedSite:
    pages: list[GeneratedPage]
    files: list[GeneratedFile]


def generate(library: Library, options: SiteOptions, contribute_url: str = "") -> GeneratedSite:
    library_index, library_files = library_pages(library, options, contribute_url)
    cohort_index, cohort_files = cohort_pages(library, options, options.today, options.site_url)
    events, event_files = event_pages(library, options)
    pages = [
        *pattern_pages(library, options),
        *cohort_index,
        *events,
        *library_index,
        *framework_pages(library, options),
        *assessment_pages(library, options),
    ]
    files = [*library_files, *cohort_files, *event_files,
             *(GeneratedFile(f"schema/{name}.schema.json", schema_text(name)) for name in SCHEMA_NAMES)]
    return GeneratedSite(pages, files)

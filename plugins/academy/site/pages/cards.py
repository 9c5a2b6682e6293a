"""Printable pattern cards: A6, four to an A4 sheet, with cut marks, made from the same data as the pages.

The cards page carries the library's filters, so any view of the library (all of it or a filtered
set, named in the address) prints as cards. Each card has a QR code to its pattern's page, made here
at build time as SVG, so printing asks no other host for anything.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape, unescape

import segno
from markupsafe import Markup

from academy.model import Library, Pattern
from academy.site.facets import Facet
from academy.site.pages.common import GeneratedPage, SiteOptions, UrlRule, render, slot
from academy.site.pages.paths import pattern_path
from academy.site.dialect import to_html
from academy.site.links import moved
from academy.site.sanitize import sanitise

CARDS_PATH = "library/cards.md"
#: A card has room for this many steps; the rest are on the pattern's page.
STEPS_ON_A_CARD = 4
#: A link's or picture's address in the HTML that Python-Markdown writes.
_ADDRESS = re.compile(r'(<a href="|<img [^>]*?src=")([^"]*)"')
#: Facets whose values are printed on a card: the three frameworks.
CARD_FACETS = ("proximity", "cell", "step")


def pattern_address(pattern: Pattern, options: SiteOptions) -> str:
    """The absolute address of a pattern's page (what the QR code encodes), or '' without a site_url."""
    if not options.site_url:
        return ""
    return options.site_url.rstrip("/") + "/" + options.url("index.md", pattern_path(pattern)).removeprefix("./")


@lru_cache(maxsize=10_000)  # `mkdocs serve` makes the same codes on every save (~8 ms each, 2 KB)
def qr_svg(address: str) -> str:
    """A QR code for the address, as inline SVG that scales to its box."""
    code = segno.make(address, error="m")
    return code.svg_inline(scale=1, border=2, omitsize=True, title=f"QR code for {address}",
                           svgclass="academy-card__qr")


#: A plain sentence: it starts with a letter, and holds only letters, digits, single spaces and
#: punctuation that neither Markdown (in our dialect) nor the sanitiser's output gives a meaning to.
_PLAIN_SENTENCE = re.compile(r"[^\W\d_](?:[^\W_]|[.,;:?!'\"()/%’‘“”…–—-]| (?=[^ ]))*")


def step_html(step: str, written_on: str, url: UrlRule) -> Markup:
    """A step's Markdown as sanitised inline HTML. The cards page itself is trusted (it carries the
    filter form, which the sanitiser would remove), so the contributor's text is cleaned here. Its
    links were written for the pattern's page; here they are HTML, which the engine leaves as it is,
    so each is made to lead from the cards page to the same place.

    Most steps are a plain sentence, which Markdown and the sanitiser both leave exactly as written:
    those skip them (at 1,000 patterns, 4,000 conversions took a third of generating every page).
    """
    if _PLAIN_SENTENCE.fullmatch(step):
        return Markup(step)
    html = _ADDRESS.sub(lambda match: match[1] + escape(moved(unescape(match[2]), written_on, CARDS_PATH, url),
                                                        quote=True) + '"', to_html(step))
    return Markup(sanitise(html.removeprefix("<p>").removesuffix("</p>") if html.count("<p>") == 1 else html))


def cards_page(library: Library, options: SiteOptions, facets: tuple[Facet, ...]) -> GeneratedPage:
    patterns = library.sorted_patterns()
    addresses = {p.id: pattern_address(p, options) for p in patterns}
    slots = {f"qr-{p.id}": qr_svg(address) for p in patterns if (address := addresses[p.id])}
    text = render("cards.md.j2", CARDS_PATH, options, patterns=patterns, facets=facets,
                      card_facets=[f for f in facets if f.key in CARD_FACETS], addresses=addresses,
                      pattern_path=pattern_path,
                      steps_on_a_card=STEPS_ON_A_CARD,
                      step_html=lambda step, pattern: step_html(step, pattern_path(pattern), options.url),
                      qr_slot=lambda p: slot(f"qr-{p.id}"),
                      short=lambda address: address.split("://", 1)[-1].rstrip("/"))
    return GeneratedPage(CARDS_PATH, text, "Printable pattern cards", slots=slots,
                         description="Every pattern, or a filtered set, as A6 cards to print four to an A4 "
                                     "sheet, each with its key steps and a QR code to its page.")


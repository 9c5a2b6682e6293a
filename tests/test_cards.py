"""Printable pattern cards: a filtered view of the library prints as A6 cards, four to an A4 sheet,
each with a QR code that leads to its pattern's page."""

from __future__ import annotations

import random

import pytest
import yaml
from conftest import REPO, Project, follow

from academy.site.dialect import to_html
from academy.adapter.urls import mkdocs_urls
from academy.site.pages.cards import _PLAIN_SENTENCE, step_html
from academy.site.sanitize import sanitise


@pytest.mark.browser
def test_a_filtered_view_prints_four_cards_a_sheet_with_working_qr_codes(project: Project, browser,
                                                                         live_build) -> None:
    import pypdfium2
    import zxingcpp

    for n in range(5):
        project.pattern(f"experiment-{n}", f"Experiment number {n}", status="experimental",
                        what_to_do="".join(f"\n  - Step {s} of experiment {n}." for s in range(6)),
                        proximity="[presence]", value_cells="[trust/process]")
    project.pattern("settled", "Settled practice", status="established")
    project.write("docs/index.md", "# Home\n\n[Browse the pattern library](patterns/index.md)\n")
    base = live_build(project)
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(base)
    follow(page, page.get_by_role("link", name="Browse the pattern library"))
    page.select_option("#filter-status", "experimental")
    follow(page, page.get_by_role("link", name="Print these patterns as cards"))
    assert page.url == f"{base}library/cards/?status=experimental"
    assert page.locator(".academy-card:visible").count() == 5
    card = page.locator(".academy-card:visible").first
    assert card.locator("h2").inner_text() == "Experiment number 0"
    assert card.locator("ol li").count() == 4 and "2 more steps" in card.inner_text()
    assert "Presence" in card.inner_text() and "Trust × Process" in card.inner_text()
    pdf = pypdfium2.PdfDocument(page.pdf(prefer_css_page_size=True))
    assert errors == []
    page.close()
    assert len(pdf) == 2  # five cards: a full sheet of four, then one
    width, height = pdf[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4, in mm
    decoded = [[code.text for code in zxingcpp.read_barcodes(pdf[i].render(scale=2).to_pil())] for i in range(2)]
    assert [len(codes) for codes in decoded] == [4, 1]
    assert sorted(sum(decoded, [])) == [f"{base}patterns/experiment-{n}/" for n in range(5)]


# Steps on a card skip Markdown and the sanitiser when they are a plain sentence: only where both
# would give back the very text.

def full_conversion(step: str) -> str:
    html = to_html(step)
    return sanitise(html.removeprefix("<p>").removesuffix("</p>") if html.count("<p>") == 1 else html)


def test_a_plain_step_reads_exactly_as_markdown_and_the_sanitiser_would_make_it() -> None:
    real = [step for path in sorted((REPO / "patterns").glob("*.yml"))
            for step in yaml.safe_load(path.read_text()).get("what_to_do", [])]
    rng = random.Random(7)
    alphabet = list("abcXYZ019 .,;:?!'\"()/%’‘“”…–—-_*`[]<>&{}#|~=+^\\\u00a0\n\t") + ["é", "ß", "ı"]
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(4000)]
    edge = ["Ask what matters.", "Meet weekly (30 minutes) – then review.", "well-being first", "Go! Now",
            'Say "hi", then ask: why?', "Café au lait’s time…", "a  b", "1. Go", "- go", "Go ", "x_y", "A:B",
            "Use *this*", "a\u00a0b", "See [a](b)", "Tea & cake", "<b>x</b>", "H~~i~~", "Who? What!"]
    plain = [step for step in [*real, *made, *edge] if _PLAIN_SENTENCE.fullmatch(step)]
    assert len(plain) > 200 and sum(1 for step in real if _PLAIN_SENTENCE.fullmatch(step)) > len(real) // 2
    for step in plain:
        assert str(step_html(step, "patterns/a.md", mkdocs_urls(True))) == full_conversion(step), repr(step)
    for step in ["Use *this* first", "Tea & cake", "1. Go", "See [the guide](https://example.org)"]:
        assert str(step_html(step, "patterns/a.md", mkdocs_urls(True))) == full_conversion(step)

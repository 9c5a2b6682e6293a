"""Printable pattern cards: a filtered view of the library prints as A6 cards, four to an A4 sheet,
each with a QR code that leads to its pattern's page."""

from __future__ import annotations

import pytest
from conftest import Project, follow


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

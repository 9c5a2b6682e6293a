"""A learner arrives by links, as on the live site: Material's instant navigation swaps each page in.

The site is built with `site_url` set to the test server's origin (conftest.real_site), so instant
navigation engages; every step checks that no full page load happened.
"""

from __future__ import annotations

import pytest
from conftest import follow, watch_errors

pytestmark = pytest.mark.browser


def test_self_assessment_works_after_an_in_site_click(browser, real_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(real_site)
    follow(page, page.get_by_role("link", name="relational value self-assessment").first)
    assert page.url == real_site + "assessment/relational-value-matrix/"
    page.locator("fieldset.academy-statement").first.locator("input[value='2']").check()
    page.wait_for_selector("#academy-heatmap svg")
    assert "Lowest: Integrity × Culture (2)" in page.locator("#academy-result-summary").inner_text()
    assert errors == []
    context.close()

"""The browser enforces the privacy promise: a page cannot reach another host, and charts still work."""

from __future__ import annotations

from conftest import follow, watch_errors

_VIOLATIONS = """() => {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation",
    (e) => window.__violations.push(e.effectiveDirective + " " + e.blockedURI));
}"""


def _open_with_watch(browser, url: str):
    page = browser.new_page()
    page.add_init_script(f"({_VIOLATIONS})()")
    errors = watch_errors(page)
    page.goto(url)
    page.wait_for_function("() => window.document$ !== undefined")
    return page, errors


def test_requests_to_another_host_are_blocked(browser, real_site: str) -> None:
    page, _ = _open_with_watch(browser, real_site)
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    other = real_site.replace("127.0.0.1", "localhost")  # the same server, another origin
    outcome = page.evaluate("""async (other) => {
      const fetched = await fetch(other + "search/search_index.json").then(() => "loaded", () => "blocked");
      const image = await new Promise((done) => {
        const img = new Image();
        img.onload = () => done("loaded"); img.onerror = () => done("blocked");
        img.src = other + "library/value-matrix-coverage.svg";
      });
      const own = await fetch("search/search_index.json").then((r) => r.ok ? "loaded" : "failed", () => "blocked");
      return {fetched, image, own};
    }""", other)
    assert outcome == {"fetched": "blocked", "image": "blocked", "own": "loaded"}
    violations = page.evaluate("() => window.__violations")
    assert any(v.startswith("connect-src") for v in violations) and any(v.startswith("img-src") for v in violations)
    page.close()


def test_charts_and_self_assessment_work_under_the_policy(browser, real_site: str) -> None:
    page, errors = _open_with_watch(browser, real_site)
    follow(page, page.locator("a[href*='assessment/relational-value-matrix']").first)
    page.locator("fieldset.academy-statement").first.locator("input[type=radio]").nth(2).check()
    page.wait_for_selector("#academy-heatmap svg", timeout=20000)
    follow(page, page.locator("article a[href$='frameworks/relational-value-matrix/']").first)
    follow(page, page.locator("article a[href$='library/value-matrix/']").first)
    page.wait_for_selector(".academy-chart svg", timeout=20000)
    assert page.evaluate("() => window.__violations") == []
    assert errors == []
    page.close()

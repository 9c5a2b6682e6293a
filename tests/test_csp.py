"""The browser enforces the privacy promise: a page cannot reach another host, and charts still work.
Under `mkdocs serve` only, the served copy of a page also allows the server's live-reload script."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib
import logging
from collections.abc import Iterator

import pytest
from academy.adapter.livereload import allow_live_reload
from academy.site.csp import allow_inline_script, inline_scripts
from bs4 import BeautifulSoup
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


def _policy(page_html: str) -> dict[str, list[str]]:
    """The page's policy, directive by directive."""
    meta = BeautifulSoup(page_html, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in meta["content"].split(";")) if d}


def _allowing(script: str) -> str:
    """The source a policy names to allow this inline script (CSP Level 3: base64 of its SHA-256)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


RELOAD = "\nvar livereload = function(epoch, requestId) { /* as mkdocs serve adds it */ };\nlivereload(3, 17);\n"


def test_a_served_inline_script_is_allowed_by_its_hash_alone(real_site_folder) -> None:
    built = (real_site_folder[0] / "patterns/regular-check-ins/index.html").read_text(encoding="utf-8")
    before = _policy(built)
    assert [s for s in before["script-src"] if s != "'self'"] and "'unsafe-inline'" not in before["script-src"]
    served = built.replace("</body>", f"<script>{RELOAD}</script></body>")
    allowed = allow_inline_script(served, RELOAD)
    after = _policy(allowed)
    assert after["script-src"] == [*before["script-src"], _allowing(RELOAD)]
    assert {k: v for k, v in after.items() if k != "script-src"} == {k: v for k, v in before.items() if k != "script-src"}
    # Only the policy changed, and allowing the script again changes nothing.
    assert allowed.replace(" " + _allowing(RELOAD), "", 1) == served
    assert allow_inline_script(allowed, RELOAD) == allowed
    assert RELOAD in inline_scripts(allowed) and RELOAD not in inline_scripts(built)


@pytest.mark.parametrize(("policy", "expected"), [
    ("default-src 'self'; img-src data:", "default-src 'self'; script-src 'self' HASH; img-src data:"),
    ("default-src 'none'", "default-src 'none'; script-src HASH"),
    ("script-src 'none'; object-src 'none'", "script-src HASH; object-src 'none'"),
    ("script-src 'self' 'unsafe-inline'", "script-src 'self' 'unsafe-inline'"),  # a hash would forbid the rest
    ("script-src 'unsafe-inline' 'sha256-abc='", "script-src 'unsafe-inline' 'sha256-abc=' HASH"),
    ("img-src 'self'", "img-src 'self'"),  # scripts are not restricted
    ("script-src 'self'; script-src-elem 'self'", "script-src 'self'; script-src-elem 'self' HASH"),
    ("script-src 'self'; script-src 'none'", "script-src 'self' HASH; script-src 'none'"),  # the first counts
])
def test_the_script_is_allowed_whatever_the_policy_names(policy: str, expected: str) -> None:
    page = f"<html><head><meta http-equiv='Content-Security-Policy' content=\"{policy}\"></head><body></body></html>"
    assert allow_inline_script(page, RELOAD) == page.replace(policy, expected.replace("HASH", _allowing(RELOAD)))
    assert allow_inline_script("<html><body></body></html>", RELOAD) == "<html><body></body></html>"


def test_a_built_page_allows_no_script_but_the_theme_s(real_site_folder) -> None:
    """What serving adds never reaches a built file: every hash in a page's policy is one of its own
    inline scripts outside the article."""
    for path in ("index.html", "patterns/regular-check-ins/index.html", "404.html"):
        built = (real_site_folder[0] / path).read_text(encoding="utf-8")
        hashes = [s for s in _policy(built)["script-src"] if s != "'self'"]
        assert hashes and sorted(hashes) == sorted({_allowing(s) for s in inline_scripts(built)})
        assert "livereload" not in built


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_what_the_engine_s_server_sends_allows_its_reload_script(engine: str, real_site_folder) -> None:
    """The adapter's wrapping of the engine's own injection (the browser test is in test_serve.py)."""
    server_class = importlib.import_module(f"{engine}.livereload").LiveReloadServer
    built = (real_site_folder[0] / "patterns/regular-check-ins/index.html").read_bytes()
    plain = server_class(builder=lambda: None, host="127.0.0.1", port=0, root=str(real_site_folder[0]))
    allowing = server_class(builder=lambda: None, host="127.0.0.1", port=0, root=str(real_site_folder[0]))
    with _warnings() as warnings:
        allow_live_reload(allowing)
        allow_live_reload(allowing)  # as by a second on_serve: wrapped once
    served, unchanged = allowing._inject_js_into_html(built, 7).decode(), plain._inject_js_into_html(built, 7).decode()
    (added,) = [s for s in inline_scripts(served) if s not in inline_scripts(built.decode())]
    assert "livereload(7," in added
    assert _policy(served)["script-src"] == [*_policy(unchanged)["script-src"], _allowing(added)]
    assert warnings == []


class _ChangedServer:
    """An engine whose injection takes other arguments than MkDocs 1.6's."""

    def _inject_js_into_html(self, content: bytes, epoch: int, nonce: str) -> bytes:
        return content


@pytest.mark.parametrize("server", [_ChangedServer(), object()], ids=["changed", "missing"])
def test_an_engine_without_the_known_injection_serves_as_before_with_a_warning(server) -> None:
    before = getattr(server, "_inject_js_into_html", None)
    with _warnings() as warnings:
        allow_live_reload(server)
    assert getattr(server, "_inject_js_into_html", None) == before
    (warning,) = warnings
    assert "live-reload script" in warning and "reload them by hand" in warning


@contextlib.contextmanager
def _warnings() -> Iterator[list[str]]:
    """The warnings our plugin logs in the block (read from its own logger: the `mkdocs` command, run
    in this process by other tests, stops MkDocs' records from reaching pytest's capture)."""
    found: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: found.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs.plugins.academy")
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)


def test_the_policy_allows_the_themes_inline_scripts_by_hash_and_never_one_in_the_content() -> None:
    from academy.site.csp import MARKER, with_script_hashes

    page = (f'<head><meta http-equiv="Content-Security-Policy" content="script-src \'self\' {MARKER}; '
            "object-src 'none'\"><script>theme(1)</script></head><body>"
            '<article class="md-content__inner"><script>content()</script></article>'
            "<script>theme(1)</script><script>footer()</script></body>")
    # Each once, and none from the article.
    assert _policy(with_script_hashes(page))["script-src"] == ["'self'", _allowing("theme(1)"), _allowing("footer()")]

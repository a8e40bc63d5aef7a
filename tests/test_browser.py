"""The report and the index as a reader meets them: headless Chromium, network blocked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As root, in a closed network: no sandbox, no GPU, and no background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--disable-default-apps",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs Debian's chromium package"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_offline(browser, path: Path):
    """Open a file with every non-file request blocked and recorded; collect console errors."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    network, errors = [], []

    def route(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            network.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, network, errors


def test_report_renders_offline_with_its_heatmap(browser, small_reports):
    report = small_reports / "small" / "report.html"
    page, network, errors = open_offline(browser, report)
    assert page.title() == "Pairwise accuracy \u2014 small"
    assert page.locator("h1").first.inner_text().startswith("How well does the classifier")
    first_paragraph = page.locator("p").first.inner_text()
    assert first_paragraph.startswith("In short.") and "lowest" in first_paragraph
    widths = page.evaluate("Array.from(document.images).map(img => img.complete ? img.naturalWidth : 0)")
    assert widths and all(w > 0 for w in widths), widths
    assert page.get_by_text("Provenance").count() >= 1
    assert page.locator(".jp-CodeMirrorEditor, .highlight, .jp-InputPrompt").count() == 0  # no code
    assert "import " not in page.locator("body").inner_text()
    assert network == [] and errors == []
    page.screenshot(path=str(report.with_name("report.png")), full_page=True)
    assert report.with_name("report.png").stat().st_size > 10_000


def test_index_lists_the_run_offline_with_a_thumbnail(browser, small_reports):
    page, network, errors = open_offline(browser, small_reports / "index.html")
    assert page.locator("h1").inner_text() == "Pairwise accuracy reports"
    link = page.locator("a", has_text="small")
    assert link.count() == 1 and link.get_attribute("href") == "small/report.html"
    widths = page.evaluate("Array.from(document.images).map(img => img.naturalWidth)")
    assert widths and all(w > 0 for w in widths)
    assert network == [] and errors == []

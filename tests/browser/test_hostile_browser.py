"""The hostile corpus executed in Chromium: every page of a build holding every payload, opened, every story block and
tab opened, every element sent the events inline handlers wait for, search typed in; nothing a payload meant to run
may run. `window.__pwned`, `alert`, `confirm` and `prompt` report each call by its marker; dialogs are listened for;
the page title must stay the one the build wrote; and no request may leave for evil.example."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, SoupStrainer

from conftest import SAMPLE_BANK, make_project, run_build
from hostile.bank import write_hostile_bank
from hostile.payloads import BY_NAME, PAYLOADS
from pages_server import serve_site, sitemap_prefix

from .conftest import RequestLog, recording_context, screen_centres

# Breaks the build itself (tests/test_hostile.py holds that failure); everything else goes in.
LEFT_OUT = {"markdown-stash-placeholder"}
# The site's fields: quotes first, so that a link address that pulls the title into its href makes a live handler.
SITE_PAYLOADS = ["attribute-quotes", "img-onerror", "alert-call", "document-title", "details-ontoggle", "input-autofocus"]
PRINCIPLE_IDS = [entry["id"] for entry in yaml.safe_load((SAMPLE_BANK / "principles.yml").read_text(encoding="utf-8"))["principles"]]
PAGES = ["", "quick-reference/", "whole-bank/", "practice/", "coach/", *(f"principles/{pid}/" for pid in PRINCIPLE_IDS), "no-such-page/"]
# Searched for in turn: the markers' prefix (every result that holds a payload), and two words payloads write.
SEARCH_QUERIES = ["zq", "script", "onerror"]
EVENTS = [
    "mouseover", "mouseenter", "mousemove", "mousedown", "mouseup", "pointerover", "pointerenter", "focus", "focusin",
    "blur", "toggle", "animationstart", "animationend", "transitionend", "load", "error", "input", "change", "scroll",
]
RECORDER = """
window.__pwned = (marker) => window.__starReport('__pwned:' + marker);
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (message) => { window.__starReport(name + ':' + message); };
}
"""
PROVOKE = """
(events) => {
  for (const details of document.querySelectorAll('details')) details.open = true;
  for (const label of document.querySelectorAll('.tabbed-labels > label, summary')) label.click();
  for (const element of document.querySelectorAll('body *')) {
    for (const type of events) element.dispatchEvent(new Event(type, {bubbles: false}));
  }
}
"""


@dataclass(frozen=True)
class HostileSite:
    url: str
    site: Path


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileSite]:
    project = make_project(tmp_path_factory.mktemp("hostile-browser") / "project")
    payloads = [payload for payload in PAYLOADS if payload.name not in LEFT_OUT]
    write_hostile_bank(
        project,
        payloads,
        name="browser build",
        view="public",
        site_payloads=[BY_NAME[name] for name in SITE_PAYLOADS],
        principle_payloads=payloads,
    )
    result = run_build(project)
    assert result.returncode == 0, result.output[-3000:]
    with serve_site(result.site, prefix=sitemap_prefix(result.site)) as url:
        yield HostileSite(url, result.site)


@dataclass(frozen=True)
class HostileTab:
    """The module's one page, in a context of its own that reports every call a payload made to __pwned, alert,
    confirm, prompt or print, and every dialog, into `fired`, and every request into `log`."""

    page: object
    fired: list[str]
    log: RequestLog


@pytest.fixture(scope="module")
def hostile_tab(browser) -> Iterator[HostileTab]:
    """One context for the module's every visit: a new context per test cost about a second of CPU each, and the
    recorder is the context's, installed once."""
    fired: list[str] = []
    log = RequestLog()
    context = recording_context(browser, log.record)
    context.expose_function("__starReport", lambda call: fired.append(call))
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: (fired.append(f"dialog:{dialog.message}"), dialog.dismiss()))
    yield HostileTab(page, fired, log)
    context.close()


@pytest.fixture()
def tab(hostile_tab: HostileTab) -> Iterator[HostileTab]:
    """The module's page for one test, its records empty. After the test its page is left, as closing a context
    did, so that nothing the page left running (a timer, an animation) reports into the next test."""
    hostile_tab.fired.clear()
    hostile_tab.log.outside.clear()
    yield hostile_tab
    hostile_tab.page.goto("about:blank")


def _written_title(site: Path, address: str) -> str:
    path = site / address / "index.html" if address != "no-such-page/" else site / "404.html"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser", parse_only=SoupStrainer("title"))  # a tree of the title alone
    return " ".join(soup.title.get_text().split())


def _point_at(page, selector: str, limit: int) -> None:
    """The real pointer moved over each of the first `limit` shown elements matching `selector`, a screenful at a time."""
    start = 0
    while start is not None:
        centres, start = screen_centres(page, selector, limit=limit, start=start)
        for centre in centres:
            page.mouse.move(*centre)


def _visit(page, url: str, *, point: bool = True) -> None:
    page.goto(url, wait_until="load")
    page.evaluate(PROVOKE, EVENTS)
    if point:  # and the real pointer over the links people point at: the content's and the footer's
        _point_at(page, ".md-content a[href], .md-footer a[href], .md-copyright a[href]", 30)
    page.wait_for_timeout(300)


@pytest.mark.parametrize("address", PAGES, ids=lambda address: address.strip("/") or "home")
def test_no_payload_runs_on_the_page(hostile_site: HostileSite, tab: HostileTab, address: str) -> None:
    _visit(tab.page, hostile_site.url + address)
    assert tab.fired == [], f"payloads ran on /{address}: {tab.fired}"
    assert " ".join(tab.page.title().split()) == _written_title(hostile_site.site, address)
    assert not [url for url in tab.log.outside if "evil.example" in url], tab.log.outside


def test_the_practice_page_reveals_every_part_and_runs_nothing(hostile_site: HostileSite, tab: HostileTab) -> None:
    page = tab.page
    _visit(page, hostile_site.url + "practice/")
    # The story texts are fetched (practice/stories-*.json) and inserted as the build wrote them: wait for all.
    page.wait_for_selector("[data-star-practice][data-practice-texts-ready]", state="attached")
    reveal = page.locator("[data-practice-reveal]")
    following = page.locator("[data-practice-next]")
    for _ in range(3):
        for _ in range(4):
            if reveal.is_visible() and reveal.is_enabled():
                reveal.click()
        page.evaluate(PROVOKE, EVENTS)
        if following.is_visible():
            following.click()
    page.wait_for_timeout(300)
    assert page.locator("[data-practice-part]").count() >= 3 * 4  # three cards' texts inserted and provoked
    assert tab.fired == []


def test_search_results_run_nothing(hostile_site: HostileSite, tab: HostileTab) -> None:
    """Material writes each result's title and text into the page as HTML: each query's results, on one page."""
    page = tab.page
    _visit(page, hostile_site.url + "quick-reference/", point=False)  # its links: test_no_payload_runs_on_the_page
    page.wait_for_function("() => document.querySelector('.md-search-result__meta')?.textContent.trim() !== 'Initializing search'")
    search = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item")
    fired = {}
    for query in SEARCH_QUERIES:
        search.fill("")  # Material empties its results: the next ones are the next query's
        results.first.wait_for(state="detached")
        search.click()
        search.press_sequentially(query, delay=20)
        results.first.wait_for(timeout=15_000)
        page.evaluate(PROVOKE, EVENTS)
        _point_at(page, ".md-search-result__item", 15)
        page.wait_for_timeout(300)
        fired[query] = tab.fired[:]
        tab.fired.clear()
    assert fired == {query: [] for query in SEARCH_QUERIES}

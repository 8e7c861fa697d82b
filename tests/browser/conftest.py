"""Browser fixtures: Debian's Chromium, driven by Playwright, against the built site served on loopback."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pages_server import serve_site, sitemap_prefix

# Playwright adds --headless itself: the old headless shell's only mode, and the new headless mode of a full Chromium.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # evil.example names this machine, so that a request to it that got past the proxy below would be answered by
    # the test server: test_the_browser_reaches_no_host_but_loopback_and_records_each_try tells that from a failed lookup.
    "--host-resolver-rules=MAP evil.example 127.0.0.1",
]
INSTALL_HINT = (
    "Chromium not found: install it with `sudo apt-get install -y chromium-headless-shell` (or `chromium`), or set CHROMIUM_PATH"
)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


# Debian's chromium-headless-shell first: the same Blink as Debian's chromium, without the full browser's windowing
# and compositing, as Playwright itself runs headless tests. Each page load costs about half the CPU (9.0 against
# 16.3 s for 25 loads), which is most of what the browser tests cost.
BROWSERS = ("chromium-headless-shell", "chromium")


def chromium_path() -> str | None:
    """CHROMIUM_PATH, else the first of BROWSERS in /usr/bin or on PATH."""
    if explicit := os.environ.get("CHROMIUM_PATH"):
        return explicit if Path(explicit).exists() else None
    for name in BROWSERS:
        if found := shutil.which(name, path=f"/usr/bin{os.pathsep}{os.environ.get('PATH', '')}"):
            return found
    return None


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served as GitHub Pages serves it; yields its base URL, ending in '/'.

    Under the path the site was built for (/star-story-bank/ by default, as a project site is published),
    gzipped, with its 404 page: the browser sees what a visitor sees.
    """
    with serve_site(built_site, prefix=sitemap_prefix(built_site)) as url:
        yield url


@pytest.fixture(scope="session")
def workbench_url(workbench_site: Path) -> Iterator[str]:
    """The sample bank as `make serve` shows it (Coach page, follow-ups), served like the public site."""
    with serve_site(workbench_site, prefix=sitemap_prefix(workbench_site)) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium under Playwright, cut off from every host but loopback; skipped locally if missing, a failure when CI is set.

    Every request leaving loopback goes to a proxy address that refuses connections (a port this process holds
    without listening on it), and fails; Chromium never sends loopback through a proxy. Blocking in the browser,
    rather than routing each request through Playwright, costs nothing per request, and holds for every context.
    """
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    from playwright.sync_api import sync_playwright  # test-only dependency, needed only with a browser

    with socket.socket() as refusing, sync_playwright() as playwright:
        refusing.bind(("127.0.0.1", 0))
        proxy = f"--proxy-server=http://127.0.0.1:{refusing.getsockname()[1]}"
        browser = playwright.chromium.launch(executable_path=path, args=[*CHROMIUM_ARGS, proxy])
        yield browser
        browser.close()


VIEWPORT = {"width": 1280, "height": 900}


def recording_context(browser: object, record: Callable[[str], None]) -> object:
    """A new context at VIEWPORT whose pages' every request address goes to `record` (a RequestLog's, mostly)."""
    context = browser.new_context(viewport=VIEWPORT)
    context.on("request", lambda request: record(request.url))
    return context


# The centres, in the window, of the shown elements matching `selector`, from the `start`th of the first `limit`:
# those on screen now, scrolling (as a reader would, in whatever box holds it) only to the first one that is not.
# Returns the centres and where the next call starts, null when every element is done.
SCREEN_CENTRES = """([selector, limit, start]) => {
  const elements = [...document.querySelectorAll(selector)].slice(0, limit);
  const centres = [];
  for (let index = start; index < elements.length; index++) {
    const element = elements[index];
    if (!element.checkVisibility()) continue;
    let box = element.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    if (box.top < 0 || box.bottom > innerHeight || box.left < 0 || box.right > innerWidth) {
      if (centres.length) return [centres, index];  // pointed at first, before the page moves
      element.scrollIntoView({block: 'center', inline: 'center'});
      box = element.getBoundingClientRect();
    }
    centres.push([box.x + box.width / 2, box.y + box.height / 2]);
  }
  return [centres, null];
}"""


def screen_centres(page: object, selector: str, *, limit: int, start: int = 0) -> tuple[list[list[float]], int | None]:
    """Where to put the real pointer on the shown elements matching `selector`, a screenful a call (SCREEN_CENTRES):
    one script instead of a locator's actions, which wait for each element to be stable."""
    return page.evaluate(SCREEN_CENTRES, [selector, limit, start])


# What moved in the page's content while it loaded: each layout shift's value and the elements it moved. Shifts
# are only observed (buffered); a page with none calls no observer, hence the timeout.
CONTENT_SHIFTS = """() => new Promise(resolve => {
  const shifts = [];
  new PerformanceObserver(list => {
    for (const shift of list.getEntries()) {
      const moved = shift.sources.map(source => source.node).filter(node => node && node.closest && node.closest('.md-content'));
      if (moved.length) shifts.push([shift.value, moved.map(node => node.className || node.nodeName)]);
    }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(shifts), 200);
})"""


def content_shifts(page: object) -> list[list[object]]:
    """The layout shifts that moved anything in the page's content (Material's header is not ours): [value, elements]."""
    return page.evaluate(CONTENT_SHIFTS)


class RequestLog:
    """What one test's pages asked for: the requests that left loopback, and the loopback origins they reached."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.origins: set[str] = set()

    def record(self, url: str) -> None:
        if url.startswith(("data:", "blob:")):
            return  # reaches no host
        parts = urlsplit(url)
        if (parts.hostname or "") in LOOPBACK_HOSTS:
            self.origins.add(f"{parts.scheme}://{parts.netloc}")
        else:
            self.outside.append(url)


# Page methods whose effect outlives a test on a page the next test reuses: listeners, routes, scripts, emulation.
LASTING_PAGE_CHANGES = (
    "on", "once", "route", "route_from_har", "route_web_socket", "expose_function", "expose_binding", "add_init_script",
    "add_locator_handler", "set_extra_http_headers", "set_viewport_size", "emulate_media", "set_default_timeout",
    "set_default_navigation_timeout",
)
# Clock methods that set the time. Playwright's page.clock is its context's clock: set in the shared context, it
# would run every later test's page on the fake time, so the shared page refuses them.
CLOCK_SETTERS = ("install", "pause_at", "set_fixed_time", "set_system_time")


def _refuse_clock(*args: object, **kwargs: object) -> None:
    raise AssertionError("page.clock is the browser context's clock: a test that sets the time asks for `context`, a context of its own")


class SharedContext:
    """One browser context for every test of a worker that needs only a page, and one page in it, reused.

    A new context starts a renderer and compiles the theme's scripts again, about a second of CPU a test; a new
    page starts a renderer too, about 0.2 s. So each test gets the page the last test left, unless that test
    called one of LASTING_PAGE_CHANGES on it (or closed it), which a reused page would keep: then a new page.
    After each test the page goes to about:blank, so nothing the test's page started runs on, and every origin it
    reached is wiped of cookies, local and session storage, IndexedDB and the rest (Material keeps the palette and
    the chosen tab there, Practice its progress), so the next test starts as a first visit. Tests that change the
    context itself (init scripts, exposed functions, permissions, routes, offline, the clock) ask for `context`, and
    get a context of their own. A page kept open on a plain file of the site keeps the context's renderer warm.
    """

    def __init__(self, browser: object, keep_alive_url: str) -> None:
        self.log = RequestLog()
        self.context = recording_context(browser, lambda url: self.log.record(url))  # the current test's log
        self._keep_alive = self.context.new_page()
        self._keep_alive.goto(keep_alive_url)  # a plain file of the site: no script of its own runs while tests do
        self._devtools = self.context.new_cdp_session(self._keep_alive)
        self._page: object | None = None
        self._changed = False

    def test_page(self, log: RequestLog) -> object:
        """The page for one test, which hands it back with `release`."""
        self.log = log
        if self._page is None:
            self._page = self.context.new_page()
            for name in LASTING_PAGE_CHANGES:
                setattr(self._page, name, self._noting(getattr(self._page, name)))
            for name in CLOCK_SETTERS:
                setattr(self._page.clock, name, _refuse_clock)
        self._changed = False
        return self._page

    def _noting(self, method: Callable[..., object]) -> Callable[..., object]:
        def lasting_change(*args: object, **kwargs: object) -> object:
            self._changed = True
            return method(*args, **kwargs)

        return lasting_change

    def release(self) -> None:
        """After a test: its page kept for the next, or closed if the test changed it lastingly; its origins wiped."""
        page, self._page = self._page, None
        if page is not None and not page.is_closed():
            if self._changed:
                page.close()
            else:
                page.goto("about:blank")
                page.mouse.move(0, 0)  # where a new page's pointer is: nothing on the next page starts hovered
                self._page = page
        for origin in sorted(self.log.origins):
            self._devtools.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="session")
def shared_context(browser, site_url: str) -> Iterator[SharedContext]:
    shared = SharedContext(browser, site_url + "robots.txt")
    yield shared
    shared.close()


@pytest.fixture()
def request_log() -> RequestLog:
    return RequestLog()


@pytest.fixture()
def outside_requests(request_log: RequestLog) -> list[str]:
    """Every request the test's pages tried to make to a host other than loopback (the browser's proxy failed each one)."""
    return request_log.outside


@pytest.fixture()
def context(browser, request_log: RequestLog) -> Iterator[object]:
    """A browser context of the test's own, for a test that changes the context; it records every request too."""
    context = recording_context(browser, request_log.record)
    yield context
    context.close()


@pytest.fixture()
def page(request: pytest.FixtureRequest, request_log: RequestLog) -> Iterator[object]:
    """A new page in the test's own `context` if it asked for one, else the worker's shared context's page."""
    if "context" in request.fixturenames:
        page = request.getfixturevalue("context").new_page()
        yield page
        page.close()
        return
    shared: SharedContext = request.getfixturevalue("shared_context")
    page = shared.test_page(request_log)
    try:
        yield page
    finally:
        shared.release()

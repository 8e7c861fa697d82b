"""Browser fixtures: Debian's Chromium, driven by Playwright, against the built site served on loopback."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pages_server import serve_site, sitemap_prefix

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # evil.example names this machine, so that a request to it that got past the proxy below would be answered by
    # the test server: test_the_browser_reaches_no_host_but_loopback_and_records_each_try tells that from a failed lookup.
    "--host-resolver-rules=MAP evil.example 127.0.0.1",
]
INSTALL_HINT = "Chromium not found: install it with `sudo apt-get install -y chromium`, or set CHROMIUM_PATH"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


def chromium_path() -> str | None:
    """CHROMIUM_PATH, else Debian's /usr/bin/chromium, else whatever `chromium` is on PATH."""
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else shutil.which("chromium")


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


def leaves_loopback(url: str) -> bool:
    """A request that would reach a host other than this machine (data: and blob: addresses reach none)."""
    return not url.startswith(("data:", "blob:")) and (urlsplit(url).hostname or "") not in LOOPBACK_HOSTS


@pytest.fixture()
def outside_requests() -> list[str]:
    """Every request the page tried to make to a host other than loopback (the browser's proxy failed each one)."""
    return []


@pytest.fixture()
def context(browser, outside_requests: list[str]) -> Iterator[object]:
    """A fresh browser context that records every request leaving loopback."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.on("request", lambda request: leaves_loopback(request.url) and outside_requests.append(request.url))
    yield context
    context.close()


@pytest.fixture()
def page(context) -> Iterator[object]:
    """A new page in the guarded context."""
    page = context.new_page()
    yield page
    page.close()

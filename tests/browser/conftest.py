"""Browser fixtures: Debian's Chromium, driven by Playwright, against the built site served on loopback."""

from __future__ import annotations

import os
import shutil
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
    """Debian's Chromium under Playwright; skipped locally if missing, a failure when CI is set."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    from playwright.sync_api import sync_playwright  # test-only dependency, needed only with a browser

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def outside_requests() -> list[str]:
    """Every request the page tried to make to a host other than loopback (each one was aborted)."""
    return []


@pytest.fixture()
def context(browser, outside_requests: list[str]) -> Iterator[object]:
    """A fresh browser context that aborts, and records, every request leaving loopback."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def guard(route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK_HOSTS:
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield context
    context.close()


@pytest.fixture()
def page(context) -> Iterator[object]:
    """A new page in the guarded context."""
    page = context.new_page()
    yield page
    page.close()

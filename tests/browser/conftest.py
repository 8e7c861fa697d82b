"""Browser fixtures: Debian's Chromium, driven by Playwright, against the built site served on loopback."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 at a free port; yields its base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


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

"""Serve a built site on 127.0.0.1 the way GitHub Pages does: under a project path, gzipped, with its 404 page.

The one test server: the browser tests, the publishing tests and `make audit` all use `serve_site`; `free_port`
and `fetch` are the tests' one way to pick a loopback port and to ask any server on it for a page.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

# What GitHub Pages compresses: text, and the few other formats that shrink.
COMPRESSIBLE_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
# GitHub Pages lets browsers and proxies cache every file for ten minutes.
CACHE_CONTROL = "max-age=600"
NOT_FOUND_PAGE = "404.html"
SITEMAP_NAMESPACE = {"sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class Answer(NamedTuple):
    """A server's answer: status (404 pages included), body and content type."""

    status: int
    body: bytes
    content_type: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, *, timeout: float = 10) -> Answer | None:
    """The answer to a GET of `url`, error statuses included; None when nothing answers within `timeout` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
            return Answer(response.status, response.read(), response.headers.get_content_type())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read(), error.headers.get_content_type())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def site_prefix(site_url: str) -> str:
    """The URL path a site is published under, '/' or '/name/', from its site_url."""
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def sitemap_prefix(site: Path) -> str:
    """The path a built site is published under, read from its sitemap's first address."""
    first = ElementTree.parse(site / "sitemap.xml").find("sitemap:url/sitemap:loc", SITEMAP_NAMESPACE)
    if first is None or not first.text:
        raise ValueError(f"{site / 'sitemap.xml'} lists no page")
    return site_prefix(first.text.strip())


@lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    # Keyed by mtime too, so a file rewritten while the server runs is compressed anew.
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class PagesHandler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD of a static site below `prefix`: a directory serves its index.html, a miss serves 404.html."""

    site: Path
    prefix: str
    protocol_version = "HTTP/1.1"  # keep-alive, as every real host does

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def _respond(self, *, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path + "/" == self.prefix:
            return self._redirect(self.prefix)
        if not path.startswith(self.prefix):
            return self._not_found(send_body=send_body)
        target = (self.site / path[len(self.prefix) :]).resolve()
        if self.site not in (target, *target.parents):
            return self._not_found(send_body=send_body)
        if target.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            target = target / "index.html"
        if not target.is_file():
            return self._not_found(send_body=send_body)
        self._send_file(target, status=200, send_body=send_body)

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self, *, send_body: bool) -> None:
        page = self.site / NOT_FOUND_PAGE
        if page.is_file():
            return self._send_file(page, status=404, send_body=send_body)
        body = b"404 Not Found\n"
        self.send_response(404)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _send_file(self, path: Path, *, status: int, send_body: bool) -> None:
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type == "application/javascript":
            content_type += "; charset=utf-8"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        compress = accepts_gzip and content_type.startswith(COMPRESSIBLE_TYPES)
        body = _gzipped(path, path.stat().st_mtime_ns) if compress else path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if send_body:
            self.wfile.write(body)


@contextmanager
def serve_site(site: Path, *, prefix: str = "/") -> Iterator[str]:
    """Serve `site` under `prefix` on 127.0.0.1 at a free port; yield its base URL, ending in '/'.

    Files are read per request, so the site may be built, or changed, after the server has started.
    """
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError(f"prefix must start and end with '/': {prefix!r}")
    handler = type("SiteHandler", (PagesHandler,), {"site": site.resolve(), "prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()

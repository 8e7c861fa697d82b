"""Search across frameworks, in Chromium: every framework's principles are found by name, their page first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import SharedBuilds
from pages_server import serve_site, sitemap_prefix
from test_frameworks import MULTI, MULTI_BANK, PUBLIC_MULTI, listed

from .test_site_browser import search


@pytest.fixture(scope="module")
def multi_url(builds: SharedBuilds) -> Iterator[str]:
    site = builds.site(MULTI_BANK)
    with serve_site(site, prefix=sitemap_prefix(site)) as url:
        yield url


def test_searching_any_frameworks_principle_by_name_lists_its_page_first(page, multi_url: str) -> None:
    wrong = []
    page.goto(multi_url)
    for framework in MULTI.frameworks[1:]:
        for principle_id in listed(PUBLIC_MULTI, framework.id):
            principle = framework.principle(principle_id)
            first = search(page, principle.title).first.locator("a.md-search-result__link").first
            path = urlsplit(f"{multi_url}{framework.id}/{principle.id}/").path
            try:
                expect(first).to_have_attribute("href", re.compile(rf"^[^?#]*{re.escape(path)}(\?|#|$)"))
            except AssertionError:
                wrong.append(f"{principle.title!r} lists {first.get_attribute('href')} first")
    assert wrong == []

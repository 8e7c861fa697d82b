"""Search across frameworks, in Chromium: every framework's principles are found by name, their page first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import SharedBuilds
from pages_server import serve_site, sitemap_prefix
from test_frameworks import MULTI, MULTI_BANK, PUBLIC_MULTI, listed

from .test_site_browser import first_result_misses


@pytest.fixture(scope="module")
def multi_url(builds: SharedBuilds) -> Iterator[str]:
    site = builds.site(MULTI_BANK)
    with serve_site(site, prefix=sitemap_prefix(site)) as url:
        yield url


def test_searching_any_frameworks_principle_by_name_lists_its_page_first(page, multi_url: str) -> None:
    page.goto(multi_url)
    wrong = [
        wrong
        for framework in MULTI.frameworks[1:]
        for principle_id in listed(PUBLIC_MULTI, framework.id)
        if (wrong := first_result_misses(page, framework.principle(principle_id).title, f"{multi_url}{framework.id}/{principle_id}/"))
    ]
    assert wrong == []

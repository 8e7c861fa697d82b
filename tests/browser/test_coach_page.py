"""The Coach page in real Chromium: the coverage matrix fits the page and its story links land on the stories."""

from __future__ import annotations


def test_coverage_matrix_fits_without_sideways_scrolling(page, site_url: str, outside_requests: list[str]) -> None:
    page.goto(f"{site_url}coach/")
    matrix = page.locator(".star-coverage table")
    assert matrix.locator("tbody tr").count() == 16
    # Material puts wide tables in a scrolling box; the marks must not hide behind it at a laptop's width.
    overflow = matrix.evaluate(
        "table => { const box = table.closest('.md-typeset__scrollwrap, .star-coverage');"
        " return box.scrollWidth - box.clientWidth; }"
    )
    assert overflow <= 0
    assert outside_requests == []


def test_matrix_column_links_open_the_story(page, site_url: str) -> None:
    page.goto(f"{site_url}coach/")
    page.locator(".star-coverage thead a", has_text="9").click()
    page.wait_for_url("**/principles/invent-and-simplify/#simple-document-classifier")
    assert page.locator("#simple-document-classifier").is_visible()

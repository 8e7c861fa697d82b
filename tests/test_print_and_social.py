"""Build tests of the whole-bank page (for print) and of social cards with and without what they need.

The pure parts are unit tests: tests/unit/test_views.py (the whole bank's Markdown), tests/unit/test_social.py.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import BuildResult, make_project, run_build
from unit.factories import load_sample

SAMPLE = load_sample().bank


def test_built_whole_bank_page_has_every_story_once_with_unique_anchors(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "whole-bank" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.md-content__inner")
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    assert [anchor for anchor, count in ids.items() if count > 1] == []
    sections = [h2["id"] for h2 in article.find_all("h2", class_="star-print-principle")]
    # In Amazon's order, each principle a story answers, as its own or one that also fits it.
    assert sections == [f"principle-{p.id}" for p in SAMPLE.principles if SAMPLE.primary_stories(p.id) or SAMPLE.also_fits_stories(p.id)]
    assert len(sections) == 13
    text = " ".join(article.get_text(" ").split())
    for story in SAMPLE.stories:
        heading = article.find("h3", id=story.id)
        assert heading is not None, story.id
        assert heading.find_parent("div", class_="star-story").find_previous("h2", class_="star-print-principle")["id"] == f"principle-{story.primary}"
        titles = [block.get_text(strip=True) for block in heading.find_all_next("p", class_="admonition-title", limit=4)]
        assert titles == ["Situation", "Task", "Action", "Result"], story.id
        assert " ".join(story.situation.split()[:6]) in text, story.id
    assert article.find(id="principle-without-stories") is None, "the published Whole bank names no gap"


def test_whole_bank_page_stays_out_of_search(built_site: Path) -> None:
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"whole-bank/' not in index.replace(" ", "")


def test_build_without_ci_needs_no_cairo(laptop_build: BuildResult) -> None:
    assert laptop_build.returncode == 0, laptop_build.output
    assert not (laptop_build.site / "assets" / "images" / "social").exists()


def test_build_with_ci_but_no_cairo_stops_with_one_clear_message(tmp_path: Path, without_cairo: dict[str, str]) -> None:
    result = run_build(make_project(tmp_path / "project"), env={**without_cairo, "CI": "true"})
    assert result.returncode != 0
    assert "Social cards (CI=true) cannot be made:" in result.output
    assert "sudo apt-get install libcairo2" in result.output
    assert "Traceback" not in result.output
    assert result.output.count("cairo-2") == 1

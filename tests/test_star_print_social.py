"""Unit and build tests of the whole-bank page (star_print), the cards' story count and the offline font cache."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import star_data
import star_pages
import star_print
import star_social
from conftest import ROOT, copy_project, run_build
from star_data import Bank, Principle, Story

DATA_BANK = star_data.load_bank(ROOT / "data", display_root=ROOT)


def make_story(story_id: str, *principles: str) -> Story:
    return Story(
        id=story_id,
        principles=principles,
        question=f"Question of {story_id}?",
        situation="The <b>situation</b>.",
        task="The task.",
        action="- first step\n- second step",
        result="It worked.",
        tags=(),
        source=f"data/stories/{story_id}.yml",
    )


BANK = Bank(
    principles=(
        Principle(id="dive-deep", title="Dive Deep", summary="Dig.", ai_ml_angle="Data."),
        Principle(id="frugality", title="Frugality", summary="Less.", ai_ml_angle="Cost."),
    ),
    stories=(make_story("cache-bug", "dive-deep", "frugality"),),
)


# --- Story counts on the cards ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("primary", "also_fits", "expected"),
    [(0, 0, "No story yet"), (1, 0, "1 story"), (3, 0, "3 stories"), (2, 1, "2 stories · 1 more also fits"), (0, 2, "No story yet · 2 more also fit")],
)
def test_story_count_in_words(primary: int, also_fits: int, expected: str) -> None:
    assert star_pages.render_story_count(primary, also_fits) == expected


def test_principle_page_gives_its_card_the_story_count() -> None:
    assert '\nsocial:\n  cards_layout_options:\n    description: "1 story"\n---\n' in star_pages.render_principle_page(
        BANK.principles[0], BANK
    )
    assert '    description: "No story yet · 1 more also fits"\n' in star_pages.render_principle_page(BANK.principles[1], BANK)


# --- The whole bank ---------------------------------------------------------------------------------


def test_print_story_writes_out_all_four_parts_with_links_to_its_principles() -> None:
    assert star_print.render_print_story(BANK.stories[0], BANK) == (
        "### Question of cache-bug? { #cache-bug }\n\n"
        "**Primary principle:** [Dive Deep](principles/dive-deep.md#cache-bug)"
        " · **Also fits:** [Frugality](principles/frugality.md#cache-bug)\n\n"
        '!!! star "Situation"\n\n    The &lt;b>situation&lt;/b>.\n\n'
        '!!! star "Task"\n\n    The task.\n\n'
        '!!! star "Action"\n\n    - first step\n    - second step\n\n'
        '!!! star "Result"\n\n    It worked.\n'
    )


def test_whole_bank_has_every_principle_in_order_with_its_own_stories() -> None:
    markdown = star_print.render_whole_bank(BANK, page_dir="../")
    assert markdown.index("## [Dive Deep](../principles/dive-deep.md) { #principle-dive-deep .star-print-principle }") < markdown.index(
        "## [Frugality](../principles/frugality.md) { #principle-frugality .star-print-principle }"
    )
    assert "Dig. *(1 story)*" in markdown
    assert "Less. *(No story yet · 1 more also fits)*" in markdown
    assert markdown.count("### Question of cache-bug?") == 1, "a story is written out once, under its primary principle"


def test_built_whole_bank_page_has_every_story_once_with_unique_anchors(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "whole-bank" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.md-content__inner")
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    assert [anchor for anchor, count in ids.items() if count > 1] == []
    sections = [h2["id"] for h2 in article.find_all("h2", class_="star-print-principle")]
    assert sections == [f"principle-{p.id}" for p in DATA_BANK.principles]
    text = " ".join(article.get_text(" ").split())
    for story in DATA_BANK.stories:
        heading = article.find("h3", id=story.id)
        assert heading is not None, story.id
        titles = [block.select_one(".admonition-title").get_text() for block in heading.find_next_siblings("div", limit=4)]
        assert titles == ["Situation", "Task", "Action", "Result"], story.id
        first_words = " ".join(story.situation.split()[:6])
        assert first_words in text, story.id


def test_whole_bank_page_stays_out_of_search(built_site: Path) -> None:
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"whole-bank/' not in index.replace(" ", "")


# --- Offline font cache -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_name", "style"),
    [
        ("Roboto-Regular.ttf", "Regular"),
        ("Roboto-Bold.ttf", "Bold"),
        ("Roboto-Italic.ttf", "Italic"),
        ("Roboto-BoldItalic.ttf", "Bold Italic"),
        ("Roboto-MediumItalic.ttf", "Medium Italic"),
        ("RobotoCondensed-Bold.ttf", None),
        ("README.txt", None),
    ],
)
def test_font_style_names_match_the_plugins_cache(file_name: str, style: str | None) -> None:
    assert star_social.font_style(file_name) == style


def test_seed_font_cache_copies_roboto_under_its_style_names(tmp_path: Path) -> None:
    source = tmp_path / "RobotoTTF"
    source.mkdir()
    for name in ("Roboto-Regular.ttf", "Roboto-Bold.ttf", "Roboto-BoldItalic.ttf"):
        (source / name).write_bytes(name.encode())
    cache = tmp_path / "cache"
    assert star_social.seed_font_cache(cache, source_dir=source) == []
    fonts = cache / "fonts" / "Roboto"
    assert sorted(p.name for p in fonts.iterdir()) == ["Bold Italic.ttf", "Bold.ttf", "Regular.ttf"]
    assert (fonts / "Bold.ttf").read_bytes() == b"Roboto-Bold.ttf"


def test_seed_font_cache_without_roboto_says_what_to_install(tmp_path: Path) -> None:
    source = tmp_path / "empty"
    source.mkdir()
    (problem,) = star_social.seed_font_cache(tmp_path / "cache", source_dir=source)
    assert problem.startswith(f"{source}: no Roboto Regular, Bold; ")
    assert "apt-get install fonts-roboto-unhinted" in problem and "unset CI" in problem
    assert not (tmp_path / "cache" / "fonts").exists(), "a half-seeded cache would make the plugin skip the download check"


# --- Builds with and without what the cards need ------------------------------------------------------


@pytest.fixture()
def without_cairo(tmp_path: Path) -> dict[str, str]:
    """An environment in which cairo's C library cannot be loaded, as on a laptop without libcairo2."""
    fake = tmp_path / "no-cairo" / "cairocffi"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise OSError("no library called \\"cairo-2\\" was found")\n', encoding="utf-8")
    return {"PYTHONPATH": str(fake.parent)}


def test_build_without_ci_needs_no_cairo(tmp_path: Path, without_cairo: dict[str, str]) -> None:
    project = copy_project(tmp_path / "project")
    result = run_build(project, env={**without_cairo, "CI": "false"})
    assert result.returncode == 0, result.output
    assert not (result.site / "assets" / "images" / "social").exists()


def test_build_with_ci_but_no_cairo_stops_with_one_clear_message(tmp_path: Path, without_cairo: dict[str, str]) -> None:
    project = copy_project(tmp_path / "project")
    result = run_build(project, env={**without_cairo, "CI": "true"})
    assert result.returncode != 0
    assert "Social cards (CI=true) cannot be made:" in result.output
    assert "sudo apt-get install libcairo2" in result.output
    assert "Traceback" not in result.output
    assert result.output.count("cairo-2") == 1

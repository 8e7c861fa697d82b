"""Unit tests of the Markdown renderers and the HTML neutraliser, on hand-made data."""

from __future__ import annotations

import markdown
import pytest

import star_pages
import star_reference
import star_safe_html
from star_data import Bank, Principle, Story


def make_principle(principle_id: str, title: str) -> Principle:
    return Principle(id=principle_id, title=title, summary=f"{title} summary.", ai_ml_angle=f"{title} angle.")


def make_story(story_id: str, *principles: str, tags: tuple[str, ...] = ()) -> Story:
    return Story(
        id=story_id,
        principles=principles,
        question=f"Question of {story_id}?",
        situation="The situation.",
        task="The task.",
        action="- first step\n- second step",
        result="It worked.",
        tags=tags,
        source=f"data/stories/{story_id}.yml",
    )


BANK = Bank(
    principles=(make_principle("dive-deep", "Dive Deep"), make_principle("frugality", "Frugality"), make_principle("think-big", "Think Big")),
    stories=(make_story("cache-bug", "dive-deep", "frugality", tags=("caching",)),),
)


def test_indent_uses_four_spaces_per_level_and_keeps_blank_lines_empty() -> None:
    assert star_pages.indent("a\n\n  b", 2) == "        a\n\n          b"


def test_star_tabs_nest_each_part_under_its_label() -> None:
    assert star_pages.render_star_tabs(BANK.stories[0]) == (
        '=== "Situation"\n\n    The situation.\n\n'
        '=== "Task"\n\n    The task.\n\n'
        '=== "Action"\n\n    - first step\n    - second step\n\n'
        '=== "Result"\n\n    It worked.\n'
    )


def test_primary_story_is_an_open_block_under_a_heading_with_the_story_id() -> None:
    rendered = star_pages.render_story(BANK.stories[0], BANK, on_principle="dive-deep")
    assert rendered.startswith("### Question of cache-bug? { #cache-bug }\n\n")
    assert "**Also fits:** [Frugality](frugality.md#cache-bug) · **Tags:** `caching`" in rendered
    assert '???+ star "STAR answer"\n\n    === "Situation"\n\n        The situation.\n' in rendered


def test_also_fits_story_is_collapsed_links_home_and_stays_out_of_search() -> None:
    rendered = star_pages.render_story(BANK.stories[0], BANK, on_principle="frugality")
    assert rendered.startswith("### Question of cache-bug? { #cache-bug data-search-exclude }\n")
    assert "**Primary principle:** [Dive Deep](dive-deep.md#cache-bug)" in rendered
    assert "**Also fits:**" not in rendered
    assert '\n??? star "STAR answer"\n' in rendered


def test_principle_page_lists_primary_then_also_fits() -> None:
    page = star_pages.render_principle_page(BANK.principles[1], BANK)
    front_matter = page.split("---\n")[1]
    assert page.startswith("---\n")
    assert 'description: "Frugality summary."\n' in front_matter and "search:\n  boost: 3\n" in front_matter
    assert "# Frugality { #top }" in page
    assert '!!! info "No story yet"' in page
    assert "No story has this as its primary principle yet; the stories below also fit it." in page
    assert page.index("## Stories { #stories }") < page.index("## Also fits this principle { #also-fits }")


def test_principle_without_any_story_shows_how_to_add_one() -> None:
    page = star_pages.render_principle_page(BANK.principles[2], BANK)
    assert "No story answers this principle yet. To add one, create `data/stories/my-think-big-story.yml`" in page
    assert "    ```yaml\n    # yaml-language-server: $schema=../schemas/story.schema.json\n    id: my-think-big-story\n" in page
    assert "## Also fits" not in page


def test_the_nested_markdown_really_renders_tabs_inside_details() -> None:
    html = markdown.markdown(
        star_pages.render_story(BANK.stories[0], BANK, on_principle="dive-deep"),
        extensions=["attr_list", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"],
        extension_configs={"pymdownx.tabbed": {"alternate_style": True, "combine_header_slug": True}},
    )
    assert '<h3 id="cache-bug">' in html
    details = html[html.index("<details") :]
    assert details.count('type="radio"') == 4
    assert "<li>second step</li>" in details


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),
        ('<img src=x onerror="alert(1)">', '&lt;img src=x onerror="alert(1)">'),
        ("see <https://example.com>", "see <https://example.com>"),
        ("code `<b>` stays", "code `<b>` stays"),
        ("```\n<b>fenced</b>\n```", "```\n<b>fenced</b>\n```"),
        ("a < b and **bold**", "a &lt; b and **bold**"),
    ],
)
def test_escape_raw_html(source: str, expected: str) -> None:
    assert star_safe_html.escape_raw_html(source) == expected


@pytest.mark.parametrize(
    ("url", "unsafe"),
    [
        ("javascript:alert(1)", True),
        (" JavaScript:alert(1)", True),
        ("java\tscript:alert(1)", True),
        ("&#106;avascript:alert(1)", True),
        ("data:text/html,<b>", True),
        ("https://example.com/javascript:", False),
        ("../dive-deep/#cache-bug", False),
    ],
)
def test_is_unsafe_url(url: str, unsafe: bool) -> None:
    assert star_safe_html.is_unsafe_url(url) is unsafe


def test_inert_links_extension_strips_handlers_and_script_urls() -> None:
    html = markdown.markdown(
        '[x](javascript:alert(1)) [y](https://example.com){ onclick="alert(1)" title="ok" }',
        extensions=["attr_list", star_safe_html.InertLinksExtension()],
    )
    assert html == '<p><span>x</span> <a href="https://example.com" title="ok">y</a></p>'


def test_quick_reference_has_a_row_per_principle_with_story_links() -> None:
    table = star_reference.render_quick_reference(BANK)
    rows = table.splitlines()
    assert rows[:2] == ["| Principle | AI/ML angle | Stories |", "| --- | --- | --- |"]
    assert rows[2] == "| [Dive Deep](principles/dive-deep.md) | Dive Deep angle. | [Question of cache-bug?](principles/dive-deep.md#cache-bug) |"
    assert rows[3] == (
        "| [Frugality](principles/frugality.md) | Frugality angle. |"
        " [Question of cache-bug?](principles/dive-deep.md#cache-bug) (also fits) |"
    )
    assert rows[4].endswith("| No story yet |")
    assert len(rows) == 2 + len(BANK.principles)


def test_table_cells_escape_pipes() -> None:
    bank = Bank(principles=(Principle("a", "A | B", "s.", "x | y"),), stories=())
    assert "| [A \\| B](principles/a.md) | x \\| y | No story yet |" in star_reference.render_quick_reference(bank)


def test_bank_stats_and_principle_list_count_from_the_data() -> None:
    assert star_reference.render_bank_stats(BANK) == "**1** story · **1 of 3** principles have a story of their own\n"
    assert star_reference.render_principle_list(BANK, page_dir="../") == (
        "1. [Dive Deep](../principles/dive-deep.md) — 1 story\n"
        "2. [Frugality](../principles/frugality.md) — No story yet · 1 more also fits\n"
        "3. [Think Big](../principles/think-big.md) — No story yet\n"
    )


def test_placeholders_are_filled_and_unknown_ones_reported() -> None:
    markdown_text, unknown = star_reference.fill_placeholders(
        "A\n<!-- star:bank-stats -->\n<!-- star:nonsense -->\n", BANK, page_dir=""
    )
    assert markdown_text == "A\n**1** story · **1 of 3** principles have a story of their own\n\n<!-- star:nonsense -->\n"
    assert unknown == ["nonsense"]

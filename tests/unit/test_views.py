"""The Markdown views on hand-made banks: exact fragments, the nesting helper, the quick reference, placeholders.

Every data field reaches a page as a stand-in token for its allow-listed HTML; `fr.block(text)` etc. give the
same token again, so expected Markdown is written with them, and `fr.expand` shows the HTML where that reads better.
"""

from __future__ import annotations

import dataclasses
import json
import re

import markdown
import pymdownx.slugs
import pytest

from star_bank.model.records import Bank, Framework, Link, Principle, Site
from star_bank.views.context import PUBLIC, WORKBENCH, ViewContext
from star_bank.views.markdown import html_block, indent, page_url, principle_path, relative_url, render_block, story_target
from star_bank.views import practice_page
from star_bank.views.practice_page import PRACTICE_PATH, render_part_text, render_practice_card, render_practice_page, render_toolbar
from star_bank.views.principle_page import (
    ALSO_FITS_HEADING,
    NO_STORY,
    ONLY_ALSO_FITS,
    OPEN_STORIES_UP_TO,
    facts_html,
    render_principle_page,
    render_story,
    star_tabs_html,
)
from star_bank.views.problems_page import render_problems_page
from star_bank.views.reference import (
    describe_page,
    fill_placeholders,
    render_bank_stats,
    render_coverage,
    render_credits,
    render_downloads,
    render_footer,
    render_home_header,
    render_principle_list,
    render_quick_reference,
    render_story_list,
)
from star_bank.views.whole_bank import render_print_story, render_whole_bank
from unit.factories import BANK, MATRIX_BANK, SITE, make_context, make_principle, make_settings, make_story

MARKDOWN_EXTENSIONS = ["attr_list", "admonition", "md_in_html", "tables", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"]
TABBED_CONFIG = {
    "pymdownx.tabbed": {"alternate_style": True, "combine_header_slug": True, "slugify": pymdownx.slugs.slugify(case="lower")}
}


ACTION = "- first step\n- second step"  # make_story's Action


def to_html(ctx: ViewContext, text: str) -> str:
    """Markdown as the site renders it: mkdocs.yml's block extensions, this build's stand-ins, the tab shim."""
    return markdown.markdown(
        text,
        extensions=[*MARKDOWN_EXTENSIONS, ctx.fragments.extension()],
        extension_configs=TABBED_CONFIG,
    )


def story_bank(**fields: object) -> Bank:
    """BANK with its one story changed."""
    return dataclasses.replace(BANK, stories=(dataclasses.replace(BANK.stories[0], **fields),))


# --- nesting and addresses ------------------------------------------------------------------------------------------


def test_indent_uses_four_spaces_per_level_and_keeps_blank_lines_empty() -> None:
    assert indent("a\n\n  b", 2) == "        a\n\n          b"
    assert indent("a\n   \nb") == "    a\n\n    b"


def test_a_block_is_its_opener_then_its_body_indented_one_level() -> None:
    assert render_block('!!! tip "T"', "x\n\ny") == '!!! tip "T"\n\n    x\n\n    y\n'
    assert render_block("=== \"Outer\"", render_block("=== \"Inner\"", "z")) == '=== "Outer"\n\n    === "Inner"\n\n        z\n'
    assert html_block("div", 'class="c"', "**x**") == '<div class="c" markdown>\n\n**x**\n\n</div>\n'


@pytest.mark.parametrize(
    ("target", "from_page", "url"),
    [
        ("principles/dive-deep.md#cache-bug", "coach.md", "../principles/dive-deep/#cache-bug"),
        ("principles/dive-deep.md", "principles/frugality.md", "../dive-deep/"),
        ("principles/dive-deep.md#x", "principles/dive-deep.md", "./#x"),
        ("index.md", "practice.md", "../"),
        ("quick-reference.md", "index.md", "quick-reference/"),
    ],
)
def test_relative_urls_follow_mkdocs_directory_urls(target: str, from_page: str, url: str) -> None:
    assert relative_url(target, from_page=from_page) == url


def test_page_urls_and_story_targets() -> None:
    story = BANK.stories[0]
    assert [page_url(p) for p in ("index.md", "coach.md", "principles/dive-deep.md", "sub/index.md")] == ["", "coach/", "principles/dive-deep/", "sub/"]
    assert principle_path("frugality") == "principles/frugality.md"
    assert story_target(story) == "principles/dive-deep.md#cache-bug"
    assert story_target(story, principle_id="frugality") == "principles/frugality.md#cache-bug"


# --- a principle's page ---------------------------------------------------------------------------------------------


def test_star_tabs_hold_each_part_under_its_label() -> None:
    ctx = make_context()
    tabs = star_tabs_html(ctx, BANK.stories[0], tab_set=2)
    labels_html = '<label for="cache-bug-situation">Situation</label><label for="cache-bug-task">Task</label>'
    assert labels_html in tabs and '<label for="cache-bug-result">Result</label>' in tabs
    blocks = [block.split("\n</div>")[0] for block in tabs.split('<div class="tabbed-block">\n')[1:]]
    assert blocks == ["<p>The situation.</p>", "<p>The task.</p>", "<ul>\n<li>first step</li>\n<li>second step</li>\n</ul>", "<p>It worked.</p>"]
    assert tabs.count('name="__tabbed_2"') == 4


# Every story's "Copy link" bar, right after its heading: hidden until share.js wires it, out of search, no data in it.
SHARE_BAR = (
    '<div class="star-share" data-search-exclude hidden><button type="button" class="star-share__button">Copy link</button>'
    '<span class="star-share__status" role="status"></span></div>'
)


def test_primary_story_is_an_open_block_whose_bar_is_the_headline_under_a_heading_with_the_story_id() -> None:
    ctx = make_context()
    fr, story = ctx.fragments, BANK.stories[0]
    rendered = render_story(ctx, story, on_principle="dive-deep")
    opening, heading, block = rendered.split("\n\n")
    assert fr.expand(opening) == '<div class="star-story" data-story="cache-bug">'
    assert heading == f"### {fr.label('Question of cache-bug?')} {{ #cache-bug }}"
    assert fr.expand(block).startswith(
        f"{SHARE_BAR}\n"
        '<details class="star" open="open">\n<summary>Headline of cache-bug: 3x faster</summary>\n'
        '<p class="star-facts" data-search-exclude><strong>Also fits:</strong> <a href="../frugality/#cache-bug">Frugality</a>'
        " · <strong>Tags:</strong> <code>caching</code> · <strong>Speaking time:</strong> about 5 s</p>\n"
        '<div class="tabbed-set tabbed-alternate"><input checked="checked" id="cache-bug-situation"'
    )
    assert fr.expand(block).endswith("</details>\n</div>\n")


def test_also_fits_story_is_collapsed_links_home_and_stays_out_of_search() -> None:
    ctx = make_context()
    fr = ctx.fragments
    rendered = render_story(ctx, BANK.stories[0], on_principle="frugality")
    assert f"### {fr.label('Question of cache-bug?')} {{ #cache-bug data-search-exclude }}\n" in rendered
    block = fr.expand(rendered)
    assert '<strong>Primary principle:</strong> <a data-star-home href="../dive-deep/#cache-bug">Dive Deep</a>' in block
    assert "Also fits:" not in block  # the only other principle is this page's
    assert '<details class="star">\n<summary>Headline of cache-bug: 3x faster</summary>' in block


def test_the_facts_line_marks_a_private_story_first() -> None:
    ctx = make_context(story_bank(private=True, tags=()), view=WORKBENCH)
    assert facts_html(ctx, ctx.bank.stories[0], on_principle="dive-deep", from_page="principles/dive-deep.md") == (
        '<p class="star-facts" data-search-exclude><strong>Private:</strong> never published · <strong>Also fits:</strong>'
        ' <a href="../frugality/#cache-bug">Frugality</a> · <strong>Speaking time:</strong> about 5 s</p>'
    )


def labelled(bank: Bank = BANK, label: str = "In data work") -> Bank:
    """`bank` whose framework names its angle."""
    return dataclasses.replace(bank, framework=dataclasses.replace(bank.framework, name="Test values", angle_label=label))


def test_principle_page_leads_with_its_stories_then_those_that_also_fit_then_the_angle() -> None:
    ctx = make_context(labelled(MATRIX_BANK))
    fr = ctx.fragments
    page = render_principle_page(ctx, MATRIX_BANK.principles[1])
    text = fr.expand(page.markdown)
    assert (page.path, page.title, page.in_nav) == ("principles/frugality.md", "Frugality", True)
    assert page.meta == {
        "description": "Frugality summary.",
        "search": {"boost": 3},
        "social": {"cards_layout_options": {"description": "1 story"}},
    }
    assert text.startswith(
        '# Frugality { #top }\n\n<div class="star-principle-summary" markdown>\n\n<p>Frugality summary.</p>\n\n</div>\n\n'
        "## Stories { #stories }\n"
    ), "the summary sits under the title, in a block the stylesheet keeps small"
    order = ["### Question of gpu-cut?", f"## {ALSO_FITS_HEADING} {{ #also-fits }}", "### Question of cache-bug?", '<div class="star-angle"']
    assert [text.index(mark) for mark in order] == sorted(text.index(mark) for mark in order)
    assert text.endswith(
        '<div class="star-angle" data-search-exclude="true" markdown>\n\n!!! tip "In data work"\n\n    Frugality angle.\n\n\n</div>\n'
    ), "the angle comes last, under the framework's label, out of search: beside the title it would outscore a story's words"
    assert "Stories whose primary principle" not in text


def test_an_angle_without_a_label_shows_unlabelled_and_a_principle_without_an_angle_shows_none() -> None:
    ctx = make_context()
    assert '!!! tip ""\n\n    Dive Deep angle.\n' in ctx.fragments.expand(render_principle_page(ctx, BANK.principles[0]).markdown)
    bare = dataclasses.replace(BANK, framework=Framework((dataclasses.replace(BANK.principles[0], angle=""),)), stories=())
    assert "star-angle" not in render_principle_page(make_context(bare), bare.principles[0]).markdown


def test_a_principle_covered_only_by_stories_that_also_fit_shows_them_open_as_its_own() -> None:
    ctx = make_context()
    fr = ctx.fragments
    text = render_principle_page(ctx, BANK.principles[1]).markdown
    assert '<details class="star" open="open">\n<summary>Headline of cache-bug: 3x faster</summary>' in fr.expand(text), "open, not collapsed away"
    assert f"### {fr.label('Question of cache-bug?')} {{ #cache-bug data-search-exclude }}" in text, "search leads to its primary page"
    assert '<strong>Primary principle:</strong> <a data-star-home href="../dive-deep/#cache-bug">Dive Deep</a>' in fr.expand(text)
    assert "also-fits" not in text and ALSO_FITS_HEADING not in text and ONLY_ALSO_FITS not in text
    assert "yet" not in fr.expand(text)


@pytest.mark.parametrize("count", [OPEN_STORIES_UP_TO, OPEN_STORIES_UP_TO + 1])
def test_a_principle_page_with_many_stories_starts_them_collapsed_and_links_those_that_also_fit(count: int) -> None:
    stories = tuple(make_story(f"story-{n}", "dive-deep") for n in range(count))
    bank = dataclasses.replace(BANK, stories=(*stories, make_story("elsewhere", "frugality", "dive-deep")))
    ctx = make_context(bank)
    fr = ctx.fragments
    markdown = render_principle_page(ctx, bank.principles[0]).markdown
    text = fr.expand(markdown)
    blocks = re.findall(r'<details class="star"( open="open")?>', text)
    link = (
        '<div class="star-also-fits" data-search-exclude="true" markdown>\n\n<ul>\n'
        '<li><a href="../frugality/#elsewhere" id="elsewhere">Question of elsewhere?</a> — <em>Headline of elsewhere: 3x faster</em></li>\n'
        "</ul>\n\n</div>\n"
    )
    if count <= OPEN_STORIES_UP_TO:
        assert blocks == [' open="open"'] * count + [""], "each own story open, then the one that also fits, written out and collapsed"
        assert "star-also-fits" not in text
    else:
        assert blocks == [""] * count, "each own story collapsed; the one that also fits is a link to it"
        assert f"## {ALSO_FITS_HEADING} {{ #also-fits }}\n\n{link}" in text


def test_principle_page_gives_its_card_its_story_count_and_the_workbench_its_coverage() -> None:
    def cards(view: str) -> list[object]:
        ctx = make_context(view=view)
        return [render_principle_page(ctx, p).meta.get("social", {}).get("cards_layout_options", {}).get("description") for p in BANK.principles]

    assert cards("public") == ["1 story", "1 story", None], "no story: the card shows the summary"
    assert cards(WORKBENCH) == ["1 story", "No story yet · 1 also fits", "No story yet"]


@pytest.mark.parametrize("listed", [False, True], ids=["default", "principles-without-stories"])
def test_a_principle_without_any_story_keeps_its_page_with_its_summary_and_the_way_to_all_stories(listed: bool) -> None:
    ctx = make_context(settings=make_settings(principles_without_stories=listed))
    page = render_principle_page(ctx, BANK.principles[2])
    text = ctx.fragments.expand(page.markdown)
    assert "<p>Think Big summary.</p>" in text
    assert "## Stories { #stories }\n\n[All stories](../index.md)\n{ .star-all-stories }\n" in text
    assert NO_STORY not in text and "make story" not in text and "yet" not in text
    assert page.in_nav is listed, "unlisted: built so that links already sent keep working, but not in the navigation"
    assert page.meta["search"] == ({"boost": 3} if listed else {"exclude": True})


def test_the_workbench_shows_how_to_start_a_story() -> None:
    ctx = make_context(view=WORKBENCH)
    assert (
        '!!! info "No story yet"\n\n'
        f"    {NO_STORY} Start one with `make story ID=<story-id> PRINCIPLE=think-big`; this hint shows only in `make serve`.\n"
    ) in render_principle_page(ctx, BANK.principles[2]).markdown
    assert ONLY_ALSO_FITS in render_principle_page(ctx, BANK.principles[1]).markdown
    assert all(render_principle_page(ctx, p).in_nav for p in BANK.principles), "the workbench lists every principle"


def test_the_workbench_marks_a_draft_with_the_fields_still_to_write() -> None:
    ctx = make_context(story_bank(private=True, tags=(), draft_fields=("question", "situation")), view=WORKBENCH)
    facts = facts_html(ctx, ctx.bank.stories[0], on_principle="dive-deep", from_page="principles/dive-deep.md")
    assert facts.startswith(
        '<p class="star-facts" data-search-exclude><strong>Private:</strong> never published · '
        "<strong>Draft:</strong> question, situation still hold <code>make story</code>'s text · "
    )
    assert "Draft" not in facts_html(make_context(view=WORKBENCH), BANK.stories[0], on_principle="dive-deep", from_page="principles/dive-deep.md")


@pytest.mark.parametrize(
    ("view", "follow_ups", "shown"),
    [("public", False, False), ("public", True, True), (WORKBENCH, False, True)],
)
def test_follow_ups_are_a_collapsed_block_after_the_star_answer_when_shown(view: str, follow_ups: bool, shown: bool) -> None:
    bank = story_bank(follow_ups=("What would you do differently?", "Who <b>disagreed</b>?"))
    ctx = make_context(bank, settings=make_settings(follow_ups=follow_ups), view=view)
    fr = ctx.fragments
    rendered = fr.expand(render_story(ctx, bank.stories[0], on_principle="dive-deep"))
    block = (
        '</details>\n<details class="question">\n<summary>Likely follow-ups</summary>\n'
        "<ul><li>What would you do differently?</li><li>Who &lt;b&gt;disagreed&lt;/b&gt;?</li></ul>\n</details>\n</div>"
    )
    assert (block in rendered) is shown
    if shown:
        assert rendered.index('<details class="star" open="open">') < rendered.index(block)
    assert "Likely follow-ups" not in render_story(make_context(view=view), BANK.stories[0], on_principle="dive-deep")


def test_fields_cannot_open_close_or_re_anchor_the_pages_blocks() -> None:
    bank = story_bank(question='Who? { #top }\n=== "Tab"', headline='Bar" { #evil }')
    ctx = make_context(bank)
    rendered = render_story(ctx, bank.stories[0], on_principle="dive-deep")
    heading = rendered.splitlines()[2]
    assert heading == f"### {ctx.fragments.label(bank.stories[0].question)} {{ #cache-bug }}"
    assert rendered.count("\n") == 5, "the heading, between the block's two stand-ins, is the only Markdown"
    assert "{ #top }" not in rendered and "#evil" not in rendered  # only inside tokens
    html = to_html(ctx, rendered)
    assert '<h3 id="cache-bug">' in html and 'id="top"' not in html and 'id="evil"' not in html


def test_the_nested_markdown_really_renders_tabs_inside_details() -> None:
    ctx = make_context()
    html = to_html(ctx, render_story(ctx, BANK.stories[0], on_principle="dive-deep"))
    assert '<h3 id="cache-bug">Question of cache-bug?</h3>' in html
    details = html[html.index("<details") :]
    assert details.startswith('<details class="star" open="open">\n<summary>Headline of cache-bug: 3x faster</summary>')
    assert details.count('type="radio"') == 4
    for part in ("situation", "task", "action", "result"):
        assert f'id="cache-bug-{part}"' in details
    assert "<li>second step</li>" in details
    assert '<p class="star-facts" data-search-exclude><strong>Also fits:</strong> <a href="../frugality/#cache-bug">Frugality</a>' in details


# --- home, quick reference, placeholders ------------------------------------------------------------------------------


def test_quick_reference_has_a_row_per_listed_principle_with_its_angle_and_story_links_and_headlines() -> None:
    ctx = make_context(labelled(MATRIX_BANK))
    fr = ctx.fragments

    def story(story_id: str, principle: str) -> str:
        return f'<a href="../principles/{principle}/#{story_id}">Question of {story_id}?</a> — <em>Headline of {story_id}: 3x faster</em>'

    table = render_quick_reference(ctx)
    assert table.startswith('<div class="star-quick-reference" data-search-exclude')
    assert table_rows(fr.expand(table)) == [
        ["Principle", "In data work", "Stories"],
        ['<a href="../principles/dive-deep/">Dive Deep</a>', "Dive Deep angle.", f"{story('cache-bug', 'dive-deep')}<br>{story('log-dig', 'dive-deep')}"],
        ['<a href="../principles/frugality/">Frugality</a>', "Frugality angle.", f"{story('gpu-cut', 'frugality')}<br>{story('cache-bug', 'dive-deep')} (also fits)"],
    ], "Think Big, with no story, is not listed"


def table_rows(html: str) -> list[list[str]]:
    """Each row of an HTML table, header first, as its cells' HTML."""
    return [re.findall(r"<t[hd]>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>\n(.*?)</tr>", html, flags=re.DOTALL)]


def test_quick_reference_shows_stories_that_only_also_fit_as_the_principles_own_and_no_gap_in_public() -> None:
    settings = make_settings(principles_without_stories=True)
    public, workbench = make_context(settings=settings), make_context(settings=settings, view=WORKBENCH)
    rows = table_rows(public.fragments.expand(render_quick_reference(public)))
    assert rows[0] == ["Principle", "Stories"], "no label, no angle column"
    cache_bug = '<a href="../principles/dive-deep/#cache-bug">Question of cache-bug?</a> — <em>Headline of cache-bug: 3x faster</em>'
    assert rows[2] == ['<a href="../principles/frugality/">Frugality</a><br>Frugality angle.', cache_bug]
    assert rows[3] == ['<a href="../principles/think-big/">Think Big</a><br>Think Big angle.', ""]
    assert table_rows(workbench.fragments.expand(render_quick_reference(workbench)))[3][-1] == "No story yet"


def test_table_cells_hold_pipes_and_markup_from_the_data() -> None:
    bank = Bank(site=SITE, framework=Framework((Principle("a", "A | B", "s.", "x | `y|z`"),), angle_label="An | angle"), stories=())
    ctx = make_context(bank, settings=make_settings(principles_without_stories=True))
    html = to_html(ctx, render_quick_reference(ctx))
    assert html.count("<td>") == 3 and "<th>An | angle</th>" in html
    assert '<td><a href="../principles/a/">A | B</a></td>' in html and "<td>x | <code>y|z</code></td>" in html


def test_the_workbench_home_counts_coverage_and_the_public_home_does_not() -> None:
    ctx = make_context(view=WORKBENCH)
    fr = ctx.fragments
    assert render_bank_stats(ctx) == "**1 story** · 1 of 3 principles have a story; 2 of 3 are covered, counting stories that also fit\n"
    principle_list = (
        f"1. [{fr.label('Dive Deep')}](../principles/dive-deep.md) — 1 story\n"
        f"2. [{fr.label('Frugality')}](../principles/frugality.md) — no story yet · 1 also fits\n"
        f"3. [{fr.label('Think Big')}](../principles/think-big.md) — no story yet\n"
    )
    assert render_principle_list(ctx, page_dir="../") == principle_list
    assert render_coverage(ctx, page_dir="../") == f"## Coverage {{ #coverage }}\n\n{render_bank_stats(ctx)}\n{principle_list}"
    assert render_coverage(make_context(), page_dir="../") == ""


def test_principles_without_stories_can_be_left_off_the_public_site_but_never_the_workbench() -> None:
    assert [row.principle.id for row in make_context().listed_rows()] == ["dive-deep", "frugality"], "off by default"
    listed = make_settings(principles_without_stories=True)
    assert [row.principle.id for row in make_context(settings=listed).listed_rows()] == ["dive-deep", "frugality", "think-big"]
    assert [row.principle.id for row in make_context(view=WORKBENCH).listed_rows()] == ["dive-deep", "frugality", "think-big"]
    for render in (render_quick_reference, render_story_list, render_whole_bank):
        ctx, listed_ctx = make_context(), make_context(settings=listed)
        assert "think-big" not in ctx.fragments.expand(render(ctx)), render.__name__
        assert "think-big" in listed_ctx.fragments.expand(render(listed_ctx)), render.__name__


def test_home_is_a_profile_name_headline_links_and_intro_then_each_principles_stories() -> None:
    site = Site(
        title="Ada's *bank*",
        intro="Hello **there**.\n\nSecond.",
        owner="Ada Lovelace",
        headline="ML engineer",
        links=(Link("LinkedIn", "https://example.com/ada"), Link("Mail", "mailto:a@example.com")),
        credits="From **Lilly**.",
    )
    ctx = make_context(dataclasses.replace(MATRIX_BANK, site=site))
    links = '<a href="https://example.com/ada">LinkedIn</a> · <a href="mailto:a@example.com">Mail</a>'
    assert ctx.fragments.expand(render_home_header(ctx)) == (
        "# Ada's <em>bank</em> { #top }\n\n"
        '<div class="star-profile" markdown>\n\n'
        "Ada Lovelace · ML engineer\n{ .star-byline }\n\n"
        f"{links}\n{{ .star-links }}\n\n"
        '<div class="star-intro" markdown>\n\n<p>Hello <strong>there</strong>.</p>\n<p>Second.</p>\n\n</div>\n'
        "\n\n</div>\n"
    )
    assert render_footer(ctx) == f"Ada Lovelace · {links} · From <strong>Lilly</strong>."
    assert ctx.fragments.expand(render_credits(ctx)) == "## Credits { #credits }\n\n<p>From <strong>Lilly</strong>.</p>\n"
    assert ctx.fragments.expand(render_story_list(ctx)) == (
        '<div class="star-story-list" markdown>\n\n'
        "## [Dive Deep](principles/dive-deep.md) { #principle-dive-deep data-search-exclude }\n\n<ul>\n"
        '<li><a href="principles/dive-deep/#cache-bug">Question of cache-bug?</a> — <em>Headline of cache-bug: 3x faster</em></li>\n'
        '<li><a href="principles/dive-deep/#log-dig">Question of log-dig?</a> — <em>Headline of log-dig: 3x faster</em></li>\n'
        "</ul>\n\n"
        "## [Frugality](principles/frugality.md) { #principle-frugality data-search-exclude }\n\n<ul>\n"
        '<li><a href="principles/frugality/#gpu-cut">Question of gpu-cut?</a> — <em>Headline of gpu-cut: 3x faster</em></li>\n'
        "</ul>\n\n\n</div>\n"
    ), "each story once, under its primary principle; Think Big has none and is not listed"


def test_home_lists_stories_that_only_also_fit_under_that_principle_linked_to_them_there() -> None:
    ctx = make_context()
    assert '<li><a href="principles/frugality/#cache-bug">Question of cache-bug?</a>' in ctx.fragments.expand(render_story_list(ctx))


def test_a_site_with_only_a_title_has_no_profile_byline_links_credits_or_footer() -> None:
    ctx = make_context(dataclasses.replace(BANK, site=Site(title="Test bank")))
    assert ctx.fragments.expand(render_home_header(ctx)) == "# Test bank { #top }\n"
    assert (render_credits(ctx), render_footer(ctx)) == ("", "")
    only_intro = make_context()
    assert only_intro.fragments.expand(render_home_header(only_intro)).endswith(
        '<div class="star-profile" markdown>\n\n<div class="star-intro" markdown>\n\n<p>A bank for tests.</p>\n\n</div>\n\n\n</div>\n'
    )


def test_downloads_link_the_deck_and_the_csv_from_the_page() -> None:
    assert render_downloads(make_context(), page_dir="../") == (
        "**Downloads:** [Anki deck](../downloads/star-stories.apkg) · [CSV](../downloads/star-stories.csv)\n{ .star-downloads }\n"
    )


def test_the_quick_reference_and_whole_bank_intros_come_from_site_yml_and_are_nothing_without() -> None:
    site = Site(title="T", quick_reference_intro="**Mine.** Read on:", whole_bank_intro="Printed for *you*.")
    ctx = make_context(dataclasses.replace(BANK, site=site))
    text, _ = fill_placeholders("<!-- star:quick-reference-intro -->\n<!-- star:whole-bank-intro -->", ctx)
    assert ctx.fragments.expand(text) == (
        '<div class="star-intro" markdown>\n\n<p><strong>Mine.</strong> Read on:</p>\n\n</div>\n\n'
        '<div class="star-intro" markdown>\n\n<p>Printed for <em>you</em>.</p>\n\n</div>\n'
    )
    assert fill_placeholders("<!-- star:quick-reference-intro --><!-- star:whole-bank-intro -->", make_context())[0] == ""


def test_hand_written_pages_are_described_in_the_frameworks_words() -> None:
    assert describe_page(make_context(labelled()), "quick-reference.md") == (
        "Test values: each principle, its In data work and its stories, by question and headline."
    )
    assert describe_page(make_context(), "quick-reference.md") == "Principles: each principle and its stories, by question and headline."
    assert describe_page(make_context(labelled()), "whole-bank.md") == "Every story in full, under its principle (Test values), on one page."
    assert describe_page(make_context(), "index.md") is None


def test_placeholders_are_filled_and_unknown_ones_reported() -> None:
    ctx = make_context()
    text, unknown = fill_placeholders("A\n<!-- star:story-list -->\n<!--star:nonsense-->\n<!-- star:credits -->", ctx, src_uri="google/index.md")
    story_list = ctx.fragments.expand(render_story_list(ctx, src_uri="google/index.md"))
    assert ctx.fragments.expand(text) == "A\n" + story_list + "\n<!--star:nonsense-->\n" + ctx.fragments.expand(render_credits(ctx))
    assert '<a href="../principles/frugality/#cache-bug">' in story_list, "links from the page the list is on"
    assert unknown == ["nonsense"]
    assert fill_placeholders("no placeholder <!-- star: -->", ctx) == ("no placeholder <!-- star: -->", [])


@pytest.mark.parametrize(
    "name",
    ["home-header", "story-list", "coverage", "credits", "quick-reference-intro", "quick-reference", "downloads", "whole-bank-intro", "whole-bank"],
)
def test_every_documented_placeholder_is_known(name: str) -> None:
    text, unknown = fill_placeholders(f"<!-- star:{name} -->", make_context())
    assert unknown == [] and "star:" not in text


def test_while_the_data_is_broken_every_page_lists_the_problems_escaped() -> None:
    page = render_problems_page(["The data has 1 problem; fix it and build again:", "data/stories/<x>.yml: file is empty"])
    assert page.startswith("# The data has problems { #top }\n")
    assert (
        '<pre class="star-problems" role="alert">The data has 1 problem; fix it and build again:\n'
        "data/stories/&lt;x&gt;.yml: file is empty</pre>\n"
    ) in page


# --- the whole bank --------------------------------------------------------------------------------------------------


def test_print_story_writes_out_all_four_parts_with_links_to_its_principles() -> None:
    ctx = make_context()
    fr = ctx.fragments
    _, heading, block = render_print_story(ctx, BANK.stories[0]).split("\n\n")
    assert heading == f"### {fr.label('Question of cache-bug?')} {{ #cache-bug }}"
    assert fr.expand(block) == (
        f"{SHARE_BAR}\n"
        '<p class="star-headline"><strong>Headline of cache-bug: 3x faster</strong></p>\n'
        '<p class="star-facts" data-search-exclude><strong>Primary principle:</strong> <a data-star-home href="../principles/dive-deep/#cache-bug">Dive Deep</a>'
        ' · <strong>Also fits:</strong> <a href="../principles/frugality/#cache-bug">Frugality</a>'
        " · <strong>Tags:</strong> <code>caching</code> · <strong>Speaking time:</strong> about 5 s</p>\n"
        '<div class="admonition star-part">\n<p class="admonition-title">Situation</p>\n<p>The situation.</p>\n</div>\n'
        '<div class="admonition star-part">\n<p class="admonition-title">Task</p>\n<p>The task.</p>\n</div>\n'
        f'<div class="admonition star-part">\n<p class="admonition-title">Action</p>\n{fr.expand(fr.block(ACTION))}\n</div>\n'
        '<div class="admonition star-part">\n<p class="admonition-title">Result</p>\n<p>It worked.</p>\n</div>\n</div>\n'
    )


def test_whole_bank_has_each_listed_principle_in_order_each_story_once_in_full_and_no_gap() -> None:
    bank = dataclasses.replace(
        BANK,
        framework=Framework((*BANK.principles, make_principle("earn-trust", "Earn Trust"))),
        stories=(*BANK.stories, make_story("honest-miss", "earn-trust")),
    )
    ctx = make_context(bank)
    fr = ctx.fragments
    text = render_whole_bank(ctx, src_uri="print/whole-bank.md")
    sections = ["dive-deep", "frugality", "earn-trust"]
    headings = [text.index(f"](../principles/{p}.md) {{ #principle-{p} .star-print-principle }}\n") for p in sections]
    assert headings == sorted(headings) and "#principle-think-big" not in text, "listed principles, in the framework's order"
    assert f"{fr.inline('Dive Deep summary.')}\n" in text and "(1 story)" not in text
    assert text.count(f"### {fr.label('Question of cache-bug?')}") == 1, "a story is written out once, under its primary principle"
    # Covered only by a story that also fits: that story, linked to where it is written out on this page.
    assert (
        "Frugality summary.\n\n<div class=\"star-also-fits\" markdown>\n\n<ul>\n"
        '<li><a href="#cache-bug">Question of cache-bug?</a> — <em>Headline of cache-bug: 3x faster</em></li>\n</ul>\n\n</div>\n'
    ) in fr.expand(text)
    assert "No story" not in text and "without-stories" not in text


def test_the_workbench_whole_bank_counts_and_ends_with_the_principles_without_a_story() -> None:
    ctx = make_context(view=WORKBENCH)
    fr = ctx.fragments
    text = render_whole_bank(ctx, src_uri="print/whole-bank.md")
    assert f"{fr.inline('Dive Deep summary.')} *(1 story)*\n" in text
    assert text.endswith(
        "## No story of their own yet { #principle-without-stories }\n\n"
        f"[{fr.label('Frugality')}](../principles/frugality.md) (no story yet · 1 also fits),"
        f" [{fr.label('Think Big')}](../principles/think-big.md) (no story yet)\n"
    )


# --- the Practice page -----------------------------------------------------------------------------------------------


def test_a_practice_card_holds_the_question_principles_and_estimate_and_names_its_texts_file() -> None:
    ctx = make_context()
    card = render_practice_card(ctx, BANK.stories[0], text=3)
    assert card == (
        '<section class="star-practice__card" id="practice-cache-bug" data-practice-card data-story="cache-bug" '
        'data-principles="dive-deep frugality" data-seconds="4" data-estimate="about 5 s" data-practice-text="3" '
        'aria-labelledby="practice-cache-bug-question">'
        '<p class="star-practice__question" id="practice-cache-bug-question">Question of cache-bug?</p>'
        '<p class="star-practice__meta">Principle: <a href="../principles/dive-deep/#cache-bug">Dive Deep</a>'
        " · Estimated speaking time: about 5 s</p></section>"
    )


def test_a_practice_part_is_its_label_and_text_the_result_with_the_headline() -> None:
    ctx = make_context()
    story = BANK.stories[0]
    assert render_part_text(ctx, story, "situation") == f"<p><strong>Situation</strong></p>{ctx.fragments.safe.block(story.situation)}"
    assert render_part_text(ctx, story, "result") == (
        '<p><strong>Result</strong></p><p>It worked.</p><p class="star-practice__headline"><strong>Headline:</strong>'
        " Headline of cache-bug: 3x faster</p>"
    )


def test_a_practice_result_shows_follow_ups_only_when_they_are_shown() -> None:
    bank = story_bank(follow_ups=("Why *then*?",))
    public, workbench = make_context(bank), make_context(bank, view=WORKBENCH)
    assert "Likely follow-ups" not in render_part_text(public, bank.stories[0], "result")
    result = render_part_text(workbench, bank.stories[0], "result")
    assert result.endswith("<p><strong>Likely follow-ups</strong></p><ul><li>Why <em>then</em>?</li></ul>")


def _texts(page) -> dict[str, dict[str, dict[str, str]]]:
    """Each file of story texts the page carries, by path, parsed."""
    return {path: json.loads(content) for path, content in page.files.items()}


def test_the_story_texts_are_files_beside_the_page_a_principle_each_named_on_the_page() -> None:
    two = dataclasses.replace(BANK, stories=(*BANK.stories, make_story("gpu-cut", "frugality"), make_story("cost-cut", "frugality")))
    ctx = make_context(two)
    page = render_practice_page(ctx)
    texts = _texts(page)
    names = [path.removeprefix("practice/") for path in texts]
    assert all(path.startswith("practice/stories-") and path.endswith(".json") for path in texts)
    assert [name.rsplit("-", 1)[0] for name in names] == ["stories-dive-deep", "stories-frugality"]  # the framework's order
    assert [list(text["stories"]) for text in texts.values()] == [["cache-bug"], ["gpu-cut", "cost-cut"]]
    markup = ctx.fragments.expand(page.markdown)
    assert f'data-practice-texts="{" ".join(names)}"' in markup
    assert 'data-story="gpu-cut" ' in markup and markup.count('data-practice-text="1"') == 2
    story = two.stories[0]
    assert texts[f"practice/{names[0]}"]["stories"]["cache-bug"] == {part: render_part_text(ctx, story, part) for part in ("situation", "task", "action", "result")}


def test_a_principle_with_many_stories_is_split_evenly_and_a_changed_text_changes_the_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(practice_page, "STORIES_PER_FILE", 2)
    many = dataclasses.replace(BANK, stories=tuple(make_story(f"story-{n}", "frugality") for n in range(5)))
    texts = _texts(render_practice_page(make_context(many)))
    assert [list(text["stories"]) for text in texts.values()] == [["story-0", "story-3"], ["story-1", "story-4"], ["story-2"]]
    edited = dataclasses.replace(many, stories=(dataclasses.replace(many.stories[0], result="It worked twice."), *many.stories[1:]))
    again = list(_texts(render_practice_page(make_context(edited))))
    assert again[0] != list(texts)[0] and again[1:] == list(texts)[1:]


def test_the_practice_texts_hold_no_private_story() -> None:
    secret = dataclasses.replace(make_story("secret-deal", "frugality"), private=True)
    bank = dataclasses.replace(BANK, stories=(*BANK.stories, secret))
    public = render_practice_page(make_context(bank.without_private()))
    assert not [path for path, content in public.files.items() if b"secret-deal" in content or "secret-deal" in path]
    workbench = render_practice_page(make_context(bank, view=WORKBENCH))
    assert any(b"secret-deal" in content for content in workbench.files.values())


def test_the_practice_filter_offers_covered_principles_with_their_counts() -> None:
    toolbar = render_toolbar(make_context())
    assert '<option value="">Every principle, in random order</option>' in toolbar
    assert '<option value="dive-deep">Dive Deep (1)</option><option value="frugality">Frugality (1)</option></select>' in toolbar
    assert "think-big" not in toolbar


def test_the_practice_page_holds_one_card_per_story_and_its_script() -> None:
    two = dataclasses.replace(BANK, stories=(*BANK.stories, make_story("gpu-cut", "frugality")))
    ctx = make_context(two)
    page = render_practice_page(ctx)
    assert (page.path, page.title) == (PRACTICE_PATH, "Practice")
    assert page.meta["scripts"] == ["assets/javascripts/practice.js"] and page.meta["search"] == {"exclude": True}
    text = ctx.fragments.expand(page.markdown)
    assert text.count("data-practice-card") == 2 and "data-practice-part" not in text
    assert text.index('data-story="cache-bug"') < text.index('data-story="gpu-cut"')
    assert "**Downloads:** [Anki deck]" in text


def test_the_practice_page_tells_how_to_rehearse_only_in_the_workbench() -> None:
    """Instructions are the candidate's: the published Practice page keeps to its controls and key list."""
    public, workbench = (render_practice_page(make_context(view=view)).markdown for view in (PUBLIC, WORKBENCH))
    assert "answer it aloud" not in public and "answer it aloud" in workbench
    assert "Keys, when no form field has the focus" in public

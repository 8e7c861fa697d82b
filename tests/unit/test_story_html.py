"""A story's finished HTML (views/story_html.py) is, byte for byte, what pymdownx makes of the Markdown it replaces.

The reference is the Markdown the views wrote before (`???+ star`, `===` tabs, `!!! star-part`, the facts line
with attr_list; home's lists and the quick reference's table of links to stories), rendered by Python-Markdown
with mkdocs.yml's own extensions and settings. A pymdown-extensions
or Markdown upgrade that changes their markup fails here: update views/story_html.py to the new markup.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re

import markdown
import pytest
from conftest import ROOT
from mkdocs.config import load_config

from star_bank.model.coverage import describe_row
from star_bank.model.records import Bank, Story
from star_bank.views import labels
from star_bank.views.context import WORKBENCH, ViewContext
from star_bank.views.markdown import html_block, principle_path, relative_url, render_block, story_target, story_url
from star_bank.views.principle_page import (
    FOLLOW_UPS_TITLE,
    follow_ups_html,
    linked_story_line_html,
    render_principle_page,
    render_story,
    story_line_html,
)
from star_bank.views.reference import HOME_PAGE, QUICK_REFERENCE_PAGE, render_quick_reference, render_story_list
from star_bank.views.story_html import SHARE_BAR_HTML, list_html, tab_anchor, tabs_html
from star_bank.views.whole_bank import WHOLE_BANK_PAGE, render_print_story
from unit.factories import PRINCIPLES, SITE, Framework, make_context, make_settings, make_story


DATA_TABS = re.compile(r' data-tabs="\d+:\d+"')


@functools.cache
def _site_markdown() -> tuple[list[object], dict[str, dict[str, object]]]:
    """mkdocs.yml's Markdown extensions and their settings, read by MkDocs itself (the slugify tag included)."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def render_page(ctx: ViewContext, text: str) -> str:
    """Markdown as a page of the site rendered it before: mkdocs.yml's extensions and the build's stand-ins."""
    extensions, configs = _site_markdown()
    md = markdown.Markdown(extensions=[*extensions, ctx.fragments.extension()], extension_configs=configs)
    # What on_page_content did to every page then: the tab labels out of search. And the one difference made on
    # purpose: no `data-tabs`, the mark Material's tab script mounts on (views/story_html.py, `tabs_html`).
    converted = md.convert(text).replace('<div class="tabbed-labels">', '<div class="tabbed-labels" data-search-exclude>')
    return DATA_TABS.sub("", converted)


# --- the Markdown the views wrote before, the reference -------------------------------------------------------------


def markdown_facts(ctx: ViewContext, story: Story, *, on_principle: str | None, from_page: str) -> str:
    """The facts line as Markdown, its links already the addresses MkDocs writes for `.md` links."""
    fr = ctx.fragments
    facts = []
    if story.private:
        facts.append(f"**{labels.PRIVATE}:** never published")
    if story.draft:
        facts.append(f"**{labels.DRAFT}:** {', '.join(story.draft_fields)} still hold `make story`'s text")
    if story.primary != on_principle:
        home = relative_url(story_target(story), from_page=from_page)
        facts.append(f"**{labels.PRIMARY_PRINCIPLE}:** [{fr.label(ctx.bank.principle(story.primary).title)}]({home}){{ data-star-home }}")
    others = [p for p in story.also_fits if p != on_principle]
    if others:
        links = ", ".join(
            f"[{fr.label(ctx.bank.principle(p).title)}]({relative_url(story_target(story, principle_id=p), from_page=from_page)})" for p in others
        )
        facts.append(f"**{labels.ALSO_FITS}:** {links}")
    if story.tags:
        facts.append(f"**{labels.TAGS}:** " + " ".join(fr.token(f"<code>{html.escape(tag)}</code>") for tag in story.tags))
    facts.append(f"**{labels.SPEAKING_TIME}:** {ctx.speaking_time(story)}")
    return " · ".join(facts) + "\n{ .star-facts data-search-exclude }\n"


def markdown_story_block(ctx: ViewContext, story: Story, lines: list[str]) -> str:
    # The "Copy link" bar share.js used to insert after the heading, now the build's: raw HTML, as md_in_html keeps it.
    lines = [lines[0], "", ctx.fragments.token(SHARE_BAR_HTML), "", *lines[1:]]
    if story.follow_ups and ctx.show_follow_ups:
        lines = [*lines, "", render_block(f'??? question "{FOLLOW_UPS_TITLE}"', ctx.fragments.token(follow_ups_html(ctx, story)))]
    return html_block("div", f'class="star-story" data-story="{story.id}"', "\n".join(lines))


def markdown_story(ctx: ViewContext, story: Story, *, on_principle: str, expanded: bool | None = None) -> str:
    """A principle page's story as Markdown: heading, `???+ star` with the facts and four `===` tabs inside."""
    fr = ctx.fragments
    is_primary = story.primary == on_principle
    is_open = is_primary if expanded is None else expanded
    heading = f"### {fr.label(story.question)} {{ #{story.id}{'' if is_primary else ' data-search-exclude'} }}"
    tabs = "\n".join(render_block(f'=== "{label}"', fr.block(story.part(part))) for part, label in labels.STAR_LABELS.items())
    body = markdown_facts(ctx, story, on_principle=on_principle, from_page=principle_path(on_principle)) + "\n" + tabs
    details = render_block(f'{"???+" if is_open else "???"} star "{fr.label(story.headline)}"', body)
    return markdown_story_block(ctx, story, [heading, "", details])


def markdown_print_story(ctx: ViewContext, story: Story) -> str:
    """The Whole bank's story as Markdown: heading, headline, facts, then four `!!! star-part` blocks."""
    fr = ctx.fragments
    parts = [render_block(f'!!! star-part "{label}"', fr.block(story.part(part))) for part, label in labels.STAR_LABELS.items()]
    lines = [
        f"### {fr.label(story.question)} {{ #{story.id} }}\n",
        f"**{fr.label(story.headline)}**\n{{ .star-headline }}\n",
        markdown_facts(ctx, story, on_principle=None, from_page=WHOLE_BANK_PAGE),
        *parts,
    ]
    return markdown_story_block(ctx, story, lines)


def markdown_story_line(ctx: ViewContext, story: Story, url: str, *, anchored: bool = False) -> str:
    """`[question](url){ #id } — *headline*`, the url as MkDocs writes a link to a page's `.md` file."""
    fr = ctx.fragments
    headline = f" — *{fr.label(story.headline)}*" if story.headline else ""
    return f"[{fr.label(story.question)}]({url}){f'{{ #{story.id} }}' if anchored else ''}{headline}"


def markdown_story_list(ctx: ViewContext) -> str:
    """Home's story list: each listed principle's heading, then its stories as a Markdown list."""
    fr = ctx.fragments
    sections = []
    for row in ctx.listed_rows():
        principle = row.principle
        lines = [f"## [{fr.label(principle.title)}]({principle_path(principle.id)}) {{ #principle-{principle.id} data-search-exclude }}\n"]
        lines += [
            f"- {markdown_story_line(ctx, story, story_url(story, from_page=HOME_PAGE, principle_id=principle.id))}"
            for story in ctx.own_stories(row)
        ]
        sections.append("\n".join(lines) + "\n")
    return html_block("div", 'class="star-story-list"', "\n".join(sections))


def markdown_quick_reference(ctx: ViewContext) -> str:
    """The quick reference as a Markdown table: title (and angle), then the stories, `<br>` between them."""
    fr = ctx.fragments
    label = ctx.framework.angle_label
    angle_column = bool(label) and any(row.principle.angle for row in ctx.listed_rows())
    header = [labels.PRINCIPLE, *([fr.label(label)] if angle_column else []), labels.STORIES]
    rows = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for row in ctx.listed_rows():
        principle = row.principle
        cells = [f"[{fr.label(principle.title)}]({relative_url(principle_path(principle.id), from_page=QUICK_REFERENCE_PAGE)})"]
        if angle_column:
            cells.append(fr.inline(principle.angle) if principle.angle else "")
        elif principle.angle:
            cells[0] += f"<br>{fr.inline(principle.angle)}"
        stories = [markdown_story_line(ctx, story, story_url(story, from_page=QUICK_REFERENCE_PAGE)) for story in ctx.own_stories(row)]
        if row.primary:
            stories += [
                f"{markdown_story_line(ctx, story, story_url(story, from_page=QUICK_REFERENCE_PAGE))} ({labels.ALSO_FITS.lower()})"
                for story in row.also_fits
            ]
        cells.append("<br>".join(stories) or (describe_row(row).capitalize() if ctx.workbench else ""))
        rows.append("| " + " | ".join(cells) + " |")
    return html_block("div", 'class="star-quick-reference" data-search-exclude="true"', "\n".join(rows))


# --- the comparisons --------------------------------------------------------------------------------------------------

# Text that makes every kind of block: paragraphs, a list, a link, code, emphasis, characters to escape.
RICH = {
    "situation": "First paragraph with **bold**, `code` & <angle> brackets.\n\nSecond paragraph, [a link](https://example.com).",
    "task": "One line.",
    "action": "- first step\n- second step\n\n1. one\n2. two",
    "result": "> quoted\n\nCut *costs* by 40%.",
}
STORIES = (
    make_story("cache-bug", "dive-deep", "frugality", "think-big", tags=("caching", "a&b"), **RICH),
    make_story("gpu-cut", "frugality", tags=()),
    make_story("log-dig", "dive-deep", "frugality", follow_ups=("What would you do differently?", "Who *disagreed*?")),
    make_story("odd-one", "think-big", "dive-deep", question="Why `this` & <that>?", headline="Cut *p99* by 3x & more"),
)
BANK = Bank(site=SITE, framework=Framework(PRINCIPLES), stories=STORIES)


def contexts() -> list[ViewContext]:
    return [
        make_context(BANK),
        make_context(BANK, settings=make_settings(follow_ups=True)),
        make_context(dataclasses.replace(BANK, stories=(dataclasses.replace(STORIES[0], private=True), *STORIES[1:])), view=WORKBENCH),
    ]


@pytest.mark.parametrize("ctx", contexts(), ids=["public", "follow-ups", "workbench"])
def test_a_principle_pages_stories_are_the_html_pymdownx_makes_of_their_markdown(ctx: ViewContext) -> None:
    for principle in PRINCIPLES:
        row = ctx.coverage.row(principle.id)
        own = ctx.own_stories(row)
        # The page's stories as before: own ones open, also-fits ones collapsed, each a numbered set of tabs.
        reference = [markdown_story(ctx, story, on_principle=principle.id, expanded=True) for story in own]
        finished = [render_story(ctx, story, on_principle=principle.id, expanded=True, tab_set=n) for n, story in enumerate(own, 1)]
        if row.primary:
            reference += [markdown_story(ctx, story, on_principle=principle.id) for story in row.also_fits]
            finished += [render_story(ctx, story, on_principle=principle.id, tab_set=n) for n, story in enumerate(row.also_fits, len(own) + 1)]
        expected = render_page(ctx, "\n".join(reference))

        assert render_page(ctx, "\n".join(finished)) == expected, principle.id
        assert expected.count("<details") >= len(reference) and expected.count('type="radio"') == 4 * len(reference)


def test_the_principle_page_numbers_its_tab_sets_as_pymdownx_does() -> None:
    ctx = make_context(BANK)
    page = render_principle_page(ctx, PRINCIPLES[1])  # Frugality: one story of its own, two that also fit

    built = render_page(ctx, page.markdown)

    assert [built.count(f'name="__tabbed_{n}"') for n in (1, 2, 3, 4)] == [4, 4, 4, 0]
    assert 'id="log-dig-result"' in built


@pytest.mark.parametrize("ctx", contexts(), ids=["public", "follow-ups", "workbench"])
def test_the_whole_banks_stories_are_the_html_admonition_makes_of_their_markdown(ctx: ViewContext) -> None:
    reference = "\n".join(markdown_print_story(ctx, story) for story in ctx.bank.stories)
    finished = "\n".join(render_print_story(ctx, story) for story in ctx.bank.stories)

    assert render_page(ctx, finished) == render_page(ctx, reference)


def test_tab_anchors_are_the_story_id_and_the_labels_slug() -> None:
    assert tab_anchor("cache-bug", "Result") == "cache-bug-result"
    html_text = tabs_html("x", [("Situation", "<p>s</p>"), ("Task", "<p>t</p>")], tab_set=7)
    assert html_text.count('name="__tabbed_7"') == 2 and "data-tabs" not in html_text


def test_a_principle_pages_html_is_the_same_whatever_the_rest_of_the_bank_holds() -> None:
    # Frugality's page, in the bank above and in one with many more stories on the other principles.
    others = tuple(make_story(f"more-{n}", "think-big" if n % 2 else "dive-deep") for n in range(60))
    bigger = dataclasses.replace(BANK, stories=(*STORIES, *others))
    pages = []
    for bank in (BANK, bigger):
        ctx = make_context(bank)
        pages.append(render_page(ctx, render_principle_page(ctx, PRINCIPLES[1]).markdown))

    assert pages[0] == pages[1]


LIST_CONTEXTS = [
    *contexts(),
    make_context(dataclasses.replace(BANK, framework=dataclasses.replace(BANK.framework, angle_label="In *data* work"))),
    make_context(BANK, settings=make_settings(principles_without_stories=True)),
]


@pytest.mark.parametrize("ctx", LIST_CONTEXTS, ids=["public", "follow-ups", "workbench", "angle-column", "every-principle"])
def test_home_and_the_quick_reference_are_the_html_markdown_makes_of_their_lists_and_table(ctx: ViewContext) -> None:
    home = render_page(ctx, render_story_list(ctx, src_uri=HOME_PAGE))
    quick_reference = render_page(ctx, render_quick_reference(ctx, src_uri=QUICK_REFERENCE_PAGE))

    assert home == render_page(ctx, markdown_story_list(ctx))
    assert quick_reference == render_page(ctx, markdown_quick_reference(ctx))
    assert home.count("<li>") == sum(len(ctx.own_stories(row)) for row in ctx.listed_rows()) > 0
    assert quick_reference.count("<tr>") == 1 + len(ctx.listed_rows())


def test_links_to_stories_that_also_fit_are_the_html_markdown_makes_of_their_list() -> None:
    ctx = make_context(BANK)
    here = principle_path("frugality")
    for anchored, target in ((True, lambda story: story_url(story, from_page=here)), (False, lambda story: f"#{story.id}")):
        reference = "\n".join(f"- {markdown_story_line(ctx, story, target(story), anchored=anchored)}" for story in STORIES)
        lines = [
            linked_story_line_html(ctx, story, from_page=here, anchored=True) if anchored else story_line_html(ctx, story, target(story))
            for story in STORIES
        ]
        expected = render_page(ctx, html_block("div", 'class="star-also-fits"', reference))

        assert render_page(ctx, html_block("div", 'class="star-also-fits"', ctx.fragments.token(list_html(lines)))) == expected
        assert expected.count(' id="') == (len(STORIES) if anchored else 0)

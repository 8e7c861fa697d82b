"""One principle's page: its stories first, each a question, a headline bar over the facts and the STAR tabs."""

from __future__ import annotations

import html

from ..model.coverage import describe_row
from ..model.records import Framework, Principle, Story
from ..wording import plural
from . import labels
from .context import GeneratedPage, ViewContext
from .markdown import html_block, principle_path, render_block, story_url
from .story_html import SHARE_BAR_HTML, details_html, list_html, paragraph_html, tabs_html

# A primary story's search boost: typing a principle's name should list its page first.
PRINCIPLE_SEARCH_BOOST = 3
# A principle page opens its own stories when it holds at most this many. Past that, open blocks make a long
# scroll and a heavy page for a phone (every part laid out at load); closed, the page reads as a list of questions
# and headlines, and a link to a story or its tab still opens it (share.js). Such a page also lists the stories
# that also fit it as links to them, as a person writing it by hand would: written out again, they were a quarter
# of its HTML and elements (at 1,000 stories: 390 against 302 KB, 3,608 against 2,803 elements).
OPEN_STORIES_UP_TO = 12
PAGE_DIR = "../"  # from principles/<id>.md back to the docs root, for Markdown links
ALSO_FITS_HEADING = "Also fits this principle"
# The workbench's notes on a principle without a story of its own; never on a public page.
NO_STORY = "No story answers this principle yet."
ONLY_ALSO_FITS = "No story has this as its primary principle yet; the stories below also fit it."


def render_principle_page(ctx: ViewContext, principle: Principle) -> GeneratedPage:
    """The page of one principle: title and summary, its stories, those that also fit it, then its angle.

    Built for every principle, listed or not, so that a link already sent keeps working; a principle with no
    story shows its summary and the way to the stories there are. Only the workbench says what is missing.
    """
    fr = ctx.fragments
    path = principle_path(principle.id, ctx.framework.id)
    row = ctx.coverage.row(principle.id)
    own = ctx.own_stories(row)
    parts = [
        f"# {fr.label(principle.title)} {{ #top }}\n",
        html_block("div", 'class="star-principle-summary"', fr.block(principle.summary)),
        f"## {labels.STORIES} {{ #stories }}\n",
    ]
    if ctx.workbench and not row.primary:
        parts.append(render_no_story(ctx, principle, has_also_fits=bool(row.also_fits)))
    # Each story is one tab set; pymdownx numbers a page's sets from 1, in order, and so do these.
    expanded = len(own) <= OPEN_STORIES_UP_TO
    parts += [render_story(ctx, story, on_principle=principle.id, expanded=expanded, tab_set=number) for number, story in enumerate(own, 1)]
    if not own:
        parts.append(f"[{labels.ALL_STORIES}]({PAGE_DIR}index.md)\n{{ .star-all-stories }}\n")
    if row.primary and row.also_fits:
        parts.append(f"## {ALSO_FITS_HEADING} {{ #also-fits }}\n")
        if expanded:
            parts += [
                render_story(ctx, story, on_principle=principle.id, tab_set=number) for number, story in enumerate(row.also_fits, len(own) + 1)
            ]
        else:
            # Each link has its story's id, the anchor its written-out copy had here: an address copied while this
            # page held 12 stories or fewer still names it, and share.js follows it to the story's own page.
            # Out of search, as the written-out copies are: a search for a question leads to its story's own page.
            links = list_html([linked_story_line_html(ctx, story, from_page=path, anchored=True) for story in row.also_fits])
            parts.append(html_block("div", 'class="star-also-fits" data-search-exclude="true"', fr.token(links)))
    if principle.angle:
        parts.append(render_angle(ctx, principle))
    listed = ctx.is_listed(principle.id)
    meta: dict[str, object] = {
        "description": fr.safe.plain(principle.summary),
        # An unlisted page only keeps old links working: search leads to the stories instead.
        "search": {"boost": PRINCIPLE_SEARCH_BOOST} if listed else {"exclude": True},
    }
    card = describe_row(row).capitalize() if ctx.workbench else plural(len(own), "story", "stories") if own else ""
    if card:  # without one, the card shows the page's description, the summary
        meta["social"] = {"cards_layout_options": {"description": card}}
    return GeneratedPage(path, fr.safe.theme_text(principle.title), "\n".join(parts), meta, in_nav=listed)


def story_line_html(ctx: ViewContext, story: Story, href: str, *, anchored: bool = False) -> str:
    """A story's question linked to `href`, then its headline, as HTML; `anchored`: the link has the story's id.

    What Markdown made of `[question](target){ #id } — *headline*` (tests/unit/test_story_html.py compares).
    """
    safe = ctx.fragments.safe
    anchor = f' id="{story.id}"' if anchored else ""
    headline = f" — <em>{safe.label(story.headline)}</em>" if story.headline else ""
    return f'<a href="{href}"{anchor}>{safe.label(story.question)}</a>{headline}'


def linked_story_line_html(
    ctx: ViewContext, story: Story, *, from_page: str, principle_id: str | None = None, anchored: bool = False
) -> str:
    """`story_line_html` linked, from the page `from_page`, to the story on its primary principle's page (or `principle_id`'s)."""
    href = story_url(story, from_page=from_page, principle_id=principle_id, framework_id=ctx.framework.id)
    return story_line_html(ctx, story, href, anchored=anchored)


def render_angle(ctx: ViewContext, principle: Principle) -> str:
    """The principle's angle, after its stories, under the framework's label (or none)."""
    fr = ctx.fragments
    label = ctx.framework.angle_label
    title = f'"{fr.label(label)}"' if label else '""'  # an empty title: Markdown's admonition shows none
    # Out of search: a short block on the page outscores a story's own words, and Material then folds
    # the story under "1 more on this page". The angle's words find the principle's stories instead.
    return html_block("div", 'class="star-angle" data-search-exclude="true"', render_block(f"!!! tip {title}", fr.inline(principle.angle)))


def render_story(ctx: ViewContext, story: Story, *, on_principle: str, expanded: bool | None = None, tab_set: int = 1) -> str:
    """A story: its question as a heading, then a block whose bar is the headline and whose body is the facts and tabs.

    Open on its primary principle's page, or as `expanded` says; collapsed where it only also fits. Out of search
    anywhere but its primary principle's page in the default framework, so that search leads to its one home. The heading stays
    Markdown (the page's table of contents lists it); the block is finished HTML (views/story_html.py), the
    page's `tab_set`-th set of tabs.
    """
    fr = ctx.fragments
    is_primary = story.primary == on_principle
    is_open = is_primary if expanded is None else expanded
    searchable = is_primary and ctx.framework.is_default
    heading = f"### {fr.label(story.question)} {{ #{story.id}{'' if searchable else ' data-search-exclude'} }}"
    here = principle_path(on_principle, ctx.framework.id)
    body = facts_html(ctx, story, on_principle=on_principle, from_page=here) + "\n" + star_tabs_html(ctx, story, tab_set=tab_set)
    bar = fr.safe.label(story.headline or story.question)  # no headline could be taken from the Result: the question alone
    return render_story_block(ctx, story, heading, details_html("star", bar, body, is_open=is_open))


def render_story_block(ctx: ViewContext, story: Story, heading: str, body_html: str) -> str:
    """A story's heading, its hidden "Copy link" bar, its HTML and its follow-ups when shown: the block share.js and the CSS know.

    The block's opening and closing tags are stand-ins of their own, so the heading between them is the page's
    Markdown and nothing inside the block is parsed again.
    """
    fr = ctx.fragments
    if story.follow_ups and ctx.show_follow_ups:
        body_html += "\n" + follow_ups_details_html(ctx, story)
    opening = fr.token(f'<div class="star-story" data-story="{story.id}">')
    closing = fr.token(f"{SHARE_BAR_HTML}\n{body_html}\n</div>")
    return f"{opening}\n\n{heading}\n\n{closing}\n"


def star_tabs_html(ctx: ViewContext, story: Story, *, tab_set: int) -> str:
    """The four STAR parts as content tabs; their anchors are <story-id>-<part>."""
    safe = ctx.fragments.safe
    return tabs_html(story.id, [(label, safe.block(story.part(part))) for part, label in labels.STAR_LABELS.items()], tab_set=tab_set)


def facts_html(ctx: ViewContext, story: Story, *, on_principle: str | None, from_page: str) -> str:
    """One line of facts: primary principle (elsewhere), other principles, those of other frameworks, tags, speaking time.

    Private and draft marks show in the workbench only.

    Links are addresses relative to `from_page` (a docs path), as MkDocs writes a link to a page's .md file.
    """
    safe = ctx.fragments.safe
    facts = []
    if story.private:
        facts.append(f"<strong>{labels.PRIVATE}:</strong> never published")
    if story.draft:  # only the workbench shows a draft: the public build refuses one
        facts.append(f"<strong>{labels.DRAFT}:</strong> {', '.join(story.draft_fields)} still hold <code>make story</code>'s text")
    if story.primary != on_principle:
        # data-star-home: where share.js sends a "Copy link" made on another page.
        title = safe.label(ctx.bank.principle(story.primary).title)
        home = story_url(story, from_page=from_page, framework_id=ctx.framework.id)
        facts.append(f'<strong>{labels.PRIMARY_PRINCIPLE}:</strong> <a data-star-home href="{home}">{title}</a>')
    others = tuple(p for p in story.also_fits if p != on_principle)
    if others:
        facts.append(f"<strong>{labels.ALSO_FITS}:</strong> {principle_links(ctx, story, ctx.framework, others, from_page=from_page)}")
    for framework, ids in ctx.bank.also_in(story):  # the principles it answers in each other framework the site shows
        facts.append(f"<strong>{safe.label(framework.name)}:</strong> {principle_links(ctx, story, framework, ids, from_page=from_page)}")
    if story.tags:
        facts.append(f"<strong>{labels.TAGS}:</strong> " + " ".join(f"<code>{html.escape(tag)}</code>" for tag in story.tags))
    facts.append(f"<strong>{labels.SPEAKING_TIME}:</strong> {ctx.speaking_time(story)}")
    return paragraph_html(" · ".join(facts), attributes='class="star-facts" data-search-exclude')


def principle_links(ctx: ViewContext, story: Story, framework: Framework, principle_ids: tuple[str, ...], *, from_page: str) -> str:
    """Links to `story` on each of `principle_ids`' pages in `framework`, by the principles' titles, comma-separated."""
    safe = ctx.fragments.safe
    return ", ".join(
        f'<a href="{story_url(story, from_page=from_page, principle_id=p, framework_id=framework.id)}">'
        f"{safe.label(framework.principle(p).title)}</a>"
        for p in principle_ids
    )


FOLLOW_UPS_TITLE = labels.FOLLOW_UPS


def follow_ups_html(ctx: ViewContext, story: Story) -> str:
    """The story's likely follow-up questions as an HTML list: the one rendering every page uses."""
    return "<ul>" + "".join(f"<li>{ctx.fragments.safe.inline(question)}</li>" for question in story.follow_ups) + "</ul>"


def follow_ups_details_html(ctx: ViewContext, story: Story) -> str:
    """The story's likely follow-up questions, as a collapsed block."""
    return details_html("question", html.escape(FOLLOW_UPS_TITLE, quote=False), follow_ups_html(ctx, story), is_open=False)


def render_no_story(ctx: ViewContext, principle: Principle, *, has_also_fits: bool) -> str:
    """The workbench's note that a principle has no story of its own, and how to start one (never published)."""
    line = ONLY_ALSO_FITS if has_also_fits else NO_STORY
    if ctx.framework.is_default:
        how = f"Start one with `make story ID=<story-id> PRINCIPLE={principle.id}`; this hint shows only in `make serve`."
    else:
        how = f"Map a story to it with `frameworks: {{{ctx.framework.id}: [{principle.id}]}}`; this hint shows only in `make serve`."
    return render_block('!!! info "No story yet"', f"{line} {how}")

"""One principle's page: its stories first, each a question, a headline bar over the facts and the STAR tabs."""

from __future__ import annotations

import html

from ..model.coverage import describe_row
from ..model.records import Principle, Story
from ..wording import plural
from . import labels
from .context import GeneratedPage, ViewContext
from .markdown import html_block, principle_path, render_block, story_target

# A primary story's search boost: typing a principle's name should list its page first.
PRINCIPLE_SEARCH_BOOST = 3
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
    row = ctx.coverage.row(principle.id)
    own = ctx.own_stories(row)
    parts = [
        f"# {fr.label(principle.title)} {{ #top }}\n",
        html_block("div", 'class="star-principle-summary"', fr.block(principle.summary)),
        f"## {labels.STORIES} {{ #stories }}\n",
    ]
    if ctx.workbench and not row.primary:
        parts.append(render_no_story(principle, has_also_fits=bool(row.also_fits)))
    parts += [render_story(ctx, story, on_principle=principle.id, expanded=True) for story in own]
    if not own:
        parts.append(f"[{labels.ALL_STORIES}]({PAGE_DIR}index.md)\n{{ .star-all-stories }}\n")
    if row.primary and row.also_fits:
        parts.append(f"## {ALSO_FITS_HEADING} {{ #also-fits }}\n")
        parts += [render_story(ctx, story, on_principle=principle.id) for story in row.also_fits]
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
    return GeneratedPage(principle_path(principle.id), fr.safe.theme_text(principle.title), "\n".join(parts), meta, in_nav=listed)


def render_angle(ctx: ViewContext, principle: Principle) -> str:
    """The principle's angle, after its stories, under the framework's label (or none)."""
    fr = ctx.fragments
    label = ctx.framework.angle_label
    title = f'"{fr.label(label)}"' if label else '""'  # an empty title: Markdown's admonition shows none
    # Out of search: a short block on the page outscores a story's own words, and Material then folds
    # the story under "1 more on this page". The angle's words find the principle's stories instead.
    return html_block("div", 'class="star-angle" data-search-exclude="true"', render_block(f"!!! tip {title}", fr.inline(principle.angle)))


def render_story(ctx: ViewContext, story: Story, *, on_principle: str, expanded: bool | None = None) -> str:
    """A story: its question as a heading, then a block whose bar is the headline and whose body is the facts and tabs.

    Open on its primary principle's page (or where `expanded`); collapsed where it only also fits. Out of search
    anywhere but its primary principle's page, so that search leads to its one home.
    """
    fr = ctx.fragments
    is_primary = story.primary == on_principle
    is_open = is_primary if expanded is None else expanded
    heading = f"### {fr.label(story.question)} {{ #{story.id}{'' if is_primary else ' data-search-exclude'} }}"
    body = render_facts(ctx, story, on_principle=on_principle, page_dir=PAGE_DIR) + "\n" + render_star_tabs(ctx, story)
    details = render_block(f'{"???+" if is_open else "???"} star "{fr.label(story.headline)}"', body)
    return render_story_block(ctx, story, [heading, "", details])


def render_story_block(ctx: ViewContext, story: Story, lines: list[str]) -> str:
    """A story's Markdown, its follow-ups after it when they are shown, in the block share.js and the CSS know."""
    if story.follow_ups and ctx.show_follow_ups:
        lines = [*lines, "", render_follow_ups(ctx, story)]
    return html_block("div", f'class="star-story" data-story="{story.id}"', "\n".join(lines))


def render_star_tabs(ctx: ViewContext, story: Story) -> str:
    """The four STAR parts as content tabs; their anchors become <story-id>-<part>."""
    return "\n".join(render_block(f'=== "{label}"', ctx.fragments.block(story.part(part))) for part, label in labels.STAR_LABELS.items())


def render_facts(ctx: ViewContext, story: Story, *, on_principle: str | None, page_dir: str = "") -> str:
    """One line of facts: primary principle (elsewhere), other principles, tags, speaking time; private in the workbench."""
    fr = ctx.fragments
    facts = []
    if story.private:
        facts.append(f"**{labels.PRIVATE}:** never published")
    if story.draft:  # only the workbench shows a draft: the public build refuses one
        facts.append(f"**{labels.DRAFT}:** {', '.join(story.draft_fields)} still hold `make story`'s text")
    if story.primary != on_principle:
        # data-star-home: where share.js sends a "Copy link" made on another page.
        title = fr.label(ctx.bank.principle(story.primary).title)
        facts.append(f"**{labels.PRIMARY_PRINCIPLE}:** [{title}]({story_target(story, page_dir=page_dir)}){{ data-star-home }}")
    others = [p for p in story.also_fits if p != on_principle]
    if others:
        links = ", ".join(
            f"[{fr.label(ctx.bank.principle(p).title)}]({story_target(story, page_dir=page_dir, principle_id=p)})"
            for p in others
        )
        facts.append(f"**{labels.ALSO_FITS}:** {links}")
    if story.tags:
        facts.append(f"**{labels.TAGS}:** " + " ".join(fr.token(f"<code>{html.escape(tag)}</code>") for tag in story.tags))
    facts.append(f"**{labels.SPEAKING_TIME}:** {ctx.speaking_time(story)}")
    return " · ".join(facts) + "\n{ .star-facts data-search-exclude }\n"


FOLLOW_UPS_TITLE = labels.FOLLOW_UPS


def follow_ups_html(ctx: ViewContext, story: Story) -> str:
    """The story's likely follow-up questions as an HTML list: the one rendering every page uses."""
    return "<ul>" + "".join(f"<li>{ctx.fragments.safe.inline(question)}</li>" for question in story.follow_ups) + "</ul>"


def render_follow_ups(ctx: ViewContext, story: Story) -> str:
    """The story's likely follow-up questions, as a collapsed block."""
    return render_block(f'??? question "{FOLLOW_UPS_TITLE}"', ctx.fragments.token(follow_ups_html(ctx, story)))


def render_no_story(principle: Principle, *, has_also_fits: bool) -> str:
    """The workbench's note that a principle has no story of its own, and how to start one (never published)."""
    line = ONLY_ALSO_FITS if has_also_fits else NO_STORY
    how = f"Start one with `make story ID=<story-id> PRINCIPLE={principle.id}`; this hint shows only in `make serve`."
    return render_block('!!! info "No story yet"', f"{line} {how}")

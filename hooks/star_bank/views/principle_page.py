"""One principle's page: its stories, each a question, a headline bar over the facts and the STAR tabs."""

from __future__ import annotations

import html

from ..model.coverage import describe_row
from ..model.records import STAR_PARTS, Principle, Story
from .context import GeneratedPage, ViewContext
from .markdown import html_block, principle_path, render_block, story_target

# A primary story's search boost: typing a principle's name should list its page first.
PRINCIPLE_SEARCH_BOOST = 3
NO_STORY = "No story answers this principle yet."
PAGE_DIR = "../"  # from principles/<id>.md back to the docs root, for Markdown links
ONLY_ALSO_FITS = "No story has this as its primary principle yet; the stories below also fit it."


def render_principle_page(ctx: ViewContext, principle: Principle) -> GeneratedPage:
    """The page of one principle: summary, AI/ML angle, its own stories, then those that also fit it."""
    fr = ctx.fragments
    row = ctx.coverage.row(principle.id)
    parts = [
        f"# {fr.label(principle.title)} {{ #top }}\n",
        f"{fr.block(principle.summary)}\n",
        # Out of search: a short block beside the title outscores a story's own words, and Material then
        # folds the story under "1 more on this page". The angle's words find the principle's stories instead.
        html_block("div", 'class="star-angle" data-search-exclude="true"', render_block('!!! tip "AI/ML angle"', fr.inline(principle.ai_ml_angle))),
        "## Stories { #stories }\n",
    ]
    parts += [render_story(ctx, story, on_principle=principle.id) for story in row.primary]
    if not row.primary:
        parts.append(render_no_story(ctx, principle, has_also_fits=bool(row.also_fits)))
    if row.also_fits:
        parts.append("## Also fits this principle { #also-fits }\n")
        parts.append("Stories whose primary principle is another, that also show this one.\n")
        parts += [render_story(ctx, story, on_principle=principle.id) for story in row.also_fits]
    meta = {
        "description": fr.safe.plain(principle.summary),
        "search": {"boost": PRINCIPLE_SEARCH_BOOST},
        "social": {"cards_layout_options": {"description": describe_row(row).capitalize()}},
    }
    return GeneratedPage(principle_path(principle.id), fr.safe.theme_text(principle.title), "\n".join(parts), meta)


def render_story(ctx: ViewContext, story: Story, *, on_principle: str) -> str:
    """A story: its question as a heading, then a block whose bar is the headline and whose body is the facts and tabs.

    Open on its primary principle's page; collapsed, and left out of search, where it only also fits.
    """
    fr = ctx.fragments
    is_primary = story.primary == on_principle
    heading = f"### {fr.label(story.question)} {{ #{story.id}{'' if is_primary else ' data-search-exclude'} }}"
    body = render_facts(ctx, story, on_principle=on_principle, page_dir=PAGE_DIR) + "\n" + render_star_tabs(ctx, story)
    details = render_block(f'{"???+" if is_primary else "???"} star "{fr.label(story.headline)}"', body)
    return render_story_block(ctx, story, [heading, "", details])


def render_story_block(ctx: ViewContext, story: Story, lines: list[str]) -> str:
    """A story's Markdown, its follow-ups after it when they are shown, in the block share.js and the CSS know."""
    if story.follow_ups and ctx.show_follow_ups:
        lines = [*lines, "", render_follow_ups(ctx, story)]
    return html_block("div", f'class="star-story" data-story="{story.id}"', "\n".join(lines))


def render_star_tabs(ctx: ViewContext, story: Story) -> str:
    """The four STAR parts as content tabs; their anchors become <story-id>-<part>."""
    return "\n".join(render_block(f'=== "{part.capitalize()}"', ctx.fragments.block(story.part(part))) for part in STAR_PARTS)


def render_facts(ctx: ViewContext, story: Story, *, on_principle: str | None, page_dir: str = "") -> str:
    """One line of facts: primary principle (elsewhere), other principles, tags, speaking time; private in the workbench."""
    fr = ctx.fragments
    facts = []
    if story.private:
        facts.append("**Private:** never published")
    if story.primary != on_principle:
        # data-star-home: where share.js sends a "Copy link" made on another page.
        title = fr.label(ctx.bank.principle(story.primary).title)
        facts.append(f"**Primary principle:** [{title}]({story_target(story, page_dir=page_dir)}){{ data-star-home }}")
    others = [p for p in story.also_fits if p != on_principle]
    if others:
        links = ", ".join(
            f"[{fr.label(ctx.bank.principle(p).title)}]({story_target(story, page_dir=page_dir, principle_id=p)})"
            for p in others
        )
        facts.append(f"**Also fits:** {links}")
    if story.tags:
        facts.append("**Tags:** " + " ".join(fr.token(f"<code>{html.escape(tag)}</code>") for tag in story.tags))
    facts.append(f"**Speaking time:** {ctx.speaking_time(story)}")
    return " · ".join(facts) + "\n{ .star-facts data-search-exclude }\n"


FOLLOW_UPS_TITLE = "Likely follow-ups"


def follow_ups_html(ctx: ViewContext, story: Story) -> str:
    """The story's likely follow-up questions as an HTML list: the one rendering every page uses."""
    return "<ul>" + "".join(f"<li>{ctx.fragments.safe.inline(question)}</li>" for question in story.follow_ups) + "</ul>"


def render_follow_ups(ctx: ViewContext, story: Story) -> str:
    """The story's likely follow-up questions, as a collapsed block."""
    return render_block(f'??? question "{FOLLOW_UPS_TITLE}"', ctx.fragments.token(follow_ups_html(ctx, story)))


def render_no_story(ctx: ViewContext, principle: Principle, *, has_also_fits: bool) -> str:
    """One neutral line; the workbench adds how to start a story (never published)."""
    line = ONLY_ALSO_FITS if has_also_fits else NO_STORY
    if not ctx.workbench:
        return f"{line}\n{{ .star-no-story }}\n"
    how = f"Start one with `make story ID=<story-id> PRINCIPLE={principle.id}`; this hint shows only in `make serve`."
    return render_block('!!! info "No story yet"', f"{line} {how}")

"""The bank-wide blocks of hand-written pages (home, quick reference), asked for by placeholders."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from ..model.coverage import describe_coverage, describe_row
from ..model.records import Link, Story
from ..wording import plural
from .context import ViewContext
from .markdown import principle_path, story_target
from .whole_bank import render_whole_bank

# Hand-written pages ask for a generated block with an HTML comment, e.g. <!-- star:quick-reference -->.
PLACEHOLDER = re.compile(r"<!--\s*star:(?P<name>[a-z0-9-]+)\s*-->")
DOWNLOADS_DIR = "downloads"
ANKI_FILE = f"{DOWNLOADS_DIR}/star-stories.apkg"
CSV_FILE = f"{DOWNLOADS_DIR}/star-stories.csv"


def render_home_header(ctx: ViewContext) -> str:
    """The site's title, its owner and headline, the intro and the owner's links."""
    fr, site = ctx.fragments, ctx.bank.site
    lines = [f"# {fr.label(site.title)} {{ #top }}\n"]
    byline = " · ".join(fr.label(text) for text in (site.owner, site.headline) if text)
    if byline:
        lines.append(f"{byline}\n{{ .star-byline }}\n")
    lines.append(f"{fr.block(site.intro)}\n")
    if site.links:
        lines.append(render_links(ctx) + "\n{ .star-links }\n")
    return "\n".join(lines)


def render_links(ctx: ViewContext) -> str:
    """The owner's links on one line, for the home page's Markdown."""
    return " · ".join(ctx.fragments.token(link_html(ctx, link)) for link in ctx.bank.site.links)


def link_html(ctx: ViewContext, link: Link) -> str:
    """One of the owner's links as HTML: its address checked by the schema, escaped; its label allow-listed."""
    return f'<a href="{html.escape(link.url)}">{ctx.fragments.safe.label(link.label)}</a>'


def render_credits(ctx: ViewContext) -> str:
    """A Credits section, or nothing at all when data/site.yml has no credits."""
    credits = ctx.bank.site.credits
    return f"## Credits {{ #credits }}\n\n{ctx.fragments.block(credits)}\n" if credits else ""


def render_footer(ctx: ViewContext) -> str:
    """The footer's line as safe HTML: owner, links and credits from data/site.yml."""
    fr, site = ctx.fragments.safe, ctx.bank.site
    pieces = [html.escape(fr.plain(site.owner))] if site.owner else []
    pieces += [link_html(ctx, link) for link in site.links]
    if site.credits:
        pieces.append(fr.inline(site.credits))
    return " · ".join(pieces)


def render_bank_stats(ctx: ViewContext) -> str:
    """The bank's counts, worded as everywhere else."""
    stories = plural(len(ctx.bank.stories), "story", "stories")
    return f"**{stories}** · {describe_coverage(ctx.coverage)}\n"


def render_principle_list(ctx: ViewContext, *, page_dir: str = "") -> str:
    """Every listed principle in order, linked, with its stories in words."""
    fr = ctx.fragments
    return "\n".join(
        f"{number}. [{fr.label(row.principle.title)}]({page_dir}{principle_path(row.principle.id)}) — {describe_row(row)}"
        for number, row in enumerate(ctx.listed_rows(), start=1)
    ) + "\n"


def render_quick_reference(ctx: ViewContext, *, page_dir: str = "") -> str:
    """A table of the listed principles: linked title, AI/ML angle, each story's question and headline."""
    fr = ctx.fragments
    rows = ["| Principle | AI/ML angle | Stories |", "| --- | --- | --- |"]
    for row in ctx.listed_rows():
        stories = [_story_line(ctx, story, page_dir) for story in row.primary]
        stories += [_story_line(ctx, story, page_dir) + " (also fits)" for story in row.also_fits]
        rows.append(
            f"| [{fr.label(row.principle.title)}]({page_dir}{principle_path(row.principle.id)}) "
            f"| {fr.inline(row.principle.ai_ml_angle)} | {'<br>'.join(stories) or describe_row(row).capitalize()} |"
        )
    # Search leaves the table to the principle pages: one flattened block of it reads as noise.
    return '<div class="star-quick-reference" data-search-exclude="true" markdown>\n\n' + "\n".join(rows) + "\n\n</div>\n"


def render_downloads(ctx: ViewContext, *, page_dir: str = "") -> str:
    """Links to the bank as an Anki deck and a CSV file, made with the site."""
    count = plural(len(ctx.bank.stories), "story", "stories")
    return (
        f"Take the bank with you ({count}): [Anki deck]({page_dir}{ANKI_FILE}) · "
        f"[CSV for spreadsheets and other flashcard apps]({page_dir}{CSV_FILE})\n{{ .star-downloads }}\n"
    )


def fill_placeholders(markdown: str, ctx: ViewContext, *, page_dir: str) -> tuple[str, list[str]]:
    """Replace every known placeholder; return the new Markdown and the names of unknown ones."""
    renderers: dict[str, Callable[[], str]] = {
        "home-header": lambda: render_home_header(ctx),
        "credits": lambda: render_credits(ctx),
        "bank-stats": lambda: render_bank_stats(ctx),
        "principle-list": lambda: render_principle_list(ctx, page_dir=page_dir),
        "quick-reference": lambda: render_quick_reference(ctx, page_dir=page_dir),
        "downloads": lambda: render_downloads(ctx, page_dir=page_dir),
        "whole-bank": lambda: render_whole_bank(ctx, page_dir=page_dir),
    }
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name in renderers:
            return renderers[name]()
        unknown.append(name)
        return match.group()

    return PLACEHOLDER.sub(replace, markdown), unknown


def _story_line(ctx: ViewContext, story: Story, page_dir: str) -> str:
    fr = ctx.fragments
    return f"[{fr.label(story.question)}]({story_target(story, page_dir=page_dir)}) — *{fr.label(story.headline)}*"

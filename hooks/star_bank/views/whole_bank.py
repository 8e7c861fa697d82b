"""The whole bank on one page, for printing or saving as PDF: every listed principle, every story in full."""

from __future__ import annotations

from ..model.coverage import CoverageRow, describe_row
from ..model.records import Story
from . import labels
from .context import ViewContext
from .markdown import docs_root, html_block, principle_path
from .principle_page import facts_html, render_story_block, story_line_html
from .story_html import admonition_html, list_html, paragraph_html

WHOLE_BANK_PAGE = "whole-bank.md"
# Principle sections get a prefix so their anchors cannot clash with a story's id (ids may not start so).
PRINCIPLE_ANCHOR_PREFIX = "principle-"


def render_whole_bank(ctx: ViewContext, *, src_uri: str = WHOLE_BANK_PAGE) -> str:
    """Each listed principle in the framework's order with its stories, each story in full once, under its primary principle.

    The workbench lists as today: the principles with a story of their own, then the rest on one line at the end.
    Links are written from the page at `src_uri`.
    """
    page_dir = docs_root(src_uri)
    rows = [row for row in ctx.coverage.rows if row.primary] if ctx.workbench else ctx.listed_rows()
    sections = [_render_principle_section(ctx, row, page_dir=page_dir, src_uri=src_uri) for row in rows]
    without = [row for row in ctx.listed_rows() if not row.primary] if ctx.workbench else []
    if without:
        names = ", ".join(
            f"[{ctx.fragments.label(row.principle.title)}]({page_dir}{principle_path(row.principle.id)})"
            f" ({describe_row(row)})"
            for row in without
        )
        sections.append(f"## No story of their own yet {{ #{PRINCIPLE_ANCHOR_PREFIX}without-stories }}\n\n{names}\n")
    return "\n".join(sections)


def render_print_story(ctx: ViewContext, story: Story, *, src_uri: str = WHOLE_BANK_PAGE) -> str:
    """A story as its question, headline and facts, then its four parts one after another (paper has no tabs).

    The heading is Markdown; the rest is the finished HTML the principle pages' blocks are made of.
    """
    fr = ctx.fragments
    parts = [admonition_html("star-part", label, fr.safe.block(story.part(part))) for part, label in labels.STAR_LABELS.items()]
    headline = [paragraph_html(f"<strong>{fr.safe.label(story.headline)}</strong>", attributes='class="star-headline"')] if story.headline else []
    body = [
        *headline,
        facts_html(ctx, story, on_principle=None, from_page=src_uri),
        *parts,
    ]
    return render_story_block(ctx, story, f"### {fr.label(story.question)} {{ #{story.id} }}", "\n".join(body))


def _render_principle_section(ctx: ViewContext, row: CoverageRow, *, page_dir: str, src_uri: str) -> str:
    fr = ctx.fragments
    principle = row.principle
    counts = f" *({describe_row(row)})*" if ctx.workbench else ""
    lines = [
        f"## [{fr.label(principle.title)}]({page_dir}{principle_path(principle.id)})"
        f" {{ #{PRINCIPLE_ANCHOR_PREFIX}{principle.id} .star-print-principle }}\n",
        f"{fr.inline(principle.summary)}{counts}\n",
    ]
    lines += [render_print_story(ctx, story, src_uri=src_uri) for story in row.primary]
    if not row.primary and row.also_fits:
        # Written out under their primary principles: here, each story that also fits, linked to it on this page.
        links = list_html([story_line_html(ctx, story, f"#{story.id}") for story in row.also_fits])
        lines.append(html_block("div", 'class="star-also-fits"', fr.token(links)))
    return "\n".join(lines)

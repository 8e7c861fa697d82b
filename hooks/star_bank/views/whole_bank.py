"""The whole bank on one page, for printing or saving as PDF: every principle with a story, every story in full."""

from __future__ import annotations

from ..model.coverage import CoverageRow, describe_row
from ..model.records import STAR_PARTS, Story
from .context import ViewContext
from .markdown import principle_path, render_block
from .principle_page import render_facts, render_story_block

# Principle sections get a prefix so their anchors cannot clash with a story's id (ids may not start so).
PRINCIPLE_ANCHOR_PREFIX = "principle-"


def render_whole_bank(ctx: ViewContext, *, page_dir: str = "") -> str:
    """Each principle with stories of its own, in Amazon's order, its stories in full; the rest on one line at the end."""
    sections = [_render_principle_section(ctx, row, page_dir=page_dir) for row in ctx.coverage.rows if row.primary]
    without = [row for row in ctx.listed_rows() if not row.primary]
    if without:
        names = ", ".join(
            f"[{ctx.fragments.label(row.principle.title)}]({page_dir}{principle_path(row.principle.id)})"
            f" ({describe_row(row)})"
            for row in without
        )
        sections.append(f"## No story of their own yet {{ #{PRINCIPLE_ANCHOR_PREFIX}without-stories }}\n\n{names}\n")
    return "\n".join(sections)


def render_print_story(ctx: ViewContext, story: Story, *, page_dir: str = "") -> str:
    """A story as its question, headline and facts, then its four parts one after another (paper has no tabs)."""
    fr = ctx.fragments
    parts = [render_block(f'!!! star-part "{part.capitalize()}"', fr.block(story.part(part))) for part in STAR_PARTS]
    lines = [
        f"### {fr.label(story.question)} {{ #{story.id} }}\n",
        f"**{fr.label(story.headline)}**\n{{ .star-headline }}\n",
        render_facts(ctx, story, on_principle=None, page_dir=page_dir),
        *parts,
    ]
    return render_story_block(ctx, story, lines)


def _render_principle_section(ctx: ViewContext, row: CoverageRow, *, page_dir: str) -> str:
    fr = ctx.fragments
    principle = row.principle
    lines = [
        f"## [{fr.label(principle.title)}]({page_dir}{principle_path(principle.id)})"
        f" {{ #{PRINCIPLE_ANCHOR_PREFIX}{principle.id} .star-print-principle }}\n",
        f"{fr.inline(principle.summary)} *({describe_row(row)})*\n",
    ]
    lines += [render_print_story(ctx, story, page_dir=page_dir) for story in row.primary]
    return "\n".join(lines)

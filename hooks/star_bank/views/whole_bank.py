"""The whole bank on one page, for printing or saving as PDF: every principle, every story, all four parts."""

from __future__ import annotations

from star_data import STAR_PARTS, Bank, Principle, Story
from star_pages import principle_path, render_block, render_story_count
from star_safe_html import escape_raw_html, inline_markdown

# Principle sections get a prefix so their anchors cannot clash with a story's id.
PRINCIPLE_ANCHOR_PREFIX = "principle-"


def render_whole_bank(bank: Bank, *, page_dir: str = "") -> str:
    """Every principle in Amazon's order, each followed by its own stories written out in full."""
    return "\n".join(_render_principle_section(principle, bank, page_dir=page_dir) for principle in bank.principles)


def render_print_story(story: Story, bank: Bank, *, page_dir: str = "") -> str:
    """A story as a heading (the question), a line linking its principles, and its four parts one after another.

    The parts are plain blocks, not tabs, so that the whole answer is on paper.
    """
    primary = bank.principle(story.primary)
    facts = [f"**Primary principle:** [{inline_markdown(primary.title)}]({page_dir}{principle_path(story.primary)}#{story.id})"]
    if story.also_fits:
        links = ", ".join(
            f"[{inline_markdown(bank.principle(p).title)}]({page_dir}{principle_path(p)}#{story.id})" for p in story.also_fits
        )
        facts.append(f"**Also fits:** {links}")
    parts = [render_block(f'!!! star "{part.capitalize()}"', escape_raw_html(story.part(part))) for part in STAR_PARTS]
    return "\n".join([f"### {inline_markdown(story.question)} {{ #{story.id} }}\n", " · ".join(facts) + "\n", *parts])


def _render_principle_section(principle: Principle, bank: Bank, *, page_dir: str) -> str:
    stories = bank.primary_stories(principle.id)
    count = render_story_count(len(stories), len(bank.also_fits_stories(principle.id)))
    lines = [
        f"## [{inline_markdown(principle.title)}]({page_dir}{principle_path(principle.id)})"
        f" {{ #{PRINCIPLE_ANCHOR_PREFIX}{principle.id} .star-print-principle }}\n",
        f"{inline_markdown(principle.summary)} *({count})*\n",
    ]
    lines += [render_print_story(story, bank, page_dir=page_dir) for story in stories]
    return "\n".join(lines)

"""The bank-wide views for hand-written pages: quick-reference table, counts, principle list."""

from __future__ import annotations

import re
from collections.abc import Callable

import star_print
from star_data import Bank, Story
from star_pages import principle_path, render_story_count
from star_safe_html import table_cell

# Hand-written pages ask for a generated block with an HTML comment, e.g. <!-- star:quick-reference -->.
PLACEHOLDER = re.compile(r"<!--\s*star:(?P<name>[a-z0-9-]+)\s*-->")


def render_quick_reference(bank: Bank, *, page_dir: str = "") -> str:
    """A table of every principle: linked title, AI/ML angle, links to its stories."""
    rows = ["| Principle | AI/ML angle | Stories |", "| --- | --- | --- |"]
    for principle in bank.principles:
        path = page_dir + principle_path(principle.id)
        stories = [_story_link(story, page_dir) for story in bank.primary_stories(principle.id)]
        stories += [_story_link(story, page_dir) + " (also fits)" for story in bank.also_fits_stories(principle.id)]
        rows.append(
            f"| [{table_cell(principle.title)}]({path}) | {table_cell(principle.ai_ml_angle)} | {'<br>'.join(stories) or 'No story yet'} |"
        )
    return "\n".join(rows) + "\n"


def render_bank_stats(bank: Bank) -> str:
    """The bank's counts, computed from the data."""
    covered = len(bank.covered_principles())
    total = len(bank.principles)
    stories = len(bank.stories)
    return (
        f"**{stories}** {'story' if stories == 1 else 'stories'} · "
        f"**{covered} of {total}** principles have a story of their own\n"
    )


def render_principle_list(bank: Bank, *, page_dir: str = "") -> str:
    """Every principle in order, linked, with its story count."""
    lines = []
    for number, principle in enumerate(bank.principles, start=1):
        label = render_story_count(len(bank.primary_stories(principle.id)), len(bank.also_fits_stories(principle.id)))
        lines.append(f"{number}. [{table_cell(principle.title)}]({page_dir}{principle_path(principle.id)}) — {label}")
    return "\n".join(lines) + "\n"


def fill_placeholders(markdown: str, bank: Bank, *, page_dir: str) -> tuple[str, list[str]]:
    """Replace every known placeholder; return the new Markdown and the names of unknown ones."""
    renderers: dict[str, Callable[[], str]] = {
        "quick-reference": lambda: render_quick_reference(bank, page_dir=page_dir),
        "bank-stats": lambda: render_bank_stats(bank),
        "principle-list": lambda: render_principle_list(bank, page_dir=page_dir),
        "whole-bank": lambda: star_print.render_whole_bank(bank, page_dir=page_dir),
    }
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name in renderers:
            return renderers[name]()
        unknown.append(name)
        return match.group()

    return PLACEHOLDER.sub(replace, markdown), unknown


def _story_link(story: Story, page_dir: str) -> str:
    return f"[{table_cell(story.question)}]({page_dir}{principle_path(story.primary)}#{story.id})"

"""Render one principle page, with its stories as STAR tabs inside collapsible blocks, to Markdown."""

from __future__ import annotations

import json
from collections.abc import Mapping

from star_coach import format_speaking_time
from star_data import STAR_PARTS, Bank, Principle, Story
from star_safe_html import escape_raw_html, inline_markdown

PRINCIPLES_DIR = "principles"
INDENT = "    "  # pymdownx nests blocks by exactly four spaces per level
# A primary story's search boost: typing a principle's name should list its page first.
PRINCIPLE_SEARCH_BOOST = 3
ADD_STORY_EXAMPLE = """\
# yaml-language-server: $schema=../schemas/story.schema.json
id: my-{principle_id}-story
principles:
  - {principle_id}
question: Tell me about a time you ...
situation: ...
task: ...
action: ...
result: ...
tags:
  - my-tag"""


def principle_path(principle_id: str) -> str:
    """The docs-relative path of a principle's generated page."""
    return f"{PRINCIPLES_DIR}/{principle_id}.md"


def indent(text: str, levels: int = 1) -> str:
    """Indent every non-blank line by four spaces per level; blank lines stay empty."""
    prefix = INDENT * levels
    return "\n".join(prefix + line if line.strip() else "" for line in text.splitlines())


def render_block(opener: str, body: str) -> str:
    """An opener line (details, admonition or tab) followed by its indented body."""
    return f"{opener}\n\n{indent(body)}\n"


def render_star_tabs(story: Story) -> str:
    """The four STAR parts as content tabs; their anchors become <story-id>-<part>."""
    return "\n".join(
        render_block(f'=== "{part.capitalize()}"', escape_raw_html(story.part(part))) for part in STAR_PARTS
    )


def render_front_matter(principle: Principle, *, story_count: str = "") -> str:
    """Page metadata: the summary as the page's description, the search boost, the social card's text."""
    description = json.dumps(" ".join(principle.summary.split()))  # JSON strings are valid YAML scalars
    card = f"social:\n  cards_layout_options:\n    description: {json.dumps(story_count, ensure_ascii=False)}\n" if story_count else ""
    return f"---\ndescription: {description}\nsearch:\n  boost: {PRINCIPLE_SEARCH_BOOST}\n{card}---\n"


def render_story_count(primary: int, also_fits: int) -> str:
    """A principle's story count in words, e.g. '2 stories · 1 more also fits'."""
    count = f"{primary} {'story' if primary == 1 else 'stories'}" if primary else "No story yet"
    if also_fits:
        count += f" · {also_fits} more also {'fits' if also_fits == 1 else 'fit'}"
    return count


def render_story(story: Story, bank: Bank, *, on_principle: str, speaking_seconds: float | None = None) -> str:
    """A story as a heading (the question) and a collapsible block of STAR tabs.

    Open on its primary principle's page; collapsed, and left out of search, where it only also fits.
    """
    is_primary = story.primary == on_principle
    heading_attributes = f"#{story.id}" if is_primary else f"#{story.id} data-search-exclude"
    facts = _story_facts(story, bank, on_principle, speaking_seconds=speaking_seconds)
    lines = [f"### {inline_markdown(story.question)} {{ {heading_attributes} }}", "", facts]
    details = "???+" if is_primary else "???"
    lines += ["", render_block(f'{details} star "STAR answer"', render_star_tabs(story))]
    if story.follow_ups:
        lines += ["", render_follow_ups(story)]
    return "\n".join(lines)


def render_principle_page(principle: Principle, bank: Bank, *, speaking_seconds: Mapping[str, float] | None = None) -> str:
    """The whole Markdown page of one principle; `speaking_seconds` maps story ids to the coach's estimate."""
    seconds = speaking_seconds or {}
    primary = bank.primary_stories(principle.id)
    also_fits = bank.also_fits_stories(principle.id)
    parts = [
        render_front_matter(principle, story_count=render_story_count(len(primary), len(also_fits))),
        f"# {inline_markdown(principle.title)} {{ #top }}\n",
        f"{inline_markdown(principle.summary)}\n",
        render_block('!!! tip "AI/ML angle"', inline_markdown(principle.ai_ml_angle)),
        "## Stories { #stories }\n",
    ]
    if primary:
        parts += [render_story(s, bank, on_principle=principle.id, speaking_seconds=seconds.get(s.id)) for s in primary]
    else:
        parts.append(_render_no_story(principle, has_also_fits=bool(also_fits)))
    if also_fits:
        parts.append("## Also fits this principle { #also-fits }\n")
        parts.append("Stories whose primary principle is another, that also show this one.\n")
        parts += [render_story(s, bank, on_principle=principle.id, speaking_seconds=seconds.get(s.id)) for s in also_fits]
    return "\n".join(parts)


def render_follow_ups(story: Story) -> str:
    """The story's likely follow-up questions, as a collapsed block."""
    questions = "\n".join(f"- {inline_markdown(question)}" for question in story.follow_ups)
    return render_block('??? question "Likely follow-ups"', questions)


def _story_facts(story: Story, bank: Bank, on_principle: str, *, speaking_seconds: float | None) -> str:
    """One line under the heading: primary principle, other principles, tags, speaking time."""
    facts = []
    if story.primary != on_principle:
        primary = bank.principle(story.primary)
        facts.append(f"**Primary principle:** [{inline_markdown(primary.title)}]({story.primary}.md#{story.id})")
    others = [p for p in story.principles[1:] if p != on_principle]
    if others:
        links = ", ".join(f"[{inline_markdown(bank.principle(p).title)}]({p}.md#{story.id})" for p in others)
        facts.append(f"**Also fits:** {links}")
    if story.tags:
        facts.append("**Tags:** " + " ".join(f"`{tag}`" for tag in story.tags))
    if speaking_seconds is not None:  # the only coach figure on the public pages; the rest is on the Coach page
        facts.append(f"**Speaking time:** {format_speaking_time(speaking_seconds)}")
    return " · ".join(facts) + "\n"


def _render_no_story(principle: Principle, *, has_also_fits: bool) -> str:
    intro = (
        "No story has this as its primary principle yet; the stories below also fit it."
        if has_also_fits
        else "No story answers this principle yet."
    )
    example = ADD_STORY_EXAMPLE.format(principle_id=principle.id)
    body = (
        f"{intro} To add one, create `data/stories/my-{principle.id}-story.yml`"
        f" (the file name is the story's id):\n\n```yaml\n{example}\n```"
    )
    return render_block('!!! info "No story yet"', body)

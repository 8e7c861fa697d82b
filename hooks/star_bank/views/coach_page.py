"""Render the Coach page: the bank's summary, one row of figures and hints per story, the coverage matrix."""

from __future__ import annotations

import dataclasses

from star_coach import (
    CoachSettings,
    Coverage,
    StoryAnalysis,
    count_hints,
    coverage_status,
    format_duration,
    format_speaking_time,
)
from star_data import Story
from star_pages import principle_path
from star_safe_html import table_cell

COACH_PATH = "coach.md"
FRONT_MATTER = """\
---
title: Coach
description: How each STAR story reads aloud, where the bank is thin, and what to fix first.
search:
  exclude: true
hide:
  - toc
---
"""
# What each setting means, for the page's table of the thresholds in effect.
SETTING_MEANINGS = {
    "words_per_minute": "Speaking rate behind every time on the site.",
    "min_seconds": "A story that takes less, in seconds, gets a hint.",
    "max_seconds": "A story that takes more, in seconds, gets a hint.",
    "min_action_share": "The Action's smallest share of a story's words.",
    "min_first_person_share": "The Action's smallest share of “I” against “I” + “we”.",
    "stories_per_principle": "Stories wanted per principle, in the coverage matrix.",
    "coach_page": "Whether this page is built.",
    "practice_page": "Whether the Practice page is built.",
    "strict_hints": "Whether any hint fails the build.",
}


def render_coach_page(analyses: tuple[StoryAnalysis, ...], coverage: Coverage, settings: CoachSettings) -> str:
    """The whole Markdown of the Coach page."""
    return "\n".join(
        [
            FRONT_MATTER,
            "# Coach { #top }\n",
            "How each story reads aloud and where the bank is thin, worked out from `data/stories/` at every build, "
            f"at {settings.words_per_minute} words per minute. The principle pages show only each story's speaking "
            "time; everything else is here. `make coach` prints the same in a terminal.\n",
            "## Summary { #summary }\n",
            render_summary(analyses, coverage),
            "## Stories { #stories }\n",
            _wrap("star-coach-stories", render_story_table(analyses)),
            "## Coverage matrix { #coverage }\n",
            _wrap("star-coverage", render_matrix(coverage)),
            "## Thresholds { #thresholds }\n",
            "Set them in `mkdocs.yml`, under `extra:` → `star_coach:`.\n",
            render_settings_table(settings),
        ]
    )


def render_summary(analyses: tuple[StoryAnalysis, ...], coverage: Coverage) -> str:
    """The bank in four lines: stories and time, principles covered, progress to the target, hints."""
    total_seconds = sum(analysis.seconds for analysis in analyses)
    hints = count_hints(analyses)
    principles = len(coverage.rows)
    stories = len(analyses)
    return (
        f"- **{stories}** {'story' if stories == 1 else 'stories'}; saying them all takes "
        f"**{format_speaking_time(total_seconds)}**.\n"
        f"- **{coverage.covered} of {principles}** principles covered: **{coverage.with_primary}** as a story's "
        f"primary principle, {coverage.covered - coverage.with_primary} more through “also fits”.\n"
        f"- **{coverage.progress} of {coverage.progress_goal}** towards {coverage.target} stories for every principle.\n"
        f"- **{hints}** {'hint' if hints == 1 else 'hints'} to work on.\n"
    )


def render_story_table(analyses: tuple[StoryAnalysis, ...]) -> str:
    """One row per story: words and share per part, speaking time, the Result's figures, I/we, hints."""
    rows = [
        "| Story | Words: S / T / A / R | Speaking time | Share: S / T / **A** / R | Result's figures | “I” / “we” in Action | Hints |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for analysis in analyses:
        words = " / ".join(str(count) for count in analysis.words.values())
        # The Action is the part with a threshold, so it stands out.
        shares = " / ".join(
            f"**{analysis.share(part):.0%}**" if part == "action" else f"{analysis.share(part):.0%}" for part in analysis.words
        )
        figures = ", ".join(analysis.result_quantities) if analysis.quantified else "**none**"
        hints = "<br>".join(table_cell(hint) for hint in analysis.hints) or "None"
        rows.append(
            f"| {_story_link(analysis.story)} | {words} = {analysis.total_words} | {format_speaking_time(analysis.seconds)} "
            f"| {shares} | {figures} | {analysis.first_person} / {analysis.collective} | {hints} |"
        )
    return "\n".join(rows) + "\n"


def render_matrix(coverage: Coverage) -> str:
    """Principles as rows, stories as numbered columns: ● primary, ○ also fits; then the numbered stories."""
    numbers = range(1, len(coverage.stories) + 1)
    header = " | ".join(
        f"[{number}]({principle_path(story.primary)}#{story.id})" for number, story in zip(numbers, coverage.stories)
    )
    rows = [
        f"| Principle | {header} | Stories | Towards {coverage.target} |",
        "| --- | " + " | ".join(":-:" for _ in numbers) + " | --- | --- |",
    ]
    for row in coverage.rows:
        status = coverage_status(row, target=coverage.target)
        if not row.stories:
            status = f"**{status}**"  # a gap should stand out
        rows.append(
            f"| [{table_cell(row.principle.title)}]({principle_path(row.principle.id)}) | "
            + " | ".join(row.marks)
            + f" | {row.stories} | {status} |"
        )
    legend = "\n".join(
        f"{number}. {_story_link(story)}: {table_cell(story.question)}" for number, story in zip(numbers, coverage.stories)
    )
    return (
        "● the story's primary principle · ○ the story also fits it · columns are the stories, numbered below.\n\n"
        + "\n".join(rows)
        + "\n\n"
        + legend
        + "\n"
    )


def render_settings_table(settings: CoachSettings) -> str:
    """The settings in effect, with what each one does."""
    rows = ["| Setting | Value | What it does |", "| --- | --- | --- |"]
    for field in dataclasses.fields(settings):
        value = getattr(settings, field.name)
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        if field.name.endswith("_seconds"):
            shown += f" ({format_duration(value)})"
        elif field.name.endswith("_share"):
            shown += f" ({value:.0%})"
        rows.append(f"| `{field.name}` | {shown} | {SETTING_MEANINGS[field.name]} |")
    return "\n".join(rows) + "\n"


def _wrap(css_class: str, markdown: str) -> str:
    """Markdown inside a styled block: the tables need compact cells to fit the page."""
    return f'<div class="{css_class}" markdown>\n\n{markdown}\n</div>\n'


def _story_link(story: Story) -> str:
    return f"[{story.id}]({principle_path(story.primary)}#{story.id})"

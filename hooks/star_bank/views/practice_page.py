"""Render the Practice page: every story as a question card whose STAR parts practice.js reveals one at a time."""

from __future__ import annotations

import html

from star_coach import StoryAnalysis, format_speaking_time
from star_data import STAR_PARTS, Bank, Story
from star_pages import principle_path
from star_safe_html import escape_raw_html, inline_markdown

PRACTICE_PATH = "practice.md"
FRONT_MATTER = """\
---
title: Practice
description: Rehearse the STAR stories aloud, one question at a time, with a timer.
search:
  exclude: true
hide:
  - toc
scripts:
  - assets/javascripts/practice.js
---
"""
INTRO = """\
# Practice { #top }

Read the question, answer it aloud, then reveal the story one part at a time to check yourself.
Start the timer as you begin: when you stop it, it compares your answer with the story's estimated speaking time.
What you mark as practised is kept in this browser only.

Keys, when no form field has the focus: <kbd>R</kbd> reveals the next part, <kbd>T</kbd> starts or stops
the timer, <kbd>→</kbd> and <kbd>←</kbd> go to the next and previous question.
"""


def render_practice_page(bank: Bank, analyses: tuple[StoryAnalysis, ...]) -> str:
    """The whole Markdown of the Practice page: controls, then one card per story (all shown if JavaScript is off)."""
    cards = "\n".join(
        render_practice_card(analysis, principle_title=bank.principle(analysis.story.primary).title) for analysis in analyses
    )
    return "\n".join(
        [
            FRONT_MATTER,
            INTRO,
            '<div class="star-practice" data-star-practice markdown>\n',
            render_toolbar(bank),
            cards,
            render_controls(),
            "</div>\n",
        ]
    )


def render_toolbar(bank: Bank) -> str:
    """The principle filter and the position in the deck; hidden until practice.js takes over."""
    options = ['<option value="">Every principle, in random order</option>']
    for principle in bank.principles:
        count = len(bank.primary_stories(principle.id)) + len(bank.also_fits_stories(principle.id))
        if count:
            options.append(f'<option value="{principle.id}">{html.escape(principle.title)} ({count})</option>')
    return (
        '<div class="star-practice__toolbar" data-practice-toolbar hidden>\n'
        '<label for="star-practice-principle">Questions from</label>\n'
        '<select id="star-practice-principle" data-practice-filter>\n'
        + "\n".join(options)
        + "\n</select>\n"
        '<p class="star-practice__position" data-practice-position aria-live="polite"></p>\n'
        "</div>\n"
    )


def render_practice_card(analysis: StoryAnalysis, *, principle_title: str) -> str:
    """One story as a question, its principle and time estimate, and its four parts (follow-ups after the Result)."""
    story = analysis.story
    seconds = round(analysis.seconds)
    estimate = format_speaking_time(analysis.seconds)
    parts = "\n".join(
        _render_part(story, part, extra=_render_follow_ups(story) if part == "result" else "") for part in STAR_PARTS
    )
    return (
        f'<section class="star-practice__card" id="practice-{story.id}" data-practice-card data-story="{story.id}" '
        f'data-principles="{" ".join(story.principles)}" data-seconds="{seconds}" data-estimate="{estimate}" '
        f'aria-labelledby="practice-{story.id}-question" markdown>\n\n'
        f'<div class="star-practice__question" id="practice-{story.id}-question" markdown>\n\n'
        f"{inline_markdown(story.question)}\n\n"
        "</div>\n\n"
        f"Principle: [{inline_markdown(principle_title)}]({principle_path(story.primary)}#{story.id})"
        f" · Estimated speaking time: {estimate}\n"
        "{ .star-practice__meta }\n\n"
        f"{parts}\n"
        "</section>\n"
    )


def render_controls() -> str:
    """One set of buttons for the current card; hidden until practice.js takes over."""
    return """\
<div class="star-practice__controls" data-practice-controls hidden>
<div class="star-practice__row">
<button type="button" class="md-button md-button--primary" data-practice-reveal aria-keyshortcuts="R">Reveal the Situation</button>
<button type="button" class="md-button" data-practice-timer aria-pressed="false" aria-keyshortcuts="T">Start the timer</button>
<span class="star-practice__clock" data-practice-clock role="timer" aria-label="Time answering">0:00</span>
</div>
<p class="star-practice__timer-result" data-practice-timer-result aria-live="polite"></p>
<div class="star-practice__row">
<button type="button" class="md-button" data-practice-mark>Mark as practised</button>
<span data-practice-last>Not practised yet in this browser</span>
</div>
<div class="star-practice__row">
<button type="button" class="md-button" data-practice-previous aria-keyshortcuts="ArrowLeft">Previous question</button>
<button type="button" class="md-button" data-practice-next aria-keyshortcuts="ArrowRight">Next question</button>
</div>
<p class="star-practice__status" data-practice-status role="status"></p>
</div>
"""


def _render_part(story: Story, part: str, *, extra: str = "") -> str:
    body = escape_raw_html(story.part(part))
    return (
        f'<div class="star-practice__part" id="practice-{story.id}-{part}" data-practice-part="{part}" markdown>\n\n'
        f"**{part.capitalize()}**\n\n"
        f"{body}\n\n"
        f"{extra}"
        "</div>\n"
    )


def _render_follow_ups(story: Story) -> str:
    if not story.follow_ups:
        return ""
    questions = "\n".join(f"- {inline_markdown(question)}" for question in story.follow_ups)
    return f"**Likely follow-ups**\n\n{questions}\n\n"

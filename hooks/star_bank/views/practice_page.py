"""The Practice page: every story as a question card whose parts practice.js fetches and reveals one at a time.

The page holds what the first screen and the deck need (question, principles, estimate, the story's home); each
story's four parts, allow-listed HTML as the other pages render them, wait in JSON files beside the page, a file per
principle (split past STORIES_PER_FILE), named by their content so that a page never reads another build's file.

With other frameworks enabled, the Interview loop offers a choice of framework: each card carries its
principles in each (data-principles-<framework-id>), and each other framework's principles wait in a hidden
<select> (not a <template>: data never goes into an element whose content a script may bring to life).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence

from ..model.records import STAR_PARTS, Story
from .context import GeneratedPage, ViewContext
from .markdown import story_url
from .principle_page import FOLLOW_UPS_TITLE, follow_ups_html
from .reference import render_downloads

PRACTICE_PATH = "practice.md"
# Beside the page (practice/), so that practice.js fetches them by name; at most 80 KB each in the 1,000-story bench.
TEXTS_DIR = "practice/"
STORIES_PER_FILE = 50
META = {
    "description": "Rehearse the STAR stories aloud, one question at a time, with a timer and spaced repetition.",
    "search": {"exclude": True},
    "hide": ["toc"],
    "scripts": ["assets/javascripts/practice.js"],
    "styles": ["assets/stylesheets/practice.css"],
}
TITLE = "# Practice { #top }\n"
# How to rehearse is the candidate's to read: the workbench says it; the published page keeps to its controls.
HOW_TO = """\
Read the question, answer it aloud, then reveal the story one part at a time to check yourself, and rate how
well you recalled it: spaced repetition brings each story back when it is due. Start the timer as you begin:
when you stop it, it compares your answer with the story's estimated speaking time. Your progress is kept in
this browser only; export it to move it to another.
"""
KEYS = """\
Keys, when no form field has the focus: <kbd>R</kbd> reveals the next part, <kbd>1</kbd>–<kbd>4</kbd> rate
Again, Hard, Good or Easy once the Result is shown, <kbd>T</kbd> starts or stops the timer, <kbd>→</kbd> and
<kbd>←</kbd> go to the next and previous question.
{: .star-practice__keys }
"""


def render_practice_page(ctx: ViewContext) -> GeneratedPage:
    """Controls, then one card per story (every question listed when JavaScript is off), and the files of story texts."""
    fr = ctx.fragments
    names: list[str] = []
    files: dict[str, bytes] = {}
    text_of: dict[str, int] = {}  # story id: its file's place in `names`
    for group in group_story_texts(ctx):
        content = render_story_texts(ctx, group)
        name = f"stories-{group[0].primary}-{hashlib.sha256(content).hexdigest()[:10]}.json"
        text_of.update((story.id, len(names)) for story in group)
        names.append(name)
        files[TEXTS_DIR + name] = content
    cards = "".join(render_practice_card(ctx, story, text=text_of[story.id]) for story in ctx.bank.stories)
    markup = (
        f'<div class="star-practice" data-star-practice data-practice-texts="{" ".join(names)}">'
        f"{render_toolbar(ctx)}{cards}{CONTROLS}</div>"
    )
    intro = [TITLE, HOW_TO, KEYS] if ctx.workbench else [TITLE, KEYS]
    body = "\n".join([*intro, render_downloads(ctx), fr.token(markup), ""])
    return GeneratedPage(PRACTICE_PATH, "Practice", body, META, files=files)


def group_story_texts(ctx: ViewContext) -> list[list[Story]]:
    """The stories a file each: by primary principle in the framework's order, a principle past STORIES_PER_FILE split evenly."""
    by_principle: dict[str, list[Story]] = {principle.id: [] for principle in ctx.framework.principles}
    for story in ctx.bank.stories:
        by_principle[story.primary].append(story)
    groups = []
    for stories in by_principle.values():
        count = math.ceil(len(stories) / STORIES_PER_FILE)
        groups += [stories[part::count] for part in range(count)]  # every count-th story: sizes differ by one at most
    return groups


def render_story_texts(ctx: ViewContext, stories: Sequence[Story]) -> bytes:
    """One file of story texts: {"stories": {id: {part: HTML}}}, each part as its card shows it, allow-listed."""
    texts = {story.id: {part: render_part_text(ctx, story, part) for part in STAR_PARTS} for story in stories}
    return json.dumps({"stories": texts}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def render_toolbar(ctx: ViewContext) -> str:
    """The principle filter, the loop's framework choice, and the position in the deck; hidden until practice.js takes over."""
    options = ['<option value="">Every principle, in random order</option>', *_principle_options(ctx)]
    return (
        '<div class="star-practice__toolbar" data-practice-toolbar hidden>'
        '<label for="star-practice-principle">Questions from</label>'
        f'<select id="star-practice-principle" data-practice-filter>{"".join(options)}</select>'
        f"{render_framework_choice(ctx)}"
        '<p class="star-practice__position" data-practice-position aria-live="polite"></p>'
        "</div>"
    )


def render_framework_choice(ctx: ViewContext) -> str:
    """The Interview loop's choice of framework and, per other framework, its principles (for practice.js); nothing when there is one."""
    frameworks = ctx.bank.frameworks
    if len(frameworks) < 2:
        return ""
    safe = ctx.fragments.safe
    names = "".join(f'<option value="{framework.id}">{safe.theme_text(framework.name)}</option>' for framework in frameworks)
    lists = "".join(
        f'<select hidden data-practice-loop-principles="{framework.id}">{"".join(_principle_options(ctx.in_framework(framework.id)))}</select>'
        for framework in frameworks
        if framework.id != ctx.framework.id
    )
    return (
        '<div class="star-practice__framework" data-practice-framework-choice>'
        '<label for="star-practice-framework">Framework</label>'
        f'<select id="star-practice-framework" data-practice-framework>{names}</select>{lists}</div>'
    )


def _principle_options(ctx: ViewContext) -> list[str]:
    """An option per principle some story fits, in the framework's order: its title and how many stories fit it."""
    options = []
    for row in ctx.coverage.rows:
        if row.covered:
            title = ctx.fragments.safe.theme_text(row.principle.title)
            options.append(f'<option value="{row.principle.id}">{title} ({row.stories})</option>')
    return options


def render_practice_card(ctx: ViewContext, story: Story, *, text: int) -> str:
    """One story: question, principle and time estimate; its parts are in the page's `text`-th file of story texts."""
    safe = ctx.fragments.safe
    principle = ctx.bank.principle(story.primary)
    estimate = ctx.speaking_time(story)
    home = story_url(story, from_page=PRACTICE_PATH)
    meta = (
        f'<p class="star-practice__meta">Principle: <a href="{home}">{safe.label(principle.title)}</a>'
        f" · Estimated speaking time: {estimate}</p>"
    )
    # Its principles in each other framework, for the Interview loop's plan there (ids: lowercase, digits, hyphens).
    elsewhere = "".join(f'data-principles-{framework.id}="{" ".join(ids)}" ' for framework, ids in ctx.bank.also_in(story))
    return (
        f'<section class="star-practice__card" id="practice-{story.id}" data-practice-card data-story="{story.id}" '
        f'data-principles="{" ".join(story.principles)}" {elsewhere}data-seconds="{round(ctx.analyses[story.id].seconds)}" '
        f'data-estimate="{estimate}" data-practice-text="{text}" aria-labelledby="practice-{story.id}-question">'
        f'<p class="star-practice__question" id="practice-{story.id}-question">{safe.label(story.question)}</p>'
        f"{meta}</section>"
    )


def render_part_text(ctx: ViewContext, story: Story, part: str) -> str:
    """What a card shows of one part, allow-listed: its label and text; the headline and follow-ups come with the Result."""
    safe = ctx.fragments.safe
    extra = ""
    if part == "result":
        extra = f'<p class="star-practice__headline"><strong>Headline:</strong> {safe.label(story.headline)}</p>' if story.headline else ""
        if story.follow_ups and ctx.show_follow_ups:
            extra += f"<p><strong>{FOLLOW_UPS_TITLE}</strong></p>{follow_ups_html(ctx, story)}"
    return f"<p><strong>{part.capitalize()}</strong></p>{safe.block(story.part(part))}{extra}"


CONTROLS = """\
<div class="star-practice__controls" data-practice-controls hidden>\
<div class="star-practice__row">\
<button type="button" class="md-button md-button--primary" data-practice-reveal aria-keyshortcuts="R">Reveal the Situation</button>\
<button type="button" class="md-button" data-practice-timer aria-pressed="false" aria-keyshortcuts="T">Start the timer</button>\
<span class="star-practice__clock" data-practice-clock role="timer" aria-label="Time answering">0:00</span>\
</div>\
<p class="star-practice__timer-result" data-practice-timer-result aria-live="polite"></p>\
<div class="star-practice__row">\
<button type="button" class="md-button" data-practice-mark>Mark as practised</button>\
<span data-practice-last>Not practised yet in this browser</span>\
</div>\
<div class="star-practice__row">\
<button type="button" class="md-button" data-practice-previous aria-keyshortcuts="ArrowLeft">Previous question</button>\
<button type="button" class="md-button" data-practice-next aria-keyshortcuts="ArrowRight">Next question</button>\
</div>\
<p class="star-practice__status" data-practice-status role="status"></p>\
</div>"""

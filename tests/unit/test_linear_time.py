"""Every step over text from data/ takes linear time: each is timed on 8 KB, 64 KB and 256 KB of the text
that is worst for it, and fails when the time grows faster than the input (more than 3 times per doubling).

Ratios within one run, not absolute times: the machine's speed cancels out. `time.process_time`, the best of
three, garbage collection off while timing; a step that takes under MIN_SECONDS is called in a loop until it
takes that long, and one under FLOOR_SECONDS counts as that. A step that already grows too fast from 8 to
64 KB fails there, before the 256 KB run would take minutes.
"""

from __future__ import annotations

import dataclasses
import gc
import math
import time
from collections.abc import Callable

import genanki
import pytest

from star_bank.model.analysis import count_pronouns, count_words, find_quantities
from star_bank.model.headline import count_figures, derive_headline
from star_bank.model.report import Table
from star_bank.views.downloads import anki_field, build_csv
from star_bank.views.reference import PLACEHOLDER
from star_bank.views.safe_html import Fragments, SafeHtml
from star_bank.views.terminal import render_table
from unit.factories import MATRIX_BANK

KB = 1024
SIZES = (8 * KB, 64 * KB, 256 * KB)
GROWTH_PER_DOUBLING = 3  # linear is 2; quadratic is 4
MIN_SECONDS = 0.02
MAX_SECONDS = 1.0
# Under a millisecond, caches and the allocator move a step's time more than its work does: it counts as one.
FLOOR_SECONDS = 0.001


def repeat(unit: str, size: int) -> str:
    """`unit` written over and over, cut to `size` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def paragraphs(units: list[str], size: int, *, paragraph: int = 2 * KB) -> str:
    """Paragraphs of `paragraph` characters, each one unit repeated, the units in turn, `size` characters in all."""
    count = size // (paragraph + 2)
    return "\n\n".join(repeat(units[number % len(units)], paragraph) for number in range(count))


# Markdown's worst cases that it renders: escapes, emphasis, code and links that each make a match (a copy of
# the paragraph), autolinks, entities, lists and quotes.
MARKDOWN_ATTACKS = ["a\\*", "*a", "_a ", "`a", "<a@", "&", "[a](b) ", "- a\n", "> a\n"]
# And those it is stopped on: brackets and parentheses that never close, a link title that never ends. The time
# until the link-scanning budget runs out grows with the budget, which grows with the field.
UNCLOSED = ["[", "[a](", '[a](b "x) ', "!["]


def hint_table(size: int) -> Table:
    """A coach's table of `size` characters: a row of a story id and its hints per 128."""
    return Table(("Story", "Hints"), tuple((f"story-{number}", repeat("Say what you did. ", 110)) for number in range(size // 128)))


def a_line_of_links(size: int) -> str:
    """Allow-listed HTML as one line of links: what genanki's tag check reads from every tag to the line's end."""
    return repeat('<a href="https://example.com/a" rel="noopener">a</a> ', size)


def csv_of(size: int) -> Callable[[], object]:
    # Markdown's own worst cases are safe_html's steps; here, the CSV's cells, guards and quoting.
    long_story = dataclasses.replace(MATRIX_BANK.stories[0], situation=paragraphs(['=1, "quoted", \n'], size))
    bank = dataclasses.replace(MATRIX_BANK, stories=(long_story,))
    return lambda: build_csv(bank, safe=SafeHtml(), include_follow_ups=True)


# Each step over data text: a maker of the call to time, given a size in characters.
STEPS: dict[str, Callable[[int], Callable[[], object]]] = {
    # A number pattern that backtracks over "1,1,1,…" before a unit it never finds was quadratic.
    "analysis: find_quantities": lambda size: lambda text=("Counts: " + repeat("1,", size) + "1 done."): find_quantities(text),
    # "](" with no ")" after it, read to the end from every one.
    "analysis: count_words": lambda size: lambda text=repeat("](", size): count_words(text),
    "analysis: count_words, one piece without a letter": lambda size: lambda text=repeat("—", size): count_words(text),
    "analysis: count_pronouns": lambda size: lambda text=repeat("I we Us our i ", size): count_pronouns(text),
    "headline: derive_headline": lambda size: lambda text=repeat("Costs fell 40% in 2 weeks; ", size): derive_headline(text),
    "headline: one long sentence": lambda size: lambda text=repeat("and 3, ", size) + ".": derive_headline(text),
    "headline: count_figures": lambda size: lambda text=repeat("$1,2.3 ", size): count_figures(text),
    "safe_html: block": lambda size: lambda text=paragraphs(MARKDOWN_ATTACKS, size): SafeHtml().block(text),
    "safe_html: unclosed brackets": lambda size: lambda text=paragraphs(["".join(UNCLOSED)], size): SafeHtml().block(text),
    "safe_html: one paragraph": lambda size: lambda text=repeat("[", size): SafeHtml().block(text),
    "safe_html: inline": lambda size: lambda text=repeat("[a](", size): SafeHtml().inline(text),
    "stand-ins: expand": lambda size: lambda text=repeat("\ue000" + "1" * 50, size): Fragments(SafeHtml()).expand(text),
    "placeholders": lambda size: lambda text=repeat("<!-- star:", size): PLACEHOLDER.sub("", text),
    "terminal: render_table": lambda size: lambda table=hint_table(size): render_table(table, numbers={}),
    "downloads: Anki field as genanki checks it": lambda size: lambda text=a_line_of_links(size): genanki.Note._find_invalid_html_tags_in_field(anki_field(text)),
    "downloads: CSV": csv_of,
}


def seconds_per_call(call: Callable[[], object]) -> float:
    """The best of three timings of `call`, each looped until it takes MIN_SECONDS; of two past MAX_SECONDS."""
    best, spent = math.inf, 0.0
    gc.disable()
    try:
        for _ in range(3):
            calls, start = 0, time.process_time()
            while (elapsed := time.process_time() - start) < MIN_SECONDS or not calls:
                call()
                calls += 1
            best, spent = min(best, elapsed / calls), spent + elapsed
            if spent > MAX_SECONDS:  # long enough that noise is a small part of it
                break
    finally:
        gc.enable()
    return best


@pytest.mark.parametrize("step", STEPS)
def test_each_step_over_data_text_takes_linear_time(step: str) -> None:
    timings: list[float] = []
    for size in SIZES:
        timings.append(max(FLOOR_SECONDS, seconds_per_call(STEPS[step](size))))
        if len(timings) > 1:
            grew, allowed = timings[-1] / timings[-2], GROWTH_PER_DOUBLING ** math.log2(size / SIZES[len(timings) - 2])
            assert grew <= allowed, (
                f"{step}: {SIZES[len(timings) - 2] // KB} KB took {timings[-2]:.4f} s, {size // KB} KB {timings[-1]:.4f} s:"
                f" {grew:.1f} times as long for {size // SIZES[len(timings) - 2]} times the text (at most {allowed:.0f})"
            )

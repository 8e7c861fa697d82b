"""Headlines: taken from the Result when a story has none, and the coach's hints about them."""

from __future__ import annotations

import dataclasses

import pytest

from star_bank.model.analysis import analyze_story
from star_bank.model.headline import HEADLINE_CHARS, count_figures, derive_headline
from star_bank.model.records import Story
from star_bank.views.practice_page import render_practice_page
from star_bank.views.principle_page import render_principle_page
from star_bank.views.reference import render_quick_reference, render_story_list
from star_bank.views.whole_bank import render_whole_bank
from unit.factories import MATRIX_BANK, make_context, make_settings, make_story, words

HEADLINE_HINTS = (
    "No headline: add one line that leads with the result",
    "Headline has no figure: lead with the measured result",
    NO_HEADLINE_HINT := "No headline, and no sentence or clause of the Result with a figure fits one line:"
    " add one line that leads with the result",
)


@pytest.mark.parametrize(
    ("result", "headline"),
    [
        # The sentence with the most figures wins, its full stop dropped.
        ("We shipped it. Precision rose from 84% to 93% in 2 weeks. Everyone cheered.", "Precision rose from 84% to 93% in 2 weeks"),
        # Equal counts: the first of them.
        ("Costs fell 40%. Latency fell 30%.", "Costs fell 40%"),
        # Lines folded; a sentence ends only before a capital, a digit or a currency sign.
        ("It ran  on\n3 nodes, e.g. the old ones. $12,000 saved in 2 months, 3x faster!", "$12,000 saved in 2 months, 3x faster!"),
        # An ellipsis the author wrote is dropped like a full stop: no headline ends in one.
        ("Costs fell 40%…", "Costs fell 40%"),
        # No figure anywhere: no headline (the story shows its question alone).
        ("Everyone was happy. The team trusted the model.", ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_the_headline_is_the_results_sentence_with_the_most_figures(result: str, headline: str) -> None:
    assert derive_headline(result) == headline


# The example: one sentence over the limit, whose first clause carries the figures.
SCHEMA_DRIFT = (
    "Schema-drift incidents went from 11 a quarter to 1 in the next two quarters, and mean time to recovery"
    " fell because the lineage graph pointed straight at the source table."
)


@pytest.mark.parametrize(
    ("result", "headline"),
    [
        (SCHEMA_DRIFT, "Schema-drift incidents went from 11 a quarter to 1 in the next two quarters"),
        # The clause with the most figures, wherever it sits; its first word capitalised as a headline's.
        (
            "The team rebuilt the ingestion layer over a long and difficult winter with little help; median latency"
            " fell from 900 ms to 120 ms, and costs fell 30%.",
            "Median latency fell from 900 ms to 120 ms",
        ),
        # Broken at a colon and at a spaced dash; a name that starts in lowercase keeps it.
        ("iOS crash-free sessions: up from 97.1% to 99.8% — the best in the company's history of mobile releases so far.",
         "Up from 97.1% to 99.8%"),
        ("iOS adoption rose 30%; " + words(20, "slowly") + ".", "iOS adoption rose 30%"),
    ],
)
def test_a_long_sentence_gives_its_clause_with_the_most_figures(result: str, headline: str) -> None:
    assert derive_headline(result) == headline


@pytest.mark.parametrize(
    "result",
    [
        # One clause with its figure, too long to be a headline, and nothing else with a figure.
        "Precision rose from 84% to 93% " + words(30, "steadily") + ".",
        # Long and with no figure at all.
        "The team " + words(40, "carefully") + " rebuilt the pipeline, and everyone " + words(30, "gladly") + " agreed.",
        # Figures, but only in clauses that are too long.
        "After 3 " + words(40, "long") + " weeks, and " + words(40, "many") + " 12 reviews, it shipped.",
    ],
)
def test_no_headline_rather_than_one_cut_mid_phrase(result: str) -> None:
    assert derive_headline(result) == ""


@pytest.mark.parametrize(
    "result",
    [
        SCHEMA_DRIFT,
        "Revenue grew $2.4M (18%) in 2 quarters, churn fell from 7% to 4%, NPS rose 22 points, and the team "
        "shipped 14 releases while hiring 3 engineers, which the board noticed in the annual review of 2024.",
        "We cut costs by 40% across 12 services in a long, careful migration lasting many months; then we doubled it.",
    ],
)
def test_a_derived_headline_is_a_whole_sentence_or_clause_of_the_result_within_the_limit(result: str) -> None:
    headline = derive_headline(result)
    assert headline and len(headline) <= HEADLINE_CHARS
    assert not headline.endswith(("…", "...", ",", ";", ":"))
    # The words appear in the Result as written, ending where a sentence or clause ends there.
    start = result.lower().index(headline.lower())
    assert result[start + len(headline)] in ".,;:!?" or result[start + len(headline) :].startswith(" —")


@pytest.mark.parametrize(
    ("text", "figures"),
    [("3x faster", 1), ("from 84% to 93%", 2), ("$12,000 and €3k", 2), ("Two teams", 0), ("no figure", 0)],
)
def test_figures_are_counted(text: str, figures: int) -> None:
    assert count_figures(text) == figures


# --- the coach's headline hints -------------------------------------------------------------------------------------


def headline_hints(**fields: object) -> list[str]:
    story = make_story("told", action="I " + words(120), result="Churn fell 12%. " + words(60), **fields)
    return [hint for hint in analyze_story(story, make_settings()).hints if hint in HEADLINE_HINTS]


def test_a_headline_taken_from_the_result_asks_for_one() -> None:
    assert headline_hints(headline="Churn fell 12%", headline_written=False) == [HEADLINE_HINTS[0]]


def test_a_written_headline_without_a_figure_asks_for_the_result() -> None:
    assert headline_hints(headline="Churn fell a lot", headline_written=True) == [HEADLINE_HINTS[1]]


def test_a_written_headline_with_a_figure_earns_no_hint() -> None:
    assert headline_hints(headline="Churn down 12% in a quarter", headline_written=True) == []


def test_no_headline_at_all_says_none_could_be_taken_from_the_result() -> None:
    assert headline_hints(headline="", headline_written=False) == [NO_HEADLINE_HINT]


# --- the views, when no headline could be taken from the Result --------------------------------------------------------


def views_of(story: Story) -> dict[str, str]:
    """Each page that shows a story's headline, as its Markdown with every stand-in expanded, and the Anki fields."""
    bank = dataclasses.replace(MATRIX_BANK, stories=(story,))
    ctx = make_context(bank, settings=make_settings(practice_page=True))
    fr = ctx.fragments
    pages = {
        "principle page": render_principle_page(ctx, bank.principle(story.primary)).markdown,
        "home": render_story_list(ctx),
        "quick reference": render_quick_reference(ctx),
        "whole bank": render_whole_bank(ctx),
    }
    practice = render_practice_page(ctx)  # its cards' texts, the headline with the Result, are the page's files
    pages["practice"] = practice.markdown + "".join(content.decode("utf-8") for content in practice.files.values())
    return {name: fr.expand(markdown) for name, markdown in pages.items()}


def test_a_story_without_a_headline_shows_its_question_alone() -> None:
    story = make_story("no-headline", "dive-deep", question="Why did it fail?", headline="", headline_written=False)
    pages = views_of(story)
    assert '<summary>Why did it fail?</summary>' in pages["principle page"]  # the bar: the question alone
    for name, question in (("home", "#no-headline\">Why did it fail?</a>"), ("quick reference", "#no-headline\">Why did it fail?</a>"), ("whole bank", "### Why did it fail?")):
        assert question in pages[name], name
        assert " — <em>" not in pages[name] and "star-headline" not in pages[name], name
    assert "Headline:" not in pages["practice"]
    with_one = views_of(make_story("no-headline", "dive-deep", question="Why did it fail?", headline="Down 40%"))
    assert "<summary>Down 40%</summary>" in with_one["principle page"]
    assert all("Down 40%" in page for page in with_one.values())

"""Headlines: taken from the Result when a story has none, and the coach's hints about them."""

from __future__ import annotations

import pytest

from star_bank.model.analysis import analyze_story
from star_bank.model.headline import HEADLINE_CHARS, count_figures, derive_headline, shorten
from unit.factories import make_settings, make_story, words

HEADLINE_HINTS = ("No headline: add one line that leads with the result", "Headline has no figure: lead with the measured result")


@pytest.mark.parametrize(
    ("result", "headline"),
    [
        # The sentence with the most figures wins, its full stop dropped.
        ("We shipped it. Precision rose from 84% to 93% in 2 weeks. Everyone cheered.", "Precision rose from 84% to 93% in 2 weeks"),
        # Equal counts: the first of them.
        ("Costs fell 40%. Latency fell 30%.", "Costs fell 40%"),
        # No figure anywhere: the first sentence.
        ("Everyone was happy. The team trusted the model.", "Everyone was happy"),
        # Lines folded; a sentence ends only before a capital, a digit or a currency sign.
        ("It ran  on\n3 nodes, e.g. the old ones. $12,000 saved in 2 months, 3x faster!", "$12,000 saved in 2 months, 3x faster!"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_the_headline_is_the_results_sentence_with_the_most_figures(result: str, headline: str) -> None:
    assert derive_headline(result) == headline


def test_a_long_sentence_is_cut_at_a_word_within_the_limit() -> None:
    sentence = "Precision rose from 84% to 93% " + words(30, "steadily")
    headline = derive_headline(sentence + ".")
    assert len(headline) <= HEADLINE_CHARS
    assert headline.endswith("steadily…")
    assert sentence.startswith(headline.removesuffix("…"))


@pytest.mark.parametrize(
    ("text", "limit", "short"),
    [
        ("short enough", 20, "short enough"),
        ("exactly ten", 11, "exactly ten"),
        ("cut here, please", 12, "cut here…"),  # the comma before the cut goes too
        ("unbreakableword", 8, "unbreak…"),  # no space: cut inside the word
        ("a — b — c", 6, "a…"),
    ],
)
def test_shorten_cuts_at_a_word_boundary_and_marks_the_cut(text: str, limit: int, short: str) -> None:
    assert shorten(text, limit) == short
    assert len(shorten(text, limit)) <= limit


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

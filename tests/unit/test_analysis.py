"""The STAR coach's analytics on hand-made stories whose figures are counted by hand."""

from __future__ import annotations

import random
import re

import pytest

from star_bank.model.analysis import (
    analyze_bank,
    analyze_story,
    count_pronouns,
    count_words,
    find_quantities,
    format_duration,
    format_speaking_time,
    speaking_seconds,
)
from star_bank.model.records import STAR_PARTS, Bank, Framework, Story
from unit.factories import PRINCIPLES, SITE, make_settings, make_story, words

DEFAULTS = make_settings()


def timed_story(story_id: str, *, situation: str = "", task: str = "", action: str = "", result: str = "", **fields: object) -> Story:
    """A story of 50 words (20 s at 150 words per minute) with an "I" and a figure, unless told otherwise."""
    return make_story(
        story_id,
        situation=situation or words(10),
        task=task or words(10),
        action=action or "I " + words(19),
        result=result or "It saved 5 hours. " + words(6),
        **fields,
    )


# --- words and time -----------------------------------------------------------------------------------------------


def test_words_are_pieces_with_a_letter_or_digit_and_link_targets_are_not_said() -> None:
    assert count_words("I cut costs from $6,000 to $50/month — a 99% drop.") == 10
    assert count_words("See [the report](https://example.com/a b) now") == 4
    assert count_words("  \n ") == 0


def test_a_word_is_what_splitting_on_whitespace_gives_with_a_letter_or_digit_in_it() -> None:
    # The regular expression against the rule it stands for, on random text of every kind of character it tells apart.
    alphabet = ["a", "Z", "é", "7", "٣", "_", "—", "$", ",", ".", "/", "(", " ", "\n", "\t", "\u00a0", "\u2003", "\u3000", "\x1c"]
    rng = random.Random(19)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        assert count_words(text) == sum(1 for piece in text.split() if re.search(r"[^\W_]", piece)), repr(text)


def test_speaking_time_at_150_words_per_minute_reads_like_2_min_40_s() -> None:
    assert speaking_seconds(400, words_per_minute=150) == 160
    assert format_speaking_time(160) == "about 2 min 40 s"
    assert format_speaking_time(180) == "about 3 min"
    assert format_speaking_time(43) == "about 45 s"  # to the nearest 5 seconds
    assert format_speaking_time(62) == "about 1 min"
    assert format_speaking_time(1) == "about 5 s"  # never "about 0 s"
    assert format_duration(200) == "3 min 20 s"
    assert format_duration(45) == "45 s"


@pytest.mark.parametrize(
    ("result", "kinds"),
    [
        ("Costs fell by 40%.", ("percentage",)),
        ("Precision rose 8 percentage points.", ("percentage",)),
        ("We saved $12,000 and €3k.", ("money",)),
        ("It cost 200 dollars less.", ("money",)),
        ("It shipped in 3 weeks, not 2 months.", ("time",)),
        ("Two teams adopted it.", ("number",)),
        ("Latency halved.", ("number",)),
        ("It went from 92% to 84% over 3 months, costing $180,000 across 15 teams.", ("percentage", "money", "time", "number")),
        ("Everyone was happier and the team trusted the model.", ()),
    ],
)
def test_result_figures_are_found_by_kind(result: str, kinds: tuple[str, ...]) -> None:
    assert find_quantities(result) == kinds


def test_first_person_against_we_counts_words_not_letters() -> None:
    # "i.e." and "US" (the country) are not pronouns; "my" and "us" are.
    assert count_pronouns("I led it, i.e. my plan; we shipped it to us and our US office. Myself? We'll see.") == (3, 4)


# --- one story, known figures -------------------------------------------------------------------------------------


def test_a_balanced_story_has_its_figures_and_no_hint() -> None:
    story = timed_story(
        "balanced",
        situation=words(50),
        task=words(30),
        action="I " + words(119),  # 120 words, 40% of 300: on the threshold, not under it
        result="Churn fell 12% in 3 months. " + words(94),
    )
    analysis = analyze_story(story, DEFAULTS)
    assert analysis.words == {"situation": 50, "task": 30, "action": 120, "result": 100}
    assert list(analysis.words) == list(STAR_PARTS)
    assert analysis.total_words == 300
    assert analysis.seconds == 120
    assert [round(analysis.share(part), 2) for part in STAR_PARTS] == [0.17, 0.1, 0.4, 0.33]
    assert analysis.result_quantities == ("percentage", "time")
    assert (analysis.first_person, analysis.collective, analysis.first_person_share) == (1, 0, 1.0)
    assert analysis.hints == ()


def test_a_long_we_story_with_a_vague_result_gets_every_matching_hint() -> None:
    story = timed_story(
        "rambling",
        situation=words(250),
        task=words(100),
        action="We planned it and we built it and I tested it and our team shipped it " + words(84),  # 100 words
        result="Everyone was happy. " + words(97),  # 100 words
        headline="Everyone was happy",
    )
    analysis = analyze_story(story, DEFAULTS)
    assert analysis.total_words == 550
    assert analysis.seconds == 220
    assert (analysis.first_person, analysis.collective) == (1, 3)
    assert analysis.hints == (
        "Takes about 3 min 40 s to say, over 3 min: cut the Situation and Task to a sentence or two",
        "Action is 18% of the words, under 40%: give the Action more and the Situation less",
        "Result has no number: add the measured outcome",
        "Headline has no figure: lead with the measured result",
        "Action says “we” 3 times and “I” 1: say what you did yourself",
    )


def test_a_short_story_without_i_gets_the_short_and_never_i_hints() -> None:
    story = timed_story("terse", situation=words(10), task=words(10), action=words(40), result="Saved $5,000. " + words(38))
    analysis = analyze_story(story, DEFAULTS)
    assert analysis.seconds == 40
    assert analysis.first_person_share is None
    assert analysis.hints == (
        "Takes about 40 s to say, under 1 min: add what you did and what it changed",
        "Action never says “I”: say what you did yourself",
    )


def test_an_empty_analysis_has_no_shares_to_divide_by_zero() -> None:
    story = timed_story("mute", situation="—", task="—", action="—", result="—")
    analysis = analyze_story(story, DEFAULTS)
    assert analysis.total_words == 0 and analysis.share("action") == 0.0


def test_thresholds_come_from_the_settings() -> None:
    story = timed_story("paced", situation=words(200), task=words(100), action="I " + words(199), result="Up 5%. " + words(98))
    # 600 words: 4 min at 150 wpm (too long), 3 min at 200 wpm (not over 3 min).
    assert analyze_story(story, DEFAULTS).hints[0].startswith("Takes about 4 min to say, over 3 min")
    assert analyze_story(story, make_settings(words_per_minute=200, min_action_share=0.3)).hints == ()
    assert analyze_story(story, make_settings(words_per_minute=200, max_seconds=170)).hints[0] == (
        "Takes about 3 min to say, over 2 min 50 s: cut the Situation and Task to a sentence or two"
    )
    # "I" once and "we" once: half, on the default threshold; 60% wanted is a hint.
    shared = timed_story("shared", action="I asked and we agreed " + words(15))
    assert analyze_story(shared, make_settings(min_seconds=10)).hints == ()
    assert analyze_story(shared, make_settings(min_seconds=10, min_first_person_share=0.6)).hints == (
        "Action says “we” 1 time and “I” 1: say what you did yourself",
    )


def test_the_bank_is_analysed_once_per_story_in_its_order() -> None:
    bank = Bank(site=SITE, framework=Framework(PRINCIPLES), stories=(timed_story("b-story"), timed_story("a-story")))
    analyses = analyze_bank(bank, DEFAULTS)
    assert [a.story.id for a in analyses] == ["b-story", "a-story"]
    assert all(a.seconds == 20 for a in analyses)

"""The STAR coach's analytics: words per part, speaking time, shares, numbers in the Result, I/we focus, hints."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from ..wording import plural
from .headline import count_figures
from .records import STAR_PARTS, Bank, Story
from .settings import Settings


@dataclass(frozen=True)
class StoryAnalysis:
    """The coach's figures for one story, and its hints in plain language.

    Words and speaking time are read when the analysis is made: every page shows the time. The rest is the
    coach's alone (its page, `make coach`, strict hints), read the first time it is asked for: a published
    site never shows it (at 1,000 stories, about 0.15 s of a build's CPU).
    """

    story: Story
    words: dict[str, int]  # per STAR part, in STAR order
    seconds: float  # estimated speaking time of the four parts
    settings: Settings = field(repr=False, compare=False)  # the thresholds the hints measure against

    @cached_property
    def result_quantities(self) -> tuple[str, ...]:
        """Kinds of figure in the Result: percentage, money, time, number."""
        return find_quantities(self.story.result)

    @cached_property
    def _pronouns(self) -> tuple[int, int]:
        return count_pronouns(self.story.action)

    @property
    def first_person(self) -> int:
        """I / me / my / mine / myself in the Action."""
        return self._pronouns[0]

    @property
    def collective(self) -> int:
        """We / us / our / ours / ourselves in the Action."""
        return self._pronouns[1]

    @cached_property
    def hints(self) -> tuple[str, ...]:
        return build_hints(self)

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    def share(self, part: str) -> float:
        """One part's share of the story's words, from 0 to 1."""
        return self.words[part] / self.total_words if self.total_words else 0.0

    @property
    def quantified(self) -> bool:
        return bool(self.result_quantities)

    @property
    def first_person_share(self) -> float | None:
        """"I" against "I" + "we" in the Action; None when the Action uses neither."""
        said = self.first_person + self.collective
        return self.first_person / said if said else None


# --- words and time ---------------------------------------------------------------------------------------

# A whitespace-separated piece with a letter or digit in it, matched from the piece's start: one match per piece,
# found by one regular expression instead of a Python test per piece (a 1,000-story build splits 300,000). The
# lookbehind makes every start but a piece's first fail at once, so a long piece without a letter is read once.
_SPOKEN_PIECE = re.compile(r"(?<!\S)\S*?[^\W_]")


def count_words(text: str) -> int:
    """Words said aloud: whitespace-separated pieces with a letter or digit ('$6,000/month' is one, '—' none)."""
    return len(_SPOKEN_PIECE.findall(_without_link_targets(text)))


def _without_link_targets(text: str) -> str:
    """`text` with each Markdown link's `(address)` after its `]` left out: an address is not said aloud.

    A regular expression for "`](` up to the next `)`" reads to the end of the text from every `](` when no `)`
    follows, which is quadratic; here the text is read once, and a `](` with no `)` after it means no later one has.
    """
    pieces, position = [], 0
    while (opening := text.find("](", position)) >= 0 and (closing := text.find(")", opening + 2)) >= 0:
        pieces.append(text[position : opening + 1])
        position = closing + 1
    return "".join(pieces) + text[position:]


def speaking_seconds(words: int, *, words_per_minute: int) -> float:
    """How long `words` take to say at `words_per_minute`."""
    return words * 60 / words_per_minute


def format_duration(seconds: float) -> str:
    """A duration in whole seconds as '2 min 40 s', '3 min' or '45 s'."""
    minutes, rest = divmod(round(seconds), 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} min" if minutes else f"{rest} s"


def format_speaking_time(seconds: float) -> str:
    """An estimate, to the nearest 5 seconds: 'about 2 min 40 s'."""
    return "about " + format_duration(max(5, 5 * round(seconds / 5)))


# --- what the Result measures -----------------------------------------------------------------------------

# A figure is a run of digits, commas and points that ends on a digit, found once per run: a pattern that
# both starts inside a run and backtracks over it ("1,1,1,…" before a unit) is quadratic in the run.
_NUMBER_RUN = re.compile(r"\d[\d.,]*")
_CURRENCY = "$€£¥"
_SCALE = r"(?:\s?(?:[kKmMbB]|thousand|million|billion)\b)?"
# What may follow a figure, each tried once, where the figure ends.
_PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b|per cent\b|percentage points?\b)")
_MONEY_AFTER_SYMBOL = re.compile(rf"{_SCALE}\+?")  # "$12k+", the symbol before the figure
_MONEY_AFTER_FIGURE = re.compile(rf"{_SCALE}\s?(?:USD|EUR|GBP|dollars?|euros?|pounds)\b")
_TIME_AFTER = re.compile(
    r"[\s-]?(?:ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|quarters?|years?)\b",
    re.IGNORECASE,
)
_PLAIN_NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?"
    r"|thousands?|millions?|billions?|dozens?|half|halved|doubled?|tripled?|twice|\w+fold)\b",
    re.IGNORECASE,
)


def find_quantities(text: str) -> tuple[str, ...]:
    """The kinds of figure in `text`: 'percentage', 'money', 'time', and 'number' for any other count.

    Each kind's figures are taken out before the next kind is looked for ("$5 in 3 days" is money and time,
    not a number too). Linear time: every figure is found once and what follows it is tried once per kind.
    """
    kinds = []
    rest = text
    for kind, spans in (("percentage", _percentages), ("money", _amounts), ("time", _durations)):
        found = list(spans(rest))
        if found:
            kinds.append(kind)
            rest = _blank_out(rest, found)
    if _PLAIN_NUMBER.search(rest):
        kinds.append("number")
    return tuple(kinds)


def _figures(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every figure: each run of digits, commas and points, cut back to its last digit."""
    for run in _NUMBER_RUN.finditer(text):
        yield run.start(), run.start() + len(run.group().rstrip(".,"))


def _percentages(text: str) -> Iterator[tuple[int, int]]:
    for start, end in _figures(text):
        if after := _PERCENT_AFTER.match(text, end):
            yield start, after.end()


def _amounts(text: str) -> Iterator[tuple[int, int]]:
    for start, end in _figures(text):
        before = start - 2 if start >= 2 and text[start - 1].isspace() else start - 1  # "$ 12" as "$12"
        if before >= 0 and text[before] in _CURRENCY:
            after = _MONEY_AFTER_SYMBOL.match(text, end)
            yield before, after.end() if after else end
        elif after := _MONEY_AFTER_FIGURE.match(text, end):
            yield start, after.end()


def _durations(text: str) -> Iterator[tuple[int, int]]:
    for start, end in _figures(text):
        if after := _TIME_AFTER.match(text, end):
            yield start, after.end()


def _blank_out(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each (start, end) span, in order and apart, replaced by a space."""
    pieces, position = [], 0
    for start, end in spans:
        pieces += [text[position:start], " "]
        position = end
    return "".join(pieces) + text[position:]


# --- who acted ----------------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z]+")
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
_COLLECTIVE = frozenset({"we", "us", "our", "ours", "ourselves"})


def count_pronouns(text: str) -> tuple[int, int]:
    """("I"-words, "we"-words) in `text`; a lowercase 'i' (as in 'i.e.') and 'US' (the country) are not counted."""
    first_person = collective = 0
    for word in _WORD.findall(text):
        if word in ("i", "US"):
            continue
        lowered = word.lower()
        first_person += lowered in _FIRST_PERSON
        collective += lowered in _COLLECTIVE
    return first_person, collective


# --- one story, the whole bank ------------------------------------------------------------------------------


def analyze_story(story: Story, settings: Settings) -> StoryAnalysis:
    """Every figure the coach shows for one story, with its hints (those the coach alone reads, when first asked for)."""
    words = {part: count_words(story.part(part)) for part in STAR_PARTS}
    seconds = speaking_seconds(sum(words.values()), words_per_minute=settings["words_per_minute"])
    return StoryAnalysis(story=story, words=words, seconds=seconds, settings=settings)


def build_hints(analysis: StoryAnalysis) -> tuple[str, ...]:
    """Plain-language advice for one story, from its figures and the thresholds it was analysed with."""
    settings = analysis.settings
    hints = []
    if analysis.story.draft:  # first: the public build refuses the story until it is written
        hints.append(f"Draft: {', '.join(analysis.story.draft_fields)} still hold `make story`'s text: write your own, or keep `private: true`")
    if analysis.seconds > settings["max_seconds"]:
        hints.append(
            f"Takes {format_speaking_time(analysis.seconds)} to say, over {format_duration(settings['max_seconds'])}:"
            " cut the Situation and Task to a sentence or two"
        )
    elif analysis.seconds < settings["min_seconds"]:
        hints.append(
            f"Takes {format_speaking_time(analysis.seconds)} to say, under {format_duration(settings['min_seconds'])}:"
            " add what you did and what it changed"
        )
    if analysis.share("action") < settings["min_action_share"]:
        hints.append(
            f"Action is {analysis.share('action'):.0%} of the words, under {settings['min_action_share']:.0%}:"
            " give the Action more and the Situation less"
        )
    if not analysis.quantified:
        hints.append("Result has no number: add the measured outcome")
    if not analysis.story.headline:
        hints.append(
            "No headline, and no sentence or clause of the Result with a figure fits one line:"
            " add one line that leads with the result"
        )
    elif not analysis.story.headline_written:
        hints.append("No headline: add one line that leads with the result")
    elif not count_figures(analysis.story.headline):
        hints.append("Headline has no figure: lead with the measured result")
    share = analysis.first_person_share
    if analysis.first_person == 0:
        hints.append("Action never says “I”: say what you did yourself")
    elif share is not None and share < settings["min_first_person_share"]:
        hints.append(
            f"Action says “we” {plural(analysis.collective, 'time')} and “I” {analysis.first_person}:"
            " say what you did yourself"
        )
    return tuple(hints)


def analyze_bank(bank: Bank, settings: Settings) -> tuple[StoryAnalysis, ...]:
    """The analysis of every story, in the bank's order."""
    return tuple(analyze_story(story, settings) for story in bank.stories)

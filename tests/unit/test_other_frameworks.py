"""The coach, Practice and the downloads with other frameworks enabled (data/site.yml's frameworks:), from a hand bank.

Each framework gets its own coverage and loop plan from one analysis of the stories; links go to its pages; the
loop plan on a framework's view of the bank is still a maximum matching with the most primary stories.
"""

from __future__ import annotations

import csv
import io
import random

import pytest
from bs4 import BeautifulSoup

from star_bank.model import report as report_module
from star_bank.model.loop_plan import plan_loop
from star_bank.model.records import DEFAULT_FRAMEWORK_ID, Bank, Framework
from star_bank.model.report import build_report
from star_bank.views.coach_page import render_coach_page
from star_bank.views.downloads import build_anki_deck, build_csv
from star_bank.views.practice_page import render_practice_page
from star_bank.views.safe_html import SafeHtml
from star_bank.views.terminal import render_report

from .factories import MATRIX_BANK, PRINCIPLES, SITE, make_context, make_principle, make_settings, make_story
from .test_downloads import notes
from .test_loop_plan import brute_force_best
from .test_report import cell_text, html_tables

DEFAULT = Framework(PRINCIPLES)
GOOGLE = Framework(
    (
        make_principle("general-cognitive-ability", "General cognitive ability"),
        make_principle("leadership", "Leadership"),
        make_principle("googleyness", "Googleyness"),
    ),
    name="Google's *hiring* attributes",
    id="google",
)


def placed(story_id: str, default: tuple[str, ...], google: tuple[str, ...] = (), **fields: object):
    """A story with its principles in the default framework and, if any, in Google's."""
    placements = ((DEFAULT_FRAMEWORK_ID, default), *((("google", google),) if google else ()))
    return make_story(story_id, *default, placements=placements, **fields)


# cache-bug: Dive Deep (also Frugality); Googleyness (also Leadership). gpu-cut: Frugality; Leadership.
# log-dig: Dive Deep, not in Google's. Google's general cognitive ability has no story.
BANK = Bank(
    site=SITE,
    framework=DEFAULT,
    stories=(
        placed("cache-bug", ("dive-deep", "frugality"), ("googleyness", "leadership")),
        placed("gpu-cut", ("frugality",), ("leadership",)),
        placed("log-dig", ("dive-deep",)),
    ),
    frameworks=(DEFAULT, GOOGLE),
)


def coach_html(bank: Bank = BANK) -> str:
    settings = make_settings()
    ctx = make_context(bank, settings=settings)
    return ctx.fragments.expand(render_coach_page(ctx, build_report(bank, settings)).markdown)


# --- the report ---------------------------------------------------------------------------------------------------------


def test_each_other_framework_has_its_coverage_and_loop_plan_from_one_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    analyze = report_module.analyze_bank
    monkeypatch.setattr(report_module, "analyze_bank", lambda bank, settings: calls.append(bank) or analyze(bank, settings))
    report = build_report(BANK, make_settings())
    assert len(calls) == 1, "the stories are analysed once, whatever the frameworks"
    assert [a.story.id for a in report.analyses] == ["cache-bug", "gpu-cut", "log-dig"]
    (google,) = report.other_frameworks
    assert google.framework == GOOGLE
    assert [s.id for s in google.coverage.stories] == ["cache-bug", "gpu-cut"]
    assert [(row[0].id, *row[1:]) for row in google.matrix().rows] == [
        ("general-cognitive-ability", "", "", "0", "not covered"),
        ("leadership", "○", "●", "2", "target met"),
        ("googleyness", "●", "", "1", "1 more to go"),
    ]
    assert [(p.id, s.id) for p, s in google.loop_plan.assignment] == [("leadership", "gpu-cut"), ("googleyness", "cache-bug")]
    assert google.summary() == (
        "2 of 3 principles have a story; 2 of 3 are covered, counting stories that also fit",
        "Towards 2 stories per principle: 3 of 6",
        "Loop plan: 2 of 3 principles covered without repeating a story",
    )
    # The default framework's part is as it would be with no other framework.
    assert report.summary() == build_report(BANK.in_framework(DEFAULT_FRAMEWORK_ID), make_settings()).summary()
    assert build_report(MATRIX_BANK, make_settings()).other_frameworks == ()


def test_a_report_on_another_framework_sees_the_bank_as_it_does() -> None:
    report = build_report(BANK.in_framework("google"), make_settings(), loop=["googleyness", "leadership"])
    assert report.framework == GOOGLE
    assert [a.story.id for a in report.analyses] == ["cache-bug", "gpu-cut"]
    assert [(p.id, s.id) for p, s in report.loop_plan.assignment] == [("leadership", "gpu-cut"), ("googleyness", "cache-bug")]
    assert [other.framework.id for other in report.other_frameworks] == [DEFAULT_FRAMEWORK_ID]


def random_two_framework_bank(rng: random.Random) -> Bank:
    """Up to 6 principles in each of two frameworks and 7 stories, each in the default and, often, in the other."""
    default = Framework(tuple(make_principle(f"p{n}", f"P{n}") for n in range(rng.randint(1, 6))))
    other = Framework(tuple(make_principle(f"q{n}", f"Q{n}") for n in range(rng.randint(1, 6))), name="Other", id="other")
    stories = []
    for n in range(rng.randint(0, 7)):
        picks = {}
        for framework in (default, other):
            ids = [p.id for p in framework.principles]
            primary = rng.choice(ids)
            picks[framework.id] = (primary, *(pid for pid in ids if pid != primary and rng.random() < 0.3))
        google = picks["other"] if rng.random() < 0.7 else ()
        placements = ((DEFAULT_FRAMEWORK_ID, picks[DEFAULT_FRAMEWORK_ID]), *((("other", google),) if google else ()))
        stories.append(make_story(f"s{n}", *picks[DEFAULT_FRAMEWORK_ID], placements=placements))
    return Bank(site=SITE, framework=default, stories=tuple(stories), frameworks=(default, other))


def test_loop_plans_on_another_frameworks_view_match_brute_force() -> None:
    rng = random.Random(20261203)
    for _ in range(300):
        bank = random_two_framework_bank(rng)
        seen = bank.in_framework("other")
        ids = [p.id for p in seen.principles]
        loop = None if rng.random() < 0.5 else rng.sample(ids, rng.randint(0, len(ids)))
        planned = [pid for pid in ids if loop is None or pid in loop]
        plan = plan_loop(seen, loop)
        where = f"bank {bank.stories} loop {loop}"
        assigned = [(principle.id, story) for principle, story in plan.assignment]
        assert all(pid in story.principles_in("other") and pid in story.principles for pid, story in assigned), where
        assert len({story.id for _, story in assigned}) == len(assigned), where
        primaries = sum(story.principles_in("other")[0] == pid for pid, story in assigned)
        assert (plan.covered, primaries) == brute_force_best(seen, planned), where
        # The Coach page's plan for the framework is this one.
        (other,) = build_report(bank, make_settings()).other_frameworks
        assert plan_loop(seen) == other.loop_plan, where


# --- the Coach page and make coach ------------------------------------------------------------------------------------


def test_the_coach_page_shows_each_other_frameworks_matrix_and_loop_plan_under_anchors_of_its_own() -> None:
    page = coach_html()
    soup = BeautifulSoup(page, "html.parser")
    assert "## Coverage matrix: Google's <em>hiring</em> attributes { #coverage-google }" in page
    assert "## Loop plan: Google's <em>hiring</em> attributes { #loop-plan-google }" in page
    # After the default framework's sections, before the settings.
    assert page.index("{ #loop-plan }") < page.index("{ #coverage-google }") < page.index("{ #loop-plan-google }") < page.index("{ #settings }")
    (google,) = build_report(BANK, make_settings()).other_frameworks
    tables = html_tables(page)
    assert tables[3] == [[cell_text(c) for c in google.matrix().header], *([cell_text(c) for c in row] for row in google.matrix().rows)]
    assert tables[4] == [["Principle", "Story to tell"], ["General cognitive ability", "no distinct story left"], ["Leadership", "gpu-cut"], ["Googleyness", "cache-bug"]]
    matrix, loop = soup.find_all("table")[3:5]
    assert [a["href"] for a in matrix.select("thead a")] == ["../google/googleyness/#cache-bug", "../google/leadership/#gpu-cut"]
    assert [a["href"] for a in matrix.select("tbody th a")] == [
        "../google/general-cognitive-ability/", "../google/leadership/", "../google/googleyness/",
    ]  # fmt: skip
    assert [a["href"] for a in loop.select("td a")] == ["../google/leadership/#gpu-cut", "../google/googleyness/#cache-bug"]
    assert matrix.find_parent("div")["aria-label"] == "Which story answers which principle of Google's hiring attributes"
    # The default framework's tables still link to its own pages.
    assert soup.find_all("table")[1].select_one("thead a")["href"] == "../principles/dive-deep/#cache-bug"


def test_the_coach_page_of_one_framework_has_no_other_section() -> None:
    page = coach_html(MATRIX_BANK)
    assert "coverage-" not in page and "loop-plan-" not in page
    assert len(html_tables(page)) == 4


def test_the_terminal_names_the_framework_and_points_to_the_others() -> None:
    text = render_report(build_report(BANK.in_framework("google"), make_settings()))
    assert text.startswith("STAR coach: Google's *hiring* attributes (google)\n  2 stories,")
    assert "\n\nOther frameworks (make coach FRAMEWORK=<id> reports on one)\n" in text
    assert "  principles (Principles): Loop plan: 2 of 3 principles covered without repeating a story\n" in text
    default = render_report(build_report(BANK, make_settings()))
    assert default.startswith("STAR coach\n")
    assert "  google (Google's *hiring* attributes): Loop plan: 2 of 3 principles covered without repeating a story\n" in default
    assert "Other frameworks" not in render_report(build_report(MATRIX_BANK, make_settings()))


# --- the downloads ------------------------------------------------------------------------------------------------------


def test_the_csv_has_a_column_per_other_framework_with_its_titles_primary_first() -> None:
    text = build_csv(BANK, safe=SafeHtml(), include_follow_ups=True)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0])[-3:] == ["tags", "google", "follow_ups"]
    assert [row["google"] for row in rows] == ["Googleyness\nLeadership", "Leadership", ""]
    assert [row["principle_title"] for row in rows] == ["Dive Deep", "Frugality", "Dive Deep"]
    # No other framework: the same bytes as a bank that never had one.
    alone = Bank(site=SITE, framework=DEFAULT, stories=BANK.stories)
    assert build_csv(BANK.in_framework(DEFAULT_FRAMEWORK_ID), safe=SafeHtml(), include_follow_ups=True) == text
    assert "google" not in build_csv(alone, safe=SafeHtml(), include_follow_ups=True)


def test_the_deck_tags_each_story_per_framework_and_names_its_principles_there(tmp_path) -> None:
    bank = Bank(
        site=SITE,
        framework=DEFAULT,
        stories=(placed("cache-bug", ("dive-deep", "frugality"), ("googleyness", "leadership"), follow_ups=("Why?",)), BANK.stories[2]),
        frameworks=(DEFAULT, GOOGLE),
    )
    deck = build_anki_deck(bank, safe=SafeHtml(), include_follow_ups=True, title="STAR")
    found = notes(deck, tmp_path)
    cache_tags, log_tags = [tags.split() for _, _, tags, _ in found["STAR story"]]
    assert cache_tags == ["dive-deep", "frugality", "google::googleyness", "google::leadership"]
    assert log_tags == ["dive-deep"]
    fields = found["STAR story"][0][1]
    assert fields[-1] == "<p>It worked.</p><p><em>Google's <em>hiring</em> attributes:</em> Googleyness, Leadership</p>"
    assert found["STAR story"][1][1][-1] == "<p>It worked.</p>"
    assert found["STAR follow-up"][0][2].split() == ["dive-deep", "frugality", "google::googleyness", "google::leadership", "follow-up"]
    # The note types are the same ones: a deck already imported keeps updating.
    alone = build_anki_deck(Bank(site=SITE, framework=DEFAULT, stories=bank.stories), safe=SafeHtml(), include_follow_ups=True, title="STAR")
    assert set(notes(alone, tmp_path / "alone")) == set(found)


# --- Practice -----------------------------------------------------------------------------------------------------------


def test_practice_cards_carry_their_principles_in_each_framework_and_the_loop_offers_a_choice() -> None:
    ctx = make_context(BANK)
    soup = BeautifulSoup(ctx.fragments.expand(render_practice_page(ctx).markdown), "html.parser")
    cards = {card["data-story"]: card for card in soup.select("[data-practice-card]")}
    assert cards["cache-bug"]["data-principles"] == "dive-deep frugality"
    assert cards["cache-bug"]["data-principles-google"] == "googleyness leadership"
    assert cards["gpu-cut"]["data-principles-google"] == "leadership"
    assert not cards["log-dig"].has_attr("data-principles-google")
    choice = soup.select_one("[data-practice-framework]")
    assert choice["id"] == "star-practice-framework" and soup.select_one('label[for="star-practice-framework"]').get_text() == "Framework"
    assert [(o["value"], o.get_text()) for o in choice.select("option")] == [("principles", "Principles"), ("google", "Google's hiring attributes")]
    (hidden_list,) = soup.select("select[data-practice-loop-principles]")
    assert hidden_list["data-practice-loop-principles"] == "google"
    # The principles some story fits, in the framework's order, with how many fit each (as the filter's options).
    assert hidden_list.has_attr("hidden")
    assert [(o["value"], o.get_text()) for o in hidden_list.select("option")] == [("leadership", "Leadership (2)"), ("googleyness", "Googleyness (1)")]


def test_practice_with_one_framework_has_no_choice_of_framework() -> None:
    ctx = make_context(MATRIX_BANK)
    page = ctx.fragments.expand(render_practice_page(ctx).markdown)
    assert "data-practice-framework" not in page and "data-practice-loop-principles" not in page and "data-principles-" not in page

"""The coach's report: one object, its figures checked by hand, rendered alike by the Coach page and the terminal."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from star_bank.model.records import Principle, Story
from star_bank.model.report import Cell, Report, Table, build_report, describe_loop_plan
from star_bank.views.coach_page import COACH_PATH, render_coach_page
from star_bank.views.context import WORKBENCH
from star_bank.views.terminal import ABSENT, render_report
from unit.factories import MATRIX_BANK, copy_bank, load_project, load_sample, make_context, make_settings, make_story

SAMPLE_SUMMARY = (
    "10 stories, about 20 min to say them all, at 150 words per minute",
    "10 of 16 principles have a story; 13 of 16 are covered, counting stories that also fit",
    "Towards 2 stories per principle: 17 of 32",
    "Loop plan: 10 of 16 principles covered without repeating a story",
    "Hints: 10",
)
# A seed story's figures, counted by hand from its text (which tests/banks/sample keeps word for word).
SEED_ROW = ("46", "28", "148", "72", "294", "2 min", "50%", "percentage, money", "6 / 0", "1")


def sample_report(**settings: object) -> Report:
    return build_report(load_sample().bank, make_settings(**settings))


# --- the report's content ---------------------------------------------------------------------------------------------


def test_the_sample_banks_summary() -> None:
    assert sample_report().summary() == SAMPLE_SUMMARY


def test_the_summary_follows_the_settings() -> None:
    summary = sample_report(words_per_minute=120, stories_per_principle=3).summary()
    assert summary[0] == "10 stories, about 25 min to say them all, at 120 words per minute"
    assert summary[2] == "Towards 3 stories per principle: 17 of 48"


def test_the_summary_counts_private_stories_and_an_empty_bank() -> None:
    bank = dataclasses.replace(MATRIX_BANK, stories=(*MATRIX_BANK.stories[:2], make_story("draft", "think-big", private=True)))
    assert build_report(bank, make_settings()).summary()[0] == "3 stories (1 private), about 10 s to say them all, at 150 words per minute"
    empty = build_report(dataclasses.replace(MATRIX_BANK, stories=()), make_settings())
    assert empty.summary() == (
        "0 stories, nothing to say them all, at 150 words per minute",
        "0 of 3 principles have a story; 0 of 3 are covered, counting stories that also fit",
        "Towards 2 stories per principle: 0 of 6",
        "Loop plan: 0 of 3 principles covered without repeating a story",
        "Hints: 0",
    )


def test_a_seed_storys_row_has_its_hand_counted_figures() -> None:
    table = sample_report().story_table()
    assert table.header == ("Story", "S", "T", "A", "R", "Words", "Time", "Action", "Result's figures", "I / we", "Hints")
    row = next(row for row in table.rows if row[0].id == "simple-document-classifier")
    assert row[1:] == SEED_ROW


def test_every_hint_comes_with_its_story_in_the_banks_order() -> None:
    report = sample_report()
    assert [story.id for story, _ in report.hints] == [story.id for story in load_sample().bank.stories]
    # The sample writes no headline: taken from the Result where a sentence or clause with a figure fits, else none.
    assert {hint for _, hint in report.hints} == {
        "No headline: add one line that leads with the result",
        "No headline, and no sentence or clause of the Result with a figure fits one line: add one line that leads with the result",
    }


def test_the_matrix_marks_primary_and_also_fits_and_says_how_far_each_principle_is() -> None:
    matrix = build_report(MATRIX_BANK, make_settings()).matrix()
    assert matrix.header == ("Principle", *MATRIX_BANK.stories, "Stories", "Towards 2")
    assert [row[1:] for row in matrix.rows] == [
        ("●", "", "●", "2", "target met"),
        ("○", "●", "", "2", "target met"),
        ("", "", "", "0", "not covered"),
    ]
    assert [row[0] for row in matrix.rows] == list(MATRIX_BANK.principles)


def test_the_loop_plan_is_one_line_of_the_summary() -> None:
    report = build_report(MATRIX_BANK, make_settings())
    assert describe_loop_plan(report.loop_plan) == "Loop plan: 2 of 3 principles covered without repeating a story"
    assert describe_loop_plan(report.loop_plan) in report.summary()
    assert build_report(MATRIX_BANK, make_settings(), loop=["frugality"]).summary()[3] == (
        "Loop plan: 1 of 1 principles covered without repeating a story"
    )


def test_the_settings_table_shows_every_setting_its_unit_and_where_it_came_from(tmp_path: Path) -> None:
    loaded = load_project(copy_bank(tmp_path), {"STAR_COACH_PAGE": "true"})
    rows = {row[0]: row[1:] for row in build_report(loaded.bank, loaded.settings).settings_table().rows}
    assert rows["coach.words_per_minute"] == ("150", "Speaking rate behind every time on the site.", "data/site.yml")
    assert rows["coach.min_seconds"][0] == "60 (1 min)"
    assert rows["coach.max_seconds"][0] == "180 (3 min)"
    assert rows["coach.min_action_share"][0] == "0.4 (40%)"
    assert rows["publish.coach_page"][::2] == ("true", "STAR_COACH_PAGE")
    assert rows["publish.follow_ups"][::2] == ("false", "data/site.yml")
    assert list(rows) == [
        "publish.practice_page",
        "publish.coach_page",
        "publish.follow_ups",
        "publish.principles_without_stories",
        "publish.search_engines",
        "coach.words_per_minute",
        "coach.min_seconds",
        "coach.max_seconds",
        "coach.min_action_share",
        "coach.min_first_person_share",
        "coach.stories_per_principle",
        "coach.strict_hints",
        "theme.primary",
        "theme.accent",
    ]


# --- one report, two formatters ---------------------------------------------------------------------------------------


def cell_text(cell: Cell, *, terminal: bool = False, empty: str = "") -> str:
    """How a cell reads once rendered: a story by its id, a principle by its title."""
    if isinstance(cell, Story):
        return cell.id + (" (private)" if cell.private else "")
    if isinstance(cell, Principle):
        return cell.title
    return cell or empty


def shown_text(html: str) -> str:
    """The text of some HTML as it shows: the question read out beside a story's id left out."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select(".star-visually-hidden"):
        hidden.decompose()
    return soup.get_text()


def html_tables(markdown: str) -> list[list[list[str]]]:
    """Each table's rows of cell texts, as they show: the question read out beside a story's id left out."""
    soup = BeautifulSoup(markdown, "html.parser")
    for hidden in soup.select(".star-visually-hidden"):
        hidden.decompose()
    return [[[cell.get_text() for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")] for table in soup.find_all("table")]


def terminal_section(text: str, title: str) -> list[list[str]]:
    """One table of the terminal text, its rule line dropped, each line split into its cells."""
    block = text.split("\n\n")[[i for i, part in enumerate(text.split("\n\n")) if part.startswith(title)][0]]
    lines = block.splitlines()[1:]
    assert set(lines[1]) <= {"-", " "}, "a rule under the header"
    return [re.split(r" {2,}", line.strip()) for line in [lines[0], *lines[2:]]]


@pytest.fixture(params=["matrix", "sample", "workbench with a private story"])
def report_and_page(request: pytest.FixtureRequest) -> tuple[Report, str]:
    if request.param == "matrix":
        bank, view = MATRIX_BANK, "public"
    elif request.param == "sample":
        bank, view = load_sample().bank, "public"
    else:
        bank, view = dataclasses.replace(MATRIX_BANK, stories=(*MATRIX_BANK.stories, make_story("draft", "think-big", private=True))), WORKBENCH
    settings = make_settings()
    report = build_report(bank, settings)
    ctx = make_context(bank, settings=settings, view=view)
    return report, ctx.fragments.expand(render_coach_page(ctx, report).markdown)


def expected_rows(table: Table, *, terminal: bool = False, empty: str = "") -> list[list[str]]:
    """The table's header and rows as they should read; the terminal heads story columns with the stories' numbers."""
    numbers = iter(range(1, len(table.header) + 1))
    header = [str(next(numbers)) if terminal and isinstance(cell, Story) else cell_text(cell) for cell in table.header]
    return [header, *([cell_text(cell, terminal=terminal, empty=empty) for cell in row] for row in table.rows)]


def test_the_coach_page_shows_the_reports_summary_and_every_table(report_and_page: tuple[Report, str]) -> None:
    report, page = report_and_page
    summary = page.split("## Summary { #summary }\n\n", 1)[1].split("\n\n", 1)[0]
    assert summary.splitlines() == [f"- {line}" for line in report.summary()]
    assert html_tables(page) == [
        expected_rows(report.story_table()),
        expected_rows(report.matrix()),
        expected_rows(report.loop_table()),
        expected_rows(report.settings_table()),
    ]
    hints = page.split("## Hints { #hints }\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [shown_text(line) for line in hints] == [f"- {cell_text(story)}: {hint}" for story, hint in report.hints]


def test_the_terminal_prints_the_same_summary_and_tables(report_and_page: tuple[Report, str]) -> None:
    report, _ = report_and_page
    text = render_report(report)
    assert text.split("\n\n")[0].splitlines() == ["STAR coach", *(f"  {line}" for line in report.summary())]
    stories = expected_rows(report.story_table(), terminal=True)
    numbered = [["#", *stories[0]], *([str(n), *row] for n, row in enumerate(stories[1:], start=1))]
    assert terminal_section(text, "Stories") == numbered
    assert terminal_section(text, "Coverage matrix") == expected_rows(report.matrix(), terminal=True, empty=ABSENT)
    assert terminal_section(text, "Loop plan") == expected_rows(report.loop_table(), terminal=True)
    hints = text.split("\n\nHints\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert hints == [f"  {story.id}: {hint}" for story, hint in report.hints] or hints == ["  None: every story is within the thresholds."]


def test_the_coach_page_links_each_story_and_principle_to_its_page() -> None:
    report = build_report(MATRIX_BANK, make_settings())
    ctx = make_context(MATRIX_BANK)
    page = render_coach_page(ctx, report)
    assert (page.path, page.title) == (COACH_PATH, "Coach")
    assert page.meta["search"] == {"exclude": True}
    soup = BeautifulSoup(ctx.fragments.expand(page.markdown), "html.parser")
    matrix = soup.find_all("table")[1]
    assert [a["href"] for a in matrix.select("thead a")] == [
        "../principles/dive-deep/#cache-bug",
        "../principles/frugality/#gpu-cut",
        "../principles/dive-deep/#log-dig",
    ]
    assert matrix.select_one("thead a")["title"] == "Question of cache-bug?"
    assert [a["href"] for a in matrix.select("tbody th a")] == ["../principles/dive-deep/", "../principles/frugality/", "../principles/think-big/"]
    numeric = [th.get_text() for th in soup.find_all("table")[0].select("thead th.star-number")]
    assert numeric == ["S", "T", "A", "R", "Words", "Action", "Hints"]


def test_a_bank_with_no_hint_says_so_on_both() -> None:
    bank = dataclasses.replace(
        MATRIX_BANK,
        stories=(make_story("calm", "dive-deep", action="I " + " ".join(["word"] * 120), result="Churn fell 12%. " + " ".join(["word"] * 60)),),
    )
    report = build_report(bank, make_settings())
    ctx = make_context(bank)
    assert report.hints == ()
    assert "\n\nNone: every story is within the thresholds.\n" in render_coach_page(ctx, report).markdown
    assert "Hints\n  None: every story is within the thresholds.\n" in render_report(report)

"""Coverage, defined once and worded once: the same words on the workbench's home, quick reference, Coach page and terminal; none in public."""

from __future__ import annotations

import pytest

from star_bank.model.coverage import (
    ALSO_FITS_MARK,
    PRIMARY_MARK,
    CoverageRow,
    build_coverage,
    describe_coverage,
    describe_row,
    target_status,
)
from star_bank.model.report import build_report
from star_bank.views.coach_page import render_coach_page
from star_bank.views.context import WORKBENCH
from star_bank.views.principle_page import render_principle_page
from star_bank.views.reference import (
    fill_placeholders,
    render_bank_stats,
    render_principle_list,
    render_quick_reference,
)
from star_bank.views.terminal import render_report
from star_bank.views.whole_bank import render_whole_bank
from unit.factories import GAP_WORDING, MATRIX_BANK, PRINCIPLES, load_sample, make_context, make_settings, make_story


def row_with(primary: int, also_fits: int) -> CoverageRow:
    return CoverageRow(
        principle=PRINCIPLES[0],
        primary=tuple(make_story(f"own-{n}", "dive-deep") for n in range(primary)),
        also_fits=tuple(make_story(f"other-{n}", "frugality", "dive-deep") for n in range(also_fits)),
    )


def test_coverage_counts_primary_and_also_fits_towards_the_target() -> None:
    coverage = build_coverage(MATRIX_BANK, target=2)
    marks = [[row.mark(story) for story in coverage.stories] for row in coverage.rows]
    assert marks == [[PRIMARY_MARK, "", PRIMARY_MARK], [ALSO_FITS_MARK, PRIMARY_MARK, ""], ["", "", ""]]
    assert [([s.id for s in row.primary], [s.id for s in row.also_fits]) for row in coverage.rows] == [
        (["cache-bug", "log-dig"], []),
        (["gpu-cut"], ["cache-bug"]),
        ([], []),
    ]
    assert [(row.has_story, row.covered, row.stories) for row in coverage.rows] == [(True, True, 2), (True, True, 2), (False, False, 0)]
    assert (coverage.with_story, coverage.covered, coverage.progress, coverage.progress_goal) == (2, 2, 4, 6)
    assert coverage.row("frugality") is coverage.rows[1]
    # A principle with more stories than the target counts only up to the target.
    assert build_coverage(MATRIX_BANK, target=1).progress == 2


def test_a_principle_only_also_fit_is_covered_but_has_no_story() -> None:
    row = row_with(0, 1)
    assert (row.has_story, row.covered) == (False, True)


@pytest.mark.parametrize(
    ("primary", "also_fits", "words"),
    [
        (0, 0, "no story yet"),
        (1, 0, "1 story"),
        (3, 0, "3 stories"),
        (2, 1, "2 stories · 1 also fits"),
        (0, 2, "no story yet · 2 also fit"),
    ],
)
def test_a_principles_stories_in_words(primary: int, also_fits: int, words: str) -> None:
    assert describe_row(row_with(primary, also_fits)) == words


@pytest.mark.parametrize(
    ("primary", "also_fits", "target", "status"),
    [(0, 0, 2, "not covered"), (1, 0, 2, "1 more to go"), (0, 1, 3, "2 more to go"), (1, 1, 2, "target met"), (3, 0, 2, "target met")],
)
def test_target_status(primary: int, also_fits: int, target: int, status: str) -> None:
    assert target_status(row_with(primary, also_fits), target=target) == status


def test_the_bank_in_one_line() -> None:
    assert describe_coverage(build_coverage(MATRIX_BANK, target=2)) == (
        "2 of 3 principles have a story; 2 of 3 are covered, counting stories that also fit"
    )


def test_the_sample_banks_also_fits_cover_principles_with_no_story_of_their_own() -> None:
    bank = load_sample().bank
    stories = {story.id: story for story in bank.stories}
    assert stories["simple-document-classifier"].primary == "invent-and-simplify"
    assert "frugality" in stories["simple-document-classifier"].also_fits
    coverage = build_coverage(bank, target=2)
    assert [row.principle.id for row in coverage.rows if row.covered and not row.has_story] == [
        "are-right-a-lot",
        "insist-on-the-highest-standards",
        "frugality",
    ]
    assert describe_coverage(coverage) == "10 of 16 principles have a story; 13 of 16 are covered, counting stories that also fit"
    assert (coverage.progress, coverage.progress_goal) == (17, 32)


# --- one wording everywhere -----------------------------------------------------------------------------------------


@pytest.fixture(params=["matrix", "sample"])
def bank(request: pytest.FixtureRequest):  # noqa: ANN201 - a Bank
    return MATRIX_BANK if request.param == "matrix" else load_sample().bank


def test_every_page_and_the_terminal_word_coverage_alike(bank) -> None:  # noqa: ANN001
    settings = make_settings()
    ctx = make_context(bank, settings=settings, view=WORKBENCH)
    report = build_report(bank, settings)
    line = describe_coverage(ctx.coverage)
    expand = ctx.fragments.expand

    home = expand(render_bank_stats(ctx))
    coach = expand(render_coach_page(ctx, report).markdown)
    terminal = render_report(report)
    for text in (home, coach, terminal):
        assert text.count(line) == 1, text
    assert line in report.summary()


def test_every_page_and_the_terminal_word_each_principle_alike(bank) -> None:  # noqa: ANN001
    settings = make_settings()
    ctx = make_context(bank, settings=settings, view=WORKBENCH)
    report = build_report(bank, settings)
    principle_list = expand_lines(ctx, render_principle_list(ctx))
    quick_reference = ctx.fragments.expand(render_quick_reference(ctx))
    whole_bank = ctx.fragments.expand(render_whole_bank(ctx))
    coach = ctx.fragments.expand(render_coach_page(ctx, report).markdown)
    terminal = render_report(report).splitlines()
    for row, list_line in zip(ctx.coverage.rows, principle_list, strict=True):
        words = describe_row(row)
        status = target_status(row, target=ctx.coverage.target)
        # Home's principle list: "1. [Title](...) — 2 stories".
        assert list_line.endswith(f") — {words}")
        # The quick reference says it only for a principle with no story to list.
        if not row.covered:
            assert f"<td>{words.capitalize()}</td>" in quick_reference
        # The whole bank: each principle's section, or the closing line of those with no story of their own.
        assert f"({words})" in whole_bank
        # Coach page and terminal: the matrix's last column.
        assert f"<td>{status}</td></tr>" in coach
        terminal_row = next(line for line in terminal if line.startswith(row.principle.title + " ") and ("·" in line or "●" in line or "○" in line))
        assert terminal_row.endswith(f"  {status}")


@pytest.mark.parametrize("listed", [False, True], ids=["default", "principles-without-stories"])
def test_public_pages_word_no_coverage_and_no_gap(bank, listed: bool) -> None:  # noqa: ANN001
    """Whatever the owner lists, a recruiter reads stories, never counts of principles or what is missing."""
    ctx = make_context(bank, settings=make_settings(principles_without_stories=listed))
    names = ["home-header", "story-list", "coverage", "credits", "quick-reference-intro", "quick-reference", "downloads",
             "whole-bank-intro", "whole-bank"]
    hand_written, unknown = fill_placeholders("\n".join(f"<!-- star:{name} -->" for name in names), ctx)
    pages = [hand_written, *(render_principle_page(ctx, principle).markdown for principle in bank.principles)]
    text = ctx.fragments.expand("\n".join(pages))
    assert unknown == []
    assert GAP_WORDING.findall(text) == []
    workbench = make_context(bank, settings=make_settings(principles_without_stories=listed), view=WORKBENCH)
    assert GAP_WORDING.search(workbench.fragments.expand(fill_placeholders("<!-- star:coverage -->", workbench)[0]))


def expand_lines(ctx, markdown: str) -> list[str]:  # noqa: ANN001
    return ctx.fragments.expand(markdown).splitlines()

"""The coach, Practice and the downloads of a bank with Google's and Meta's frameworks enabled (tests/banks/multi-framework),
in real builds and in the terminal: `python -m star_bank coach --framework` as `make coach FRAMEWORK=` runs it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import BANKS, PUBLISHED_SITE_URL, CommandResult, SharedBuilds, make_project
from star_bank.model.coverage import build_coverage
from star_bank.model.load import load_data
from star_bank.model.loop_plan import plan_loop
from star_bank.model.records import Bank
from test_coach import cells, run_star_bank, soup

MULTI_BANK = BANKS / "multi-framework"
OTHERS = ("google", "meta")
PRIVATE_STORY = "secret-google-only-story"  # private, mapped into Google's framework only


def multi_bank() -> Bank:
    return load_data(MULTI_BANK, display_root=MULTI_BANK.parent, env={}).bank


@pytest.fixture(scope="module")
def multi_workbench(builds: SharedBuilds) -> Path:
    return builds.site(MULTI_BANK, env={"STAR_VIEW": "workbench"})


@pytest.fixture(scope="module")
def multi_public(builds: SharedBuilds) -> Path:
    return builds.site(MULTI_BANK, env={"SITE_URL": PUBLISHED_SITE_URL})


@pytest.fixture(scope="module")
def multi_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("cli-frameworks") / "project", bank=MULTI_BANK)


def section_tables(article: BeautifulSoup, anchor: str) -> BeautifulSoup:
    """The first table after the heading `anchor`."""
    return article.find(id=anchor).find_next("table")


# --- the Coach page ---------------------------------------------------------------------------------------------------


def test_the_coach_page_has_a_matrix_and_a_loop_plan_per_framework_linking_to_its_pages(multi_workbench: Path) -> None:
    page = soup(multi_workbench, "coach/index.html")
    article = page.select_one("article")
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), "every anchor once"
    headings = [h["id"] for h in article.find_all("h2")]
    assert headings == [
        "summary", "stories", "hints", "coverage", "loop-plan",
        "coverage-google", "loop-plan-google", "coverage-meta", "loop-plan-meta", "settings",
    ]  # fmt: skip
    bank = multi_bank()  # the workbench shows the private story too
    for fid in OTHERS:
        seen = bank.in_framework(fid)
        matrix, loop = section_tables(article, f"coverage-{fid}"), section_tables(article, f"loop-plan-{fid}")
        assert [cells(row)[0] for row in matrix.select("tbody tr")] == [p.title for p in seen.principles]
        assert [th.get_text(strip=True) for th in matrix.select("thead th")][1:-2] == [s.id + ("(private)" if s.private else "") for s in seen.stories]
        plan = plan_loop(seen)
        chosen = {p.title: s.id + (" (private)" if s.private else "") for p, s in plan.assignment}
        assert {cells(row)[0]: cells(row)[1] for row in loop.select("tbody tr")} == {
            p.title: chosen.get(p.title, "no distinct story left") for p in seen.principles
        }
        # Every link of the framework's tables leads to its own pages, and to the story's anchor there.
        for link in [*matrix.select("a"), *loop.select("a")]:
            target = urlsplit(urljoin("https://site/coach/", link["href"]))
            assert target.path.startswith(f"/{fid}/"), link["href"]
            html_file = multi_workbench / target.path.strip("/") / "index.html"
            assert html_file.exists(), link["href"]
            if target.fragment:
                assert BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser").find(id=target.fragment), link["href"]
    # The private story is told for Google's Leadership nowhere but here, in the workbench.
    assert PRIVATE_STORY in section_tables(article, "coverage-google").get_text()


# --- make coach FRAMEWORK= ----------------------------------------------------------------------------------------------


def test_make_coach_reports_on_the_framework_it_is_given(multi_project: Path, star_bank_cli: Callable[..., CommandResult]) -> None:
    completed = star_bank_cli(multi_project, "coach", "--framework", "google", "--loop", "googleyness,leadership")
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[0] == "STAR coach: Google's hiring attributes (google)"
    assert "  Loop plan: 2 of 2 principles covered without repeating a story" in lines
    plan = completed.stdout.split("Loop plan: one distinct story per principle\n", 1)[1].split("\n\n", 1)[0].splitlines()
    told = dict(re.split(r" {2,}", line.strip()) for line in plan[2:])
    expected = plan_loop(multi_bank().in_framework("google"), ["googleyness", "leadership"])
    assert told == {p.title: s.id + (" (private)" if s.private else "") for p, s in expected.assignment}
    matrix = completed.stdout.split("Coverage matrix", 1)[1].split("\n\n", 1)[0]
    assert "Role-related knowledge" in matrix and "Customer Obsession" not in matrix
    assert "  principles (Amazon" in completed.stdout.split("Other frameworks", 1)[1]
    # Empty is the default framework, as with no FRAMEWORK at all.
    default = star_bank_cli(multi_project, "coach", "--framework", "")
    assert default.returncode == 0 and default.stdout == star_bank_cli(multi_project, "coach").stdout
    assert default.stdout.startswith("STAR coach\n")


def test_make_coach_refuses_an_unknown_framework_in_one_line(multi_project: Path, star_bank_cli: Callable[..., CommandResult]) -> None:
    completed = star_bank_cli(multi_project, "coach", "--framework", "gogle")
    assert (completed.returncode, completed.stdout) == (2, "")
    assert completed.stderr == (
        "FRAMEWORK='gogle' is not a framework of this site; did you mean 'google'? "
        "Framework ids: principles, google, meta (data/site.yml's frameworks: enables more)\n"
    )
    # A loop is read in the framework given: Amazon's ids are not Google's.
    loop = star_bank_cli(multi_project, "coach", "--framework", "google", "--loop", "ownership")
    assert loop.returncode == 1
    assert loop.stderr.startswith("'ownership' is not a principle id") and "general-cognitive-ability, role-related-knowledge" in loop.stderr
    # As `make coach` runs it: no traceback, the same line.
    wired = run_star_bank(multi_project, "coach", "--framework", "no-such\x1b[31m")
    assert (wired.returncode, wired.stdout) == (2, "")
    assert wired.stderr.startswith("FRAMEWORK='no-such\\x1b[31m' is not a framework of this site.") and wired.stderr.count("\n") == 1


# --- the public site: Practice and the downloads ------------------------------------------------------------------------


def test_practice_cards_carry_each_frameworks_principles_and_no_private_story(multi_public: Path) -> None:
    page = (multi_public / "practice" / "index.html").read_text(encoding="utf-8")
    assert PRIVATE_STORY not in page
    parsed = BeautifulSoup(page, "html.parser")
    public = multi_bank().without_private()
    for card in parsed.select("[data-practice-card]"):
        story = public.story(card["data-story"])
        for fid in OTHERS:
            assert card.get(f"data-principles-{fid}", "") == " ".join(story.principles_in(fid)), (story.id, fid)
    choice = parsed.select_one("select[data-practice-framework]")
    assert [option["value"] for option in choice.select("option")] == ["principles", *OTHERS]
    for fid in OTHERS:
        hidden_list = parsed.select_one(f'select[data-practice-loop-principles="{fid}"]')
        covered = [row.principle.id for row in build_coverage(public.in_framework(fid), target=2).rows if row.covered]
        assert [option["value"] for option in hidden_list.select("option")] == covered


def test_the_csv_has_a_column_per_framework_and_the_deck_its_tags(multi_public: Path) -> None:
    text = (multi_public / "downloads" / "star-stories.csv").read_text(encoding="utf-8-sig")
    assert PRIVATE_STORY not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[10:] == ["tags", "google", "meta"]
    public = multi_bank().without_private()
    for row in rows:
        story = public.story(row["id"])
        for fid in OTHERS:
            framework = next(f for f in public.frameworks if f.id == fid)
            assert row[fid] == "\n".join(framework.principle(pid).title for pid in story.principles_in(fid)), (row["id"], fid)
    assert any(row["google"] for row in rows) and any(not row["google"] for row in rows)

"""The STAR coach in real builds and in the terminal: the Coach and Practice pages, hints and strict_hints, settings
that stop a build, and `python -m star_bank coach` / `story` run as `make` runs them (PYTHONPATH=hooks)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SAMPLE_BANK, BuildResult, CommandResult, edit_site, make_project, run_build, write_story
from star_bank.build import BuildStopped, read_environment, start_build

STAR_PARTS = ["situation", "task", "action", "result"]
SEED_STORIES = sorted(path.stem for path in (SAMPLE_BANK / "stories").glob("*.yml"))
SAMPLE_SUMMARY = [
    "10 stories, about 20 min to say them all, at 150 words per minute",
    "10 of 16 principles have a story; 13 of 16 are covered, counting stories that also fit",
    "Towards 2 stories per principle: 17 of 32",
    "Loop plan: 10 of 16 principles covered without repeating a story",
    "Hints: 10",
]
# A seed story's figures, counted by hand from its text (which tests/banks/sample keeps word for word).
SEED_ROW = ["46", "28", "148", "72", "294", "2 min", "50%", "percentage, money", "6 / 0", "1"]
FOLLOW_UPS = ["What would you do differently?", "How did you know it was not drift?"]


def soup(site: Path, page: str) -> BeautifulSoup:
    """A built page as it shows: the question read out beside a story's id in the Coach tables left out."""
    parsed = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    for hidden in parsed.select(".star-visually-hidden"):
        hidden.decompose()
    return parsed


def cells(row: BeautifulSoup) -> list[str]:
    return [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]


def run_star_bank(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m star_bank ...` as `make coach` and `make story` run it, from another folder."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("STAR_")}
    return subprocess.run(
        [sys.executable, "-m", "star_bank", "--root", str(project), *args],
        cwd=project.parent,
        capture_output=True,
        text=True,
        env={**clean, "PYTHONPATH": str(ROOT / "hooks"), **(env or {})},
        timeout=120,
    )


# --- the Coach page ---------------------------------------------------------------------------------------------------


def test_coach_page_shows_summary_figures_matrix_loop_plan_and_settings(workbench_site: Path) -> None:
    article = soup(workbench_site, "coach/index.html").select_one("article")
    summary = article.find(id="summary").find_next("ul")
    assert [li.get_text() for li in summary.select("li")] == SAMPLE_SUMMARY
    stories_table, matrix, loop_table, settings_table = article.select("table")

    story_rows = {row.select_one("th").get_text(strip=True): cells(row)[1:] for row in stories_table.select("tbody tr")}
    assert list(story_rows) == SEED_STORIES
    assert story_rows["simple-document-classifier"] == SEED_ROW

    header = [th.get_text(strip=True) for th in matrix.select("thead th")]
    assert header == ["Principle", *SEED_STORIES, "Stories", "Towards 2"]
    assert matrix.select_one("thead a")["href"] == f"../principles/customer-obsession/#{SEED_STORIES[0]}"
    rows = {cells(row)[0]: cells(row)[1:] for row in matrix.select("tbody tr")}
    assert len(rows) == 16
    frugality = rows["Frugality"]
    assert frugality[SEED_STORIES.index("simple-document-classifier")] == "○"
    assert frugality[SEED_STORIES.index("churn-prediction-deadline")] == "○"
    assert frugality[-2:] == ["2", "target met"]
    assert rows["Invent and Simplify"][SEED_STORIES.index("simple-document-classifier")] == "●"
    assert [title for title, row in rows.items() if row[-1] == "not covered"] == [
        "Hire and Develop the Best",
        "Strive to be Earth's Best Employer",
        "Success and Scale Bring Broad Responsibility",
    ]
    assert all(row[-2] == "0" for title, row in rows.items() if row[-1] == "not covered")

    plan = [cells(row) for row in loop_table.select("tbody tr")]
    assert len(plan) == 16 and sum(story != "no distinct story left" for _, story in plan) == 10
    told = [story for _, story in plan if story != "no distinct story left"]
    assert len(set(told)) == len(told) and set(told) <= set(SEED_STORIES)

    settings = {cells(row)[0]: cells(row)[1:] for row in settings_table.select("tbody tr")}
    assert settings["coach.words_per_minute"] == ["150", "Speaking rate behind every time on the site.", "data/site.yml"]
    assert settings["coach.max_seconds"][0] == "180 (3 min)"


def test_coach_and_practice_pages_stay_out_of_search_and_principle_pages_show_only_speaking_time(workbench_site: Path) -> None:
    index = json.loads((workbench_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {entry["location"].split("#")[0] for entry in index["docs"]}
    assert "coach/" not in locations and "practice/" not in locations
    page = soup(workbench_site, "principles/invent-and-simplify/index.html")
    facts = page.find(id="simple-document-classifier").find_next("p", class_="star-facts").get_text(" ", strip=True)
    assert facts.endswith("Speaking time: about 2 min")
    text = page.select_one("article").get_text()
    assert "Result has no number" not in text and "No headline:" not in text and "Hints" not in text
    frugality = soup(workbench_site, "principles/frugality/index.html")
    assert frugality.find(id="simple-document-classifier") is not None  # the seed's "also fits"


def test_the_public_site_has_practice_but_no_coach_by_default(built_site: Path) -> None:
    assert not (built_site / "coach").exists()
    assert "coach/" not in (built_site / "index.html").read_text(encoding="utf-8")  # not in the navigation
    assert "coach/" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert (built_site / "practice" / "index.html").is_file()


def practice_texts(site: Path, story_id: str) -> dict[str, BeautifulSoup]:
    """A Practice card's parts, by name, as the page fetches them: from the file of story texts its card points to."""
    page = soup(site, "practice/index.html")
    names = page.select_one("[data-star-practice]")["data-practice-texts"].split()
    card = page.select_one(f'[data-story="{story_id}"]')
    texts = json.loads((site / "practice" / names[int(card["data-practice-text"])]).read_text(encoding="utf-8"))
    return {part: BeautifulSoup(html, "html.parser") for part, html in texts["stories"][story_id].items()}


def test_practice_page_has_one_card_per_story_with_parts_in_star_order(built_site: Path) -> None:
    page = soup(built_site, "practice/index.html")
    assert [card["data-story"] for card in page.select("[data-practice-card]")] == SEED_STORIES
    card = page.select_one('[data-story="simple-document-classifier"]')
    assert card["data-principles"] == "invent-and-simplify frugality"
    assert card["data-seconds"] == "118" and card["data-estimate"] == "about 2 min"
    parts = practice_texts(built_site, "simple-document-classifier")
    assert list(parts) == STAR_PARTS
    assert "$6,000/month to run" in parts["situation"].get_text()
    headline = parts["result"].select_one(".star-practice__headline").get_text(" ", strip=True)
    assert headline == "Headline: We deployed the simple approach, reducing infrastructure costs by 99% ($6,000 to $50/month)"
    scripts = [script.get("src") for script in page.select("script[src]")]
    assert "../assets/javascripts/practice.js" in scripts
    assert all(src.startswith("../") for src in scripts)  # nothing from another host
    assert page.select_one("[data-practice-controls]").has_attr("hidden")  # shown by the script only


# --- hints, follow-ups and strict_hints in a real build ---------------------------------------------------------------


@pytest.fixture(scope="module")
def hinted_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample bank with a story that earns hints and a story with follow-ups."""
    project = make_project(tmp_path_factory.mktemp("coach") / "project")
    write_story(project, "vague-savings", principles=["frugality"], action="We turned things off.", result="Everyone was pleased.")
    story = project / "data" / "stories" / "fraud-precision-root-cause.yml"
    with story.open("a", encoding="utf-8") as stream:
        stream.write("follow_ups:\n" + "".join(f"  - {json.dumps(question)}\n" for question in FOLLOW_UPS))
    return project


VAGUE_HINTS = [
    "Takes about 5 s to say, under 1 min: add what you did and what it changed",
    "Action is 24% of the words, under 40%: give the Action more and the Situation less",
    "Result has no number: add the measured outcome",
    # "Everyone was pleased." has no figure: no headline to take from it either.
    "No headline, and no sentence or clause of the Result with a figure fits one line: add one line that leads with the result",
    "Action never says “I”: say what you did yourself",
]


@pytest.fixture(scope="module")
def hinted_workbench(hinted_project: Path) -> BuildResult:
    return run_build(hinted_project, env={"STAR_VIEW": "workbench"})


def test_hints_never_fail_the_build_by_default(hinted_workbench: BuildResult) -> None:
    assert hinted_workbench.returncode == 0, hinted_workbench.output
    page = soup(hinted_workbench.site, "coach/index.html")
    hints = [li.get_text() for li in page.find(id="hints").find_next("ul").select("li")]
    assert [hint.removeprefix("vague-savings: ") for hint in hints if hint.startswith("vague-savings: ")] == VAGUE_HINTS
    assert "Hints: 15" in page.find(id="summary").find_next("ul").get_text()


def test_follow_ups_are_collapsed_under_the_story_and_come_with_the_result_in_practice(hinted_workbench: BuildResult) -> None:
    page = soup(hinted_workbench.site, "principles/dive-deep/index.html")
    block = page.find(id="fraud-precision-root-cause").find_next("details", class_="question")
    assert not block.has_attr("open")
    assert block.select_one("summary").get_text(strip=True) == "Likely follow-ups"
    assert [li.get_text() for li in block.select("li")] == FOLLOW_UPS
    result_part = practice_texts(hinted_workbench.site, "fraud-precision-root-cause")["result"]
    assert [li.get_text() for li in result_part.select("li")] == FOLLOW_UPS
    assert result_part.get_text().index("precision jumped back") < result_part.get_text().index("Likely follow-ups")


def test_strict_hints_turn_hints_into_a_build_failure(hinted_project: Path) -> None:
    result = run_build(hinted_project, env={"STAR_COACH_STRICT": "true"})
    assert result.returncode != 0
    assert "The STAR coach has 15 hints and coach.strict_hints is on:" in result.output
    for hint in VAGUE_HINTS:
        assert f"  data/stories/vague-savings.yml: {hint}" in result.output
    assert "Traceback" not in result.output


# Messages in-process: the build prints BuildStopped as it is (tests/test_bad_data.py builds once to prove it).


def test_a_setting_out_of_its_limits_stops_the_build_naming_file_line_and_field(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    site = project / "data" / "site.yml"
    lines = site.read_text(encoding="utf-8").splitlines()
    line = lines.index("  words_per_minute: 150")
    lines[line] = "  words_per_minute: 1000"
    site.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(BuildStopped) as stopped:
        start_build(project, environment=read_environment({}, serving=False), env={}, serving=False)
    assert stopped.value.title == "The data has 1 problem; fix it and build again:"
    assert stopped.value.lines == [f"data/site.yml:{line + 1}: coach.words_per_minute: must be from 60 to 300, not the number 1000"]


def test_a_bad_override_stops_the_build_naming_the_variable() -> None:
    with pytest.raises(BuildStopped) as stopped:
        read_environment({"STAR_COACH_PAGE": "perhaps"}, serving=False)
    assert stopped.value.lines == ["STAR_COACH_PAGE='perhaps': must be true or false (also 1/0, yes/no, on/off; empty means unset)"]


def test_the_coach_page_follows_its_thresholds(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    edit_site(project, coach={"words_per_minute": 120, "max_seconds": 150})
    result = run_build(project, env={"STAR_COACH_PAGE": "true"})
    assert result.returncode == 0, result.output
    article = soup(result.site, "coach/index.html").select_one("article")
    summary = [li.get_text() for li in article.find(id="summary").find_next("ul").select("li")]
    assert summary[0] == "10 stories, about 25 min to say them all, at 120 words per minute"
    assert "shared-ml-platform: Takes about 2 min 45 s to say, over 2 min 30 s: cut the Situation and Task to a sentence or two" in [
        li.get_text() for li in article.find(id="hints").find_next("ul").select("li")
    ]
    settings = {cells(row)[0]: cells(row)[1:] for row in article.select("table")[-1].select("tbody tr")}
    assert settings["publish.coach_page"][::2] == ["true", "STAR_COACH_PAGE"]
    page = soup(result.site, "principles/invent-and-simplify/index.html")
    facts = page.find(id="simple-document-classifier").find_next("p", class_="star-facts").get_text(" ", strip=True)
    assert facts.endswith("Speaking time: about 2 min 25 s")


# --- make coach: python -m star_bank coach ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("cli") / "project")


def test_make_coach_prints_the_summary_figures_and_matrix(sample_project: Path, star_bank_cli: Callable[..., CommandResult]) -> None:
    completed = star_bank_cli(sample_project, "coach")
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[:6] == ["STAR coach", *(f"  {line}" for line in SAMPLE_SUMMARY)]
    rows = {line.split()[1]: line.split() for line in lines if len(line.split()) > 1 and line.split()[1] in SEED_STORIES}
    number = str(SEED_STORIES.index("simple-document-classifier") + 1)
    assert rows["simple-document-classifier"] == [number, "simple-document-classifier", "46", "28", "148", "72", "294", "2", "min", "50%", "percentage,", "money", "6", "/", "0", "1"]
    frugality = next(line for line in lines if line.startswith("Frugality "))
    marks = frugality.split()[1 : 1 + len(SEED_STORIES)]
    assert marks[SEED_STORIES.index("simple-document-classifier")] == "○"
    assert marks[SEED_STORIES.index("churn-prediction-deadline")] == "○"
    assert frugality.endswith("2  target met")
    assert next(line for line in lines if line.startswith("Hire and Develop the Best ")).endswith("0  not covered")
    assert completed.stderr == ""


def test_make_coach_lists_hints_and_fails_only_when_strict(hinted_project: Path, star_bank_cli: Callable[..., CommandResult]) -> None:
    completed = star_bank_cli(hinted_project, "coach")
    assert completed.returncode == 0, completed.stderr
    for hint in VAGUE_HINTS:
        assert f"  vague-savings: {hint}" in completed.stdout
    assert "  Hints: 15" in completed.stdout
    assert star_bank_cli(hinted_project, "coach", env={"STAR_COACH_STRICT": "true"}).returncode == 1


def test_make_coach_reports_bad_data_without_a_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    write_story(project, "broken", result="")
    completed = run_star_bank(project, "coach")
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr == "The data has problems:\n  data/stories/broken.yml:8: result: must not be empty\n"


def test_make_coach_plans_the_loop_it_is_given(sample_project: Path, star_bank_cli: Callable[..., CommandResult]) -> None:
    completed = star_bank_cli(sample_project, "coach", "--loop", "dive-deep, frugality,invent-and-simplify,dive-deep")
    assert completed.returncode == 0, completed.stderr
    assert "  Loop plan: 3 of 3 principles covered without repeating a story" in completed.stdout.splitlines()
    plan = completed.stdout.split("Loop plan: one distinct story per principle\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert re.split(r" {2,}", plan[0]) == ["Principle", "Story to tell"]
    told = dict(re.split(r" {2,}", line.strip()) for line in plan[2:])
    # In the bank's order; simple-document-classifier fits two of them and is told for one only.
    assert list(told) == ["Invent and Simplify", "Frugality", "Dive Deep"]
    assert len(set(told.values())) == 3 and set(told.values()) <= set(SEED_STORIES)


def test_make_coach_says_when_a_loop_needs_a_story_twice(sample_project: Path, star_bank_cli: Callable[..., CommandResult]) -> None:
    # Are Right, A Lot and Customer Obsession have one story between them: autocomplete-customer-outcomes.
    completed = star_bank_cli(sample_project, "coach", "--loop", "customer-obsession,are-right-a-lot")
    assert completed.returncode == 0, completed.stderr
    assert "  Loop plan: 1 of 2 principles covered without repeating a story" in completed.stdout.splitlines()
    assert "no distinct story left" in completed.stdout


def test_make_coach_refuses_a_loop_of_unknown_principles(sample_project: Path, star_bank_cli: Callable[..., CommandResult]) -> None:
    completed = star_bank_cli(sample_project, "coach", "--loop", "dive-deep,dive-deeep,no-such-principle")
    assert completed.returncode == 1
    assert completed.stdout == ""
    problems = completed.stderr.splitlines()
    assert len(problems) == 2
    assert problems[0].startswith("'dive-deeep' is not a principle id; did you mean 'dive-deep'?")
    assert problems[1].startswith("'no-such-principle' is not a principle id")
    for line in problems:
        assert "customer-obsession" in line and "success-and-scale-bring-broad-responsibility" in line  # lists the ids


# --- make story: python -m star_bank story ------------------------------------------------------------------------------


def test_make_story_writes_a_private_draft_that_builds(tmp_path: Path, star_bank_cli: Callable[..., CommandResult]) -> None:
    project = make_project(tmp_path / "project")
    completed = star_bank_cli(project, "story", "feature-store-migration", "dive-deep")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "Wrote data/stories/feature-store-migration.yml: fill in every field, then `make serve` shows it.\n"
    again = star_bank_cli(project, "story", "feature-store-migration", "dive-deep")
    assert (again.returncode, again.stderr) == (1, "feature-store-migration.yml already exists; edit it, or choose another ID\n")
    unknown = star_bank_cli(project, "story", "another-one", "ownershp")
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("PRINCIPLE='ownershp': unknown principle (did you mean 'ownership'?); one of:\n  customer-obsession\n")
    bad_id = star_bank_cli(project, "story", "Another One", "ownership")
    assert bad_id.returncode == 1 and bad_id.stderr.startswith("ID='Another One': must be lowercase letters")
    public = run_build(project)  # a draft is private: the published site never shows it
    assert public.returncode == 0, public.output
    assert "feature-store-migration" not in (public.site / "principles" / "dive-deep" / "index.html").read_text(encoding="utf-8")
    workbench = run_build(project, env={"STAR_VIEW": "workbench"})
    assert workbench.returncode == 0, workbench.output
    assert soup(workbench.site, "principles/dive-deep/index.html").find(id="feature-store-migration") is not None

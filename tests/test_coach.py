"""The STAR coach: analytics on hand-made stories with known figures, the Coach and Practice pages in the real
build, the settings, the follow-ups field, and `make coach`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import star_coach
import star_coach_cli
import star_coach_page
import star_data
import star_pages
import star_practice
from conftest import ROOT, BuildResult, copy_project, run_build
from star_coach import CoachSettings
from star_data import Bank, Principle, Story

BAD_FOLLOW_UPS = Path(__file__).parent / "bad_follow_ups"
DEFAULTS = CoachSettings()


def words(count: int, word: str = "word") -> str:
    return " ".join([word] * count)


def make_story(
    story_id: str,
    *principles: str,
    situation: str = "",
    task: str = "",
    action: str = "",
    result: str = "",
    follow_ups: tuple[str, ...] = (),
) -> Story:
    return Story(
        id=story_id,
        principles=principles or ("dive-deep",),
        question=f"Tell me about {story_id}?",
        situation=situation or words(10),
        task=task or words(10),
        action=action or "I " + words(19),
        result=result or "It saved 5 hours. " + words(6),
        tags=(),
        source=f"data/stories/{story_id}.yml",
        follow_ups=follow_ups,
    )


def make_principle(principle_id: str, title: str) -> Principle:
    return Principle(id=principle_id, title=title, summary=f"{title}.", ai_ml_angle=f"{title} angle.")


# --- words and time -------------------------------------------------------------------------------------------


def test_words_are_pieces_with_a_letter_or_digit_and_link_targets_are_not_said() -> None:
    assert star_coach.count_words("I cut costs from $6,000 to $50/month — a 99% drop.") == 10
    assert star_coach.count_words("See [the report](https://example.com/a b) now") == 4
    assert star_coach.count_words("  \n ") == 0


def test_speaking_time_at_150_words_per_minute_reads_like_2_min_40_s() -> None:
    assert star_coach.speaking_seconds(400, words_per_minute=150) == 160
    assert star_coach.format_speaking_time(160) == "about 2 min 40 s"
    assert star_coach.format_speaking_time(180) == "about 3 min"
    assert star_coach.format_speaking_time(43) == "about 45 s"  # to the nearest 5 seconds
    assert star_coach.format_speaking_time(62) == "about 1 min"
    assert star_coach.format_duration(200) == "3 min 20 s"


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
    assert star_coach.find_quantities(result) == kinds


def test_first_person_against_we_counts_words_not_letters() -> None:
    # "i.e." and "US" (the country) are not pronouns; "my" and "us" are.
    assert star_coach.count_pronouns("I led it, i.e. my plan; we shipped it to us and our US office. Myself? We'll see.") == (3, 4)


# --- one story, known figures ---------------------------------------------------------------------------------


def test_a_balanced_story_has_its_figures_and_no_hint() -> None:
    story = make_story(
        "balanced",
        situation=words(50),
        task=words(30),
        action="I " + words(119),  # 120 words, 40% of 300: on the threshold, not under it
        result="Churn fell 12% in 3 months. " + words(94),
    )
    analysis = star_coach.analyze_story(story, DEFAULTS)
    assert analysis.words == {"situation": 50, "task": 30, "action": 120, "result": 100}
    assert analysis.total_words == 300
    assert analysis.seconds == 120
    assert [round(analysis.share(part), 2) for part in star_data.STAR_PARTS] == [0.17, 0.1, 0.4, 0.33]
    assert analysis.result_quantities == ("percentage", "time")
    assert (analysis.first_person, analysis.collective, analysis.first_person_share) == (1, 0, 1.0)
    assert analysis.hints == ()


def test_a_long_we_story_with_a_vague_result_gets_every_matching_hint() -> None:
    story = make_story(
        "rambling",
        situation=words(250),
        task=words(100),
        action="We planned it and we built it and I tested it and our team shipped it " + words(84),  # 100 words
        result="Everyone was happy. " + words(97),  # 100 words
    )
    analysis = star_coach.analyze_story(story, DEFAULTS)
    assert analysis.total_words == 550
    assert analysis.seconds == 220
    assert (analysis.first_person, analysis.collective) == (1, 3)
    assert analysis.hints == (
        "Takes about 3 min 40 s to say, over 3 min: cut the Situation and Task to a sentence or two",
        "Action is 18% of the words, under 40%: give the Action more and the Situation less",
        "Result has no number: add the measured outcome",
        "Action says “we” 3 times and “I” 1: say what you did yourself",
    )


def test_a_short_story_without_i_gets_the_short_and_never_i_hints() -> None:
    story = make_story("terse", situation=words(10), task=words(10), action=words(40), result="Saved $5,000. " + words(38))
    analysis = star_coach.analyze_story(story, DEFAULTS)
    assert analysis.seconds == 40
    assert analysis.first_person_share is None
    assert analysis.hints == (
        "Takes about 40 s to say, under 1 min: add what you did and what it changed",
        "Action never says “I”: say what you did yourself",
    )


def test_thresholds_come_from_the_settings() -> None:
    story = make_story("paced", situation=words(200), task=words(100), action="I " + words(199), result="Up 5%. " + words(98))
    # 600 words: 4 min at 150 wpm (too long), 3 min at 200 wpm (not over 3 min).
    assert star_coach.analyze_story(story, DEFAULTS).hints[0].startswith("Takes about 4 min to say, over 3 min")
    relaxed = CoachSettings(words_per_minute=200, min_action_share=0.3)
    assert star_coach.analyze_story(story, relaxed).hints == ()


# --- settings -------------------------------------------------------------------------------------------------


def test_settings_default_to_the_documented_values() -> None:
    settings, errors = star_coach.load_settings(None)
    assert errors == []
    assert (settings.words_per_minute, settings.min_seconds, settings.max_seconds, settings.min_action_share) == (150, 60, 180, 0.4)
    assert (settings.coach_page, settings.practice_page, settings.strict_hints) == (True, True, False)


def test_mkdocs_yml_states_the_defaults_in_one_place() -> None:
    settings, errors = star_coach.load_settings(read_mkdocs_yml(ROOT / "mkdocs.yml")["extra"]["star_coach"])
    assert errors == []
    assert settings == DEFAULTS


def test_bad_settings_are_each_named_with_what_is_wrong() -> None:
    _, errors = star_coach.load_settings(
        {"wpm": 120, "words_per_minute": "fast", "min_action_share": 40, "coach_page": "no", "max_seconds": 0}
    )
    assert errors == [
        "mkdocs.yml: extra.star_coach.wpm: unknown setting",
        "mkdocs.yml: extra.star_coach.words_per_minute: must be a whole number above 0, not the text 'fast'",
        "mkdocs.yml: extra.star_coach.min_action_share: must be a share from 0 to 1 (0.4 means 40%), not the number 40",
        "mkdocs.yml: extra.star_coach.coach_page: must be true or false, not the text 'no'",
        "mkdocs.yml: extra.star_coach.max_seconds: must be a whole number above 0, not the number 0",
    ]
    assert star_coach.load_settings({"min_secnds": 30})[1] == [
        "mkdocs.yml: extra.star_coach.min_secnds: unknown setting (did you mean 'min_seconds'?)"
    ]
    assert star_coach.load_settings({"min_seconds": 200})[1] == [
        "mkdocs.yml: extra.star_coach: min_seconds (200) must be below max_seconds (180)"
    ]
    assert star_coach.load_settings(["words_per_minute"])[1] == ["mkdocs.yml: extra.star_coach: must be a mapping of settings, not a list"]


# --- coverage matrix ------------------------------------------------------------------------------------------

MATRIX_BANK = Bank(
    principles=(
        make_principle("dive-deep", "Dive Deep"),
        make_principle("frugality", "Frugality"),
        make_principle("think-big", "Think Big"),
    ),
    stories=(make_story("cache-bug", "dive-deep", "frugality"), make_story("gpu-cut", "frugality"), make_story("log-dig", "dive-deep")),
)


def test_coverage_counts_primary_and_also_fits_towards_two_per_principle() -> None:
    coverage = star_coach.build_coverage(MATRIX_BANK, target=2)
    assert [row.marks for row in coverage.rows] == [("●", "", "●"), ("○", "●", ""), ("", "", "")]
    assert [(row.primary, row.also_fits) for row in coverage.rows] == [(2, 0), (1, 1), (0, 0)]
    assert (coverage.covered, coverage.with_primary, coverage.progress, coverage.progress_goal) == (2, 2, 4, 6)
    assert [star_coach.coverage_status(row, target=2) for row in coverage.rows] == ["done", "done", "no story yet"]
    assert star_coach.coverage_status(coverage.rows[0], target=3) == "1 more to go"
    # A principle with more stories than the target counts only up to the target.
    assert star_coach.build_coverage(MATRIX_BANK, target=1).progress == 2


def test_matrix_markdown_has_a_row_per_principle_and_makes_gaps_bold() -> None:
    markdown = star_coach_page.render_matrix(star_coach.build_coverage(MATRIX_BANK, target=2))
    assert (
        "| Principle | [1](principles/dive-deep.md#cache-bug) | [2](principles/frugality.md#gpu-cut)"
        " | [3](principles/dive-deep.md#log-dig) | Stories | Towards 2 |\n| --- | :-: | :-: | :-: | --- | --- |\n"
    ) in markdown
    assert "| [Dive Deep](principles/dive-deep.md) | ● |  | ● | 2 | done |" in markdown
    assert "| [Frugality](principles/frugality.md) | ○ | ● |  | 2 | done |" in markdown
    assert "| [Think Big](principles/think-big.md) |  |  |  | 0 | **no story yet** |" in markdown
    assert "1. [cache-bug](principles/dive-deep.md#cache-bug): Tell me about cache-bug?" in markdown


def test_story_table_row_has_the_figures_and_hints() -> None:
    story = make_story("terse", situation=words(10), task=words(10), action=words(40), result=words(40))
    markdown = star_coach_page.render_story_table((star_coach.analyze_story(story, DEFAULTS),))
    assert (
        "| [terse](principles/dive-deep.md#terse) | 10 / 10 / 40 / 40 = 100 | about 40 s | 10% / 10% / **40%** / 40% | **none** | 0 / 0 | "
        "Takes about 40 s to say, under 1 min: add what you did and what it changed<br>"
        "Result has no number: add the measured outcome<br>Action never says “I”: say what you did yourself |"
    ) in markdown


# --- principle page: speaking time and follow-ups ---------------------------------------------------------------


def test_public_story_shows_only_its_speaking_time() -> None:
    story = make_story("paced", situation=words(100), task=words(100), action="I " + words(149), result="Up 5%. " + words(48))
    bank = Bank(principles=MATRIX_BANK.principles, stories=(story,))
    seconds = star_coach.analyze_story(story, CoachSettings()).seconds
    rendered = star_pages.render_story(story, bank, on_principle="dive-deep", speaking_seconds=seconds)
    assert "**Speaking time:** about 2 min 40 s\n" in rendered
    assert "Share:" not in rendered and "hint" not in rendered.lower()
    seconds_at_120 = star_coach.analyze_story(story, CoachSettings(words_per_minute=120)).seconds
    at_120 = star_pages.render_story(story, bank, on_principle="dive-deep", speaking_seconds=seconds_at_120)
    assert "**Speaking time:** about 3 min 20 s\n" in at_120


def test_follow_ups_are_a_collapsed_block_after_the_star_answer() -> None:
    story = make_story("asked", follow_ups=("What would you do differently?", "Who <b>disagreed</b>?"))
    rendered = star_pages.render_story(story, Bank(principles=MATRIX_BANK.principles, stories=(story,)), on_principle="dive-deep")
    assert rendered.endswith(
        '\n??? question "Likely follow-ups"\n\n    - What would you do differently?\n    - Who &lt;b>disagreed&lt;/b>?\n'
    )
    assert rendered.index('???+ star "STAR answer"') < rendered.index("Likely follow-ups")
    no_follow_ups = star_pages.render_story(make_story("plain"), MATRIX_BANK, on_principle="dive-deep")
    assert "Likely follow-ups" not in no_follow_ups


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "follow-ups-not-a-list.yml",
            [
                "data/stories/follow-ups-not-a-list.yml:9: follow_ups: must be a list, not the text"
                " 'What would you do differently?' (put each item on its own line, starting with '- ')"
            ],
        ),
        (
            "follow-ups-bad-items.yml",
            [
                "data/stories/follow-ups-bad-items.yml:9: follow_ups: lists the same value twice",
                "data/stories/follow-ups-bad-items.yml:11: follow_ups[1]: must be text, not the number 42 (put it in quotes)",
                "data/stories/follow-ups-bad-items.yml:12: follow_ups[2]: must not be empty",
            ],
        ),
        ("follow-ups-empty.yml", ["data/stories/follow-ups-empty.yml:9: follow_ups: must list at least 1"]),
    ],
)
def test_bad_follow_ups_are_reported_with_file_line_and_field(tmp_path: Path, fixture: str, expected: list[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.copy(BAD_FOLLOW_UPS / fixture, data / "stories" / fixture)
    with pytest.raises(star_data.DataLoadError) as caught:
        star_data.load_bank(data, display_root=tmp_path)
    assert [str(error) for error in caught.value.errors] == expected


def test_follow_ups_load_trimmed_and_default_to_none(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    add_follow_ups(data / "stories" / "fraud-precision-root-cause.yml", ["What would you do differently?", "How did you  prove it?"])
    bank = star_data.load_bank(data, display_root=tmp_path)
    stories = {story.id: story for story in bank.stories}
    assert stories["fraud-precision-root-cause"].follow_ups == ("What would you do differently?", "How did you  prove it?")
    assert stories["simple-document-classifier"].follow_ups == ()


# --- seed data ------------------------------------------------------------------------------------------------


def test_seed_stories_mark_the_principles_they_clearly_also_fit() -> None:
    bank = star_data.load_bank(ROOT / "data", display_root=ROOT)
    stories = {story.id: story for story in bank.stories}
    assert "frugality" in stories["simple-document-classifier"].also_fits
    assert stories["simple-document-classifier"].primary == "invent-and-simplify"
    coverage = star_coach.build_coverage(bank, target=2)
    # Principles with no seed story of their own that now have a candidate.
    gaps_filled = [row.principle.id for row in coverage.rows if row.stories and not row.primary]
    assert gaps_filled == ["are-right-a-lot", "insist-on-the-highest-standards", "frugality"]


# --- the real build ---------------------------------------------------------------------------------------------


def read_mkdocs_yml(path: Path) -> dict:
    import mkdocs.utils

    with path.open("rb") as stream:
        return mkdocs.utils.yaml_load(stream)


def add_follow_ups(story_file: Path, questions: list[str]) -> None:
    with story_file.open("a", encoding="utf-8") as stream:
        stream.write("follow_ups:\n" + "".join(f"  - {json.dumps(question)}\n" for question in questions))


def add_story(project: Path, story_id: str, *, action: str, result: str) -> None:
    (project / "data" / "stories" / f"{story_id}.yml").write_text(
        f"id: {story_id}\nprinciples:\n  - frugality\nquestion: Tell me about a cheap fix.\n"
        f"situation: Costs were high.\ntask: Cut them.\naction: {action}\nresult: {result}\n",
        encoding="utf-8",
    )


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def real_bank() -> Bank:
    return star_data.load_bank(ROOT / "data", display_root=ROOT)


# A seed story's figures, counted by hand from its text (which a test keeps word for word).
SEED_ROW = [
    "simple-document-classifier",
    "46 / 28 / 148 / 72 = 294",
    "about 2 min",
    "16% / 10% / 50% / 24%",
    "percentage, money",
    "6 / 0",
    "None",
]


def test_coach_page_shows_figures_matrix_and_settings(built_site: Path) -> None:
    bank = real_bank()
    stories = [story.id for story in bank.stories]
    article = soup(built_site, "coach/index.html").select_one("article")
    text = " ".join(article.get_text(" ").split())
    if len(stories) == 10:  # the seed bank, counted by hand
        assert "10 stories; saying them all takes about 20 min ." in text
        assert "13 of 16 principles covered: 10 as a story's primary principle, 3 more through “also fits”." in text
        assert "17 of 32 towards 2 stories for every principle." in text
    stories_table, matrix, settings_table = article.select("table")
    story_rows = {row.select_one("td").get_text(strip=True): row for row in stories_table.select("tbody tr")}
    assert list(story_rows) == stories
    assert [cell.get_text(" ", strip=True) for cell in story_rows["simple-document-classifier"].select("td")] == SEED_ROW
    matrix_rows = {
        row.select_one("td").get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")[1:]]
        for row in matrix.select("tbody tr")
    }
    assert list(matrix_rows) == [principle.title for principle in bank.principles]
    frugality = matrix_rows["Frugality"]
    assert frugality[stories.index("simple-document-classifier")] == "○"
    assert frugality[stories.index("churn-prediction-deadline")] == "○"
    assert matrix_rows["Invent and Simplify"][stories.index("simple-document-classifier")] == "●"
    gaps = [title for title, cells in matrix_rows.items() if cells[-2] == "0"]
    assert gaps and all(matrix_rows[title][-1] == "no story yet" for title in gaps)
    assert all(row.select_one("strong").get_text() == "no story yet" for row in matrix.select("tbody tr") if row.select("td")[-2].get_text() == "0")
    assert "150" in settings_table.get_text()
    assert matrix.select_one("thead a")["href"] == f"../principles/{bank.stories[0].primary}/#{bank.stories[0].id}"


def test_coach_and_practice_pages_stay_out_of_search_and_public_pages_show_only_speaking_time(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {entry["location"].split("#")[0] for entry in index["docs"]}
    assert "coach/" not in locations and "practice/" not in locations
    page = soup(built_site, "principles/invent-and-simplify/index.html")
    facts = page.find(id="simple-document-classifier").find_next("p").get_text(" ", strip=True)
    assert facts.endswith("Speaking time: about 2 min")
    assert "Share: S / T" not in page.get_text() and "Result has no number" not in page.get_text()
    frugality = soup(built_site, "principles/frugality/index.html")
    assert frugality.find(id="simple-document-classifier") is not None  # the seed's "also fits"


def test_practice_page_has_one_card_per_story_with_parts_in_star_order(built_site: Path) -> None:
    page = soup(built_site, "practice/index.html")
    cards = page.select("[data-practice-card]")
    assert [card["data-story"] for card in cards] == [story.id for story in real_bank().stories]
    card = page.select_one('[data-story="simple-document-classifier"]')
    assert card["data-principles"] == "invent-and-simplify frugality"
    assert card["data-seconds"] == "118" and card["data-estimate"] == "about 2 min"
    assert [part["data-practice-part"] for part in card.select("[data-practice-part]")] == list(star_data.STAR_PARTS)
    assert "$6,000/month to run" in card.select_one('[data-practice-part="situation"]').get_text()
    scripts = [script.get("src") for script in page.select("script[src]")]
    assert "../assets/javascripts/practice.js" in scripts
    assert all(src.startswith("../") for src in scripts)  # nothing from another host
    assert page.select_one("[data-practice-controls]").has_attr("hidden")  # shown by the script only


@pytest.fixture(scope="module")
def hinted_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with a story that earns hints and a story with follow-ups."""
    project = copy_project(tmp_path_factory.mktemp("coach-project"))
    add_story(project, "vague-savings", action="We turned things off.", result="Everyone was pleased.")
    add_follow_ups(project / "data" / "stories" / "fraud-precision-root-cause.yml", ["What would you do differently?", "How did you know it was not drift?"])
    return project


def test_hints_never_fail_the_build_by_default(hinted_project: Path) -> None:
    result = run_build(hinted_project)
    assert result.returncode == 0, result.output
    assert "STAR coach: 4 hints" in result.output
    row = next(
        tr for tr in soup(result.site, "coach/index.html").select("table")[0].select("tbody tr") if "vague-savings" in tr.get_text()
    )
    assert "Result has no number: add the measured outcome" in row.get_text()
    check_follow_ups(result)


def check_follow_ups(result: BuildResult) -> None:
    page = soup(result.site, "principles/dive-deep/index.html")
    block = page.find(id="fraud-precision-root-cause").find_next("details", class_="question")
    assert not block.has_attr("open")
    assert block.select_one("summary").get_text(strip=True) == "Likely follow-ups"
    assert [li.get_text() for li in block.select("li")] == ["What would you do differently?", "How did you know it was not drift?"]
    practice = soup(result.site, "practice/index.html")
    card = practice.select_one('[data-story="fraud-precision-root-cause"]')
    result_part = card.select_one('[data-practice-part="result"]')
    assert [li.get_text() for li in result_part.select("li")] == ["What would you do differently?", "How did you know it was not drift?"]
    assert result_part.get_text().index("precision jumped back") < result_part.get_text().index("Likely follow-ups")


def test_strict_hints_turn_hints_into_a_build_failure(hinted_project: Path) -> None:
    result = run_build(hinted_project, env={"STAR_COACH_STRICT": "true"})
    assert result.returncode != 0
    assert "The STAR coach has 4 hints and strict_hints is on:" in result.output
    assert "  data/stories/vague-savings.yml: Result has no number: add the measured outcome" in result.output
    assert "Traceback" not in result.output


def test_coach_page_can_be_kept_off_the_site(tmp_path: Path) -> None:
    result = run_build(copy_project(tmp_path), env={"STAR_COACH_PAGE": "false"})
    assert result.returncode == 0, result.output
    assert not (result.site / "coach").exists()
    assert (result.site / "practice" / "index.html").exists()
    assert "coach/" not in (result.site / "index.html").read_text(encoding="utf-8")  # not in the navigation
    assert "coach/" not in (result.site / "sitemap.xml").read_text(encoding="utf-8")


def test_bad_settings_stop_the_build_with_a_message(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("words_per_minute: 150", "words_per_minute: fast"), encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert "mkdocs.yml: extra.star_coach.words_per_minute: must be a whole number above 0, not the text 'fast'" in result.output
    assert "Traceback" not in result.output


# --- make coach -----------------------------------------------------------------------------------------------


def run_cli(project: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, str(ROOT / "hooks" / "star_coach_cli.py"), "-f", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_make_coach_prints_the_analysis_and_matrix() -> None:
    completed = subprocess.run(["make", "--no-print-directory", "-s", "coach"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    bank = real_bank()
    stories = [story.id for story in bank.stories]
    assert lines[0].startswith(f"STAR coach: {len(stories)} stories, about ")
    assert lines[0].endswith(" to say them all, at 150 words per minute")
    if len(stories) == 10:  # the seed bank
        assert lines[0] == "STAR coach: 10 stories, about 20 min to say them all, at 150 words per minute"
        assert "Principles covered: 13 of 16 (10 as a primary principle, 3 through also fits)" in lines
        assert "Towards 2 stories per principle: 17 of 32" in lines
    rows = {line.split()[1]: line.split() for line in lines if len(line.split()) > 1 and line.split()[1] in stories}
    number = str(stories.index("simple-document-classifier") + 1)
    assert rows["simple-document-classifier"] == [number, "simple-document-classifier", "46", "28", "148", "72", "294", "2", "min", "50%", "percentage,", "money", "6/0"]
    frugality = next(line for line in lines if line.startswith("Frugality "))
    marks = frugality.split()[1 : 1 + len(stories)]
    assert marks[stories.index("simple-document-classifier")] == "○" and marks[stories.index("churn-prediction-deadline")] == "○"
    assert "Hire and Develop the Best" in next(line for line in lines if line.endswith("NO STORY YET"))


def test_coach_cli_lists_hints_and_fails_only_when_strict(hinted_project: Path) -> None:
    completed = run_cli(hinted_project)
    assert completed.returncode == 0, completed.stderr
    assert "  vague-savings: Result has no number: add the measured outcome" in completed.stdout
    assert "Hints: 4" in completed.stdout
    assert run_cli(hinted_project, {"STAR_COACH_STRICT": "true"}).returncode == 1


def test_coach_cli_reports_bad_data_without_a_traceback(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    add_story(project, "broken", action="I did it.", result="")
    completed = run_cli(project)
    assert completed.returncode == 1
    assert completed.stderr == "The story data has problems:\n  data/stories/broken.yml:8: result: must not be empty\n"


def test_practice_page_renders_without_follow_ups_block_when_there_are_none() -> None:
    analysis = star_coach.analyze_story(make_story("plain"), DEFAULTS)
    card = star_practice.render_practice_card(analysis, principle_title="Dive Deep")
    assert "Likely follow-ups" not in card
    assert 'data-principles="dive-deep" data-seconds="20" data-estimate="about 20 s"' in card

"""Your bank, your site: any bank builds; data/site.yml says whose site it is; the public build is recruiter-safe."""

from __future__ import annotations

import gzip
import io
import urllib.request
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BANKS, DATA_WATCH, PROJECT_DATA, ROOT, SharedBuilds, build_bank, edit_site, make_project, run_build, write_story
from pages_server import serve_site
from star_bank.model.load import load_data
from star_bank.model.settings import render_settings_reference
from star_bank.new_story import TEMPLATE
from unit.factories import GAP_WORDING

FORK_BANK = BANKS / "fork"
EMPTY_BANK = BANKS / "empty"
# A data engineer's fork: a framework of its own, and no word of the sample's company or field in its data/.
DATA_ENGINEER_BANK = BANKS / "data-engineer"
SAMPLE_WORDS = ("Amazon", "Leadership Principle", "AI/ML")
# Words that appear only in the fork bank's private story: none may reach a published file.
PRIVATE_WORDS = ("confidential-acquisition", "Zanzibar-Umbrella", "Quokkavale", "Marmoset-Lattice", "Oolong-Pinnacle", "$913 million")


def read(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def built_texts(site: Path) -> dict[str, str]:
    """Every built file as text: HTML, JSON, XML, CSV, robots.txt, the gzipped sitemap, and the Anki deck's contents."""
    texts: dict[str, str] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        if path.suffix == ".apkg":
            with zipfile.ZipFile(io.BytesIO(raw)) as deck:
                raw = b"".join(deck.read(name) for name in deck.namelist())
        texts[path.relative_to(site).as_posix()] = raw.decode("utf-8", errors="replace")
    return texts


@pytest.fixture(scope="module")
def fork_public(builds: SharedBuilds) -> Path:
    return builds.site(FORK_BANK)


@pytest.fixture(scope="module")
def fork_workbench(builds: SharedBuilds) -> Path:
    return builds.site(FORK_BANK, env={"STAR_VIEW": "workbench"})


# --- any bank builds ------------------------------------------------------------------------------------------


@pytest.mark.reads_project_data
def test_the_projects_own_data_loads_and_builds_whatever_it_holds(tmp_path: Path) -> None:
    """The one test of data/: a fork's bank, the sample, one story or none, must build strictly."""
    result = run_build(make_project(tmp_path / "project", bank=None))
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output
    assert (result.site / "index.html").is_file()


def test_an_empty_bank_builds_a_site_with_no_gap_and_no_broken_link(builds: SharedBuilds) -> None:
    result = builds.get(EMPTY_BANK)
    assert result.returncode == 0, result.output
    home = read(result.site, ".")
    assert GAP_WORDING.findall(home.get_text(" ")) == []
    assert not home.select("nav.md-nav--primary a[href*='principles/']"), "no principle is listed"
    principle = read(result.site, "principles/ownership")
    assert GAP_WORDING.findall(principle.get_text(" ")) == []
    assert principle.select_one("article .star-all-stories a")["href"] == "../../"
    assert not principle.select(".star-story")
    assert not read(result.site, "quick-reference").select("article table"), "no principle to list: no table, not an empty row"
    for page in html_pages(result.site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select("article a[href]"):
            href = link["href"].split("#")[0].removeprefix("https://example.github.io")
            if href.startswith("/star-story-bank/"):  # the 404 page links from the site's root, wherever it is served
                target = result.site / href.removeprefix("/star-story-bank/")
            elif href and not href.startswith(("http", "mailto:")):
                target = page.parent / href
            else:
                continue
            assert target.resolve().exists(), f"{page}: broken link {link['href']}"


def test_a_bank_of_one_story_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", bank=EMPTY_BANK)
    write_story(project, "night-pipeline", principles=["ownership"])
    result = run_build(project)
    assert result.returncode == 0, result.output
    assert read(result.site, "principles/ownership").select_one('.star-story[data-story="night-pipeline"]') is not None


def test_a_fork_bank_shows_its_own_stories_and_none_of_the_sample(fork_public: Path) -> None:
    frugality = read(fork_public, "principles/frugality")
    assert [b["data-story"] for b in frugality.select(".star-story")] == ["gpu-spend-cut"]
    assert frugality.select_one("details.star > summary").get_text(strip=True) == "GPU spend down 41% with no loss in ranking quality"
    # Covered only as a story that also fits: shown open, as the principle's own, with no word of what it lacks.
    scale = read(fork_public, "principles/success-and-scale-bring-broad-responsibility")
    block = scale.select_one('.star-story[data-story="mentoring-ml-reviewers"]')
    assert block is not None and block.select_one("details.star").has_attr("open")
    assert scale.find(id="also-fits") is None and GAP_WORDING.findall(scale.select_one("article").get_text(" ")) == []
    texts = built_texts(fork_public)
    assert not [name for name, text in texts.items() if "black-friday-pricing-kill-switch" in text]


# --- whose site it is ---------------------------------------------------------------------------------------


def test_site_yml_names_the_site_its_owner_headline_intro_and_links_everywhere(fork_public: Path) -> None:
    for page in html_pages(fork_public):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.title.get_text().endswith("Ada's Interview Stories"), page
        assert soup.select_one(".md-header__topic").get_text(strip=True) == "Ada's Interview Stories", page
        assert soup.find("meta", property="og:site_name")["content"] == "Ada's Interview Stories"
        assert soup.find("meta", attrs={"name": "author"})["content"] == "Ada Lovelace"
        footer = soup.select_one(".md-copyright")
        assert "Ada Lovelace" in footer.get_text() and footer.find("a", href="mailto:ada@example.com") is not None, page
    home = read(fork_public, ".")
    article = home.select_one("article")
    assert article.h1.get_text(strip=True).rstrip("¶") == "Ada's Interview Stories"
    assert "Ada Lovelace · Staff ML engineer, ranking and recommendations" in article.get_text(" ")
    assert article.find("strong", string="ranking") is not None, "the intro is Markdown"
    assert article.find("a", href="https://www.linkedin.com/in/ada-example/").get_text() == "LinkedIn"
    assert home.find("meta", attrs={"name": "description"})["content"] == "Staff ML engineer, ranking and recommendations"


def test_a_fork_without_credits_mentions_no_one_else(fork_public: Path) -> None:
    texts = built_texts(fork_public)
    assert not [name for name, text in texts.items() if "Lilly Tech" in text]
    assert read(fork_public, ".").find(id="credits") is None


def test_the_sample_credits_lilly_tech_systems_on_home_and_in_the_footer(built_site: Path) -> None:
    home = read(built_site, ".")
    assert "Lilly Tech Systems" in home.select_one("#credits").find_next_sibling("p").get_text()
    assert "Lilly Tech Systems" in home.select_one(".md-copyright").get_text()


def test_no_file_outside_data_names_the_sample_owner_or_its_stories() -> None:
    """A fork edits data/ only: the template's own files must not carry the sample's identity."""
    for folder in ("docs", "hooks"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".md", ".html", ".py", ".yml", ".json", ".js", ".css"):
                text = path.read_text(encoding="utf-8")
                assert "Lilly Tech" not in text, path
                assert "Amazon Leadership Principles for AI/ML Roles" not in text, path
    assert "Lilly Tech" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


# --- the recruiter's view -----------------------------------------------------------------------------------


def test_the_public_site_has_no_template_no_data_path_no_coach_and_no_follow_ups(fork_public: Path) -> None:
    assert not (fork_public / "coach").exists()
    for name, text in built_texts(fork_public).items():
        if name.endswith(".html"):
            assert "data/stories" not in text and "make story" not in text and "yaml-language-server" not in text, name
    assert "How did you decide which alerts were noisy?" not in (fork_public / "principles" / "strive-to-be-earths-best-employer" / "index.html").read_text(encoding="utf-8")
    assert (fork_public / "practice" / "index.html").is_file(), "Practice is published by default"


def test_a_private_story_leaves_no_trace_in_any_published_file(fork_public: Path) -> None:
    found = {name: word for name, text in built_texts(fork_public).items() for word in PRIVATE_WORDS if word in text}
    assert found == {}


def test_the_workbench_shows_everything_and_marks_the_private_story(fork_workbench: Path) -> None:
    block = read(fork_workbench, "principles/frugality").select_one('.star-story[data-story="confidential-acquisition"]')
    assert block is not None and "Private: never published" in " ".join(block.get_text(" ").split())
    assert (fork_workbench / "coach" / "index.html").is_file()
    assert "How did you decide which alerts were noisy?" in read(fork_workbench, "principles/strive-to-be-earths-best-employer").get_text()
    assert "make story ID=<story-id> PRINCIPLE=ownership" in read(fork_workbench, "principles/ownership").get_text()
    coach = read(fork_workbench, "coach").get_text(" ")
    assert "4 stories (1 private)" in coach


# --- a fork in another field: the data engineer's bank --------------------------------------------------------


@pytest.fixture(scope="module")
def data_engineer_public(builds: SharedBuilds) -> Path:
    return builds.site(DATA_ENGINEER_BANK)


DATA_ENGINEER = load_data(DATA_ENGINEER_BANK, display_root=BANKS, env={}).bank
COVERED = ["own-the-outcome", "measure-what-matters", "keep-it-simple", "raise-the-bar"]  # raise-the-bar: only by also fits


def test_a_bank_that_never_names_the_samples_company_or_field_builds_a_site_that_never_does(data_engineer_public: Path) -> None:
    for name, text in built_texts(data_engineer_public).items():  # pages, search index, sitemap, CSV, the deck's insides
        assert [word for word in SAMPLE_WORDS if word in text] == [], name
    nav = read(data_engineer_public, ".").select_one("nav.md-nav--primary")
    assert "Northwind Engineering Values" in nav.get_text(" "), "the navigation names the framework"
    reference = read(data_engineer_public, "quick-reference")
    assert [th.get_text() for th in reference.select("article thead th")] == ["Principle", "In a data team", "Stories"]
    assert reference.find("meta", attrs={"name": "description"})["content"] == (
        "Northwind Engineering Values: each principle, its In a data team and its stories, by question and headline."
    )


def test_no_public_page_words_a_gap_or_a_count_of_coverage(data_engineer_public: Path) -> None:
    for page in html_pages(data_engineer_public):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert GAP_WORDING.findall(soup.get_text(" ")) == [], page
        assert GAP_WORDING.findall(" ".join(str(meta.get("content", "")) for meta in soup.find_all("meta"))) == [], page


def test_only_the_covered_principles_are_listed_and_a_story_that_only_also_fits_is_that_principles_own(data_engineer_public: Path) -> None:
    home = read(data_engineer_public, ".")
    expected = [f"principles/{principle_id}/" for principle_id in COVERED]
    assert [a["href"] for a in home.select("nav.md-nav--primary a[href*='principles/']")] == expected
    assert [a["href"] for a in home.select("article .star-story-list h2 a:not(.headerlink)")] == expected
    reference = read(data_engineer_public, "quick-reference")
    assert [a["href"] for a in reference.select("article tbody tr td:first-child a")] == [f"../{href}" for href in expected]
    whole_bank = read(data_engineer_public, "whole-bank")
    assert [h2["id"] for h2 in whole_bank.select("article h2.star-print-principle")] == [f"principle-{p}" for p in COVERED]
    missing = BeautifulSoup((data_engineer_public / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in missing.select("article a[href*='principles/']")] == COVERED
    assert [h2.get_text() for h2 in missing.select("article h2")] == ["Northwind Engineering Values"]  # the framework's own name
    # The profile: name and headline, links, the intro, then each principle's stories by question and headline.
    profile = home.select_one("article .star-profile")
    assert " ".join(profile.get_text(" ").split()).startswith(
        "Rosalind Okafor · Data engineer, streaming pipelines and data quality GitHub · Email Six years of keeping data pipelines honest"
    )
    raise_the_bar = home.select_one("#principle-raise-the-bar").find_next("ul")
    assert [a["href"] for a in raise_the_bar.select("a")] == ["principles/raise-the-bar/#schema-drift-contracts"]
    page = read(data_engineer_public, "principles/raise-the-bar")
    assert page.select_one('.star-story[data-story="schema-drift-contracts"] details.star').has_attr("open")


def test_every_principles_address_answers_listed_or_not(data_engineer_public: Path) -> None:
    """A link already sent keeps working after the principle's last story goes: its page shows the way to the stories."""
    with serve_site(data_engineer_public) as url:
        for principle in DATA_ENGINEER.principles:
            with urllib.request.urlopen(f"{url}principles/{principle.id}/") as response:
                assert response.status == 200, principle.id
    unlisted = read(data_engineer_public, "principles/learn-in-public")
    assert unlisted.select_one("article h1").get_text(strip=True).rstrip("¶") == "Learn in Public"
    assert "Share what you learn while you learn it" in unlisted.select_one("article").get_text(" ")
    assert unlisted.select_one("article .star-all-stories a")["href"] == "../../"
    index = (data_engineer_public / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "principles/learn-in-public/" not in index, "search leads to stories, not to a page without any"


# --- drafts never reach the public ------------------------------------------------------------------------------


def test_a_make_story_draft_made_public_stops_the_build_at_its_file_line_and_fields(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", bank=FORK_BANK)
    draft = TEMPLATE.format(story_id="feature-store-migration", principle_id="ownership").replace("private: true\n", "")
    (project / "data" / "stories" / "feature-store-migration.yml").write_text(draft, encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0 and "Traceback" not in result.output
    lines = draft.splitlines()
    question = lines.index("question: Tell me about a time you ...") + 1
    assert (
        f"data/stories/feature-store-migration.yml:{question}: question: still the template's text: write your own, or keep `private: true`"
        in result.output
    )
    assert result.output.count("still the template's text") == 5, "question, situation, task, action, result"
    assert not (result.site / "principles" / "ownership").exists()


def test_every_public_page_asks_not_to_be_indexed_and_robots_txt_disallows(fork_public: Path) -> None:
    for page in html_pages(fork_public):
        robots = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("meta", attrs={"name": "robots"})
        assert robots is not None and "noindex" in robots["content"], page
    assert (fork_public / "robots.txt").read_text(encoding="utf-8").splitlines()[-1] == "Disallow: /"


def test_search_engines_true_lets_the_site_be_indexed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", bank=FORK_BANK)
    edit_site(project, publish={"search_engines": True})
    result = run_build(project)
    assert result.returncode == 0, result.output
    assert not [p for p in html_pages(result.site) if 'name="robots"' in p.read_text(encoding="utf-8")]
    assert not (result.site / "robots.txt").exists()


def test_publish_settings_put_the_coach_follow_ups_and_practice_on_or_off(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", bank=FORK_BANK)
    edit_site(project, publish={"coach_page": True, "follow_ups": True, "practice_page": False, "principles_without_stories": True})
    result = run_build(project)
    assert result.returncode == 0, result.output
    assert (result.site / "coach" / "index.html").is_file()
    assert not (result.site / "practice").exists()
    assert "How did you decide which alerts were noisy?" in read(result.site, "principles/strive-to-be-earths-best-employer").get_text()
    # Listed at the owner's wish: every principle in the navigation, a page with no story still saying nothing of it.
    nav = [a["href"] for a in read(result.site, ".").select("nav.md-nav--primary a[href*='principles/']")]
    assert nav == [f"principles/{principle.id}/" for principle in load_data(FORK_BANK, display_root=BANKS, env={}).bank.principles]
    assert GAP_WORDING.findall(read(result.site, "principles/ownership").select_one("article").get_text(" ")) == []
    assert "confidential-acquisition" not in (result.site / "coach" / "index.html").read_text(encoding="utf-8")


def test_environment_variables_override_the_publish_settings(tmp_path: Path) -> None:
    result = build_bank(tmp_path, bank=FORK_BANK, env={"STAR_COACH_PAGE": "yes", "STAR_PRACTICE_PAGE": "0"})
    assert result.returncode == 0, result.output
    assert (result.site / "coach" / "index.html").is_file() and not (result.site / "practice").exists()


# --- a fork publishes: what the deploy path runs, on a copy with other stories --------------------------------


def test_a_fork_bank_passes_the_smoke_test_the_projects_data_must(builds: SharedBuilds) -> None:
    """What the Pages workflow needs of a fork's data/: a strict build, whole, with the fork's own stories.

    The rest of the suite never reads data/ (the `tests_own_their_data` guard fails any test that does), so a
    fork's `make test` passes whatever its bank holds; this is the smoke test run on a bank that is not the sample.
    """
    result = builds.get(FORK_BANK)
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output
    page = (result.site / "principles" / "frugality" / "index.html").read_text(encoding="utf-8")
    assert "gpu-spend-cut" in page


@pytest.mark.reads_project_data
def test_the_data_guard_sees_a_test_reading_the_projects_data(tmp_path: Path) -> None:
    """The guard behind `tests_own_their_data` records opens and listings under data/, copies included."""
    before = len(DATA_WATCH.seen)
    make_project(tmp_path / "project", bank=None)
    assert any(path.startswith(str(PROJECT_DATA)) for path in DATA_WATCH.seen[before:])
    after_copy = len(DATA_WATCH.seen)
    make_project(tmp_path / "other", bank=FORK_BANK)
    assert DATA_WATCH.seen[after_copy:] == []


def test_the_readmes_settings_table_is_the_declarations() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- settings-table -->\n", 1)[1].split("<!-- /settings-table -->", 1)[0]
    assert table == render_settings_reference()


def test_the_readmes_problem_example_is_what_the_build_prints(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    story = readme.split("\n## Add a story\n", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = readme.split("<!-- problems-example -->\n```text\n", 1)[1].split("```", 1)[0].splitlines()
    project = make_project(tmp_path / "project")
    broken = story.replace("  - dive-deep ", "  - dive-deeep ", 1).replace("\nresult:", "\nreslt:", 1)
    (project / "data" / "stories" / "feature-store-migration.yml").write_text(broken, encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert [line.strip() for line in result.output.splitlines() if "feature-store-migration.yml" in line] == shown

"""Tests of the real `mkdocs build --strict`: pages, anchors, tabs, quick reference, search, seed text."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

import star_data
from conftest import ROOT, copy_project, run_build
from test_star_data import BAD_DATA, EXPECTED_ERRORS, OFFICIAL_ORDER

SEED = Path(__file__).parent / "seed" / "amazon-lp-ai-ml-star-answers.txt"
BANK = star_data.load_bank(ROOT / "data", display_root=ROOT)


def read_page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def article(soup: BeautifulSoup) -> Tag:
    found = soup.select_one("article.md-content__inner")
    assert found is not None
    return found


def plain(text: str) -> str:
    """Whitespace folded, so text from YAML and from HTML compare equal."""
    return " ".join(text.split())


def page_text(soup: BeautifulSoup) -> str:
    for permalink in soup.select("a.headerlink"):
        permalink.decompose()
    return plain(article(soup).get_text(" "))


def test_one_page_per_principle_at_its_stable_url(built_site: Path) -> None:
    pages = sorted(p.name for p in (built_site / "principles").iterdir() if (p / "index.html").is_file())
    assert pages == sorted(slug for slug, _ in OFFICIAL_ORDER)
    for slug, title in OFFICIAL_ORDER:
        soup = read_page(built_site, f"principles/{slug}")
        assert plain(article(soup).h1.get_text()).rstrip("¶").strip() == title


def test_navigation_lists_principles_in_amazons_order(built_site: Path) -> None:
    soup = read_page(built_site, ".")
    nav_links = [a["href"] for a in soup.select("nav.md-nav--primary a.md-nav__link[href]")]
    principle_links = [h for h in nav_links if "principles/" in h]
    assert principle_links == [f"principles/{slug}/" for slug, _ in OFFICIAL_ORDER]


@pytest.mark.parametrize("story", BANK.stories, ids=lambda s: s.id)
def test_every_field_of_every_story_reaches_its_primary_page(built_site: Path, story: star_data.Story) -> None:
    soup = read_page(built_site, f"principles/{story.primary}")
    heading = soup.find(id=story.id)
    assert heading is not None and heading.name == "h3"
    assert plain(heading.get_text()).rstrip("¶").strip() == plain(story.question)
    details = heading.find_next_sibling("details")
    assert details is not None and "star" in details["class"] and details.has_attr("open")
    inputs = details.select("div.tabbed-set > input")
    assert [i["id"] for i in inputs] == [f"{story.id}-{part}" for part in star_data.STAR_PARTS]
    labels = details.select("div.tabbed-labels > label")
    assert [(label["for"], label.get_text()) for label in labels] == [
        (f"{story.id}-{part}", part.capitalize()) for part in star_data.STAR_PARTS
    ]
    blocks = details.select("div.tabbed-content > div.tabbed-block")
    assert [plain(b.get_text(" ")) for b in blocks] == [plain(story.part(part)) for part in star_data.STAR_PARTS]
    facts = heading.find_next_sibling("p")
    for tag in story.tags:
        assert tag in [code.get_text() for code in facts.select("code")]
    for other in story.also_fits:
        link = facts.find("a", href=f"../{other}/#{story.id}")
        assert link is not None, f"{story.id}: no link to also-fits principle {other}"


def test_also_fits_stories_appear_collapsed_on_their_other_principles(built_site: Path) -> None:
    for story in BANK.stories:
        for other in story.also_fits:
            soup = read_page(built_site, f"principles/{other}")
            heading = soup.find(id=story.id)
            assert heading is not None and heading.has_attr("data-search-exclude")
            assert soup.find(id="also-fits") is not None
            details = heading.find_next_sibling("details")
            assert not details.has_attr("open")
            assert heading.find_next_sibling("p").find("a", href=f"../{story.primary}/#{story.id}")


def test_principles_without_a_story_say_so_and_show_how_to_add_one(built_site: Path) -> None:
    empty = [p for p in BANK.principles if not BANK.primary_stories(p.id)]
    assert empty, "the seed bank leaves six principles without a primary story"
    for principle in empty:
        text = page_text(read_page(built_site, f"principles/{principle.id}"))
        assert "No story yet" in text
        assert f"data/stories/my-{principle.id}-story.yml" in text


def test_principle_page_shows_title_summary_and_angle(built_site: Path) -> None:
    for principle in BANK.principles:
        soup = read_page(built_site, f"principles/{principle.id}")
        text = page_text(soup)
        assert plain(principle.summary) in text
        assert plain(principle.ai_ml_angle) in text
        assert soup.find("meta", attrs={"name": "description"})["content"] == plain(principle.summary)


def test_quick_reference_has_a_row_per_principle_linking_page_and_stories(built_site: Path) -> None:
    soup = read_page(built_site, "quick-reference")
    rows = article(soup).select("table tbody tr")
    assert len(rows) == len(OFFICIAL_ORDER)
    for row, principle in zip(rows, BANK.principles, strict=True):
        principle_cell, angle_cell, stories_cell = row.find_all("td")
        assert principle_cell.a["href"] == f"../principles/{principle.id}/"
        assert principle_cell.get_text() == principle.title
        assert plain(angle_cell.get_text()) == plain(principle.ai_ml_angle)
        expected = [f"../principles/{s.primary}/#{s.id}" for s in BANK.primary_stories(principle.id)]
        expected += [f"../principles/{s.primary}/#{s.id}" for s in BANK.also_fits_stories(principle.id)]
        assert [a["href"] for a in stories_cell.find_all("a")] == expected


def test_story_links_point_at_real_anchors(built_site: Path) -> None:
    soup = read_page(built_site, "quick-reference")
    for link in article(soup).select("table a[href*='#']"):
        path, anchor = link["href"].split("#")
        target = (built_site / "quick-reference" / path / "index.html").resolve()
        assert BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find(id=anchor) is not None


def test_home_page_has_intro_counts_entry_points_and_credit(built_site: Path) -> None:
    soup = read_page(built_site, ".")
    text = page_text(soup)
    covered = len({s.primary for s in BANK.stories})
    assert f"{len(BANK.stories)} stories · {covered} of 16 principles have a story of their own" in text
    assert "Lilly Tech Systems" in text
    links = {a["href"] for a in article(soup).find_all("a")}
    assert "quick-reference/" in links
    assert {f"principles/{slug}/" for slug, _ in OFFICIAL_ORDER} <= links


def test_search_index_finds_every_principle_and_story(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {doc["location"]: doc for doc in index["docs"]}
    for principle in BANK.principles:
        page = docs[f"principles/{principle.id}/"]
        assert page["title"] == principle.title
        assert page.get("boost", 1) > 1, "principle pages are boosted so their name ranks them first"
    for story in BANK.stories:
        section = docs[f"principles/{story.primary}/#{story.id}"]
        assert plain(story.question) in plain(section["title"])
        assert plain(story.action)[:200] in plain(BeautifulSoup(section["text"], "html.parser").get_text(" "))
        for other in story.also_fits:  # the copy on another page is left out, so search leads home
            assert f"principles/{other}/#{story.id}" not in docs


def seed_sentences() -> list[str]:
    """Every line of the seed, with 'Qn: principle — ' and 'Situation: ' style prefixes split off."""
    pieces: list[str] = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"Q\d+: (?P<principle>.+?) — (?P<question>.+)$", line):
            pieces += [match["principle"], match["question"]]
        elif match := re.match(r"(Situation|Task|Action|Result): (?P<text>.+)$", line):
            pieces.append(match["text"])
        elif match := re.match(r"- (?P<principle>[^:]+): (?P<angle>.+)$", line):
            pieces += [match["principle"], match["angle"]]
        elif line.strip():
            pieces.append(line)
    return [plain(piece) for piece in pieces]


def test_every_seed_sentence_reaches_the_site_word_for_word(built_site: Path) -> None:
    site_text = " ".join(page_text(read_page(built_site, str(page.parent.relative_to(built_site)))) for page in built_site.rglob("index.html"))
    sentences = seed_sentences()
    assert len(sentences) > 60
    missing = [s for s in sentences if s not in site_text]
    assert missing == []


def test_bad_data_stops_the_build_listing_every_problem(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    for name in EXPECTED_ERRORS:
        shutil.copy(BAD_DATA / name, project / "data" / "stories" / name)
    result = run_build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    for line in (line for lines in EXPECTED_ERRORS.values() for line in lines):
        assert f"  {line}\n" in result.output
    assert f"The story data has {sum(map(len, EXPECTED_ERRORS.values()))} problems" in result.output
    assert not (result.site / "principles").exists(), "no half-built site"


def test_a_file_the_build_cannot_read_as_a_story_fails_strict(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "data" / "stories" / "draft.txt").write_text("id: draft\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert "data/stories/draft.txt: not read as a story; story files end in .yml" in result.output


HOSTILE_STORY = """\
id: hostile-markup
principles:
  - frugality
question: Tell me about <b>bold</b> markup?
situation: "<script>alert('s')</script> and **strong text**"
task: |
  - a listed item
  - [a safe link](https://example.com/)
action: '<img src=x onerror="alert(1)"> [click](javascript:alert(2)) [here](https://example.com){ onclick="alert(3)" }'
result: 'Raw <a href="javascript:alert(4)">anchor</a> and `<code>` kept.'
"""


def test_html_in_story_data_comes_out_inert_and_markdown_still_works(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "data" / "stories" / "hostile-markup.yml").write_text(HOSTILE_STORY, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.output
    content = article(read_page(result.site, "principles/frugality"))
    story = content.find(id="hostile-markup")
    assert story is not None
    assert content.find("script") is None and content.find("img") is None and content.find("b") is None
    assert not [el for el in content.find_all(True) if any(name.startswith("on") for name in el.attrs)]
    assert not [a for a in content.find_all("a", href=True) if "javascript" in a["href"].lower()]
    text = plain(content.get_text(" "))
    assert "<script>alert('s')</script>" in text and '<img src=x onerror="alert(1)">' in text
    assert "Tell me about <b>bold</b> markup?" in text
    assert content.find("strong", string="strong text") is not None
    assert content.find("li", string="a listed item") is not None
    assert content.find("a", href="https://example.com/", string="a safe link") is not None
    assert content.find("code", string="<code>") is not None


def test_build_resolves_paths_against_mkdocs_yml_not_the_working_directory(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "elsewhere" / "project")
    result = run_build(project)  # run_build starts mkdocs from the project's parent folder
    assert result.returncode == 0, result.output
    assert (result.site / "principles" / "dive-deep" / "index.html").is_file()


def test_pages_load_one_stylesheet_of_ours_and_practice_script_only_on_practice(built_site: Path) -> None:
    for url in ("principles/ownership", "quick-reference", "."):
        soup = read_page(built_site, url)
        ours = [link["href"] for link in soup.select("link[rel=stylesheet]") if "assets/stylesheets/star" in link["href"]]
        assert len(ours) == 1, "every extra stylesheet is another render-blocking request"
        assert not [s for s in soup.select("script[src]") if "practice.js" in s["src"]]

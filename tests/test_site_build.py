"""The sample bank through the real `mkdocs build --strict`: pages, anchors, tabs, quick reference, search, seed text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, SoupStrainer, Tag

from conftest import OFFICIAL_ORDER, SAMPLE_BANK, plain
from star_bank.model.coverage import build_coverage
from star_bank.model.load import load_data
from star_bank.model.records import STAR_PARTS, Story
from star_bank.views import labels
from unit.factories import GAP_WORDING

SEED = Path(__file__).parent / "seed" / "amazon-lp-ai-ml-star-answers.txt"
SAMPLE = load_data(SAMPLE_BANK, display_root=SAMPLE_BANK, env={}).bank
COVERAGE = build_coverage(SAMPLE, target=2)
# What the public site lists: the principles some story answers, as its own or one that also fits.
LISTED = [row.principle for row in COVERAGE.rows if row.covered]


def read_page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def article(soup: BeautifulSoup) -> Tag:
    found = soup.select_one("article.md-content__inner")
    assert found is not None
    return found


def page_text(soup: BeautifulSoup) -> str:
    for permalink in soup.select("a.headerlink"):
        permalink.decompose()
    return plain(article(soup).get_text(" "))


def heading_text(heading: Tag) -> str:
    return plain(heading.get_text()).rstrip("¶").strip()


def story_block(soup: BeautifulSoup, story_id: str) -> Tag:
    """The story's container, found by its data attribute (what share.js and the CSS use too)."""
    block = soup.select_one(f'div.star-story[data-story="{story_id}"]')
    assert block is not None, f"no story block for {story_id}"
    return block


def test_the_sample_bank_keeps_amazons_16_principles_in_order() -> None:
    assert [(p.id, p.title) for p in SAMPLE.principles] == OFFICIAL_ORDER
    assert len(SAMPLE.stories) == 10


def test_one_page_per_principle_at_its_stable_url(built_site: Path) -> None:
    pages = sorted(p.name for p in (built_site / "principles").iterdir() if (p / "index.html").is_file())
    assert pages == sorted(slug for slug, _ in OFFICIAL_ORDER)
    for slug, title in OFFICIAL_ORDER:
        soup = read_page(built_site, f"principles/{slug}")
        assert heading_text(article(soup).h1) == title
        assert soup.title.get_text() == f"{title} - {SAMPLE.site.title}"


def test_navigation_lists_home_quick_reference_then_the_covered_principles_in_amazons_order(built_site: Path) -> None:
    soup = read_page(built_site, ".")
    nav_links = [a["href"] for a in soup.select("nav.md-nav--primary a.md-nav__link[href]") if not a["href"].startswith("#")]
    assert nav_links[:2] == [".", "quick-reference/"]
    assert [h for h in nav_links if "principles/" in h] == [f"principles/{p.id}/" for p in LISTED]
    assert len(LISTED) == 13, "the sample covers 13 of its 16 principles"
    section = soup.select_one("nav.md-nav--primary .md-nav__item--section > label, nav.md-nav--primary .md-nav__item--section > a")
    assert "Amazon's Leadership Principles" in section.get_text(" "), "the section is named by data/principles.yml"


@pytest.mark.parametrize("story", SAMPLE.stories, ids=lambda s: s.id)
def test_every_field_of_every_story_reaches_its_primary_page(built_site: Path, story: Story) -> None:
    block = story_block(read_page(built_site, f"principles/{story.primary}"), story.id)
    heading = block.find("h3", id=story.id)
    assert heading is not None and heading_text(heading) == plain(story.question)
    details = block.select_one("details.star")
    assert details is not None and details.has_attr("open")
    assert plain(details.summary.get_text()) == plain(story.headline or story.question), "the bar: the headline, or the question alone"
    inputs = details.select("div.tabbed-set > input")
    assert [i["id"] for i in inputs] == [f"{story.id}-{part}" for part in STAR_PARTS]
    labels = details.select("div.tabbed-labels > label")
    assert [(label["for"], label.get_text()) for label in labels] == [(f"{story.id}-{part}", part.capitalize()) for part in STAR_PARTS]
    blocks = details.select("div.tabbed-content > div.tabbed-block")
    assert [plain(b.get_text(" ")) for b in blocks] == [plain(story.part(part)) for part in STAR_PARTS]
    facts = details.select_one("p.star-facts")
    assert [code.get_text() for code in facts.select("code")] == list(story.tags)
    for other in story.also_fits:
        assert facts.find("a", href=f"../{other}/#{story.id}") is not None, f"{story.id}: no link to {other}"
    assert "Speaking time: about" in plain(facts.get_text(" "))


def test_also_fits_stories_point_home_collapsed_beside_stories_of_the_principles_own(built_site: Path) -> None:
    for story in SAMPLE.stories:
        for other in story.also_fits:
            soup = read_page(built_site, f"principles/{other}")
            block = story_block(soup, story.id)
            assert block.find("h3").has_attr("data-search-exclude")
            has_own = bool(SAMPLE.primary_stories(other))
            assert (soup.find(id="also-fits") is not None) is has_own
            # Beside the principle's own stories, one click away; alone, the principle's own content, open.
            assert block.select_one("details.star").has_attr("open") is not has_own, f"{story.id} on {other}"
            home = block.select_one("a[data-star-home]")
            assert home is not None and home["href"] == f"../{story.primary}/#{story.id}"


def test_principles_without_a_story_of_their_own_word_no_gap(built_site: Path) -> None:
    without = [row for row in COVERAGE.rows if not row.primary]
    assert len(without) == 6 and len([row for row in without if not row.covered]) == 3
    for row in without:
        soup = read_page(built_site, f"principles/{row.principle.id}")
        text = page_text(soup)
        assert "make story" not in text and "data/stories" not in text and "yaml" not in text.lower()
        assert GAP_WORDING.findall(text) == []
        assert len(story_blocks := soup.select("div.star-story")) == len(row.also_fits)
        assert all(b.select_one("details.star").has_attr("open") for b in story_blocks), "shown as its own"
        if not row.covered:
            assert article(soup).select_one(".star-all-stories a")["href"] == "../../"


def test_principle_page_shows_title_summary_and_angle_and_its_description(built_site: Path) -> None:
    for principle in SAMPLE.principles:
        soup = read_page(built_site, f"principles/{principle.id}")
        text = page_text(soup)
        assert plain(principle.summary) in text
        angle = article(soup).select_one(".star-angle")
        assert plain(angle.select_one(".admonition-title").get_text()) == "AI/ML angle"
        assert plain(principle.angle) in plain(angle.get_text(" "))
        assert text.index(plain(principle.summary)) < text.index("AI/ML angle"), "the stories between, the angle last"
        assert soup.find("meta", attrs={"name": "description"})["content"] == plain(principle.summary)


def test_quick_reference_has_a_row_per_principle_with_each_storys_question_and_headline(built_site: Path) -> None:
    soup = read_page(built_site, "quick-reference")
    assert heading_text(article(soup).h1) == "Quick reference", "the heading is the navigation's label"
    assert [th.get_text() for th in article(soup).select("table thead th")] == ["Principle", "AI/ML angle", "Stories"]
    rows = article(soup).select("table tbody tr")
    assert len(rows) == len(LISTED)
    for row, principle in zip(rows, LISTED, strict=True):
        principle_cell, angle_cell, stories_cell = row.find_all("td")
        assert principle_cell.a["href"] == f"../principles/{principle.id}/"
        assert principle_cell.get_text() == principle.title
        assert plain(angle_cell.get_text()) == plain(principle.angle)
        stories = [*SAMPLE.primary_stories(principle.id), *SAMPLE.also_fits_stories(principle.id)]
        assert [a["href"] for a in stories_cell.find_all("a")] == [f"../principles/{s.primary}/#{s.id}" for s in stories]
        assert [plain(em.get_text()) for em in stories_cell.find_all("em")] == [plain(s.headline) for s in stories if s.headline]
        assert ("(also fits)" in stories_cell.get_text()) is bool(SAMPLE.primary_stories(principle.id) and SAMPLE.also_fits_stories(principle.id))
    assert GAP_WORDING.findall(page_text(soup)) == []


def test_story_links_point_at_real_anchors(built_site: Path) -> None:
    ids: dict[Path, set[str]] = {}  # each page's ids, read once however many links lead there
    for url in ("quick-reference", "whole-bank", "."):
        for link in article(read_page(built_site, url)).select("a[href*='#']"):
            path, anchor = link["href"].split("#")
            if not path:
                continue
            target = (built_site / url / path / "index.html").resolve()
            if target not in ids:
                soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser", parse_only=SoupStrainer(id=True))
                ids[target] = {str(element["id"]) for element in soup.find_all(id=True)}
            assert anchor in ids[target], link["href"]


def test_home_page_is_the_title_and_intro_then_every_story_under_its_principle_then_the_credit(built_site: Path) -> None:
    soup = read_page(built_site, ".")
    text = page_text(soup)
    assert heading_text(article(soup).h1) == SAMPLE.site.title
    assert plain(SAMPLE.site.intro) in plain(article(soup).select_one(".star-profile .star-intro").get_text(" "))
    assert "Credits The STAR answers and the quick reference come from Lilly Tech Systems" in text
    assert GAP_WORDING.findall(text) == [] and "What this site is for" not in text
    story_list = article(soup).select_one(".star-story-list")
    assert story_list.find_next("h2", id="credits") is not None, "the credit comes after the stories"
    assert [h2["id"] for h2 in story_list.find_all("h2")] == [f"principle-{p.id}" for p in LISTED]
    for row in COVERAGE.rows:
        if not row.covered:
            continue
        heading = story_list.find("h2", id=f"principle-{row.principle.id}")
        assert heading.find("a", href=f"principles/{row.principle.id}/") is not None
        items = heading.find_next_sibling("ul").find_all("li")
        own = row.primary or row.also_fits
        assert [li.a["href"] for li in items] == [f"principles/{row.principle.id}/#{s.id}" for s in own]
        # A story without a headline (none written, none to take from the Result) is its question alone.
        assert [plain(li.get_text(" ")) for li in items] == [plain(f"{s.question} — {s.headline}" if s.headline else s.question) for s in own]


def test_search_index_has_each_story_as_its_own_result_with_its_headline_first(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {doc["location"]: doc for doc in index["docs"]}
    for principle in SAMPLE.principles:
        page = docs.get(f"principles/{principle.id}/")
        if principle not in LISTED:  # kept for links already sent; search leads to stories instead
            assert page is None, principle.id
            continue
        assert page["title"] == principle.title
        assert page.get("boost", 1) > 1, "principle pages are boosted so their name ranks them first"
    for story in SAMPLE.stories:
        section = docs[f"principles/{story.primary}/#{story.id}"]
        assert plain(section["title"]) == plain(story.question)
        text = plain(BeautifulSoup(section["text"], "html.parser").get_text(" "))
        assert text.startswith(plain(story.headline)), "the snippet is the headline"
        assert plain(story.action)[:200] in text
        assert "SituationTaskActionResult" not in text.replace(" ", "")
        for other in story.also_fits:  # the copy on another page is left out, so search leads home
            assert f"principles/{other}/#{story.id}" not in docs
    reference = [doc["text"] for doc in index["docs"] if doc["location"].startswith("quick-reference/")]
    assert not any("Measure customer outcomes" in text for text in reference), "its table is left to the principle pages"
    # Home's lists repeat every question: left out, a search for one finds the story, not home's list besides it.
    home = [doc for doc in index["docs"] if doc["location"].split("#")[0] == ""]
    assert home and not any(doc["location"].startswith("#principle-") for doc in home)
    home_text = plain(" ".join(BeautifulSoup(doc["text"], "html.parser").get_text(" ") for doc in home))
    assert [story.id for story in SAMPLE.stories if plain(story.question) in home_text] == []


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
    site_text = " ".join(
        page_text(read_page(built_site, str(page.parent.relative_to(built_site)))) for page in built_site.rglob("index.html")
    )
    sentences = seed_sentences()
    assert len(sentences) > 60
    assert [s for s in sentences if s not in site_text] == []


def test_every_story_has_its_copy_link_bar_after_its_heading_hidden_until_share_js_shows_it(built_site: Path) -> None:
    """The build writes the bars (share.js only wires and shows them): hidden, out of search, nothing from data inside."""
    pages = [f"principles/{p.id}" for p in SAMPLE.principles] + ["whole-bank"]
    bars = 0
    for url in pages:
        for block in article(read_page(built_site, url)).select("div.star-story"):
            bar = block.find("h3").find_next_sibling()
            assert bar.name == "div" and bar["class"] == ["star-share"], f"{url}: {block['data-story']}"
            assert bar.has_attr("hidden") and bar.has_attr("data-search-exclude")
            assert [(button.get_text(), button.attrs) for button in bar.find_all("button")] == [
                ("Copy link", {"type": "button", "class": ["star-share__button"]})
            ], "share.js names the button after the story: no data in a <button>"
            assert [(status.name, status.get_text()) for status in bar.select("[role=status]")] == [("span", "")]
            bars += 1
    on_pages = sum(len(SAMPLE.primary_stories(p.id)) + len(SAMPLE.also_fits_stories(p.id)) for p in SAMPLE.principles)
    assert bars == on_pages + len(SAMPLE.stories)
    assert "Copy link" not in (built_site / "search" / "search_index.json").read_text(encoding="utf-8")


def test_every_page_defers_its_scripts_and_gives_share_js_its_words_from_the_labels(built_site: Path) -> None:
    """No script stops the parser: Material's bundle comes first, deferred (main.html), the rest deferred or modules.
    share.js says nothing of its own: every page's <script> tag for it carries views/labels.py's words, once."""
    expected = {f"data-{name}": text for name, text in labels.SHARE_SCRIPT.items()}
    for page in sorted(built_site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser", parse_only=SoupStrainer("script"))  # its scripts alone
        external = soup.select("script[src]")
        assert external and "/javascripts/bundle." in external[0]["src"], page
        assert [tag["src"] for tag in external if not tag.has_attr("defer") and tag.get("type") != "module"] == [], page
        scripts = [tag for tag in external if tag["src"].endswith("assets/javascripts/share.js")]
        assert len(scripts) == 1, page
        assert {name: value for name, value in scripts[0].attrs.items() if name.startswith("data-")} == expected, page
    assert "{anchor}" in labels.SHARE_SCRIPT["missing-anchor"]


def test_build_resolves_paths_against_mkdocs_yml_not_the_working_directory(built_site: Path) -> None:
    # run_build runs every build from the project's parent folder, not the project: the shared build is the proof.
    assert (built_site / "principles" / "dive-deep" / "index.html").is_file()


def test_pages_load_one_stylesheet_of_ours_and_practice_script_only_on_practice(built_site: Path) -> None:
    for url in ("principles/ownership", "quick-reference", "."):
        soup = read_page(built_site, url)
        ours = [link["href"] for link in soup.select("link[rel=stylesheet]") if "assets/stylesheets/star" in link["href"]]
        assert len(ours) == 1, "every extra stylesheet is another render-blocking request"
        assert not [s for s in soup.select("script[src]") if "practice.js" in s["src"]]
    assert [s for s in read_page(built_site, "practice").select("script[src]") if "practice.js" in s["src"]]


def test_whole_bank_has_each_covered_principle_and_each_story_once_and_no_gap(built_site: Path) -> None:
    soup = read_page(built_site, "whole-bank")
    sections = article(soup).select("h2.star-print-principle")
    assert [s["id"] for s in sections] == [f"principle-{p.id}" for p in LISTED]
    assert sorted(h["id"] for h in article(soup).select("h3[id]")) == sorted(s.id for s in SAMPLE.stories)
    assert article(soup).select_one("#principle-without-stories") is None
    for row in COVERAGE.rows:
        if row.covered and not row.primary:  # its stories are written out under their own principles: linked
            section = article(soup).find("h2", id=f"principle-{row.principle.id}")
            links = [a["href"] for a in section.find_next_sibling("div", class_="star-also-fits").find_all("a")]
            assert links == [f"#{s.id}" for s in row.also_fits]
    assert GAP_WORDING.findall(page_text(soup)) == []


def test_the_built_downloads_hold_one_entry_per_published_story(built_site: Path, tmp_path: Path) -> None:
    import csv
    import io
    import sqlite3
    import zipfile

    with zipfile.ZipFile(built_site / "downloads" / "star-stories.apkg") as deck:
        (tmp_path / "collection.anki2").write_bytes(deck.read("collection.anki2"))
    connection = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        rows = connection.execute("SELECT flds FROM notes").fetchall()
    finally:
        connection.close()
    fields = [row[0].split("\x1f") for row in rows]
    assert len(fields) == len(SAMPLE.stories), "one note per story; follow-ups are not published by default"
    for story in SAMPLE.stories:
        texts = [plain(BeautifulSoup(" ".join(note), "html.parser").get_text(" ")) for note in fields]
        text = next(text for text in texts if plain(story.question) in text)
        assert plain(story.headline) in text and plain(story.result)[:80] in text
    table = list(csv.DictReader(io.StringIO((built_site / "downloads" / "star-stories.csv").read_text(encoding="utf-8-sig"))))
    assert sorted(row["id"] for row in table) == sorted(s.id for s in SAMPLE.stories)
    links = [a["href"] for a in article(read_page(built_site, "quick-reference")).find_all("a") if "downloads/" in a["href"]]
    assert links == ["../downloads/star-stories.apkg", "../downloads/star-stories.csv"]
    assert [a["href"] for a in article(read_page(built_site, "practice")).find_all("a") if "downloads/" in a["href"]] == links

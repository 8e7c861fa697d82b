"""One bank, several frameworks: data/frameworks/<id>.yml, enabled by data/site.yml, mapped by each story.

The fixture banks: tests/banks/multi-framework (the sample with Google's and Meta's frameworks enabled, some
stories mapped, one private story mapped into Google) and tests/banks/custom-framework (a fork with only its own
two frameworks, no Amazon anywhere).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BANKS, SharedBuilds, plain
from star_bank.model.load import DataFolderProblems, load_data
from star_bank.model.records import Bank
from test_your_site import built_texts, html_pages, read
from unit.factories import GAP_WORDING

MULTI_BANK = BANKS / "multi-framework"
CUSTOM_BANK = BANKS / "custom-framework"
MULTI = load_data(MULTI_BANK, display_root=BANKS, env={}).bank
PUBLIC_MULTI = MULTI.without_private()
PRIVATE_WORD = "ZANZIBAR-PRIVATE"  # only in the multi-framework bank's private story


def listed(bank: Bank, framework_id: str) -> list[str]:
    """The principles of a framework that some public story answers there, in order: those the site lists."""
    view = bank.in_framework(framework_id)
    return [p.id for p in view.principles if view.primary_stories(p.id) or view.also_fits_stories(p.id)]


@pytest.fixture(scope="module")
def multi_site(builds: SharedBuilds) -> Path:
    return builds.site(MULTI_BANK)


# --- the model: what data/frameworks/ and the mappings load as --------------------------------------------------


def test_frameworks_load_in_the_order_site_yml_enables_them_and_each_story_answers_each_on_its_own_terms() -> None:
    assert [f.id for f in MULTI.frameworks] == ["principles", "google", "meta"]
    assert MULTI.frameworks[1].name == "Google's hiring attributes" and MULTI.frameworks[1].source
    google = MULTI.in_framework("google")
    story = google.story("stale-recommendation-cache")
    assert story.principles == ("leadership", "googleyness"), "its principles there, primary first"
    assert MULTI.story("stale-recommendation-cache").principles[0] == "ownership", "the default bank keeps its own"
    assert "fraud-precision-root-cause" not in [s.id for s in google.stories], "a story not mapped is not in that framework"
    assert [f.id for f, _ in MULTI.also_in(MULTI.story("stale-recommendation-cache"))] == ["google", "meta"]


def test_a_mapping_into_a_framework_the_site_does_not_enable_is_checked_but_not_shown(tmp_path: Path) -> None:
    data = shutil.copytree(MULTI_BANK, tmp_path / "data")
    site = yaml.safe_load((data / "site.yml").read_text(encoding="utf-8"))
    site["frameworks"] = ["meta"]
    (data / "site.yml").write_text(yaml.safe_dump(site, sort_keys=False), encoding="utf-8")
    bank = load_data(data, display_root=tmp_path, env={}).bank
    assert [f.id for f in bank.frameworks] == ["principles", "meta"]
    assert all(fid != "google" for story in bank.stories for fid, _ in story.placements)


def problem_lines(tmp_path: Path, edit) -> list[str]:
    """The problems load_data reports for a copy of the multi-framework bank after `edit(data_folder)`."""
    data = shutil.copytree(MULTI_BANK, tmp_path / "data")
    edit(data)
    with pytest.raises(DataFolderProblems) as problems:
        load_data(data, display_root=tmp_path, env={})
    return problems.value.lines


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_framework_file_with_a_bad_principle_id_gives_one_line_with_file_and_line(tmp_path: Path) -> None:
    # role-related-knowledge is a principle no story of the fixture maps to: its typo is the one problem.
    google = MULTI_BANK / "frameworks" / "google.yml"
    lines = problem_lines(tmp_path, lambda data: replace_in(data / "frameworks" / "google.yml", "id: role-related-knowledge", "id: Role_Related"))
    line = line_of(google, "id: role-related-knowledge")
    assert len(lines) == 1 and lines[0].startswith(f"data/frameworks/google.yml:{line}: principles[1].id: must be lowercase"), lines


def test_a_framework_file_with_a_duplicate_id_gives_one_line_with_file_and_line(tmp_path: Path) -> None:
    google = MULTI_BANK / "frameworks" / "google.yml"
    lines = problem_lines(tmp_path, lambda data: replace_in(data / "frameworks" / "google.yml", "id: role-related-knowledge", "id: leadership"))
    assert lines == [f"data/frameworks/google.yml:{line_of(google, 'id: leadership')}: id: 'leadership' is already used by entry 2"]


def test_a_story_pointing_to_an_unknown_framework_or_principle_gives_one_line_each(tmp_path: Path) -> None:
    story = MULTI_BANK / "stories" / "stale-recommendation-cache.yml"

    def edit(data: Path) -> None:
        replace_in(data / "stories" / story.name, "google: [leadership, googleyness]", "gogle: [leadership, googleyness]")
        replace_in(data / "stories" / story.name, "meta: [metamates, move-fast]", "meta: [metamates, move-faster]")
        replace_in(data / "site.yml", "frameworks: [google, meta]", "frameworks: [google, metaa]")

    lines = problem_lines(tmp_path, edit)
    google, meta = line_of(story, "google: [leadership"), line_of(story, "meta: [metamates")
    site = line_of(MULTI_BANK / "site.yml", "frameworks: [google, meta]")
    assert lines == [
        f"data/site.yml:{site}: frameworks[1]: unknown framework 'metaa' (did you mean 'meta'?); data/frameworks/ has: google, meta",
        f"data/stories/{story.name}:{google}: frameworks.gogle: unknown framework 'gogle' (did you mean 'google'?); data/frameworks/ has: google, meta",
        f"data/stories/{story.name}:{meta}: frameworks.meta[1]: unknown principle 'move-faster' in meta (did you mean 'move-fast'?);"
        " its file has: move-fast, long-term-impact, build-awesome-things, live-in-the-future, be-direct, metamates",
    ]


def test_a_framework_may_not_take_an_address_the_site_uses_nor_a_principle_its_quick_reference(tmp_path: Path) -> None:
    def edit(data: Path) -> None:
        (data / "frameworks" / "practice.yml").write_text("principles:\n  - id: index\n    title: Index\n    summary: A page.\n", encoding="utf-8")

    assert problem_lines(tmp_path, edit) == [
        "data/frameworks/practice.yml: 'practice' is an address the site already uses; rename the file",
        "data/frameworks/practice.yml:2: id: 'index' is the framework's own page (its quick reference)",
    ]


# --- the built site: pages, quick references, navigation and search per framework --------------------------------


def test_every_principle_of_every_framework_has_its_page_and_the_defaults_addresses_are_unchanged(multi_site: Path) -> None:
    for framework in MULTI.frameworks:
        for principle in framework.principles:
            page = read(multi_site, f"{framework.id}/{principle.id}")
            assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == principle.title, (framework.id, principle.id)
    # A story's home is still principles/<primary>/#<id>: the address a recruiter already has.
    for story in PUBLIC_MULTI.stories:
        assert read(multi_site, f"principles/{story.primary}").select_one(f"#{story.id}") is not None, story.id
    # Each framework's page shows the stories primary to it there, open.
    google = PUBLIC_MULTI.in_framework("google")
    for story in google.stories:
        block = read(multi_site, f"google/{story.primary}").select_one(f'.star-story[data-story="{story.id}"] details.star')
        assert block is not None and block.has_attr("open"), story.id


def test_each_framework_has_a_quick_reference_its_navigation_section_and_a_place_on_home(multi_site: Path) -> None:
    for framework in MULTI.frameworks[1:]:
        reference = read(multi_site, framework.id)
        rows = reference.select("article .star-quick-reference tbody tr")
        assert [row.select_one("td a")["href"] for row in rows] == [f"{pid}/" for pid in listed(PUBLIC_MULTI, framework.id)]
        assert plain(framework.source) in plain(reference.select_one("article").get_text(" "))
    home = read(multi_site, ".")
    sections = home.select("nav.md-nav--primary > ul > li.md-nav__item--section")
    names = [plain(section.select_one("label, a").get_text(" ")) for section in sections]
    assert names == [f.name for f in MULTI.frameworks]
    google_nav = [a["href"] for a in sections[1].select("nav a")]
    assert google_nav == ["google/", *(f"google/{pid}/" for pid in listed(PUBLIC_MULTI, "google"))]
    unlisted = [p.id for p in MULTI.frameworks[1].principles if p.id not in listed(PUBLIC_MULTI, "google")]
    assert unlisted, "the fixture keeps a Google principle without a story"
    assert home.select_one("#framework-google a")["href"] == "google/"
    reference = read(multi_site, "quick-reference")
    assert [a["href"] for a in reference.select("article .star-framework-links a")] == ["../google/", "../meta/"]


def test_a_storys_facts_name_and_link_its_principles_in_every_other_framework(multi_site: Path) -> None:
    story = PUBLIC_MULTI.story("stale-recommendation-cache")
    facts = read(multi_site, f"principles/{story.primary}").select_one(f'.star-story[data-story="{story.id}"] .star-facts')
    text = plain(facts.get_text(" "))
    assert "Google's hiring attributes: Leadership , Googleyness" in text and "Meta's company values:" in text
    hrefs = [a["href"] for a in facts.select("a")]
    assert "../../google/leadership/#stale-recommendation-cache" in hrefs
    assert read(multi_site, "google/leadership").select_one("#stale-recommendation-cache") is not None, "the link lands on the story"
    on_google = read(multi_site, "google/leadership").select_one('.star-story[data-story="stale-recommendation-cache"] .star-facts')
    assert "../../principles/ownership/#stale-recommendation-cache" in [a["href"] for a in on_google.select("a")]


def test_search_finds_every_frameworks_principles_by_name_and_each_story_once(multi_site: Path) -> None:
    docs = {doc["location"]: doc for doc in json.loads((multi_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]}
    for framework in MULTI.frameworks:
        for principle in framework.principles:
            entry = docs.get(f"{framework.id}/{principle.id}/")
            if principle.id in listed(PUBLIC_MULTI, framework.id):
                assert entry is not None and entry["title"] == principle.title and entry.get("boost", 1) > 1, principle.id
            else:
                assert entry is None, f"{framework.id}/{principle.id}: search leads to stories, not to a page without any"
    story_sections = [location for location in docs if "#" in location and location.split("#", 1)[1] in {s.id for s in MULTI.stories}]
    assert sorted(story_sections) == sorted(f"principles/{s.primary}/#{s.id}" for s in PUBLIC_MULTI.stories), "one home each"


def test_the_private_story_leaves_no_trace_and_no_public_page_words_a_gap(multi_site: Path) -> None:
    texts = built_texts(multi_site)
    assert [name for name, text in texts.items() if PRIVATE_WORD in text or "secret-google-only-story" in text] == []
    for page in html_pages(multi_site):
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
        assert GAP_WORDING.findall(text) == [], page


def test_a_fork_with_only_its_own_frameworks_builds_and_never_names_amazon(builds: SharedBuilds) -> None:
    site = builds.site(CUSTOM_BANK)
    bank = load_data(CUSTOM_BANK, display_root=BANKS, env={}).bank
    assert [f.id for f in bank.frameworks] == ["principles", "ops"]
    for name, text in built_texts(site).items():  # pages, search index, sitemap, CSV, the deck's insides
        words = ("Amazon", "Leadership Principle", "AI/ML") if name.startswith("assets/") else ("Amazon", "Leadership Principle", "AI/ML", "Google")
        assert [word for word in words if word in text] == [], name  # (Material's own script names Google's fonts)
    for principle in bank.frameworks[1].principles:
        assert (site / "ops" / principle.id / "index.html").is_file()
    nav = read(site, ".").select_one("nav.md-nav--primary").get_text(" ")
    assert bank.frameworks[0].name in nav and bank.frameworks[1].name in nav

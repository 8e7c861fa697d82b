"""Hostile data, built for real: every payload of tests/hostile/payloads.py in every field it can go, then every
built file checked. Nothing live comes from data, every page's head parses whole, and every payload reaches the
reader as the text that was written.

A handful of builds hold the whole corpus (one story per payload, the principles' and the site's fields filled
round-robin), public with every optional view published, plus one workbench build (what `mkdocs serve` shows).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import AS_CI, BuildResult, edit_site, make_project, run_build, write_story
from hostile import checks
from hostile.bank import HostileBank, Placement, write_hostile_bank
from hostile.checks import HtmlFile, fold, markers_in
from hostile.payloads import BY_NAME, OVER_LIMITS, PAYLOADS, REFUSED, STASH_LINK_URL, STASH_PLACEHOLDER, Payload
from star_bank.build import DEFAULT_SITE_URL as SITE_URL
from star_bank.build import BuildStopped, read_environment, start_build
CHUNK = 40  # payloads per build: three builds hold the corpus, a fourth the Unicode
STORY_FIELDS = ("question", "headline", "situation", "task", "action", "result", "tags", "follow_ups")
# What each page shows of a story (the practice card has no tags; the quick reference only the question and headline).
WHOLE_BANK_FIELDS = STORY_FIELDS
# Practice's page holds the question; the rest is in the story texts it fetches (practice/stories-*.json).
PRACTICE_FIELDS = ("question",)
PRACTICE_TEXT_FIELDS = ("headline", "situation", "task", "action", "result", "follow_ups")
PRACTICE_TEXTS = "practice/stories-*.json"
QUICK_REFERENCE_FIELDS = ("question", "headline")
# Where a site-wide field shows when not on the home page (the framework's name heads the navigation there).
SITE_FIELD_PAGES = {
    "framework.angle_label": "quick-reference/index.html",
    "site.quick_reference.intro": "quick-reference/index.html",
    "site.whole_bank.intro": "whole-bank/index.html",
}
CSV_FILE = "downloads/star-stories.csv"
ANKI_FILE = "downloads/star-stories.apkg"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


@dataclass
class HostileSite:
    """One hostile build: what went in, and what came out."""

    bank: HostileBank
    result: BuildResult
    files: list[HtmlFile] = field(default_factory=list)
    texts: list[checks.JsonFile] = field(default_factory=list)  # every JSON file but the search index

    @property
    def site(self) -> Path:
        return self.result.site

    def page(self, name: str) -> HtmlFile | checks.JsonFile:
        if name == PRACTICE_TEXTS:
            return self.practice_texts
        if name not in self._by_name:
            raise AssertionError(f"{self.bank.name}: no {name} in the built site")
        return self._by_name[name]

    @cached_property
    def _by_name(self) -> dict[str, HtmlFile]:
        return {page.name: page for page in self.files}

    @cached_property
    def practice_texts(self) -> checks.JsonFile:
        """Practice's story texts, every file of them read as one."""
        texts = [text for text in self.texts if text.name.startswith("practice/stories-")]
        assert texts, f"{self.bank.name}: no {PRACTICE_TEXTS} in the built site"
        return checks.JsonFile(PRACTICE_TEXTS, [pair for text in texts for pair in text.strings])

    def principle_page(self, principle_id: str) -> HtmlFile:
        return self.page(f"principles/{principle_id}/index.html")

    def shows(self, placement: Placement) -> bool:
        return not placement.private or self.bank.view == "workbench"


def _chunks() -> list[list[Payload]]:
    plain = [payload for payload in PAYLOADS if not payload.exact]
    chunks = [plain[start : start + CHUNK] for start in range(0, len(plain), CHUNK)]
    # Unicode goes in a build of its own, so that no neighbouring payload's Markdown can touch it.
    return [*chunks, [payload for payload in PAYLOADS if payload.exact]]


def _build_all(jobs: list[tuple[Path, HostileBank, dict[str, str]]]) -> list[HostileSite]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: run_build(job[0], env=job[2]), jobs))
    return [
        HostileSite(bank, result, *((checks.html_files(result.site), checks.json_files(result.site)) if result.returncode == 0 else ()))
        for (_, bank, _), result in zip(jobs, results)
    ]


def _public_job(tmp: pytest.TempPathFactory, group: list[Payload], name: str) -> tuple[Path, HostileBank, dict[str, str]]:
    project = make_project(tmp.mktemp("hostile") / "project")
    bank = write_hostile_bank(project, group, name=name, view="public", site_payloads=group, principle_payloads=group)
    return project, bank, dict(AS_CI)


def _split(group: list[Payload], parts: int = 4) -> list[list[Payload]]:
    size = -(-len(group) // parts)
    return [group[start : start + size] for start in range(0, len(group), size)]


def _group_name(group: list[Payload]) -> str:
    return "public build of " + ", ".join(payload.name for payload in group)


@pytest.fixture(scope="session")
def hostile_sites(tmp_path_factory: pytest.TempPathFactory) -> list[HostileSite]:
    """Every payload built, in a few builds run two at a time.

    A build that fails is built again in quarters, down to one payload a build, so that a payload that breaks the
    build leaves the others checked; the failed builds stay in the list (test_hostile_builds_succeed_quietly lists them).
    """
    sites: list[HostileSite] = []
    pending = [(chunk, f"public build {number}") for number, chunk in enumerate(_chunks())]
    while pending:
        built = _build_all([_public_job(tmp_path_factory, group, name) for group, name in pending])
        sites += built
        pending = [
            (part, _group_name(part))
            for site, (group, _) in zip(built, pending)
            if site.result.returncode != 0 and len(group) > 1
            for part in _split(group)
        ]
    breaking = {payload.name for payload in PAYLOADS if _failed_builds_holding(payload, sites)}
    # The workbench: every payload that builds, its story's headline taken from its Result, every third story private.
    chunks = [[payload for payload in chunk if payload.name not in breaking] for chunk in _chunks()]
    project = make_project(tmp_path_factory.mktemp("hostile-workbench") / "project")
    bank = write_hostile_bank(
        project,
        [payload for chunk in chunks for payload in chunk],
        name="workbench build",
        view="workbench",
        site_payloads=chunks[0],
        principle_payloads=chunks[1],
        headlines=False,
        private_every=3,
    )
    sites += _build_all([(project, bank, {"STAR_VIEW": "workbench", **AS_CI})])
    checks.parse_for_the_session(page for hostile in sites for page in hostile.files)
    return sites


def _built(hostile_sites: list[HostileSite]) -> list[HostileSite]:
    return [hostile for hostile in hostile_sites if hostile.result.returncode == 0]


def _shown_placements(hostile_sites: list[HostileSite]) -> Iterator[tuple[HostileSite, Placement]]:
    """Every story placement a built site shows (a private one in a public build is not)."""
    for hostile in _built(hostile_sites):
        for placement in hostile.bank.story_placements():
            if hostile.shows(placement):
                yield hostile, placement


def _failed_builds_holding(payload: Payload, hostile_sites: list[HostileSite]) -> list[str]:
    """The failed builds among the smallest that hold `payload`: a payload is to blame only where it was built with fewest others."""
    def size(hostile: HostileSite) -> int:
        return len({placement.payload.name for placement in hostile.bank.placements})

    holding = [h for h in hostile_sites if any(p.payload is payload for p in h.bank.placements)]
    smallest = min((size(h) for h in holding), default=0)
    return [
        f"{h.bank.name} failed:\n{h.result.output[-1500:]}"
        for h in holding
        if size(h) == smallest and h.result.returncode != 0
    ]


@pytest.fixture(scope="session")
def policy_violations(hostile_sites: list[HostileSite]) -> list[str]:
    """Every element, attribute and address outside the policy, in every page of every hostile build."""
    found: list[str] = []
    for hostile in _built(hostile_sites):
        found += [f"{hostile.bank.name}: {line}" for line in checks.all_policy_violations(hostile.files)]
        found += [f"{hostile.bank.name}: {line}" for line in checks.json_policy_violations(hostile.texts)]
    return found


def test_the_corpus_is_large_varied_and_uniquely_named() -> None:
    kinds = {payload.kind for payload in PAYLOADS}
    assert len(PAYLOADS) >= 80
    assert len(BY_NAME) == len(PAYLOADS) + len(REFUSED), "names are unique"
    assert {"tag", "attribute", "url", "markdown", "entity", "comment", "structure", "quote", "size", "unicode"} <= kinds
    assert all("{M}" in payload.template for payload in PAYLOADS)


def test_hostile_builds_succeed_quietly(hostile_sites: list[HostileSite]) -> None:
    failed = [f"{h.bank.name}:\n{h.result.output[-1500:]}" for h in hostile_sites if h.result.returncode != 0]
    assert failed == [], "\n\n".join(failed)
    for hostile in hostile_sites:
        assert "Traceback" not in hostile.result.output
        assert "WARNING" not in hostile.result.output, hostile.result.output[-2000:]
        names = {page.name for page in hostile.files}
        for expected in ("index.html", "404.html", "quick-reference/index.html", "whole-bank/index.html",
                         "practice/index.html", "coach/index.html"):
            assert expected in names, f"{hostile.bank.name}: {expected} was not built"


def test_no_page_holds_anything_live(policy_violations: list[str]) -> None:
    """No handler, no javascript:/data:/vbscript: address, no embedding element, no data inside script or style."""
    assert policy_violations == [], "\n".join(policy_violations[:40])


def test_the_json_files_pages_fetch_are_checked_too(hostile_sites: list[HostileSite]) -> None:
    """Practice's story texts are HTML that practice.js inserts: every build writes them, and the policy reads their payloads."""
    for hostile in _built(hostile_sites):
        texts = hostile.practice_texts
        assert len(texts.strings) > 40 and texts.text_markers, hostile.bank.name


def _expected_text(hostile: HostileSite, placement: Placement) -> list[tuple[str, str, str]]:
    """(page, field, marker) for every place the payload of `placement` should be read as text."""
    expected: list[tuple[str, str, str]] = []
    if placement.story_id:
        if not hostile.shows(placement):
            return []
        fields = {name: marker for name, (marker, _) in placement.fields.items()}
        for name in STORY_FIELDS:
            if name in fields:
                expected.append((f"principles/{placement.primary}/index.html", name, fields[name]))
        for name in WHOLE_BANK_FIELDS:
            if name in fields:
                expected.append(("whole-bank/index.html", name, fields[name]))
        for name in PRACTICE_FIELDS:
            if name in fields:
                expected.append(("practice/index.html", name, fields[name]))
        for name in PRACTICE_TEXT_FIELDS:
            if name in fields:
                expected.append((PRACTICE_TEXTS, name, fields[name]))
        for name in QUICK_REFERENCE_FIELDS:
            if name in fields:
                expected.append(("quick-reference/index.html", name, fields[name]))
        # Collapsed where it only also fits: still there, as text.
        expected.append((f"principles/{placement.also_fits}/index.html", "question", fields["question"]))
    if placement.principle_id:
        page = f"principles/{placement.principle_id}/index.html"
        for name in ("principle.title", "principle.summary", "principle.angle"):
            expected.append((page, name, placement.fields[name][0]))
        expected.append(("quick-reference/index.html", "principle.title", placement.fields["principle.title"][0]))
        expected.append(("quick-reference/index.html", "principle.angle", placement.fields["principle.angle"][0]))
        expected.append(("index.html", "principle.title", placement.fields["principle.title"][0]))
        expected.append(("404.html", "principle.title", placement.fields["principle.title"][0]))
    return expected


def _site_expected(hostile: HostileSite, payload: Payload) -> list[tuple[str, str, str]]:
    expected = []
    for name, entries in hostile.bank.site_fields.items():
        for entry_payload, marker, _ in entries:
            if entry_payload is payload:
                expected.append((SITE_FIELD_PAGES.get(name, "index.html"), name, marker))
                if name in ("site.owner", "site.credits", "site.links.label"):
                    expected.append(("404.html", f"{name} (footer)", marker))
    return expected


def test_every_payload_reaches_every_view_as_text(hostile_sites: list[HostileSite]) -> None:
    """The marker of every field is in the words of each page that shows that field (each payload at least 20 times)."""
    missing = []
    for payload in PAYLOADS:
        checked, not_there = _missing_text(payload, hostile_sites)
        missing += not_there if checked > 20 else [f"{payload.name}: checked in only {checked} places"]
    assert missing == [], "\n".join(missing)


def _missing_text(payload: Payload, hostile_sites: list[HostileSite]) -> tuple[int, list[str]]:
    """How many places were checked for `payload`'s markers, and the ones that lacked it."""
    missing = _failed_builds_holding(payload, hostile_sites)
    checked = 0
    for hostile in _built(hostile_sites):
        expected = _site_expected(hostile, payload)
        for placement in hostile.bank.placements:
            if placement.payload is payload:
                expected += _expected_text(hostile, placement)
        for page_name, field_name, marker in expected:
            checked += 1
            if marker not in hostile.page(page_name).text_markers:
                missing.append(f"{hostile.bank.name}: {page_name}: {field_name} ({marker}) is not in the page's text")
    return checked, missing


def test_unicode_reaches_pages_and_descriptions_exactly(hostile_sites: list[HostileSite]) -> None:
    wrong = [line for payload in PAYLOADS if payload.exact for line in _not_exact(payload, hostile_sites)]
    assert wrong == [], "\n".join(wrong)


def _not_exact(payload: Payload, hostile_sites: list[HostileSite]) -> list[str]:
    """Where `payload`'s Unicode did not reach a page, its title or its description exactly as written."""
    wrong = _failed_builds_holding(payload, hostile_sites)
    for hostile in _built(hostile_sites):
        for placement in hostile.bank.placements:
            if placement.payload is not payload or not hostile.shows(placement):
                continue
            if placement.story_id:
                page = hostile.principle_page(placement.primary)
                for name in ("question", "situation", "result", "tags", "follow_ups"):
                    text = fold(placement.fields[name][1])
                    if text not in page.flat_text:
                        wrong.append(f"{hostile.bank.name}: {page.name}: {name} {text!r} not in the page as written")
            if placement.principle_id:
                page = hostile.principle_page(placement.principle_id)
                summary = fold(placement.fields["principle.summary"][1])
                description = page.soup.find("meta", attrs={"name": "description"})
                if description is None or summary not in fold(description["content"]):
                    wrong.append(f"{hostile.bank.name}: {page.name}: meta description lacks {summary!r}")
                title = fold(placement.fields["principle.title"][1])
                if title not in fold(page.soup.title.get_text()):
                    wrong.append(f"{hostile.bank.name}: {page.name}: <title> lacks {title!r}")
        for _, marker, text in hostile.bank.site_fields.get("site.headline", []):
            if _ is payload:
                home = hostile.page("index.html")
                description = home.soup.find("meta", attrs={"name": "description"})
                if description is None or fold(text) not in fold(description["content"]):
                    wrong.append(f"{hostile.bank.name}: index.html: meta description lacks {fold(text)!r}")
    return wrong


def test_every_page_head_parses_whole(hostile_sites: list[HostileSite]) -> None:
    """<title>, description, og:* and twitter:* are whole tags with text values that agree with each other."""
    found = []
    for hostile in _built(hostile_sites):
        for page in hostile.files:
            found += [f"{hostile.bank.name}: {line}" for line in checks.page_head_violations(page, site_url_prefix=SITE_URL)]
    assert found == [], "\n".join(found[:40])


def test_site_title_is_every_page_title_as_text(hostile_sites: list[HostileSite]) -> None:
    wrong = []
    for hostile in _built(hostile_sites):
        markers = [marker for _, marker, _ in hostile.bank.site_fields.get("site.title", [])]
        for page in hostile.files:
            title = page.soup.title.get_text() if page.soup.title else ""
            lost = [marker for marker in markers if marker not in title]
            if lost:
                wrong.append(f"{hostile.bank.name}: {page.name}: <title> lacks {lost}")
    assert wrong == [], "\n".join(wrong[:20])


def test_navigation_and_table_of_contents_titles_are_text(hostile_sites: list[HostileSite]) -> None:
    found = []
    for hostile in _built(hostile_sites):
        for page in hostile.files:
            found += [f"{hostile.bank.name}: {line}" for line in checks.nav_violations(page)]
    assert found == [], "\n".join(found[:40])


def test_principle_titles_are_navigation_text(hostile_sites: list[HostileSite]) -> None:
    wrong = []
    for hostile in _built(hostile_sites):
        home = hostile.page("index.html")
        nav = home.soup.select_one("nav.md-nav--primary")
        nav_text = fold(nav.get_text(" ")) if nav else ""
        for placement in hostile.bank.placements:
            if placement.principle_id:
                marker = placement.fields["principle.title"][0]
                if marker not in nav_text:
                    wrong.append(f"{hostile.bank.name}: {marker} is not in the navigation's text")
    assert wrong == [], "\n".join(wrong)


def test_no_id_appears_twice_on_any_page(hostile_sites: list[HostileSite]) -> None:
    found = []
    for hostile in _built(hostile_sites):
        for page in hostile.files:
            found += [f"{hostile.bank.name}: {line}" for line in checks.duplicate_ids(page)]
    assert found == [], "\n".join(found[:40])


def test_each_story_keeps_its_own_anchor_and_tabs(hostile_sites: list[HostileSite]) -> None:
    """Attribute lists, headings and tabs in a field never re-anchor the story."""
    wrong = []
    for hostile, placement in _shown_placements(hostile_sites):
        page = hostile.principle_page(placement.primary)
        heading = page.element_with_id(placement.story_id)
        if heading is None or heading.name != "h3":
            wrong.append(f"{hostile.bank.name}: {page.name}: no <h3 id={placement.story_id!r}>")
        elif placement.fields["question"][0] not in heading.get_text():
            wrong.append(f"{hostile.bank.name}: {page.name}: #{placement.story_id} is not the question's heading")
        for part in ("situation", "task", "action", "result"):
            if page.element_with_id(f"{placement.story_id}-{part}") is None:
                wrong.append(f"{hostile.bank.name}: {page.name}: tab #{placement.story_id}-{part} is missing")
    for hostile in _built(hostile_sites):
        for page in hostile.files:
            tops = page.ids.get("top", [])
            if len(tops) > 1:
                wrong.append(f"{hostile.bank.name}: {page.name}: #top appears {len(tops)} times")
    assert wrong == [], "\n".join(wrong[:40])


def test_tags_read_as_written(hostile_sites: list[HostileSite]) -> None:
    """A tag is shown as the code text it is: nothing in it is swapped for another piece of the page."""
    wrong = []
    for hostile, placement in _shown_placements(hostile_sites):
        heading = hostile.principle_page(placement.primary).element_with_id(placement.story_id)
        story = heading.find_parent("div", class_="star-story") if heading else None
        facts = story.find(class_="star-facts") if story else None
        codes = [fold(code.get_text()) for code in facts.find_all("code")] if facts else []
        tag = fold(placement.fields["tags"][1])
        shown = [fold(_printable(code)) for code in codes]
        if fold(_printable(tag)) not in shown:
            wrong.append(f"{hostile.bank.name}: {placement.story_id}: tag {tag[:60]!r} shown as {shown}")
    assert wrong == [], "\n".join(wrong)


def _printable(text: str) -> str:
    """`text` without control characters, which a page may drop."""
    return "".join(char for char in text if char >= " " or char in "\t\n")


def test_search_index_obeys_the_policy(hostile_sites: list[HostileSite]) -> None:
    found = []
    for hostile in _built(hostile_sites):
        found += [f"{hostile.bank.name}: {line}" for line in checks.search_violations(hostile.site)]
    assert found == [], "\n".join(found[:40])


def test_search_finds_the_stories_as_text(hostile_sites: list[HostileSite]) -> None:
    """Each published story's Situation is searchable by its marker."""
    missing = []
    for hostile in _built(hostile_sites):
        words = " ".join(fold(BeautifulSoup(doc["text"], "html.parser").get_text(" ")) for doc in checks.search_documents(hostile.site))
        for placement in hostile.bank.story_placements():
            if hostile.shows(placement) and placement.fields["situation"][0] not in words:
                missing.append(f"{hostile.bank.name}: {placement.fields['situation'][0]} is not in the search index")
    assert missing == [], "\n".join(missing[:40])


def test_sitemap_lists_only_the_sites_own_addresses(hostile_sites: list[HostileSite]) -> None:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    for hostile in _built(hostile_sites):
        root = ElementTree.parse(hostile.site / "sitemap.xml").getroot()
        locations = [loc.text or "" for loc in root.findall("s:url/s:loc", namespace)]
        assert locations
        for location in locations:
            assert location.startswith(SITE_URL), location
            assert not markers_in(location), location


def test_owner_links_keep_their_addresses(hostile_sites: list[HostileSite]) -> None:
    """Each link address the schema accepts reaches the home page and the footer as its href, and nowhere else."""
    wrong = []
    for hostile in _built(hostile_sites):
        home = hostile.page("index.html")
        for marker, url in hostile.bank.link_urls.items():
            hrefs = [a["href"] for a in home.soup.find_all("a", href=True) if marker in a["href"]]
            if len(hrefs) != 2 or any(href.strip() != url.strip() for href in hrefs):
                wrong.append(f"{hostile.bank.name}: {url!r} shown as {hrefs!r}")
    assert wrong == [], "\n".join(wrong)


def test_the_404_page_lists_principles_as_plain_links(hostile_sites: list[HostileSite]) -> None:
    wrong = []
    for hostile in _built(hostile_sites):
        page = hostile.page("404.html")
        for link in page.soup.select(".md-content a"):
            if link.find(True) is not None:
                wrong.append(f"{hostile.bank.name}: 404.html: {str(link)[:160]!r} holds markup")
    assert wrong == [], "\n".join(wrong)


# Downloads: the CSV and the Anki deck carry the same text to other programs.


def _csv_rows(hostile: HostileSite) -> list[list[str]]:
    path = hostile.site / CSV_FILE
    assert path.exists(), f"{hostile.bank.name}: {CSV_FILE} was not written"
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_csv_download_holds_each_story_as_text(hostile_sites: list[HostileSite]) -> None:
    missing = []
    for hostile in _built(hostile_sites):
        text = "\n".join("\t".join(row) for row in _csv_rows(hostile))
        for placement in hostile.bank.story_placements():
            if hostile.shows(placement) and placement.fields["question"][0] not in text:
                missing.append(f"{hostile.bank.name}: {placement.story_id} is not in {CSV_FILE}")
    assert missing == [], "\n".join(missing[:20])


def test_csv_download_starts_no_cell_with_a_formula(hostile_sites: list[HostileSite]) -> None:
    """A cell starting with = + - @ (or a tab) runs as a formula in a spreadsheet."""
    live = []
    for hostile in _built(hostile_sites):
        for number, row in enumerate(_csv_rows(hostile)):
            live += [f"{hostile.bank.name}: row {number}: {cell[:60]!r}" for cell in row if cell.startswith(FORMULA_STARTS)]
    assert live == [], "\n".join(live[:20])


def _anki_collection(path: Path) -> tuple[list[str], list[str]]:
    """Every note field and every deck's name in an .apkg (a zip holding an SQLite collection)."""
    with zipfile.ZipFile(path) as deck, tempfile.TemporaryDirectory() as scratch:
        names = [name for name in deck.namelist() if name in ("collection.anki21", "collection.anki2")]
        assert names, f"{path} holds no collection: {deck.namelist()}"
        target = Path(scratch) / "collection"
        target.write_bytes(deck.read(sorted(names)[-1]))
        with sqlite3.connect(target) as connection:
            rows = connection.execute("select flds from notes").fetchall()
            decks = json.loads(connection.execute("select decks from col").fetchone()[0])
    return [part for (fields,) in rows for part in fields.split("\x1f")], [deck["name"] for deck in decks.values()]


def test_anki_deck_fields_obey_the_policy(hostile_sites: list[HostileSite]) -> None:
    found = []
    for hostile in _built(hostile_sites):
        path = hostile.site / ANKI_FILE
        assert path.exists() and path.stat().st_size > 0, f"{hostile.bank.name}: {ANKI_FILE} is empty"
        fields, decks = _anki_collection(path)
        markers = set().union(*(markers_in(text) for text in fields)) if fields else set()
        for number, text in enumerate(fields):
            found += checks.policy_violations(BeautifulSoup(text, "html.parser"), where=f"{hostile.bank.name}: note field {number}")
            found += checks.anki_violations(text, where=f"{hostile.bank.name}: note field {number}")
        # Anki reads "::" in a deck's name as a deck inside a deck.
        found += [f"{hostile.bank.name}: deck {name[:80]!r} would nest" for name in decks if "::" in name]
        for placement in hostile.bank.story_placements():
            if hostile.shows(placement) and placement.fields["question"][0] not in markers:
                found.append(f"{hostile.bank.name}: {placement.story_id} is not in the deck")
    assert found == [], "\n".join(found[:40])


# Markdown's own raw-HTML placeholder (STX wzxhzdk:N ETX) and other control characters: refused, with file and line.


@pytest.mark.parametrize(
    ("where", "edit"),
    [
        ("tag", lambda project: write_story(project, "stash-tag", tags=[STASH_PLACEHOLDER, "plain"])),
        ("question", lambda project: write_story(project, "stash-question", question=f"Tell me {STASH_PLACEHOLDER}?")),
        ("link", lambda project: edit_site(project, links=[{"label": "Home page", "url": STASH_LINK_URL}])),
        ("title", lambda project: edit_site(project, title="Bank \x1b[31m red")),
    ],
)
def test_a_control_character_is_refused_at_its_file_and_line(tmp_path: Path, where: str, edit: object) -> None:
    project = make_project(tmp_path / "project")
    edit(project)  # type: ignore[operator]
    result = run_build(project)
    assert result.returncode != 0 and "Traceback" not in result.output
    problem = [line for line in result.output.splitlines() if "control character" in line or "url:" in line]
    assert problem and all(re.match(r"\s+data/(site\.yml|stories/stash-\w+\.yml):\d+: ", line) for line in problem), problem
    assert not (result.site / "index.html").exists(), "no half-built site"


@pytest.mark.parametrize("payload", REFUSED, ids=lambda payload: payload.name)
def test_a_payload_with_a_control_character_is_refused_not_built(tmp_path: Path, payload: Payload) -> None:
    project = make_project(tmp_path / "project")
    write_story(project, "refused", question=payload.text("question"))
    result = run_build(project)
    assert result.returncode != 0 and "Traceback" not in result.output
    assert re.search(r"data/stories/refused\.yml:\d+: holds the control character U\+00", result.output), result.output[-800:]


# Text past a limit of what a field may render to: one problem line at its file, line and field, nothing built.


def test_text_over_a_rendering_limit_is_refused_at_its_file_line_and_field(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    for name, text, _ in OVER_LIMITS:
        write_story(project, name, situation=text)
    edit_site(project, intro="> " * 100 + "x")
    with pytest.raises(BuildStopped) as stopped:  # in-process: the build's own loading and refusal, no subprocess
        start_build(project, environment=read_environment({}, serving=False), env={}, serving=False)
    lines = stopped.value.lines
    for name, _, message in OVER_LIMITS:
        mine = [line for line in lines if line.startswith(f"data/stories/{name}.yml:")]
        assert len(mine) == 1 and re.fullmatch(rf"data/stories/{name}\.yml:\d+: situation: {re.escape(message)}.*", mine[0]), mine
    site = [line for line in lines if line.startswith("data/site.yml:")]
    assert len(site) == 1 and re.fullmatch(r"data/site\.yml:\d+: intro: is nested 100 levels deep .*; at most 20 render", site[0]), site
    assert len(lines) == len(OVER_LIMITS) + 1, lines

"""Share links and print, in real Chromium: what "Copy link" copies, and the PDFs the pages print to."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from playwright.sync_api import expect

from conftest import BANKS, SAMPLE_BANK, SharedBuilds, plain
from pages_server import serve_site, sitemap_prefix
from star_bank.model.load import load_data
from star_bank.model.records import STAR_PARTS

from .conftest import content_shifts

BANK = load_data(SAMPLE_BANK, display_root=SAMPLE_BANK, env={}).bank
PRIMARY = next(s for s in BANK.stories if s.also_fits)  # a story that also shows on another principle's page
A4_MARGINS = {side: "10mm" for side in ("top", "right", "bottom", "left")}  # about what a browser's print dialog uses
QUICK_REFERENCE_MAX_PAGES = 2
WHOLE_BANK_MAX_PAGES = 10  # the sample bank: ten stories, 2,999 words


def opening(text: str, words: int = 8) -> str:
    """The first words of a STAR part, enough to find it in a PDF's text."""
    return " ".join(text.split()[:words])


# --- Share links ------------------------------------------------------------------------------------


@pytest.fixture()
def clipboard_page(context, page, site_url: str):
    """The guarded page, allowed to write and read the clipboard on the test site."""
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    return page


# A "Copy link" button share.js has wired: its bar shown, the button named after its story (hidden ones have no role).
COPY_LINK_BUTTON = re.compile(r"^Copy link to this story: ")


def copy_link(page, story_id: str) -> str:
    """Press the story's "Copy link" button; return what landed on the clipboard."""
    page.evaluate("navigator.clipboard.writeText('')")
    button = page.locator(f"h3#{story_id} + .star-share button")
    button.click()
    status = page.locator(f"h3#{story_id} + .star-share [role=status]")
    status.filter(has_text="Link copied").wait_for()
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_link_copies_the_storys_absolute_address(clipboard_page, site_url: str, outside_requests: list[str]) -> None:
    page = clipboard_page
    page.goto(f"{site_url}principles/{PRIMARY.primary}/")
    button = page.get_by_role("button", name=f"Copy link to this story: {plain(PRIMARY.question)}")
    assert button.is_visible()
    assert copy_link(page, PRIMARY.id) == f"{site_url}principles/{PRIMARY.primary}/#{PRIMARY.id}"
    assert outside_requests == []


def test_copy_link_points_at_the_result_tab_when_it_is_open(clipboard_page, site_url: str) -> None:
    page = clipboard_page
    page.goto(f"{site_url}principles/{PRIMARY.primary}/")
    page.locator(f"label[for='{PRIMARY.id}-result']").click()
    address = copy_link(page, PRIMARY.id)
    assert address == f"{site_url}principles/{PRIMARY.primary}/#{PRIMARY.id}-result"
    # The copied address opens the story on its Result tab.
    page.goto(address)
    assert page.locator(f"input#{PRIMARY.id}-result").is_checked()
    page.locator(f"label[for='{PRIMARY.id}-situation']").click()
    assert copy_link(page, PRIMARY.id) == f"{site_url}principles/{PRIMARY.primary}/#{PRIMARY.id}"


def test_copy_link_from_another_page_copies_the_storys_own_page(clipboard_page, site_url: str) -> None:
    page = clipboard_page
    home = f"{site_url}principles/{PRIMARY.primary}/#{PRIMARY.id}"
    page.goto(f"{site_url}principles/{PRIMARY.also_fits[0]}/")
    assert copy_link(page, PRIMARY.id) == home
    page.goto(f"{site_url}whole-bank/")
    assert copy_link(page, PRIMARY.id) == home


def test_copy_link_works_from_the_keyboard(clipboard_page, site_url: str) -> None:
    page = clipboard_page
    page.goto(f"{site_url}principles/{PRIMARY.primary}/")
    page.evaluate("navigator.clipboard.writeText('')")
    page.locator(f"h3#{PRIMARY.id} > a.headerlink").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Copy link"
    page.keyboard.press("Enter")
    page.locator(f"h3#{PRIMARY.id} + .star-share [role=status]").filter(has_text="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == f"{site_url}principles/{PRIMARY.primary}/#{PRIMARY.id}"


def assert_one_wired_button_a_story(page, expected: int, where: str) -> None:
    """`expected` bars on the page (the build's, none added), each shown with its button named: share.js wired them all."""
    expect(page.get_by_role("button", name=COPY_LINK_BUTTON), where).to_have_count(expected)
    assert page.locator(".star-share").count() == expected, where
    assert page.locator(".star-share[hidden]").count() == 0, where


def assert_permalinks_shown(page, principle_id: str) -> None:
    """Each story told on this principle's page shows its heading's permalink, without hovering."""
    for story in BANK.primary_stories(principle_id):
        permalink = page.locator(f"h3#{story.id} > a.headerlink")
        assert permalink.is_visible(), story.id
        assert permalink.evaluate("link => getComputedStyle(link).opacity") == "1", story.id
        assert permalink.get_attribute("href") == f"#{story.id}"


def test_every_story_gets_one_copy_link_button_and_shows_its_permalink(page, site_url: str, outside_requests: list[str]) -> None:
    """One visit a page for both (the permalink test was merged into this one: they read the same pages)."""
    page.goto(f"{site_url}whole-bank/")
    assert_one_wired_button_a_story(page, len(BANK.stories), "whole-bank")
    for principle in BANK.principles:
        page.goto(f"{site_url}principles/{principle.id}/")
        expected = len(BANK.primary_stories(principle.id)) + len(BANK.also_fits_stories(principle.id))
        assert_one_wired_button_a_story(page, expected, principle.id)
        assert_permalinks_shown(page, principle.id)
    assert outside_requests == []


@pytest.mark.parametrize("without", ["javascript", "share.js"])
def test_no_copy_link_button_shows_until_share_js_wires_it(browser, site_url: str, without: str) -> None:
    """The build writes the bars hidden: with scripts off, or share.js not loaded, no button that does nothing shows."""
    context = browser.new_context(java_script_enabled=without != "javascript")
    try:
        if without == "share.js":
            context.route("**/assets/javascripts/share.js", lambda route: route.abort())
        page = context.new_page()
        page.goto(f"{site_url}principles/{PRIMARY.primary}/")
        stories = len(BANK.primary_stories(PRIMARY.primary)) + len(BANK.also_fits_stories(PRIMARY.primary))
        assert page.locator(".star-share button").count() == stories > 0  # in the page, as built
        assert page.locator(".star-share button:visible").count() == 0
        assert page.get_by_role("button", name=re.compile("Copy link")).count() == 0
        assert page.locator(f"h3#{PRIMARY.id} > a.headerlink").is_visible()  # the permalink still works
    finally:
        context.close()


def test_the_copy_link_bars_move_nothing_when_share_js_shows_them(page, site_url: str) -> None:
    """The page is painted before share.js runs: a bar that took its room only then pushed the stories down."""
    page.goto(f"{site_url}principles/{PRIMARY.primary}/", wait_until="load")
    # The bars are shown, so share.js has run: a shift it caused would have been seen.
    assert_one_wired_button_a_story(page, len(BANK.primary_stories(PRIMARY.primary)) + len(BANK.also_fits_stories(PRIMARY.primary)), PRIMARY.primary)
    assert content_shifts(page) == []


# --- A link whose #anchor names nothing here -------------------------------------------------------------------

MISSING = "”, which is not on this page: the story may have been renamed, moved or taken off the site."


def test_a_malformed_anchor_is_quoted_and_later_anchors_are_still_answered(page, site_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}principles/{PRIMARY.primary}/#%")
    notice = page.locator(".star-missing")
    expect(notice).to_have_text("This link points to “#%" + MISSING)
    assert notice.get_attribute("role") == "status"
    expect(page.get_by_role("button", name=COPY_LINK_BUTTON)).not_to_have_count(0)  # the page's script ran on
    # The address changes without a reload: the listener is there although the first anchor was malformed.
    page.evaluate("location.hash = '%E0%A4%A'")
    expect(notice.locator("code")).to_have_text("#%E0%A4%A")
    page.evaluate("location.hash = 'a-story-renamed-long-ago'")
    expect(notice.locator("code")).to_have_text("#a-story-renamed-long-ago")
    page.evaluate(f"location.hash = {PRIMARY.id!r}")
    expect(notice).to_have_count(0)
    assert errors == []


def test_the_notice_shows_at_most_40_characters_of_the_anchor_and_nothing_invisible(page, site_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    forged = "Site-moved-call-0800-000-000-to-keep-your-account-"
    page.goto(f"{site_url}principles/{PRIMARY.primary}/#{forged * 2000}")  # 100 KB
    notice = page.locator(".star-missing")
    expect(notice).to_have_text("This link points to “#" + forged[:40] + "…" + MISSING)
    quoted = notice.locator("code")
    assert quoted.get_attribute("dir") == "auto"  # right-to-left text stays inside its quotes
    page.evaluate("location.hash = '%E2%80%AEnoitces-wen%0Aline'")  # a right-to-left override and a new line
    expect(quoted).to_have_text("#\ufffdnoitces-wen\ufffdline")
    page.evaluate("location.hash = 'caf%C3%A9-%E0%A4%A8%E0%A4%AE'")
    expect(quoted).to_have_text("#café-नम")
    assert errors == []


# --- Print ------------------------------------------------------------------------------------------

# What a sheet's foot says besides the address: its number, "3 / 10".
SHEET_NUMBER = re.compile(r"^\d+ / \d+")
COVERED = [p for p in BANK.principles if BANK.primary_stories(p.id) or BANK.also_fits_stories(p.id)]
UNCOVERED = [p for p in BANK.principles if p not in COVERED]


def print_pdf(page, url: str) -> pypdf.PdfReader:
    """The page printed to an A4 PDF by Chromium, as its print dialog would."""
    page.goto(url)
    page.emulate_media(media="print")
    return pypdf.PdfReader(io.BytesIO(page.pdf(format="A4", margin=A4_MARGINS, print_background=True)))


def pdf_text(pdf: pypdf.PdfReader) -> str:
    return plain(" ".join(sheet.extract_text() for sheet in pdf.pages))


def sheet_lines(sheet: pypdf.PageObject) -> list[str]:
    """A sheet's lines of text from top to bottom: the fragments printed at one height, joined."""
    heights: dict[int, list[str]] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            heights.setdefault(round(pypdf.mult(tm, cm)[5]), []).append(text)

    sheet.extract_text(visitor_text=visit)
    return [plain(" ".join(heights[height])) for height in sorted(heights, reverse=True)]


def assert_every_sheet_says_whose_and_where(pdf: pypdf.PdfReader, *, whose: str, address: str) -> None:
    """Each sheet names the owner (or the site) and the page's address; a long address may wrap, so spaces are ignored."""
    for number, sheet in enumerate(pdf.pages, start=1):
        text = plain(sheet.extract_text())
        assert whose in text, f"sheet {number} does not say whose it is"
        assert address.replace(" ", "") in text.replace(" ", ""), f"sheet {number} does not give {address}"


def printed_with_identity(page, url: str, *, whose: str = BANK.site.owner or BANK.site.title) -> pypdf.PdfReader:
    """The page's PDF, after checking that its every sheet names `whose` and the page's own address."""
    pdf = print_pdf(page, url)
    address = page.locator("link[rel=canonical]").get_attribute("href")
    assert address and address.startswith("https://"), "the page states its published address"
    assert_every_sheet_says_whose_and_where(pdf, whose=whose, address=address)
    return pdf


def test_quick_reference_prints_on_at_most_two_a4_pages(page, site_url: str) -> None:
    pdf = printed_with_identity(page, f"{site_url}quick-reference/")
    assert len(pdf.pages) <= QUICK_REFERENCE_MAX_PAGES
    text = pdf_text(pdf)
    for principle in COVERED:
        assert plain(principle.title) in text, principle.title
    assert "Copy link" not in text and "Downloads" not in text


def test_principle_page_prints_every_storys_four_parts(page, site_url: str) -> None:
    principle = PRIMARY.also_fits[0]  # also shows a story in a collapsed block
    stories = BANK.primary_stories(principle) + BANK.also_fits_stories(principle)
    pdf = printed_with_identity(page, f"{site_url}principles/{principle}/")
    assert 1 <= len(pdf.pages) <= len(stories) + 1
    text = pdf_text(pdf)
    for story in stories:
        for part in STAR_PARTS:
            assert opening(story.part(part)) in text, f"{story.id}: {part}"
    assert "Copy link" not in text and "¶" not in text


def test_a_principle_page_whose_story_fits_a_sheet_prints_on_one(page, site_url: str) -> None:
    single = [p.id for p in BANK.principles if len(BANK.primary_stories(p.id)) == 1 and not BANK.also_fits_stories(p.id)]
    assert single
    for principle in single:
        pdf = printed_with_identity(page, f"{site_url}principles/{principle}/")
        assert len(pdf.pages) == 1, f"{principle}: {len(pdf.pages)} pages"
        story = BANK.primary_stories(principle)[0]
        text = pdf_text(pdf)
        assert opening(story.question) in text and opening(story.result) in text
        assert "Copy link" not in text and "¶" not in text


def test_a_principle_with_no_story_prints_on_one_page(page, site_url: str) -> None:
    """Its page is still built (a link already sent keeps working), though no list shows it."""
    assert len(printed_with_identity(page, f"{site_url}principles/{UNCOVERED[0].id}/").pages) == 1


def test_home_and_practice_print_whose_they_are_and_no_screen_only_instructions(page, site_url: str) -> None:
    printed_with_identity(page, site_url)
    text = pdf_text(printed_with_identity(page, f"{site_url}practice/"))
    assert "Keys, when no form field has the focus" not in text and "Downloads" not in text


def test_a_forks_sheets_carry_its_owners_name(page, builds: SharedBuilds) -> None:
    site = builds.site(BANKS / "fork")
    with serve_site(site, prefix=sitemap_prefix(site)) as url:
        for path in ("", "principles/frugality/", "whole-bank/"):
            printed_with_identity(page, url + path, whose="Ada Lovelace")


@pytest.fixture(scope="module")
def whole_bank_pdf(browser, site_url: str) -> pypdf.PdfReader:
    """The Whole bank printed once for the tests that read it, after checking every sheet's owner and address."""
    page = browser.new_page()
    try:
        return printed_with_identity(page, f"{site_url}whole-bank/")
    finally:
        page.close()


def test_whole_bank_prints_every_story_on_at_most_ten_pages(whole_bank_pdf: pypdf.PdfReader) -> None:
    pdf = whole_bank_pdf
    assert len(pdf.pages) <= WHOLE_BANK_MAX_PAGES
    text = pdf_text(pdf)
    for principle in COVERED:
        assert plain(principle.title) in text, principle.title
    for story in BANK.stories:
        assert opening(story.question) in text, story.id
        for part in STAR_PARTS:
            assert opening(story.part(part)) in text, f"{story.id}: {part}"
    # No story of the sample runs past one sheet: every sheet between the first and the last starts one.
    starts = [opening(story.question, words=4) for story in BANK.stories]
    for number, sheet in enumerate(pdf.pages[1:-1], start=2):
        sheet_text = plain(sheet.extract_text())
        assert any(start in sheet_text for start in starts), f"sheet {number} holds only the tail of a story"
    assert "Copy link" not in text and "¶" not in text


def test_on_paper_a_principle_stays_with_its_first_story_and_no_heading_ends_a_sheet(whole_bank_pdf: pypdf.PdfReader) -> None:
    sheets = [sheet_lines(sheet) for sheet in whole_bank_pdf.pages]
    headings = [plain(p.title) for p in COVERED] + [plain(p.summary) for p in COVERED]
    headings += [plain(s.question) for s in BANK.stories] + [part.capitalize() for part in STAR_PARTS]
    ended = []
    for number, lines in enumerate(sheets[:-1], start=1):
        content = [line for line in lines if not SHEET_NUMBER.match(line) and "https://" not in line]
        # The sheet's last line is a whole heading, or the last two lines end one (a heading over two lines).
        last, last_two = content[-1], " ".join(content[-2:])
        if any(heading == last or heading.endswith(last_two) for heading in headings):
            ended.append(f"sheet {number} ends with {last_two!r}")
    assert ended == []
    for principle in COVERED:
        first = (BANK.primary_stories(principle.id) or BANK.also_fits_stories(principle.id))[0]
        sheet = next(lines for lines in sheets if plain(principle.title) in lines)
        assert opening(first.question, words=5) in " ".join(sheet), f"{principle.id}: its first story starts a sheet later"

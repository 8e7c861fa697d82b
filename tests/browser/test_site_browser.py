"""The site as its users meet it, in Debian's Chromium: story blocks, STAR tabs, deep links, search, phone, print."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from audit import site_checks  # the toggle as the axe check uses it
from conftest import BANKS, ROOT, SAMPLE_BANK, SharedBuilds, edit_site, plain, write_story
from pages_server import fetch, serve_site, sitemap_prefix
from star_bank.model.load import load_data
from star_bank.model.records import STAR_PARTS, Bank, Story
from star_bank.views.principle_page import OPEN_STORIES_UP_TO

from .conftest import screen_centres

SCREENSHOTS_DIR = ROOT / "screenshots"  # git-ignored; `make screenshots` copies one into the README's picture
PHONE = {"width": 390, "height": 844}
# Words of running text: a phrase made of them reads the same in the YAML and on the page.
PLAIN_WORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9'’,.;:%-]*$")
SEARCH_TIMEOUT_MS = 15_000
FORK_BANK = BANKS / "fork"
LONG_TITLE = "Rosalind Okafor — Interview stories for senior data engineering roles"


@pytest.fixture(scope="module")
def bank() -> Bank:
    """The sample bank the browser tests' site is built from (tests/banks/sample)."""
    return load_data(SAMPLE_BANK, display_root=SAMPLE_BANK, env={}).bank


def plain_phrase(text: str, *, words: int = 6) -> str:
    """The first run of `words` words in `text` with no Markdown in them."""
    tokens = text.split()
    for start in range(len(tokens) - words + 1):
        window = tokens[start : start + words]
        if all(PLAIN_WORD.match(token) for token in window):
            return " ".join(window)
    raise AssertionError(f"no plain phrase of {words} words in {text[:60]!r}...")


def story_with_both_blocks(bank: Bank) -> Story:
    """A story that also fits a principle with a story of its own, so it appears collapsed on that principle's page.

    (Where a principle has only stories that also fit it, they open as its own.)
    """
    stories = [story for story in bank.stories if any(bank.primary_stories(p) for p in story.also_fits)]
    assert stories, "no story also fits a principle that has a story of its own; the collapsed block cannot be tested"
    return stories[0]


def collapsed_on(bank: Bank, story: Story) -> str:
    """The principle whose page shows `story` collapsed."""
    return next(p for p in story.also_fits if bank.primary_stories(p))


def star_tab(page, story_id: str, part: str):
    """The tab block of one STAR part of one story, found from its stable input id."""
    return page.locator(f"#{story_id}-{part} ~ .tabbed-content > .tabbed-block").nth(STAR_PARTS.index(part))


# The STAR parts of one story whose tab is shown, by Playwright's rule for visible (a box of some size, rendered,
# as a closed <details> does not render its content, and not visibility: hidden), asked in one call, not one a part.
VISIBLE_PARTS = """([storyId, parts]) => {
  const input = document.getElementById(storyId + '-situation');
  const blocks = input ? input.parentElement.querySelectorAll(':scope > .tabbed-content > .tabbed-block') : [];
  return parts.filter((part, index) => {
    const box = blocks[index]?.getBoundingClientRect();
    return box && box.width > 0 && box.height > 0 && blocks[index].checkVisibility({visibilityProperty: true});
  });
}"""


def visible_parts(page, story_id: str) -> list[str]:
    return page.evaluate(VISIBLE_PARTS, [story_id, list(STAR_PARTS)])


def star_block(page, story_id: str):
    """The collapsible <details> holding a story's tabs."""
    return page.locator(f"details.star:has(#{story_id}-situation)")


def is_open(details) -> bool:
    return details.evaluate("element => element.open")


def test_story_block_opens_and_closes_by_mouse(page, site_url: str, bank: Bank) -> None:
    story = bank.stories[0]
    page.goto(f"{site_url}principles/{story.primary}/")
    block = star_block(page, story.id)
    assert is_open(block), "a story opens expanded on its primary principle's page"
    block.locator("summary").click()
    assert not is_open(block)
    assert visible_parts(page, story.id) == []
    block.locator("summary").click()
    assert is_open(block)
    assert visible_parts(page, story.id) == ["situation"]


def test_story_block_opens_and_closes_by_keyboard(page, site_url: str, bank: Bank) -> None:
    story = bank.stories[0]
    page.goto(f"{site_url}principles/{story.primary}/")
    block = star_block(page, story.id)
    summary = block.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert not is_open(block)
    page.keyboard.press("Enter")
    assert is_open(block)
    page.keyboard.press("Space")
    assert not is_open(block)
    page.keyboard.press("Space")
    assert is_open(block)
    assert visible_parts(page, story.id) == ["situation"]


def test_each_tab_shows_its_part_and_hides_the_others(page, site_url: str, bank: Bank) -> None:
    for story in sorted(bank.stories, key=lambda story: story.primary):  # a page's stories one after the other
        if page.url != f"{site_url}principles/{story.primary}/":
            page.goto(f"{site_url}principles/{story.primary}/")
        for part in (*reversed(STAR_PARTS), "situation"):  # every tab, from every other
            # Clicked where it is now, by the real pointer (scroll anchoring moves the labels as the tabs change).
            centres, _ = screen_centres(page, f"label[for='{story.id}-{part}']", limit=1)
            assert centres, f"{story.id}: no {part} tab shown"
            page.mouse.click(*centres[0])
            assert visible_parts(page, story.id) == [part], f"{story.id}: after clicking {part}"
            assert plain_phrase(story.part(part)) in " ".join(star_tab(page, story.id, part).inner_text().split())


def test_link_to_a_result_shows_that_result_on_load_under_its_question(page, site_url: str, bank: Bank) -> None:
    """The browser alone would scroll to the Result's radio button, the question and headline above the window."""
    height = page.viewport_size["height"]
    for story in bank.stories:
        page.goto(f"{site_url}principles/{story.primary}/#{story.id}-result", wait_until="load")
        assert visible_parts(page, story.id) == ["result"], story.id
        header = page.locator(".md-header").bounding_box()
        heading = page.locator(f"h3#{story.id}").bounding_box()  # boxes are in the window's coordinates
        assert header["y"] + header["height"] <= heading["y"] and heading["y"] + heading["height"] <= height, f"{story.id}: the question is not in the window"
        assert star_tab(page, story.id, "result").bounding_box()["y"] < height, f"{story.id}: the Result's text starts below the window"


def test_link_to_a_result_opens_a_collapsed_block(
    page, site_url: str, built_site: Path, bank: Bank
) -> None:
    story = story_with_both_blocks(bank)
    principle = collapsed_on(bank, story)
    html = BeautifulSoup((built_site / "principles" / principle / "index.html").read_text(), "html.parser")
    assert html.select_one(f"details.star:has(#{story.id}-result)").get("open") is None, "the block starts collapsed"

    page.goto(f"{site_url}principles/{principle}/#{story.id}-result")
    assert is_open(star_block(page, story.id))
    assert visible_parts(page, story.id) == ["result"]
    assert star_tab(page, story.id, "result").is_visible()


def test_an_address_given_later_opens_its_story_on_its_tab(page, site_url: str, bank: Bank) -> None:
    # The address bar changed on the page (a link followed, an address pasted): no load, only a hashchange.
    story = story_with_both_blocks(bank)
    principle = collapsed_on(bank, story)
    page.goto(f"{site_url}principles/{principle}/")
    assert not is_open(star_block(page, story.id))

    page.evaluate("id => { location.hash = id; }", story.id)
    expect(star_block(page, story.id)).to_have_attribute("open", "")
    assert visible_parts(page, story.id) == ["situation"]
    page.evaluate("id => { location.hash = id + '-action'; }", story.id)
    page.wait_for_function("id => document.getElementById(id + '-action').checked", arg=story.id)
    assert visible_parts(page, story.id) == ["action"]


@pytest.fixture(scope="module")
def long_page_site(builds: SharedBuilds, tmp_path_factory: pytest.TempPathFactory, bank: Bank) -> Iterator[tuple[str, Story, str]]:
    """The sample bank with stories added to the principle a story also fits until that page lists it as a link:
    the site's URL, the story, and that principle."""
    story = story_with_both_blocks(bank)
    principle = collapsed_on(bank, story)
    project = tmp_path_factory.mktemp("long-page")
    shutil.copytree(SAMPLE_BANK, project / "data")
    for number in range(OPEN_STORIES_UP_TO):
        write_story(project, f"added-{number}", principles=[principle])
    site = builds.site(project / "data")
    with serve_site(site, prefix=sitemap_prefix(site)) as url:
        yield url, story, principle


def test_a_story_a_long_page_links_to_is_found_by_search_on_its_own_page_alone(long_page_site: tuple[str, Story, str]) -> None:
    """The long page's list of links is out of search, as the written-out copies of a short page are."""
    url, story, _ = long_page_site
    docs = json.loads(fetch(f"{url}search/search_index.json").text)["docs"]
    holding = [doc["location"] for doc in docs if plain(story.question) in plain(BeautifulSoup(f"{doc['title']} {doc['text']}", "html.parser").get_text(" "))]
    assert holding == [f"principles/{story.primary}/#{story.id}"]


def test_an_old_address_of_a_story_a_long_page_now_only_links_to_opens_it_on_its_own_page(page, long_page_site: tuple[str, Story, str]) -> None:
    """Past 12 stories of its own, a principle page lists the stories that also fit as links: an address copied
    while it held them (#<story-id>, or a tab's #<story-id>-result) is followed to the story's own page."""
    url, story, principle = long_page_site
    page.goto(f"{url}principles/{principle}/")
    assert page.locator(f".star-also-fits a#{story.id}").count() == 1 and page.locator(f"#{story.id}-result").count() == 0
    page.goto(f"{url}principles/{principle}/#{story.id}-result")
    expect(page).to_have_url(f"{url}principles/{story.primary}/#{story.id}-result")
    assert visible_parts(page, story.id) == ["result"]
    page.goto(f"{url}principles/{principle}/#{story.id}")
    expect(page).to_have_url(f"{url}principles/{story.primary}/#{story.id}")
    assert visible_parts(page, story.id) == ["situation"]
    page.goto(f"{url}principles/{principle}/#{story.id}-not-a-part")  # not a story's tab: said missing, here
    expect(page.locator(".star-missing")).to_be_visible()
    assert page.url == f"{url}principles/{principle}/#{story.id}-not-a-part"


def test_the_checked_tab_is_underlined_and_the_others_are_not(page, site_url: str, bank: Bank) -> None:
    story = bank.stories[0]
    page.goto(f"{site_url}principles/{story.primary}/")
    page.locator(f"label[for='{story.id}-task']").click()
    underlines = page.evaluate(
        """id => ['situation', 'task', 'action', 'result'].map(part => {
             const style = getComputedStyle(document.querySelector(`label[for="${id}-${part}"]`));
             return [style.borderBottomStyle, parseFloat(style.borderBottomWidth) > 0, style.borderBottomColor];
           })""",
        story.id,
    )
    text_colour = page.evaluate("() => getComputedStyle(document.querySelector('.md-typeset')).color")
    transparent = "rgba(0, 0, 0, 0)"
    assert [colour for _, _, colour in underlines] == [transparent, text_colour, transparent, transparent], underlines
    assert all(style == "solid" and wide for style, wide, _ in underlines)


def search(page, query: str):
    """Open Material's search (if it is not open) and enter `query`: all of it but its last key at once, then that key
    pressed, the key event Material listens to (fill() alone sets the value without one). Earlier results give way."""
    page.wait_for_function("() => document.querySelector('.md-search-result__meta')?.textContent.trim() !== 'Initializing search'")
    box = page.locator("input.md-search__input")
    if not page.evaluate("() => document.activeElement?.matches('input.md-search__input') ?? false"):
        opener = page.locator("label.md-header__button[for='__search']")
        if opener.is_visible():  # a phone: search hides behind a button
            opener.click()
        else:
            box.click()
    box.fill(query[:-1])
    box.press(query[-1])
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=SEARCH_TIMEOUT_MS)
    return results


def first_result_misses(page, query: str, address: str) -> str | None:
    """Search for `query`; None when its first result is the page at `address`, else what it lists first."""
    first = search(page, query).first.locator("a.md-search-result__link").first
    # Results follow the typing; wait for the ones of the whole query to settle.
    page_path = urlsplit(address).path
    try:
        expect(first).to_have_attribute("href", re.compile(rf"^[^?#]*{re.escape(page_path)}(\?|#|$)"))
    except AssertionError:
        return f"{query!r} lists {first.get_attribute('href')} first"
    return None


def test_searching_a_principle_lists_its_page_first(page, site_url: str, bank: Bank) -> None:
    """Every listed principle (one a story answers; the others' pages are kept out of search)."""
    page.goto(site_url)
    listed = [p for p in bank.principles if bank.primary_stories(p.id) or bank.also_fits_stories(p.id)]
    assert [wrong for p in listed if (wrong := first_result_misses(page, p.title, f"{site_url}principles/{p.id}/"))] == []


def unique_action_phrase(story: Story, bank: Bank) -> str:
    """A phrase of the story's Action found in no other text of the bank."""
    others = " ".join(
        " ".join([other.question, *(other.part(part) for part in STAR_PARTS)])
        for other in bank.stories
        if other is not story
    )
    others += " " + " ".join(story.part(part) for part in STAR_PARTS if part != "action")
    others += " " + " ".join(f"{p.title} {p.summary} {p.angle}" for p in bank.principles)
    tokens = story.action.split()
    for start in range(len(tokens) - 2):
        words = tokens[start : start + 3]
        phrase = " ".join(words).rstrip(",.;:")
        # Long words only: search drops short common words ("I did not") and would match anything.
        distinctive = all(PLAIN_WORD.match(word) and len(word.strip(",.;:")) >= 5 for word in words)
        # Not a word of its principle's title: a query naming the principle rightly lists the principle first.
        title_words = {word.lower().strip(",;") for word in bank.principle(story.primary).title.split()}
        names_principle = any(word.lower().strip(",.;:").rstrip("s") in title_words for word in words)
        if distinctive and not names_principle and phrase.lower() not in others.lower():
            return phrase
    raise AssertionError(f"{story.id}: no phrase of its Action is unique to it")


def test_searching_a_phrase_of_one_action_finds_that_story(page, site_url: str, bank: Bank) -> None:
    missed = []
    page.goto(site_url)
    for story in bank.stories:
        phrase = unique_action_phrase(story, bank)
        results = search(page, phrase)
        story_link = results.locator(f"a.md-search-result__link[href*='principles/{story.primary}/'][href$='#{story.id}']")
        try:
            expect(story_link).to_have_count(1)
            # Its own result, not folded under "1 more on this page", titled by its question.
            expect(story_link).to_be_visible()
            expect(story_link.locator("h2")).to_have_text(" ".join(story.question.split()))
        except AssertionError:
            listed = results.locator("a.md-search-result__link").evaluate_all("links => links.map(link => link.href)")
            missed.append(f"{phrase!r} ({story.id}) not found; listed: {listed}")
    assert missed == []


def test_phone_drawer_reaches_every_principle(browser, site_url: str, bank: Bank) -> None:
    """From home, through the framework's section; from each principle's page, where the drawer opens on that section, to the next.
    With reduced motion, as a phone can ask: Material then slides nothing, and each tap needs no wait for the drawer to settle."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(site_url)
        for number, principle in enumerate(p for p in bank.principles if bank.primary_stories(p.id) or bank.also_fits_stories(p.id)):  # listed
            page.locator("label.md-header__button[for='__drawer']").click()
            drawer = page.locator("nav.md-nav--primary")
            if number == 0:  # home's drawer lists sections: the framework's name heads its section
                drawer.get_by_text(bank.framework.name, exact=True).first.click()
            links = drawer.locator("a.md-nav__link")  # written relative to the page they are on: found by where they lead
            address = f"{site_url}principles/{principle.id}/"
            index = links.evaluate_all("(links, address) => links.findIndex(link => link.href === address)", address)
            assert index >= 0, f"the drawer has no link to {address}"
            link = links.nth(index)
            link.scroll_into_view_if_needed()
            link.click()
            page.wait_for_url(f"**/principles/{principle.id}/")
            assert page.locator("h1").inner_text().startswith(principle.title.split(";")[0])
    finally:
        context.close()


def test_phone_tabs_stay_usable(browser, site_url: str, bank: Bank) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        story = bank.stories[0]
        page.goto(f"{site_url}principles/{story.primary}/")
        for part in STAR_PARTS:
            label = page.locator(f"label[for='{story.id}-{part}']")
            label.tap()
            box = label.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{part} tab is off screen: {box}"
            assert visible_parts(page, story.id) == [part]
    finally:
        context.close()


# Visible elements wider than the screen, unless a scrolling box inside the screen holds them
# (Material puts wide tables and code in one: they scroll on their own, the page does not).
WIDER_THAN_SCREEN = """() => {
  const fits = element => element.getBoundingClientRect().width <= window.innerWidth + 1;
  const scrolledInside = element => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX) && fits(box)) return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter(element => element.checkVisibility() && !fits(element) && !scrolledInside(element))
    .map(element => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} ${Math.round(element.getBoundingClientRect().width)}px`);
}"""


def test_phone_has_no_element_wider_than_the_screen(browser, site_url: str, built_site: Path) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        too_wide = {}
        for index in sorted(built_site.rglob("index.html")):
            path = index.parent.relative_to(built_site).as_posix().removeprefix(".")
            page.goto(f"{site_url}{path}/" if path else site_url)
            overflow = page.evaluate(WIDER_THAN_SCREEN)
            if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
                overflow.append(f"page scrolls sideways: {page.evaluate('document.documentElement.scrollWidth')}px")
            if overflow:
                too_wide[path or "/"] = overflow
        assert too_wide == {}
    finally:
        context.close()


def test_print_shows_every_part_of_every_story(page, site_url: str, bank: Bank) -> None:
    story = story_with_both_blocks(bank)
    principle = collapsed_on(bank, story)  # its page has the story collapsed, maybe others open
    page.goto(f"{site_url}principles/{principle}/")
    page.emulate_media(media="print")
    story_ids = page.eval_on_selector_all(
        "details.star input[id$='-situation']", "inputs => inputs.map(input => input.id.slice(0, -'-situation'.length))"
    )
    assert story.id in story_ids
    hidden = {}
    for story_id in story_ids:
        shown = visible_parts(page, story_id)
        if missing := [part for part in STAR_PARTS if part not in shown]:
            hidden[story_id] = missing
    assert hidden == {}


def test_the_browser_reaches_no_host_but_loopback_and_records_each_try(page, site_url: str, outside_requests: list[str]) -> None:
    """The guard every browser test leans on (`outside_requests`): a request leaving loopback fails, and is recorded.

    evil.example resolves to this machine in the test browser (CHROMIUM_ARGS), so without the guard the first
    request would reach the site's own server and be answered; the bare IP address needs no name lookup.
    """
    outside = [site_url.replace("127.0.0.1", "evil.example", 1) + "index.html", "http://93.184.216.34/track"]
    page.goto(site_url)
    outcomes = page.evaluate(
        "urls => Promise.all(urls.map(url => fetch(url, {mode: 'no-cors'}).then(() => 'answered', () => 'failed')))", outside
    )
    assert outcomes == ["failed", "failed"]
    assert sorted(outside_requests) == sorted(outside)


def test_a_page_of_the_shared_context_starts_as_a_first_visit(shared_context, request_log, site_url: str) -> None:
    """What one test's page stored (Material's palette and tab, Practice's progress) is gone for the next test's page,
    which is the same page unless the earlier test left something on it that would outlive it (a listener here)."""
    first = shared_context.test_page(request_log)
    first.goto(site_url)
    first.evaluate("localStorage.setItem('left-by-an-earlier-test', 'yes'); sessionStorage.setItem('left-too', 'yes')")
    shared_context.release()
    second = shared_context.test_page(request_log)
    try:
        assert second is first and second.url == "about:blank"
        second.goto(site_url)
        assert second.evaluate("[localStorage.getItem('left-by-an-earlier-test'), sessionStorage.getItem('left-too')]") == [None, None]
        with pytest.raises(AssertionError, match="context's clock"):  # it would set every later test's time too
            second.clock.install()
        second.on("console", lambda message: None)
    finally:
        shared_context.release()
    third = shared_context.test_page(request_log)
    shared_context.release()
    assert third is not second and second.is_closed()


def test_no_request_leaves_the_sites_own_host_while_searching(page, site_url: str, outside_requests: list[str]) -> None:
    """Every page's own requests are watched by the axe test, which loads them all; this adds search's."""
    page.goto(site_url, wait_until="load")
    search(page, "model")
    page.wait_for_timeout(500)  # late requests: fonts, icons, the search worker
    assert outside_requests == []


# The README's pictures, at 1x: a window a recruiter would use, and a phone.
SCREENSHOT_VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": PHONE}
SCREENSHOT_MAX_BYTES = 150_000  # each picture is in the repository and in every built site


def save_screenshot(page, target: Path) -> None:
    """The window as a PNG of at most 256 colours: a third of the size, no visible loss on flat colours and text."""
    from io import BytesIO

    from PIL import Image  # Pillow: installed with Material's social plugin

    image = Image.open(BytesIO(page.screenshot())).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(target, optimize=True)


@pytest.mark.skipif(not os.environ.get("STAR_SCREENSHOTS"), reason="`make screenshots` takes the README's pictures")
@pytest.mark.parametrize("bank_name", ["sample", "fork"])
def test_screenshots_of_home_and_a_principle_page(browser, builds: SharedBuilds, built_site: Path, bank_name: str) -> None:
    """`make screenshots` copies these into docs/assets/images/, the README's pictures."""
    bank_path = SAMPLE_BANK if bank_name == "sample" else FORK_BANK
    bank = load_data(bank_path, display_root=bank_path, env={}).bank
    story = max(bank.stories, key=lambda story: len(story.also_fits))
    site = built_site if bank_name == "sample" else builds.site(FORK_BANK)  # the session's shared builds
    SCREENSHOTS_DIR.mkdir(exist_ok=True)
    with serve_site(site, prefix=sitemap_prefix(site)) as url:
        for device, viewport in SCREENSHOT_VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, is_mobile=device == "phone", color_scheme="light")
            try:
                page = context.new_page()
                for name, path in (("home", ""), ("principle", f"principles/{story.primary}/")):
                    page.goto(url + path)
                    page.evaluate("document.fonts.ready")
                    target = SCREENSHOTS_DIR / f"{bank_name}-{name}-{device}.png"
                    save_screenshot(page, target)
                    assert 10_000 < target.stat().st_size <= SCREENSHOT_MAX_BYTES, f"{target.name}: {target.stat().st_size} bytes"
            finally:
                context.close()


def test_switching_a_tab_by_keyboard_puts_its_address_in_the_address_bar(page, site_url: str, bank: Bank) -> None:
    story = bank.stories[0]
    page.goto(f"{site_url}principles/{story.primary}/")
    page.locator(f"label[for='{story.id}-situation']").click()
    page.locator(f"input#{story.id}-situation").focus()
    page.keyboard.press("ArrowRight")
    assert visible_parts(page, story.id) == ["task"]
    page.wait_for_function(f"() => location.hash === '#{story.id}-task'")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => location.hash === '#{story.id}-action'")
    page.reload()
    assert visible_parts(page, story.id) == ["action"], "the address opens the same tab"


def test_a_link_to_a_story_that_is_not_there_says_so(page, site_url: str, bank: Bank) -> None:
    story = bank.stories[0]
    page.goto(f"{site_url}principles/{story.primary}/#a-story-renamed-long-ago")
    notice = page.locator(".star-missing")
    expect(notice).to_contain_text("a-story-renamed-long-ago")
    assert notice.get_attribute("role") == "status"
    page.goto(f"{site_url}principles/{story.primary}/#{story.id}")
    assert page.locator(".star-missing").count() == 0


def test_the_404_page_has_the_header_search_and_ways_on(page, site_url: str, bank: Bank) -> None:
    response = page.goto(f"{site_url}principles/no-such-principle/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("input.md-search__input").count() == 1
    links = page.locator("article a").evaluate_all("links => links.map(link => link.href)")
    assert f"{site_url}" in links and f"{site_url}quick-reference/" in links
    # The listed principles: those a story answers.
    listed = [p for p in bank.principles if bank.primary_stories(p.id) or bank.also_fits_stories(p.id)]
    assert [link for link in links if "/principles/" in link] == [f"{site_url}principles/{p.id}/" for p in listed]
    page.locator("article a", has_text=listed[1].title).click()
    page.wait_for_url(f"**/principles/{listed[1].id}/")


def test_a_word_of_a_principles_angle_and_its_story_shows_the_story_unfolded(page, site_url: str, bank: Bank) -> None:
    """The angle block sits beside the title and would outscore the story, folding it under "1 more on this page"."""
    cases = []
    for story in bank.stories:
        principle = bank.principle(story.primary)
        angle = {word.strip(".,;:").lower() for word in principle.angle.split()}
        title = {word.strip(".,;:").lower() for word in principle.title.split()}
        body = {word.strip(".,;:").lower() for part in STAR_PARTS for word in story.part(part).split()}
        shared = sorted(word for word in angle & body - title if len(word) >= 7 and PLAIN_WORD.match(word))
        if shared:
            cases.append((story, shared[0]))
    assert cases, "the sample bank has stories sharing a word with their principle's angle"
    folded = []
    page.goto(site_url)
    for story, word in cases:  # each word typed in place of the last, as test_searching_a_phrase_of_one_action_finds_that_story does
        results = search(page, word)
        link = results.locator(f"a.md-search-result__link[href$='#{story.id}']")
        try:
            expect(link).to_be_visible()
        except AssertionError:
            folded.append(f"{word!r}: {story.id}")
    assert folded == []


# --- The owner's colours, long titles, the 404 page anywhere ----------------------------------------------------


@pytest.fixture(scope="module")
def fork_url(builds: SharedBuilds) -> Iterator[str]:
    """The fork fixture bank's site (its own colours, an owner), served under its path."""
    site = builds.site(FORK_BANK)
    with serve_site(site, prefix=sitemap_prefix(site)) as url:
        yield url


@pytest.fixture(scope="module")
def long_title_url(builds: SharedBuilds, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fork bank under a 70-character title, served under its path."""
    project = tmp_path_factory.mktemp("long-title")
    shutil.copytree(FORK_BANK, project / "data")
    edit_site(project, title=LONG_TITLE)
    site = builds.site(project / "data")
    with serve_site(site, prefix=sitemap_prefix(site)) as url:
        yield url


def rgb(colour: str) -> str:
    """'#1f4e79' as the browser computes it: 'rgb(31, 78, 121)'."""
    return f"rgb({int(colour[1:3], 16)}, {int(colour[3:5], 16)}, {int(colour[5:7], 16)})"


def configured_colours(bank: Path) -> dict[str, str]:
    return load_data(bank, display_root=bank, env={}).settings.values


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_header_wears_the_colours_of_data_site_yml(browser, site_url: str, fork_url: str, color_scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme)
    try:
        page = context.new_page()
        seen = {}
        for name, url, bank in (("sample", site_url, SAMPLE_BANK), ("fork", fork_url, FORK_BANK)):
            page.goto(url)
            header = page.locator(".md-header")
            colours = configured_colours(bank)
            seen[name] = header.evaluate("h => getComputedStyle(h).backgroundColor")
            assert seen[name] == rgb(colours["primary"]), name
            assert header.evaluate("h => getComputedStyle(h).borderBottomColor") != "rgba(0, 0, 0, 0)", f"{name}: the accent rule"
            # A phone's address bar wears the header's colour.
            assert page.locator('meta[name="theme-color"]').get_attribute("content") == colours["primary"].lower(), name
        assert seen["sample"] != seen["fork"], "the two banks configure different colours"
    finally:
        context.close()


PALETTE_STATE = f"""() => ({{
  scheme: document.body.dataset.mdColorScheme,
  colorScheme: document.querySelector('meta[name="color-scheme"]').content,
  toggle: [...document.querySelectorAll('[data-star-palette] label')].filter(label => !label.hidden).map(label => label.htmlFor),
  stored: localStorage.getItem({site_checks.PALETTE_KEY}),
}})"""


def test_the_colour_toggle_switches_by_pointer_and_by_keyboard_and_remembers_the_choice(page, site_url: str) -> None:
    page.goto(site_url, wait_until="load")
    # A first visit follows the device (light here) and stores nothing. Material's palette component would have
    # stored the palette as it started, restyling the whole page to do it: it must not be running.
    assert page.evaluate(PALETTE_STATE) == {"scheme": "default", "colorScheme": "light", "toggle": ["__palette_1"], "stored": None}
    page.click(site_checks.PALETTE_TOGGLE)
    state = page.evaluate(PALETTE_STATE)
    assert {**state, "stored": json.loads(state["stored"])["index"]} == {"scheme": "slate", "colorScheme": "dark", "toggle": ["__palette_0"], "stored": 1}
    page.reload(wait_until="load")
    assert page.evaluate(PALETTE_STATE)["scheme"] == "slate", "the choice outlives the page"
    page.focus("#__palette_1")
    page.keyboard.press("Enter")
    assert page.evaluate(PALETTE_STATE)["toggle"] == ["__palette_1"]
    assert page.evaluate("[document.body.dataset.mdColorScheme, document.activeElement.id]") == ["default", "__palette_0"]


def test_the_colours_are_chosen_before_materials_script_runs_and_a_damaged_choice_is_ignored(context, site_url: str) -> None:
    """The toggle's script runs as the header is parsed, so the first paint is already in the right colours;
    what localStorage holds is input like any other."""
    context.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())  # Material's script never runs
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.emulate_media(color_scheme="dark")
    page.goto(site_url)
    assert page.evaluate(PALETTE_STATE) == {"scheme": "slate", "colorScheme": "dark", "toggle": ["__palette_0"], "stored": None}
    for stored, scheme in (("{not json", "slate"), ('{"index": "0"}', "slate"), ('{"index": 0}', "default"), ('{"index": 9}', "slate")):
        page.evaluate(f"stored => localStorage.setItem({site_checks.PALETTE_KEY}, stored)", stored)
        page.reload()
        assert page.evaluate(PALETTE_STATE)["scheme"] == scheme, stored
    assert page.evaluate("document.documentElement.classList.contains('no-js')"), "Material's script was kept out"
    assert errors == []


def clipped_text(page, selector: str) -> list[str]:
    """Elements under `selector` (itself included) whose text does not fit their box, or that stick out of the window."""
    return page.locator(selector).evaluate(
        """root => [root, ...root.querySelectorAll('*')].filter(element => {
            const box = element.getBoundingClientRect();
            const cut = element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1;
            return element.checkVisibility() && (cut || box.left < 0 || box.right > window.innerWidth);
        }).map(element => `${element.className}: ${element.scrollWidth}x${element.scrollHeight} in ${element.clientWidth}x${element.clientHeight}`)"""
    )


def test_a_long_title_is_never_cut_in_a_phones_header_or_drawer(browser, long_title_url: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        for path in ("", "principles/frugality/"):
            page.goto(long_title_url + path)
            title = page.locator(".md-header__topic").first
            assert " ".join(title.inner_text().split()) == LONG_TITLE
            assert clipped_text(page, ".md-header__title") == [], path
            header = page.locator(".md-header").bounding_box()
            box = title.bounding_box()
            assert header["y"] <= box["y"] and box["y"] + box["height"] <= header["y"] + header["height"], "inside the header"
        page.locator("label.md-header__button[for='__drawer']").click()
        drawer_title = page.locator("nav.md-nav--primary > label.md-nav__title")
        drawer_title.wait_for()
        page.wait_for_timeout(300)  # the drawer slides in
        assert LONG_TITLE in " ".join(drawer_title.inner_text().split())
        assert clipped_text(page, "nav.md-nav--primary > label.md-nav__title") == []
    finally:
        context.close()


HITS_ITSELF = """link => {
  const box = link.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return link === hit || link.contains(hit);
}"""


def test_the_sidebars_title_never_covers_home(page, long_title_url: str) -> None:
    """On a wide screen the sidebar's title (the site's) wraps; it must not lie over the first links as the sidebar scrolls."""
    page.set_viewport_size({"width": 1280, "height": 420})  # a short window: the sidebar scrolls
    page.goto(f"{long_title_url}principles/frugality/")
    sidebar = page.locator(".md-sidebar--primary .md-sidebar__scrollwrap")
    home = page.locator(".md-sidebar--primary a.md-nav__link", has_text="Home")
    assert sidebar.evaluate("box => box.scrollHeight > box.clientHeight"), "the sidebar must scroll for this test"
    for scroll in (0, 20, 40, 80, 10_000):
        sidebar.evaluate("(box, top) => box.scrollTo(0, top)", scroll)
        page.wait_for_timeout(50)
        inside = home.evaluate(
            "(link, box) => { const l = link.getBoundingClientRect(), b = box.getBoundingClientRect();"
            " return l.top >= b.top && l.bottom <= b.bottom; }",
            sidebar.element_handle(),
        )
        if inside:
            assert home.evaluate(HITS_ITSELF), f"Home is covered with the sidebar scrolled to {scroll}"
    sidebar.evaluate("box => box.scrollTo(0, 0)")
    assert home.evaluate(HITS_ITSELF), "Home shows at the top of the sidebar"


@pytest.mark.parametrize("served_at", ["the site's path", "the root"])
def test_the_404_page_is_styled_wherever_the_site_is_served(page, built_site: Path, served_at: str) -> None:
    """GitHub Pages serves the site under /<repository>/; `python3 -m http.server` in site/ serves it at /."""
    prefix = sitemap_prefix(built_site) if served_at == "the site's path" else "/"
    with serve_site(built_site, prefix=prefix) as url:
        for missing in ("no-such-page", "principles/no-such-principle/deeper/"):
            response = page.goto(url + missing)
            assert response.status == 404
            header = page.locator(".md-header")
            assert header.evaluate("h => getComputedStyle(h).position") == "sticky", f"{missing}: Material's stylesheet"
            assert header.evaluate("h => getComputedStyle(h).borderBottomStyle") == "solid", f"{missing}: the site's stylesheet"
            logo = page.locator(".md-header__button.md-logo").bounding_box()
            assert logo["height"] <= 48, f"{missing}: a logo {logo['height']} px high"
            page.locator("article a", has_text="Quick reference").click()
            page.wait_for_url(f"{url}quick-reference/")

"""Practice mode in real Chromium: reveal, navigate, filter, the timer, keyboard, and "last practised" across reloads."""

from __future__ import annotations

import datetime as dt

import pytest

import star_data
from conftest import ROOT

STORIES = len(star_data.load_bank(ROOT / "data", display_root=ROOT).stories)
STORY = "simple-document-classifier"  # 294 words: an estimate of 118 s, shown as "about 2 min"
PARTS = ("situation", "task", "action", "result")


def open_practice(page, site_url: str, story: str = STORY) -> None:
    page.goto(f"{site_url}practice/#{story}")
    page.wait_for_selector("[data-practice-controls]:not([hidden])")


def card(page):
    return page.locator("[data-practice-card]:visible")


def visible_parts(page) -> list[str]:
    return card(page).locator("[data-practice-part]:visible").evaluate_all("parts => parts.map(p => p.dataset.practicePart)")


def test_one_question_at_a_time_with_every_part_hidden(page, site_url: str, outside_requests: list[str]) -> None:
    open_practice(page, site_url)
    assert card(page).count() == 1
    assert card(page).get_attribute("data-story") == STORY
    assert visible_parts(page) == []
    assert page.locator("[data-practice-position]").inner_text() == f"Question 1 of {STORIES}"
    assert outside_requests == []


def test_parts_are_revealed_one_at_a_time_by_button_and_key(page, site_url: str) -> None:
    open_practice(page, site_url)
    reveal = page.locator("[data-practice-reveal]")
    assert reveal.inner_text() == "Reveal the Situation"
    reveal.click()
    assert visible_parts(page) == ["situation"]
    assert page.get_by_role("status").inner_text() == "Situation shown"
    assert reveal.get_attribute("aria-controls") == f"practice-{STORY}-task"
    page.keyboard.press("r")
    assert visible_parts(page) == ["situation", "task"]
    page.keyboard.press("R")
    page.keyboard.press("r")
    assert visible_parts(page) == list(PARTS)
    assert reveal.inner_text() == "Every part is shown" and reveal.is_disabled()
    assert "reducing infrastructure costs by 99%" in card(page).locator('[data-practice-part="result"]').inner_text()


def test_next_previous_and_arrow_keys_move_through_the_deck(page, site_url: str) -> None:
    open_practice(page, site_url)
    page.get_by_role("button", name="Reveal the Situation").click()
    page.get_by_role("button", name="Next question").click()
    second = card(page).get_attribute("data-story")
    assert second != STORY
    assert page.locator("[data-practice-position]").inner_text() == f"Question 2 of {STORIES}"
    assert visible_parts(page) == []  # a new question starts hidden
    assert page.url.endswith(f"#{second}")
    page.keyboard.press("ArrowRight")
    assert page.locator("[data-practice-position]").inner_text() == f"Question 3 of {STORIES}"
    page.keyboard.press("ArrowLeft")
    page.get_by_role("button", name="Previous question").click()
    assert card(page).get_attribute("data-story") == STORY
    seen = set()
    for _ in range(STORIES):
        seen.add(card(page).get_attribute("data-story"))
        page.keyboard.press("ArrowRight")
    assert len(seen) == STORIES  # the deck holds every story once


def test_a_principle_limits_the_deck(page, site_url: str) -> None:
    open_practice(page, site_url)
    page.get_by_label("Questions from").select_option("frugality")
    assert page.locator("[data-practice-position]").inner_text() == "Question 1 of 2"
    stories = set()
    for _ in range(2):
        assert "frugality" in card(page).get_attribute("data-principles").split()
        stories.add(card(page).get_attribute("data-story"))
        page.get_by_role("button", name="Next question").click()
    assert stories == {"simple-document-classifier", "churn-prediction-deadline"}
    # Keys typed while the list has the focus belong to the list, not to practice.
    page.get_by_label("Questions from").focus()
    page.keyboard.press("r")
    assert visible_parts(page) == []


def test_the_timer_compares_the_answer_with_the_estimate(page, site_url: str) -> None:
    page.clock.install()
    open_practice(page, site_url)
    timer = page.locator("[data-practice-timer]")
    timer.click()
    assert timer.inner_text() == "Stop the timer" and timer.get_attribute("aria-pressed") == "true"
    page.clock.run_for(65_000)
    assert page.get_by_role("timer").inner_text() == "1:05"
    timer.click()
    assert timer.get_attribute("aria-pressed") == "false"
    assert page.locator("[data-practice-timer-result]").inner_text() == (
        "You took 1 min 5 s; the story's estimate is about 2 min: 53 s shorter."
    )
    page.keyboard.press("t")
    page.clock.run_for(125_000)
    page.keyboard.press("T")
    assert page.locator("[data-practice-timer-result]").inner_text() == (
        "You took 2 min 5 s; the story's estimate is about 2 min: about on time."
    )
    page.keyboard.press("t")
    page.clock.run_for(200_000)
    page.keyboard.press("t")
    assert page.locator("[data-practice-timer-result]").inner_text().endswith(": 1 min 22 s longer.")
    page.get_by_role("button", name="Next question").click()
    assert page.get_by_role("timer").inner_text() == "0:00"  # a new question resets the timer


def test_practised_is_kept_across_reloads(page, site_url: str) -> None:
    page.clock.install(time=dt.datetime(2026, 3, 4, 10, 0))
    open_practice(page, site_url)
    last = page.locator("[data-practice-last]")
    assert last.inner_text() == "Not practised yet in this browser"
    page.get_by_role("button", name="Mark as practised").click()
    assert last.inner_text() == "Last practised 2026-03-04"
    page.reload()
    page.wait_for_selector("[data-practice-controls]:not([hidden])")
    assert card(page).get_attribute("data-story") == STORY  # the address keeps the question
    assert last.inner_text() == "Last practised 2026-03-04"
    assert page.evaluate(f"localStorage.getItem('star-practice:last-practised:{STORY}')") == "2026-03-04"
    page.get_by_role("button", name="Next question").click()
    assert last.inner_text() == "Not practised yet in this browser"


def test_controls_are_labelled_buttons_reachable_by_tab(page, site_url: str) -> None:
    open_practice(page, site_url)
    names = [
        "Reveal the Situation",
        "Start the timer",
        "Mark as practised",
        "Previous question",
        "Next question",
    ]
    for name in names:
        assert page.get_by_role("button", name=name).is_visible()
    assert page.get_by_role("combobox", name="Questions from").is_visible()
    page.get_by_role("combobox", name="Questions from").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Invent and Simplify"  # the story's principle
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Reveal the Situation"
    page.keyboard.press("Enter")
    assert visible_parts(page) == ["situation"]


@pytest.fixture()
def page_without_script(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_without_javascript_every_story_is_shown(page_without_script, site_url: str) -> None:
    page_without_script.goto(f"{site_url}practice/")
    assert page_without_script.locator("[data-practice-card]:visible").count() == STORIES
    assert page_without_script.locator("[data-practice-part]:visible").count() == 4 * STORIES
    assert page_without_script.locator("[data-practice-controls]").is_hidden()

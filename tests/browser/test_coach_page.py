"""The Coach page in real Chromium (the workbench's): its tables fit a 1280 px window whole, scroll sideways on a
phone with a cue and their first column in view, and the coverage matrix names its story columns where they stand."""

from __future__ import annotations

PHONE = {"width": 390, "height": 844}
# Cells whose text does not fit their box (Chromium's scroll sizes: a cut-off "not cover…" is wider than its cell).
CLIPPED_CELLS = """() => [...document.querySelectorAll('.star-scroll th, .star-scroll td')]
  .filter(cell => cell.scrollWidth > cell.clientWidth || cell.scrollHeight > cell.clientHeight)
  .map(cell => `${cell.closest('table').caption.textContent}: ${cell.textContent.trim().slice(0, 40)}`)"""


def test_coverage_matrix_names_each_story_column_with_its_question(page, workbench_url: str, outside_requests: list[str]) -> None:
    page.goto(f"{workbench_url}coach/")
    matrix = page.locator("table:has(caption:text('Which story answers which principle'))")
    assert matrix.locator("tbody tr").count() == 16
    column = matrix.locator("thead a", has_text="simple-document-classifier")
    question = "Tell me about a time you found a simpler solution to an ML problem that others were overcomplicating."
    assert column.get_attribute("title") == question, "on hover"
    assert column.get_attribute("href").endswith("#simple-document-classifier")
    assert page.evaluate("link => link.textContent", column.element_handle()).endswith(question), "read out with the id"
    column.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # a keyboard focus, so :focus-visible holds
    shown = page.evaluate("link => getComputedStyle(link, '::after').content", column.element_handle())
    assert question in shown, "on focus, as on hover"
    column.click()
    page.wait_for_url("**/principles/invent-and-simplify/#simple-document-classifier")
    assert page.locator("#simple-document-classifier").is_visible()
    assert outside_requests == []


def test_wide_tables_scroll_sideways_on_a_phone_with_a_cue(browser, workbench_url: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{workbench_url}coach/")
        boxes = page.locator(".star-scroll")
        assert boxes.count() >= 4
        matrix = boxes.filter(has=page.locator("caption", has_text="Which story answers which principle"))
        overflow = matrix.evaluate("box => box.scrollWidth - box.clientWidth")
        assert overflow > 0, "the matrix is wider than a phone: it must scroll"
        assert matrix.evaluate("box => getComputedStyle(box).overflowX") == "auto"
        assert "gradient" in matrix.evaluate("box => getComputedStyle(box).backgroundImage"), "a shadow shows there is more"
        matrix.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("box => box.scrollLeft > 0", arg=matrix.element_handle())
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "only the table scrolls, not the page"
    finally:
        context.close()


def test_every_coach_table_fits_a_1280_px_window_with_no_cell_cut(page, workbench_url: str) -> None:
    """The sample bank's ten stories: the matrix has a column each, and every column shows whole."""
    page.goto(f"{workbench_url}coach/")
    assert page.locator(".star-scroll").count() >= 4
    assert page.evaluate(CLIPPED_CELLS) == []
    wider = page.locator(".star-scroll").evaluate_all(
        "boxes => boxes.filter(box => box.scrollWidth > box.clientWidth).map(box => box.getAttribute('aria-label'))"
    )
    assert wider == [], "a table that needs scrolling at 1280 px hides columns"
    matrix = page.locator("table:has(caption:text('Which story answers which principle'))")
    assert matrix.locator("thead th.star-story-column").count() == 10


def test_on_a_phone_every_cell_is_whole_and_the_first_column_stays_in_view(browser, workbench_url: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{workbench_url}coach/")
        assert page.evaluate(CLIPPED_CELLS) == []
        stories = page.locator(".star-scroll").first
        first = stories.locator("tbody th[scope=row]").first
        left = first.bounding_box()["x"]
        stories.evaluate("box => box.scrollTo(box.scrollWidth, 0)")
        page.wait_for_function("box => box.scrollLeft > 0", arg=stories.element_handle())
        assert abs(first.bounding_box()["x"] - left) <= 1, "the story's id scrolled away with its figures"
    finally:
        context.close()

"""views/data_markdown.py: a field's Markdown within its limits (nesting, paragraph, code blocks, link scanning,
output size), each broken limit one message for the field's author, never a RecursionError or a huge page."""

from __future__ import annotations

import sys

import pytest

from star_bank.views.data_markdown import (
    LINK_WINDOW_CHARS,
    MAX_CODE_BLOCKS,
    MAX_NESTING,
    MAX_PARAGRAPH_CHARS,
    MAX_RENDER_BYTES,
    render_budget,
    shape_refusal,
)
from star_bank.views.safe_html import SafeHtml

LONG_ADDRESS = "https://example.com/" + "a" * 2000
# The amplification: a reference link written thousands of times, its 2 KB address defined once.
AMPLIFIED_ONE_PARAGRAPH = "[a][r] " * 35_000 + "\n\n[r]: " + LONG_ADDRESS + "\n"
AMPLIFIED = ("[a][r] " * 2000 + "\n\n") * 17 + "[r]: " + LONG_ADDRESS + "\n"


def deep_list(levels: int) -> str:
    return "".join("    " * level + "- level\n" for level in range(levels))


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("- " * 500 + "x", 500),
        ("1. " * 300 + "x", 300),
        ("".join("    " * level + "1. x\n" for level in range(300)), 300),
        ("> " * 500 + "x", 500),
        (">" * 30 + " x", 30),
        (deep_list(MAX_NESTING + 1), MAX_NESTING + 1),
        ("\t" * 25 + "- x", 26),
    ],
)
def test_a_field_nested_deeper_than_the_limit_is_refused_before_markdown_runs(text: str, depth: int) -> None:
    expected = f"is nested {depth} levels deep (lists, quotes or emphasis inside each other); at most {MAX_NESTING} render"
    assert shape_refusal(text) == expected
    assert SafeHtml().refusal(text) == expected


def test_nesting_up_to_the_limit_renders_and_code_is_not_counted() -> None:
    safe = SafeHtml()
    assert safe.refusal(deep_list(MAX_NESTING)) is None
    assert safe.block(deep_list(MAX_NESTING)).count("<ul>") == MAX_NESTING
    code = "```\n" + "\n".join(" " * 4 * level + "}" for level in range(40)) + "\n```"
    assert safe.refusal(code) is None
    assert safe.refusal("* * *\n\n---\n\n1999. A year, not a list") is None


@pytest.mark.parametrize("text", ["*" * 50 + "deep" + "*" * 50, "***" * 20 + "x" + "***" * 20, "> " * 10 + "*" * 30 + "x" + "*" * 30])
def test_emphasis_nested_past_the_limit_is_refused_on_the_tree(text: str) -> None:
    assert shape_refusal(text) is None  # not seen line by line: the tree counts it
    refusal = SafeHtml().refusal(text)
    assert refusal is not None and refusal.startswith("is nested ") and refusal.endswith(f"at most {MAX_NESTING} render")


def test_recursion_that_gets_past_the_count_is_a_refusal_not_a_traceback() -> None:
    text = deep_list(MAX_NESTING)
    limit = sys.getrecursionlimit()
    depth = len(__import__("inspect").stack())
    sys.setrecursionlimit(depth + 60)  # too little for 20 levels of lists: Markdown recurses about 6 frames a level
    try:
        refusal = SafeHtml().refusal(text)
    finally:
        sys.setrecursionlimit(limit)
    assert refusal == f"is nested too deeply to render; at most {MAX_NESTING} levels"


def test_a_paragraph_over_the_limit_is_refused_and_the_same_words_in_paragraphs_render() -> None:
    words = "word " * (MAX_PARAGRAPH_CHARS // 5 + 10)
    assert SafeHtml().refusal(words) == (
        f"has a paragraph of {len(words.strip()) // 1024} KB; one paragraph, list item or quote may hold at most"
        f" {MAX_PARAGRAPH_CHARS // 1024} KB"
    )
    assert SafeHtml().refusal(words.replace("word word ", "word\n\nword ")) is None
    assert SafeHtml().refusal(AMPLIFIED_ONE_PARAGRAPH) is not None and "has a paragraph of 239 KB" in SafeHtml().refusal(AMPLIFIED_ONE_PARAGRAPH)


def test_too_many_fenced_code_blocks_are_refused() -> None:
    blocks = "\n\n".join("```\ncode\n```" for _ in range(MAX_CODE_BLOCKS + 1))
    assert SafeHtml().refusal(blocks) == (
        f"has {2 * MAX_CODE_BLOCKS + 2} lines opening or closing fenced code (``` or ~~~); at most {MAX_CODE_BLOCKS} code blocks"
    )
    assert SafeHtml().refusal(blocks.split("\n\n", 1)[1]) is None


@pytest.mark.parametrize("text", ["[" * 10_000, "[a](" * 3000, '[a](b "x) ' * 1500, "![" * 6000, "[" * 4000 + "]" * 4000])
def test_brackets_that_never_close_are_refused_once_looking_for_them_costs_too_much(text: str) -> None:
    assert SafeHtml().refusal(text) == (
        "has too many unclosed [ or ( to read as links; close them, or write \\[ and \\( for the characters"
    )


def test_a_few_unclosed_brackets_and_a_long_address_in_prose_render() -> None:
    # Twenty paragraphs of 2 KB, each with four [ and two ( left open, and a link with a 2 KB address.
    paragraph = "We tried [twice (once [by hand, once by script. " * 2 + "Then it ran for a week. " * 80
    prose = "\n\n".join([paragraph] * 20) + f"\n\nSee [the report]({LONG_ADDRESS})."
    safe = SafeHtml()
    assert safe.refusal(prose) is None
    assert f'href="{LONG_ADDRESS}"' in safe.block(prose)
    too_long = "https://example.com/" + "b" * LINK_WINDOW_CHARS
    assert "href" not in safe.inline(f"[x]({too_long})")  # longer than a link may be: read as text


def test_a_reference_link_amplified_past_the_budget_is_refused_as_it_is_made() -> None:
    assert render_budget(AMPLIFIED) == MAX_RENDER_BYTES
    assert SafeHtml().refusal(AMPLIFIED) == (
        f"renders to over {MAX_RENDER_BYTES // 1024} KB of HTML, past its limit (8 times its length plus 4 KB, at most 512 KB)"
    )
    small = "[a][r] " * 3 + "\n\n[r]: " + LONG_ADDRESS
    assert SafeHtml().refusal(small) is None and SafeHtml().block(small).count(LONG_ADDRESS) == 3


def test_output_over_the_budget_without_references_is_refused_on_its_exact_size() -> None:
    # An autolink writes its address twice, and each & as &amp;: ten times its length, linear but over budget.
    text = "<https://example.com/" + "&" * 4000 + ">"
    budget = render_budget(text)
    refusal = SafeHtml().refusal(text)
    assert refusal is not None and refusal.startswith("renders to 39 KB of HTML, over its limit of ")
    assert refusal.endswith(f" {budget // 1024} KB (8 times its length plus 4 KB, at most 512 KB)")


def test_a_refused_text_is_shown_escaped_as_written_wherever_it_is_rendered() -> None:
    text = "- " * 500 + "<b>x</b>"
    safe = SafeHtml()
    assert safe.block(text) == f"<p>{'- ' * 500}&lt;b&gt;x&lt;/b&gt;</p>"
    assert safe.inline(text) == ("- " * 500).strip() + " &lt;b&gt;x&lt;/b&gt;"
    assert safe.plain(text) == ("- " * 500).strip() + " <b>x</b>"
    assert safe.refusal(text) is not None

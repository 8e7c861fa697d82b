"""Data text to HTML through the allow-list, and stand-in tokens that page Markdown never reads."""

from __future__ import annotations

import markdown
import pytest

from star_bank.views.safe_html import Fragments, SafeHtml


@pytest.mark.parametrize(
    ("source", "block"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ('<img src=x onerror="alert(1)">', '<p>&lt;img src=x onerror="alert(1)"&gt;</p>'),
        ("<!-- hidden -->text", "<p>&lt;!-- hidden --&gt;text</p>"),
        ("see <https://example.com>", '<p>see <a href="https://example.com" rel="noopener">https://example.com</a></p>'),
        ("code `<b>` stays", "<p>code <code>&lt;b&gt;</code> stays</p>"),
        ("```\n<b>fenced</b>\n```", "<pre><code>&lt;b&gt;fenced&lt;/b&gt;\n</code></pre>"),
        ("a < b and **bold**", "<p>a &lt; b and <strong>bold</strong></p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("# Heading\n\n> quote", "Heading\n<blockquote>\n<p>quote</p>\n</blockquote>"),  # no heading tag in a field
    ],
)
def test_written_html_shows_as_text_and_markdown_still_works(source: str, block: str) -> None:
    assert SafeHtml().block(source) == block


@pytest.mark.parametrize(
    "target",
    ["javascript:alert(1)", " JavaScript:alert(1)", "&#106;avascript:alert(1)", "data:text/html,<b>", "vbscript:msgbox(1)"],
)
def test_links_to_scripts_and_data_lose_their_address(target: str) -> None:
    assert SafeHtml().inline(f"[x]({target})") == "x"  # shown as the text it links


@pytest.mark.parametrize(
    ("target", "href"),
    [
        ("https://example.com/javascript:", "https://example.com/javascript:"),
        ("../dive-deep/#cache-bug", "../dive-deep/#cache-bug"),
        ("mailto:a@example.com", "mailto:a@example.com"),
    ],
)
def test_web_mail_and_relative_links_are_kept(target: str, href: str) -> None:
    assert SafeHtml().inline(f"[x]({target})") == f'<a href="{href}" rel="noopener">x</a>'


def test_attribute_lists_in_data_stay_text() -> None:
    assert SafeHtml().inline('[y](https://example.com){ onclick="alert(1)" }') == (
        '<a href="https://example.com" rel="noopener">y</a>{ onclick="alert(1)" }'
    )


def test_each_kind_allows_less_than_the_last() -> None:
    safe = SafeHtml()
    text = "Cut *cost* by [40%](https://example.com)\nin `prod`"
    assert safe.block(text) == '<p>Cut <em>cost</em> by <a href="https://example.com" rel="noopener">40%</a>\nin <code>prod</code></p>'
    assert safe.inline(text) == 'Cut <em>cost</em> by <a href="https://example.com" rel="noopener">40%</a> in <code>prod</code>'
    assert safe.label(text) == "Cut <em>cost</em> by 40% in <code>prod</code>"
    assert safe.plain(text) == "Cut cost by 40% in prod"
    # Unescaped (the theme escapes it), and written HTML stays the text it was written as.
    assert safe.plain("Tom &amp; <b>Jerry</b>") == "Tom & <b>Jerry</b>"
    assert safe.theme_text("Tom & *Jerry*") == "Tom &amp; Jerry"


def test_a_token_stands_for_its_html_once_and_markdown_never_reads_it() -> None:
    fragments = Fragments(SafeHtml())
    token = fragments.label("**Ship** { #top } === \"Tab\"")
    assert fragments.label("**Ship** { #top } === \"Tab\"") == token
    assert fragments.token("<b>x</b>") != token
    assert "Ship" not in token and "#top" not in token
    assert fragments.expand(f"## {token} {{ #real }}") == '## <strong>Ship</strong> { #top } === "Tab" { #real }'
    html = markdown.markdown(f"## {token} {{ #real }}", extensions=["attr_list", fragments.extension()])
    assert html == '<h2 id="real"><strong>Ship</strong> { #top } === "Tab"</h2>'

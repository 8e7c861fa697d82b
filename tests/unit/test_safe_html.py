"""Data text to HTML through the allow-list, and stand-in tokens that page Markdown never reads."""

from __future__ import annotations

import html
import re
import urllib.parse

import markdown
import pytest

from hostile.checks import browser_resolves, leaves_the_site
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


# --- links in data: absolute http(s) or mailto with a host, or relative to the site --------------------------------

SITE_PAGES = ("https://example.github.io/star-story-bank/principles/dive-deep/", "http://localhost:8000/principles/dive-deep/")
# Addresses a browser resolves off the site although they do not say http(s):// or mailto: (WHATWG URL: a
# backslash is a slash in http(s), tabs and newlines are dropped, a same-scheme address without // is a path).
OFF_SITE_IN_DISGUISE = [
    "/\\evil.example/x",
    "\\\\evil.example/x",
    "\\/evil.example/x",
    "//evil.example/x",
    " //evil.example/x",
    "/&#9;/evil.example/x",  # entities are read before the browser drops the tab
    "&#47;&#47;evil.example/x",
    "&#92;&#92;evil.example/x",
    "https:evil.example/x",
    "http:evil.example/x",
    "HTTPS:evil.example/x",
    "http:/\\evil.example/x",
    "https:\\\\evil.example/x",
    "https:/evil.example/x",
    "https:///evil.example/x",
    "https://",
    "mailto:",
    "ftp://evil.example/x",
]
KEPT = [
    "https://example.com/a?b=c#d",
    "HTTP://Example.com",
    "https://user@example.com/",
    "mailto:someone@example.com",
    "../ownership/#cache-bug",
    "#cache-bug",
    "./",
    "notes/",
    "/star-story-bank/quick-reference/",
    "?q=1",
    "a:b/../x",  # a scheme a: is refused (below); here only to show the list is not all-accepting
]


@pytest.mark.parametrize("address", OFF_SITE_IN_DISGUISE)
def test_a_link_that_would_leave_the_site_in_disguise_is_shown_as_text(address: str) -> None:
    safe = SafeHtml()
    assert safe.inline(f"[the report]({address})") == "the report"
    assert "<a" not in safe.block(f"See [the report]({address}) and <{address}>.")


@pytest.mark.parametrize("address", [address for address in KEPT if address != "a:b/../x"])
def test_web_mail_and_site_links_keep_their_address(address: str) -> None:
    assert SafeHtml().inline(f"[x]({address})") == f'<a href="{html.escape(address)}" rel="noopener">x</a>'


@pytest.mark.parametrize("address", OFF_SITE_IN_DISGUISE + KEPT + ["javascript:alert(1)", "data:text/html,x", "//", "/"])
def test_every_link_kept_stays_on_the_site_or_says_where_it_goes(address: str) -> None:
    """The final href, after nh3, resolved as a browser would from pages on two hosts: the site's own host,
    or an address written as absolute http(s):// or mailto: by design."""
    fragment = SafeHtml().block(f"[x]({address}) <{address}>")
    for href in (html.unescape(value) for value in re.findall(r'href="([^"]*)"', fragment)):
        assert not leaves_the_site(href), href
        by_design = re.match(r"(?i)(https?://[^/\\?#]|mailto:.)", href.strip())
        for page in SITE_PAGES:
            resolved = urllib.parse.urlsplit(browser_resolves(page, href))
            assert by_design or resolved.hostname == urllib.parse.urlsplit(page).hostname, (href, page, resolved)

"""Text from data/ to HTML through an allow-list, and into pages as stand-ins Markdown never reads.

Every field is Markdown written (or pasted) by someone else. It is rendered on its own, with raw HTML
off, and the result passes nh3 (Rust's ammonia): only the tags, attributes and URL schemes below
survive, however the text tried to get there. The page's Markdown then holds only a stand-in for that
HTML (a token swapped for Markdown's raw-HTML stash), so data can never open, close or re-anchor the
page's own blocks: `{ #id }`, headings, tabs and admonitions in a field stay text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import nh3
from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup

from .data_markdown import DataMarkdown, RenderRefused, render_budget, size_refusal
from .prose import render_prose

# What a story's Situation, Task, Action or Result may hold: paragraphs, emphasis, code, links, lists, quotes.
BLOCK_TAGS = frozenset({"p", "br", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote", "hr"})
# One line inside a page's own markup: a table cell, a list item, the facts line.
INLINE_TAGS = frozenset({"em", "strong", "code", "a", "br"})
# Text that is itself a link or a heading: no link inside it.
LABEL_TAGS = frozenset({"em", "strong", "code"})
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})  # and relative addresses: see link_allowed

# Stand-ins in generated Markdown: private-use characters, which Markdown leaves alone.
_TOKEN = re.compile("\ue000(\\d+)\ue001")
_OUTER_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)
# How a browser reads an address (WHATWG URL): C0 controls and spaces around it dropped, tabs and newlines
# inside it dropped, then a scheme is letters, digits, + - . up to the first colon.
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# nh3's output, where an <a> whose href was refused has none left: its text is kept, the element dropped.
# nh3 writes every attribute double-quoted with " escaped, and never nests <a>, so this is one linear scan.
_ANCHOR = re.compile(r'<a((?: [a-z-]+="[^"]*")*)>(.*?)</a>', re.DOTALL)


def link_allowed(href: str) -> bool:
    """Whether a link written in data keeps its address: absolute http(s) with a host or mailto, or relative
    to the site. Refused: a backslash anywhere (browsers read it as /), `//host`, and a scheme without `//`
    (`https:evil.example` is relative on an https page and off-site on an http one)."""
    address = _TAB_OR_NEWLINE.sub("", href.strip(_C0_OR_SPACE))
    if "\\" in address:
        return False
    scheme = _SCHEME.match(address)
    if scheme is None:
        return not address.startswith("//")
    name = scheme.group()[:-1].lower()
    if name == "mailto":
        return len(address) > len("mailto:")
    if name not in ("http", "https") or not address[len(name) + 1 :].startswith("//"):
        return False
    try:
        return bool(urlsplit(address).hostname)
    except ValueError:  # e.g. an unclosed [ in the host
        return False


def _keep_link(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: an href link_allowed refuses is dropped (and its <a> then unwrapped)."""
    if attribute == "href" and not link_allowed(value):
        return None
    return value


def _cleaner(tags: frozenset[str]) -> nh3.Cleaner:
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items() if tag in tags}
    return nh3.Cleaner(
        tags=set(tags),
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel="noopener",
        attribute_filter=_keep_link if "a" in tags else None,
    )


def _unlink_refused(fragment: str) -> str:
    """nh3's HTML with each <a> that lost its address replaced by its text: a refused link reads as text."""
    if "<a" not in fragment:
        return fragment
    return _ANCHOR.sub(lambda m: m.group() if ' href="' in m.group(1) else m.group(2), fragment)


class SafeHtml:
    """Renders data text to allow-listed HTML, each distinct text once per build.

    Text that Markdown refuses (data_markdown's limits) is shown escaped, as written; the loader asks
    `refusal` about every field first and stops the build at its file, line and field, so no page shows one.
    """

    def __init__(self) -> None:
        self._md = DataMarkdown()
        self._block = _cleaner(BLOCK_TAGS)
        self._inline = _cleaner(INLINE_TAGS)
        self._label = _cleaner(LABEL_TAGS)
        self._text = nh3.Cleaner(tags=set(), strip_comments=True)
        self._cache: dict[tuple[str, str], str] = {}
        self._refusals: dict[str, str] = {}

    def refusal(self, text: str) -> str | None:
        """Why `text` cannot be rendered (too deep, too large, too long a paragraph, links that never close), or None."""
        self.block(text)
        return self._refusals.get(text)

    def block(self, text: str) -> str:
        """Paragraphs and lists, e.g. a STAR part."""
        return self._cached("block", text, lambda: self._clean(self._block, text), lambda: f"<p>{html.escape(text)}</p>")

    def inline(self, text: str) -> str:
        """One line, links kept: the outer paragraph dropped, line breaks folded."""
        line = " ".join(text.split())
        return self._cached("inline", text, lambda: _unwrap(self._clean(self._inline, line)), lambda: html.escape(line))

    def label(self, text: str) -> str:
        """One line with no link in it: link text, headings, tab and block titles."""
        line = " ".join(text.split())
        return self._cached("label", text, lambda: _unwrap(self._clean(self._label, line)), lambda: html.escape(line))

    def plain(self, text: str) -> str:
        """The words alone, unescaped, on one line: meta descriptions, card text, CSV cells."""
        # Rendered as written (lists and paragraphs kept), then reduced to words: '- a' never reads as a minus.
        # Prose (views/prose.py) renders to its own words: nothing to render, allow-list and unescape again.
        return self._cached(
            "plain",
            text,
            lambda: " ".join((text if render_prose(text) is not None else html.unescape(self._clean(self._text, text))).split()),
            lambda: " ".join(text.split()),
        )

    def theme_text(self, text: str) -> Markup:
        """Plain words, escaped once, for strings the theme prints as HTML (site name, navigation titles)."""
        return Markup(html.escape(self.plain(text)))  # Markup: the theme's own `| e` won't escape it twice

    def _clean(self, cleaner: nh3.Cleaner, text: str) -> str:
        # Plain prose, most of any bank, is its paragraphs without Markdown's cost (views/prose.py); still allow-listed.
        prose = render_prose(text)
        cleaned = _unlink_refused(cleaner.clean(self._md.convert(text) if prose is None else prose))
        size, budget = len(cleaned.encode("utf-8")), render_budget(text)
        if size > budget:  # exact, after escaping; the tree's estimate before it stopped only the surely-over
            raise RenderRefused(size_refusal(size, budget))
        return cleaned

    def _cached(self, kind: str, text: str, render: Callable[[], str], refused: Callable[[], str]) -> str:
        key = (kind, text)
        if key not in self._cache:
            try:
                self._cache[key] = render()
            except RenderRefused as exc:
                self._refusals.setdefault(text, str(exc))
                self._cache[key] = refused()
        return self._cache[key]


def _unwrap(fragment: str) -> str:
    match = _OUTER_PARAGRAPH.match(fragment.strip())
    return match.group(1) if match and "<p>" not in match.group(1) else fragment.strip()


class Fragments:
    """The build's stand-ins: each token names a piece of HTML that the page's Markdown must not read."""

    def __init__(self, safe: SafeHtml) -> None:
        self.safe = safe
        self._html: list[str] = []
        self._index: dict[str, int] = {}

    def block(self, text: str) -> str:
        """A token for a data field rendered as blocks; put it on a line of its own."""
        return self.token(self.safe.block(text))

    def inline(self, text: str) -> str:
        """A token for a data field rendered as one line, links kept."""
        return self.token(self.safe.inline(text))

    def label(self, text: str) -> str:
        """A token for a data field rendered as one line with no link."""
        return self.token(self.safe.label(text))

    def token(self, safe_html: str) -> str:
        """A token for HTML that is already safe: allow-listed data, or the hooks' own markup around it."""
        if safe_html not in self._index:
            self._index[safe_html] = len(self._html)
            self._html.append(safe_html)
        return f"\ue000{self._index[safe_html]}\ue001"

    def expand(self, markdown: str) -> str:
        """The Markdown with every token replaced by its HTML: what the page's Markdown will see."""
        return _TOKEN.sub(lambda m: self._html[int(m.group(1))], markdown)

    def extension(self) -> Extension:
        """A Markdown extension that swaps this build's tokens for raw-HTML placeholders."""
        return _FragmentsExtension(self._html)


class _FragmentsPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, fragments: list[str]) -> None:
        super().__init__(md)
        self.fragments = fragments

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "\ue000" not in text:
            return lines
        return _TOKEN.sub(lambda m: self.md.htmlStash.store(self.fragments[int(m.group(1))]), text).split("\n")


class _FragmentsExtension(Extension):
    def __init__(self, fragments: list[str]) -> None:
        super().__init__()
        self.fragments = fragments

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        # After normalize_whitespace (30), before raw HTML blocks are found (20).
        md.preprocessors.register(_FragmentsPreprocessor(md, self.fragments), "star_fragments", 25)


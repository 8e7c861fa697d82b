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

import nh3
from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup

# What a story's Situation, Task, Action or Result may hold: paragraphs, emphasis, code, links, lists, quotes.
BLOCK_TAGS = frozenset({"p", "br", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote", "hr"})
# One line inside a page's own markup: a table cell, a list item, the facts line.
INLINE_TAGS = frozenset({"em", "strong", "code", "a", "br"})
# Text that is itself a link or a heading: no link inside it.
LABEL_TAGS = frozenset({"em", "strong", "code"})
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})  # and relative addresses

# Stand-ins in generated Markdown: private-use characters, which Markdown leaves alone.
_TOKEN = re.compile("\ue000(\\d+)\ue001")
_OUTER_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def _cleaner(tags: frozenset[str]) -> nh3.Cleaner:
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items() if tag in tags}
    return nh3.Cleaner(
        tags=set(tags), attributes=attributes, url_schemes=set(URL_SCHEMES), strip_comments=True, link_rel="noopener"
    )


def _data_markdown() -> Markdown:
    """Markdown for data: fenced code and lists, raw HTML off (written HTML shows as text)."""
    md = Markdown(extensions=["fenced_code", "sane_lists"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


class SafeHtml:
    """Renders data text to allow-listed HTML, each distinct text once per build."""

    def __init__(self) -> None:
        self._md = _data_markdown()
        self._block = _cleaner(BLOCK_TAGS)
        self._inline = _cleaner(INLINE_TAGS)
        self._label = _cleaner(LABEL_TAGS)
        self._text = nh3.Cleaner(tags=set(), strip_comments=True)
        self._cache: dict[tuple[str, str], str] = {}

    def block(self, text: str) -> str:
        """Paragraphs and lists, e.g. a STAR part."""
        return self._cached("block", text, lambda: self._block.clean(self._render(text)))

    def inline(self, text: str) -> str:
        """One line, links kept: the outer paragraph dropped, line breaks folded."""
        return self._cached("inline", text, lambda: _unwrap(self._inline.clean(self._render(" ".join(text.split())))))

    def label(self, text: str) -> str:
        """One line with no link in it: link text, headings, tab and block titles."""
        return self._cached("label", text, lambda: _unwrap(self._label.clean(self._render(" ".join(text.split())))))

    def plain(self, text: str) -> str:
        """The words alone, unescaped, on one line: meta descriptions, card text, CSV cells."""
        # Rendered as written (lists and paragraphs kept), then reduced to words: '- a' never reads as a minus.
        return self._cached("plain", text, lambda: " ".join(html.unescape(self._text.clean(self._render(text))).split()))

    def theme_text(self, text: str) -> Markup:
        """Plain words, escaped once, for strings the theme prints as HTML (site name, navigation titles)."""
        return Markup(html.escape(self.plain(text)))  # Markup: the theme's own `| e` won't escape it twice

    def _render(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)

    def _cached(self, kind: str, text: str, render: Callable[[], str]) -> str:
        key = (kind, text)
        if key not in self._cache:
            self._cache[key] = render()
        return self._cache[key]


def _unwrap(fragment: str) -> str:
    match = _OUTER_PARAGRAPH.match(fragment.strip())
    return match.group(1) if match and "<p>" not in match.group(1) else fragment.strip()


class Fragments:
    """The build's stand-ins: each token names a piece of HTML that the page's Markdown must not read."""

    def __init__(self, safe: SafeHtml) -> None:
        self.safe = safe
        self._html: list[str] = []
        self._source: list[str] = []  # what each token stands for as written, for the benchmark's baseline
        self._index: dict[str, int] = {}

    def block(self, text: str) -> str:
        """A token for a data field rendered as blocks; put it on a line of its own."""
        return self.token(self.safe.block(text), source=text)

    def inline(self, text: str) -> str:
        """A token for a data field rendered as one line, links kept."""
        return self.token(self.safe.inline(text), source=" ".join(text.split()))

    def label(self, text: str) -> str:
        """A token for a data field rendered as one line with no link."""
        return self.token(self.safe.label(text), source=" ".join(text.split()))

    def token(self, safe_html: str, *, source: str | None = None) -> str:
        """A token for HTML that is already safe: allow-listed data, or the hooks' own markup around it."""
        if safe_html not in self._index:
            self._index[safe_html] = len(self._html)
            self._html.append(safe_html)
            self._source.append(safe_html if source is None else source)
        return f"\ue000{self._index[safe_html]}\ue001"

    def expand(self, markdown: str) -> str:
        """The Markdown with every token replaced by its HTML: what the page's Markdown will see."""
        return _TOKEN.sub(lambda m: self._html[int(m.group(1))], markdown)

    def expand_source(self, markdown: str) -> str:
        """The Markdown with each token replaced by the text it stands for, indented like the token's line.

        The benchmark's baseline: the same pages written as plain Markdown, as a hook without stand-ins would.
        """
        lines = []
        for line in markdown.split("\n"):
            margin = line[: len(line) - len(line.lstrip())]
            lines.append(_TOKEN.sub(lambda m: self._source[int(m.group(1))].replace("\n", "\n" + margin), line))
        return "\n".join(lines)

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


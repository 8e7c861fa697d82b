"""Keep HTML written into story data inert: escape raw tags, drop script URLs and event handlers."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Fenced blocks and code spans: Markdown already shows their contents as text.
_CODE = re.compile(
    r"^(?P<fence>[ \t]*(?P<marker>`{3,}|~{3,})).*?^[ \t]*(?P=marker)[ \t]*$"
    r"|(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`)",
    re.MULTILINE | re.DOTALL,
)
# "<" starts raw HTML unless it opens an autolink such as <https://example.com>.
_RAW_HTML_START = re.compile(r"<(?!(?:https?://|mailto:)[^\s<>]*>)")
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster")
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20]+")


def escape_raw_html(markdown_text: str) -> str:
    """Escape every raw-HTML '<' outside code, so tags written into data render as text."""
    if "<" not in markdown_text:  # most story text: skips the code scan, once the build's hottest loop
        return markdown_text
    pieces: list[str] = []
    position = 0
    for code in _CODE.finditer(markdown_text):
        pieces.append(_RAW_HTML_START.sub("&lt;", markdown_text[position : code.start()]))
        pieces.append(code.group())
        position = code.end()
    pieces.append(_RAW_HTML_START.sub("&lt;", markdown_text[position:]))
    return "".join(pieces)


def inline_markdown(text: str) -> str:
    """Data text as one line of Markdown: raw HTML escaped, line breaks folded."""
    return " ".join(escape_raw_html(text).split())


def table_cell(text: str) -> str:
    """Data text for one Markdown table cell: one line, raw HTML and pipes escaped."""
    return inline_markdown(text).replace("|", "\\|")


def is_unsafe_url(url: str) -> bool:
    """True for javascript:, vbscript: and data: URLs, however they are spelled or entity-encoded."""
    normalized = _IGNORED_IN_URL.sub("", html.unescape(url)).lower()
    return normalized.startswith(_UNSAFE_SCHEMES)


class _InertLinksTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if not element.attrib:  # most elements; skipping them halves this pass over every page
                continue
            for name in list(element.attrib):
                lowered = name.lower()
                # attr_list lets Markdown text set any attribute, including onclick.
                if lowered.startswith("on"):
                    del element.attrib[name]
                elif lowered in _URL_ATTRIBUTES and is_unsafe_url(element.attrib[name]):
                    _make_inert(element, name)


def _make_inert(element: etree.Element, attribute: str) -> None:
    """Drop the URL; a link or image becomes plain text, since MkDocs expects every <a> and <img> to have one."""
    if element.tag in ("a", "img"):
        if element.tag == "img":
            element.text = element.attrib.get("alt", "")
        element.tag = "span"
        element.attrib.clear()
    else:
        del element.attrib[attribute]


class InertLinksExtension(Extension):
    """Markdown extension: remove event-handler attributes and script URLs from every rendered page."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        # Priority 1: after attr_list (8), toc (5) and pymdownx.tabbed's slugs (4).
        md.treeprocessors.register(_InertLinksTreeprocessor(md), "star_inert_links", 1)

"""Markdown for text from data/, bounded: how deep it nests, how long one paragraph is, how far links are
looked for and how much HTML comes out, each refused (RenderRefused) before it costs more than linear time.

Python-Markdown is not linear on hostile text (its issue #798): each `[` or `(` that never closes is
searched for to the end of its paragraph, each inline match copies the paragraph, and nesting recurses.
So one field, rendered on its own, may nest lists, quotes and emphasis at most MAX_NESTING deep (counted
line by line before Markdown runs, and again on the tree), hold at most MAX_PARAGRAPH_CHARS in one
paragraph, list item or quote and at most MAX_CODE_BLOCKS fenced code blocks, spend at most
LINK_SCAN_FACTOR times its length looking for the ends of links, and render to at most RENDER_FACTOR
times its length plus RENDER_SLACK bytes, never over MAX_RENDER_BYTES. A reference link repeats its
address at every use, so each is charged as it is made: an amplified field is refused long before its
HTML would exist; the rest is estimated on the tree before it is written out, and counted exactly after.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.inlinepatterns import (
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)
from markdown.treeprocessors import Treeprocessor

MAX_NESTING = 20  # lists, quotes and emphasis inside each other: real stories use 2 or 3
MAX_PARAGRAPH_CHARS = 16 * 1024  # one paragraph, list item or quote line: a long paragraph is 1 KB
MAX_CODE_BLOCKS = 32  # fenced code blocks in one field
LINK_SCAN_FACTOR = 16  # characters read looking for the ends of links, per character of the field
LINK_SCAN_SLACK = 64 * 1024
LINK_WINDOW_CHARS = 4 * 1024  # a link's (address "title") part: longer is read as text, not a link
RENDER_FACTOR = 8  # the densest honest Markdown (links, `&` and `<` escaped) renders to about 5 times its length
RENDER_SLACK = 4 * 1024
MAX_RENDER_BYTES = 512 * 1024
# Elements that nest: the depth a reader would count, and what makes Python-Markdown recurse.
_NESTING_TAGS = frozenset({"ul", "ol", "blockquote", "em", "strong", "a"})
_ORDERED_MARKER_DIGITS = 9  # CommonMark's longest list number
_FENCES = ("```", "~~~")


class RenderRefused(Exception):
    """A field Markdown will not render: why, worded for the person who wrote it."""


def render_budget(source: str) -> int:
    """The most bytes of HTML a field written as `source` may render to."""
    return min(RENDER_FACTOR * len(source.encode("utf-8")) + RENDER_SLACK, MAX_RENDER_BYTES)


def describe_budget() -> str:
    """The render budget in words, for messages and the README."""
    return f"{RENDER_FACTOR} times its length plus {RENDER_SLACK // 1024} KB, at most {MAX_RENDER_BYTES // 1024} KB"


def shape_refusal(text: str) -> str | None:
    """Why `text` must not reach Markdown at all, from one pass over its lines, or None.

    A line nests 4 columns of indent or one `>`, `-`, `*`, `+` or `1.` marker a level (Markdown recurses once a
    level, and dies around 300); lines inside ``` or ~~~ fences are code and not counted. Each fenced block
    costs Markdown a pass over the whole field, so there may be at most MAX_CODE_BLOCKS of them.
    """
    deepest = fences = 0
    for line in text.split("\n"):
        if line.startswith(_FENCES):
            fences += 1
        elif not fences % 2:
            deepest = max(deepest, _line_depth(line))
    if deepest > MAX_NESTING:
        return nesting_refusal(deepest)
    if fences > 2 * MAX_CODE_BLOCKS:
        return f"has {fences} lines opening or closing fenced code (``` or ~~~); at most {MAX_CODE_BLOCKS} code blocks"
    return None


def _line_depth(line: str) -> int:
    """The nesting levels a line opens: indentation (a tab is 4 columns) and leading quote and list markers."""
    columns = markers = position = 0
    length = len(line)
    while position < length:
        char = line[position]
        if char == " ":
            columns += 1
            position += 1
        elif char == "\t":
            columns += 4 - columns % 4
            position += 1
        elif char == ">":
            markers += 1
            position += 2 if line[position + 1 : position + 2] == " " else 1
        elif char in "-*+" and line[position + 1 : position + 2] in (" ", "\t"):
            markers += 1
            position += 2
        elif char.isdigit():
            end = position
            while end < length and end - position < _ORDERED_MARKER_DIGITS and line[end].isdigit():
                end += 1
            if line[end : end + 1] not in (".", ")") or line[end + 1 : end + 2] not in (" ", "\t"):
                break
            markers += 1
            position = end + 2
        else:
            break
    return columns // 4 + markers


@dataclass
class _Budgets:
    """What one render may still spend; set afresh for each field."""

    link_scan: int = 0
    render_bytes: int = 0  # what is left
    render_limit: int = 0  # the whole budget, for the message
    texts: dict[tuple[str, int], tuple[str, int, bool]] = field(default_factory=dict)  # getText's answers

    def write(self, characters: int) -> None:
        """Charge `characters` of output as they are made: refused the moment the field is surely over budget."""
        self.render_bytes -= characters
        if self.render_bytes < 0:
            raise RenderRefused(f"renders to over {self.render_limit // 1024:,} KB of HTML, past its limit ({describe_budget()})")

    def scan(self, characters: int) -> None:
        self.link_scan -= characters
        if self.link_scan < 0:
            raise RenderRefused(
                "has too many unclosed [ or ( to read as links; close them, or write \\[ and \\( for the characters"
            )


class _ScanCounting(LinkInlineProcessor):
    """Python-Markdown's link reading, charged for every character it reads looking for a `]` or `)`."""

    budgets: _Budgets

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 - Markdown's API name
        # Python-Markdown's own answer (the text up to the `]` that closes the `[` before `index`), found
        # with str.find and str.count from `]` to `]` instead of a Python loop over every character. The
        # reference, link and short-reference patterns each ask about every `[`: asked again, it costs nothing.
        known = self.budgets.texts.get((data, index))
        if known is None:
            known = self.budgets.texts[(data, index)] = self._find_text(data, index)
        return known

    def _find_text(self, data: str, index: int) -> tuple[str, int, bool]:
        depth, position = 1, index
        while depth:
            closing = data.find("]", position)
            if closing < 0:
                self.budgets.scan(len(data) - index)  # read to the end of the paragraph, for nothing
                return data[index:], len(data), False
            depth += data.count("[", position, closing) - 1
            position = closing + 1
        self.budgets.scan(position - index)
        return data[index : position - 1], position, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802 - Markdown's API name
        # Read within a window: an address and title longer than this is text, and no unclosed `(` reads further.
        window = data[index : index + LINK_WINDOW_CHARS]
        href, title, end, handled = super().getLink(window, 0)
        quoted = '"' in window[:end] or "'" in window[:end]
        # Unclosed, or a title was tried: the search may have run to the window's end.
        self.budgets.scan(len(window) if not handled or quoted else end)
        return href, title, index + end, handled


    def makeTag(self, href: str, title: str, text: str) -> etree.Element:  # noqa: N802 - Markdown's API name
        # A reference link repeats its definition's address at every use: the one way output outgrows its source.
        self.budgets.write(len(href) + len(title or ""))
        return super().makeTag(href, title, text)  # type: ignore[misc]


def _counting(processor: type[LinkInlineProcessor]) -> type[LinkInlineProcessor]:
    return type(f"Counting{processor.__name__}", (_ScanCounting, processor), {})


# Python-Markdown 3's link patterns, by the names and priorities it registers them under.
_LINK_PATTERNS = (
    ("reference", ReferenceInlineProcessor, 170),
    ("link", LinkInlineProcessor, 160),
    ("image_link", ImageInlineProcessor, 150),
    ("image_reference", ImageReferenceInlineProcessor, 140),
    ("short_reference", ShortReferenceInlineProcessor, 130),
    ("short_image_ref", ShortImageReferenceInlineProcessor, 125),
)


class _BlockLimits(Treeprocessor):
    """Before inline Markdown: blocks nested at most MAX_NESTING deep, at most MAX_PARAGRAPH_CHARS of text in each."""

    def run(self, root: etree.Element) -> None:
        deepest = 0
        for element, depth in _walk(root):
            deepest = max(deepest, depth)
            for text in (element.text, element.tail):
                if text and len(text) > MAX_PARAGRAPH_CHARS:
                    raise RenderRefused(
                        f"has a paragraph of {len(text) // 1024} KB; one paragraph, list item or quote may hold"
                        f" at most {MAX_PARAGRAPH_CHARS // 1024} KB"
                    )
        if deepest > MAX_NESTING:
            raise RenderRefused(nesting_refusal(deepest))


class _OutputLimits(Treeprocessor):
    """After inline Markdown, before the tree is written out: emphasis nested at most MAX_NESTING, the size in budget."""

    budgets: _Budgets

    def run(self, root: etree.Element) -> None:
        size = sum(len(block) for block in self.md.htmlStash.rawHtmlBlocks if isinstance(block, str))
        deepest = 0
        for element, depth in _walk(root):
            deepest = max(deepest, depth)
            size += 2 * len(element.tag) + 5 + len(element.text or "") + len(element.tail or "")
            size += sum(len(name) + len(value) + 4 for name, value in element.items())
        if deepest > MAX_NESTING:
            raise RenderRefused(nesting_refusal(deepest))
        # Characters before escaping: fewer than the bytes written, so this refuses only what is surely over.
        if size > self.budgets.render_limit:
            raise RenderRefused(size_refusal(size, self.budgets.render_limit))


def _walk(root: etree.Element) -> Iterator[tuple[etree.Element, int]]:
    """Every element under `root` with how many nesting elements hold it (itself included), without recursion."""
    stack = [(child, 0) for child in reversed(root)]
    while stack:
        element, outer = stack.pop()
        depth = outer + (element.tag in _NESTING_TAGS)
        yield element, depth
        stack.extend((child, depth) for child in reversed(element))


def nesting_refusal(depth: int) -> str:
    """The message for a field nested `depth` levels deep."""
    return f"is nested {depth} levels deep (lists, quotes or emphasis inside each other); at most {MAX_NESTING} render"


def size_refusal(size: int, budget: int) -> str:
    """The message for a field that renders to `size` bytes, over `budget`."""
    return f"renders to {size // 1024:,} KB of HTML, over its limit of {budget // 1024:,} KB ({describe_budget()})"


class DataMarkdown:
    """Markdown for one data field at a time: fenced code and lists, raw HTML off, every limit above enforced."""

    def __init__(self) -> None:
        self._budgets = _Budgets()
        md = Markdown(extensions=["fenced_code", "sane_lists"])
        md.preprocessors.deregister("html_block")  # written HTML shows as text
        md.inlinePatterns.deregister("html")
        for name, processor, priority in _LINK_PATTERNS:
            counting = _counting(processor)(md.inlinePatterns[name].pattern, md)
            counting.budgets = self._budgets
            md.inlinePatterns.register(counting, name, priority)
        md.treeprocessors.register(_BlockLimits(md), "star_block_limits", 25)  # inline Markdown runs at 20
        output_limits = _OutputLimits(md)
        output_limits.budgets = self._budgets
        md.treeprocessors.register(output_limits, "star_output_limits", 15)  # prettify recurses at 10
        self._md = md

    def convert(self, text: str) -> str:
        """`text` as HTML (not yet allow-listed); RenderRefused if it breaks a limit."""
        refusal = shape_refusal(text)
        if refusal:
            raise RenderRefused(refusal)
        self._budgets.link_scan = LINK_SCAN_FACTOR * len(text) + LINK_SCAN_SLACK
        self._budgets.render_bytes = self._budgets.render_limit = render_budget(text)
        self._budgets.texts.clear()
        self._md.reset()
        try:
            return self._md.convert(text)
        except RecursionError:  # the line count above should make this unreachable; never a traceback
            raise RenderRefused(f"is nested too deeply to render; at most {MAX_NESTING} levels") from None

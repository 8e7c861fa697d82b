"""Blocks of a story as finished HTML: the markup pymdownx.details, pymdownx.tabbed and admonition make, and
Markdown's own lists and tables of links to stories.

A story's block used to be Markdown (`???+`, `===`, `!!!`) that md_in_html, details and tabbed parsed again
on every page, for every story: most of a principle page's build. Written here as the HTML those
extensions make for the same Markdown, it reaches the page as one stand-in. So do the lists and tables that
link to every story (home, quick reference): Markdown's inline pass over their links was most of those pages'
build. tests/unit/test_story_html.py renders the Markdown with the project's own extensions and compares, byte
for byte, so a Markdown or pymdown-extensions upgrade that changes its markup fails there, loudly. One
attribute differs, on purpose: see `tabs_html`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from pymdownx.slugs import slugify

from . import labels

# mkdocs.yml's pymdownx.tabbed slugify (case: lower): a tab's anchor is <header id>-<slug of its label>.
_TAB_SLUG = slugify(case="lower")
# Tab labels are buttons, not words of the answer: kept out of search (the Markdown tabs needed a hook for it).
TAB_LABELS_OPEN = '<div class="tabbed-labels" data-search-exclude>'
# The "Copy link" bar under a story's heading, written into the page so that share.js builds nothing at load (a
# principle page's blocking time). Hidden until share.js names its button after the story and wires it: without
# JavaScript no dead button shows. Out of search, like the tab labels. Holds no data: the button's name is the
# heading's text, which share.js gives it (data never goes inside a <button>, tests/hostile/checks.py).
SHARE_BAR_HTML = (
    '<div class="star-share" data-search-exclude hidden>'
    f'<button type="button" class="star-share__button">{labels.COPY_LINK}</button>'
    '<span class="star-share__status" role="status"></span>'
    "</div>"
)


def tab_anchor(header_id: str, label: str) -> str:
    """A tab's anchor under `combine_header_slug`: the story's id, then its label's slug (#<story-id>-result)."""
    return f"{header_id}-{_TAB_SLUG(label, '-')}"


def details_html(kind: str, summary_html: str, body_html: str, *, is_open: bool) -> str:
    """`??? kind "summary"` (or `???+` when open) around `body_html`, as pymdownx.details writes it."""
    opened = ' open="open"' if is_open else ""
    return f'<details class="{kind}"{opened}>\n<summary>{summary_html}</summary>\n{body_html}\n</details>'


def tabs_html(header_id: str, tabs: Sequence[tuple[str, str]], *, tab_set: int) -> str:
    """`=== "label"` tabs, (label, content HTML) each, as pymdownx.tabbed's alternate style writes the page's `tab_set`-th set.

    pymdownx numbers a page's tab sets from 1 (the radio buttons' shared name); the caller counts them.

    Without pymdownx's `data-tabs="<set>:<count>"`, the mark Material's script mounts its tab component on. That
    component, per set and at load, reads the checked label's box to slide its underline there: a forced layout
    of the page for every story, even in a closed block, most of a long principle page's blocking time (issue 19:
    at 1,000 stories, Lighthouse 86 -> 91 from this alone). The tabs are radio buttons and labels, so they work
    without it; star.css underlines the checked tab as Material does without JavaScript, and share.js does what the
    component did for links: a tab's address (#<story-id>-result) checks that tab, and checking one shows its address.
    """
    name = f"__tabbed_{tab_set}"
    anchors = [tab_anchor(header_id, label) for label, _ in tabs]
    checked = 'checked="checked" '  # the first tab shows
    inputs = "".join(
        f'<input {checked if number == 0 else ""}id="{anchor}" name="{name}" type="radio" />' for number, anchor in enumerate(anchors)
    )
    labels = "".join(f'<label for="{anchor}">{html.escape(label, quote=False)}</label>' for anchor, (label, _) in zip(anchors, tabs))
    blocks = "".join(f'<div class="tabbed-block">\n{content}\n</div>\n' for _, content in tabs)
    return (
        f'<div class="tabbed-set tabbed-alternate">{inputs}{TAB_LABELS_OPEN}{labels}</div>\n'
        f'<div class="tabbed-content">\n{blocks}</div>\n</div>'
    )


def admonition_html(kind: str, title: str, body_html: str) -> str:
    """`!!! kind "title"` around `body_html`, as Markdown's admonition writes it."""
    return f'<div class="admonition {kind}">\n<p class="admonition-title">{html.escape(title, quote=False)}</p>\n{body_html}\n</div>'


def paragraph_html(inner_html: str, *, attributes: str = "") -> str:
    """A paragraph with attr_list's attributes (`{ .class data-x }` is written `class="class" data-x`)."""
    return f"<p{' ' + attributes if attributes else ''}>{inner_html}</p>"


def list_html(items_html: Sequence[str]) -> str:
    """A Markdown list (`- item` a line) as Markdown writes it, each item's HTML as it is."""
    return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items_html) + "</ul>"


def table_html(header_html: Sequence[str], rows_html: Sequence[Sequence[str]]) -> str:
    """A Markdown table (`| a | b |`, no alignment) as the tables extension writes it, each cell's HTML as it is."""

    def row(tag: str, cells: Sequence[str]) -> str:
        return "<tr>\n" + "".join(f"<{tag}>{cell}</{tag}>\n" for cell in cells) + "</tr>\n"

    return "<table>\n<thead>\n" + row("th", header_html) + "</thead>\n<tbody>\n" + "".join(row("td", cells) for cells in rows_html) + "</tbody>\n</table>"

"""Tab anchors in linear time: pymdownx.tabbed's `combine_header_slug`, without a scan of the page per tab.

Mirrors pymdown-extensions 13.1: `TabbedTreeprocessor.get_parent_header_slug`, registered as "tab_slugs"
at priority 4. tests/unit/test_tabbed.py renders pages of tabs nested in details both ways and fails if
the anchors differ; after a pymdownx upgrade that fails it, re-read that method and update this one.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from pymdownx.tabbed import TabbedTreeprocessor

# The name and priority pymdownx.tabbed registers its anchor step under.
TAB_SLUGS = "tab_slugs"
TAB_SLUGS_PRIORITY = 4


class _LinearTabSlugs(TabbedTreeprocessor):
    """pymdownx.tabbed's anchor step, with the header before each tab set looked up instead of searched for."""

    def run(self, doc: etree.Element) -> None:
        self._header_before: dict[etree.Element, etree.Element | None] | None = None
        super().run(doc)

    def get_parent_header_slug(
        self,
        root: etree.Element,
        header_map: dict[etree.Element, list[etree.Element]],
        parent_map: dict[etree.Element, etree.Element],
        el: etree.Element,
    ) -> str:
        # The same answer as pymdownx's: the last header with an id among the siblings before the
        # nearest ancestor that has one. Its version rescans those siblings for every tab, which makes
        # a page of 400 stories take a minute; here they are indexed once per page.
        if self._header_before is None:
            self._header_before = _index_headers_before(header_map)
        parent = el
        while parent is not root:
            last_parent = parent
            parent = parent_map[parent]
            if parent in header_map:
                header = self._header_before.get(last_parent)
                if header is not None:
                    return str(header.attrib.get("id", ""))
        return ""


def _index_headers_before(header_map: dict[etree.Element, list[etree.Element]]) -> dict[etree.Element, etree.Element | None]:
    """For every child of a parent with headers: the last of those headers strictly before it."""
    header_before: dict[etree.Element, etree.Element | None] = {}
    for parent, headers in header_map.items():
        header_ids = {id(header) for header in headers}
        last_header = None
        for child in parent:
            header_before[child] = last_header
            if id(child) in header_ids:
                last_header = child
    return header_before


class LinearTabSlugsExtension(Extension):
    """Markdown extension: swap pymdownx.tabbed's anchor step for the linear one; load it after tabbed."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        if TAB_SLUGS not in md.treeprocessors:
            return
        original = md.treeprocessors[TAB_SLUGS]
        if type(original) is not TabbedTreeprocessor or not original.combine_header_slug:
            return
        config = {
            "slugify": original.slugify,
            "alternate_style": original.alternate,
            "separator": original.sep,
            "combine_header_slug": original.combine_header_slug,
        }
        md.treeprocessors.register(_LinearTabSlugs(md, config), TAB_SLUGS, TAB_SLUGS_PRIORITY)

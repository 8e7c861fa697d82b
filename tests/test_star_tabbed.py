"""hooks/star_tabbed.py: the linear tab-anchor step gives exactly pymdownx.tabbed's anchors."""

from __future__ import annotations

import time

import markdown
import pymdownx.slugs
import star_pages
import star_tabbed

EXTENSIONS = ["attr_list", "admonition", "toc", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"]
EXTENSION_CONFIGS = {
    "pymdownx.tabbed": {
        "alternate_style": True,
        "combine_header_slug": True,
        "slugify": pymdownx.slugs.slugify(case="lower"),
    }
}
TABS = '=== "Situation"\n\n    S\n\n=== "Result"\n\n    R\n'
# Tabs before any header, right under a header, inside details and admonitions, nested in tabs,
# twice under one header, and under headers of several levels.
PAGE = f"""\
{TABS}
# Title {{ #top }}

{TABS}
## Stories {{ #stories }}

### First story {{ #first-story }}

Some facts.

{star_pages.render_block('???+ star "STAR answer"', TABS)}
{star_pages.render_block('??? star "Again"', TABS)}
### Second story {{ #second-story }}

{star_pages.render_block('!!! note "Nested"', star_pages.render_block('??? star "Deeper"', TABS))}
=== "Outer"

{star_pages.indent(TABS)}

## Also fits {{ #also-fits }}

#### Deep heading

{TABS}"""


def render(text: str, *, linear: bool) -> str:
    extensions = [*EXTENSIONS, star_tabbed.LinearTabSlugsExtension()] if linear else EXTENSIONS
    return markdown.markdown(text, extensions=extensions, extension_configs=EXTENSION_CONFIGS)


def test_linear_tab_anchors_are_pymdownx_anchors() -> None:
    expected = render(PAGE, linear=False)

    assert render(PAGE, linear=True) == expected
    assert 'id="first-story-situation"' in expected and 'id="second-story-outer"' in expected
    assert 'id="deep-heading-result"' in expected and 'id="situation"' in expected


def test_linear_tab_step_replaces_pymdownx_step_only_with_combined_slugs() -> None:
    md = markdown.Markdown(extensions=[*EXTENSIONS, star_tabbed.LinearTabSlugsExtension()], extension_configs=EXTENSION_CONFIGS)
    original = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    assert type(md.treeprocessors[star_tabbed.TAB_SLUGS]).__name__ == "_LinearTabSlugs"
    # Same place in the pipeline: after attr_list and toc, before the inline-HTML steps.
    def priority(registry: markdown.util.Registry) -> float:
        return next(entry.priority for entry in registry._priority if entry.name == star_tabbed.TAB_SLUGS)

    assert priority(md.treeprocessors) == priority(original.treeprocessors)

    plain = markdown.Markdown(
        extensions=[*EXTENSIONS, star_tabbed.LinearTabSlugsExtension()],
        extension_configs={"pymdownx.tabbed": {"alternate_style": True, "slugify": pymdownx.slugs.slugify(case="lower")}},
    )
    assert type(plain.treeprocessors[star_tabbed.TAB_SLUGS]).__name__ == "TabbedTreeprocessor"


def test_a_long_page_takes_linear_time() -> None:
    stories = "\n".join(
        f"### Story {number} {{ #story-{number} }}\n\n" + star_pages.render_block('???+ star "STAR answer"', TABS)
        for number in range(400)
    )
    start = time.process_time()
    html = render(stories, linear=True)
    linear_seconds = time.process_time() - start
    start = time.process_time()
    assert render(stories, linear=False) == html
    quadratic_seconds = time.process_time() - start

    assert 'id="story-399-result"' in html
    assert linear_seconds < quadratic_seconds

"""hooks/star_bank/tabbed.py: the linear tab-anchor step gives exactly the installed pymdownx.tabbed's anchors."""

from __future__ import annotations

import inspect
import re
import time
from importlib.metadata import version

import markdown
import pymdownx.slugs
import pytest
from pymdownx.tabbed import TabbedTreeprocessor

from star_bank import tabbed
from star_bank.views.markdown import indent, render_block
from star_bank.views.principle_page import render_principle_page
from unit.factories import MATRIX_BANK, make_context, make_settings

EXTENSIONS = ["attr_list", "admonition", "md_in_html", "toc", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"]
EXTENSION_CONFIGS = {
    "pymdownx.tabbed": {
        "alternate_style": True,
        "combine_header_slug": True,
        "slugify": pymdownx.slugs.slugify(case="lower"),
    }
}
TABS = '=== "Situation"\n\n    S\n\n=== "Result"\n\n    R\n'
# Tabs before any header, right under a header, inside details and admonitions, nested in tabs, in details
# in tabs in details, twice under one header, under headers of several levels, a repeated label, and in a block
# whose only header comes after them (the header before the block counts).
PAGE = f"""\
{TABS}
# Title {{ #top }}

{TABS}
## Stories {{ #stories }}

### First story {{ #first-story }}

Some facts.

{render_block('???+ star "STAR answer"', TABS)}
{render_block('??? star "Again"', TABS)}
### Second story {{ #second-story }}

{render_block('!!! note "Nested"', render_block('??? star "Deeper"', TABS))}
=== "Outer"

{indent(TABS)}

{render_block('???+ star "Tabs in details in tabs in details"', render_block('=== "One"', render_block('??? note "Inner"', TABS)))}
<div class="star-story" markdown>

### Third story {{ #third-story }}

{render_block('???+ star "In a block of its own"', TABS)}
</div>

## Also fits {{ #also-fits }}

#### Deep heading

{TABS}
<div markdown>

{TABS}
##### Later in the block {{ #later }}

</div>
"""


def render(text: str, *, linear: bool) -> str:
    extensions = [*EXTENSIONS, tabbed.LinearTabSlugsExtension()] if linear else EXTENSIONS
    return markdown.markdown(text, extensions=extensions, extension_configs=EXTENSION_CONFIGS)


def anchors(html: str) -> list[str]:
    return re.findall(r'<input[^>]* id="([^"]+)"', html)


def test_linear_tab_anchors_are_pymdownx_anchors_on_nested_tabs_in_details() -> None:
    expected = render(PAGE, linear=False)
    assert render(PAGE, linear=True) == expected
    assert anchors(render(PAGE, linear=True)) == anchors(expected)
    # What pymdownx itself makes of the page: pinned, so a change in pymdownx shows here by name.
    assert anchors(expected) == [
        "situation",
        "result",
        "top-situation",
        "top-result",
        "first-story-situation",
        "first-story-result",
        "first-story-situation_1",
        "first-story-result_1",
        "second-story-situation",
        "second-story-result",
        "second-story-outer",
        "second-story-situation_1",
        "second-story-result_1",
        "second-story-one",
        "second-story-situation_2",
        "second-story-result_2",
        "third-story-situation",
        "third-story-result",
        "deep-heading-situation",
        "deep-heading-result",
        "deep-heading-situation_1",
        "deep-heading-result_1",
    ]


def test_real_principle_pages_get_pymdownx_anchors() -> None:
    ctx = make_context(MATRIX_BANK, settings=make_settings(follow_ups=True))
    for principle in MATRIX_BANK.principles:
        page = render_principle_page(ctx, principle).markdown
        extensions = [*EXTENSIONS, ctx.fragments.extension()]
        plain = markdown.markdown(page, extensions=extensions, extension_configs=EXTENSION_CONFIGS)
        linear = markdown.markdown(page, extensions=[*extensions, tabbed.LinearTabSlugsExtension()], extension_configs=EXTENSION_CONFIGS)
        assert linear == plain, principle.id
    dive_deep = markdown.markdown(
        render_principle_page(ctx, MATRIX_BANK.principles[0]).markdown,
        extensions=[*EXTENSIONS, ctx.fragments.extension(), tabbed.LinearTabSlugsExtension()],
        extension_configs=EXTENSION_CONFIGS,
    )
    assert anchors(dive_deep) == [f"{story}-{part}" for story in ("cache-bug", "log-dig") for part in ("situation", "task", "action", "result")]


def test_the_shim_overrides_a_method_pymdownx_still_has() -> None:
    """Were pymdownx to rename the method, the shim would quietly stop being used: the anchors stay right, the time not."""
    original = inspect.signature(TabbedTreeprocessor.get_parent_header_slug)
    assert list(original.parameters) == ["self", "root", "header_map", "parent_map", "el"]
    assert list(inspect.signature(tabbed._LinearTabSlugs.get_parent_header_slug).parameters) == list(original.parameters)
    assert "def run(self, doc)" in inspect.getsource(TabbedTreeprocessor)


def test_the_docstring_names_the_pymdownx_version_it_mirrors() -> None:
    named = re.search(r"Mirrors pymdown-extensions (\d+(?:\.\d+)+)", tabbed.__doc__ or "")
    assert named, "tabbed.py's docstring names the pymdownx version it mirrors"
    # Not a pin: the anchor tests above decide whether a newer pymdownx still agrees.
    assert tuple(map(int, named.group(1).split("."))) <= tuple(map(int, version("pymdown-extensions").split(".")[:2]))


def test_linear_tab_step_replaces_pymdownx_step_only_with_combined_slugs() -> None:
    md = markdown.Markdown(extensions=[*EXTENSIONS, tabbed.LinearTabSlugsExtension()], extension_configs=EXTENSION_CONFIGS)
    original = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    assert type(md.treeprocessors[tabbed.TAB_SLUGS]) is tabbed._LinearTabSlugs

    # Same place in the pipeline: after attr_list and toc, before the inline-HTML steps.
    def priority(registry: markdown.util.Registry) -> float:
        return next(entry.priority for entry in registry._priority if entry.name == tabbed.TAB_SLUGS)

    assert priority(md.treeprocessors) == priority(original.treeprocessors) == tabbed.TAB_SLUGS_PRIORITY

    plain = markdown.Markdown(
        extensions=[*EXTENSIONS, tabbed.LinearTabSlugsExtension()],
        extension_configs={"pymdownx.tabbed": {"alternate_style": True, "slugify": pymdownx.slugs.slugify(case="lower")}},
    )
    assert type(plain.treeprocessors[tabbed.TAB_SLUGS]) is TabbedTreeprocessor
    without_slugs = markdown.Markdown(extensions=[*EXTENSIONS, tabbed.LinearTabSlugsExtension()])
    assert tabbed.TAB_SLUGS not in without_slugs.treeprocessors


@pytest.mark.parametrize("separator", ["-", "_"])
def test_the_shim_keeps_pymdownxs_settings(separator: str) -> None:
    configs = {"pymdownx.tabbed": {**EXTENSION_CONFIGS["pymdownx.tabbed"], "separator": separator}}
    text = f"## Head {{ #head }}\n\n{TABS}"
    linear = markdown.markdown(text, extensions=[*EXTENSIONS, tabbed.LinearTabSlugsExtension()], extension_configs=configs)
    assert linear == markdown.markdown(text, extensions=EXTENSIONS, extension_configs=configs)
    assert f'id="head{separator}situation"' in linear


def test_a_long_page_takes_linear_time() -> None:
    stories = "\n".join(
        f"### Story {number} {{ #story-{number} }}\n\n" + render_block('???+ star "STAR answer"', TABS) for number in range(400)
    )
    start = time.process_time()
    html = render(stories, linear=True)
    linear_seconds = time.process_time() - start
    start = time.process_time()
    assert render(stories, linear=False) == html
    quadratic_seconds = time.process_time() - start

    assert 'id="story-399-result"' in html
    assert linear_seconds < quadratic_seconds

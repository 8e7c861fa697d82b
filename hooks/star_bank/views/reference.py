"""The bank-wide blocks of hand-written pages (home, quick reference, Whole bank), asked for by placeholders.

Public pages show the owner's words and stories; counts and gaps are the workbench's alone (the coverage block).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from ..model.coverage import describe_coverage, describe_row
from ..model.records import Link
from ..wording import plural
from . import labels
from .context import GeneratedPage, ViewContext
from .markdown import docs_root, framework_path, html_block, principle_path, relative_url
from .principle_page import linked_story_line_html
from .story_html import list_html, table_html
from .whole_bank import PRINCIPLE_ANCHOR_PREFIX, WHOLE_BANK_PAGE, render_whole_bank

# Hand-written pages ask for a generated block with an HTML comment, e.g. <!-- star:quick-reference -->.
PLACEHOLDER = re.compile(r"<!--\s*star:(?P<name>[a-z0-9-]+)\s*-->")
DOWNLOADS_DIR = "downloads"
ANKI_FILE = f"{DOWNLOADS_DIR}/star-stories.apkg"
CSV_FILE = f"{DOWNLOADS_DIR}/star-stories.csv"
QUICK_REFERENCE_PAGE = "quick-reference.md"
HOME_PAGE = "index.md"


def render_home_header(ctx: ViewContext) -> str:
    """The site's title, then the owner's profile: name and headline, links, intro."""
    fr, site = ctx.fragments, ctx.bank.site
    title = f"# {fr.label(site.title)} {{ #top }}\n"
    profile = []
    byline = " · ".join(fr.label(text) for text in (site.owner, site.headline) if text)
    if byline:
        profile.append(f"{byline}\n{{ .star-byline }}\n")
    if site.links:
        profile.append(render_links(ctx) + "\n{ .star-links }\n")
    if site.intro:
        profile.append(html_block("div", 'class="star-intro"', fr.block(site.intro)))
    if not profile:
        return title
    return title + "\n" + html_block("div", 'class="star-profile"', "\n".join(profile))


def render_story_list(ctx: ViewContext, *, src_uri: str = HOME_PAGE) -> str:
    """Each listed principle, linked, with its stories' questions (linked) and headlines: the home page's list.

    Then each other framework the site shows, linked to its quick reference, with its listed principles.
    The headings are Markdown (the table of contents lists them); each list is finished HTML.
    """
    fr = ctx.fragments
    page_dir = docs_root(src_uri)
    sections = []
    for row in ctx.listed_rows():
        principle = row.principle
        heading = (
            f"## [{fr.label(principle.title)}]({page_dir}{principle_path(principle.id, ctx.framework.id)})"
            f" {{ #{PRINCIPLE_ANCHOR_PREFIX}{principle.id} data-search-exclude }}\n"
        )
        stories = [linked_story_line_html(ctx, story, from_page=src_uri, principle_id=principle.id) for story in ctx.own_stories(row)]
        sections.append(heading + (f"\n{fr.token(list_html(stories))}\n" if stories else ""))
    sections += [render_framework_summary(ctx.in_framework(f.id), page_dir=page_dir) for f in ctx.bank.frameworks if not f.is_default]
    sections = [section for section in sections if section]
    return html_block("div", 'class="star-story-list"', "\n".join(sections)) if sections else ""


def render_framework_summary(ctx: ViewContext, *, page_dir: str) -> str:
    """An additional framework on the home page: its name, linked to its quick reference, and its listed principles, linked."""
    fr = ctx.fragments
    rows = ctx.listed_rows()
    if not rows:
        return ""
    heading = f"## [{fr.label(ctx.framework.name)}]({page_dir}{framework_path(ctx.framework.id)}) {{ #framework-{ctx.framework.id} data-search-exclude }}\n"
    links = " · ".join(f"[{fr.label(row.principle.title)}]({page_dir}{principle_path(row.principle.id, ctx.framework.id)})" for row in rows)
    return f"{heading}\n{links}\n"


def render_framework_page(ctx: ViewContext) -> GeneratedPage:
    """An additional framework's own page, at <framework-id>/: its name, where its list comes from, its quick reference."""
    fr = ctx.fragments
    framework = ctx.framework
    parts = [f"# {fr.label(framework.name)} {{ #top }}\n"]
    if framework.source:
        parts.append(f"{fr.inline(framework.source)}\n{{ .star-framework-source }}\n")
    parts.append(render_quick_reference(ctx, src_uri=framework_path(framework.id)))
    description = describe_page(ctx, QUICK_REFERENCE_PAGE) or ""
    return GeneratedPage(framework_path(framework.id), fr.safe.theme_text(framework.name), "\n".join(parts), {"description": description})


def render_coverage(ctx: ViewContext, *, page_dir: str = "") -> str:
    """The workbench's coverage: the bank's counts and every principle with its stories in words; nothing in public."""
    if not ctx.workbench:
        return ""
    return f"## Coverage {{ #coverage }}\n\n{render_bank_stats(ctx)}\n{render_principle_list(ctx, page_dir=page_dir)}"


def render_links(ctx: ViewContext) -> str:
    """The owner's links on one line, for the home page's Markdown."""
    return " · ".join(ctx.fragments.token(link_html(ctx, link)) for link in ctx.bank.site.links)


def link_html(ctx: ViewContext, link: Link) -> str:
    """One of the owner's links as HTML: its address checked by the schema, escaped; its label allow-listed."""
    return f'<a href="{html.escape(link.url)}">{ctx.fragments.safe.label(link.label)}</a>'


def render_credits(ctx: ViewContext) -> str:
    """A Credits section, or nothing at all when data/site.yml has no credits."""
    credits = ctx.bank.site.credits
    return f"## {labels.CREDITS} {{ #credits }}\n\n{ctx.fragments.block(credits)}\n" if credits else ""


def render_footer(ctx: ViewContext) -> str:
    """The footer's line as safe HTML: owner, links and credits from data/site.yml."""
    fr, site = ctx.fragments.safe, ctx.bank.site
    pieces = [html.escape(fr.plain(site.owner))] if site.owner else []
    pieces += [link_html(ctx, link) for link in site.links]
    if site.credits:
        pieces.append(fr.inline(site.credits))
    return " · ".join(pieces)


def render_bank_stats(ctx: ViewContext) -> str:
    """The bank's counts, worded as everywhere else."""
    stories = plural(len(ctx.bank.stories), "story", "stories")
    return f"**{stories}** · {describe_coverage(ctx.coverage)}\n"


def render_principle_list(ctx: ViewContext, *, page_dir: str = "") -> str:
    """Every listed principle in order, linked, with its stories in words."""
    fr = ctx.fragments
    return "\n".join(
        f"{number}. [{fr.label(row.principle.title)}]({page_dir}{principle_path(row.principle.id, ctx.framework.id)}) — {describe_row(row)}"
        for number, row in enumerate(ctx.listed_rows(), start=1)
    ) + "\n"


def render_quick_reference(ctx: ViewContext, *, src_uri: str = QUICK_REFERENCE_PAGE) -> str:
    """A table of the listed principles: linked title, the angle under the framework's label, each story's question and headline.

    An angle with no label is written under its principle's title; the workbench names the rows without a story.
    The table is finished HTML, as Markdown's tables extension writes it (tests/unit/test_story_html.py).
    """
    safe = ctx.fragments.safe
    label = ctx.framework.angle_label
    angle_column = bool(label) and any(row.principle.angle for row in ctx.listed_rows())
    header = [labels.PRINCIPLE, *([safe.label(label)] if angle_column else []), labels.STORIES]
    rows = []
    for row in ctx.listed_rows():
        principle = row.principle
        href = relative_url(principle_path(principle.id, ctx.framework.id), from_page=src_uri)
        cells = [f'<a href="{href}">{safe.label(principle.title)}</a>']
        if angle_column:
            cells.append(safe.inline(principle.angle) if principle.angle else "")
        elif principle.angle:
            cells[0] += f"<br>{safe.inline(principle.angle)}"
        stories = [linked_story_line_html(ctx, story, from_page=src_uri) for story in ctx.own_stories(row)]
        if row.primary:
            stories += [f"{linked_story_line_html(ctx, story, from_page=src_uri)} ({labels.ALSO_FITS.lower()})" for story in row.also_fits]
        gap = html.escape(describe_row(row).capitalize(), quote=False) if ctx.workbench else ""
        cells.append("<br>".join(stories) or gap)
        rows.append(cells)
    # Search leaves the table to the principle pages: one flattened block of it reads as noise. No principle
    # listed (an empty bank), no table: Markdown's had an empty row under its header.
    table = ""
    if rows:
        table = html_block("div", 'class="star-quick-reference" data-search-exclude="true"', ctx.fragments.token(table_html(header, rows)))
    others = ctx.bank.frameworks[1:]  # the default's quick reference leads to the others'; theirs lead nowhere else
    if not ctx.framework.is_default or not others:
        return table
    links = " · ".join(f"[{ctx.fragments.label(f.name)}]({docs_root(src_uri)}{framework_path(f.id)})" for f in others)
    return f"{table}\n**{labels.QUICK_REFERENCE}:** {links}\n{{ .star-framework-links }}\n"


def render_downloads(ctx: ViewContext, *, page_dir: str = "") -> str:
    """Links to the bank as an Anki deck and a CSV file, made with the site."""
    return (
        f"**{labels.DOWNLOADS}:** [{labels.ANKI_DECK}]({page_dir}{ANKI_FILE}) · "
        f"[{labels.CSV_FILE}]({page_dir}{CSV_FILE})\n{{ .star-downloads }}\n"
    )


def render_intro(ctx: ViewContext, text: str) -> str:
    """A page's intro from data/site.yml, or nothing when the owner wrote none."""
    return html_block("div", 'class="star-intro"', ctx.fragments.block(text)) if text else ""


def describe_page(ctx: ViewContext, src_uri: str) -> str | None:
    """The meta description of a hand-written page, in the framework's own words; None for pages that set theirs."""
    plain = ctx.fragments.safe.plain
    name = plain(ctx.framework.name)
    if src_uri == QUICK_REFERENCE_PAGE:
        label = ctx.framework.angle_label
        angle = f", its {plain(label)}" if label and any(p.angle for p in ctx.bank.principles) else ""
        return f"{name}: each principle{angle} and its stories, by question and headline."
    if src_uri == WHOLE_BANK_PAGE:
        return f"Every story in full, under its principle ({name}), on one page."
    return None


def fill_placeholders(markdown: str, ctx: ViewContext, *, src_uri: str = WHOLE_BANK_PAGE) -> tuple[str, list[str]]:
    """Replace every known placeholder on the page at `src_uri`; return the new Markdown and the names of unknown ones."""
    page_dir = docs_root(src_uri)
    renderers: dict[str, Callable[[], str]] = {
        "home-header": lambda: render_home_header(ctx),
        "story-list": lambda: render_story_list(ctx, src_uri=src_uri),
        "coverage": lambda: render_coverage(ctx, page_dir=page_dir),
        "credits": lambda: render_credits(ctx),
        "quick-reference-intro": lambda: render_intro(ctx, ctx.bank.site.quick_reference_intro),
        "quick-reference": lambda: render_quick_reference(ctx, src_uri=src_uri),
        "downloads": lambda: render_downloads(ctx, page_dir=page_dir),
        "whole-bank-intro": lambda: render_intro(ctx, ctx.bank.site.whole_bank_intro),
        "whole-bank": lambda: render_whole_bank(ctx, src_uri=src_uri),
    }
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name in renderers:
            return renderers[name]()
        unknown.append(name)
        return match.group()

    return PLACEHOLDER.sub(replace, markdown), unknown

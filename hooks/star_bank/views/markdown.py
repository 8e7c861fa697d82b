"""Small builders every page's Markdown shares: nesting, addresses of principles and stories."""

from __future__ import annotations

import posixpath

from ..model.records import DEFAULT_FRAMEWORK_ID, Story

# The default framework's pages live at principles/<id>/; an additional framework's at <framework-id>/<id>/.
PRINCIPLES_DIR = DEFAULT_FRAMEWORK_ID
INDENT = "    "  # pymdownx nests blocks by exactly four spaces per level


def indent(text: str, levels: int = 1) -> str:
    """Indent every non-blank line by four spaces per level; blank lines stay empty."""
    prefix = INDENT * levels
    return "\n".join(prefix + line if line.strip() else "" for line in text.splitlines())


def render_block(opener: str, body: str) -> str:
    """An opener line (details, admonition or tab) followed by its indented body."""
    return f"{opener}\n\n{indent(body)}\n"


def principle_path(principle_id: str, framework_id: str = DEFAULT_FRAMEWORK_ID) -> str:
    """The docs-relative path of a principle's generated page: its framework's folder, then its id."""
    return f"{framework_id}/{principle_id}.md"


def framework_path(framework_id: str) -> str:
    """The docs-relative path of an additional framework's own page (its quick reference): its folder's index."""
    return f"{framework_id}/index.md"


def story_target(story: Story, *, principle_id: str | None = None, framework_id: str = DEFAULT_FRAMEWORK_ID) -> str:
    """A story's place as a docs path and anchor: on its primary principle's page, or on `principle_id`'s, in one framework.

    `story.principles` must be that framework's (Bank.in_framework) when `principle_id` is not given.
    """
    return f"{principle_path(principle_id or story.primary, framework_id)}#{story.id}"


def story_url(story: Story, *, from_page: str, principle_id: str | None = None, framework_id: str = DEFAULT_FRAMEWORK_ID) -> str:
    """A link, written on page `from_page` (a docs path), to the story where `story_target` places it."""
    return relative_url(story_target(story, principle_id=principle_id, framework_id=framework_id), from_page=from_page)


def docs_root(src_uri: str) -> str:
    """The way back to the docs root from the page at `src_uri`, for that page's Markdown links: '' or '../' per folder."""
    return "../" * src_uri.count("/")


def html_block(tag: str, attributes: str, body: str) -> str:
    """A raw-HTML block whose body is Markdown (md_in_html), with the blank lines Markdown needs."""
    return f"<{tag} {attributes} markdown>\n\n{body}\n\n</{tag}>\n"


def page_url(path: str) -> str:
    """The address of a docs page relative to the site's root, as MkDocs' directory URLs make it."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
    return stem.rstrip("/") + "/" if stem else ""


def relative_url(target: str, *, from_page: str) -> str:
    """The address of page `target` (a docs path, '#anchor' allowed) as a link written on page `from_page`."""
    path, _, anchor = target.partition("#")
    here = page_url(from_page).rstrip("/") or "."
    there = page_url(path).rstrip("/") or "."
    url = posixpath.relpath(there, here)
    url = "./" if url == "." else url + "/"
    return url + (f"#{anchor}" if anchor else "")

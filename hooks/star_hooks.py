"""MkDocs hook entry point: each event hands MkDocs' objects to the star_bank package and back.

A build's state lives on one SiteBuild, made in on_config and kept in `config.extra` (so templates read
it too) until the build ends; MkDocs makes a new config for every build, so live reload starts afresh.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from star_bank import build as star_build
from star_bank import social, tabbed

if TYPE_CHECKING:
    from livereload import Server  # type: ignore[import-not-found]
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.star")
STATE_KEY = "star_build"
_ID = re.compile(r'\sid="([^"]+)"')


class _Process:
    """Whether this process is `mkdocs serve`: MkDocs says so once, in on_startup, and no build can ask later.

    Not a build's state (that is the SiteBuild): it decides the default view (serve is the workbench) and
    that broken data becomes the served site instead of a build error that would leave requests hanging.
    """

    serving = False


_PROCESS = _Process()


def on_startup(*, command: str, dirty: bool) -> None:
    _PROCESS.serving = command == "serve"


@event_priority(100)  # before Material's social plugin reads whether it is enabled
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    try:
        environment = star_build.read_environment(os.environ, serving=_PROCESS.serving)
        build = star_build.start_build(root, environment=environment, env=os.environ, serving=_PROCESS.serving)
    except star_build.BuildStopped as exc:
        raise PluginError(str(exc)) from None
    for line in build.problems:
        log.error(line)
    if not _PROCESS.serving:  # `mkdocs serve` has set its own address
        config.site_url = environment.site_url or star_build.DEFAULT_SITE_URL
    config.site_name = build.site_name
    config.site_description = build.site_description
    config.site_author = build.site_author or None
    config.copyright = build.footer
    config.markdown_extensions.append(build.fragments.extension())  # type: ignore[arg-type]
    # pymdownx.tabbed's stable tab anchors cost quadratic time in stories per page; same anchors, linear.
    config.markdown_extensions.append(tabbed.LinearTabSlugsExtension())  # type: ignore[arg-type]
    config.extra[STATE_KEY] = build
    prepare_social_cards(config, enabled=environment.social_cards, root=root)
    return config


def prepare_social_cards(config: MkDocsConfig, *, enabled: bool, root: Path) -> None:
    """Cards only when CI is true; layouts found from mkdocs.yml, fonts from this machine, never the network."""
    plugin = config.plugins.get("material/social")
    if plugin is None:
        return
    plugin.config.enabled = enabled
    if not enabled:
        return
    # The plugin reads its layouts relative to the working directory, and fetches fonts from Google.
    plugin.config.cards_layout_dir = str(root / plugin.config.cards_layout_dir)
    problems = social.find_imaging_problems() or social.seed_font_cache(root / plugin.config.cache_dir)
    if problems:
        raise PluginError("Social cards (CI=true) cannot be made:\n" + "\n".join(f"  {p}" for p in problems))


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = _state(config)
    for line in build.warnings:  # make check reports the same lines
        log.warning(line)
    # Written as virtual files: writing into docs/ would loop `mkdocs serve`.
    for path, page in build.pages.items():
        files.append(File.generated(config, path, content=page.markdown))
    for path, content in star_build.build_downloads(build).items():
        files.append(File.generated(config, path, content=content))
    if config.nav is None:
        config.nav = star_build.build_nav(build, {f.src_uri for f in files.documentation_pages()})
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _state(config)
    generated = build.pages.get(page.file.src_uri)
    if generated is not None and not build.problems:
        page.meta.update(generated.meta)
        return markdown
    markdown, unknown = star_build.fill_page(build, markdown, src_uri=page.file.src_uri)
    for name in unknown:
        log.warning("%s: unknown placeholder <!-- star:%s -->", page.file.src_uri, name)
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Tab labels are buttons, not words of the answer: keep "SituationTaskActionResult" out of search.
    return html.replace('<div class="tabbed-labels">', '<div class="tabbed-labels" data-search-exclude>')


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    repeated = [anchor for anchor, count in Counter(_ID.findall(output)).items() if count > 1]
    if repeated:
        raise PluginError(f"{page.file.src_uri}: the id {', '.join(map(repr, repeated))} appears more than once on the page")
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    config.extra.pop(STATE_KEY, None)


def on_serve(server: Server, *, config: MkDocsConfig, builder: object) -> Server:
    # data/ lives outside docs/, so serve has to be told to rebuild on it.
    server.watch(str(Path(config.config_file_path).resolve().parent / star_build.DATA_DIR))
    return server


def _state(config: MkDocsConfig) -> star_build.SiteBuild:
    return config.extra[STATE_KEY]

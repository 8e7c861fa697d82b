"""MkDocs hook entry point: each event hands MkDocs' objects to the star_bank package and back.

A build's state lives on one SiteBuild, made in on_config and kept in `config.extra` (so templates read
it too) until the build ends; MkDocs makes a new config for every build, so live reload starts afresh.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from star_bank import build as star_build
from star_bank import environment as star_environment
from star_bank import social
from star_bank.template_cache import template_cache

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

    from star_bank.data_watch import DataFolderWatch

log = logging.getLogger("mkdocs.plugins.star")
STATE_KEY = "star_build"
SOCIAL_PLUGIN = "material/social"
# Material's social plugin as mkdocs.yml would configure it; the layout folder is relative to mkdocs.yml.
SOCIAL_SETTINGS = {"cards_layout_dir": "hooks/star_bank/layouts", "cards_layout": "star-card"}
_ID = re.compile(r'\sid="([^"]+)"')


class _Process:
    """Whether this process is `mkdocs serve`: MkDocs says so once, in on_startup, and no build can ask later.

    Not a build's state (that is the SiteBuild): it decides the default view (serve is the workbench) and
    that any problem becomes the served site instead of a build error that would leave requests hanging.
    """

    serving = False
    failure: list[str] | None = None  # why serve's last rebuild failed, for the rebuild that shows it
    data_watch: DataFolderWatch | None = None  # serve's watch of data/, stopped when serve stops


_PROCESS = _Process()


def on_startup(*, command: str, dirty: bool) -> None:
    _PROCESS.serving = command == "serve"
    if _PROCESS.serving:
        forget_unusable_source_date()


def forget_unusable_source_date() -> None:
    """Serve without a SOURCE_DATE_EPOCH MkDocs cannot read: it reads it for every page, so not even the problems page could be built."""
    try:
        star_environment.read_source_date(os.environ)
    except star_environment.EnvironmentProblem as exc:
        log.warning("%s; `mkdocs serve` goes on without it", exc)
        os.environ.pop(star_environment.SOURCE_DATE_VARIABLE)


@event_priority(100)  # before Material's social plugin reads whether it is enabled
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    if _PROCESS.serving:
        environment, build = star_build.start_serving(root, env=os.environ, failure=_PROCESS.failure)
    else:
        try:
            environment = star_build.read_environment(os.environ, serving=False)
            build = star_build.start_build(root, environment=environment, env=os.environ, serving=False)
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
    config.extra[STATE_KEY] = build
    prepare_social_cards(config, enabled=environment.social_cards, root=root)
    return config


def prepare_social_cards(config: MkDocsConfig, *, enabled: bool, root: Path) -> None:
    """Cards only when CI is true: Material's social plugin added for this build, layouts from the project, fonts from this machine.

    Not in mkdocs.yml: MkDocs imports every listed plugin, on or off, and this one's import (cairo through cffi)
    costs half a second of CPU, more than the hooks' own work on a small bank, on every build and reload.
    """
    if not enabled:
        return
    problems = social.find_imaging_problems()  # before the import, which fails without cairo
    if problems:
        raise PluginError("Social cards (CI=true) cannot be made:\n" + "\n".join(f"  {p}" for p in problems))
    from material.plugins.social.plugin import SocialPlugin

    plugin = SocialPlugin()
    # The plugin reads its layouts relative to the working directory, and fetches fonts from Google.
    errors, _ = plugin.load_config({**SOCIAL_SETTINGS, "cards_layout_dir": str(root / SOCIAL_SETTINGS["cards_layout_dir"])}, config.config_file_path)
    problems = [f"{name}: {error}" for name, error in errors] or social.seed_font_cache(root / plugin.config.cache_dir)
    if problems:
        raise PluginError("Social cards (CI=true) cannot be made:\n" + "\n".join(f"  {p}" for p in problems))
    plugin.on_startup(command="serve" if _PROCESS.serving else "build", dirty=False)  # MkDocs ran its own before the plugin was here
    # Registering it queues its events: its on_config runs in this same round, after this hook's (priority 100).
    config.plugins[SOCIAL_PLUGIN] = plugin


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = _state(config)
    if _PROCESS.failure:
        # Showing why serve's last build failed: that build may have failed on a page of docs/, so read none.
        for page in files.documentation_pages():
            files.remove(page)
            files.append(File.generated(config, page.src_uri, content=""))
    for line in build.warnings:  # make check reports the same lines
        log.warning(line)
    # Written as virtual files: writing into docs/ would loop `mkdocs serve`.
    for path, page in build.pages.items():
        # Not in the navigation: a principle no story answers keeps its page, and strict builds don't warn of it.
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, path, content=page.markdown, inclusion=inclusion))
    for path, content in star_build.build_downloads(build).items():
        files.append(File.generated(config, path, content=content))
    if config.nav is None:
        config.nav = star_build.build_nav(build, {f.src_uri for f in files.documentation_pages()})
    return files


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # Compiling the theme's templates is half a small bank's build; compiled once, they are read back (template_cache.py).
    env.bytecode_cache = template_cache(Path(config.config_file_path).resolve().parent / star_build.CACHE_DIR)
    return env


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _state(config)
    generated = build.pages.get(page.file.src_uri)
    if generated is not None and not build.problems:
        page.meta.update(generated.meta)
        return markdown
    markdown, unknown = star_build.fill_page(build, markdown, src_uri=page.file.src_uri)
    for key, value in star_build.page_meta(build, src_uri=page.file.src_uri).items():
        page.meta.setdefault(key, value)  # front matter, where a page has its own, wins
    for name in unknown:
        log.warning("%s: unknown placeholder <!-- star:%s -->", page.file.src_uri, name)
    return markdown


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    repeated = [anchor for anchor, count in Counter(_ID.findall(output)).items() if count > 1]
    if repeated:
        raise PluginError(f"{page.file.src_uri}: the id {', '.join(map(repr, repeated))} appears more than once on the page")
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    config.extra.pop(STATE_KEY, None)


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    # data/ lives outside docs/, so serve has to be told to rebuild on it. Imported here: a build has no use for
    # watchdog, and its import is about 10 ms of every build's CPU.
    from star_bank.data_watch import DataFolderWatch

    _PROCESS.data_watch = DataFolderWatch(server, Path(config.config_file_path).resolve().parent / star_build.DATA_DIR)
    _PROCESS.data_watch.start()
    server.builder = rebuild_or_explain(server.builder)
    return server


def on_shutdown() -> None:
    if _PROCESS.data_watch is not None:
        _PROCESS.data_watch.stop()
        _PROCESS.data_watch = None


def rebuild_or_explain(rebuild: Callable[[], None]) -> Callable[[], None]:
    """Serve's rebuild, made to end in a site: a build that fails is built again as the page that says why.

    A failed rebuild would leave every request waiting for good; this catches what on_config cannot,
    failures later in the build.
    """

    def rebuild_once_more_if_it_fails() -> None:
        try:
            rebuild()
        except Exception as exc:  # noqa: BLE001 - anything that escapes leaves the server stuck
            cause = exc.__context__ if isinstance(exc, Abort) and exc.__context__ else exc  # Abort hides MkDocs' BuildError
            _PROCESS.failure = star_build.describe_failure(cause)
            try:
                rebuild()
            finally:
                _PROCESS.failure = None

    return rebuild_once_more_if_it_fails


def _state(config: MkDocsConfig) -> star_build.SiteBuild:
    return config.extra[STATE_KEY]

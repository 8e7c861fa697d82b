"""MkDocs hook entry point: load the story data and add one generated page per principle."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

import star_coach
import star_coach_page
import star_data
import star_pages
import star_practice
import star_reference
import star_safe_html
import star_social
import star_tabbed

if TYPE_CHECKING:
    from livereload import Server  # type: ignore[import-not-found]
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

DATA_DIR = "data"
log = logging.getLogger("mkdocs.plugins.star")

# The bank of the build under way; set anew by every build's on_files, so `mkdocs serve` never sees stale data.
_bank: star_data.Bank | None = None
# The STAR coach's settings, from `extra: star_coach:` in mkdocs.yml; read anew by every on_config.
_coach = star_coach.CoachSettings()


def data_dir(config: MkDocsConfig) -> Path:
    """data/ beside mkdocs.yml, wherever the build was started from."""
    return Path(config.config_file_path).resolve().parent / DATA_DIR


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.markdown_extensions.append(star_safe_html.InertLinksExtension())  # type: ignore[arg-type]
    # pymdownx.tabbed's stable tab anchors cost quadratic time in stories per page; same anchors, linear.
    config.markdown_extensions.append(star_tabbed.LinearTabSlugsExtension())  # type: ignore[arg-type]
    global _coach
    _coach, coach_problems = star_coach.load_settings(config.extra.get("star_coach"))
    if coach_problems:
        raise PluginError("The STAR coach settings have problems:\n" + "\n".join(f"  {p}" for p in coach_problems))
    prepare_social_cards(config)
    return config


def prepare_social_cards(config: MkDocsConfig) -> None:
    """When cards are on (CI=true): layouts found from mkdocs.yml, fonts from this machine, never the network."""
    social = config.plugins.get("material/social")
    if social is None or not social.config.enabled:
        return
    root = Path(config.config_file_path).resolve().parent
    # The plugin reads its layouts relative to the working directory, and fetches fonts from Google.
    social.config.cards_layout_dir = str(root / social.config.cards_layout_dir)
    problems = star_social.find_imaging_problems() or star_social.seed_font_cache(root / social.config.cache_dir)
    if problems:
        raise PluginError("Social cards (CI=true) cannot be made:\n" + "\n".join(f"  {p}" for p in problems))


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    global _bank
    root = Path(config.config_file_path).resolve().parent
    try:
        _bank = star_data.load_bank(data_dir(config), display_root=root)
    except star_data.DataLoadError as exc:
        count = len(exc.errors)
        raise PluginError(
            f"The story data has {count} problem{'s' if count != 1 else ''}; fix {'it' if count == 1 else 'them'} and build again:\n"
            + "\n".join(f"  {error}" for error in exc.errors)
        ) from None
    for ignored in star_data.find_ignored_story_files(data_dir(config), display_root=root):
        log.warning("%s: not read as a story; story files end in .yml", ignored)
    # Analysed once: the principle pages show each story's speaking time, the Coach page everything.
    analyses = star_coach.analyze_bank(_bank, _coach)
    speaking_seconds = {analysis.story.id: analysis.seconds for analysis in analyses}
    for principle in _bank.principles:
        # Written as a virtual file: writing into docs/ would loop `mkdocs serve`.
        content = star_pages.render_principle_page(principle, _bank, speaking_seconds=speaking_seconds)
        files.append(File.generated(config, star_pages.principle_path(principle.id), content=content))
    add_coach_pages(files, config=config, bank=_bank, analyses=analyses, settings=_coach)
    if config.nav is None:
        config.nav = build_nav(_bank, files)
    return files


def add_coach_pages(
    files: Files,
    *,
    config: MkDocsConfig,
    bank: star_data.Bank,
    analyses: tuple[star_coach.StoryAnalysis, ...],
    settings: star_coach.CoachSettings,
) -> None:
    """Add the Coach and Practice pages unless switched off; hints fail the build only under strict_hints."""
    hints = [f"{a.story.source}: {hint}" for a in analyses for hint in a.hints]
    if hints and settings.strict_hints:
        raise PluginError(
            f"The STAR coach has {len(hints)} hint{'s' if len(hints) != 1 else ''} and strict_hints is on:\n"
            + "\n".join(f"  {hint}" for hint in hints)
        )
    if hints:
        # Info, not warning: under --strict a warning would fail the build, and hints are advice.
        log.info("STAR coach: %d hints; see the Coach page or run `make coach`", len(hints))
    coverage = star_coach.build_coverage(bank, target=settings.stories_per_principle)
    if settings.coach_page:
        content = star_coach_page.render_coach_page(analyses, coverage, settings)
        files.append(File.generated(config, star_coach_page.COACH_PATH, content=content))
    if settings.practice_page:
        content = star_practice.render_practice_page(bank, analyses)
        files.append(File.generated(config, star_practice.PRACTICE_PATH, content=content))


# Hand-written pages that lead the navigation; any others follow the principles.
NAV_FIRST = ("index.md", "quick-reference.md")


def build_nav(bank: star_data.Bank, files: Files) -> list[object]:
    """Home and quick reference, the principles in Amazon's order (not alphabetical), then other pages."""
    principle_pages = [{p.title: star_pages.principle_path(p.id)} for p in bank.principles]
    generated = {star_pages.principle_path(p.id) for p in bank.principles}
    pages = {f.src_uri for f in files.documentation_pages()} - generated
    first = [{"Home": uri} if uri == "index.md" else uri for uri in NAV_FIRST if uri in pages]
    rest = sorted(pages - set(NAV_FIRST))
    return [*first, {"Principles": principle_pages}, *rest]


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _bank is None or "star:" not in markdown:
        return markdown
    page_dir = "../" * page.file.src_uri.count("/")
    markdown, unknown = star_reference.fill_placeholders(markdown, _bank, page_dir=page_dir)
    for name in unknown:
        log.warning("%s: unknown placeholder <!-- star:%s -->", page.file.src_uri, name)
    return markdown


def on_serve(server: Server, *, config: MkDocsConfig, builder: object) -> Server:
    # Story edits live outside docs/, so serve has to be told to rebuild on them.
    server.watch(str(data_dir(config)))
    return server

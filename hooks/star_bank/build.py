"""One build's state: made when a build starts, dropped when it ends, so live reload always starts afresh."""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from markupsafe import Markup

from .environment import EnvironmentProblem, read_site_url, read_source_date, read_switch, read_switches
from .model.load import FRAMEWORKS_DIR, DataFolderProblems, LoadedData, load_data
from .model.problems import clip, escape_controls
from .model.report import Report, build_report
from .model.settings import Settings, default_settings, for_workbench, switch_variables
from .views import downloads, labels
from .views.coach_page import render_coach_page
from .views.context import PUBLIC, WORKBENCH, GeneratedPage, ViewContext
from .views.markdown import PRINCIPLES_DIR, framework_path, page_url
from .views.palette import render_palette_css
from .views.paper import render_paper_css
from .views.practice_page import render_practice_page
from .views.principle_page import render_principle_page
from .views.problems_page import render_problems_page
from .views.reference import (
    ANKI_FILE,
    CSV_FILE,
    HOME_PAGE,
    QUICK_REFERENCE_PAGE,
    describe_page,
    fill_placeholders,
    render_footer,
    render_framework_page,
)
from .views.safe_html import Fragments, SafeHtml
from .wording import plural

DATA_DIR = "data"
# Data files read and checked by earlier builds (model/cache.py); git ignores .cache/.
CACHE_DIR = ".cache/star-bank"
# Where a build without SITE_URL says it is published; a fork's Pages workflow sets SITE_URL.
DEFAULT_SITE_URL = "https://example.github.io/star-story-bank/"
VIEW_VARIABLE = "STAR_VIEW"
# Hand-written pages that lead the navigation; any others follow the principles.
NAV_FIRST = (HOME_PAGE, QUICK_REFERENCE_PAGE)
PRINCIPLES_PREFIX = PRINCIPLES_DIR + "/"
ROBOTS_FILE = "robots.txt"
ROBOTS_CLOSED = "# This site asks not to be indexed (data/site.yml: publish.search_engines).\nUser-agent: *\nDisallow: /\n"


class BuildStopped(Exception):
    """The build cannot go on; `lines` says why, one problem a line."""

    def __init__(self, title: str, lines: list[str]) -> None:
        self.title = title
        self.lines = lines
        super().__init__(title + "\n" + "\n".join(f"  {line}" for line in lines))


@dataclass(frozen=True)
class Environment:
    """The environment variables a build reads, checked."""

    site_url: str | None
    social_cards: bool
    view: str


def read_environment(env: Mapping[str, str], *, serving: bool) -> Environment:
    """CI, SITE_URL, SOURCE_DATE_EPOCH, STAR_VIEW and the settings' STAR_* variables; BuildStopped names every one that is wrong."""
    problems: list[str] = []

    def checked(read: Callable[[], object]) -> object:
        try:
            return read()
        except EnvironmentProblem as exc:
            problems.append(str(exc))
            return None

    site_url = checked(lambda: read_site_url(env))
    social_cards = checked(lambda: read_switch(env, "CI"))
    checked(lambda: read_source_date(env))  # read again by build_time, and by MkDocs itself
    # The settings' own variables are read with data/site.yml; checked here too, so all are named in one run.
    problems += read_switches(env, switch_variables())[1]
    view = env.get(VIEW_VARIABLE, "").strip().lower() or (WORKBENCH if serving else PUBLIC)
    if view not in (PUBLIC, WORKBENCH):
        problems.append(f"{VIEW_VARIABLE}={view[:40]!r}: must be {PUBLIC} or {WORKBENCH} (empty: {WORKBENCH} in `mkdocs serve`, else {PUBLIC})")
    if problems:
        raise BuildStopped("The environment has problems:", problems)
    return Environment(site_url=site_url if isinstance(site_url, str) else None, social_cards=bool(social_cards), view=view)


@dataclass
class SiteBuild:
    """Everything one build knows about the bank. Templates read it as `config.extra.star_build`."""

    view: str
    data: LoadedData | None = None
    problems: list[str] = field(default_factory=list)  # data problems shown as the site in `mkdocs serve`
    safe: SafeHtml = field(default_factory=SafeHtml)
    fragments: Fragments = field(init=False)
    ctx: ViewContext | None = None
    report: Report | None = None
    pages: dict[str, GeneratedPage] = field(default_factory=dict)
    built_at: int = 0  # when the build ran, in seconds: Anki replaces a card only by a newer one

    def __post_init__(self) -> None:
        self.fragments = Fragments(self.safe)

    @property
    def workbench(self) -> bool:
        return self.view == WORKBENCH

    @property
    def indexable(self) -> bool:
        """Whether search engines may index this site: only if the owner says so (never the workbench)."""
        return bool(self.ctx and self.ctx.settings["search_engines"])

    @property
    def site_name(self) -> Markup:
        return self.safe.theme_text(self.data.bank.site.title) if self.data else Markup("STAR Story Bank")

    @property
    def site_description(self) -> str:
        if not self.data:
            return ""
        site = self.data.bank.site
        return self.safe.plain(site.headline) if site.headline else self.safe.plain(site.intro.split("\n\n")[0])

    @property
    def site_author(self) -> str:
        return self.safe.plain(self.data.bank.site.owner) if self.data else ""

    @property
    def footer(self) -> Markup:
        """The footer line, allow-listed HTML; the theme prints it as it is."""
        return Markup(render_footer(self.ctx)) if self.ctx else Markup("")

    @property
    def _colours(self) -> Settings:
        """The settings that hold the owner's colours (data/site.yml: theme); the defaults while data is broken."""
        return self.data.settings if self.data else default_settings()

    @cached_property  # every page's template asks; the colours' contrast search runs once a build
    def palette_css(self) -> Markup:
        """The owner's colours for Material's custom palette."""
        return Markup(render_palette_css(primary=self._colours["primary"], accent=self._colours["accent"]))

    @property
    def theme_color(self) -> str:
        """The header's colour, which a phone's browser gives its address bar: the owner's primary in both schemes."""
        return self._colours["primary"].lower()

    @property
    def share_labels(self) -> dict[str, str]:
        """What share.js says, written as data-* attributes of its <script> tag: the words stay in views/labels.py."""
        return labels.SHARE_SCRIPT

    @property
    def monogram(self) -> str:
        """The owner's initials for the header's mark ('AL' for Ada Lovelace); empty without an owner."""
        words = [word for word in self.site_author.split() if word[0].isalnum()]
        return "".join(word[0] for word in words[:1] + words[1:][-1:]).upper()

    def paper_css(self, address: str | None) -> Markup:
        """What every printed sheet of a page says: the owner's name (or the site's title) and `address`."""
        whose = self.site_author or (self.safe.plain(self.data.bank.site.title) if self.data else "")
        return Markup(render_paper_css(whose=whose, address=address))

    @property
    def warnings(self) -> list[str]:
        """What the build warns about, and so `--strict` fails on: files in stories/ that are not read."""
        ignored = self.data.ignored_files if self.data else ()
        hidden = self.data.hidden_files if self.data else ()
        # File names come from data/: escaped, so a newline or an escape sequence in one cannot forge a log line.
        return [
            *(escape_controls(f"{path}: not read as a {_kind(path)}; {_kind(path)} files end in .yml or .yaml") for path in ignored),
            *(escape_controls(f"{path}: not read as a {_kind(path)}; its name starts with '.', which hides it: remove the '.' to read it") for path in hidden),
        ]

    def add(self, page: GeneratedPage) -> None:
        self.pages[page.path] = page

    @property
    def framework_name(self) -> Markup:
        """The framework's name as the theme prints it (the navigation's section, the 404 page's list)."""
        return self.safe.theme_text(self.data.bank.framework.name) if self.data else Markup("Principles")

    @property
    def listed_principle_pages(self) -> dict[str, GeneratedPage]:
        """The principle pages in the navigation, by path, in the framework's order (unlisted ones are built but not shown)."""
        return {path: page for path, page in self.pages.items() if path.startswith(PRINCIPLES_PREFIX) and page.in_nav}

    @property
    def principle_links(self) -> list[tuple[str, str]]:
        """(escaped title, address) of every listed principle page, for the 404 page."""
        return [(page.title, page_url(path)) for path, page in self.listed_principle_pages.items()]

    @property
    def problems_html(self) -> Markup:
        """The data's problems for the 404 page while serving a broken bank."""
        return Markup("".join(f"<li><code>{html.escape(line)}</code></li>" for line in self.problems))


def _kind(path: str) -> str:
    """What a file in data/ would be read as: a story (data/stories/) or a framework (data/frameworks/)."""
    return "framework" if path.rpartition("/")[0].endswith("/" + FRAMEWORKS_DIR) else "story"


def start_build(root: Path, *, environment: Environment, env: Mapping[str, str], serving: bool) -> SiteBuild:
    """Load data/ and make every page; broken data stops the build, or, while serving, becomes the site."""
    build = SiteBuild(view=environment.view, built_at=build_time(env))
    try:
        # The workbench shows a draft marked; anything else refuses to publish one.
        build.data = load_data(
            root / DATA_DIR, display_root=root, env=env, allow_drafts=build.workbench, refusal=build.safe.refusal, cache_dir=root / CACHE_DIR
        )
    except DataFolderProblems as exc:
        count = len(exc.lines)
        title = f"The data has {plural(count, 'problem')}; fix {'it' if count == 1 else 'them'} and build again:"
        if not serving:
            raise BuildStopped(title, exc.lines) from None
        build.problems = [title, *exc.lines]
        return build
    bank = build.data.bank if build.workbench else build.data.bank.without_private()
    settings = for_workbench(build.data.settings) if build.workbench else build.data.settings
    build.report = build_report(bank, settings)
    build.ctx = ViewContext(
        bank=bank,
        analyses={a.story.id: a for a in build.report.analyses},
        coverage=build.report.coverage,
        settings=settings,
        fragments=build.fragments,
        view=build.view,
    )
    # Asked for only when they can stop the build: the coach's figures are read when first needed (model/analysis.py).
    hints = build.report.hints if settings["strict_hints"] else ()
    if hints:
        raise BuildStopped(
            f"The STAR coach has {plural(len(hints), 'hint')} and coach.strict_hints is on:",
            [f"{story.source}: {hint}" for story, hint in hints],
        )
    for framework in bank.frameworks:
        view = build.ctx.in_framework(framework.id)
        for principle in framework.principles:  # listed or not: a link already sent keeps working
            build.add(render_principle_page(view, principle))
        if not framework.is_default:
            build.add(render_framework_page(view))
    if settings["coach_page"]:
        build.add(render_coach_page(build.ctx, build.report))
    if settings["practice_page"]:
        build.add(render_practice_page(build.ctx))
    return build


# What `mkdocs serve` builds with when it shows the problems page instead of the site.
SERVE_FALLBACK = Environment(site_url=None, social_cards=False, view=WORKBENCH)


def start_serving(root: Path, *, env: Mapping[str, str], failure: list[str] | None = None) -> tuple[Environment, SiteBuild]:
    """What `mkdocs serve` builds: the site or, whatever stops it, a site whose every page lists why.

    A build that raises under serve leaves every request waiting for a build that never comes, so
    nothing here raises: the environment's problems, the data's, strict hints, `failure` (why the
    last build failed past this point) and any error at all become the problems page.
    """
    if failure:
        return SERVE_FALLBACK, SiteBuild(view=WORKBENCH, problems=failure)
    try:
        environment = read_environment(env, serving=True)
        return environment, start_build(root, environment=environment, env=env, serving=True)
    except BuildStopped as exc:
        return SERVE_FALLBACK, SiteBuild(view=WORKBENCH, problems=[exc.title, *exc.lines])
    except Exception as exc:  # noqa: BLE001 - serve must answer whatever a file or a setting does to the build
        return SERVE_FALLBACK, SiteBuild(view=WORKBENCH, problems=describe_failure(exc))


def describe_failure(error: BaseException) -> list[str]:
    """An error no check foresaw, as the problems page's lines: what it was, in one line, never a traceback."""
    return [
        "The build failed with an error it has no message for (the terminal may name the file; `make build` shows where);"
        " undo the last change:",
        escape_controls(f"{type(error).__name__}: {clip(str(error), 200)}"),
    ]


def build_time(env: Mapping[str, str]) -> int:
    """Now, in seconds; SOURCE_DATE_EPOCH, the reproducible-builds convention, pins it (as MkDocs does)."""
    pinned = read_source_date(env)  # checked by read_environment, before any build starts
    return int(time.time()) if pinned is None else pinned


def build_downloads(build: SiteBuild) -> dict[str, bytes]:
    """The files besides pages: the Anki deck and CSV, what pages fetch (Practice's story texts), and robots.txt when the site is not to be indexed."""
    files: dict[str, bytes] = {}
    if build.ctx is None:
        return files
    for page in build.pages.values():
        files.update(page.files)
    ctx = build.ctx
    files[ANKI_FILE] = downloads.build_anki_deck(
        ctx.bank,
        safe=build.safe,
        include_follow_ups=ctx.show_follow_ups,
        title=build.safe.plain(ctx.bank.site.title),
        modified=build.built_at,
    )
    files[CSV_FILE] = downloads.build_csv(ctx.bank, safe=build.safe, include_follow_ups=ctx.show_follow_ups).encode("utf-8")
    if not build.indexable:
        files[ROBOTS_FILE] = ROBOTS_CLOSED.encode("utf-8")
    return files


def build_nav(build: SiteBuild, page_paths: set[str]) -> list[object]:
    """Home and quick reference, a section per framework (its listed principles in order), then other pages (Practice, Coach, Whole bank).

    An additional framework's section starts with its own page, its quick reference.
    """
    frameworks = build.data.bank.frameworks if build.data else ()
    sections: list[object] = []
    for framework in frameworks:
        folder = framework.id + "/"
        principles = [{page.title: path} for path, page in build.pages.items() if path.startswith(folder) and page.in_nav and path != framework_path(framework.id)]
        if principles:
            overview = [] if framework.is_default else [{labels.QUICK_REFERENCE: framework_path(framework.id)}]
            sections.append({build.safe.theme_text(framework.name): [*overview, *principles]})
    generated = {path for path in build.pages if "/" in path}  # a framework's pages; the others sit at the top
    others = page_paths - generated
    first = [{"Home": uri} if uri == HOME_PAGE else uri for uri in NAV_FIRST if uri in others]
    rest = sorted(others - set(NAV_FIRST))
    return [*first, *sections, *rest]


def fill_page(build: SiteBuild, markdown: str, *, src_uri: str) -> tuple[str, list[str]]:
    """A hand-written page's Markdown with its placeholders filled; unknown placeholder names."""
    if build.problems:
        return render_problems_page(build.problems), []
    if build.ctx is None or "star:" not in markdown:
        return markdown, []
    return fill_placeholders(markdown, build.ctx, src_uri=src_uri)


def page_meta(build: SiteBuild, *, src_uri: str) -> dict[str, object]:
    """What a hand-written page's front matter leaves to data/: its description, in the framework's own words."""
    description = describe_page(build.ctx, src_uri) if build.ctx and not build.problems else None
    return {"description": description} if description else {}

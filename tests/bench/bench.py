"""Benchmark the hook build against the same stories written by hand into a plain Material site.

`make bench` runs it. For each size it generates a bank of stories with distinct text (deterministic,
recombined from the sample fixture bank's sentences), builds it with the hooks in a copy of the project,
writes the same stories by hand into a Material site with no hooks (one page per principle, `???` and
`===` blocks, "also fits" as links), builds both in turn, and measures both the same way: build CPU and
wall time, hook-code share, HTML bytes, peak memory, live reload in Chromium, Lighthouse performance and
search's first result. It prints the tables with the ratios; the full figures go to
tests/bench/results/*.json. The project's own data/ is never read: a fork's may hold no story.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
# The process each build runs in: MkDocs' command line with the hook code timed; it imports little of its own.
PROBE_SCRIPT = Path(__file__).resolve().with_name("probe.py")
# What a hook build reads besides data/ (as tests/conftest.py copies it); the real docs/ is never written.
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks")
# The seed of every generated bank: principles, site.yml and the 10 stories whose sentences are recombined.
SAMPLE_BANK = ROOT / "tests" / "banks" / "sample"
RESULTS_DIR = ROOT / "tests" / "bench" / "results"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
CHROMIUM_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
DEFAULT_SIZES = (10, 100, 1000, 5000)
DEFAULT_RUNS = 3
STAR_PARTS = ("situation", "task", "action", "result")
# Every third story also fits a second principle, so "also fits" sections are built on both sides.
ALSO_FITS_EVERY = 3
ALSO_FITS_OFFSET = 7
GZIP_LEVEL = 6  # nginx's and most CDNs' default
PROBE_OUT_ENV = "STAR_BENCH_PROBE_OUT"  # probe.py's, where it writes its figures
LOAD_FUNCTION = "load_data"  # probe.py times it apart
RELOAD_EDITS = 3
RELOAD_PAUSE_S = 1.0  # between edits: MkDocs' watcher settles, and its polling phase is then random
BROWSER_TIMEOUT_S = 300
# A search visit: about 10 s at 5,000 stories on a busy machine. A visit in a CI run (3 December) never showed its
# result and waited the whole BROWSER_TIMEOUT_S before the measure was given up.
SEARCH_TIMEOUT_S = 60
SERVE_START_TIMEOUT_S = 1800  # `mkdocs serve`'s first build of 5,000 stories on a busy machine: minutes

# Targets of issue 19: the hooks against the hand-written site.
TARGET_BUILD_RATIO = 1.3
TARGET_BUILD_SIZES = (10, 100, 1000)
TARGET_RELOAD_RATIO = 1.5
TARGET_RELOAD_RATIO_SIZE = 1000
TARGET_RELOAD_SAMPLE_S = 1.0
TARGET_LIGHTHOUSE = 98
TARGET_LIGHTHOUSE_SIZE = 1000
TARGET_SEARCH_SIZE = 5000


# --------------------------------------------------------------------------------------------
# Banks: distinct stories, generated from the sample bank's sentences.
# --------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])")
_NUMBER = re.compile(r"\d+")
# Made-up project names, one per story: a word no other story holds, which search can look for.
LEAD_INS = {"situation": "On the {word} project:", "task": "For {word}:", "action": "On {word}:", "result": "In the end, for {word}:"}
_SYLLABLES = ("ka", "lo", "mi", "re", "su", "ta", "vo", "ne", "pi", "ru", "de", "fa", "go", "hu", "ji", "ze")


@dataclass(frozen=True)
class BenchStory:
    """One generated story: what both sites show, and the word that names its project."""

    id: str
    principles: tuple[str, ...]
    question: str
    headline: str
    situation: str
    task: str
    action: str
    result: str
    tags: tuple[str, ...]
    word: str

    def as_data(self) -> dict[str, Any]:
        """The story as data/stories/<id>.yml holds it."""
        return {
            "id": self.id,
            "principles": list(self.principles),
            "question": self.question,
            "headline": self.headline,
            **{part: getattr(self, part) for part in STAR_PARTS},
            "tags": list(self.tags),
        }


@dataclass(frozen=True)
class BenchBank:
    """A generated bank: the sample bank's framework and site title, and its stories."""

    title: str
    intro: str
    framework: str
    angle_label: str
    principles: tuple[dict[str, str], ...]
    stories: tuple[BenchStory, ...]


def project_word(number: int) -> str:
    """A made-up word unique to story `number` (below 16**4): 'Kalomire'."""
    digits = [(number >> shift) & 15 for shift in (12, 8, 4, 0)]
    return "".join(_SYLLABLES[digit] for digit in digits).capitalize() + "x"


def generate_bank(sample: Path, size: int) -> BenchBank:
    """`size` stories, each with text of its own: the sample's sentences per part, recombined and renumbered.

    Deterministic: the same size gives the same bank on every run and every machine.
    """
    seeds = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((sample / "stories").glob("*.yml"))]
    if not seeds:
        raise SystemExit(f"no seed stories in {sample / 'stories'}")
    pools = {part: [s for seed in seeds for s in _sentences(seed[part])] for part in STAR_PARTS}
    principles_doc = yaml.safe_load((sample / "principles.yml").read_text(encoding="utf-8"))
    site = yaml.safe_load((sample / "site.yml").read_text(encoding="utf-8"))
    principle_ids = [entry["id"] for entry in principles_doc["principles"]]
    stories = []
    for number in range(size):
        rng = random.Random(number)
        seed = seeds[number % len(seeds)]
        word = project_word(number)
        parts = {}
        for part in STAR_PARTS:
            count = len(_sentences(seed[part]))
            sentences = [_renumber(sentence, rng) for sentence in rng.sample(pools[part], k=min(count, len(pools[part])))]
            parts[part] = " ".join(sentences)
        headline = _shorten(f"{word}: " + _sentences(parts["result"])[0].rstrip("."), 100)
        # The project's name in every part: however the sentences fall, no two stories share a part.
        parts = {part: f"{LEAD_INS[part].format(word=word)} {text}" for part, text in parts.items()}
        principles = [principle_ids[number % len(principle_ids)]]
        if number % ALSO_FITS_EVERY == 0:
            principles.append(principle_ids[(number + ALSO_FITS_OFFSET) % len(principle_ids)])
        question = " ".join(seed["question"].split()).rstrip(".?")
        stories.append(
            BenchStory(
                id=f"{word.lower()}-{seed['id'].split('-')[0]}-{number:05d}",
                principles=tuple(principles),
                question=f"{question} (the {word} project)?",
                headline=headline,
                tags=tuple(seed.get("tags", ())),
                word=word,
                **parts,
            )
        )
    return BenchBank(
        title=site["title"],
        intro=" ".join(site.get("intro", "").split()),
        framework=principles_doc.get("name", "Principles"),
        angle_label=principles_doc.get("angle_label", ""),
        principles=tuple(principles_doc["principles"]),
        stories=tuple(stories),
    )


def _sentences(text: str) -> list[str]:
    return [sentence for sentence in _SENTENCE_END.split(" ".join(text.split())) if sentence]


def _renumber(sentence: str, rng: random.Random) -> str:
    """The sentence with each number replaced by another of as many digits: the same shape, other figures."""
    return _NUMBER.sub(lambda m: str(rng.randint(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 2, 10 ** len(m.group()) - 1)), sentence)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return cut[: cut.rindex(" ")].rstrip(" ,;:") + "…"


def write_hook_bank(project: Path, bank: BenchBank) -> None:
    """data/stories/ of a hook project: one YAML file per generated story (the sample's own stories removed)."""
    stories_dir = project / "data" / "stories"
    shutil.rmtree(stories_dir)
    stories_dir.mkdir()
    for story in bank.stories:
        text = yaml.safe_dump(story.as_data(), sort_keys=False, allow_unicode=True, width=100)
        (stories_dir / f"{story.id}.yml").write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------------
# The hand-written site: what a person would otherwise write, with the same theme, features and search.
# --------------------------------------------------------------------------------------------

HAND_WRITTEN_CONFIG = """\
site_name: {site_name}
theme:
  name: material
  font: false
  features:
    - navigation.sections
    - navigation.footer
    - navigation.top
    - search.highlight
    - search.suggest
    - toc.follow
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: deep orange
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: deep orange
      toggle:
        icon: material/brightness-4
        name: Switch to light mode
plugins:
  - search
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.tabbed:
      alternate_style: true
nav: {nav}
"""
INDENT = "    "


def write_hand_written_site(destination: Path, bank: BenchBank) -> Path:
    """A Material site of the bank's stories as a person writes it: Markdown files, mkdocs.yml, no hooks, no data/."""
    docs = destination / "docs"
    (docs / "principles").mkdir(parents=True)
    by_principle: dict[str, list[BenchStory]] = {p["id"]: [] for p in bank.principles}
    also_fits: dict[str, list[BenchStory]] = {p["id"]: [] for p in bank.principles}
    for story in bank.stories:
        by_principle[story.principles[0]].append(story)
        for other in story.principles[1:]:
            also_fits[other].append(story)
    titles = {p["id"]: p["title"] for p in bank.principles}
    listed = [p for p in bank.principles if by_principle[p["id"]] or also_fits[p["id"]]]
    for principle in listed:
        page = hand_written_principle_page(principle, by_principle[principle["id"]], also_fits[principle["id"]], titles=titles, angle_label=bank.angle_label)
        (docs / "principles" / f"{principle['id']}.md").write_text(page, encoding="utf-8")
    home = [f"# {bank.title}", "", bank.intro, "", f"## {bank.framework}", ""]
    home += [f"- [{p['title']}](principles/{p['id']}.md)" for p in listed]
    (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    nav = [{"Home": "index.md"}, {bank.framework: [{p["title"]: f"principles/{p['id']}.md"} for p in listed]}]
    # JSON is YAML: titles are written exactly, whatever characters they hold.
    config = HAND_WRITTEN_CONFIG.format(site_name=json.dumps(bank.title), nav=json.dumps(nav))
    (destination / "mkdocs.yml").write_text(config, encoding="utf-8")
    return destination


def hand_written_principle_page(
    principle: dict[str, str], stories: list[BenchStory], also_fits: list[BenchStory], *, titles: dict[str, str], angle_label: str
) -> str:
    """One principle's page: each story its question, then a collapsible block with four tabs; 'also fits' as links."""
    lines = [f"# {principle['title']}", "", principle["summary"], "", "## Stories", ""]
    for story in stories:
        facts = []
        if story.principles[1:]:
            links = ", ".join(f"[{titles[p]}]({p}.md)" for p in story.principles[1:])
            facts.append(f"**Also fits:** {links}")
        if story.tags:
            facts.append("**Tags:** " + " ".join(f"`{tag}`" for tag in story.tags))
        lines += [f"### {story.question} {{ #{story.id} }}", "", f'??? note "{story.headline}"', ""]
        if facts:
            lines += [INDENT + " · ".join(facts), ""]
        for part in STAR_PARTS:
            lines += [f'{INDENT}=== "{part.capitalize()}"', "", INDENT * 2 + getattr(story, part), ""]
    if stories and also_fits:
        lines += ["## Also fits this principle", ""]
    lines += [f"- [{story.question}]({story.principles[0]}.md#{story.id})" for story in also_fits]
    if principle.get("angle"):
        lines += ["", f'!!! tip "{angle_label}"', "", INDENT + principle["angle"]]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Projects and builds.
# --------------------------------------------------------------------------------------------


def copy_project(destination: Path, *, source: Path | None = None, project: Path = ROOT) -> Path:
    """A project to build in `destination`: the parts of `project` a build reads, with the sample bank as data/.

    With `source` (an earlier copy), that copy is copied, data/ included: a run copies the project once
    and builds every bank from that snapshot, whatever is edited in the working tree meanwhile.
    """
    destination.mkdir(parents=True, exist_ok=True)
    copies = [(source / part, part) for part in (*PROJECT_PARTS, "data")] if source else [
        *((project / part, part) for part in PROJECT_PARTS),
        (SAMPLE_BANK, "data"),
    ]
    for origin, part in copies:
        if origin.is_dir():
            shutil.copytree(origin, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, destination / part)
    return destination


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def build_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every build: public view, social cards off, as in a local `make build`.

    Social cards are Material's plugin's cost, the same with or without the hooks, and would dwarf
    everything else. Without STAR_VIEW a build shows the public view (and `mkdocs serve` the workbench,
    as the owner sees it); without SITE_URL the hooks use their placeholder address. PYTHONPATH goes too:
    MkDocs finds the copied project's hooks package on its own, never the one `make bench` put on the path.
    PYTHONDONTWRITEBYTECODE goes as well (some machines set it): Python keeps the hooks' compiled modules in
    hooks/**/__pycache__/ after a user's first build, so every later build starts from them.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra or {})}
    for name in ("CI", "STAR_VIEW", "SITE_URL", "PYTHONPATH", "SOURCE_DATE_EPOCH", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


@dataclass(frozen=True)
class BuildRun:
    """One `mkdocs build --strict` process: wall and CPU time, peak memory and the probe's figures."""

    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    timings: dict[str, float]  # the probe's, in seconds: see probe.py
    cpu_timings: dict[str, float]
    hooks_found: bool

    def hook_cpu_seconds(self) -> float:
        """CPU time in the project's own code: its import, its events and its Markdown processors."""
        return self.cpu_timings["import"] + self.cpu_timings["events"] + sum(
            seconds for key, seconds in self.cpu_timings.items() if key.startswith("markdown:")
        )


def build(project: Path) -> BuildRun:
    """Run the real `mkdocs build --strict` as its own process (through the probe); fail loudly."""
    site = project / "site"
    with tempfile.TemporaryDirectory(prefix="star-bench-probe-") as scratch:
        probe_out = Path(scratch) / "probe.json"
        log_path = Path(scratch) / "build.log"
        env = build_env({PROBE_OUT_ENV: str(probe_out)})
        command = [sys.executable, str(PROBE_SCRIPT), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
        with log_path.open("wb") as log:
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=project.parent, stdout=log, stderr=subprocess.STDOUT, env=env)
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0 or not probe_out.exists():
            raise SystemExit(f"build of {project} failed:\n{read_text(log_path)}")
        report = json.loads(read_text(probe_out))
        own_cost = json.loads(read_text(Path(f"{probe_out}.cost")))
    return BuildRun(
        seconds=seconds - own_cost["seconds"],
        cpu_seconds=usage.ru_utime + usage.ru_stime - own_cost["cpu_seconds"],
        peak_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        timings=report["timings"],
        cpu_timings=report["cpu_timings"],
        hooks_found=report["hooks_found"],
    )


@dataclass
class Spread:
    """Median, min and max of a few measurements."""

    median: float
    low: float
    high: float
    values: list[float]

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values), values)


@dataclass
class SiteFigures:
    """One site at one size: builds, memory, what it wrote, and (with a browser) how it behaves."""

    build_s: Spread
    build_cpu_s: Spread
    peak_rss_mb: float
    html_bytes: int
    html_files: int
    principle_page_bytes: int
    largest_pages: dict[str, int]  # the five largest HTML files, by site path
    search_index_bytes: int
    search_index_gzip_bytes: int
    hook_cpu_s: Spread | None = None  # the hook build's own code
    hook_share: float | None = None  # hook code's CPU time / the build's CPU time (medians)
    load_validate_s: float | None = None
    reload_s: Spread | None = None
    lighthouse: dict[str, float] | None = None  # performance score, total blocking time, LCP (medians)
    search_s: Spread | None = None


@dataclass
class SizeResult:
    """Everything measured at one bank size, hooks against hand-written."""

    stories: int
    principle_page: str
    hooks: SiteFigures
    hand: SiteFigures
    cpu_ratio: Spread  # per interleaved pair, the hook build cold (no .cache/)
    wall_ratio: Spread
    warm_build_cpu_s: Spread  # the hook build again right after, its .cache/ kept: a second `make build`
    warm_cpu_ratio: Spread


def principle_page_path(bank: BenchBank) -> str:
    """The site path both sites share for the first principle with a story: the page the browser measures look at."""
    primaries = {story.principles[0] for story in bank.stories}
    first = next(p["id"] for p in bank.principles if p["id"] in primaries)
    return f"principles/{first}/"


def benchmark_size(
    workdir: Path, size: int, runs: int, log: Callable[[str], None], *, template: Path, browser: BrowserOptions | None
) -> SizeResult:
    """Build one generated bank with the hooks and by hand, interleaved, `runs` times each; then the browser's figures."""
    bank = generate_bank(template / "data", size)
    hook_project = copy_project(workdir / f"hooks-{size}", source=template)
    write_hook_bank(hook_project, bank)
    hand_project = write_hand_written_site(workdir / f"hand-{size}", bank)
    hook_runs: list[BuildRun] = []
    warm_runs: list[BuildRun] = []
    hand_runs: list[BuildRun] = []

    def build_hooks() -> None:
        # Cold, as on a fresh clone or in CI: nothing the project's cache (.cache/) kept from the last build, and no
        # compiled hook modules (build_env).
        shutil.rmtree(hook_project / ".cache", ignore_errors=True)
        for compiled in list((hook_project / "hooks").rglob("__pycache__")):
            shutil.rmtree(compiled)
        hook_runs.append(build(hook_project))
        warm_runs.append(build(hook_project))

    for number in range(runs):
        log(f"{size} stories: build {number + 1}/{runs}")
        # Alternate who goes first, so a burst of load from elsewhere does not always hit the same side.
        order = [build_hooks, lambda: hand_runs.append(build(hand_project))]
        for step in order if number % 2 == 0 else reversed(order):
            step()
    if hand_runs[0].hooks_found or not hook_runs[0].hooks_found:
        raise SystemExit("the hand-written site must build without hooks, and the project's with them")
    page = principle_page_path(bank)
    hooks = site_figures(hook_project / "site", hook_runs, page=page)
    hand = site_figures(hand_project / "site", hand_runs, page=page)
    hook_cpu = [run.hook_cpu_seconds() for run in hook_runs]
    hooks.hook_cpu_s = Spread.of(hook_cpu)
    hooks.hook_share = statistics.median(hook_cpu) / hooks.build_cpu_s.median
    hooks.load_validate_s = statistics.median(run.cpu_timings[LOAD_FUNCTION] for run in hook_runs)
    if browser is not None:
        story = next(story for story in bank.stories if f"principles/{story.principles[0]}/" == page)
        measure_in_browser(workdir, size, hook_project, hand_project, bank, story, page, browser, log, figures=(hooks, hand))
    result = SizeResult(
        stories=size,
        principle_page=page,
        hooks=hooks,
        hand=hand,
        cpu_ratio=Spread.of([h.cpu_seconds / b.cpu_seconds for h, b in zip(hook_runs, hand_runs)]),
        wall_ratio=Spread.of([h.seconds / b.seconds for h, b in zip(hook_runs, hand_runs)]),
        warm_build_cpu_s=Spread.of([run.cpu_seconds for run in warm_runs]),
        warm_cpu_ratio=Spread.of([h.cpu_seconds / b.cpu_seconds for h, b in zip(warm_runs, hand_runs)]),
    )
    shutil.rmtree(hook_project)
    shutil.rmtree(hand_project)
    return result


def site_figures(site: Path, runs: list[BuildRun], *, page: str) -> SiteFigures:
    """Build times and what the build wrote: HTML bytes, the principle page, the search index."""
    pages = {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}
    index = (site / "search" / "search_index.json").read_bytes()
    return SiteFigures(
        build_s=Spread.of([run.seconds for run in runs]),
        build_cpu_s=Spread.of([run.cpu_seconds for run in runs]),
        peak_rss_mb=statistics.median(run.peak_rss_mb for run in runs),
        html_bytes=sum(pages.values()),
        html_files=len(pages),
        principle_page_bytes=pages[f"{page}index.html"],
        largest_pages=dict(sorted(pages.items(), key=lambda entry: -entry[1])[:5]),
        search_index_bytes=len(index),
        search_index_gzip_bytes=len(gzip.compress(index, GZIP_LEVEL)),
    )


# --------------------------------------------------------------------------------------------
# In Chromium: live reload under `mkdocs serve`, Lighthouse, search's first result.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrowserOptions:
    """Which browser measures to take, and how often."""

    reload: bool
    lighthouse_runs: int
    search_runs: int


def measure_in_browser(
    workdir: Path,
    size: int,
    hook_project: Path,
    hand_project: Path,
    bank: BenchBank,
    story: BenchStory,
    page: str,
    options: BrowserOptions,
    log: Callable[[str], None],
    *,
    figures: tuple[SiteFigures, SiteFigures],
) -> None:
    """Fill in each side's reload, Lighthouse and search figures, the two sides interleaved."""
    from pages_server import serve_site  # tests/pages_server.py: `make bench` puts tests/ on PYTHONPATH
    from playwright.sync_api import sync_playwright

    hooks, hand = figures
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS.split())
        try:
            if options.search_runs or options.lighthouse_runs:
                with serve_site(hook_project / "site") as hook_url, serve_site(hand_project / "site") as hand_url:
                    if options.search_runs:
                        log(f"{size} stories: search's first result, {options.search_runs} visits each")
                        with _reported(log, "search"):
                            hooks.search_s, hand.search_s = _interleaved(
                                options.search_runs, lambda base: first_search_result(browser, base + page, story.word), hook_url, hand_url
                            )
                    if options.lighthouse_runs:
                        log(f"{size} stories: Lighthouse, {options.lighthouse_runs} run(s) each")
                        with _reported(log, "Lighthouse"):
                            scores = _interleaved(options.lighthouse_runs, lambda base: run_lighthouse(base + page, workdir), hook_url, hand_url, raw=True)
                            hooks.lighthouse, hand.lighthouse = (_median_scores(side) for side in scores)
            if options.reload:
                log(f"{size} stories: live reload under mkdocs serve, {RELOAD_EDITS} edits each")
                with _reported(log, "live reload"):
                    hooks.reload_s, hand.reload_s = measure_reload(browser, hook_project, hand_project, story, page)
        finally:
            browser.close()


@contextmanager
def _reported(log: Callable[[str], None], measure: str) -> Iterator[None]:
    """A measure that fails (a timeout on a busy machine) is logged and left out; the others are kept."""
    try:
        yield
    except (SystemExit, Exception) as exc:  # noqa: BLE001 - Playwright, Lighthouse and serve each fail their own way
        log(f"{measure} not measured: {type(exc).__name__}: {str(exc)[:300]}")


def _interleaved(runs: int, measure: Callable[[str], Any], hook_url: str, hand_url: str, *, raw: bool = False) -> tuple[Any, Any]:
    """`measure` on each side in turn, `runs` times; the medians (or the raw values)."""
    values: tuple[list[Any], list[Any]] = ([], [])
    for number in range(runs):
        order = [(hook_url, values[0]), (hand_url, values[1])]
        for url, side in order if number % 2 == 0 else reversed(order):
            side.append(measure(url))
    return values if raw else (Spread.of(values[0]), Spread.of(values[1]))


SEARCH_MOUNTED = """() => {
  const status = document.querySelector(".md-search-result__meta");
  return Boolean(status && status.textContent.trim());
}"""
FIRST_RESULT = """word => {
  const list = document.querySelector(".md-search-result__list");
  return list && list.textContent.toLowerCase().includes(word) ? performance.now() : false;
}"""


def first_search_result(browser: Any, url: str, word: str) -> float:
    """Seconds from navigation start until Material's search lists a result for `word`, typed as soon as it can be.

    A fresh browser context each time: a first visit, nothing cached, as a recruiter arrives.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(url, wait_until="commit")
        search = tab.locator("input.md-search__input")
        search.wait_for(state="attached", timeout=SEARCH_TIMEOUT_S * 1000)
        # Typed once Material's search has mounted (it writes its status line): on a large page the box is there
        # seconds before, and what is typed into it then is wiped when the search starts.
        tab.wait_for_function(SEARCH_MOUNTED, polling=10, timeout=SEARCH_TIMEOUT_S * 1000)
        search.press_sequentially(word.lower())
        found = tab.wait_for_function(FIRST_RESULT, arg=word.lower(), polling=10, timeout=SEARCH_TIMEOUT_S * 1000)
        return float(found.json_value()) / 1000
    finally:
        context.close()


def run_lighthouse(url: str, workdir: Path) -> dict[str, float]:
    """One Lighthouse performance run (mobile defaults, as `make audit`): score, total blocking time, LCP, layout shift."""
    output = workdir / f"lighthouse-{time.time_ns()}.json"
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}", f"--chrome-flags={CHROMIUM_FLAGS}", "--only-categories=performance"],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        timeout=600,
        capture_output=True,
    )
    report = json.loads(read_text(output))
    output.unlink()
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "total_blocking_time_ms": round(audits["total-blocking-time"]["numericValue"]),
        "largest_contentful_paint_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        # Content that moves once painted: share.js's bars did, on every principle page (star.css keeps their room).
        "cumulative_layout_shift": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "dom_elements": round(audits["dom-size"]["numericValue"]),
    }


def _median_scores(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


@contextmanager
def mkdocs_serve(project: Path, log_path: Path) -> Iterator[str]:
    """`mkdocs serve --livereload` of `project` on a free port; yields the site's address once it answers."""
    port = _free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    with log_path.open("wb") as server_log:
        server = subprocess.Popen(command, cwd=project.parent, stdout=server_log, stderr=subprocess.STDOUT, env=build_env())
        try:
            # The server redirects / to the path of site_url, under which it mounts the site.
            yield _wait_for_server(f"http://127.0.0.1:{port}/", server=server, log_path=log_path, timeout=SERVE_START_TIMEOUT_S)
        finally:
            server.terminate()
            server.wait(timeout=30)


def measure_reload(browser: Any, hook_project: Path, hand_project: Path, story: BenchStory, page: str) -> tuple[Spread, Spread]:
    """Seconds from saving a change to Chromium showing it, under `mkdocs serve`: a story's Result edited, each side in turn."""
    story_file = hook_project / "data" / "stories" / f"{story.id}.yml"
    hand_file = hand_project / "docs" / f"{page.rstrip('/')}.md"
    hand_line = INDENT * 2 + story.result

    def edit_hooks(marker: str) -> None:
        data = yaml.safe_load(read_text(story_file))
        data["result"] = f"{data['result']} {marker}"
        story_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")

    def edit_hand(marker: str) -> None:
        nonlocal hand_line
        text = read_text(hand_file)
        if text.count(hand_line + "\n") != 1:
            raise SystemExit(f"the story's Result is not one line of {hand_file}")
        hand_file.write_text(text.replace(hand_line + "\n", f"{hand_line} {marker}\n"), encoding="utf-8")
        hand_line = f"{hand_line} {marker}"

    latencies: tuple[list[float], list[float]] = ([], [])
    with ExitStack() as stack:
        sides = []
        for name, project, edit, values in (("hooks", hook_project, edit_hooks, latencies[0]), ("hand", hand_project, edit_hand, latencies[1])):
            base = stack.enter_context(mkdocs_serve(project, project.parent / f"serve-{project.name}.log"))
            tab = browser.new_page()
            tab.goto(base + page, wait_until="load", timeout=BROWSER_TIMEOUT_S * 1000)
            sides.append((name, tab, edit, values))
        for number in range(RELOAD_EDITS):
            for name, tab, edit, values in sides if number % 2 == 0 else reversed(sides):
                time.sleep(RELOAD_PAUSE_S)
                marker = f"bench{name}edit{number}x{time.time_ns()}"
                edit(marker)
                saved = time.perf_counter()
                _wait_for_text(tab, marker)
                values.append(time.perf_counter() - saved)
    return Spread.of(latencies[0]), Spread.of(latencies[1])


def _wait_for_text(tab: Any, marker: str) -> None:
    """Poll the page every 20 ms until its HTML holds `marker` (livereload reloads it when the rebuild is served)."""
    deadline = time.perf_counter() + BROWSER_TIMEOUT_S
    while time.perf_counter() < deadline:
        try:
            if tab.evaluate("m => document.documentElement.innerHTML.includes(m)", marker):
                return
        except Exception:  # noqa: BLE001 - the page is mid-navigation: its context is gone until the new one loads
            pass
        time.sleep(0.02)
    raise SystemExit(f"the page did not show {marker} within {BROWSER_TIMEOUT_S} s")


def _wait_for_server(url: str, *, server: subprocess.Popen[bytes], log_path: Path, timeout: float) -> str:
    """Poll `url` until it answers 200; return the address it redirected to."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve exited with code {server.returncode}:\n{read_text(log_path)}")
        try:
            with urllib.request.urlopen(url, timeout=BROWSER_TIMEOUT_S) as response:
                return str(response.geturl())
        except (urllib.error.URLError, ConnectionError):  # HTTPError (a 404 while building) included
            time.sleep(0.05)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --------------------------------------------------------------------------------------------
# Report.
# --------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """The machine the benchmark ran on, and how busy it was."""
    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = re.findall(r"^model name\s*:\s*(.+)$", read_text(cpuinfo), flags=re.MULTILINE)
        cpu = models[0] if models else cpu
    from importlib.metadata import version

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "pymdown-extensions": version("pymdown-extensions"),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def code_version() -> dict[str, Any]:
    """The commit measured, and the files a build reads that differ from it (other people's work in progress)."""

    def git(*args: str) -> str:
        completed = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return completed.stdout.rstrip("\n") if completed.returncode == 0 else ""

    changed = git("status", "--porcelain", "--", *PROJECT_PARTS, SAMPLE_BANK.relative_to(ROOT).as_posix())
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted": [line[3:] for line in changed.splitlines()]}


def _kb(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:,.0f} KB"


def _ratio(hooks: float | None, hand: float | None) -> str:
    return f"{hooks / hand:.2f}×" if hooks is not None and hand else "–"


def render_tables(results: list[SizeResult]) -> str:
    """Two Markdown tables, hooks against hand-written at every size: the build, then the pages in Chromium."""
    rows = [
        "| Stories | Build CPU, hooks / hand | Ratio (pairs) | Build wall, hooks / hand | Ratio (pairs) | Second build CPU (cache), ratio | Hook code (share of CPU) | HTML written, hooks / hand | Ratio | Principle page HTML, hooks / hand | Peak memory, hooks / hand |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        h, b = r.hooks, r.hand
        rows.append(
            f"| {r.stories:,} | {h.build_cpu_s.median:.2f} s / {b.build_cpu_s.median:.2f} s"
            f" | {r.cpu_ratio.median:.2f}× ({r.cpu_ratio.low:.2f}–{r.cpu_ratio.high:.2f})"
            f" | {h.build_s.median:.2f} s / {b.build_s.median:.2f} s | {r.wall_ratio.median:.2f}× ({r.wall_ratio.low:.2f}–{r.wall_ratio.high:.2f})"
            f" | {r.warm_build_cpu_s.median:.2f} s, {r.warm_cpu_ratio.median:.2f}×"
            f" | {h.hook_cpu_s.median:.2f} s ({h.hook_share:.0%})"
            f" | {_kb(h.html_bytes)} / {_kb(b.html_bytes)} | {_ratio(h.html_bytes, b.html_bytes)}"
            f" | {_kb(h.principle_page_bytes)} / {_kb(b.principle_page_bytes)} | {h.peak_rss_mb:,.0f} / {b.peak_rss_mb:,.0f} MB |"
        )
    if any(r.hooks.reload_s or r.hooks.lighthouse or r.hooks.search_s for r in results):
        rows += [
            "",
            "| Stories | Live reload, hooks / hand | Ratio | Lighthouse performance, hooks / hand | Total blocking time (layout shift; page elements), hooks / hand | Search's first result, hooks / hand | Ratio |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in results:
            h, b = r.hooks, r.hand
            reload = f"{h.reload_s.median:.2f} s / {b.reload_s.median:.2f} s" if h.reload_s and b.reload_s else "–"
            lighthouse = f"{h.lighthouse['performance']:.0f} / {b.lighthouse['performance']:.0f}" if h.lighthouse and b.lighthouse else "–"
            tbt = (
                f"{h.lighthouse['total_blocking_time_ms']:.0f} / {b.lighthouse['total_blocking_time_ms']:.0f} ms"
                f" ({h.lighthouse['cumulative_layout_shift']:.3f} / {b.lighthouse['cumulative_layout_shift']:.3f};"
                f" {h.lighthouse['dom_elements']:,.0f} / {b.lighthouse['dom_elements']:,.0f} elements)"
                if h.lighthouse and b.lighthouse
                else "–"
            )
            search = f"{h.search_s.median:.2f} s / {b.search_s.median:.2f} s" if h.search_s and b.search_s else "–"
            rows.append(
                f"| {r.stories:,} | {reload} | {_ratio(h.reload_s and h.reload_s.median, b.reload_s and b.reload_s.median)}"
                f" | {lighthouse} | {tbt} | {search} | {_ratio(h.search_s and h.search_s.median, b.search_s and b.search_s.median)} |"
            )
    return "\n".join(rows)


def render_details(results: list[SizeResult]) -> str:
    """Under the tables: where the hooks' HTML goes, and the hook code's parts."""
    lines = [""]
    for r in results:
        largest = ", ".join(f"`{name}` {_kb(size)}" for name, size in r.hooks.largest_pages.items())
        lines.append(
            f"- {r.stories:,} stories: hook code {r.hooks.hook_cpu_s.median * 1000:,.0f} ms CPU, of which loading and validating"
            f" {r.hooks.load_validate_s * 1000:,.0f} ms; HTML files {r.hooks.html_files} / {r.hand.html_files}, largest: {largest};"
            f" search index {_kb(r.hooks.search_index_bytes)} ({_kb(r.hooks.search_index_gzip_bytes)} gzip)"
            f" / {_kb(r.hand.search_index_bytes)} ({_kb(r.hand.search_index_gzip_bytes)} gzip); principle page `{r.principle_page}`"
        )
    return "\n".join(lines)


def evaluate_targets(results: list[SizeResult]) -> list[dict[str, Any]]:
    """Each target of issue 19 this run can judge: its figure and whether it is met."""
    targets: list[dict[str, Any]] = []
    by_size = {r.stories: r for r in results}
    for size in TARGET_BUILD_SIZES:
        if size in by_size:
            for label, ratio in (("cold", by_size[size].cpu_ratio.median), ("second build, cache kept", by_size[size].warm_cpu_ratio.median)):
                targets.append(
                    {"target": f"build CPU at {size:,} stories ≤ {TARGET_BUILD_RATIO}× hand-written ({label})", "value": round(ratio, 2), "met": ratio <= TARGET_BUILD_RATIO}
                )
    if TARGET_RELOAD_RATIO_SIZE in by_size and by_size[TARGET_RELOAD_RATIO_SIZE].hooks.reload_s:
        r = by_size[TARGET_RELOAD_RATIO_SIZE]
        ratio = r.hooks.reload_s.median / r.hand.reload_s.median
        targets.append({"target": f"live reload at {r.stories:,} stories ≤ {TARGET_RELOAD_RATIO}× hand-written", "value": round(ratio, 2), "met": ratio <= TARGET_RELOAD_RATIO})
    smallest = min(results, key=lambda r: r.stories, default=None)
    if smallest and smallest.stories <= 10 and smallest.hooks.reload_s:
        seconds = smallest.hooks.reload_s.median
        targets.append({"target": f"live reload at {smallest.stories} stories ≤ {TARGET_RELOAD_SAMPLE_S:.0f} s", "value": round(seconds, 2), "met": seconds <= TARGET_RELOAD_SAMPLE_S})
    if TARGET_LIGHTHOUSE_SIZE in by_size and by_size[TARGET_LIGHTHOUSE_SIZE].hooks.lighthouse:
        score = by_size[TARGET_LIGHTHOUSE_SIZE].hooks.lighthouse["performance"]
        targets.append({"target": f"Lighthouse performance, principle page at {TARGET_LIGHTHOUSE_SIZE:,} stories ≥ {TARGET_LIGHTHOUSE}", "value": score, "met": score >= TARGET_LIGHTHOUSE})
    if TARGET_SEARCH_SIZE in by_size and by_size[TARGET_SEARCH_SIZE].hooks.search_s:
        r = by_size[TARGET_SEARCH_SIZE]
        ratio = r.hooks.search_s.median / r.hand.search_s.median
        targets.append({"target": f"search's first result at {TARGET_SEARCH_SIZE:,} stories ≤ hand-written", "value": round(ratio, 2), "met": ratio <= 1})
    return targets


def render_targets(targets: list[dict[str, Any]]) -> str:
    lines = ["", "| Target | Measured | Met |", "| --- | ---: | :---: |"]
    lines += [f"| {entry['target']} | {entry['value']} | {'yes' if entry['met'] else '**no**'} |" for entry in targets]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=" ".join(map(str, DEFAULT_SIZES)), help="bank sizes, e.g. '10 100 1000 5000'")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="builds per size and side, interleaved (and search visits)")
    parser.add_argument("--no-serve", action="store_true", help="skip live reload under `mkdocs serve`")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--no-search", action="store_true", help="skip search's first result")
    parser.add_argument("--lighthouse-runs", type=int, default=1, help="Lighthouse runs per size and side (median)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="folder for the JSON results (git-ignored)")
    parser.add_argument("--project", type=Path, default=ROOT, help="the project measured (mkdocs.yml, docs/, hooks/), e.g. an older commit's `git archive`")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.replace(",", " ").split()]
    if not sizes or min(sizes) < 1 or max(sizes) >= 16**4 or args.runs < 1:
        parser.error("--sizes needs sizes from 1 to 65535, and --runs at least 1")
    lighthouse_runs = 0 if args.no_lighthouse else args.lighthouse_runs
    if lighthouse_runs and not LIGHTHOUSE.exists():
        parser.error(f"{LIGHTHOUSE.relative_to(ROOT)} is missing (npm ci), or pass --no-lighthouse")
    browser = BrowserOptions(reload=not args.no_serve, lighthouse_runs=lighthouse_runs, search_runs=0 if args.no_search else args.runs)
    if not (browser.reload or browser.lighthouse_runs or browser.search_runs):
        browser = None
    elif not Path(CHROMIUM).exists():
        parser.error(f"Chromium is not at {CHROMIUM} (set CHROMIUM_PATH), or pass --no-serve --no-lighthouse --no-search")

    def log(message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    started = time.perf_counter()
    machine_before = machine()
    code = code_version() if args.project.resolve() == ROOT else {"project": str(args.project)}
    log(f"measuring {code}")
    args.out.mkdir(parents=True, exist_ok=True)
    out_file = args.out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    results: list[SizeResult] = []

    def report() -> str:
        targets = evaluate_targets(results)
        text = render_tables(results) + "\n" + render_details(results) + "\n" + render_targets(targets)
        document = {
            "machine": machine_before,
            "code": code,
            "load_average_after": os.getloadavg() if hasattr(os, "getloadavg") else None,
            "runs": args.runs,
            "total_seconds": round(time.perf_counter() - started, 1),
            "sizes": [asdict(result) for result in results],
            "targets": targets,
            "table": text,
        }
        # Written after every size: a run stopped at 5,000 stories keeps what it measured below.
        out_file.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
        return text

    with tempfile.TemporaryDirectory(prefix="star-bench-") as scratch:
        workdir = Path(scratch)
        # One snapshot of the project and the sample bank: other people's edits during the run don't reach it.
        template = copy_project(workdir / "template", project=args.project)
        for size in sizes:
            results.append(benchmark_size(workdir, size, args.runs, log, template=template, browser=browser))
            report()
    print(report())
    log(f"done in {time.perf_counter() - started:.0f} s; JSON in {out_file.relative_to(ROOT) if out_file.is_relative_to(ROOT) else out_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

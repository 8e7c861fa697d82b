"""Benchmark the hook build against the same pages as plain Markdown, at growing bank sizes.

`make bench` runs it. For each size it builds a synthetic bank, grown from the sample fixture bank
(tests/banks/sample), in a temporary copy of the project, times the real `mkdocs build --strict` with
the hooks and a plain-Markdown baseline without them, and prints a Markdown table; the full figures
go to tests/bench/results/*.json. The project's own data/ is never read: a fork's may hold no story.
"""

from __future__ import annotations

import argparse
import base64
import functools
import gzip
import json
import os
import platform
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
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
BENCH_SCRIPT = Path(__file__).resolve()
# What a build reads besides data/ (as tests/conftest.py copies it); the real docs/ is never written.
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks")
# The seed of every synthetic bank, copied as data/: principles, site.yml and the 10 seed stories.
SAMPLE_BANK = ROOT / "tests" / "banks" / "sample"
RESULTS_DIR = ROOT / "tests" / "bench" / "results"
DEFAULT_SIZES = (10, 100, 1000, 5000)
DEFAULT_RUNS = 3
SERVE_SIZE = 1000  # live reload is measured on the seed bank and, when it is benchmarked, on this size
SERVE_EDITS = 3
# Every third synthetic story also fits a second principle, so "also fits" sections are exercised too.
ALSO_FITS_EVERY = 3
ALSO_FITS_OFFSET = 7
GZIP_LEVEL = 6  # nginx's and most CDNs' default
SEED_BANK = "seed"
PROBE_OUT_ENV = "STAR_BENCH_PROBE_OUT"
PROBE_CAPTURE_ENV = "STAR_BENCH_CAPTURE"
BUILD_TIMEOUT = 900
# Where the hooks keep a build's state, from on_config to on_post_build, unless the hook module names
# another (hooks/star_hooks.py, STATE_KEY).
STATE_KEY = "star_build"
# The function that loads and validates data/, and the config values the hooks set in on_config.
LOAD_FUNCTION = "load_data"
HOOK_CONFIG_KEYS = ("site_name", "site_description", "site_author", "copyright", "site_url")
# The hooks' one edit of a page's HTML (on_page_content), which the baseline does not make: tab labels
# are kept out of search. The same-HTML check makes it on the baseline's page before comparing.
TAB_LABELS = b'<div class="tabbed-labels">'
TAB_LABELS_EXCLUDED = b'<div class="tabbed-labels" data-search-exclude>'

# Budgets from issue 6.
BUDGET_OVERHEAD = 1.05
BUDGET_OVERHEAD_SIZES = (1000, 5000)
BUDGET_HOOK_MS_PER_1000 = 100.0
BUDGET_SCALING = 5.5
BUDGET_LIVE_RELOAD_S = 1.0
BUDGET_PAGE_WEIGHT = 1.10


# --------------------------------------------------------------------------------------------
# The probe: the real `mkdocs build` CLI, run in this process with the hook code timed.
# --------------------------------------------------------------------------------------------


def run_probe(cli_args: list[str]) -> None:
    """Run `mkdocs <cli_args>` in-process, timing the project's hook code; write the figures as JSON."""
    from mkdocs.__main__ import cli
    from mkdocs.config import config_options

    hooks_dir = None
    # Keys: "import", "events", "load_data" and "markdown:<processor class>".
    timings: dict[str, float] = {"import": 0.0, "events": 0.0, LOAD_FUNCTION: 0.0}
    # CPU time beside wall time: on a shared machine it is the steadier of the two.
    cpu_timings = dict.fromkeys(timings, 0.0)
    capture: dict[str, Any] = {"pages": {}, "nav": None, "config": {}, "files": {}}
    capturing = bool(os.environ.get(PROBE_CAPTURE_ENV))
    state_key = STATE_KEY  # the hook module's own STATE_KEY, once it is loaded
    original_load_hook = config_options.Hooks._load_hook

    def timed(function: Callable[..., Any], key: str, *, on_result: Callable[..., None] | None = None) -> Callable[..., Any]:
        timings.setdefault(key, 0.0)
        cpu_timings.setdefault(key, 0.0)

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start, cpu_start = time.perf_counter(), time.process_time()
            result = function(*args, **kwargs)
            timings[key] += time.perf_counter() - start
            cpu_timings[key] += time.process_time() - cpu_start
            if on_result is not None:
                on_result(result, *args, **kwargs)
            return result

        return wrapper

    def record_page(markdown: str, *_args: Any, page: Any, config: Any, **_kwargs: Any) -> None:
        # The stand-ins swapped back for the text they stand for: the page as a hook without them would write it.
        # The build's state is still on config.extra here; on_post_build drops it.
        state = config.extra.get(state_key)
        source = state.fragments.expand_source(markdown) if state is not None else markdown
        capture["pages"][page.file.src_uri] = {"meta": _plain(dict(page.meta)), "markdown": source}

    def record_files(files: Any, *_args: Any, config: Any, **_kwargs: Any) -> None:
        capture["nav"] = _plain(config.nav)
        capture["config"] = {key: _plain(config.get(key)) for key in HOOK_CONFIG_KEYS}
        # Files the hooks add that are not pages (the Anki deck, the CSV, robots.txt): the baseline serves them as they are.
        for file in files:
            if file.generated_by is not None and not file.is_documentation_page():
                capture["files"][file.src_uri] = base64.b64encode(file.content_bytes).decode("ascii")

    def load_hook(self: Any, name: str, path: str) -> Any:
        nonlocal hooks_dir, state_key
        start, cpu_start = time.perf_counter(), time.process_time()
        module = original_load_hook(self, name, path)
        timings["import"] += time.perf_counter() - start
        cpu_timings["import"] += time.process_time() - cpu_start
        hooks_dir = Path(path).resolve().parent
        state_key = getattr(module, "STATE_KEY", state_key)
        for event in [attribute for attribute in dir(module) if attribute.startswith("on_")]:
            on_result = None
            if capturing and event == "on_page_markdown":
                on_result = record_page
            elif capturing and event == "on_files":
                on_result = record_files
            setattr(module, event, timed(getattr(module, event), "events", on_result=on_result))
        _time_hook_internals(hooks_dir, timed)
        return module

    config_options.Hooks._load_hook = load_hook  # type: ignore[method-assign]
    start = time.perf_counter()
    try:
        cli.main(args=cli_args, prog_name="mkdocs", standalone_mode=False)
    finally:
        build_seconds = time.perf_counter() - start
        config_options.Hooks._load_hook = original_load_hook  # type: ignore[method-assign]
    report = {"timings": timings, "cpu_timings": cpu_timings, "build_seconds": build_seconds, "hooks_found": hooks_dir is not None}
    if capturing:
        report["capture"] = capture
    # Writing this report is the probe's own cost; the parent takes it off the process's times.
    report_start, report_cpu_start = time.perf_counter(), time.process_time()
    text = json.dumps(report)
    Path(os.environ[PROBE_OUT_ENV]).write_text(text, encoding="utf-8")
    own_cost = {"seconds": time.perf_counter() - report_start, "cpu_seconds": time.process_time() - report_cpu_start}
    Path(os.environ[PROBE_OUT_ENV] + ".cost").write_text(json.dumps(own_cost), encoding="utf-8")


def _plain(value: Any) -> Any:
    """Plain JSON and YAML values: Markup and other str subclasses (escaped titles, the footer) as str."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _plain(entry) for key, entry in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(entry) for entry in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    raise TypeError(f"the benchmark cannot write {type(value).__name__} into a baseline: {value!r:.80}")


def _time_hook_internals(hooks_dir: Path, timed: Callable[..., Any]) -> None:
    """Time load_data and the Markdown processors defined in any module under hooks/, at any depth.

    Modules bind load_data by name (`from .model.load import load_data`), so every module that holds
    it gets one shared wrapper: a call is timed once, whichever module it goes through.
    """
    from markdown.blockprocessors import BlockProcessor
    from markdown.inlinepatterns import InlineProcessor
    from markdown.postprocessors import Postprocessor
    from markdown.preprocessors import Preprocessor
    from markdown.treeprocessors import Treeprocessor

    wrappers: dict[int, Callable[..., Any]] = {}
    for module in list(sys.modules.values()):
        module_file = getattr(module, "__file__", None)
        if not module_file or not Path(module_file).resolve().is_relative_to(hooks_dir):
            continue
        load = getattr(module, LOAD_FUNCTION, None)
        if callable(load) and not hasattr(load, "__wrapped__") and _is_under(load, hooks_dir):
            if id(load) not in wrappers:
                wrappers[id(load)] = timed(load, LOAD_FUNCTION)
            setattr(module, LOAD_FUNCTION, wrappers[id(load)])
        for value in list(vars(module).values()):
            if not isinstance(value, type) or value.__module__ != module.__name__:
                continue
            for base, method in (
                (Treeprocessor, "run"),
                (Preprocessor, "run"),
                (Postprocessor, "run"),
                (BlockProcessor, "run"),
                (InlineProcessor, "handleMatch"),
            ):
                own = vars(value).get(method)
                if issubclass(value, base) and own is not None and not hasattr(own, "__wrapped__"):
                    setattr(value, method, timed(own, f"markdown:{value.__name__}"))


def _is_under(function: Callable[..., Any], hooks_dir: Path) -> bool:
    code = getattr(function, "__code__", None)
    return code is not None and Path(code.co_filename).resolve().is_relative_to(hooks_dir)


# --------------------------------------------------------------------------------------------
# Projects: copies of the project with a synthetic bank, the plain-Markdown baseline, default Material.
# --------------------------------------------------------------------------------------------


def copy_project(destination: Path, *, source: Path | None = None) -> Path:
    """A project to build in `destination`: the parts of this one a build reads, with the sample bank as data/.

    With `source` (an earlier copy), that copy is copied, data/ included: a run copies the project once
    and builds every bank from that snapshot, whatever is edited in the working tree meanwhile.
    """
    destination.mkdir(parents=True, exist_ok=True)
    copies = [(source / part, part) for part in (*PROJECT_PARTS, "data")] if source else [
        *((ROOT / part, part) for part in PROJECT_PARTS),
        (SAMPLE_BANK, "data"),
    ]
    for origin, part in copies:
        if origin.is_dir():
            shutil.copytree(origin, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, destination / part)
    return destination


def write_synthetic_bank(project: Path, size: int) -> None:
    """Replace the project's stories (the sample bank's) with `size` copies of them, new ids, over all principles."""
    stories_dir = project / "data" / "stories"
    seeds = sorted(stories_dir.glob("*.yml"))
    if not seeds:
        raise SystemExit(f"no seed stories in {stories_dir}")
    seed_texts = [p.read_text(encoding="utf-8") for p in seeds]
    principles = yaml.load((project / "data" / "principles.yml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    principle_ids = [entry["id"] for entry in principles]
    for seed in seeds:
        seed.unlink()
    for number in range(size):
        seed = seeds[number % len(seeds)]
        story_id = f"{seed.stem}-{number:05d}"
        story_principles = [principle_ids[number % len(principle_ids)]]
        if number % ALSO_FITS_EVERY == 0:
            story_principles.append(principle_ids[(number + ALSO_FITS_OFFSET) % len(principle_ids)])
        (stories_dir / f"{story_id}.yml").write_text(
            _restamp_story(seed_texts[number % len(seeds)], story_id, story_principles), encoding="utf-8"
        )


def _restamp_story(seed_text: str, story_id: str, principles: list[str]) -> str:
    """The seed's text with a new id and principles; everything else, comments and layout included, kept."""
    head = f"id: {story_id}\nprinciples:\n" + "".join(f"  - {principle}\n" for principle in principles)
    text, count = re.subn(r"^id:.*?(?=^question:)", head, seed_text, count=1, flags=re.MULTILINE | re.DOTALL)
    if count != 1:
        raise SystemExit("a seed story does not start with id:, principles:, question: as the generator expects")
    return text


BASELINE_HOOK = "bench_baseline.py"
# The baseline's only hook: no data, just the project's faster drop-in for a step of pymdownx.tabbed,
# so that both builds run the same Markdown pipeline and the ratio shows the data hooks' own cost.
# MkDocs puts the hook's folder on the import path while it loads it, so the package imports as in star_hooks.py.
BASELINE_HOOK_SOURCE = '''"""Written by tests/bench/bench.py: the plain-Markdown baseline's Markdown pipeline, no data hooks."""

from star_bank import tabbed


def on_config(config):
    config.markdown_extensions.append(tabbed.LinearTabSlugsExtension())
    return config
'''


def write_baseline_project(hook_project: Path, destination: Path, capture: dict[str, Any]) -> Path:
    """The same pages as plain Markdown files in docs/, built with the data hooks switched off.

    The hooks' package is copied (the baseline's hook imports its tab step) but no data/: nothing reads it.
    What the hooks set in on_config (site name, description, author, footer, address) is written into
    mkdocs.yml, and the files they add besides pages into docs/, so both builds make the same site.
    """
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = hook_project / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    (destination / "hooks" / BASELINE_HOOK).write_text(BASELINE_HOOK_SOURCE, encoding="utf-8")
    config_text = read_text(destination / "mkdocs.yml")
    for key in ("hooks", *capture["config"]):
        config_text = _drop_top_level(config_text, key)
    # JSON is YAML: every value is written exactly, whatever characters it holds.
    settings = "".join(f"{key}: {json.dumps(value)}\n" for key, value in capture["config"].items() if value is not None)
    config_text += f"\n{settings}\nhooks:\n  - hooks/{BASELINE_HOOK}\n\nnav: {json.dumps(capture['nav'])}\n"
    (destination / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    write_captured_pages(destination / "docs", capture)
    return destination


def write_default_material_project(baseline: Path, destination: Path) -> Path:
    """The baseline's pages under Material's defaults: no palette, features, overrides, extra CSS or hooks.

    The Markdown extensions stay, so both sites render the same content.
    """
    shutil.copytree(baseline / "docs", destination / "docs", ignore=shutil.ignore_patterns("overrides", "stylesheets"))
    config_text = read_text(baseline / "mkdocs.yml")
    for key in ("theme", "extra_css", "extra_javascript", "hooks"):
        config_text = _drop_top_level(config_text, key)
    (destination / "mkdocs.yml").write_text(config_text + "\ntheme:\n  name: material\n", encoding="utf-8")
    return destination


def write_captured_pages(docs_dir: Path, capture: dict[str, Any]) -> None:
    """Write every page as the Markdown the hooks handed to MkDocs, stand-ins expanded, with its front matter; and the other files."""
    for src_uri, page in capture["pages"].items():
        path = docs_dir / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        front_matter = f"---\n{yaml.safe_dump(page['meta'], sort_keys=False, allow_unicode=True)}---\n\n" if page["meta"] else ""
        path.write_text(front_matter + page["markdown"], encoding="utf-8")
    for src_uri, content in capture.get("files", {}).items():
        path = docs_dir / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(content))


def _drop_top_level(config_text: str, key: str) -> str:
    """mkdocs.yml without one top-level key and its indented block."""
    return re.sub(rf"^{re.escape(key)}:.*\n(?:(?:[ \t]+.*|[ \t]*)\n)*", "", config_text + "\n", flags=re.MULTILINE)


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Builds and measurements.
# --------------------------------------------------------------------------------------------


def build_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every build: public view, social cards off, as in a local `make build`.

    mkdocs.yml makes the cards only when CI is set (publishing); they are Material's plugin's
    cost, the same with or without the hooks, and dwarf everything else measured here. Without
    STAR_VIEW a build shows the public view (and `mkdocs serve` the workbench); without SITE_URL
    the hooks use their placeholder address. PYTHONPATH goes too: MkDocs finds the copied project's
    hooks package on its own, as in `make build`, never the one `make bench` put on the path.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra or {})}
    for name in ("CI", "STAR_VIEW", "SITE_URL", "PYTHONPATH"):
        env.pop(name, None)
    return env


@dataclass(frozen=True)
class BuildRun:
    """One `mkdocs build --strict` process: wall time, peak memory and the probe's figures."""

    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    timings: dict[str, float]  # the probe's, in seconds: see run_probe
    cpu_timings: dict[str, float]

    def markdown_processors(self) -> set[str]:
        return {key for key in self.timings if key.startswith("markdown:")}

    def hook_seconds(self, shared: set[str], *, cpu: bool = False) -> float:
        """Time in the project's hook code: events, and Markdown processors that only the hook build runs."""
        timings = self.cpu_timings if cpu else self.timings
        return timings["events"] + sum(timings[key] for key in self.markdown_processors() - shared)

    def shared_seconds(self, shared: set[str]) -> float:
        """Time in the project's Markdown processors that the baseline runs too."""
        return sum(self.timings.get(key, 0.0) for key in shared)


def build(project: Path, *, capture: bool = False) -> tuple[BuildRun, dict[str, Any]]:
    """Run the real `mkdocs build --strict` as its own process (through the probe); fail loudly."""
    site = project / "site"
    with tempfile.TemporaryDirectory(prefix="star-bench-probe-") as scratch:
        probe_out = Path(scratch) / "probe.json"
        log_path = Path(scratch) / "build.log"
        env = build_env({PROBE_OUT_ENV: str(probe_out)})
        env.pop(PROBE_CAPTURE_ENV, None)
        if capture:
            env[PROBE_CAPTURE_ENV] = "1"
        command = [sys.executable, str(BENCH_SCRIPT), "--probe", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
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
    run = BuildRun(
        seconds=seconds - own_cost["seconds"],
        cpu_seconds=usage.ru_utime + usage.ru_stime - own_cost["cpu_seconds"],
        peak_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        timings=report["timings"],
        cpu_timings=report["cpu_timings"],
    )
    return run, report.get("capture", {})


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
class SizeResult:
    """Everything measured at one bank size."""

    stories: int
    hook_build_s: Spread
    baseline_build_s: Spread
    ratio: Spread  # hook / baseline per interleaved pair
    hook_build_cpu_s: Spread
    baseline_build_cpu_s: Spread
    cpu_ratio: Spread
    overhead_from_hook_code: float  # 1 + (hook code + hook import, CPU) / baseline CPU: steadier than the ratios
    peak_rss_mb: float
    baseline_peak_rss_mb: float
    hook_code_ms: Spread
    hook_code_cpu_ms: Spread
    load_validate_ms: float
    markdown_extension_ms: dict[str, float]  # per processor class, median run
    shared_markdown_ms: float  # project processors the baseline runs too (the tab step, star_bank/tabbed.py)
    shared_processors: list[str]
    hook_import_ms: float
    search_index_bytes: int
    search_index_gzip_bytes: int
    principle_page: str
    page_transfer_gzip_bytes: int
    page_transfer_with_search_gzip_bytes: int
    page_html_bytes: int
    baseline_same_html: bool
    baseline_differing_pages: list[str]  # every HTML file of the two sites compared, not only the principle page


def benchmark_size(workdir: Path, size: int, runs: int, log: Callable[[str], None], *, template: Path | None = None) -> SizeResult:
    """Build one synthetic bank with the hooks and as plain Markdown, interleaved, `runs` times each."""
    hook_project = copy_project(workdir / f"bank-{size}", source=template)
    write_synthetic_bank(hook_project, size)
    hook_runs: list[BuildRun] = []
    baseline_runs: list[BuildRun] = []
    for number in range(1, runs + 1):
        log(f"{size} stories: run {number}/{runs}")
        # The first hook build also captures the Markdown the hooks generate: the baseline's pages.
        hook_run, captured = build(hook_project, capture=number == 1)
        if number == 1:
            capture = captured
            baseline = write_baseline_project(hook_project, workdir / f"baseline-{size}", capture)
        hook_runs.append(hook_run)
        baseline_runs.append(build(baseline)[0])
    page = _first_principle_page(capture)
    hook_html = (hook_project / "site" / page / "index.html").read_bytes()
    baseline_html = (baseline / "site" / page / "index.html").read_bytes()
    search_index = (hook_project / "site" / "search" / "search_index.json").read_bytes()
    # Processors the baseline runs too (its hook adds the tab step) are MkDocs' cost, not the data hooks'.
    shared = set().union(*(run.markdown_processors() for run in baseline_runs))
    hook_code = [run.hook_seconds(shared) * 1000 for run in hook_runs]
    hook_code_cpu = [run.hook_seconds(shared, cpu=True) * 1000 for run in hook_runs]
    import_cpu = statistics.median(run.cpu_timings["import"] for run in hook_runs)
    baseline_cpu = statistics.median(run.cpu_seconds for run in baseline_runs)
    transfer = page_transfer(hook_project / "site", page)
    middle = sorted(hook_runs, key=lambda run: run.hook_seconds(shared))[len(hook_runs) // 2]
    result = SizeResult(
        stories=size,
        hook_build_s=Spread.of([run.seconds for run in hook_runs]),
        baseline_build_s=Spread.of([run.seconds for run in baseline_runs]),
        ratio=Spread.of([h.seconds / b.seconds for h, b in zip(hook_runs, baseline_runs)]),
        hook_build_cpu_s=Spread.of([run.cpu_seconds for run in hook_runs]),
        baseline_build_cpu_s=Spread.of([run.cpu_seconds for run in baseline_runs]),
        cpu_ratio=Spread.of([h.cpu_seconds / b.cpu_seconds for h, b in zip(hook_runs, baseline_runs)]),
        overhead_from_hook_code=1 + (statistics.median(hook_code_cpu) / 1000 + import_cpu) / baseline_cpu,
        # Median, not max: the first hook run also holds the captured pages for the baseline.
        peak_rss_mb=statistics.median(run.peak_rss_mb for run in hook_runs),
        baseline_peak_rss_mb=statistics.median(run.peak_rss_mb for run in baseline_runs),
        hook_code_ms=Spread.of(hook_code),
        hook_code_cpu_ms=Spread.of(hook_code_cpu),
        load_validate_ms=middle.timings[LOAD_FUNCTION] * 1000,
        markdown_extension_ms={key.removeprefix("markdown:"): middle.timings[key] * 1000 for key in sorted(middle.markdown_processors())},
        shared_markdown_ms=middle.shared_seconds(shared) * 1000,
        shared_processors=sorted(shared),
        hook_import_ms=statistics.median(run.timings["import"] for run in hook_runs) * 1000,
        search_index_bytes=len(search_index),
        search_index_gzip_bytes=len(gzip.compress(search_index, GZIP_LEVEL)),
        principle_page=page,
        page_transfer_gzip_bytes=transfer.total_gzip,
        page_transfer_with_search_gzip_bytes=transfer.total_gzip + transfer.search_gzip,
        page_html_bytes=len(hook_html),
        baseline_same_html=same_html(hook_html, baseline_html),
        baseline_differing_pages=differing_pages(hook_project / "site", baseline / "site"),
    )
    shutil.rmtree(hook_project / "site")
    shutil.rmtree(baseline / "site")
    return result


def _first_principle_page(capture: dict[str, Any]) -> str:
    """The site path of the first principle page, in navigation order."""
    generated = [uri for uri in capture["pages"] if uri.startswith("principles/")]
    for entry in _flatten_nav(capture["nav"]):
        if entry in generated:
            return entry.removesuffix(".md")
    return sorted(generated)[0].removesuffix(".md")


def _flatten_nav(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for entry in nav:
            yield from _flatten_nav(entry)
    elif isinstance(nav, dict):
        for entry in nav.values():
            yield from _flatten_nav(entry)


def same_html(hook_html: bytes, baseline_html: bytes) -> bool:
    """Whether the baseline built the hook build's page: the same bytes, once the hooks' HTML edit is made on it too."""
    return _strip_volatile(hook_html) == _strip_volatile(baseline_html.replace(TAB_LABELS, TAB_LABELS_EXCLUDED))


def differing_pages(hook_site: Path, baseline_site: Path) -> list[str]:
    """The HTML files that are not the same in both sites (missing from either counts)."""
    names = {path.relative_to(site).as_posix() for site in (hook_site, baseline_site) for path in site.rglob("*.html")}
    return sorted(
        name
        for name in names
        if not ((hook_site / name).exists() and (baseline_site / name).exists())
        or not same_html((hook_site / name).read_bytes(), (baseline_site / name).read_bytes())
    )


def _strip_volatile(html: bytes) -> bytes:
    # The build date in the sitemap-like footer metadata would differ between two builds.
    return re.sub(rb"<!--.*?-->", b"", html, flags=re.DOTALL)


# --------------------------------------------------------------------------------------------
# Page weight.
# --------------------------------------------------------------------------------------------


class _AssetLinks(HTMLParser):
    """The local stylesheets, scripts and icons a page makes the browser fetch as it loads."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").lower().split()
        url = None
        if tag == "link" and ({"stylesheet", "icon", "preload", "modulepreload"} & set(rel)):
            url = attributes.get("href")
        elif tag == "script":
            url = attributes.get("src")
        if not url:
            return
        if re.match(r"^[a-z]+:|^//", url):
            self.external.append(url)
        else:
            self.assets.append(url.split("#")[0].split("?")[0])


@dataclass
class Transfer:
    """What one page costs to load, gzip-compressed: HTML, assets and (separately) search."""

    html_gzip: int
    assets_gzip: int
    total_gzip: int
    assets: dict[str, int] = field(default_factory=dict)
    external: list[str] = field(default_factory=list)
    search_gzip: int = 0


def page_transfer(site: Path, page: str) -> Transfer:
    """The gzip transfer size of `page` (a site path such as principles/x) with the assets its HTML loads."""
    page_dir = site / page
    html = (page_dir / "index.html").read_bytes()
    parser = _AssetLinks()
    parser.feed(html.decode("utf-8"))
    assets = {}
    for url in dict.fromkeys(parser.assets):
        asset = (page_dir / url).resolve()
        assets[asset.relative_to(site.resolve()).as_posix()] = len(gzip.compress(asset.read_bytes(), GZIP_LEVEL))
    html_gzip = len(gzip.compress(html, GZIP_LEVEL))
    # Material's bundle starts its search worker on load, which fetches the worker script and the index
    # (checked in Chromium: both are requested before the page is idle, with no search typed).
    search_files = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    search_files.append(site / "search" / "search_index.json")
    search_gzip = sum(len(gzip.compress(path.read_bytes(), GZIP_LEVEL)) for path in search_files if path.exists())
    return Transfer(
        html_gzip=html_gzip,
        assets_gzip=sum(assets.values()),
        total_gzip=html_gzip + sum(assets.values()),
        assets=assets,
        external=parser.external,
        search_gzip=search_gzip,
    )


@dataclass
class PageWeight:
    """The seed bank's first principle page against the same page under default Material."""

    page: str
    seed: Transfer
    default_material: Transfer
    ratio: float
    ratio_with_search: float


def measure_page_weight(workdir: Path, log: Callable[[str], None], *, template: Path | None = None) -> PageWeight:
    log("page weight: the seed bank against default Material")
    seed_project = copy_project(workdir / "seed-weight", source=template)
    _, capture = build(seed_project, capture=True)
    page = _first_principle_page(capture)
    baseline = write_baseline_project(seed_project, workdir / "seed-weight-baseline", capture)
    default = write_default_material_project(baseline, workdir / "seed-weight-default")
    build(default)
    seed = page_transfer(seed_project / "site", page)
    default_transfer = page_transfer(default / "site", page)
    return PageWeight(
        page=page,
        seed=seed,
        default_material=default_transfer,
        ratio=seed.total_gzip / default_transfer.total_gzip,
        ratio_with_search=(seed.total_gzip + seed.search_gzip) / (default_transfer.total_gzip + default_transfer.search_gzip),
    )


# --------------------------------------------------------------------------------------------
# Live reload under `mkdocs serve`.
# --------------------------------------------------------------------------------------------


@dataclass
class ServeResult:
    """Seconds from a story file's save to the rebuilt page being served, per edit."""

    bank: str
    stories: int
    latency_s: Spread
    initial_build_s: float


def measure_serve(workdir: Path, bank: str, log: Callable[[str], None], *, template: Path | None = None) -> ServeResult:
    """Start `mkdocs serve`, edit one story file several times, and time until the page shows each edit."""
    project = copy_project(workdir / f"serve-{bank}", source=template)
    if bank != SEED_BANK:
        write_synthetic_bank(project, int(bank))
    story_file = sorted((project / "data" / "stories").glob("*.yml"))[0]
    story = yaml.load(read_text(story_file), Loader=yaml.CSafeLoader)
    page_url_path = f"principles/{story['principles'][0]}/"
    port = _free_port()
    log(f"live reload: {bank} bank, serving on port {port}")
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    with (workdir / f"serve-{bank}.log").open("wb") as server_log:
        start = time.perf_counter()
        server = subprocess.Popen(command, cwd=project.parent, stdout=server_log, stderr=subprocess.STDOUT, env=build_env())
        try:
            # The server redirects / to the path of site_url, under which it mounts the site.
            base = _wait_for(f"http://127.0.0.1:{port}/", lambda body: True, timeout=300, server=server)
            url = base + page_url_path
            _wait_for(url, lambda body: story["id"] in body, timeout=60, server=server)
            initial = time.perf_counter() - start
            latencies = []
            for edit in range(1, SERVE_EDITS + 1):
                time.sleep(1.0)  # let the watcher settle; its 0.5 s polling phase is then random
                marker = f"bench-edit-{edit}-{time.time_ns()}"
                story["result"] = f"{story['result']} {marker}"
                story_file.write_text(yaml.safe_dump(story, sort_keys=False, allow_unicode=True), encoding="utf-8")
                saved = time.perf_counter()
                _wait_for(url, lambda body, marker=marker: marker in body, timeout=120, server=server)
                latencies.append(time.perf_counter() - saved)
        finally:
            server.terminate()
            server.wait(timeout=30)
    stories = len(list((project / "data" / "stories").glob("*.yml")))
    shutil.rmtree(project)
    return ServeResult(bank=bank, stories=stories, latency_s=Spread.of(latencies), initial_build_s=initial)


def _wait_for(url: str, ready: Callable[[str], bool], *, timeout: float, server: subprocess.Popen[bytes]) -> str:
    """Poll `url` every 20 ms until it answers 200 with a body that satisfies `ready`; return the final URL."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                if ready(response.read().decode("utf-8")):
                    return str(response.geturl())
        except (urllib.error.URLError, ConnectionError):  # HTTPError (a 404 while building) included
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url} did not show the change within {timeout} s")


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
    memory_gb = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        match = re.search(r"^MemTotal:\s*(\d+) kB", read_text(meminfo), flags=re.MULTILINE)
        memory_gb = round(int(match.group(1)) / 1024 / 1024, 1) if match else None
    from importlib.metadata import version

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "pyyaml_libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
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
    return f"{size / 1024:,.0f} KB" if size >= 10 * 1024 else f"{size / 1024:.1f} KB"


def _spread(spread: Spread, unit: str = "s", digits: int = 2) -> str:
    return f"{spread.median:.{digits}f} {unit} ({spread.low:.{digits}f}–{spread.high:.{digits}f})"


def render_table(results: list[SizeResult]) -> str:
    """The Markdown table of every size."""
    rows = [
        "| Stories | Hook build | Baseline build | Ratio | Ratio, CPU time | Overhead from hook code | Peak memory, hook / baseline | Hook code | Hook code per 1,000 | Search index (gzip) | Principle page + assets (gzip) | With search, fetched on load (gzip) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        per_thousand = result.hook_code_ms.median / result.stories * 1000
        rows.append(
            f"| {result.stories:,} | {_spread(result.hook_build_s)} | {_spread(result.baseline_build_s)}"
            f" | {result.ratio.median:.3f} ({result.ratio.low:.3f}–{result.ratio.high:.3f})"
            f" | {result.cpu_ratio.median:.3f} ({result.cpu_ratio.low:.3f}–{result.cpu_ratio.high:.3f})"
            f" | {result.overhead_from_hook_code:.3f}"
            f" | {result.peak_rss_mb:,.0f} / {result.baseline_peak_rss_mb:,.0f} MB | {_spread(result.hook_code_ms, 'ms', 0)} | {per_thousand:,.0f} ms"
            f" | {_kb(result.search_index_bytes)} ({_kb(result.search_index_gzip_bytes)})"
            f" | {_kb(result.page_transfer_gzip_bytes)} | {_kb(result.page_transfer_with_search_gzip_bytes)} |"
        )
    return "\n".join(rows)


def render_details(results: list[SizeResult], serve: list[ServeResult], weight: PageWeight | None) -> str:
    """Breakdowns and the serve and page-weight figures, under the table."""
    lines = [
        "",
        "Hook code of the median run, wall time: loading and validating (star_bank.model.load.load_data), the hook-only Markdown"
        " processors, the rest of the events (rendering); then the CPU time of all that, the project's processors that the"
        " baseline runs too (not counted as hook code), and the hook modules' import, once per process.",
        "",
    ]
    for result in results:
        hook_only = {name: ms for name, ms in result.markdown_extension_ms.items() if f"markdown:{name}" not in result.shared_processors}
        rest = result.hook_code_ms.median - result.load_validate_ms - sum(hook_only.values())
        processors = ", ".join(f"{name} {ms:.0f}" for name, ms in hook_only.items()) or "none"
        lines.append(
            f"- {result.stories:,} stories: load and validate {result.load_validate_ms:.0f} ms; processors {processors} ms;"
            f" rendering {rest:.0f} ms; CPU {result.hook_code_cpu_ms.median:.0f} ms; shared processors {result.shared_markdown_ms:.0f} ms;"
            f" import {result.hook_import_ms:.0f} ms;"
            f" principle page `{result.principle_page}/` HTML {_kb(result.page_html_bytes)}, same HTML as the baseline: {'yes' if result.baseline_same_html else 'NO'};"
            f" HTML files that differ: {', '.join(f'`{name}`' for name in result.baseline_differing_pages) or 'none'}"
        )
    if serve:
        lines += ["", "`mkdocs serve`, from saving a story file to the rebuilt page being served (median, min–max of "
                  f"{SERVE_EDITS} edits):", ""]
        for entry in serve:
            lines.append(f"- {entry.bank} bank ({entry.stories:,} stories): {_spread(entry.latency_s)}; first build and serve {entry.initial_build_s:.1f} s")
    if weight:
        lines += [
            "",
            f"Page weight, `{weight.page}/` of the seed bank, gzip: this site {_kb(weight.seed.total_gzip)}"
            f" (HTML {_kb(weight.seed.html_gzip)} + assets {_kb(weight.seed.assets_gzip)}),"
            f" default Material {_kb(weight.default_material.total_gzip)}"
            f" (HTML {_kb(weight.default_material.html_gzip)} + assets {_kb(weight.default_material.assets_gzip)}): ratio {weight.ratio:.3f}."
            f" With the search worker and index, which load with the page: {_kb(weight.seed.total_gzip + weight.seed.search_gzip)}"
            f" against {_kb(weight.default_material.total_gzip + weight.default_material.search_gzip)}, ratio {weight.ratio_with_search:.3f}."
            + (f" Default Material also requests {len(weight.default_material.external)} external file(s) (Google Fonts), not counted." if weight.default_material.external else ""),
        ]
    return "\n".join(lines)


def evaluate_budgets(results: list[SizeResult], serve: list[ServeResult], weight: PageWeight | None) -> list[dict[str, Any]]:
    """Each budget of issue 6 that this run can judge: its figure and whether it is met."""
    by_size = {result.stories: result for result in results}
    budgets: list[dict[str, Any]] = []
    for size in BUDGET_OVERHEAD_SIZES:
        if size not in by_size:
            continue
        result = by_size[size]
        for label, ratio in (
            ("wall-time ratio", result.ratio.median),
            ("CPU-time ratio", result.cpu_ratio.median),
            ("from in-process hook time", result.overhead_from_hook_code),
        ):
            budgets.append({"budget": f"overhead at {size:,} stories ≤ {BUDGET_OVERHEAD}× ({label})", "value": round(ratio, 3), "met": ratio <= BUDGET_OVERHEAD})
    for result in results:
        if result.stories >= 1000:
            per_thousand = result.hook_code_ms.median / result.stories * 1000
            budgets.append(
                {"budget": f"hook code ≤ {BUDGET_HOOK_MS_PER_1000:.0f} ms per 1,000 stories (at {result.stories:,})", "value": round(per_thousand, 1), "met": per_thousand <= BUDGET_HOOK_MS_PER_1000}
            )
    if 1000 in by_size and 5000 in by_size:
        for label, key in (("wall time", "hook_build_s"), ("CPU time", "hook_build_cpu_s")):
            scaling = getattr(by_size[5000], key).median / getattr(by_size[1000], key).median
            budgets.append({"budget": f"5,000-story build ≤ {BUDGET_SCALING}× the 1,000-story build ({label})", "value": round(scaling, 2), "met": scaling <= BUDGET_SCALING})
    for entry in serve:
        if entry.bank == SEED_BANK:
            budgets.append({"budget": f"live reload on the seed bank < {BUDGET_LIVE_RELOAD_S:.0f} s", "value": round(entry.latency_s.median, 2), "met": entry.latency_s.median < BUDGET_LIVE_RELOAD_S})
    if weight:
        for label, ratio in (("page and assets", weight.ratio), ("with search index", weight.ratio_with_search)):
            budgets.append(
                {"budget": f"seed principle page ({label}) ≤ default Material + {BUDGET_PAGE_WEIGHT - 1:.0%}", "value": round(ratio, 3), "met": ratio <= BUDGET_PAGE_WEIGHT}
            )
    return budgets


def render_budgets(budgets: list[dict[str, Any]]) -> str:
    lines = ["", "| Budget | Measured | Met |", "| --- | ---: | :---: |"]
    lines += [f"| {entry['budget']} | {entry['value']} | {'yes' if entry['met'] else '**no**'} |" for entry in budgets]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=" ".join(map(str, DEFAULT_SIZES)), help="bank sizes, e.g. '10 100 1000 5000'")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed builds per size, each for hooks and baseline (at least 3 for the budgets)")
    parser.add_argument("--no-serve", action="store_true", help="skip the `mkdocs serve` live-reload measurement")
    parser.add_argument("--no-page-weight", action="store_true", help="skip the comparison with default Material")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="folder for the JSON results (git-ignored)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.replace(",", " ").split()]
    if not sizes or min(sizes) < 1 or args.runs < 1:
        parser.error("--sizes needs at least one size of 1 or more, and --runs at least 1")

    def log(message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    started = time.perf_counter()
    machine_before = machine()
    code = code_version()
    log(f"commit {code['commit']}; uncommitted changes measured too: {', '.join(code['uncommitted']) or 'none'}")
    with tempfile.TemporaryDirectory(prefix="star-bench-") as scratch:
        workdir = Path(scratch)
        # One snapshot of the project and the sample bank: other people's edits during the run don't reach it.
        template = copy_project(workdir / "template")
        results = [benchmark_size(workdir, size, args.runs, log, template=template) for size in sizes]
        weight = None if args.no_page_weight else measure_page_weight(workdir, log, template=template)
        serve: list[ServeResult] = []
        if not args.no_serve:
            serve.append(measure_serve(workdir, SEED_BANK, log, template=template))
            if SERVE_SIZE in sizes:
                serve.append(measure_serve(workdir, str(SERVE_SIZE), log, template=template))
    budgets = evaluate_budgets(results, serve, weight)
    report = render_table(results) + "\n" + render_details(results, serve, weight) + "\n" + render_budgets(budgets)
    print(report)
    total = time.perf_counter() - started
    document = {
        "machine": machine_before,
        "code": code,
        "load_average_after": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "runs": args.runs,
        "total_seconds": round(total, 1),
        "sizes": [asdict(result) for result in results],
        "serve": [asdict(entry) for entry in serve],
        "page_weight": asdict(weight) if weight else None,
        "budgets": budgets,
        "table": report,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    out_file = args.out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out_file.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    log(f"done in {total:.0f} s; JSON in {out_file.relative_to(ROOT) if out_file.is_relative_to(ROOT) else out_file}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--probe":
        run_probe(sys.argv[2:])
    else:
        sys.exit(main())

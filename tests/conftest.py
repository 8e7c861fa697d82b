"""Shared fixtures: projects made from the template and a fixture bank, built for real with `mkdocs build --strict`.

Tests own their data: each build copies the template (mkdocs.yml, docs/, hooks/) and one bank from
tests/banks/ as its data/. Only the smoke test reads the project's own data/, whatever it holds.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from build_server import BUILD_SERVER
from star_bank.build import CACHE_DIR
from star_bank.template_cache import TEMPLATES_DIR

ROOT = Path(__file__).resolve().parent.parent
BANKS = ROOT / "tests" / "banks"
SAMPLE_BANK = BANKS / "sample"  # a faithful copy of the sample data/ the template ships with
# Amazon's 16 Leadership Principles, in Amazon's order: the sample bank's principles.yml must keep them.
OFFICIAL_ORDER = [
    ("customer-obsession", "Customer Obsession"),
    ("ownership", "Ownership"),
    ("invent-and-simplify", "Invent and Simplify"),
    ("are-right-a-lot", "Are Right, A Lot"),
    ("learn-and-be-curious", "Learn and Be Curious"),
    ("hire-and-develop-the-best", "Hire and Develop the Best"),
    ("insist-on-the-highest-standards", "Insist on the Highest Standards"),
    ("think-big", "Think Big"),
    ("bias-for-action", "Bias for Action"),
    ("frugality", "Frugality"),
    ("earn-trust", "Earn Trust"),
    ("dive-deep", "Dive Deep"),
    ("have-backbone-disagree-and-commit", "Have Backbone; Disagree and Commit"),
    ("deliver-results", "Deliver Results"),
    ("strive-to-be-earths-best-employer", "Strive to be Earth's Best Employer"),
    ("success-and-scale-bring-broad-responsibility", "Success and Scale Bring Broad Responsibility"),
]
# What a build reads besides data/; copied so tests never touch the real project.
TEMPLATE_PARTS = ("mkdocs.yml", "docs", "hooks")
PROJECT_DATA = ROOT / "data"
# The address the shared public builds are published under, as a fork's Pages workflow sets SITE_URL
# (actions/configure-pages): every page must work under /<repository>/ of someone else's account.
PUBLISHED_SITE_URL = "https://octocat.github.io/my-fork/"
# Tests that may read the project's own data/: the smoke tests, which pass for any valid bank.
READS_PROJECT_DATA = "reads_project_data"


class ProjectDataWatch:
    """Records every file or folder under the project's data/ that this process opens or lists.

    A fork replaces data/, so a test that reads it would pass here and fail there. An audit hook sees every
    open() and directory listing in the process, the copies made for subprocess builds included, so the
    guarantee holds without running the suite again on a fork's bank.
    """

    _EVENTS = frozenset({"open", "os.listdir", "os.scandir"})

    def __init__(self, data: Path) -> None:
        self._prefix = str(data)
        self.seen: list[str] = []

    def __call__(self, event: str, args: tuple[object, ...]) -> None:
        if event not in self._EVENTS or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        path = os.path.abspath(os.fsdecode(args[0]))
        if path == self._prefix or path.startswith(self._prefix + os.sep):
            self.seen.append(path)


DATA_WATCH = ProjectDataWatch(PROJECT_DATA)
sys.addaudithook(DATA_WATCH)  # audit hooks cannot be removed: one for the whole session


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{READS_PROJECT_DATA}: a smoke test that may read the project's own data/")


# The files that take longest, longest first (seconds of one worker in `make test`, measured): pytest-xdist hands
# out whole files in collection order (the Makefile's --no-loadscope-reorder), so starting these first keeps one
# worker from finishing a long file alone at the end while the other idles. Every other file follows in its order.
# test_serve.py mostly waits for `mkdocs serve` to rebuild: it goes early, beside a browser file (Chromium and
# pytest, more than one core), not late beside the one-core unit files.
SLOWEST_FILES = (
    "browser/test_hostile_browser.py",
    "browser/test_practice.py",
    "test_serve.py",
    "browser/test_site_browser.py",
    "test_hostile.py",
    "browser/test_checkers.py",
    "browser/test_share_print.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests = Path(__file__).parent

    def rank(item: pytest.Item) -> int:
        name = item.path.relative_to(tests).as_posix() if item.path.is_relative_to(tests) else ""
        return SLOWEST_FILES.index(name) if name in SLOWEST_FILES else len(SLOWEST_FILES)

    items.sort(key=rank)  # stable: each file's tests keep their order


@pytest.fixture(autouse=True)
def tests_own_their_data(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fails a test that read the project's data/ unless it is marked as a smoke test of it."""
    before = len(DATA_WATCH.seen)
    yield
    read = DATA_WATCH.seen[before:]
    if read and request.node.get_closest_marker(READS_PROJECT_DATA) is None:
        pytest.fail(f"{request.node.nodeid} read the project's data/ ({read[0]}); tests use fixture banks under tests/banks/")


@dataclass(frozen=True)
class BuildResult:
    """A finished `mkdocs build --strict`: its exit code, output and site folder."""

    returncode: int
    output: str
    site: Path


def plain(text: str) -> str:
    """Whitespace folded, so text from YAML, HTML and PDFs compares equal."""
    return " ".join(text.split())


class CompiledTemplates:
    """One folder of compiled theme templates for every project the session builds (`make_project` links to it).

    Compiling Material's templates is about 0.3 s of CPU a build, and the session makes some 40 projects. Jinja
    keys each compiled template by its file's path and checks its source's checksum before using it, and writes
    each file whole (a rename), so projects can share the folder: a project's own overrides get entries of
    their own. The folder is the session's (set by `compiled_templates`), never the project's .cache/, and the
    benchmark's projects (tests/bench/) start without one, as a user's first build does.
    """

    folder: Path | None = None


def make_project(destination: Path, *, bank: Path | None = SAMPLE_BANK) -> Path:
    """The template copied into `destination`, with `bank` as its data/ (None: the project's own data/)."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in TEMPLATE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    shutil.copytree(bank or ROOT / "data", destination / "data", symlinks=True)
    if CompiledTemplates.folder is not None:
        link = destination / CACHE_DIR / TEMPLATES_DIR
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(CompiledTemplates.folder, target_is_directory=True)
    return destination


def write_story(project: Path, story_id: str, **fields: object) -> Path:
    """Add a story file to a project's bank; fields not given get short valid text."""
    story = {
        "id": story_id,
        "principles": ["ownership"],
        "question": f"Tell me about {story_id}.",
        "situation": "A situation with 3 teams.",
        "task": "I had to fix it.",
        "action": "I traced it, I fixed it and I wrote the runbook.",
        "result": "Failures fell from 12 to 1 a month.",
        **fields,
    }
    path = project / "data" / "stories" / f"{story_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(story, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def edit_site(project: Path, **fields: object) -> None:
    """Change fields of a project's data/site.yml (None deletes one)."""
    path = project / "data" / "site.yml"
    site = yaml.safe_load(path.read_text(encoding="utf-8"))
    for name, value in fields.items():
        if value is None:
            site.pop(name, None)
        else:
            site[name] = value
    path.write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")


# CI=true makes Material's social cards, about a second of CPU a build. The builds that stand for a deploy (the
# shared public build, the hostile corpus's) are made as this run's CI asks; every other build leaves CI unset.
AS_CI = {"CI": os.environ.get("CI", "")}


def build_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a test build runs in: this one, minus the variables a test must set itself (CI: AS_CI)."""
    env = {key: value for key, value in os.environ.items() if key not in ("SITE_URL", "STAR_VIEW", "CI")}
    return {**env, "NO_MKDOCS_2_WARNING": "1", **(extra or {})}


def run_build(project: Path, *, env: dict[str, str] | None = None, strict: bool = True) -> BuildResult:
    """Run the real `mkdocs build` on a project folder, from another working directory.

    Through the build server (tests/build_server.py: the same command line in a fresh forked process, without
    Python's start-up and MkDocs' imports each time), unless the environment sets PYTHONPATH, which only a new
    interpreter reads.
    """
    site = project / "site"
    args = ["build", "-f", str(project / "mkdocs.yml"), "-d", str(site), *(["--strict"] if strict else [])]
    cwd = project.parent  # paths must resolve against mkdocs.yml, not the working directory
    environment = build_env(env)
    if "PYTHONPATH" in (env or {}):
        completed = subprocess.run(
            [sys.executable, "-m", "mkdocs", *args], cwd=cwd, capture_output=True, text=True, env=environment, timeout=600
        )
        return BuildResult(completed.returncode, completed.stdout + completed.stderr, site)
    code, stdout, stderr = BUILD_SERVER.run(args, cwd=cwd, env=environment, timeout=600)
    return BuildResult(code, stdout + stderr, site)


def build_bank(tmp_path: Path, *, bank: Path | None = SAMPLE_BANK, env: dict[str, str] | None = None) -> BuildResult:
    """A project with `bank`, built; the result whether or not it succeeded."""
    return run_build(make_project(tmp_path / "project", bank=bank), env=env)


class SharedBuilds:
    """One real build per distinct (bank, environment) for the whole test session, shared by every worker.

    Every test that reads a site asks here instead of building its own, so the sample bank is built once
    per view, not once per test file. Under pytest-xdist the workers share one folder: the first to ask
    builds while the others wait on its lock, then read the recorded result. What it returns is shared:
    read it, never write into it.
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._results: dict[str, BuildResult] = {}

    def get(self, bank: Path = SAMPLE_BANK, *, env: dict[str, str] | None = None) -> BuildResult:
        """The build of `bank` with `env` added to the test environment; made on first use, whether or not it succeeds."""
        key = json.dumps([str(bank), sorted((env or {}).items())])
        if key not in self._results:
            self._results[key] = self._build_once(bank, env, name=f"build-{bank.name}-{hashlib.sha256(key.encode()).hexdigest()[:12]}")
        return self._results[key]

    def site(self, bank: Path = SAMPLE_BANK, *, env: dict[str, str] | None = None) -> Path:
        """The site folder of a build that must succeed; fails loudly with the build's output if it did not."""
        result = self.get(bank, env=env)
        assert result.returncode == 0, result.output
        return result.site

    def _build_once(self, bank: Path, env: dict[str, str] | None, *, name: str) -> BuildResult:
        record = self._folder / name / "result.json"
        with (self._folder / f"{name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if record.exists():
                recorded = json.loads(record.read_text(encoding="utf-8"))
                return BuildResult(recorded["returncode"], recorded["output"], Path(recorded["site"]))
            result = build_bank(self._folder / name, bank=bank, env=env)
            record.write_text(json.dumps({"returncode": result.returncode, "output": result.output, "site": str(result.site)}), encoding="utf-8")
            return result


def shared_folder(factory: pytest.TempPathFactory) -> Path:
    """A folder every xdist worker of this run sees (each worker's base temp sits in the run's own)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@dataclass(frozen=True)
class CommandResult:
    """What a `python -m star_bank` command returned and printed."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture()
def star_bank_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., CommandResult]:
    """`python -m star_bank ...` (make coach, make story, make check) run in this process, with `env` set for the call.

    The same `main` the module runs; one subprocess test per command proves that wiring. The STAR_* variables
    of the test's own environment are cleared, as the Makefile's run starts from the user's shell.
    """
    from star_bank.__main__ import main

    def run(project: Path, *args: str, env: dict[str, str] | None = None) -> CommandResult:
        with monkeypatch.context() as patch:
            for key in [key for key in os.environ if key.startswith("STAR_")]:
                patch.delenv(key)
            for key, value in (env or {}).items():
                patch.setenv(key, value)
            capsys.readouterr()
            code = main(["--root", str(project), *args])
            printed = capsys.readouterr()
        return CommandResult(code, printed.out, printed.err)

    return run


@pytest.fixture(scope="session", autouse=True)
def compiled_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The session's shared folder of compiled templates (CompiledTemplates), one for all xdist workers."""
    folder = shared_folder(tmp_path_factory) / "compiled-templates"
    folder.mkdir(exist_ok=True)
    CompiledTemplates.folder = folder
    yield folder
    CompiledTemplates.folder = None


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> SharedBuilds:
    """The session's shared builds: `builds.site(bank, env=...)`."""
    return SharedBuilds(shared_folder(tmp_path_factory))


@pytest.fixture(scope="session")
def without_cairo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment in which cairo's C library cannot be loaded, as on a laptop without libcairo2."""
    # In the workers' shared folder, so that the laptop build's environment, and so its key, is the same in each.
    fake = shared_folder(tmp_path_factory) / "no-cairo" / "cairocffi"
    fake.mkdir(parents=True, exist_ok=True)
    (fake / "__init__.py").write_text('raise OSError("no library called \\"cairo-2\\" was found")\n', encoding="utf-8")
    return {"PYTHONPATH": str(fake.parent)}


@pytest.fixture(scope="session")
def laptop_build(builds: SharedBuilds, without_cairo: dict[str, str]) -> BuildResult:
    """The sample bank built as `make build` on a laptop: CI, SITE_URL and STAR_VIEW empty, no cairo library."""
    return builds.get(env={**without_cairo, "CI": "", "SITE_URL": "", "STAR_VIEW": ""})


@pytest.fixture(scope="session")
def built_site(builds: SharedBuilds) -> Path:
    """The sample bank's published site (the recruiter's view) at a fork's address, as this run's CI builds it (AS_CI), built once; fails loudly if the build does."""
    return builds.site(env={"SITE_URL": PUBLISHED_SITE_URL, **AS_CI})


@pytest.fixture(scope="session")
def workbench_site(builds: SharedBuilds) -> Path:
    """The sample bank as `make serve` shows it (STAR_VIEW=workbench), built once."""
    return builds.site(env={"STAR_VIEW": "workbench"})

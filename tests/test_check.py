"""`make check`: the problems a real strict build stops on, line for line and in its order, without building.

Each bad bank is checked, then built for real by MkDocs in this process (`load_config` + `build`, with the
project's hooks) under the same environment, and the lines compared; `make check` itself runs twice as a
subprocess, once passing and once failing, to prove the wiring.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import BANKS, ROOT, SAMPLE_BANK, SharedBuilds, build_env, edit_site, make_project
from star_bank.build import BuildStopped, read_environment, start_build
from star_bank.check import check_project
from star_bank.model.load import load_data
from star_bank.model.report import build_report

TESTS = Path(__file__).resolve().parent
EMPTY_BANK = BANKS / "empty"
BAD_STORIES = [path for folder in ("bad_data", "bad_data_v2", "bad_follow_ups") for path in sorted((TESTS / folder).iterdir())]
# Which variables a build reads: a test sets its own and clears the rest.
READ_BY_THE_BUILD = ("CI", "SITE_URL", "STAR_")


def with_stories(project: Path, *stories: Path) -> Path:
    for story in stories:
        shutil.copy(story, project / "data" / "stories" / story.name)
    return project


def bad_settings(project: Path) -> Path:
    edit_site(project, coach={"words_per_minute": 1000, "min_seconds": 300, "max_seconds": 60}, publish={"coach_page": "yes"})
    principles = project / "data" / "principles.yml"
    principles.write_text(principles.read_text(encoding="utf-8").replace("id: frugality", "id: ownership"), encoding="utf-8")
    return project


def unread_file(project: Path) -> Path:
    (project / "data" / "stories").mkdir()
    (project / "data" / "stories" / "notes.txt").write_text("to do\n", encoding="utf-8")
    return project


def no_data(project: Path) -> Path:
    shutil.rmtree(project / "data")
    return project


# name: (bank, how the bank is spoilt, the environment); each stops the build on a different path.
BROKEN: dict[str, tuple[Path, Callable[[Path], Path], dict[str, str]]] = {
    "stories": (SAMPLE_BANK, lambda project: with_stories(project, *BAD_STORIES), {}),
    "settings and principles": (SAMPLE_BANK, bad_settings, {}),
    "no data folder": (SAMPLE_BANK, no_data, {}),
    "environment": (SAMPLE_BANK, lambda project: project, {"SITE_URL": "ftp://x", "CI": "maybe", "STAR_COACH_PAGE": "2", "STAR_VIEW": "all"}),
    "strict hints in site.yml": (SAMPLE_BANK, lambda project: (edit_site(project, coach={"strict_hints": True}), project)[1], {}),
    "strict hints from STAR_COACH_STRICT": (SAMPLE_BANK, lambda project: project, {"STAR_COACH_STRICT": "true"}),
    "a file that is not a story": (EMPTY_BANK, unread_file, {}),
}


@pytest.fixture()
def environment(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], None]:
    """Sets the variables a build reads to exactly these (cards off unless given: no cairo needed)."""

    def set_only(variables: dict[str, str]) -> None:
        for name in list(os.environ):
            if name.startswith(READ_BY_THE_BUILD):
                monkeypatch.delenv(name)
        for name, value in {"CI": "false", **variables}.items():
            monkeypatch.setenv(name, value)

    return set_only


def strict_build(project: Path, caplog: pytest.LogCaptureFixture) -> tuple[bool, list[str]]:
    """A real `mkdocs build --strict` of `project` in this process: whether it built, and the lines it logged as errors and warnings."""
    config = load_config(config_file=str(project / "mkdocs.yml"), strict=True, site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    caplog.clear()
    built = True
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        try:
            build(config)
        except Abort:
            built = False
        finally:
            config.plugins.on_shutdown()
    return built, [line for record in caplog.records if record.levelno >= logging.WARNING for line in record.getMessage().splitlines()]


@pytest.mark.parametrize("case", list(BROKEN))
def test_check_reports_the_lines_the_strict_build_stops_on(
    case: str, tmp_path: Path, environment: Callable[[dict[str, str]], None], caplog: pytest.LogCaptureFixture
) -> None:
    bank, spoil, variables = BROKEN[case]
    project = spoil(make_project(tmp_path / "project", bank=bank))
    environment(variables)
    result = check_project(project, env=os.environ)
    built, logged = strict_build(project, caplog)
    assert not built, "the strict build should have stopped"
    assert list(result.lines) == logged
    assert result.failed
    problems = [line for line in logged if line.startswith("data/") or line.startswith("  ")]
    assert result.problem_count == len(problems) > 0
    assert result.summary.startswith(f"{result.problem_count} problem")


def test_check_reports_what_start_build_stops_with(tmp_path: Path) -> None:
    project = with_stories(make_project(tmp_path / "project"), *BAD_STORIES)
    env = {"CI": "false"}
    with pytest.raises(BuildStopped) as stopped:
        start_build(project, environment=read_environment(env, serving=False), env=env, serving=False)
    result = check_project(project, env=env)
    assert list(result.lines) == [stopped.value.title, *(f"  {line}" for line in stopped.value.lines)]
    assert result.problem_count == len(stopped.value.lines) > len(BAD_STORIES)


def test_hints_pass_unless_strict_hints_is_on_and_the_summary_counts_the_bank(tmp_path: Path, built_site: Path) -> None:
    # built_site: the strict build passes the sample bank (the fixture fails if it does not).
    data = load_data(SAMPLE_BANK, display_root=SAMPLE_BANK, env={})
    hints = build_report(data.bank, data.settings).hints
    assert hints, "the sample bank has hints: this test needs some"
    result = check_project(make_project(tmp_path / "project"), env={"STAR_COACH_STRICT": "false"})
    assert (result.failed, result.lines) == (False, ())
    assert result.summary == (
        f"No problems: {len(data.bank.principles)} principles, {len(data.bank.stories)} stories;"
        f" the coach has {len(hints)} hints (make coach)."
    )


def test_a_bank_with_no_stories_folder_or_an_empty_one_passes(tmp_path: Path, builds: SharedBuilds) -> None:
    assert builds.get(EMPTY_BANK).returncode == 0, "the strict build passes a bank with no stories folder"
    project = make_project(tmp_path / "project", bank=EMPTY_BANK)
    assert not (project / "data" / "stories").exists()
    result = check_project(project, env={})
    assert (result.failed, result.lines, result.summary) == (False, (), "No problems: 16 principles, 0 stories.")
    (project / "data" / "stories").mkdir()
    assert check_project(project, env={}) == result


def run_make_check(project: Path) -> subprocess.CompletedProcess[str]:
    """`make check` in `project`, with the template's Makefile and virtual environment."""
    shutil.copy2(ROOT / "requirements.txt", project)  # older than the venv's stamp: make installs nothing
    command = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), f"VENV={ROOT / '.venv'}", "check"]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=build_env(), timeout=120)


def test_make_check_passes_a_good_bank(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    completed = run_make_check(project)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.splitlines()[-1] == check_project(project, env=build_env()).summary
    assert "Building documentation" not in completed.stdout + completed.stderr


def test_make_check_fails_on_a_bad_bank_printing_every_problem(tmp_path: Path) -> None:
    project = with_stories(make_project(tmp_path / "project"), *BAD_STORIES)
    completed = run_make_check(project)
    assert completed.returncode == 2, "make's own code for a failed recipe: the command exited non-zero"
    result = check_project(project, env=build_env())
    printed = completed.stdout.splitlines()
    assert printed[0].endswith("-m star_bank check"), "make echoes the command first"
    assert printed[1:] == [*result.lines, result.summary]
    assert "Traceback" not in completed.stderr


def test_the_summary_names_the_other_frameworks_a_bank_enables(tmp_path: Path) -> None:
    result = check_project(make_project(tmp_path / "project", bank=BANKS / "multi-framework"), env={"STAR_COACH_STRICT": "false"})
    assert (result.failed, result.lines) == (False, ())
    assert result.summary.startswith("No problems: 16 principles and 2 more frameworks (google, meta), 11 stories;"), result.summary

"""Shared fixtures: a copy of the project to build, and the real site built from it once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOKS_DIR = ROOT / "hooks"
# What a build reads; copied so tests can change data without touching the real project.
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "hooks")

sys.path.insert(0, str(HOOKS_DIR))  # the hook modules import each other by bare name, as MkDocs loads them


@dataclass(frozen=True)
class BuildResult:
    """A finished `mkdocs build --strict`: its exit code, output and site folder."""

    returncode: int
    output: str
    site: Path


def copy_project(destination: Path) -> Path:
    """Copy the parts of the project a build reads into `destination`; return it."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination


def run_build(project: Path, *, env: dict[str, str] | None = None) -> BuildResult:
    """Run the real `mkdocs build --strict` on a project folder, from another working directory."""
    site = project / "site"
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project.parent,  # paths must resolve against mkdocs.yml, not the working directory
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        timeout=600,
    )
    return BuildResult(completed.returncode, completed.stdout + completed.stderr, site)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once from a copy of the project; fails loudly if the build does."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result.site

"""`make check`: the strict build's own checks of data/ and the environment, run without MkDocs.

Nothing here checks anything itself: it calls what `on_config` and `on_files` call (read_environment,
start_build, SiteBuild.warnings), so a check added to the build is a check of `make check` too. Not covered,
because they are not about data/: docs/ pages' placeholders, and this machine's cairo and Roboto for the
social cards (CI=true).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .build import BuildStopped, read_environment, start_build
from .wording import plural


@dataclass(frozen=True)
class CheckResult:
    """What the strict build would say about a project: its error or warning lines, as it prints them, and a summary."""

    lines: tuple[str, ...]
    problem_count: int
    summary: str

    @property
    def failed(self) -> bool:
        """Whether `make build` would stop: make check exits 1."""
        return self.problem_count > 0


def check_project(root: Path, *, env: Mapping[str, str]) -> CheckResult:
    """Run the build's checks of `root`'s data/ under `env`; the lines are the strict build's, in its order."""
    try:
        environment = read_environment(env, serving=False)
        build = start_build(root, environment=environment, env=env, serving=False)
    except BuildStopped as exc:
        # The build stops with this exception's text as its one error: the title, then a problem a line.
        return _failed(str(exc).splitlines(), len(exc.lines))
    # The build goes on past warnings, but --strict (make build, the Pages workflow) fails on them.
    if build.warnings:
        return _failed(build.warnings, len(build.warnings))
    assert build.data is not None and build.report is not None  # start_build raised otherwise
    bank = build.data.bank
    hints = len(build.report.hints)
    coach = f"; the coach has {plural(hints, 'hint')} (make coach)" if hints else ""
    others = [f.id for f in bank.frameworks[1:]]
    more = f" and {plural(len(others), 'more framework')} ({', '.join(others)})" if others else ""
    summary = (
        f"No problems: {plural(len(bank.principles), 'principle')}{more}, {plural(len(bank.stories), 'story', 'stories')}{coach}."
    )
    return CheckResult(lines=(), problem_count=0, summary=summary)


def _failed(lines: list[str], count: int) -> CheckResult:
    them = "it" if count == 1 else "them"
    summary = f"{plural(count, 'problem')}: `make build` and the Pages workflow stop on {them}."
    return CheckResult(lines=tuple(lines), problem_count=count, summary=summary)

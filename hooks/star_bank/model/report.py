"""The coach's report: one object, rendered as the Coach page and as `make coach`'s terminal text.

Tables hold cells that are text, a Story or a Principle; each formatter decides how a story or a
principle reads (a link on the page, an id or a title in the terminal). A report is of one framework (the
bank's); each other enabled framework gets its coverage and loop plan beside it, from the same analyses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..wording import plural
from .analysis import StoryAnalysis, analyze_bank, format_duration, format_speaking_time
from .coverage import Coverage, build_coverage, describe_coverage, target_status
from .loop_plan import LoopPlan, plan_loop
from .records import Bank, Framework, Principle, Story
from .settings import Settings, setting_specs

Cell = str | Story | Principle


@dataclass(frozen=True)
class Table:
    """Rows of cells under a header; `numeric` columns align right in the terminal."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class FrameworkReport:
    """Another enabled framework's coverage and loop plan; its stories' figures and hints are the report's own."""

    framework: Framework
    coverage: Coverage  # of the bank as this framework sees it (Bank.in_framework)
    loop_plan: LoopPlan

    def summary(self) -> tuple[str, ...]:
        """Its coverage and loop plan in a few lines, worded as the report's summary."""
        return (
            describe_coverage(self.coverage),
            f"Towards {self.coverage.target} stories per principle: {self.coverage.progress} of {self.coverage.progress_goal}",
            describe_loop_plan(self.loop_plan),
        )

    def matrix(self) -> Table:
        return matrix_table(self.coverage)

    def loop_table(self) -> Table:
        return loop_plan_table(self.loop_plan)


@dataclass(frozen=True)
class Report:
    """Everything the coach says about a bank, seen through one framework, and the other frameworks' coverage."""

    analyses: tuple[StoryAnalysis, ...]
    coverage: Coverage
    loop_plan: LoopPlan
    settings: Settings
    framework: Framework | None = None  # the framework `coverage` and `loop_plan` are of (the bank's)
    other_frameworks: tuple[FrameworkReport, ...] = ()  # every other enabled framework, in the site's order

    @property
    def hints(self) -> tuple[tuple[Story, str], ...]:
        """Every hint, with its story, in the bank's order."""
        return tuple((a.story, hint) for a in self.analyses for hint in a.hints)

    def summary(self) -> tuple[str, ...]:
        """The bank in a few lines, worded as on every page."""
        seconds = sum(a.seconds for a in self.analyses)
        total = format_speaking_time(seconds) if self.analyses else "nothing"
        private = sum(1 for a in self.analyses if a.story.private)
        stories = plural(len(self.analyses), "story", "stories") + (f" ({private} private)" if private else "")
        return (
            f"{stories}, {total} to say them all, at {self.settings['words_per_minute']} words per minute",
            describe_coverage(self.coverage),
            f"Towards {self.coverage.target} stories per principle: {self.coverage.progress} of {self.coverage.progress_goal}",
            describe_loop_plan(self.loop_plan),
            f"Hints: {len(self.hints)}",
        )

    def story_table(self) -> Table:
        """One row per story: words per part, speaking time, the Action's share, the Result's figures, I/we, hints."""
        rows = tuple(
            (
                a.story,
                *(str(count) for count in a.words.values()),
                str(a.total_words),
                format_speaking_time(a.seconds).removeprefix("about "),
                f"{a.share('action'):.0%}",
                ", ".join(a.result_quantities) or "none",
                f"{a.first_person} / {a.collective}",
                str(len(a.hints)),
            )
            for a in self.analyses
        )
        header = ("Story", "S", "T", "A", "R", "Words", "Time", "Action", "Result's figures", "I / we", "Hints")
        return Table(header, rows, numeric=frozenset({1, 2, 3, 4, 5, 7, 10}))

    def matrix(self) -> Table:
        return matrix_table(self.coverage)

    def loop_table(self) -> Table:
        return loop_plan_table(self.loop_plan)

    def settings_table(self) -> Table:
        """Every setting in effect, with what it does and where its value came from."""
        rows = []
        for spec in setting_specs():
            value = self.settings[spec.name]
            shown = str(value).lower() if isinstance(value, bool) else str(value)
            if spec.unit == "seconds":
                shown += f" ({format_duration(value)})"
            elif spec.unit == "share":
                shown += f" ({value:.0%})"
            rows.append((f"{spec.group}.{spec.name}", shown, spec.meaning, self.settings.sources[spec.name]))
        return Table(("Setting", "Value", "What it does", "Set by"), tuple(rows))


def matrix_table(coverage: Coverage) -> Table:
    """Principles as rows, stories as columns: primary or also fits; then the count and the standing."""
    rows = tuple(
        (
            row.principle,
            *(row.mark(story) for story in coverage.stories),
            str(row.stories),
            target_status(row, target=coverage.target),
        )
        for row in coverage.rows
    )
    header = ("Principle", *coverage.stories, "Stories", f"Towards {coverage.target}")
    return Table(header, rows, numeric=frozenset({len(header) - 2}))


def loop_plan_table(plan: LoopPlan) -> Table:
    """The loop plan: each principle with the one story to tell for it, or none."""
    chosen = dict((principle.id, story) for principle, story in plan.assignment)
    rows = tuple((principle, chosen.get(principle.id) or "no distinct story left") for principle in plan.principles)
    return Table(("Principle", "Story to tell"), rows)


def build_report(bank: Bank, settings: Settings, *, loop: Sequence[str] | None = None) -> Report:
    """Analyse every story, the coverage and the loop plan (for `loop`'s principle ids, or all) of the bank's framework.

    Every other enabled framework gets its coverage and a loop plan of all its principles, from the same bank:
    stories are analysed once, whatever the frameworks they answer.
    """
    target = settings["stories_per_principle"]
    others = []
    for framework in bank.frameworks:
        if framework.id != bank.framework.id:
            seen = bank.in_framework(framework.id)
            others.append(FrameworkReport(framework, coverage=build_coverage(seen, target=target), loop_plan=plan_loop(seen)))
    return Report(
        analyses=analyze_bank(bank, settings),
        coverage=build_coverage(bank, target=target),
        loop_plan=plan_loop(bank, loop),
        settings=settings,
        framework=bank.framework,
        other_frameworks=tuple(others),
    )


def describe_loop_plan(plan: LoopPlan) -> str:
    """'Loop plan: 13 of 16 principles covered without repeating a story'."""
    return f"Loop plan: {plan.covered} of {plan.total} principles covered without repeating a story"

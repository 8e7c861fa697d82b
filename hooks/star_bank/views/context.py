"""What every view reads: the bank as this build shows it, its analyses and coverage, settings, stand-ins."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..model.analysis import StoryAnalysis, format_speaking_time
from ..model.coverage import Coverage, CoverageRow, build_coverage
from ..model.records import Bank, Framework, Story
from ..model.settings import Settings
from .safe_html import Fragments

PUBLIC = "public"  # `make build`, GitHub Pages: what a recruiter sees
WORKBENCH = "workbench"  # `make serve`: everything, private stories and notes included


@dataclass(frozen=True)
class ViewContext:
    """One build's view of the bank; public builds never see a private story."""

    bank: Bank
    analyses: Mapping[str, StoryAnalysis]  # by story id
    coverage: Coverage
    settings: Settings  # in effect: the workbench's publish everything (model/settings.for_workbench)
    fragments: Fragments
    view: str  # PUBLIC or WORKBENCH

    @property
    def workbench(self) -> bool:
        return self.view == WORKBENCH

    @property
    def show_follow_ups(self) -> bool:
        return bool(self.settings["follow_ups"])

    @property
    def framework(self) -> Framework:
        return self.bank.framework

    def in_framework(self, framework_id: str) -> ViewContext:
        """This view as one framework sees the bank: its principles, the stories that answer it, its coverage."""
        bank = self.bank.in_framework(framework_id)
        if bank is self.bank:
            return self
        return replace(self, bank=bank, coverage=build_coverage(bank, target=self.coverage.target))

    def listed_rows(self) -> tuple[CoverageRow, ...]:
        """The principles navigation, home, quick reference and Whole bank list: those some story covers, or all.

        Every principle has its page all the same, so that a link already sent keeps working.
        """
        if self.settings["principles_without_stories"]:
            return self.coverage.rows
        return tuple(row for row in self.coverage.rows if row.covered)

    def is_listed(self, principle_id: str) -> bool:
        return any(row.principle.id == principle_id for row in self.listed_rows())

    @staticmethod
    def own_stories(row: CoverageRow) -> tuple[Story, ...]:
        """The stories a principle shows as its own: those primary to it, or, when it has none, those that also fit it."""
        return row.primary or row.also_fits

    def speaking_time(self, story: Story) -> str:
        """'about 2 min 40 s', from the coach's analysis."""
        return format_speaking_time(self.analyses[story.id].seconds)


@dataclass(frozen=True)
class GeneratedPage:
    """A page the hooks add: where it lives, its navigation title, its Markdown and its metadata."""

    path: str  # docs-relative, e.g. principles/ownership.md
    title: str  # escaped text (the theme prints it as HTML)
    markdown: str
    meta: Mapping[str, object]  # what front matter would hold: description, search, social card text
    in_nav: bool = True  # False: built so that links already sent keep working, but not listed anywhere
    files: Mapping[str, bytes] = field(default_factory=dict)  # what the page fetches, written beside it (site-relative paths)

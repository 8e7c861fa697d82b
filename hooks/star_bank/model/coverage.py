"""Coverage, defined once: a principle "has a story" when a story is primary to it, "is covered" when any fits it.

Home, the quick reference, the Coach page and `make coach` all word coverage from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..wording import plural
from .records import Bank, Principle, Story

PRIMARY_MARK = "●"
ALSO_FITS_MARK = "○"


@dataclass(frozen=True)
class CoverageRow:
    """One principle: its stories, primary and also fits."""

    principle: Principle
    primary: tuple[Story, ...]
    also_fits: tuple[Story, ...]

    @property
    def has_story(self) -> bool:
        """Some story has this as its primary principle."""
        return bool(self.primary)

    @property
    def covered(self) -> bool:
        """Some story answers it, as its primary principle or one it also fits."""
        return bool(self.primary or self.also_fits)

    @property
    def stories(self) -> int:
        return len(self.primary) + len(self.also_fits)

    def mark(self, story: Story) -> str:
        """The matrix's mark for `story` in this row: primary, also fits, or ''."""
        if story.primary == self.principle.id:
            return PRIMARY_MARK
        return ALSO_FITS_MARK if self.principle.id in story.also_fits else ""


@dataclass(frozen=True)
class Coverage:
    """Which stories answer which principle, and how far the bank is from its target per principle."""

    stories: tuple[Story, ...]
    rows: tuple[CoverageRow, ...]
    target: int  # stories wanted per principle

    @property
    def with_story(self) -> int:
        """Principles that have a story (a story primary to them)."""
        return sum(1 for row in self.rows if row.has_story)

    @property
    def covered(self) -> int:
        """Principles covered (by a story primary to them or one that also fits)."""
        return sum(1 for row in self.rows if row.covered)

    @property
    def progress(self) -> int:
        """Stories counted towards the target: each principle counts up to `target`."""
        return sum(min(row.stories, self.target) for row in self.rows)

    @property
    def progress_goal(self) -> int:
        return self.target * len(self.rows)

    def row(self, principle_id: str) -> CoverageRow:
        return next(row for row in self.rows if row.principle.id == principle_id)


def build_coverage(bank: Bank, *, target: int) -> Coverage:
    """Every principle's stories, primary and also fits, in the bank's order."""
    rows = tuple(
        CoverageRow(principle=p, primary=bank.primary_stories(p.id), also_fits=bank.also_fits_stories(p.id))
        for p in bank.principles
    )
    return Coverage(stories=bank.stories, rows=rows, target=target)


def describe_row(row: CoverageRow) -> str:
    """A principle's stories in words, the same on every page: '2 stories', 'no story yet · 1 also fits'."""
    words = plural(len(row.primary), "story", "stories") if row.primary else "no story yet"
    if row.also_fits:
        words += f" · {len(row.also_fits)} also {'fits' if len(row.also_fits) == 1 else 'fit'}"
    return words


def describe_coverage(coverage: Coverage) -> str:
    """The bank's coverage in one line, the same on every page."""
    total = len(coverage.rows)
    return (
        f"{coverage.with_story} of {total} principles have a story; "
        f"{coverage.covered} of {total} are covered, counting stories that also fit"
    )


def target_status(row: CoverageRow, *, target: int) -> str:
    """A row's progress towards the target: 'not covered', '1 more to go' or 'target met'."""
    if not row.covered:
        return "not covered"
    missing = target - row.stories
    return f"{missing} more to go" if missing > 0 else "target met"

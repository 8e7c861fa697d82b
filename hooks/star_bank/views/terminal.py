"""`make coach`: the coach's report as plain-text tables (the Coach page renders the same report)."""

from __future__ import annotations

from ..model.coverage import ALSO_FITS_MARK, PRIMARY_MARK
from ..model.records import Principle, Story
from ..model.report import Cell, Report, Table

ABSENT = "·"  # a matrix cell with no story: easier to scan than a blank


def render_report(report: Report) -> str:
    """The whole report: summary, stories, hints, coverage matrix, loop plan, other frameworks, settings."""
    numbers = {a.story.id: index for index, a in enumerate(report.analyses, start=1)}
    hints = [f"  {story.id}: {hint}" for story, hint in report.hints] or ["  None: every story is within the thresholds."]
    framework = report.framework
    title = "STAR coach" if framework is None or framework.is_default else f"STAR coach: {framework.name} ({framework.id})"
    sections = [
        title + "\n" + "\n".join(f"  {line}" for line in report.summary()),
        "Stories\n" + render_table(report.story_table(), numbers=numbers, numbered=True),
        "Hints\n" + "\n".join(hints),
        f"Coverage matrix ({PRIMARY_MARK} primary principle, {ALSO_FITS_MARK} also fits; columns are the stories' numbers)\n"
        + render_table(report.matrix(), numbers=numbers, empty=ABSENT),
        "Loop plan: one distinct story per principle\n" + render_table(report.loop_table(), numbers=numbers),
        *([render_other_frameworks(report)] if report.other_frameworks else []),
        "Settings (data/site.yml)\n" + render_table(report.settings_table(), numbers=numbers),
    ]
    return "\n\n".join(sections) + "\n"


def render_other_frameworks(report: Report) -> str:
    """One line per other enabled framework: its id, name and loop plan, and how to see its whole report."""
    lines = [f"  {other.framework.id} ({other.framework.name}): {other.summary()[-1]}" for other in report.other_frameworks]
    return "Other frameworks (make coach FRAMEWORK=<id> reports on one)\n" + "\n".join(lines)


def render_table(table: Table, *, numbers: dict[str, int], numbered: bool = False, empty: str = "") -> str:
    """Plain-text columns, padded to the widest cell, with a rule under the header."""

    def text(cell: Cell, *, in_header: bool) -> str:
        if isinstance(cell, Story):
            if in_header:
                return str(numbers[cell.id])
            return cell.id + (" (private)" if cell.private else "")
        if isinstance(cell, Principle):
            return cell.title
        return cell or empty

    header = tuple(text(cell, in_header=True) for cell in table.header)
    rows = [tuple(text(cell, in_header=False) for cell in row) for row in table.rows]
    numeric = set(table.numeric)
    if numbered:
        header = ("#", *header)
        rows = [(str(index), *row) for index, row in enumerate(rows, start=1)]
        numeric = {0} | {i + 1 for i in numeric}
    # Story columns of the matrix hold one mark: centre them under their number.
    marks = {i for i, cell in enumerate(table.header) if isinstance(cell, Story)}
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]

    def line(cells: tuple[str, ...]) -> str:
        padded = (
            cell.center(width) if index in marks else cell.rjust(width) if index in numeric else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths))
        )
        return "  ".join(padded).rstrip()

    return "\n".join([line(header), "  ".join("-" * width for width in widths), *(line(row) for row in rows)])

"""`make coach`: the Coach page's analysis and coverage matrix as tables in the terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import mkdocs.utils

import star_coach
import star_data
from star_coach import CoachSettings, Coverage, StoryAnalysis, count_hints, coverage_status, format_speaking_time

ROOT = Path(__file__).resolve().parent.parent
ABSENT = "·"  # a matrix cell with no story: easier to scan than a blank


def render_report(analyses: tuple[StoryAnalysis, ...], coverage: Coverage, settings: CoachSettings) -> str:
    """The whole terminal report: summary, story table, hints, coverage matrix."""
    return "\n\n".join(
        [
            render_summary(analyses, coverage, settings),
            render_story_table(analyses),
            render_hints(analyses),
            render_matrix(coverage),
        ]
    ) + "\n"


def render_summary(analyses: tuple[StoryAnalysis, ...], coverage: Coverage, settings: CoachSettings) -> str:
    """The bank in four lines: stories and time, principles covered, progress to the target, hints."""
    total = format_speaking_time(sum(analysis.seconds for analysis in analyses))
    return "\n".join(
        [
            f"STAR coach: {len(analyses)} stories, {total} to say them all, at {settings.words_per_minute} words per minute",
            f"Principles covered: {coverage.covered} of {len(coverage.rows)}"
            f" ({coverage.with_primary} as a primary principle, {coverage.covered - coverage.with_primary} through also fits)",
            f"Towards {coverage.target} stories per principle: {coverage.progress} of {coverage.progress_goal}",
            f"Hints: {count_hints(analyses)}",
        ]
    )


def render_story_table(analyses: tuple[StoryAnalysis, ...]) -> str:
    """One row per story: words per part and in all, speaking time, Action share, figures in the Result, I/we."""
    header = ("#", "Story", "S", "T", "A", "R", "Words", "Time", "Action", "Result figures", "I/we")
    rows = [
        (
            str(number),
            analysis.story.id,
            *(str(count) for count in analysis.words.values()),
            str(analysis.total_words),
            format_speaking_time(analysis.seconds).removeprefix("about "),
            f"{analysis.share('action'):.0%}",
            ", ".join(analysis.result_quantities) or "NONE",
            f"{analysis.first_person}/{analysis.collective}",
        )
        for number, analysis in enumerate(analyses, start=1)
    ]
    return render_table(header, rows, right_aligned={0, 2, 3, 4, 5, 6, 8})


def render_hints(analyses: tuple[StoryAnalysis, ...]) -> str:
    """Every hint, one a line, under its story's id."""
    lines = ["Hints"]
    for analysis in analyses:
        for hint in analysis.hints:
            lines.append(f"  {analysis.story.id}: {hint}")
    if len(lines) == 1:
        lines.append("  None: every story is within the thresholds.")
    return "\n".join(lines)


def render_matrix(coverage: Coverage) -> str:
    """Principles as rows, stories as numbered columns (numbers as in the story table)."""
    header = ("Principle", *(str(number) for number in range(1, len(coverage.stories) + 1)), "Stories", f"Towards {coverage.target}")
    rows = []
    for row in coverage.rows:
        status = coverage_status(row, target=coverage.target)
        # Capitals make a gap stand out, as bold does on the Coach page.
        rows.append((row.principle.title, *(mark or ABSENT for mark in row.marks), str(row.stories), status if row.stories else status.upper()))
    legend = f"Coverage matrix ({star_coach.PRIMARY_MARK} primary principle, {star_coach.ALSO_FITS_MARK} also fits)"
    return legend + "\n" + render_table(header, rows, right_aligned=set(range(1, len(coverage.stories) + 2)))


def render_table(header: tuple[str, ...], rows: list[tuple[str, ...]], *, right_aligned: set[int]) -> str:
    """Plain-text columns, padded to the widest cell, with a rule under the header."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]

    def line(cells: tuple[str, ...]) -> str:
        padded = (
            cell.rjust(width) if index in right_aligned else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths))
        )
        return "  ".join(padded).rstrip()

    return "\n".join([line(header), "  ".join("-" * width for width in widths), *(line(row) for row in rows)])


def main(argv: list[str] | None = None) -> int:
    """Print the report; exit 1 on bad data or settings, or on any hint when strict_hints is on."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml", help="the site's mkdocs.yml")
    config_file = parser.parse_args(argv).config_file.resolve()
    root = config_file.parent
    with config_file.open("rb") as stream:
        config = mkdocs.utils.yaml_load(stream)  # MkDocs' own loader: it understands !ENV
    settings, problems = star_coach.load_settings((config.get("extra") or {}).get("star_coach"))
    if problems:
        print("The STAR coach settings have problems:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    try:
        bank = star_data.load_bank(root / "data", display_root=root)
    except star_data.DataLoadError as exc:
        print("The story data has problems:", *exc.errors, sep="\n  ", file=sys.stderr)
        return 1
    analyses = star_coach.analyze_bank(bank, settings)
    coverage = star_coach.build_coverage(bank, target=settings.stories_per_principle)
    sys.stdout.write(render_report(analyses, coverage, settings))
    return 1 if settings.strict_hints and count_hints(analyses) else 0


if __name__ == "__main__":
    sys.exit(main())

"""The Coach page: the coach's report as HTML tables (`make coach` prints the same report as text)."""

from __future__ import annotations

import html

from ..model.records import DEFAULT_FRAMEWORK_ID, Principle, Story
from ..model.report import Cell, FrameworkReport, Report, Table
from .context import GeneratedPage, ViewContext
from .markdown import principle_path, relative_url, story_url

COACH_PATH = "coach.md"
META = {
    "description": "How each STAR story reads aloud, where the bank is thin, and what to fix first.",
    "search": {"exclude": True},
    "hide": ["toc"],
}
STORY_COLUMN = ' class="star-story-column"'
STORY_MARK = ' class="star-story-mark"'  # a cell of a story's column: ● or ○, centred under the upright id


def render_coach_page(ctx: ViewContext, report: Report) -> GeneratedPage:
    """The whole Coach page: summary, stories, hints, coverage matrix, loop plan, each other framework's, settings."""
    fr = ctx.fragments
    hints = "\n".join(f"- {fr.token(_cell(ctx, story))}: {fr.token(html.escape(text))}" for story, text in report.hints)
    body = "\n".join(
        [
            "# Coach { #top }\n",
            "How each story reads aloud and where the bank is thin, worked out from `data/` at every build. "
            "The principle pages show only each story's speaking time; everything else is here. "
            "`make coach` prints the same report in a terminal.\n",
            "## Summary { #summary }\n",
            "\n".join(f"- {fr.token(html.escape(line))}" for line in report.summary()) + "\n",
            "## Stories { #stories }\n",
            render_table(ctx, report.story_table(), caption="Words per part (S, T, A, R), speaking time and figures of each story"),
            "## Hints { #hints }\n",
            (hints or "None: every story is within the thresholds.") + "\n",
            "## Coverage matrix { #coverage }\n",
            "● the story's primary principle · ○ the story also fits it. Each column is a story: its id, and its question when you point at it.\n",
            render_table(ctx, report.matrix(), caption="Which story answers which principle"),
            "## Loop plan { #loop-plan }\n",
            "A distinct story for each principle, so that no story is told twice in one interview loop "
            "(`make coach LOOP=\"ownership,dive-deep\"` plans a loop of your choice).\n",
            render_table(ctx, report.loop_table(), caption="One story per principle, none repeated"),
            *(render_framework_sections(ctx, other) for other in report.other_frameworks),
            "## Settings { #settings }\n",
            "Set in `data/site.yml` under `publish:`, `coach:` and `theme:`; some can be overridden by environment variables.\n",
            render_table(ctx, report.settings_table(), caption="The settings in effect"),
        ]
    )
    return GeneratedPage(COACH_PATH, "Coach", body, META)


def render_framework_sections(ctx: ViewContext, other: FrameworkReport) -> str:
    """Another framework's coverage matrix and loop plan, linking to its own pages, under anchors of its own."""
    fr = ctx.fragments
    fid, name = other.framework.id, fr.label(other.framework.name)
    plain_name = fr.safe.plain(other.framework.name)
    return "\n".join(
        [
            f"## Coverage matrix: {name} {{ #coverage-{fid} }}\n",
            "\n".join(f"- {fr.token(html.escape(line))}" for line in other.summary()) + "\n",
            render_table(ctx, other.matrix(), caption=f"Which story answers which principle of {plain_name}", framework_id=fid),
            f"## Loop plan: {name} {{ #loop-plan-{fid} }}\n",
            f"`make coach FRAMEWORK={fid} LOOP=\"...\"` plans a loop of your choice in this framework.\n",
            render_table(ctx, other.loop_table(), caption=f"One story per principle of {plain_name}, none repeated", framework_id=fid),
        ]
    )


def render_table(ctx: ViewContext, table: Table, *, caption: str, framework_id: str = DEFAULT_FRAMEWORK_ID) -> str:
    """An HTML table in a box that scrolls sideways on a phone (focusable, so keys scroll it too).

    The table has a class, so Material's script leaves it unwrapped (it wraps every `table:not([class])`
    in a scrolling box of its own, wider than ours); a story's column is marked for its upright heading.
    """
    head = "".join(
        f'<th scope="col"{STORY_COLUMN if isinstance(name, Story) else _align(i, table)}>{_cell(ctx, name, framework_id)}</th>'
        for i, name in enumerate(table.header)
    )
    story_columns = {i for i, name in enumerate(table.header) if isinstance(name, Story)}
    rows = "".join(
        "<tr>"
        + "".join(
            (
                f'<th scope="row">{_cell(ctx, cell, framework_id)}</th>'
                if i == 0
                else f"<td{STORY_MARK if i in story_columns else _align(i, table)}>{_cell(ctx, cell, framework_id)}</td>"
            )
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    markup = (
        f'<div class="star-scroll" tabindex="0" role="region" aria-label="{html.escape(caption)}">'
        f'<table class="star-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )
    return ctx.fragments.token(markup) + "\n"


def _cell(ctx: ViewContext, cell: Cell, framework_id: str = DEFAULT_FRAMEWORK_ID) -> str:
    """A table's cell; a story or a principle links to its page in `framework_id` (the story's principles must be that framework's)."""
    safe = ctx.fragments.safe
    if isinstance(cell, Story):
        href = story_url(cell, from_page=COACH_PATH, framework_id=framework_id)
        private = " (private)" if cell.private else ""
        question = html.escape(safe.plain(cell.question))
        # The id is the short label; the question is the link's title on hover and focus, and read out with it.
        return (
            f'<a href="{href}" title="{question}" class="star-story-link">{html.escape(cell.id)}'
            f'<span class="star-visually-hidden">: {question}</span></a>{private}'
        )
    if isinstance(cell, Principle):
        return f'<a href="{relative_url(principle_path(cell.id, framework_id), from_page=COACH_PATH)}">{safe.label(cell.title)}</a>'
    return html.escape(cell)


def _align(index: int, table: Table) -> str:
    return ' class="star-number"' if index in table.numeric else ""

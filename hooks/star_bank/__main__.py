"""Commands for the candidate's terminal: `python -m star_bank coach` (make coach), `... story` (make story), `... check` (make check)."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

from .build import DATA_DIR
from .check import check_project
from .model.load import DataFolderProblems, load_data
from .model.loop_plan import parse_loop
from .model.problems import clip, escape_controls
from .model.records import Bank
from .model.report import build_report
from .model.settings import render_settings_reference
from .new_story import NewStoryProblem, write_new_story
from .views.terminal import render_report


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit 1 on bad data, bad arguments, or any hint when coach.strict_hints is on."""
    parser = argparse.ArgumentParser(prog="python -m star_bank", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder, holding data/ (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    coach = commands.add_parser("coach", help="the coach's report: figures, hints, coverage, loop plan")
    coach.add_argument("--loop", default="", help="plan for these principle ids only, comma-separated")
    coach.add_argument("--framework", default="", help="report on this framework (an id of data/site.yml's frameworks:); empty: the default")
    story = commands.add_parser("story", help="start a new story file in data/stories/")
    story.add_argument("id", help="the story's id, e.g. feature-store-migration")
    story.add_argument("principle", help="its primary principle's id, e.g. dive-deep")
    commands.add_parser("settings", help="every setting of data/site.yml as a Markdown table (the README's)")
    commands.add_parser("check", help="every problem the strict build would stop on, without building")
    args = parser.parse_args(argv)
    if args.command == "settings":
        sys.stdout.write(render_settings_reference())
        return 0
    root = args.root.resolve()
    if args.command == "check":
        result = check_project(root, env=os.environ)
        print(*result.lines, result.summary, sep="\n")
        return 1 if result.failed else 0
    try:
        # Drafts are the candidate's to see: the coach lists them among its hints, the public build refuses them.
        data = load_data(root / DATA_DIR, display_root=root, env=os.environ, allow_drafts=True)
    except DataFolderProblems as exc:
        print("The data has problems:", *exc.lines, sep="\n  ", file=sys.stderr)
        return 1
    if args.command == "story":
        try:
            path = write_new_story(root / DATA_DIR, story_id=args.id, principle_id=args.principle, bank=data.bank)
        except NewStoryProblem as exc:
            print(exc, file=sys.stderr)
            return 1
        print(f"Wrote {path.relative_to(root)}: fill in every field, then `make serve` shows it.")
        return 0
    bank = data.bank
    if args.framework.strip():
        bank, problem = pick_framework(bank, args.framework.strip())
        if problem:
            print(problem, file=sys.stderr)
            return 2
    loop = None
    if args.loop.strip():
        loop, problems = parse_loop(args.loop, bank)
        if problems:
            print(*problems, sep="\n", file=sys.stderr)
            return 1
    report = build_report(bank, data.settings, loop=loop)
    sys.stdout.write(render_report(report))
    return 1 if data.settings["strict_hints"] and report.hints else 0


def pick_framework(bank: Bank, framework_id: str) -> tuple[Bank, str]:
    """The bank as framework `framework_id` sees it, or the bank and a one-line message naming the valid ids."""
    known = [framework.id for framework in bank.frameworks]
    if framework_id in known:
        return bank.in_framework(framework_id), ""
    close = difflib.get_close_matches(framework_id, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else "."
    shown = escape_controls(clip(framework_id, 60))
    return bank, f"FRAMEWORK='{shown}' is not a framework of this site{hint} Framework ids: {', '.join(known)} (data/site.yml's frameworks: enables more)"


if __name__ == "__main__":
    sys.exit(main())

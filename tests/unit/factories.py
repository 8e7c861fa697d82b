"""Hand-made banks, settings and view contexts for the unit tests: every figure in them is known."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE_BANK
from star_bank.model.analysis import analyze_bank
from star_bank.model.coverage import build_coverage
from star_bank.model.load import DataFolderProblems, LoadedData, load_data
from star_bank.model.records import Bank, Framework, Principle, Site, Story
from star_bank.model.settings import Settings, default_settings, for_workbench
from star_bank.views.context import PUBLIC, WORKBENCH, ViewContext
from star_bank.views.safe_html import Fragments, SafeHtml

SITE = Site(title="Test bank", intro="A bank for tests.")
# How the template words coverage and gaps (model/coverage.py, the workbench's notes): never on a public page.
GAP_WORDING = re.compile(
    r"no story|not covered|more to go|target met|\bof \d+ principles|\bha(?:s|ve) a story|are covered|no distinct story"
    r"|of their own|without (?:a )?stor|make story|coverage|\bno \w+ yet\b",
    re.IGNORECASE,
)


def words(count: int, word: str = "word") -> str:
    """`count` spoken words."""
    return " ".join([word] * count)


def make_principle(principle_id: str, title: str) -> Principle:
    return Principle(id=principle_id, title=title, summary=f"{title} summary.", angle=f"{title} angle.")


def make_story(story_id: str, *principles: str, **fields: object) -> Story:
    """A story with short known text; `fields` replace any of it (headline_written defaults to True)."""
    values: dict[str, object] = {
        "id": story_id,
        "principles": principles or ("dive-deep",),
        "question": f"Question of {story_id}?",
        "situation": "The situation.",
        "task": "The task.",
        "action": "- first step\n- second step",
        "result": "It worked.",
        "headline": f"Headline of {story_id}: 3x faster",
        "headline_written": True,
        "source": f"data/stories/{story_id}.yml",
    }
    values.update(fields)
    return Story(**values)  # type: ignore[arg-type]


PRINCIPLES = (
    make_principle("dive-deep", "Dive Deep"),
    make_principle("frugality", "Frugality"),
    make_principle("think-big", "Think Big"),
)
# cache-bug: Dive Deep, also fits Frugality. Think Big has no story.
BANK = Bank(site=SITE, framework=Framework(PRINCIPLES), stories=(make_story("cache-bug", "dive-deep", "frugality", tags=("caching",)),))
# Three stories over three principles: Dive Deep two of its own, Frugality one and one also fits, Think Big none.
MATRIX_BANK = Bank(
    site=SITE,
    framework=Framework(PRINCIPLES),
    stories=(make_story("cache-bug", "dive-deep", "frugality"), make_story("gpu-cut", "frugality"), make_story("log-dig", "dive-deep")),
)


def make_settings(**values: object) -> Settings:
    """The defaults with `values` changed, as if set in data/site.yml."""
    defaults = default_settings()
    unknown = set(values) - set(defaults.values)
    assert not unknown, f"not settings: {unknown}"
    return Settings({**defaults.values, **values}, {**defaults.sources, **{name: "data/site.yml" for name in values}})  # type: ignore[dict-item]


def make_context(bank: Bank = BANK, *, settings: Settings | None = None, view: str = PUBLIC) -> ViewContext:
    """What a build hands its views: the bank's analyses and coverage, fresh stand-ins; the workbench's settings."""
    settings = settings or default_settings()
    if view == WORKBENCH:  # as build.start_build does: the workbench publishes everything
        settings = for_workbench(settings)
    return ViewContext(
        bank=bank,
        analyses={analysis.story.id: analysis for analysis in analyze_bank(bank, settings)},
        coverage=build_coverage(bank, target=settings["stories_per_principle"]),
        settings=settings,
        fragments=Fragments(SafeHtml()),
        view=view,
    )


def copy_bank(root: Path, bank: Path = SAMPLE_BANK) -> Path:
    """A project folder holding only a copy of `bank` as its data/; returns data/."""
    data = root / "data"
    shutil.copytree(bank, data)
    return data


def load_project(data: Path, env: dict[str, str] | None = None) -> LoadedData:
    """Load a project's data/, naming files from the project folder (data/stories/x.yml)."""
    return load_data(data, display_root=data.parent, env=env or {})


def load_problems(data: Path, env: dict[str, str] | None = None) -> list[str]:
    """Every line the build would print for a broken data/."""
    with pytest.raises(DataFolderProblems) as caught:
        load_project(data, env)
    return caught.value.lines


def load_sample(env: dict[str, str] | None = None) -> LoadedData:
    """The sample bank (tests/banks/sample) as it stands, never data/."""
    return load_data(SAMPLE_BANK, display_root=SAMPLE_BANK.parent, env=env or {})


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace the one line that reads `old`; return its 1-based number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = lines.index(old)
    lines[index] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1

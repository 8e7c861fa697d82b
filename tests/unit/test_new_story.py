"""`make story` (python -m star_bank story): a new story file that loads, never over another, only with good ids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from star_bank.__main__ import main
from star_bank.build import read_environment, start_build
from star_bank.check import check_project
from star_bank.model.drafts import DRAFT_PROBLEM, PLACEHOLDERS
from star_bank.model.records import STAR_PARTS
from star_bank.new_story import NewStoryProblem, write_new_story
from unit.factories import copy_bank, load_problems, load_project

PRINCIPLE_IDS = [
    "customer-obsession",
    "ownership",
    "invent-and-simplify",
    "are-right-a-lot",
    "learn-and-be-curious",
    "hire-and-develop-the-best",
    "insist-on-the-highest-standards",
    "think-big",
    "bias-for-action",
    "frugality",
    "earn-trust",
    "dive-deep",
    "have-backbone-disagree-and-commit",
    "deliver-results",
    "strive-to-be-earths-best-employer",
    "success-and-scale-bring-broad-responsibility",
]


def start(data: Path, story_id: str, principle_id: str = "dive-deep") -> Path:
    return write_new_story(data, story_id=story_id, principle_id=principle_id, bank=load_project(data).bank)


def test_a_new_story_loads_back_private_with_its_principle_and_every_field(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    path = start(data, "feature-store-migration")
    assert path == data / "stories" / "feature-store-migration.yml"
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../hooks/star_bank/schemas/story.schema.json\n")
    story = load_project(data).bank.story("feature-store-migration")
    assert story.principles == ("dive-deep",)
    assert story.private is True, "a draft stays off the published site"
    assert story.source == "data/stories/feature-store-migration.yml"
    assert all(story.part(part) for part in ("situation", "task", "action", "result"))
    assert story.question == "Tell me about a time you ..."
    assert story.follow_ups == ("What would you do differently?",)
    assert not story.headline_written  # left for its owner to write


def test_a_new_bank_gets_its_stories_folder(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    for path in (data / "stories").iterdir():
        path.unlink()
    (data / "stories").rmdir()
    start(data, "first-story", "ownership")
    assert [s.id for s in load_project(data).bank.stories] == ["first-story"]


@pytest.mark.parametrize("existing", ["taken.yml", "taken.yaml"])
def test_an_existing_story_is_never_overwritten(tmp_path: Path, existing: str) -> None:
    data = copy_bank(tmp_path)
    bank = load_project(data).bank
    (data / "stories" / existing).write_text("# mine\n", encoding="utf-8")  # a draft not yet valid
    with pytest.raises(NewStoryProblem) as caught:
        write_new_story(data, story_id="taken", principle_id="dive-deep", bank=bank)
    assert str(caught.value) == "taken.yml already exists; edit it, or choose another ID"
    assert (data / "stories" / existing).read_text(encoding="utf-8") == "# mine\n"


def test_a_seed_story_is_never_overwritten(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    before = (data / "stories" / "shared-ml-platform.yml").read_bytes()
    with pytest.raises(NewStoryProblem, match="^shared-ml-platform.yml already exists"):
        start(data, "shared-ml-platform")
    assert (data / "stories" / "shared-ml-platform.yml").read_bytes() == before


def test_an_unknown_principle_is_refused_listing_every_id(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    with pytest.raises(NewStoryProblem) as caught:
        start(data, "new-one", "dive-deeep")
    assert str(caught.value) == "PRINCIPLE='dive-deeep': unknown principle (did you mean 'dive-deep'?); one of:\n  " + "\n  ".join(PRINCIPLE_IDS)
    assert not (data / "stories" / "new-one.yml").exists()


@pytest.mark.parametrize(
    ("story_id", "message"),
    [
        ("Bad Id", "ID='Bad Id': must be lowercase letters and digits joined by single '-', e.g. 'black-friday-pricing'"),
        ("trailing-", "ID='trailing-': must be lowercase letters and digits joined by single '-', e.g. 'black-friday-pricing'"),
        ("../escape", "ID='../escape': must be lowercase letters and digits joined by single '-', e.g. 'black-friday-pricing'"),
        ("double--dash", "ID='double--dash': must be lowercase letters and digits joined by single '-', e.g. 'black-friday-pricing'"),
        ("", "ID='': must be lowercase letters and digits joined by single '-', e.g. 'black-friday-pricing'"),
        ("summary", "ID='summary': is reserved for the pages' own headings"),
        (
            "cache-result",
            "ID='cache-result': ends like a story's tab anchor or Practice question"
            " (-situation, -task, -action, -result, -question); choose another ending",
        ),
        ("principle-x", "ID='principle-x': starts like the site's own anchors (principle-, practice-); choose another start"),
    ],
)
def test_bad_ids_are_refused(tmp_path: Path, story_id: str, message: str) -> None:
    data = copy_bank(tmp_path)
    before = sorted(p.name for p in (data / "stories").iterdir())
    with pytest.raises(NewStoryProblem) as caught:
        start(data, story_id)
    assert str(caught.value) == message
    assert sorted(p.name for p in (data / "stories").iterdir()) == before
    assert not (tmp_path / "escape.yml").exists()


def test_every_id_the_loader_refuses_as_an_anchor_is_refused_here_first(tmp_path: Path) -> None:
    """What `make story` lets through must load: an id it accepts is never one the build then refuses."""
    data = copy_bank(tmp_path)
    for story_id in ("top", "hints", "x-situation", "practice-run"):
        with pytest.raises(NewStoryProblem):
            start(data, story_id)
    start(data, "results-driven")  # "-result" only at the end is a tab anchor
    assert load_project(data).bank.story("results-driven")


# --- the command ----------------------------------------------------------------------------------------------------


def test_the_story_command_writes_the_file_and_says_what_next(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = copy_bank(tmp_path)
    assert main(["--root", str(tmp_path), "story", "gpu-spend-cut", "frugality"]) == 0
    assert capsys.readouterr().out == "Wrote data/stories/gpu-spend-cut.yml: fill in every field, then `make serve` shows it.\n"
    assert load_project(data).bank.story("gpu-spend-cut").primary == "frugality"


def test_the_story_command_refuses_with_exit_1_and_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_bank(tmp_path)
    assert main(["--root", str(tmp_path), "story", "shared-ml-platform", "think-big"]) == 1
    assert capsys.readouterr().err == "shared-ml-platform.yml already exists; edit it, or choose another ID\n"


def test_the_story_command_will_not_add_to_broken_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = copy_bank(tmp_path)
    (data / "stories" / "empty.yml").write_text("", encoding="utf-8")
    assert main(["--root", str(tmp_path), "story", "new-one", "ownership"]) == 1
    assert capsys.readouterr().err == "The data has problems:\n  data/stories/empty.yml: file is empty\n"
    assert not (data / "stories" / "new-one.yml").exists()
    assert load_problems(data) == ["data/stories/empty.yml: file is empty"]


# --- a draft made public ----------------------------------------------------------------------------------------------


def made_public(data: Path, story_id: str = "feature-store-migration") -> dict[str, int]:
    """A `make story` draft with its `private: true` line deleted and nothing else written; the line of each field."""
    path = start(data, story_id)
    path.write_text(path.read_text(encoding="utf-8").replace("private: true\n", ""), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    return {field: next(i for i, line in enumerate(lines, 1) if line.startswith(f"{field}:")) for field in ("question", *STAR_PARTS)}


def test_the_template_is_written_with_the_placeholders_the_loader_recognises(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    path = start(data, "feature-store-migration")
    story = load_project(data).bank.story(path.stem)
    assert story.draft_fields == ("question", "situation", "task", "action", "result"), "the headline is a comment"
    for field in story.draft_fields:
        assert " ".join(story.part(field).split()) == PLACEHOLDERS[field]


def test_a_draft_made_public_is_refused_by_make_check_at_each_field_and_shown_marked_by_the_workbench(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    lines = made_public(data)
    result = check_project(tmp_path, env={})
    assert result.failed
    assert [line.strip() for line in result.lines if "data/stories/" in line] == [
        f"data/stories/feature-store-migration.yml:{lines[field]}: {field}: {DRAFT_PROBLEM}"
        for field in ("question", "situation", "task", "action", "result")
    ]
    workbench = start_build(tmp_path, environment=read_environment({"STAR_VIEW": "workbench"}, serving=False), env={}, serving=False)
    assert workbench.ctx is not None
    page = workbench.ctx.fragments.expand(workbench.pages["principles/dive-deep.md"].markdown)
    block = re.sub(r"<[^>]+>|[*`]", "", page[page.index('data-story="feature-store-migration"') :])  # Markdown or HTML: its words
    assert "Draft: question, situation, task, action, result still hold make story's text" in block


def test_make_coach_lists_a_draft_first_among_its_hints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = copy_bank(tmp_path)
    start(data, "still-private")
    made_public(data)
    assert main(["--root", str(tmp_path), "coach"]) == 0
    out = capsys.readouterr().out
    draft = "Draft: question, situation, task, action, result still hold `make story`'s text: write your own, or keep `private: true`"
    assert f"  feature-store-migration: {draft}" in out and f"  still-private: {draft}" in out

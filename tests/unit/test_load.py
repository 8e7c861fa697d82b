"""Loading and checking data/: the sample bank, and one bad fixture per failure with its exact messages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import BANKS, OFFICIAL_ORDER, ROOT, SAMPLE_BANK, write_story
from star_bank.build import BuildStopped, SiteBuild, read_environment, start_build, start_serving
from star_bank.model.drafts import PLACEHOLDERS, find_template_text
from star_bank.model.load import DataFolderProblems, load_data
from star_bank.model.problems import Problem
from star_bank.model.records import STAR_PARTS
from star_bank.new_story import TEMPLATE
from unit.factories import copy_bank, load_problems, load_project, load_sample, replace_line

TESTS = Path(__file__).resolve().parent.parent
BAD_DATA = TESTS / "bad_data"
BAD_FOLLOW_UPS = TESTS / "bad_follow_ups"
# What a terminal would act on: no line of the build's may hold one (see problems.escape_controls).
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FORK_BANK = BANKS / "fork"

SEED_STORIES = [
    "autocomplete-customer-outcomes",
    "black-friday-pricing-kill-switch",
    "chatbot-rag-disagree-commit",
    "churn-prediction-deadline",
    "epidemiology-traffic-forecasting",
    "fraud-precision-root-cause",
    "personalization-projection-miss",
    "shared-ml-platform",
    "simple-document-classifier",
    "stale-recommendation-cache",
]

# One fixture per failure, and the exact lines the build prints for it (a whole-file problem has no line).
EXPECTED_ERRORS = {
    "malformed-yaml.yml": ["data/stories/malformed-yaml.yml:7: malformed YAML: mapping values are not allowed in this context"],
    "missing-field.yml": ["data/stories/missing-field.yml:1: result: is required"],
    "empty-field.yml": [
        "data/stories/empty-field.yml:6: task: must not be empty",
        "data/stories/empty-field.yml:8: result: must not be empty",
    ],
    "wrong-type.yml": [
        "data/stories/wrong-type.yml:2: principles: must be a list, not the text 'dive-deep' (put each item on its own line, starting with '- ')",
        "data/stories/wrong-type.yml:3: question: must be text, not the number 42 (put it in quotes)",
        "data/stories/wrong-type.yml:7: result: must be text, not the yes/no value true (put it in quotes)",
        "data/stories/wrong-type.yml:8: tags: must be a list, not the text 'data-quality' (put each item on its own line, starting with '- ')",
    ],
    "unknown-field.yml": [
        "data/stories/unknown-field.yml:1: result: is required",
        "data/stories/unknown-field.yml:8: reslt: unknown field (did you mean 'result'?)",
    ],
    "unknown-principle.yml": [
        "data/stories/unknown-principle.yml:4: principles[1]: unknown principle 'dive-deeep' (did you mean 'dive-deep'?)",
        "data/stories/unknown-principle.yml:5: principles[2]: unknown principle 'frugal' (did you mean 'frugality'?)",
    ],
    "duplicate-id.yml": [
        "data/stories/duplicate-id.yml:1: id: 'black-friday-pricing-kill-switch' does not match the file name;"
        " rename the file to black-friday-pricing-kill-switch.yml or the id to 'duplicate-id'",
        "data/stories/duplicate-id.yml:1: id: 'black-friday-pricing-kill-switch' is already used by"
        " data/stories/black-friday-pricing-kill-switch.yml",
    ],
    "duplicate-key.yml": ["data/stories/duplicate-key.yml:9: result: appears twice (first on line 8); keep only one"],
    # Only the pattern: an id that is no id is not offered as a file name.
    "bad-id.yml": [
        "data/stories/bad-id.yml:1: id: must be lowercase letters and digits joined by single '-', e.g. 'black-friday-pricing'"
    ],
    "not-a-mapping.yml": ["data/stories/not-a-mapping.yml:1: the file must hold a mapping of fields, not a list"],
    "empty-file.yml": ["data/stories/empty-file.yml: file is empty"],
}
EXPECTED_FOLLOW_UP_ERRORS = {
    "follow-ups-not-a-list.yml": [
        "data/stories/follow-ups-not-a-list.yml:9: follow_ups: must be a list, not the text"
        " 'What would you do differently?' (put each item on its own line, starting with '- ')"
    ],
    "follow-ups-bad-items.yml": [
        "data/stories/follow-ups-bad-items.yml:9: follow_ups: lists the same value twice",
        "data/stories/follow-ups-bad-items.yml:11: follow_ups[1]: must be text, not the number 42 (put it in quotes)",
        "data/stories/follow-ups-bad-items.yml:12: follow_ups[2]: must not be empty",
    ],
    "follow-ups-empty.yml": ["data/stories/follow-ups-empty.yml:9: follow_ups: must list at least 1"],
}


def with_bad_stories(tmp_path: Path, *fixtures: Path) -> Path:
    """The sample bank with the named fixtures added as stories; returns its data/."""
    data = copy_bank(tmp_path)
    for fixture in fixtures:
        shutil.copy(fixture, data / "stories" / fixture.name)
    return data


# --- the sample bank ------------------------------------------------------------------------------------------


def test_sample_bank_has_all_16_principles_in_amazons_order() -> None:
    bank = load_sample().bank
    assert (bank.framework.name, bank.framework.angle_label) == ("Amazon's Leadership Principles", "AI/ML angle")
    assert [(p.id, p.title) for p in bank.principles] == OFFICIAL_ORDER
    for principle in bank.principles:
        assert principle.summary.strip() and principle.angle.strip()
        assert principle.summary.rstrip().endswith(".")


def test_sample_bank_has_the_ten_seed_stories_each_with_four_parts(tmp_path: Path) -> None:
    bank = load_project(copy_bank(tmp_path)).bank
    assert [story.id for story in bank.stories] == SEED_STORIES
    for story in bank.stories:
        assert story.source == f"data/stories/{story.id}.yml"
        assert all(story.part(part) for part in STAR_PARTS)
        assert story.private is False and story.follow_ups == ()
        assert not story.headline_written  # the seed writes no headline: taken from the Result, where one fits


def test_sample_site_says_who_the_site_is_for() -> None:
    site = load_sample().bank.site
    assert site.title == "Amazon Leadership Principles for AI/ML Roles"
    assert site.intro.startswith("Amazon's behavioral interviews are entirely structured around their 16 Leadership Principles")
    assert site.credits == "The STAR answers and the quick reference come from **Lilly Tech Systems**."
    assert (site.owner, site.headline, site.links) == ("", "", ())


def test_every_data_file_names_its_schema_for_editors() -> None:
    files = [SAMPLE_BANK / "site.yml", SAMPLE_BANK / "principles.yml", *sorted((SAMPLE_BANK / "stories").glob("*.yml"))]
    for path in files:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema="), path
        # The path is relative to where the file sits in a project's data/, not to tests/banks/.
        in_project = ROOT / "data" / path.relative_to(SAMPLE_BANK)
        schema = (in_project.parent / first_line.split("$schema=", 1)[1]).resolve()
        assert schema.is_file(), f"{path}: {schema} does not exist"
        assert schema.parent == ROOT / "hooks" / "star_bank" / "schemas"


def test_a_bank_without_a_stories_folder_loads_empty(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    shutil.rmtree(data / "stories")
    loaded = load_project(data)
    assert loaded.bank.stories == () and len(loaded.bank.principles) == 16


# --- one bad fixture per failure -------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", sorted(EXPECTED_ERRORS))
def test_each_bad_fixture_gives_its_exact_messages(tmp_path: Path, fixture: str) -> None:
    assert load_problems(with_bad_stories(tmp_path, BAD_DATA / fixture)) == EXPECTED_ERRORS[fixture]


@pytest.mark.parametrize("fixture", sorted(EXPECTED_FOLLOW_UP_ERRORS))
def test_bad_follow_ups_are_reported_with_file_line_and_field(tmp_path: Path, fixture: str) -> None:
    assert load_problems(with_bad_stories(tmp_path, BAD_FOLLOW_UPS / fixture)) == EXPECTED_FOLLOW_UP_ERRORS[fixture]


def test_every_problem_is_listed_in_file_order_not_just_the_first(tmp_path: Path) -> None:
    fixtures = [BAD_DATA / name for name in EXPECTED_ERRORS] + [BAD_FOLLOW_UPS / name for name in EXPECTED_FOLLOW_UP_ERRORS]
    expected = [line for lines in (*EXPECTED_ERRORS.values(), *EXPECTED_FOLLOW_UP_ERRORS.values()) for line in lines]
    lines = load_problems(with_bad_stories(tmp_path, *fixtures))
    assert sorted(lines) == sorted(expected)
    files = [line.split(":")[0] for line in lines]
    assert files == sorted(files), "problems come file by file"


def test_bad_fixtures_are_all_covered() -> None:
    assert sorted(p.name for p in BAD_DATA.iterdir()) == sorted(EXPECTED_ERRORS)
    assert sorted(p.name for p in BAD_FOLLOW_UPS.iterdir()) == sorted(EXPECTED_FOLLOW_UP_ERRORS)


# --- principles.yml and site.yml ----------------------------------------------------------------------------------


def test_principles_file_problems_name_line_and_field(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    line = replace_line(data / "principles.yml", "    title: Ownership", "    titel: Ownership")
    assert load_problems(data) == [
        f"data/principles.yml:{line - 1}: principles[1].title: is required",
        f"data/principles.yml:{line}: principles[1].titel: unknown field (did you mean 'title'?)",
    ]


def test_duplicate_principle_id_is_reported_with_its_line(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    line = replace_line(data / "principles.yml", "  - id: think-big", "  - id: dive-deep")
    second = (data / "principles.yml").read_text(encoding="utf-8").splitlines().index("  - id: dive-deep", line) + 1
    lines = load_problems(data)
    # The later entry is the duplicate; the story that named think-big now names an unknown principle.
    assert lines == [
        f"data/principles.yml:{second}: id: 'dive-deep' is already used by entry 8",
        "data/stories/shared-ml-platform.yml:4: principles[0]: unknown principle 'think-big'",
    ]


def test_a_plain_list_of_principles_is_a_framework_with_neutral_defaults_and_reads_the_older_angle(tmp_path: Path) -> None:
    data = copy_bank(tmp_path, FORK_BANK)  # today's shape, as forks made before frameworks had a name have it
    assert (data / "principles.yml").read_text(encoding="utf-8").count("\n  ai_ml_angle: ") == 16
    framework = load_project(data).bank.framework
    assert (framework.name, framework.angle_label) == ("Principles", "")
    assert [p.id for p in framework.principles] == [pid for pid, _ in OFFICIAL_ORDER]
    assert framework.principle("frugality").angle.startswith("Right-size models and compute")


def test_a_framework_names_itself_and_its_angle_which_each_principle_may_leave_out(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    (data / "principles.yml").write_text(
        "name: Our values\nangle_label: In data engineering\nprinciples:\n"
        "  - {id: ownership, title: Ownership, summary: Own it., angle: Pipelines too.}\n"
        "  - {id: dive-deep, title: Dive Deep, summary: Look closer.}\n",
        encoding="utf-8",
    )
    for path in (data / "stories").iterdir():
        path.unlink()
    framework = load_project(data).bank.framework
    assert (framework.name, framework.angle_label) == ("Our values", "In data engineering")
    assert [(p.id, p.angle) for p in framework.principles] == [("ownership", "Pipelines too."), ("dive-deep", "")]


def test_a_framework_file_names_its_problems_by_line_and_field(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    (data / "principles.yml").write_text(
        "name: Our values\nangle_labl: Angle\nprinciples:\n"
        "  - id: ownership\n    title: Ownership\n    summary: Own it.\n    angle: A.\n    ai_ml_angle: B.\n"
        "  - id: ownership\n    title: Owner ship\n    summary: Again.\n",
        encoding="utf-8",
    )
    for path in (data / "stories").iterdir():
        path.unlink()
    assert load_problems(data) == [
        "data/principles.yml:2: angle_labl: unknown field (did you mean 'angle_label'?)",
        "data/principles.yml:8: ai_ml_angle: is the older name of angle: keep one of the two",
        "data/principles.yml:9: id: 'ownership' is already used by entry 1",
    ]
    (data / "principles.yml").write_text("name: Our values\n", encoding="utf-8")
    assert load_problems(data) == ["data/principles.yml:1: principles: is required"]


def test_site_file_problems_name_line_and_field(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    site = data / "site.yml"
    site.write_text(
        site.read_text(encoding="utf-8")
        + "links:\n  - label: LinkedIn\n    url: javascript:alert(1)\n  - label: Mail\n    href: mailto:a@example.com\n",
        encoding="utf-8",
    )
    lines = site.read_text(encoding="utf-8").splitlines()
    url, href = lines.index("    url: javascript:alert(1)") + 1, lines.index("    href: mailto:a@example.com") + 1
    assert load_problems(data) == [
        f"data/site.yml:{url}: links[0].url: must be an https://, http:// or mailto: address with no spaces or quotes",
        f"data/site.yml:{href - 1}: links[1].url: is required",
        f"data/site.yml:{href}: links[1].href: unknown field",
    ]


@pytest.mark.parametrize("name", ["site.yml", "principles.yml"])
def test_a_missing_file_is_a_whole_file_problem_without_a_line(tmp_path: Path, name: str) -> None:
    data = copy_bank(tmp_path)
    (data / name).unlink()
    assert load_problems(data) == [f"data/{name}: file is missing"]


def test_whole_file_problems_print_without_a_line_number() -> None:
    assert str(Problem("data/stories/x.yml", 0, "", "file is empty")) == "data/stories/x.yml: file is empty"
    assert str(Problem("data/stories/x.yml", 3, "", "malformed YAML: oops")) == "data/stories/x.yml:3: malformed YAML: oops"
    assert str(Problem("data/stories/x.yml", 3, "task", "must not be empty")) == "data/stories/x.yml:3: task: must not be empty"


# --- story files ----------------------------------------------------------------------------------------------


def test_files_that_are_not_stories_are_listed_not_dropped(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    (data / "stories" / "new-story.yml.txt").write_text("id: new-story\n", encoding="utf-8")
    (data / "stories" / ".new-story.yml.swp").write_text("editor's swap file", encoding="utf-8")
    loaded = load_project(data)
    assert loaded.ignored_files == ("data/stories/new-story.yml.txt",)
    assert "new-story" not in {story.id for story in loaded.bank.stories}


def test_yaml_extension_is_read_too(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    source = (data / "stories" / "shared-ml-platform.yml").read_text(encoding="utf-8")
    (data / "stories" / "shared-ml-platform-copy.yaml").write_text(
        source.replace("id: shared-ml-platform", "id: shared-ml-platform-copy"), encoding="utf-8"
    )
    assert "shared-ml-platform-copy" in {s.id for s in load_project(data).bank.stories}


def test_non_utf8_file_is_reported(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    (data / "stories" / "latin1.yml").write_bytes("id: caf\xe9\n".encode("latin-1"))
    assert load_problems(data) == ["data/stories/latin1.yml:1: is not UTF-8 text (byte 7); save it as UTF-8"]


@pytest.mark.parametrize(
    ("story_id", "message"),
    [
        ("summary", "'summary' is reserved for the pages' own headings"),
        ("cache-result", "'cache-result' ends like a story's tab anchor or Practice question (-situation, -task, -action, -result, -question); choose another ending"),
        ("practice-run", "'practice-run' starts like the site's own anchors (principle-, practice-); choose another start"),
    ],
)
def test_ids_the_pages_use_for_their_own_anchors_are_refused(tmp_path: Path, story_id: str, message: str) -> None:
    data = copy_bank(tmp_path)
    write_story(tmp_path, story_id)
    assert load_problems(data) == [f"data/stories/{story_id}.yml:1: id: {message}"]


def test_the_site_may_leave_out_the_home_intro_and_give_the_quick_reference_and_whole_bank_theirs(tmp_path: Path) -> None:
    sample = load_sample().bank.site
    assert sample.quick_reference_intro == (
        "**Amazon LP Quick Reference for AI/ML.** Here is how to connect each major LP to AI/ML contexts in your stories:"
    )
    assert sample.whole_bank_intro == ""
    data = copy_bank(tmp_path)
    (data / "site.yml").write_text("title: Mine\nwhole_bank:\n  intro: |\n    For *print*.\n", encoding="utf-8")
    site = load_project(data).bank.site
    assert (site.intro, site.quick_reference_intro, site.whole_bank_intro) == ("", "", "For *print*.")


# --- drafts: a story still holding make story's template text --------------------------------------------------


def draft_lines(path: Path) -> dict[str, int]:
    """The line of each field a story file written by make story fills with its template's text."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {field: next(i for i, line in enumerate(lines, 1) if line.startswith(f"{field}:")) for field in ("question", *STAR_PARTS)}


def test_a_published_story_still_holding_the_template_text_is_refused_field_by_field(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    path = data / "stories" / "half-done.yml"
    path.write_text(TEMPLATE.format(story_id="half-done", principle_id="ownership").replace("private: true\n", ""), encoding="utf-8")
    lines = draft_lines(path)
    message = "still the template's text: write your own, or keep `private: true`"
    assert load_problems(data) == [f"data/stories/half-done.yml:{lines[field]}: {field}: {message}" for field in ("question", *STAR_PARTS)]
    # Half written: only what is left, including a placeholder kept inside the owner's own words.
    text = path.read_text(encoding="utf-8").replace("Tell me about a time you ...", "Tell me about the night the feed broke.")
    path.write_text(text.replace("  What you had to achieve,", "  I had to fix it fast. What you had to achieve,"), encoding="utf-8")
    assert load_problems(data) == [f"data/stories/half-done.yml:{lines[field]}: {field}: {message}" for field in ("situation", "task", "action", "result")]


def test_template_text_is_found_however_yaml_broke_its_lines_and_only_word_for_word() -> None:
    action = PLACEHOLDERS["action"]
    folded = "I did it. " + action.replace(" ", "\n  ", 3).replace(" in ", " \t in ")
    assert find_template_text({"action": folded, "task": action.upper(), "result": PLACEHOLDERS["result"][:-1] + "!", "question": 7}) == ("action",)
    assert find_template_text({"result": "ok", "situation": PLACEHOLDERS["question"]}) == ("situation",), "any field's placeholder"
    # Linear: a field of near misses the size of a data file is read at once.
    near_misses = PLACEHOLDERS["question"][:-1] * (256 * 1024 // len(PLACEHOLDERS["question"]))
    assert find_template_text({"question": near_misses}) == ()


def test_a_private_draft_loads_marked_and_the_workbench_loads_a_published_one(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    draft = TEMPLATE.format(story_id="kept-private", principle_id="ownership")
    (data / "stories" / "kept-private.yml").write_text(draft, encoding="utf-8")
    story = load_project(data).bank.story("kept-private")
    assert (story.private, story.draft, story.draft_fields) == (True, True, ("question", *STAR_PARTS))
    (data / "stories" / "kept-private.yml").write_text(draft.replace("private: true\n", ""), encoding="utf-8")
    shown = load_data(data, display_root=data.parent, env={}, allow_drafts=True).bank.story("kept-private")
    assert (shown.private, shown.draft) == (False, True)
    assert not any(story.draft for story in load_sample().bank.stories)


def test_follow_ups_load_trimmed_and_default_to_none(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    with (data / "stories" / "fraud-precision-root-cause.yml").open("a", encoding="utf-8") as stream:
        stream.write('follow_ups:\n  - "  What would you do differently?  "\n  - How did you  prove it?\n')
    stories = {story.id: story for story in load_project(data).bank.stories}
    assert stories["fraud-precision-root-cause"].follow_ups == ("What would you do differently?", "How did you  prove it?")
    assert stories["simple-document-classifier"].follow_ups == ()


def test_a_written_headline_is_kept_on_one_line_and_a_missing_one_is_taken_from_the_result(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    write_story(tmp_path, "written", headline="Failures   down from 12 to 1  a month")
    write_story(tmp_path, "derived", result="We shipped it. Failures fell from 12 to 1 a month, saving $3,000. Everyone cheered.")
    stories = {story.id: story for story in load_project(data).bank.stories}
    assert (stories["written"].headline, stories["written"].headline_written) == ("Failures down from 12 to 1 a month", True)
    assert (stories["derived"].headline, stories["derived"].headline_written) == (
        "Failures fell from 12 to 1 a month, saving $3,000",
        False,
    )


def test_private_stories_load_marked_and_the_public_bank_drops_them(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    write_story(tmp_path, "secret-draft", private=True)
    write_story(tmp_path, "said-public", private=False)
    bank = load_project(data).bank
    assert [s.id for s in bank.stories if s.private] == ["secret-draft"]
    public = bank.without_private()
    assert "secret-draft" not in {s.id for s in public.stories} and "said-public" in {s.id for s in public.stories}
    assert len(public.stories) == len(bank.stories) - 1
    sample = load_sample().bank
    assert sample.without_private() is sample  # nothing private: the same bank


def test_private_must_be_true_or_false(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    path = write_story(tmp_path, "unsure", private="maybe")
    line = path.read_text(encoding="utf-8").splitlines().index("private: maybe") + 1
    assert load_problems(data) == [f"data/stories/unsure.yml:{line}: private: must be true or false, not the text 'maybe'"]


def test_environment_problems_come_first_then_the_files(tmp_path: Path) -> None:
    data = with_bad_stories(tmp_path, BAD_DATA / "empty-file.yml")
    with pytest.raises(DataFolderProblems) as caught:
        load_data(data, display_root=tmp_path, env={"STAR_COACH_STRICT": "sometimes"})
    assert caught.value.lines == [
        "STAR_COACH_STRICT='sometimes': must be true or false (also 1/0, yes/no, on/off; empty means unset)",
        "data/stories/empty-file.yml: file is empty",
    ]
    assert [problem.file for problem in caught.value.problems] == ["data/stories/empty-file.yml"]



# --- one rule for files: data/ and everything in it are real files, stories end in .yml or .yaml -----------------

SECRET = "TOP-SECRET-5c1e outside the project"


def test_a_data_folder_that_is_a_symlink_is_refused_unread(tmp_path: Path) -> None:
    outside = copy_bank(tmp_path / "outside")
    site = outside / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("title: ", f"title: {SECRET} ", 1), encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "data").symlink_to(outside, target_is_directory=True)
    lines = load_problems(project / "data")
    assert lines == ["data: is a symbolic link; the data folder must be a real folder inside the project"]
    assert SECRET not in "\n".join(lines)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda data: None, "folder is missing; it holds site.yml, principles.yml and stories/"),
        (lambda data: data.write_text("title: x\n", encoding="utf-8"), "must be a real folder of data files"),
        (lambda data: data.symlink_to(data.parent / "nowhere"), "is a symbolic link; the data folder must be a real folder inside the project"),
    ],
    ids=["missing", "a-file", "a-dangling-symlink"],
)
def test_a_data_folder_that_is_no_folder_is_one_line_with_the_environments(tmp_path: Path, make: object, message: str) -> None:
    data = tmp_path / "data"
    make(data)  # type: ignore[operator]
    assert load_problems(data, env={"STAR_COACH_PAGE": "bogus"}) == [
        "STAR_COACH_PAGE='bogus': must be true or false (also 1/0, yes/no, on/off; empty means unset)",
        f"data: {message}",
    ]


def test_hidden_files_named_like_stories_are_named_not_read_and_editors_files_pass_silently(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    story = (data / "stories" / "shared-ml-platform.yml").read_text(encoding="utf-8")
    for name in (".hidden-story.yml", "..yml", ".yml", ".draft.yaml"):
        (data / "stories" / name).write_text(story, encoding="utf-8")
    for name in (".shared-ml-platform.yml.swp", ".DS_Store", ".#lock"):
        (data / "stories" / name).write_text("editor's file", encoding="utf-8")
    loaded = load_project(data)
    assert loaded.hidden_files == ("data/stories/..yml", "data/stories/.draft.yaml", "data/stories/.hidden-story.yml", "data/stories/.yml")
    assert loaded.ignored_files == ()
    assert [story.id for story in loaded.bank.stories] == SEED_STORIES


def _start(root: Path, env: dict[str, str]) -> SiteBuild:
    """What on_config does for `mkdocs build`, in this process."""
    environment = read_environment(env, serving=False)
    return start_build(root, environment=environment, env=env, serving=False)


def test_unread_files_are_the_same_warnings_in_the_workbench_and_the_public_build(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    (data / "stories" / "draft.txt").write_text("id: draft\n", encoding="utf-8")
    (data / "stories" / "Upper.YML").write_text("id: upper\n", encoding="utf-8")
    (data / "stories" / ".quiet.yml").write_text("id: quiet\n", encoding="utf-8")
    public, workbench = (_start(tmp_path, {"STAR_VIEW": view}) for view in ("public", "workbench"))
    assert public.warnings == workbench.warnings == [
        "data/stories/Upper.YML: not read as a story; story files end in .yml or .yaml",
        "data/stories/draft.txt: not read as a story; story files end in .yml or .yaml",
        "data/stories/.quiet.yml: not read as a story; its name starts with '.', which hides it: remove the '.' to read it",
    ]


# --- what reaches the terminal: a file name or field from data/ never writes a line of its own ------------------


def test_a_file_name_with_a_newline_or_an_escape_is_printed_escaped(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    (data / "stories" / "x\nINFO    -  Documentation built.yml").write_text("id: x\n", encoding="utf-8")
    (data / "stories" / "y\x1b[2J\x1b[31m.yml").write_text("id: y\n", encoding="utf-8")
    (data / "stories" / "z\u202e.txt").write_text("not a story\n", encoding="utf-8")
    lines = load_problems(data)
    assert "data/stories/x\\nINFO    -  Documentation built.yml: file is empty" not in lines  # it is not empty
    assert any(line.startswith("data/stories/x\\nINFO    -  Documentation built.yml:1: ") for line in lines), lines
    assert any(line.startswith("data/stories/y\\x1b[2J\\x1b[31m.yml:1: ") for line in lines), lines
    for line in lines:
        assert not UNPRINTABLE.search(line), repr(line)
    (data / "stories" / "x\nINFO    -  Documentation built.yml").unlink()
    (data / "stories" / "y\x1b[2J\x1b[31m.yml").unlink()
    assert _start(tmp_path, {}).warnings == ["data/stories/z\\u202e.txt: not read as a story; story files end in .yml or .yaml"]


def test_a_field_name_with_a_control_or_bidi_character_is_printed_escaped(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    path = data / "stories" / "shared-ml-platform.yml"
    text = path.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    path.write_text(text + '"rev\\u202esalt": x\n"esc\\e[31m": y\n', encoding="utf-8")
    lines = load_problems(data)
    assert f"data/stories/shared-ml-platform.yml:{line}: rev\\u202esalt: unknown field (did you mean 'result'?)" in lines, lines
    assert f"data/stories/shared-ml-platform.yml:{line + 1}: esc\\x1b[31m: unknown field" in lines, lines
    for line in lines:
        assert not UNPRINTABLE.search(line), repr(line)


# --- no traceback for anything under data/ or in the environment ------------------------------------------------


def _append(root: Path, name: str, text: str) -> None:
    path = root / "data" / "stories" / f"{name}.yml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(root: Path, relative: str, old: str, new: str) -> None:
    path = root / "data" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _link_data_away(root: Path) -> None:
    shutil.move(root / "data", root / "elsewhere")
    (root / "data").symlink_to(root / "elsewhere", target_is_directory=True)


def _link_stories_away(root: Path) -> None:
    shutil.move(root / "data" / "stories", root / "stories-elsewhere")
    (root / "data" / "stories").symlink_to(root / "stories-elsewhere", target_is_directory=True)


# Each case: how to break a copy of the sample bank (or the environment). Every one must stop with problem lines.
WORST_CASES: dict[str, tuple[object, dict[str, str]]] = {
    "unknown tags and a misspelt field": (
        lambda root: _replace(root, "stories/fraud-precision-root-cause.yml", "result:", "task: !foo x\naction: !!python/name:os.system y\nreslt:"),
        {},
    ),
    "a tag directive": (lambda root: _replace(root, "stories/fraud-precision-root-cause.yml", "id:", "%TAG !e! tag:evil.example,2000:\n---\nid: !e!x"), {}),
    "python object apply": (lambda root: _append(root, "shared-ml-platform", "tags: !!python/object/apply:os.system ['touch ran']\n"), {}),
    "sexagesimal, octal and hexadecimal settings": (
        lambda root: [_replace(root, "site.yml", "max_seconds: 180", "max_seconds: 2:30"), _replace(root, "site.yml", "min_seconds: 60", "min_seconds: 0x3C")],
        {},
    ),
    "a 4,400-digit number": (lambda root: _append(root, "shared-ml-platform", "tags: [" + "7" * 4400 + "]\n"), {}),
    "data/ a symlink": (_link_data_away, {}),
    "data/ missing": (lambda root: shutil.rmtree(root / "data"), {}),
    "stories/ a symlink": (_link_stories_away, {}),
    "a file name that forges a line": (lambda root: (root / "data" / "stories" / "a\nINFO - b\x1b[2J.yml").write_text("id: a\n", encoding="utf-8"), {}),
    "SOURCE_DATE_EPOCH past time_t": (lambda root: None, {"SOURCE_DATE_EPOCH": "99999999999999999999"}),
    "SOURCE_DATE_EPOCH negative": (lambda root: None, {"SOURCE_DATE_EPOCH": "-1"}),
    "SOURCE_DATE_EPOCH empty": (lambda root: None, {"SOURCE_DATE_EPOCH": ""}),
    "SOURCE_DATE_EPOCH year 9999": (lambda root: None, {"SOURCE_DATE_EPOCH": "253402300799"}),
    "SITE_URL to another host": (lambda root: None, {"SITE_URL": "https://x.example//evil.example/"}),
    "strict hints": (lambda root: None, {"STAR_COACH_STRICT": "true"}),
}


@pytest.mark.parametrize("case", sorted(WORST_CASES))
def test_no_input_under_data_or_in_the_environment_ends_in_anything_but_problem_lines(tmp_path: Path, case: str) -> None:
    """`mkdocs build` stops with problem lines (never a traceback); `mkdocs serve` shows the same lines as its site."""
    copy_bank(tmp_path)
    breaking, env = WORST_CASES[case]
    breaking(tmp_path)  # type: ignore[operator]
    with pytest.raises(BuildStopped) as caught:
        _start(tmp_path, env)
    lines = caught.value.lines
    assert lines, "stopped without saying why"
    for line in [caught.value.title, *lines]:
        assert not UNPRINTABLE.search(line), repr(line)
    assert not (tmp_path / "ran").exists()
    _, served = start_serving(tmp_path, env=env)
    assert served.problems == [caught.value.title, *lines]
    assert served.pages == {} and served.ctx is None


def test_serve_answers_a_field_nested_500_deep_with_the_problems_or_the_site(tmp_path: Path) -> None:
    """However deep nesting is handled (a problem line, or pages), serve never raises: RecursionError included."""
    copy_bank(tmp_path)
    write_story(tmp_path, "deep-list", principles=["dive-deep"], situation="- " * 500 + "x")
    _, served = start_serving(tmp_path, env={})
    assert served.problems or served.pages
    for line in served.problems:
        assert not UNPRINTABLE.search(line), repr(line)

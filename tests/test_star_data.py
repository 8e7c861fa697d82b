"""Unit tests of loading and validating the data: the real files, and one bad fixture per failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import star_data
from conftest import ROOT

BAD_DATA = Path(__file__).parent / "bad_data"

OFFICIAL_ORDER = [
    ("customer-obsession", "Customer Obsession"),
    ("ownership", "Ownership"),
    ("invent-and-simplify", "Invent and Simplify"),
    ("are-right-a-lot", "Are Right, A Lot"),
    ("learn-and-be-curious", "Learn and Be Curious"),
    ("hire-and-develop-the-best", "Hire and Develop the Best"),
    ("insist-on-the-highest-standards", "Insist on the Highest Standards"),
    ("think-big", "Think Big"),
    ("bias-for-action", "Bias for Action"),
    ("frugality", "Frugality"),
    ("earn-trust", "Earn Trust"),
    ("dive-deep", "Dive Deep"),
    ("have-backbone-disagree-and-commit", "Have Backbone; Disagree and Commit"),
    ("deliver-results", "Deliver Results"),
    ("strive-to-be-earths-best-employer", "Strive to be Earth's Best Employer"),
    ("success-and-scale-bring-broad-responsibility", "Success and Scale Bring Broad Responsibility"),
]

# One fixture per failure, and the exact lines the build must print for it.
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
    "bad-id.yml": [
        "data/stories/bad-id.yml:1: id: must be lowercase letters and digits joined by single '-', e.g. 'black-friday-pricing'"
    ],
    "not-a-mapping.yml": ["data/stories/not-a-mapping.yml:1: the file must hold a mapping of fields, not a list"],
    "empty-file.yml": ["data/stories/empty-file.yml: file is empty"],
}


def make_data_dir(tmp_path: Path, *bad_files: str) -> Path:
    """A copy of the real data/ with the named bad fixtures added as stories."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    for name in bad_files:
        shutil.copy(BAD_DATA / name, data / "stories" / name)
    return data


def load_errors(data: Path) -> list[str]:
    with pytest.raises(star_data.DataLoadError) as caught:
        star_data.load_bank(data, display_root=data.parent)
    return [str(error) for error in caught.value.errors]


def test_real_data_has_all_16_principles_in_amazons_order() -> None:
    bank = star_data.load_bank(ROOT / "data", display_root=ROOT)
    assert [(p.id, p.title) for p in bank.principles] == OFFICIAL_ORDER
    for principle in bank.principles:
        assert principle.summary.strip() and principle.ai_ml_angle.strip()
        assert principle.summary.rstrip().endswith(".")


def test_real_data_has_the_ten_seed_stories_each_with_four_parts() -> None:
    bank = star_data.load_bank(ROOT / "data", display_root=ROOT)
    assert len(bank.stories) >= 10
    for story in bank.stories:
        assert story.source == f"data/stories/{story.id}.yml"
        assert all(story.part(part) for part in star_data.STAR_PARTS)


def test_every_bank_data_file_names_its_schema_for_editors() -> None:
    files = [ROOT / "data" / "principles.yml", *sorted((ROOT / "data" / "stories").glob("*.yml"))]
    for path in files:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first_line.split("$schema=", 1)[1]).resolve()
        assert schema.is_file(), f"{path}: {schema} does not exist"


@pytest.mark.parametrize("fixture", sorted(EXPECTED_ERRORS))
def test_each_bad_fixture_gives_its_exact_messages(tmp_path: Path, fixture: str) -> None:
    assert load_errors(make_data_dir(tmp_path, fixture)) == EXPECTED_ERRORS[fixture]


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path) -> None:
    errors = load_errors(make_data_dir(tmp_path, *EXPECTED_ERRORS))
    assert sorted(errors) == sorted(line for lines in EXPECTED_ERRORS.values() for line in lines)


def test_bad_fixtures_are_all_covered() -> None:
    assert sorted(p.name for p in BAD_DATA.iterdir()) == sorted(EXPECTED_ERRORS)


def test_principles_file_problems_name_line_and_field(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    path = data / "principles.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines.index("  title: Ownership")
    lines[title] = "  titel: Ownership"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load_errors(data) == [
        f"data/principles.yml:{title}: title: is required",
        f"data/principles.yml:{title + 1}: titel: unknown field (did you mean 'title'?)",
    ]


def test_duplicate_principle_id_is_reported_with_its_line(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    path = data / "principles.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    think_big = lines.index("- id: think-big")
    lines[think_big] = "- id: dive-deep"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    second = lines.index("- id: dive-deep", think_big + 1)
    errors = load_errors(data)
    # The later entry is the duplicate; stories that named think-big now name an unknown principle.
    assert errors[0] == f"data/principles.yml:{second + 1}: id: 'dive-deep' is already used by entry 8"
    assert "data/stories/shared-ml-platform.yml:4: principles[0]: unknown principle 'think-big'" in errors
    assert all(e.endswith("unknown principle 'think-big'") for e in errors[1:])


def test_files_that_are_not_yaml_are_reported_not_dropped(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    (data / "stories" / "new-story.yml.txt").write_text("id: new-story\n")
    assert star_data.find_ignored_story_files(data, display_root=tmp_path) == ["data/stories/new-story.yml.txt"]


def test_yaml_extension_is_read_too(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    source = (data / "stories" / "shared-ml-platform.yml").read_text(encoding="utf-8")
    (data / "stories" / "shared-ml-platform-copy.yaml").write_text(
        source.replace("id: shared-ml-platform", "id: shared-ml-platform-copy"), encoding="utf-8"
    )
    bank = star_data.load_bank(data, display_root=tmp_path)
    assert "shared-ml-platform-copy" in {s.id for s in bank.stories}


def test_non_utf8_file_is_reported(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    (data / "stories" / "latin1.yml").write_bytes("id: caf\xe9\n".encode("latin-1"))
    assert load_errors(data) == ["data/stories/latin1.yml: is not UTF-8 text (byte 7); save it as UTF-8"]

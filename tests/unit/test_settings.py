"""The owner's settings: declared once in site.schema.json, set in data/site.yml, some overridden by STAR_*."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import edit_site
from star_bank.model.schema import SITE_SCHEMA, load_schema
from star_bank.model.settings import WORKBENCH_PUBLISHING, WORKBENCH_SOURCE, default_settings, for_workbench, setting_specs
from unit.factories import copy_bank, load_problems, load_project, make_settings, replace_line

DEFAULTS = {
    "practice_page": True,
    "coach_page": False,
    "follow_ups": False,
    "principles_without_stories": False,
    "search_engines": False,
    "words_per_minute": 150,
    "min_seconds": 60,
    "max_seconds": 180,
    "min_action_share": 0.4,
    "min_first_person_share": 0.5,
    "stories_per_principle": 2,
    "strict_hints": False,
    "primary": "#1f4e79",
    "accent": "#c2410c",
}
# Every setting an environment variable overrides, as site.schema.json declares it (x-env).
OVERRIDES = {
    "STAR_PRACTICE_PAGE": "practice_page",
    "STAR_COACH_PAGE": "coach_page",
    "STAR_SEARCH_ENGINES": "search_engines",
    "STAR_COACH_STRICT": "strict_hints",
}


# --- declared once ---------------------------------------------------------------------------------------------


def test_settings_are_the_schemas_publish_coach_and_theme_properties_in_order() -> None:
    schema = load_schema(SITE_SCHEMA)["properties"]
    assert [(s.group, s.name) for s in setting_specs()] == [
        (group, name) for group in ("publish", "coach", "theme") for name in schema[group]["properties"]
    ]
    assert {s.name: s.default for s in setting_specs()} == DEFAULTS
    assert {s.env: s.name for s in setting_specs() if s.env} == OVERRIDES


def test_every_setting_has_a_meaning_and_a_default_within_its_limits() -> None:
    for spec in setting_specs():
        assert spec.meaning.strip(), spec.name
        if spec.kind == "boolean":
            assert isinstance(spec.default, bool) and spec.minimum is None and spec.maximum is None, spec.name
        elif spec.kind == "string":
            assert spec.unit == "colour" and re.fullmatch(r"#[0-9a-f]{6}", spec.default), spec.name
        else:
            assert spec.minimum is not None and spec.maximum is not None, f"{spec.name}: a number needs limits"
            assert spec.minimum <= spec.default <= spec.maximum, spec.name
    assert default_settings()["min_seconds"] < default_settings()["max_seconds"]


# --- read from data/site.yml ---------------------------------------------------------------------------------------


def test_settings_default_when_site_yml_sets_none(tmp_path: Path) -> None:
    copy_bank(tmp_path)
    edit_site(tmp_path, publish=None, coach=None, theme=None)
    settings = load_project(tmp_path / "data").settings
    assert dict(settings.values) == DEFAULTS
    assert set(settings.sources.values()) == {"default"}


def test_settings_default_one_by_one_when_a_group_sets_some(tmp_path: Path) -> None:
    copy_bank(tmp_path)
    edit_site(tmp_path, publish={"coach_page": True}, coach={"words_per_minute": 120, "min_action_share": 0.3}, theme=None)
    settings = load_project(tmp_path / "data").settings
    assert dict(settings.values) == {**DEFAULTS, "coach_page": True, "words_per_minute": 120, "min_action_share": 0.3}
    assert {name for name, source in settings.sources.items() if source != "default"} == {
        "coach_page",
        "words_per_minute",
        "min_action_share",
    }
    assert settings.sources["words_per_minute"] == "data/site.yml"


def test_the_sample_site_yml_writes_out_every_default(tmp_path: Path) -> None:
    """A fork reads its settings in data/site.yml: the values written there are the schema's defaults."""
    settings = load_project(copy_bank(tmp_path)).settings
    assert dict(settings.values) == DEFAULTS
    assert set(settings.sources.values()) == {"data/site.yml"}


# --- limits, types, names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  words_per_minute: 150", "  words_per_minute: 59", "coach.words_per_minute: must be from 60 to 300, not the number 59"),
        ("  words_per_minute: 150", "  words_per_minute: 301", "coach.words_per_minute: must be from 60 to 300, not the number 301"),
        ("  max_seconds: 180", "  max_seconds: 3601", "coach.max_seconds: must be from 1 to 3600, not the number 3601"),
        ("  min_seconds: 60", "  min_seconds: 0", "coach.min_seconds: must be from 1 to 3600, not the number 0"),
        ("  min_action_share: 0.4", "  min_action_share: 40", "coach.min_action_share: must be from 0 to 1, not the number 40"),
        (
            "  min_first_person_share: 0.5",
            "  min_first_person_share: -0.1",
            "coach.min_first_person_share: must be from 0 to 1, not the number -0.1",
        ),
        (
            "  stories_per_principle: 2",
            "  stories_per_principle: 11",
            "coach.stories_per_principle: must be from 1 to 10, not the number 11",
        ),
        ("  words_per_minute: 150", "  words_per_minute: fast", "coach.words_per_minute: must be a whole number, not the text 'fast'"),
        ("  words_per_minute: 150", "  words_per_minute: 150.5", "coach.words_per_minute: must be a whole number, not the number 150.5"),
        ("  strict_hints: false", "  strict_hints: sometimes", "coach.strict_hints: must be true or false, not the text 'sometimes'"),
        (
            "  coach_page: false               # your figures, hints and gaps",
            "  coach_page: 1",
            "publish.coach_page: must be true or false, not the number 1",
        ),
        ("  words_per_minute: 150", "  wpm: 150", "coach.wpm: unknown field"),
        ("  min_seconds: 60", "  min_secnds: 60", "coach.min_secnds: unknown field (did you mean 'min_seconds'?)"),
        (
            '  primary: "#1f4e79"              # the header; links',
            "  primary: navy",
            'theme.primary: must be a colour written "#rrggbb" in quotes, e.g. "#1f4e79"',
        ),
        ('  accent: "#c2410c"               # links and buttons under the pointer', '  accent: "#c2410"', 'theme.accent: must be a colour written "#rrggbb" in quotes, e.g. "#c2410c"'),
        ('  accent: "#c2410c"               # links and buttons under the pointer', '  accent: "#c2410c;x"', 'theme.accent: must be a colour written "#rrggbb" in quotes, e.g. "#c2410c"'),
        ('  accent: "#c2410c"               # links and buttons under the pointer', '  accent: "#c2410c\\n"', 'theme.accent: must be a colour written "#rrggbb" in quotes, e.g. "#c2410c"'),
    ],
)
def test_a_bad_setting_names_file_line_field_and_what_is_allowed(tmp_path: Path, old: str, new: str, message: str) -> None:
    data = copy_bank(tmp_path)
    line = replace_line(data / "site.yml", old, new)
    assert load_problems(data) == [f"data/site.yml:{line}: {message}"]


def test_a_group_that_is_not_a_mapping_is_named(tmp_path: Path) -> None:
    copy_bank(tmp_path)
    edit_site(tmp_path, coach=["words_per_minute"])
    lines = (tmp_path / "data" / "site.yml").read_text(encoding="utf-8").splitlines()
    assert load_problems(tmp_path / "data") == [f"data/site.yml:{lines.index('coach:') + 1}: coach: must be a mapping of fields, not a list"]


@pytest.mark.parametrize(("minimum", "maximum"), [(200, 180), (180, 180), (90, 60)])
def test_min_seconds_must_be_below_max_seconds(tmp_path: Path, minimum: int, maximum: int) -> None:
    data = copy_bank(tmp_path)
    line = replace_line(data / "site.yml", "  min_seconds: 60", f"  min_seconds: {minimum}")
    replace_line(data / "site.yml", "  max_seconds: 180", f"  max_seconds: {maximum}")
    assert load_problems(data) == [
        f"data/site.yml:{line}: coach.min_seconds: must be below coach.max_seconds ({maximum}), not {minimum}"
    ]


def test_min_seconds_just_below_max_seconds_is_fine(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    replace_line(data / "site.yml", "  min_seconds: 60", "  min_seconds: 179")
    assert load_project(data).settings["min_seconds"] == 179


# --- environment overrides ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "raw", "value"),
    [
        ("STAR_COACH_PAGE", "true", True),  # data/site.yml says false
        ("STAR_PRACTICE_PAGE", "false", False),  # data/site.yml says true
        ("STAR_COACH_STRICT", "1", True),
        ("STAR_SEARCH_ENGINES", "Yes", True),
        ("STAR_PRACTICE_PAGE", " off ", False),
    ],
)
def test_an_environment_variable_overrides_site_yml(tmp_path: Path, variable: str, raw: str, value: bool) -> None:
    data = copy_bank(tmp_path)
    name = OVERRIDES[variable]
    assert load_project(data).settings[name] is not value
    settings = load_project(data, env={variable: raw}).settings
    assert settings[name] is value
    assert settings.sources[name] == variable
    assert {n: v for n, v in settings.values.items() if n != name} == {n: v for n, v in DEFAULTS.items() if n != name}


@pytest.mark.parametrize("variable", sorted(OVERRIDES))
def test_an_empty_variable_leaves_site_yml_in_charge(tmp_path: Path, variable: str) -> None:
    data = copy_bank(tmp_path)
    settings = load_project(data, env={variable: "  "}).settings
    assert settings.sources[OVERRIDES[variable]] == "data/site.yml"
    assert settings[OVERRIDES[variable]] == DEFAULTS[OVERRIDES[variable]]


def test_only_declared_variables_override(tmp_path: Path) -> None:
    settings = load_project(copy_bank(tmp_path), env={"STAR_FOLLOW_UPS": "true", "STAR_WORDS_PER_MINUTE": "90"}).settings
    assert settings["follow_ups"] is False and settings["words_per_minute"] == 150


def test_every_bad_variable_is_named_before_the_files_problems(tmp_path: Path) -> None:
    data = copy_bank(tmp_path)
    line = replace_line(data / "site.yml", "  words_per_minute: 150", "  words_per_minute: 20")
    assert load_problems(data, env={"STAR_COACH_PAGE": "maybe", "STAR_COACH_STRICT": "2", "STAR_SEARCH_ENGINES": "no"}) == [
        "STAR_COACH_PAGE='maybe': must be true or false (also 1/0, yes/no, on/off; empty means unset)",
        "STAR_COACH_STRICT='2': must be true or false (also 1/0, yes/no, on/off; empty means unset)",
        f"data/site.yml:{line}: coach.words_per_minute: must be from 60 to 300, not the number 20",
    ]


def test_the_workbench_publishes_everything_and_says_so_whatever_the_file_says() -> None:
    owner = make_settings(coach_page=False, follow_ups=False, practice_page=False, principles_without_stories=False, search_engines=True)
    workbench = for_workbench(owner)
    assert {name: workbench[name] for name in WORKBENCH_PUBLISHING} == dict(WORKBENCH_PUBLISHING)
    assert workbench["search_engines"] is False, "make serve is never indexed"
    assert {workbench.sources[name] for name in WORKBENCH_PUBLISHING} == {WORKBENCH_SOURCE}
    assert workbench["words_per_minute"] == owner["words_per_minute"] and owner["coach_page"] is False

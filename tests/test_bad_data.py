"""Broken data: every problem listed at once, each once, in file and line order, each quoting at most a short
preview of a bad value; no traceback, nothing half-built, nothing hangs. Direct calls to load_data, real builds,
and one real `mkdocs serve`, which shows the problems as the site."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, build_env, make_project, run_build, write_story
from pages_server import fetch, free_port
from star_bank.model.load import DataFolderProblems, load_data

FIXTURES = Path(__file__).resolve().parent / "bad_data_v2"
PREVIEW = 40
LINE = re.compile(r"^data/[\w./-]+(:\d+)?: ")
# The two lines README.md shows for its example of a misspelt field and a misspelt principle.
README_LINES = [
    "data/stories/feature-store-migration.yml:9: reslt: unknown field (did you mean 'result'?)",
    "data/stories/feature-store-migration.yml:3: principles[0]: unknown principle 'dive-deeep' (did you mean 'dive-deep'?)",
]


def project_with(tmp_path: Path, *fixtures: str) -> Path:
    """A project with the sample bank and the named files of tests/bad_data_v2/ as stories."""
    project = make_project(tmp_path / "project")
    for name in fixtures:
        shutil.copy(FIXTURES / name, project / "data" / "stories" / name)
    return project


def problems(project: Path, env: dict[str, str] | None = None) -> list[str]:
    """Every line load_data reports for a project's data/ (it must report some)."""
    with pytest.raises(DataFolderProblems) as caught:
        load_data(project / "data", display_root=project, env=env or {})
    return caught.value.lines


def assert_listed_properly(lines: list[str]) -> None:
    """Each problem once, one line each, with its file, in file then line order."""
    assert len(lines) == len(set(lines)), f"a problem is listed twice: {lines}"
    for line in lines:
        assert "\n" not in line and LINE.match(line), f"not a problem line: {line!r}"

    def key(line: str) -> tuple[str, int]:
        where = line.split(": ", 1)[0]
        file, _, number = where.partition(":")
        return file, int(number or 0)

    assert [key(line) for line in lines] == sorted(key(line) for line in lines), "\n".join(lines)


def assert_stopped_cleanly(output: str, returncode: int, site: Path) -> None:
    assert returncode != 0, output[-2000:]
    assert "Traceback" not in output, output[-3000:]
    assert "Documentation built" not in output
    assert not (site / "index.html").exists(), "a half-built site was left behind"


# The README's example, and problems reported together.


def test_the_readme_example_reports_both_problems_in_one_run(tmp_path: Path) -> None:
    lines = problems(project_with(tmp_path, "feature-store-migration.yml"))
    for expected in README_LINES:
        assert expected in lines
    assert_listed_properly(lines)


def test_two_missing_fields_are_each_reported_once(tmp_path: Path) -> None:
    lines = problems(project_with(tmp_path, "two-missing.yml"))
    assert sorted(lines) == ["data/stories/two-missing.yml:1: result: is required", "data/stories/two-missing.yml:1: task: is required"]


def test_schema_and_cross_file_problems_come_together_sorted_and_once(tmp_path: Path) -> None:
    project = project_with(tmp_path, "two-missing.yml", "feature-store-migration.yml")
    write_story(project, "b-story", id="c-story")  # id not the file's name
    write_story(project, "c-story")  # the same id again
    write_story(project, "a-story", principles=["ownership", "no-such-principle"])
    path = project / "data" / "principles.yml"
    framework = yaml.safe_load(path.read_text(encoding="utf-8"))
    principles = framework["principles"]
    principles[3]["id"] = principles[2]["id"]
    path.write_text(yaml.safe_dump(framework, sort_keys=False), encoding="utf-8")
    lines = problems(project)
    print("\n".join(lines))
    assert_listed_properly(lines)
    text = "\n".join(lines)
    for expected in (
        "data/principles.yml:",
        "is already used by entry 3",
        "data/stories/a-story.yml:4: principles[1]: unknown principle 'no-such-principle'",
        "data/stories/b-story.yml:1: id: 'c-story' does not match the file name",
        "'c-story' is already used by",
        "data/stories/two-missing.yml:1: task: is required",
        "data/stories/feature-store-migration.yml:9: reslt: unknown field",
    ):
        assert expected in text


def test_a_bank_with_problems_in_every_file_lists_them_in_one_build(tmp_path: Path) -> None:
    """The one failing build of bad data: what load_data reports in-process (the tests here) is what the build prints."""
    project = project_with(tmp_path, "two-missing.yml", "feature-store-migration.yml", "bad-bool.yml", "list-key.yml")
    write_story(project, "layout")
    write_story(project, "layout-question")  # an id colliding with another story's anchors
    site = project / "data" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    result = run_build(project)
    assert_stopped_cleanly(result.output, result.returncode, result.site)
    listed = [line.strip() for line in result.output.splitlines() if line.strip().startswith("data/")]
    assert_listed_properly(listed)
    assert any(line.startswith("data/site.yml:") and "colour: unknown field" in line for line in listed)
    assert sum("data/stories/" in line for line in listed) >= 4
    for expected in (*README_LINES, "data/stories/layout-question.yml:1: id:", "data/stories/bad-bool.yml:", "data/stories/list-key.yml:"):
        assert any(line.startswith(expected) or line == expected for line in listed), f"{expected} not in:\n" + "\n".join(listed)


# Anchors: a question cannot move its story's anchor, and ids that would collide on a page are refused.


def test_a_question_ending_in_an_attribute_list_keeps_the_story_anchor(tmp_path: Path) -> None:
    result = run_build(project_with(tmp_path, "question-anchor.yml"))
    assert result.returncode == 0, result.output[-2000:]
    soup = BeautifulSoup((result.site / "principles" / "ownership" / "index.html").read_text(encoding="utf-8"), "html.parser")
    heading = soup.find(id="question-anchor")
    assert heading is not None and heading.name == "h3"
    assert "{ #x .hidden" in heading.get_text()
    assert soup.find(id="x") is None and soup.find(attrs={"data-x": True}) is None
    assert "hidden" not in (heading.get("class") or [])


@pytest.mark.parametrize(
    ("story_id", "says"),
    [
        ("layout-result", "ends like a story's tab anchor"),
        ("layout-situation", "ends like a story's tab anchor"),
        ("principle-layout", "starts like the site's own anchors"),
        ("practice-layout", "starts like the site's own anchors"),
        ("top", "is reserved"),
        ("stories", "is reserved"),
        ("also-fits", "is reserved"),
        # The Practice page anchors each card's question practice-<id>-question: a story 'layout' and a story
        # 'layout-question' would both make practice-layout-question.
        ("layout-question", "question"),
    ],
)
def test_an_id_that_would_collide_with_the_pages_anchors_is_refused(tmp_path: Path, story_id: str, says: str) -> None:
    project = make_project(tmp_path / "project")
    write_story(project, "layout")
    write_story(project, story_id)
    lines = problems(project)
    mine = [line for line in lines if line.startswith(f"data/stories/{story_id}.yml:1: id: ")]
    assert mine and says in mine[0], lines


def test_a_principle_id_ending_in_a_newline_is_refused(tmp_path: Path) -> None:
    """JSON Schema's pattern is a search, where $ also matches before a final newline: 'dive-deep\\n' looks valid."""
    project = make_project(tmp_path / "project")
    path = project / "data" / "principles.yml"
    framework = yaml.safe_load(path.read_text(encoding="utf-8"))
    framework["principles"].append({"id": "brand-new\n", "title": "Brand new", "summary": "A summary.", "angle": "An angle."})
    path.write_text(yaml.safe_dump(framework, sort_keys=False), encoding="utf-8")
    lines = problems(project)
    assert any(line.startswith("data/principles.yml:") and "id:" in line for line in lines), lines


# Values YAML turns into other types, and field names that are not text: problems, not tracebacks.


@pytest.mark.parametrize("fixture", ["bad-bool.yml", "list-key.yml"])
def test_a_value_or_field_name_yaml_cannot_convert_is_a_problem_line(tmp_path: Path, fixture: str) -> None:
    project = project_with(tmp_path, fixture)
    try:
        lines = problems(project)
    except Exception as exc:  # noqa: BLE001 - the point: load_data must not raise anything else
        pytest.fail(f"load_data raised {type(exc).__name__}: {exc}")
    assert any(line.startswith(f"data/stories/{fixture}:") for line in lines), lines
    assert_listed_properly(lines)


# Messages quote at most a short preview of a bad value.


def _long_cases(project: Path) -> None:
    long = "x" * 500
    write_story(project, "long-principle", principles=["ownership", "p" + long])
    write_story(project, "long-id", id="i" + long)
    write_story(project, "long-field", **{"k" + long: "value"})
    write_story(project, "long-number", question=int("9" * 400))
    write_story(project, "long-type", tags="t" + long)
    path = project / "data" / "principles.yml"
    framework = yaml.safe_load(path.read_text(encoding="utf-8"))
    principles = framework["principles"]
    principles[1]["title"] = principles[0]["title"] = "T" + long
    path.write_text(yaml.safe_dump(framework, sort_keys=False, width=4096), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "letter"),
    [
        ("data/stories/long-principle.yml", "p"),
        ("data/stories/long-id.yml", "i"),
        ("data/stories/long-field.yml", "k"),
        ("data/stories/long-number.yml", "9"),
        ("data/stories/long-type.yml", "t"),
        ("data/principles.yml", "T"),
    ],
    ids=["unknown-principle", "id-not-file-name", "unknown-field", "number-for-text", "text-for-list", "duplicate-title"],
)
def test_a_message_quotes_at_most_a_short_preview(tmp_path: Path, file: str, letter: str) -> None:
    project = make_project(tmp_path / "project")
    _long_cases(project)
    lines = [line for line in problems(project) if line.startswith(file)]
    assert lines, f"nothing reported for {file}"
    for line in lines:
        assert letter * (PREVIEW + 1) not in line, f"{len(line)} characters: {line[:100]}..."


# Nothing hangs: checks whose cost grows with the square of a list's length.

PROBE = """
import json, sys, time
from pathlib import Path
from star_bank.model.load import DataFolderProblems, load_data
project = Path(sys.argv[1])
start = time.perf_counter()
try:
    load_data(project / "data", display_root=project, env={})
    lines = []
except DataFolderProblems as exc:
    lines = exc.lines
print(json.dumps({"seconds": time.perf_counter() - start, "count": len(lines), "first": lines[:2]}))
"""
QUADRATIC_SECONDS = 2.0
QUADRATIC_TIMEOUT = 8  # the list below takes minutes where the check is quadratic; stop waiting long before


@pytest.mark.parametrize(
    ("field", "items"),
    [
        ("tags", ["x", *range(5000)]),  # 34 KB: numbers and a word cannot be sorted together
        ("tags", [{"n": n} for n in range(2000)]),  # 19 KB of mappings
        ("principles", ["ownership", *range(5000)]),
    ],
    ids=["mixed-tags", "mapping-tags", "mixed-principles"],
)
def test_a_long_list_of_wrong_items_is_refused_quickly(tmp_path: Path, field: str, items: list[object]) -> None:
    project = make_project(tmp_path / "project")
    path = write_story(project, "long-list", **{field: items})
    try:
        completed = subprocess.run(
            [sys.executable, "-c", PROBE, str(project)],
            capture_output=True,
            text=True,
            timeout=QUADRATIC_TIMEOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"checking a {path.stat().st_size // 1024} KB story took more than {QUADRATIC_TIMEOUT} s")
    assert completed.returncode == 0, completed.stderr[-1500:]
    measured = json.loads(completed.stdout)
    print(f"{path.stat().st_size // 1024} KB: {measured}")
    assert measured["count"] >= 1
    assert measured["seconds"] < QUADRATIC_SECONDS


# `mkdocs serve`: while the data is broken, the problems are the site; a hostile field name stays text there.


# Three hostile field names in one story: one served problems page shows them all, each as text.
HOSTILE_KEYS = ["<script>__pwned('zq950sv')</script>", "\ue0000\ue001 zq951sv", "\x02wzxhzdk:0\x03 zq952sv"]


def test_serve_shows_hostile_field_names_in_the_problems_as_text(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    write_story(project, "hostile-key", **dict.fromkeys(HOSTILE_KEYS, "value"))
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=build_env(),
    )
    body = None
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            answer = fetch(f"http://127.0.0.1:{port}/principles/ownership/", timeout=5)
            body = answer.text if answer else None
            if body and "hostile-key.yml" in body:
                break
            time.sleep(0.3)
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert "Traceback" not in output, output[-3000:]
    assert body and "hostile-key.yml" in body, f"the problems page never came; server said:\n{output[-2000:]}"
    soup = BeautifulSoup(body, "html.parser")
    listing = soup.select_one(".star-problems")
    assert listing is not None
    for marker in ("zq950sv", "zq951sv", "zq952sv"):
        assert marker in listing.get_text(), marker
        assert not any(marker in str(script) for script in soup.find_all("script")), marker
    assert listing.find(True) is None or all(child.name in ("li", "code") for child in listing.find_all(True))

"""Bounded parsing: hostile files are refused quickly, in little memory, each with one normal problem line.

Each case runs read_yaml in a fresh process, which reports its time, the Python heap's peak (tracemalloc) and how
far the process's resident memory grew (ru_maxrss), so that a file that blows up memory or hangs fails its own test
and nothing else. On Linux that process is forked from one Python started once with PROBE's imports done (a fork
server), so no case pays Python's start-up; elsewhere each case starts its own Python. One real build at the end puts
the worst of them in one bank.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, make_project, run_build, write_story
from star_bank.model.load import DataFolderProblems, load_data
from star_bank.model.schema import STORY_SCHEMA, validate_document
from star_bank.model import yaml_reader
from star_bank.model.yaml_reader import MAX_DEPTH, MAX_FILE_BYTES, read_yaml

SECONDS = 2.0  # generous: every refusal here takes milliseconds on an idle machine
MEGABYTES = 64
PREVIEW = 40  # the most of a bad value a message quotes
TIMEOUT = 20  # a case still running after this is a hang
FILE = "data/stories/hostile.yml"
VALID_STORY = (
    "id: hostile\nprinciples: [ownership]\nquestion: q\nsituation: s\ntask: t\naction: a\nresult: r\n"
)
SECRET = "TOP-SECRET-7f3a9c outside the project"

PROBE = r"""
import json, resource, sys, time, tracemalloc
from pathlib import Path
from star_bank.model.yaml_reader import read_yaml
from star_bank.model.load import DataFolderProblems, load_data
from star_bank.model.schema import STORY_SCHEMA, validate_document, validator


def measure_here(path, file):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    start = time.perf_counter()
    try:
        doc, problems = read_yaml(path, file=file)
        if doc is not None and not problems:
            problems = validate_document(doc, STORY_SCHEMA)
        outcome = {"problems": [str(problem) for problem in problems], "exception": None}
    except BaseException as exc:
        outcome = {"problems": [], "exception": f"{type(exc).__name__}: {str(exc)[:300]}"}
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    return {**outcome, "seconds": seconds, "python_peak_mb": peak / 2**20, "rss_growth_mb": grown / 1024}


def serve(timeout):
    # Nothing here is measured: every import is done once, and each request is measured in a child forked from this
    # state. The story schema's validator is built here too (schema.py imports jsonschema on first use): it costs
    # every case the same 0.2 s of CPU and some memory whatever the file holds, so a measurement is the file's alone.
    import os, select, signal
    validator(STORY_SCHEMA)
    for request in sys.stdin:
        path, file = json.loads(request)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.close(out_r)
                os.close(err_r)
                os.dup2(out_w, 1)
                os.dup2(err_w, 2)
                # ru_maxrss starts here at this child's own resident size: Linux gives a forked process a new
                # high-water mark, its pages shared copy-on-write, not the server's past peak (a Python started by
                # subprocess does inherit the peak of the process that forked it: pytest's). Writing to a shared page
                # swaps one resident page for another, so the growth is what reading this file added, all MEGABYTES bounds.
                print(json.dumps(measure_here(Path(path), file)))
                code = 0
            except BaseException:
                sys.excepthook(*sys.exc_info())
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)  # never back into this loop, and no clean-up of the server's state
        os.close(out_w)
        os.close(err_w)
        chunks = {out_r: [], err_r: []}
        reading = [out_r, err_r]
        deadline = time.monotonic() + timeout
        while reading and time.monotonic() < deadline:
            ready, _, _ = select.select(reading, [], [], max(0.0, deadline - time.monotonic()))
            for fd in ready:
                chunk = os.read(fd, 65536)
                if chunk:
                    chunks[fd].append(chunk)
                else:
                    reading.remove(fd)
        done = 0
        while not done and time.monotonic() < deadline:  # once both pipes are closed the child is exiting
            done, status = os.waitpid(pid, os.WNOHANG)
            if not done:
                time.sleep(0.001)
        if not done:
            os.kill(pid, signal.SIGKILL)  # a hang (an expansion bomb, a FIFO opened) ends here, not the session
            _, status = os.waitpid(pid, 0)
        os.close(out_r)
        os.close(err_r)
        text = {fd: b"".join(parts).decode(errors="replace") for fd, parts in chunks.items()}
        reply = {"returncode": os.waitstatus_to_exitcode(status), "timed_out": not done, "stdout": text[out_r], "stderr": text[err_r]}
        print(json.dumps(reply), flush=True)


if sys.argv[1] == "--serve":
    serve(float(sys.argv[2]))
else:
    print(json.dumps(measure_here(Path(sys.argv[1]), sys.argv[2])))
"""
# Forking a warmed Python saves each case the start-up and imports (~0.4 s of CPU); the memory reasoning is Linux's.
FORK_SERVER = hasattr(os, "fork") and sys.platform.startswith("linux")


@dataclass(frozen=True)
class Measured:
    problems: list[str]
    exception: str | None
    seconds: float
    python_peak_mb: float
    rss_growth_mb: float


class _ProbeServer:
    """PROBE started once with --serve: each measurement is a child it forks, killed after TIMEOUT."""

    def __init__(self) -> None:
        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-c", PROBE, "--serve", str(TIMEOUT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=_probe_env(),
        )

    def run(self, path: Path, file: str) -> subprocess.CompletedProcess[str]:
        """The child's exit code, stdout and stderr, as subprocess.run would give them; a hang raises TimeoutExpired."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write((json.dumps([str(path), file]) + "\n").encode())
        self.process.stdin.flush()
        reply, deadline = b"", time.monotonic() + TIMEOUT + 10  # the server kills a child at TIMEOUT; this is if it cannot
        while not reply.endswith(b"\n"):
            ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(self.process.stdout.fileno(), 65536) if ready else b""
            if not chunk:
                self._stderr.seek(0)
                said = self._stderr.read().decode(errors="replace")[-2000:]
                self.close()
                pytest.fail(f"the probe server stopped answering: {said}")
            reply += chunk
        answer = json.loads(reply)
        args = [sys.executable, "-c", "PROBE", str(path), file]
        if answer["timed_out"]:
            raise subprocess.TimeoutExpired(args, TIMEOUT, output=answer["stdout"], stderr=answer["stderr"])
        return subprocess.CompletedProcess(args, answer["returncode"], answer["stdout"], answer["stderr"])

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()  # the server's loop ends at the end of its input
        try:
            self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._stderr.close()


_probe_server: _ProbeServer | None = None  # started by the first measure(), stopped when this module's tests end


@pytest.fixture(scope="module", autouse=True)
def _stop_probe_server() -> Iterator[None]:
    global _probe_server
    yield
    if _probe_server is not None:
        _probe_server.close()
        _probe_server = None


def _probe_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}


def _run_probe(path: Path, file: str) -> subprocess.CompletedProcess[str]:
    global _probe_server
    if not FORK_SERVER:
        return subprocess.run(
            [sys.executable, "-c", PROBE, str(path), file], capture_output=True, text=True, timeout=TIMEOUT, env=_probe_env()
        )
    if _probe_server is None or _probe_server.process.poll() is not None:
        _probe_server = _ProbeServer()
    return _probe_server.run(path, file)


def measure(path: Path, *, file: str = FILE) -> Measured:
    """read_yaml (then the story schema) on `path` in a fresh process; prints and returns what it cost."""
    completed = _run_probe(path, file)
    assert completed.returncode == 0, completed.stderr[-2000:]
    measured = Measured(**json.loads(completed.stdout.strip().splitlines()[-1]))
    print(
        f"{path.name}: {measured.seconds * 1000:.1f} ms, Python heap peak {measured.python_peak_mb:.2f} MB, "
        f"RSS grew {measured.rss_growth_mb:.2f} MB -> {measured.problems or measured.exception}"
    )
    return measured


def assert_refused(measured: Measured, *, line: int | None, says: str) -> str:
    """One problem line, at `line` (None: the file as a whole), saying `says`; quick and small. Returns the line."""
    assert measured.exception is None, f"read_yaml raised {measured.exception}"
    assert measured.seconds < SECONDS, f"took {measured.seconds:.2f} s"
    assert measured.python_peak_mb < MEGABYTES and measured.rss_growth_mb < MEGABYTES
    assert len(measured.problems) >= 1, "nothing was reported"
    first = measured.problems[0]
    where = f"{FILE}:{line}: " if line is not None else f"{FILE}: "
    assert first.startswith(where), f"{first!r} does not start with {where!r}"
    assert says in first, f"{first!r} does not say {says!r}"
    for problem in measured.problems:
        assert "\n" not in problem, f"a problem spans lines: {problem!r}"
    return first


def write(tmp_path: Path, text: str | bytes, name: str = "hostile.yml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# Expansion and depth.

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [{','.join(['*' + chr(ord('a') + n - 1)] * 9)}]" for n in range(1, 9)]
    + ["question: *i"]
)


def test_the_alias_bomb_is_small() -> None:
    assert len(BILLION_LAUGHS.encode()) < 1024


def test_a_billion_laughs_is_refused_at_its_first_anchor(tmp_path: Path) -> None:
    assert_refused(measure(write(tmp_path, BILLION_LAUGHS)), line=1, says="anchors and aliases")


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    assert_refused(measure(write(tmp_path, VALID_STORY + "tags: &loop [*loop]\n")), line=8, says="anchors and aliases")


def test_a_merge_key_is_refused_as_an_alias(tmp_path: Path) -> None:
    text = "base: &base {question: q}\n<<: *base\n"
    assert_refused(measure(write(tmp_path, text)), line=1, says="anchors and aliases")


@pytest.mark.parametrize(("opener", "closer"), [("[", "]"), ("{", "}")], ids=["lists", "mappings"])
def test_ten_thousand_levels_of_flow_nesting_are_refused(tmp_path: Path, opener: str, closer: str) -> None:
    text = "question: " + opener * 10_000 + closer * 10_000 + "\n"
    assert_refused(measure(write(tmp_path, text)), line=1, says=f"nested more than {MAX_DEPTH} levels deep")


def test_ten_thousand_unclosed_brackets_are_refused(tmp_path: Path) -> None:
    assert_refused(measure(write(tmp_path, "question: " + "[" * 10_000)), line=1, says="nested more than")


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    text = VALID_STORY + "tags: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n"
    measured = measure(write(tmp_path, text))
    assert measured.exception is None
    assert not any("nested" in problem for problem in measured.problems)


def test_one_level_past_the_limit_is_refused(tmp_path: Path) -> None:
    text = VALID_STORY + "tags: " + "[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH + "\n"
    assert_refused(measure(write(tmp_path, text)), line=8, says="nested more than")


# Size, and what is not a regular file.


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = write(tmp_path, VALID_STORY + "# " + "x" * MAX_FILE_BYTES + "\n")
    assert_refused(measure(path), line=None, says=f"may be at most {MAX_FILE_BYTES // 1024} KB")


def test_a_file_just_under_the_size_limit_is_read_quickly(tmp_path: Path) -> None:
    filler = "x" * (MAX_FILE_BYTES - len(VALID_STORY) - 100)
    measured = measure(write(tmp_path, VALID_STORY.replace("situation: s", f"situation: {filler}")))
    assert (measured.exception, measured.problems) == (None, [])
    assert measured.seconds < SECONDS


def test_a_folder_named_like_a_story_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "hostile.yml"
    folder.mkdir()
    assert_refused(measure(folder), line=None, says="is a folder")


def test_a_symlink_to_a_file_outside_the_project_is_refused_without_reading_it(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.yml"
    secret.parent.mkdir()
    secret.write_text(f"question: {SECRET}\n", encoding="utf-8")
    link = tmp_path / "hostile.yml"
    link.symlink_to(secret)
    problem = assert_refused(measure(link), line=None, says="symbolic link")
    assert SECRET not in problem and "secret" not in problem


def test_a_symlink_to_etc_passwd_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "hostile.yml"
    link.symlink_to("/etc/passwd")
    problem = assert_refused(measure(link), line=None, says="symbolic link")
    assert "root:" not in problem and "passwd" not in problem


def test_a_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "hostile.yml"
    link.symlink_to(tmp_path / "nowhere.yml")
    assert_refused(measure(link), line=None, says="symbolic link")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    """Opening a FIFO for reading waits for a writer forever: it must never be opened."""
    fifo = tmp_path / "hostile.yml"
    os.mkfifo(fifo)
    assert_refused(measure(fifo), line=None, says="is not a regular file")


def test_a_missing_file_is_a_whole_file_problem(tmp_path: Path) -> None:
    assert_refused(measure(tmp_path / "hostile.yml"), line=None, says="file is missing")


# Encoding and empty files.


def test_bytes_that_are_not_utf8_are_reported_at_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, VALID_STORY.encode("utf-8") + "tags: [café]\n".encode("latin-1"))
    assert_refused(measure(path), line=8, says="UTF-8")


def test_utf16_is_reported_as_not_utf8(tmp_path: Path) -> None:
    assert_refused(measure(write(tmp_path, VALID_STORY.encode("utf-16"))), line=None, says="UTF-8")


def test_a_utf8_byte_order_mark_is_read(tmp_path: Path) -> None:
    measured = measure(write(tmp_path, "\ufeff" + VALID_STORY))
    assert (measured.exception, measured.problems) == (None, [])


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b"], ids=["nul", "bell", "escape"])
def test_a_control_character_is_one_problem_line_at_its_line(tmp_path: Path, control: str) -> None:
    assert_refused(measure(write(tmp_path, VALID_STORY + f"tags: [a{control}b]\n")), line=8, says="character")


def test_without_libyaml_a_control_character_is_still_one_problem_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # PyYAML's pure-Python reader, the fallback where PyYAML was built without libyaml, checks the text as it starts.
    monkeypatch.setattr(yaml_reader, "YamlLoader", yaml.SafeLoader)
    doc, problems = read_yaml(write(tmp_path, VALID_STORY + "tags: [a\x07b]\n"), file=FILE)
    assert doc is None
    assert [str(problem) for problem in problems] == [f"{FILE}:8: holds the character U+0007, which YAML does not allow in a file; remove it"]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n# and another\n"], ids=["empty", "blank-lines", "comments"])
def test_an_empty_file_is_one_whole_file_problem(tmp_path: Path, text: str) -> None:
    assert_refused(measure(write(tmp_path, text)), line=None, says="file is empty")


def test_a_file_of_only_a_document_marker_says_it_holds_nothing(tmp_path: Path) -> None:
    measured = measure(write(tmp_path, "# nothing yet\n---\n"))
    assert measured.exception is None and measured.seconds < SECONDS
    assert len(measured.problems) == 1 and measured.problems[0].startswith(f"{FILE}:")
    assert measured.problems[0].endswith("the file must hold a mapping of fields, not empty")


def test_several_documents_in_one_file_are_refused_at_the_second(tmp_path: Path) -> None:
    assert_refused(measure(write(tmp_path, VALID_STORY + "---\n" + VALID_STORY)), line=8, says="single document")


# Field names that are not text, read as the text they were written as.


@pytest.mark.parametrize("key", ["yes", "no", "on", "1", "1.5", "null", "~", "true", "2024-01-01"])
def test_a_field_name_yaml_would_read_as_another_type_is_an_unknown_field(tmp_path: Path, key: str) -> None:
    assert_refused(measure(write(tmp_path, VALID_STORY + f"{key}: x\n")), line=8, says=f"{key}: unknown field")


@pytest.mark.parametrize(
    "text", ["? [a]\n: b\n", "? [a]: b\n", "[a]: b\n", "{a: 1}: b\n", "? {a: 1}\n: b\n"],
    ids=["complex-list-key", "list-key-in-complex-key", "flow-list-key", "flow-mapping-key", "complex-mapping-key"],
)
def test_a_field_name_that_is_a_list_or_mapping_is_reported_like_an_unknown_field(tmp_path: Path, text: str) -> None:
    problem = assert_refused(measure(write(tmp_path, VALID_STORY + text)), line=8, says="field")
    assert "field name" in problem or "unknown field" in problem, problem


def test_a_multi_line_field_name_is_one_problem_line(tmp_path: Path) -> None:
    assert_refused(measure(write(tmp_path, VALID_STORY + "? |\n  multi\n  line\n: x\n")), line=8, says="unknown field")


# Values YAML would turn into other types: a bad one is a problem, never an exception.


@pytest.mark.parametrize(
    "value",
    ["1" * 5000, "!!int abc", "!!float abc", "!!bool maybe"],
    ids=["5000-digits", "bad-int", "bad-float", "bad-bool"],
)
def test_a_value_yaml_cannot_convert_is_a_problem_not_an_exception(tmp_path: Path, value: str) -> None:
    assert_refused(measure(write(tmp_path, VALID_STORY + f"tags: [{value}]\n")), line=8, says="")


@pytest.mark.parametrize(
    "value",
    ["1:30", "1:30:00", "-1:30", "1:30.5", "017", "0o17", "0x1F", "0b101", "1_000", "1_000.5", ".inf", "-.Inf", ".NaN",
     "0x" + "f" * 5000, "0b" + "1" * 20_000],
    ids=["sexagesimal", "sexagesimal-hours", "negative-sexagesimal", "sexagesimal-float", "octal", "octal-yaml-1.2",
         "hexadecimal", "binary", "underscores", "underscores-float", "infinity", "negative-infinity", "not-a-number",
         "long-hex", "long-binary"],
)
def test_a_number_not_written_as_a_plain_decimal_is_read_as_the_text_written(tmp_path: Path, value: str) -> None:
    """YAML 1.1 reads `task: 1:30` as 90 and 017 as 15; no one writing a story or a setting means that."""
    doc, problems = read_yaml(write(tmp_path, f"task: {value}\n"), file=FILE)
    assert problems == [] and doc is not None
    assert doc.value == {"task": value}


@pytest.mark.parametrize(("written", "value"), [("0", 0), ("42", 42), ("-7", -7), ("+3", 3), ("1.5", 1.5), ("-0.25", -0.25), (".5", 0.5), ("1.5e+3", 1500.0)])
def test_a_plain_decimal_is_still_a_number(tmp_path: Path, written: str, value: float) -> None:
    doc, problems = read_yaml(write(tmp_path, f"max_seconds: {written}\n"), file=FILE)
    assert problems == [] and doc is not None
    assert doc.value == {"max_seconds": value} and type(doc.value["max_seconds"]) is type(value)


def test_a_sexagesimal_task_is_the_text_written_in_a_loaded_story(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    write_story(project, "half-past", task="placeholder")
    path = project / "data" / "stories" / "half-past.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("task: placeholder", "task: 1:30"), encoding="utf-8")
    stories = {story.id: story for story in load_data(project / "data", display_root=project, env={}).bank.stories}
    assert stories["half-past"].task == "1:30"


def test_a_setting_written_as_minutes_and_seconds_is_refused_as_text_not_as_90(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    site = project / "data" / "site.yml"
    text = site.read_text(encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if row.strip().startswith("max_seconds:"))
    site.write_text("\n".join(("  max_seconds: 2:30" if number == line else row) for number, row in enumerate(text.splitlines(), start=1)) + "\n", encoding="utf-8")
    lines = _load_lines(project)
    assert len(lines) == 1 and lines[0].startswith(f"data/site.yml:{line}: coach.max_seconds: "), lines
    assert "'2:30'" in lines[0] and "150" not in lines[0]


# Tags: YAML's plain types only; any other tag is one problem line naming it, and the rest of the file is still read.


def test_an_unknown_tag_is_one_line_naming_it_and_the_files_other_problems_are_still_listed(tmp_path: Path) -> None:
    text = (
        "id: hostile\nprinciples: [ownership]\nquestion: q\nsituation: s\n"
        "task: !foo x\n"
        "action: !!python/name:os.system a\n"
        "reslt: r\n"
    )
    doc, problems = read_yaml(write(tmp_path, text), file=FILE)
    assert doc is not None
    lines = sorted(str(problem) for problem in [*problems, *validate_document(doc, STORY_SCHEMA)])
    assert lines == [
        f"{FILE}:1: result: is required",
        f"{FILE}:5: holds the YAML tag '!foo', which is not read; remove it",
        f"{FILE}:6: holds the YAML tag '!!python/name:os.system', which is not read; remove it",
        f"{FILE}:7: reslt: unknown field (did you mean 'result'?)",
    ]


def test_a_tag_declared_by_a_tag_directive_is_named(tmp_path: Path) -> None:
    doc, problems = read_yaml(write(tmp_path, "%TAG !e! tag:example.com,2000:\n---\n" + VALID_STORY + "tags: [!e!foo x]\n"), file=FILE)
    assert [str(problem) for problem in problems] == [f"{FILE}:10: holds the YAML tag 'tag:example.com,2000:foo', which is not read; remove it"]
    assert doc is not None and doc.value["tags"] == ["x"]


@pytest.mark.parametrize(
    ("written", "tag", "value"),
    [
        ("!!set {a, b}", "!!set", {"a": None, "b": None}),
        ("!!omap [a: 1]", "!!omap", [{"a": 1}]),
        ("!!pairs [a: 1]", "!!pairs", [{"a": 1}]),
        ("!!python/object/apply:os.system [echo]", "!!python/object/apply:os.system", ["echo"]),
        ("!!python/tuple [a]", "!!python/tuple", ["a"]),
        ("!!map [a]", "!!map", ["a"]),
        ("!!seq {a: 1}", "!!seq", {"a": 1}),
        ("!!seq a", "!!seq", "a"),
        ("!!merge a", "!!merge", "a"),
        ("!<tag:example.com:x> a", "tag:example.com:x", "a"),
        ("!local a", "!local", "a"),
    ],
)
def test_any_other_tag_on_a_value_list_or_mapping_is_named_and_the_value_read_without_it(
    tmp_path: Path, written: str, tag: str, value: object
) -> None:
    doc, problems = read_yaml(write(tmp_path, VALID_STORY + f"tags: {written}\n"), file=FILE)
    assert [str(problem) for problem in problems] == [f"{FILE}:8: holds the YAML tag {tag!r}, which is not read; remove it"]
    assert doc is not None and doc.value["tags"] == value


def test_a_tag_on_a_field_name_is_named(tmp_path: Path) -> None:
    doc, problems = read_yaml(write(tmp_path, VALID_STORY + "!foo tags: [a]\n"), file=FILE)
    assert [str(problem) for problem in problems] == [f"{FILE}:8: holds the YAML tag '!foo', which is not read; remove it"]
    assert doc is not None and doc.value["tags"] == ["a"]


def test_every_bad_tag_in_a_file_is_listed(tmp_path: Path) -> None:
    text = VALID_STORY.replace("task: t", "task: !one t").replace("result: r", "result: !two r") + "tags: [!three a, !four b]\n"
    measured = measure(write(tmp_path, text))
    assert measured.exception is None
    assert sorted(measured.problems) == sorted(
        f"{FILE}:{line}: holds the YAML tag '!{name}', which is not read; remove it"
        for line, name in ((5, "one"), (7, "two"), (8, "three"), (8, "four"))
    )


@pytest.mark.parametrize(
    "value",
    ["2023-02-30", "2024-13-45", "2024-01-01 25:00:00", "!!timestamp tomorrow", "2024-01-01"],
    ids=["february-30", "month-13", "hour-25", "bad-timestamp", "a-real-date"],
)
def test_a_date_yaml_would_convert_is_read_as_the_text_it_was_written_as(tmp_path: Path, value: str) -> None:
    """No story field is a date: a date-like value (valid or not) is text, never a crash."""
    measured = measure(write(tmp_path, VALID_STORY + f"tags: [{value}]\n"))
    assert (measured.exception, measured.problems) == (None, [])


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    sentinel = tmp_path / "ran"
    text = VALID_STORY + f"tags: !!python/object/apply:os.system ['touch {sentinel}']\n"
    assert_refused(measure(write(tmp_path, text)), line=8, says="holds the YAML tag '!!python/object/apply:os.system'")
    assert not sentinel.exists()


def test_a_long_unknown_tag_is_quoted_short(tmp_path: Path) -> None:
    measured = measure(write(tmp_path, VALID_STORY + "tags: !<tag:" + "x" * 1000 + "> a\n"))
    problem = assert_refused(measured, line=8, says="holds the YAML tag")
    assert "x" * (PREVIEW + 1) not in problem, f"{len(problem)} characters: {problem[:120]}..."


def test_a_long_bad_value_is_quoted_short(tmp_path: Path) -> None:
    measured = measure(write(tmp_path, VALID_STORY.replace("question: q", "question: " + "9" * 3000)))
    problem = assert_refused(measured, line=3, says="too long a number; put it in quotes")
    assert "9" * (PREVIEW + 1) not in problem


def test_a_duplicate_field_names_both_lines(tmp_path: Path) -> None:
    measured = measure(write(tmp_path, VALID_STORY + "question: again\n"))
    assert_refused(measured, line=8, says="question: appears twice (first on line 3)")


def test_a_valid_story_reads_with_every_field_on_its_line(tmp_path: Path) -> None:
    doc, problems = read_yaml(write(tmp_path, VALID_STORY + "tags:\n  - a\n  - b\n"), file=FILE)
    assert problems == [] and doc is not None
    assert validate_document(doc, STORY_SCHEMA) == []
    assert (doc.line(("question",)), doc.line(("tags", 1)), doc.line(("tags", 1, "x"))) == (3, 10, 10)


# The worst of the above in one bank, built for real.


def test_a_build_of_a_hostile_folder_lists_every_problem_quickly_and_leaks_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    stories = project / "data" / "stories"
    write_story(project, "fine-story")
    (stories / "alias-bomb.yml").write_text(BILLION_LAUGHS, encoding="utf-8")
    (stories / "deep.yml").write_text("question: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    (stories / "too-big.yml").write_text("# " + "x" * (MAX_FILE_BYTES + 10) + "\n", encoding="utf-8")
    (stories / "folder.yml").mkdir()
    secret = tmp_path / "secret.yml"
    secret.write_text(f"question: {SECRET}\n", encoding="utf-8")
    (stories / "outside.yml").symlink_to(secret)
    (stories / "passwd.yml").symlink_to("/etc/passwd")
    if hasattr(os, "mkfifo"):
        os.mkfifo(stories / "pipe.yml")
    (stories / "latin1.yml").write_bytes("question: café\n".encode("latin-1"))
    (stories / "two-documents.yml").write_text(VALID_STORY + "---\n" + VALID_STORY, encoding="utf-8")
    result = run_build(project)
    print(result.output)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert not (result.site / "index.html").exists()
    names = ["alias-bomb", "deep", "too-big", "folder", "outside", "passwd", "latin1", "two-documents"]
    names += ["pipe"] if hasattr(os, "mkfifo") else []
    for name in names:
        assert f"data/stories/{name}.yml" in result.output, f"{name}.yml is not listed"
    assert SECRET not in result.output and "root:" not in result.output
    if result.site.exists():
        for built in result.site.rglob("*"):
            if built.is_file():
                assert SECRET.encode() not in built.read_bytes()


def _load_lines(project: Path) -> list[str]:
    with pytest.raises(DataFolderProblems) as caught:
        load_data(project / "data", display_root=project, env={})
    return caught.value.lines


def test_a_stories_folder_that_is_a_symlink_is_refused_unread(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.yml").write_text(f"question: {SECRET}\n", encoding="utf-8")
    stories = project / "data" / "stories"
    for story in stories.iterdir():
        story.unlink()
    stories.rmdir()
    stories.symlink_to(outside, target_is_directory=True)
    lines = _load_lines(project)
    assert lines == ["data/stories: must be a real folder of story files"]
    assert SECRET not in "\n".join(lines)


@pytest.mark.parametrize("name", ["site.yml", "principles.yml"])
def test_a_symlinked_site_or_principles_file_is_refused_unread(tmp_path: Path, name: str) -> None:
    project = make_project(tmp_path / "project")
    target = project / "data" / name
    secret = tmp_path / f"secret-{name}"
    secret.write_text(f"title: {SECRET}\n", encoding="utf-8")
    target.unlink()
    target.symlink_to(secret)
    lines = _load_lines(project)
    assert f"data/{name}: is a symbolic link; data files must be real files inside data/" in lines
    assert SECRET not in "\n".join(lines)

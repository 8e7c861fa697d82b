"""`mkdocs serve`, the candidate's workbench: it rebuilds from scratch on every change under data/, and while the
data is broken every page answers at once with the list of problems, until a saved fix brings the site back."""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import build_env, edit_site, make_project, write_story
from pages_server import fetch, free_port

PAGE = "principles/dive-deep/"
STORY = "fraud-precision-root-cause"
STORY_BLOCK = f'data-story="{STORY}"'  # on the page only when the story is
WAIT_SECONDS = 60
ANSWER_SECONDS = 5  # a page request while the data is broken must answer well within this


@dataclass
class Server:
    """A real `mkdocs serve` on a free port, with its terminal output collected as it comes."""

    project: Path
    url: str
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def terminal(self) -> str:
        return "".join(self.output)


def fetch_text(url: str) -> tuple[int, str] | None:
    """(status, body), 404 pages included; None when nothing answers within ANSWER_SECONDS."""
    answer = fetch(url, timeout=ANSWER_SECONDS)
    return None if answer is None else (answer.status, answer.text)


def wait_for(url: str, text: str) -> str:
    """The body of `url` once it holds `text`; fails after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    body = ""
    while time.monotonic() < deadline:
        answer = fetch_text(url)
        if answer is not None and text in answer[1]:
            return answer[1]
        body = answer[1] if answer else body
        time.sleep(0.2)
    pytest.fail(f"{url} never showed {text!r}; last answer: {body[-500:]}")


@contextmanager
def serving(project: Path, *, ready: tuple[str, str] = (PAGE, STORY_BLOCK), env: dict[str, str] | None = None) -> Iterator[Server]:
    """A real `mkdocs serve` of `project`, once `ready` (a page and a text on it) answers; stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=build_env(env),
    )
    running = Server(project, f"http://127.0.0.1:{port}/", process)
    reader = threading.Thread(target=lambda: running.output.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        wait_for(running.url + ready[0], ready[1])
        yield running
    except BaseException:  # pytest.fail() included: the report shows what serve printed up to the failure
        print(f"mkdocs serve's output:\n{running.terminal()[-6000:]}", file=sys.stderr)
        raise
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode is not None


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Server]:
    with serving(make_project(tmp_path / "project")) as running:
        yield running


def test_each_rebuild_starts_from_scratch(server: Server) -> None:
    """Nothing of an earlier build survives: a deleted story is gone, a new setting is used, a new story appears."""
    (server.project / "data" / "stories" / f"{STORY}.yml").unlink()
    body = wait_for(server.url + PAGE, "No story answers this principle yet.")
    assert STORY not in body
    site = server.project / "data" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("title: Amazon Leadership Principles for AI/ML Roles", "title: A Fresh Title"), encoding="utf-8")
    wait_for(server.url, "<title>A Fresh Title</title>")
    write_story(server.project, "midnight-draft", principles=["dive-deep"], private=True)
    body = wait_for(server.url + PAGE, "midnight-draft")
    assert "Private:" in body, "the workbench shows private stories, marked"


def test_broken_data_answers_every_page_at_once_with_the_problems_until_fixed(server: Server) -> None:
    story = server.project / "data" / "stories" / f"{STORY}.yml"
    good = story.read_text(encoding="utf-8")
    broken = good.replace("result:", "reslt:").replace("  - dive-deep\n", "  - dive-deeep\n", 1)
    problems = (
        f"data/stories/{STORY}.yml:4: principles[0]: unknown principle 'dive-deeep' (did you mean 'dive-deep'?)",
        f"data/stories/{STORY}.yml:",
        "reslt: unknown field (did you mean 'result'?)",
    )
    for attempt in range(2):  # the same mistake twice: the list every time
        story.write_text(broken + ("\n" * attempt), encoding="utf-8")
        wait_for(server.url, "The data has problems")
        for url in (server.url, server.url + PAGE, server.url + "quick-reference/", server.url + "no/such/page/"):
            started = time.monotonic()
            answer = fetch_text(url)
            assert answer is not None, f"{url} did not answer"
            assert time.monotonic() - started < ANSWER_SECONDS
            status, body = answer
            for line in problems:
                assert line.replace("'", "&#x27;") in body or line in body, (url, status, body[-800:])
        for line in problems:
            assert line in server.terminal(), "the terminal shows the same list"
    assert "Aborted with a BuildError" not in server.terminal()
    story.write_text(good, encoding="utf-8")
    wait_for(server.url + PAGE, STORY_BLOCK)
    assert "The data has problems" not in fetch_text(server.url)[1]


# Whatever data/, data/site.yml, docs/ or the environment hold, every request answers within seconds.

URLS = ("", PAGE, "quick-reference/", "no/such/page/")


def answer_all(server: Server, *texts: str) -> None:
    """Every URL answers within ANSWER_SECONDS with a page holding each of `texts` (as written or HTML-escaped)."""
    for path in URLS:
        started = time.monotonic()
        answer = fetch_text(server.url + path)
        took = time.monotonic() - started
        assert answer is not None and took < ANSWER_SECONDS, f"{path or '/'} did not answer within {ANSWER_SECONDS} s"
        body = answer[1]
        for text in texts:
            assert text in body or html.escape(text) in body, (path, text, body[-800:])


def test_serve_answers_through_every_broken_state_and_recovers_after_each_fix_without_a_restart(tmp_path: Path) -> None:
    """One server, started on a bank it cannot publish, taken through every kind of breakage and back.

    Each change to a story file is also the check that serve rebuilds on one.
    """
    project = make_project(tmp_path / "project")
    data = project / "data"
    story = data / "stories" / f"{STORY}.yml"
    good = story.read_text(encoding="utf-8")
    edit_site(project, coach={"strict_hints": True})  # the sample bank has hints: started this way, serve used to exit
    strict = "coach.strict_hints is on"
    with serving(project, ready=("", strict)) as server:
        answer_all(server, strict)
        edit_site(project, coach={"strict_hints": False})
        wait_for(server.url + PAGE, STORY_BLOCK)

        edit_site(project, coach={"strict_hints": True})  # while serving, every page used to time out
        wait_for(server.url, strict)
        answer_all(server, strict)
        edit_site(project, coach={"strict_hints": False})
        wait_for(server.url + PAGE, STORY_BLOCK)

        # data/ renamed away and back: serve used to stop watching it for good.
        away = project / "data-away"
        data.rename(away)
        wait_for(server.url, "data: folder is missing")
        answer_all(server, "data: folder is missing")
        (away / "stories" / story.name).write_text(good.replace("precision jumped back", "precision leapt back"), encoding="utf-8")
        away.rename(data)
        wait_for(server.url + PAGE, "precision leapt back")

        # data/ deleted, then put back as a copy.
        shutil.copytree(data, tmp_path / "backup")
        shutil.rmtree(data)
        wait_for(server.url, "data: folder is missing")
        answer_all(server, "data: folder is missing")
        shutil.copytree(tmp_path / "backup", data)
        wait_for(server.url + PAGE, "precision leapt back")

        # An unknown YAML tag and a misspelt field in a story file: both listed.
        story.write_text(good.replace("task:", "task: !foo").replace("result:", "reslt:"), encoding="utf-8")
        wait_for(server.url, "!foo")
        answer_all(server, "holds the YAML tag '!foo', which is not read; remove it", "reslt: unknown field")
        story.write_text(good, encoding="utf-8")
        wait_for(server.url + PAGE, STORY_BLOCK)

        # Files built to take a reader down: an alias bomb, 100,000 open brackets, a folder named like a story.
        stories = data / "stories"
        (stories / "bomb.yml").write_text(
            'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)),
            encoding="utf-8",
        )
        (stories / "deep.yml").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
        (stories / "folder.yml").mkdir()
        wait_for(server.url, "bomb.yml")
        answer_all(server, "data/stories/bomb.yml:1: anchors and aliases", "data/stories/deep.yml:1: is nested more than", "data/stories/folder.yml: is a folder")
        for name in ("bomb.yml", "deep.yml"):
            (stories / name).unlink()
        (stories / "folder.yml").rmdir()
        wait_for(server.url + PAGE, STORY_BLOCK)

        # A 500-deep list in a field: a problem line, or the site; never a request left waiting.
        write_story(project, "deep-list", principles=["dive-deep"], situation="- " * 500 + "x")
        wait_for(server.url + PAGE, "deep-list")  # rebuilt: the story on its page, or its file in the problem list
        answer_all(server)
        (data / "stories" / "deep-list.yml").unlink()
        wait_for(server.url + PAGE, STORY_BLOCK)

        # A file name that would forge a line in the terminal is printed escaped.
        forged = data / "stories" / "x\nFORGED-LINE \x1b[31m.txt"
        forged.write_text("not a story\n", encoding="utf-8")
        wait_for(server.url + PAGE, STORY_BLOCK)
        deadline = time.monotonic() + WAIT_SECONDS
        while "FORGED-LINE" not in server.terminal() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "x\\nFORGED-LINE \\x1b[31m.txt: not read as a story" in server.terminal()
        assert not any(line.startswith("FORGED-LINE") for line in server.terminal().splitlines())
        assert "\x1b[31m" not in server.terminal()
        forged.unlink()

        # A page of docs/ MkDocs cannot read fails later in the build than any check of data/: the page says why.
        broken = project / "docs" / "broken.md"
        broken.write_bytes(b"# Broken\n\xff\xfe\n")
        wait_for(server.url, "UnicodeDecodeError")
        answer_all(server, "UnicodeDecodeError")
        broken.unlink()
        wait_for(server.url + PAGE, STORY_BLOCK)

        assert server.process.poll() is None, "the server is still running"
    assert "Traceback" not in server.terminal(), server.terminal()[-3000:]


def test_serve_started_with_bad_variables_answers_with_the_problems(tmp_path: Path) -> None:
    """A bad STAR_* variable is a problem line on every page; a SOURCE_DATE_EPOCH MkDocs cannot read is set aside with a warning."""
    env = {"STAR_VIEW": "bogus", "SOURCE_DATE_EPOCH": "99999999999999999999"}
    with serving(make_project(tmp_path / "project"), ready=("", "STAR_VIEW=&#x27;bogus&#x27;"), env=env) as server:
        answer_all(server, "The environment has problems:", "STAR_VIEW='bogus': must be public or workbench")
        assert "SOURCE_DATE_EPOCH='99999999999999999999': must be a whole number" in server.terminal()
        assert server.process.poll() is None
    assert "Traceback" not in server.terminal() and "OverflowError" not in server.terminal()

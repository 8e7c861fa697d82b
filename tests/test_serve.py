"""`mkdocs serve`, the candidate's workbench: it rebuilds from scratch on every change under data/, and while the
data is broken every page answers at once with the list of problems, until a saved fix brings the site back."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import build_env, make_project, write_story

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, str] | None:
    """(status, body), 404 pages included; None when nothing answers within ANSWER_SECONDS."""
    try:
        with urllib.request.urlopen(url, timeout=ANSWER_SECONDS) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str) -> str:
    """The body of `url` once it holds `text`; fails after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    body = ""
    while time.monotonic() < deadline:
        answer = fetch(url)
        if answer is not None and text in answer[1]:
            return answer[1]
        body = answer[1] if answer else body
        time.sleep(0.2)
    pytest.fail(f"{url} never showed {text!r}; last answer: {body[-500:]}")


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Server]:
    project = make_project(tmp_path / "project")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=build_env(),
    )
    running = Server(project, f"http://127.0.0.1:{port}/", process)
    reader = threading.Thread(target=lambda: running.output.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        wait_for(running.url + PAGE, STORY_BLOCK)
        yield running
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode is not None


def test_serve_rebuilds_when_a_story_file_changes(server: Server) -> None:
    story = server.project / "data" / "stories" / f"{STORY}.yml"
    story.write_text(story.read_text(encoding="utf-8").replace("precision jumped back", "precision leapt back"), encoding="utf-8")
    wait_for(server.url + PAGE, "precision leapt back")


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
            answer = fetch(url)
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
    assert "The data has problems" not in fetch(server.url)[1]


def test_hostile_files_never_stop_the_server(server: Server) -> None:
    stories = server.project / "data" / "stories"
    (stories / "bomb.yml").write_text(
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8)),
        encoding="utf-8",
    )
    (stories / "deep.yml").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (stories / "folder.yml").mkdir()
    body = wait_for(server.url, "bomb.yml")
    assert "deep.yml" in body and "folder.yml" in body
    assert server.process.poll() is None, "the server is still running"
    for name in ("bomb.yml", "deep.yml"):
        (stories / name).unlink()
    (stories / "folder.yml").rmdir()
    wait_for(server.url + PAGE, STORY_BLOCK)

"""`mkdocs serve` rebuilds when a file under data/ changes (story edits live outside docs/)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import copy_project

PAGE = "principles/dive-deep/"
WAIT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str) -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return True
        time.sleep(0.2)
    return False


def test_serve_rebuilds_when_a_story_file_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # serve mounts the site at site_url's path; pin it so the URL below is known.
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"},
    )
    try:
        url = f"http://127.0.0.1:{port}/{PAGE}"
        assert wait_for(url, "fraud-precision-root-cause"), "serve never served the page"
        story = project / "data" / "stories" / "fraud-precision-root-cause.yml"
        story.write_text(story.read_text(encoding="utf-8").replace("precision jumped back", "precision leapt back"), encoding="utf-8")
        assert wait_for(url, "precision leapt back"), "the page was not rebuilt after the data changed"
    finally:
        server.terminate()
        server.wait(timeout=10)

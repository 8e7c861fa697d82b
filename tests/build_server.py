"""`mkdocs build` without paying Python's start-up and MkDocs' imports for every build of the test session.

A server process imports MkDocs' command line, the theme and Markdown once, then forks once per build: the child
changes to the build's folder and environment and runs the same command line `python -m mkdocs build` runs, in a
process of its own that no other build has touched. Nothing of the project (hooks/, star_bank) is imported before
the fork, so each build loads its own project's hooks. A build whose environment sets PYTHONPATH, which only a
new interpreter reads, runs as a plain subprocess instead (`run_build` in conftest.py decides).
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

# The server: imports first (what every build would import), then one fork per request line on stdin.
SERVER = r"""
import json, os, sys, traceback
import mkdocs.__main__, mkdocs.commands.build, mkdocs.config.defaults, mkdocs.structure.files
import material.plugins.search.plugin, jinja2, markdown, yaml
import pymdownx.details, pymdownx.highlight, pymdownx.inlinehilite, pymdownx.slugs, pymdownx.superfences, pymdownx.tabbed
for line in sys.stdin:
    request = json.loads(line)
    child = os.fork()
    if child == 0:
        code = 1
        try:
            for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
                os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            sys.argv = ["mkdocs", *request["args"]]
            try:
                mkdocs.__main__.cli()
                code = 0
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(child, 0)
    print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)
"""


class BuildServer:
    """Servers started on first use, one for each build running at once in this test process (threads may build
    side by side, as test_hostile.py does two at a time); each server runs one build at a time."""

    def __init__(self) -> None:
        self._idle: list[subprocess.Popen[str]] = []
        self._lock = threading.Lock()

    def run(self, args: list[str], *, cwd: Path, env: dict[str, str], timeout: float) -> tuple[int, str, str]:
        """Exit code, standard output and standard error of `mkdocs <args>` run in `cwd` with exactly `env`."""
        process = self._take(env)
        with tempfile.TemporaryDirectory() as folder:
            out, err = Path(folder) / "stdout", Path(folder) / "stderr"
            process.stdin.write(json.dumps({"args": args, "cwd": str(cwd), "env": env, "stdout": str(out), "stderr": str(err)}) + "\n")
            process.stdin.flush()
            if not select.select([process.stdout], [], [], timeout)[0]:
                process.kill()
                process.wait()
                raise subprocess.TimeoutExpired(["mkdocs", *args], timeout)
            code = json.loads(process.stdout.readline())
            with self._lock:
                self._idle.append(process)
            return code, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")

    def _take(self, env: dict[str, str]) -> subprocess.Popen[str]:
        """An idle server, or a new one. A server ends when this process does: its requests' pipe closes."""
        with self._lock:
            while self._idle:
                process = self._idle.pop()
                if process.poll() is None:
                    return process
        return subprocess.Popen([sys.executable, "-c", SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)


BUILD_SERVER = BuildServer()

"""Publishing: the Pages and audit workflows, the theme overrides, link-preview tags, sitemap, 404, the site crawled under a fork's subpath, and the test server."""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import PUBLISHED_SITE_URL, ROOT, SAMPLE_BANK, plain
from pages_server import Answer, fetch, serve_site
from star_bank.model.load import load_data

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
AUDIT_WORKFLOW = ROOT / ".github" / "workflows" / "audit.yml"
CI_RUN = ROOT / ".ci" / "run"
MAKEFILE = ROOT / "Makefile"
# What the deploy path must never run: its result moves with the runner's load (Lighthouse, the benchmark),
# or it is the whole of CI (.ci/run), which runs both.
LOAD_DEPENDENT = re.compile(r"lighthouse|run_audit|bench\.py|\bmake\b[^\n;&|]*\b(?:audit|bench)\b|\.ci/run\b", re.IGNORECASE)
README = ROOT / "README.md"
BANK = load_data(SAMPLE_BANK, display_root=SAMPLE_BANK, env={}).bank
# A fork's address, as actions/configure-pages gives it: the site must work under /<repo>/.
FORK_SITE_URL = PUBLISHED_SITE_URL
PREFIX = urlsplit(FORK_SITE_URL).path
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CARD_SIZE = (1200, 630)
SHARE_TAGS = (
    ("property", "og:title"),
    ("property", "og:description"),
    ("property", "og:url"),
    ("property", "og:type"),
    ("property", "og:image"),
    ("name", "twitter:card"),
    ("name", "twitter:title"),
    ("name", "twitter:description"),
    ("name", "twitter:image"),
)


# --- The workflows: two paths to Pages, and the audit -----------------------------------------------

CHANGES_JOB, DATA_JOB, FULL_JOB, DEPLOY_JOB = "changes", "data", "full", "deploy"
CHANGED_PATHS = ROOT / ".ci" / "changed-paths"
# What the data-only path must never run, directly, in a script it calls, or in a make target's recipe or
# prerequisites: a browser, Java, npm and its checkers, the test suite or its packages, or what installs them.
NOT_ON_THE_DATA_PATH = re.compile(
    r"chromium|playwright|openjdk|\bjava\b|\bnpm\b|\bnpx\b|node_modules|pytest|requirements-test|\bmake\s+test\b|\.ci/(?:install|run)\b",
    re.IGNORECASE,
)
# The only Debian packages the data-only path installs: what Material's social cards draw with.
CARD_PACKAGES = {"libcairo2", "fonts-roboto-unhinted"}
STATUS_FUNCTION = re.compile(r"\b(?:always|cancelled|failure|success)\(\)")
NOT_PULL_REQUEST = "github.event_name != 'pull_request'"


def load_workflow(path: Path = WORKFLOW) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def workflow_steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def step_index(steps: list[dict], action: str) -> int:
    found = [i for i, step in enumerate(steps) if str(step.get("uses", "")).startswith(action + "@")]
    assert len(found) == 1, f"{action} should be used exactly once, found {len(found)}"
    return found[0]


def step_kind(step: dict) -> str:
    """What a step does, in one word: the action it uses without its version, or its command."""
    return str(step["uses"]).split("@")[0] if "uses" in step else " ".join(str(step["run"]).split())


def readme_build_command() -> str:
    """The strict-build command the README tells people to run."""
    commands = re.findall(r"`(make build)`", README.read_text(encoding="utf-8"))
    assert commands, "README.md names no `make build` command"
    return commands[0]


def build_step_index(steps: list[dict]) -> int:
    builds = [i for i, step in enumerate(steps) if readme_build_command() in str(step.get("run", "")).splitlines()]
    assert len(builds) == 1, "exactly one step should run the README's build command on a line of its own"
    return builds[0]


def needs_of(job: dict) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def make_rule(target: str) -> tuple[list[str], str]:
    """A Makefile target's prerequisites and its commands (the tab-indented lines under `target:`)."""
    match = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n)*)", MAKEFILE.read_text(encoding="utf-8"), re.MULTILINE)
    return (match.group(1).split(), match.group(2)) if match else ([], "")


def expand_target(target: str, *, seen: frozenset[str]) -> str:
    """A make target's commands and, before them, its prerequisites', all the way down."""
    if target in seen:
        return ""
    prerequisites, recipe = make_rule(target)
    seen = seen | {target}
    return "\n".join([*(expand_target(p, seen=seen) for p in prerequisites), expand_command(recipe, seen=seen)])


def expand_command(command: str, *, seen: frozenset[str] = frozenset()) -> str:
    """A step's command with what it calls spelt out: the project's scripts it runs and the make targets' rules."""
    command = re.sub(r"(?:^|\s)#.*", "", command, flags=re.MULTILINE)  # comments run nothing
    expanded = [command]
    for script in re.findall(r"(?<![\w/.-])(\.ci/[\w.-]+)", command):
        path = ROOT / script
        if script not in seen and path.is_file():
            expanded.append(expand_command(path.read_text(encoding="utf-8"), seen=seen | {script}))
    for target in re.findall(r"\bmake\s+(?:-\S+\s+)*([\w./-]+)", command):
        expanded.append(expand_target(target, seen=seen))
    return "\n".join(expanded)


def step_text(step: dict) -> str:
    return expand_command(" ".join(str(step.get(key, "")) for key in ("uses", "run")))


class _Context:
    """A workflow context (github, needs) read by attribute; a name the run does not have fails the test."""

    def __init__(self, values: dict) -> None:
        self._values = values

    def __getattr__(self, name: str) -> object:
        value = self._values[name]
        return _Context(value) if isinstance(value, dict) else value


def job_condition_holds(condition: str, *, event: str, needs: dict[str, dict], cancelled: bool = False) -> bool:
    """A job's `if` as GitHub reads it: success() of every need is implied unless a status function is named.

    Only the operators the workflow uses are read (==, !=, &&, ||, !, parentheses); they map one to one onto Python's.
    """
    expression = condition.strip().removeprefix("${{").removesuffix("}}").strip()
    if not STATUS_FUNCTION.search(expression):
        expression = f"success() && ({expression})"
    python = re.sub(r"!(?!=)", " not ", expression.replace("&&", " and ").replace("||", " or "))
    succeeded = all(need["result"] == "success" for need in needs.values())
    names = {
        "github": _Context({"event_name": event}),
        "needs": _Context(needs),
        "success": lambda: succeeded and not cancelled,
        "always": lambda: True,
        "cancelled": lambda: cancelled,
        "failure": lambda: any(need["result"] == "failure" for need in needs.values()),
    }
    return bool(eval(python, {"__builtins__": {}}, names))  # noqa: S307 - the project's own workflow file


def jobs_run(workflow: dict, *, event: str, path: str, failing: frozenset[str] = frozenset()) -> list[str]:
    """The jobs a run of `workflow` starts, in order, when .ci/changed-paths says `path` and the jobs in `failing` fail."""
    jobs = workflow["jobs"]
    results: dict[str, str] = {}
    started: list[str] = []
    pending = list(jobs)
    while pending:
        name = next(name for name in pending if all(need in results for need in needs_of(jobs[name])))
        pending.remove(name)
        needs = {
            need: {
                "result": results[need],
                "outputs": {key: path if results[need] == "success" else "" for key in jobs[need].get("outputs", {})},
            }
            for need in needs_of(jobs[name])
        }
        if job_condition_holds(str(jobs[name].get("if", "success()")), event=event, needs=needs):
            started.append(name)
            results[name] = "failure" if name in failing else "success"
        else:
            results[name] = "skipped"
    return started


def test_each_event_takes_its_path_and_only_a_push_or_a_manual_run_deploys() -> None:
    workflow = load_workflow()
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert {"pull_request", "workflow_dispatch"} <= set(triggers(workflow))
    assert jobs_run(workflow, event="push", path="data") == [CHANGES_JOB, DATA_JOB, DEPLOY_JOB]
    assert jobs_run(workflow, event="push", path="full") == [CHANGES_JOB, FULL_JOB, DEPLOY_JOB]
    assert jobs_run(workflow, event="workflow_dispatch", path="full") == [CHANGES_JOB, FULL_JOB, DEPLOY_JOB]
    assert jobs_run(workflow, event="pull_request", path="full") == [CHANGES_JOB, FULL_JOB]
    # Were .ci/changed-paths ever to say "data" for a pull request or a manual run, the data path would still not run.
    assert jobs_run(workflow, event="pull_request", path="data") == [CHANGES_JOB]
    assert jobs_run(workflow, event="workflow_dispatch", path="data") == [CHANGES_JOB]


def test_deploy_needs_the_path_that_ran_to_succeed_and_never_follows_a_pull_request() -> None:
    workflow = load_workflow()
    assert set(needs_of(workflow["jobs"][DEPLOY_JOB])) == {CHANGES_JOB, DATA_JOB, FULL_JOB}
    for path, job in (("data", DATA_JOB), ("full", FULL_JOB)):
        assert DEPLOY_JOB not in jobs_run(workflow, event="push", path=path, failing=frozenset({job})), f"deployed after {job} failed"
        assert DEPLOY_JOB not in jobs_run(workflow, event="push", path=path, failing=frozenset({CHANGES_JOB}))
        for failing in (frozenset(), frozenset({DATA_JOB}), frozenset({FULL_JOB})):
            assert DEPLOY_JOB not in jobs_run(workflow, event="pull_request", path=path, failing=failing)
    # Only the two paths upload a site, and only deploy publishes it.
    uploading = {name for name, job in workflow["jobs"].items() if any(step_kind(s) == "actions/upload-pages-artifact" for s in job.get("steps", []))}
    assert uploading == {DATA_JOB, FULL_JOB}
    assert [step_kind(step) for step in workflow["jobs"][DEPLOY_JOB]["steps"]] == ["actions/deploy-pages"]


def test_the_condition_reader_can_fail() -> None:
    """The simulation above reads conditions as GitHub does: a misspelt output fails, and skipped needs skip a plain `if`."""
    workflow = load_workflow()
    workflow["jobs"][DATA_JOB]["if"] = "needs.changes.outputs.paht == 'data'"
    with pytest.raises(KeyError, match="paht"):
        jobs_run(workflow, event="push", path="data")
    workflow = load_workflow()
    workflow["jobs"][DEPLOY_JOB]["if"] = NOT_PULL_REQUEST  # without !cancelled(), one skipped path skips deploy
    assert DEPLOY_JOB not in jobs_run(workflow, event="push", path="data")
    workflow["jobs"][DEPLOY_JOB]["if"] = "${{ !cancelled() }}"  # without the event, pull requests would deploy
    assert DEPLOY_JOB in jobs_run(workflow, event="pull_request", path="full")


def data_path_findings(workflow: dict) -> list[str]:
    """Every step of the data-only job that runs what that path must not, with what it runs."""
    return [
        f"{step.get('name', step_kind(step))}: runs {match.group(0)!r}"
        for step in workflow["jobs"][DATA_JOB]["steps"]
        for match in NOT_ON_THE_DATA_PATH.finditer(step_text(step))
    ]


def test_the_data_path_checks_builds_and_uploads_with_no_browser_java_npm_or_test_suite() -> None:
    workflow = load_workflow()
    assert data_path_findings(workflow) == []
    steps = workflow["jobs"][DATA_JOB]["steps"]
    kinds = [step_kind(step) for step in steps]
    check, configure, build, upload = kinds.index("make check"), step_index(steps, "actions/configure-pages"), build_step_index(steps), step_index(steps, "actions/upload-pages-artifact")
    assert kinds[0] == "actions/checkout" and check < build and configure < build < upload == len(steps) - 1
    assert not any("if" in steps[i] for i in (check, configure, build, upload)), "every data-only run checks, builds and uploads"
    installs = [set(line.split("install", 1)[1].split()) - {"-y", "-qq", "--no-install-recommends", ">/dev/null"} for step in steps for line in str(step.get("run", "")).splitlines() if "apt-get install" in line]
    assert installs == [CARD_PACKAGES], "the data path installs Debian's cairo and Roboto, and nothing else"
    # The same Debian and Python as the full path, with the cards on: both paths build the same site.
    data, full = workflow["jobs"][DATA_JOB], workflow["jobs"][FULL_JOB]
    assert data["container"] == full["container"] == "python:3.11-bookworm"
    assert data["env"]["CI"] == full["env"]["CI"] == "true"


def test_the_data_path_check_catches_what_it_must_not_run() -> None:
    """The check above can fail: the install step, the suite or the audit, directly or inside a script or make rule."""
    for command, expected in ((".ci/install", "chromium"), ("make test", "pytest"), ("make audit", "npm"), ("make screenshots", "requirements-test")):
        workflow = load_workflow()
        workflow["jobs"][DATA_JOB]["steps"].insert(1, {"name": "Sneaked in", "run": command})
        findings = data_path_findings(workflow)
        assert any(f.startswith("Sneaked in") and expected in f.lower() for f in findings), (command, findings)


def test_the_full_path_runs_the_whole_suite_before_the_build_it_deploys() -> None:
    steps = load_workflow()["jobs"][FULL_JOB]["steps"]
    kinds = [step_kind(step) for step in steps]
    install, test, build = kinds.index(".ci/install"), kinds.index("make test"), build_step_index(steps)
    configure, upload = step_index(steps, "actions/configure-pages"), step_index(steps, "actions/upload-pages-artifact")
    assert kinds[0] == "actions/checkout" and install < test < configure < build < upload == len(steps) - 1
    assert not any("if" in steps[i] for i in (install, test, build)), "the suite and the build run on every full run, pull requests too"
    assert steps[configure]["if"] == steps[upload]["if"] == NOT_PULL_REQUEST
    assert re.search(r"\bpytest\b", step_text(steps[test]), re.IGNORECASE) and "chromium" in step_text(steps[install])  # $(PYTEST)


def test_changes_job_hands_the_push_to_changed_paths_with_the_history_it_compares() -> None:
    job = load_workflow()["jobs"][CHANGES_JOB]
    checkout = job["steps"][step_index(job["steps"], "actions/checkout")]
    assert checkout["with"]["fetch-depth"] == 0, "the commit before the push must be in the clone"
    [decide] = [step for step in job["steps"] if ".ci/changed-paths" in str(step.get("run", ""))]
    assert decide["run"].strip() == '.ci/changed-paths "$EVENT" "$BEFORE" "$AFTER" "$BEFORE_RUN" >> "$GITHUB_OUTPUT"'
    [previous] = [step for step in job["steps"] if "gh run list" in str(step.get("run", ""))]
    assert decide["env"] == {
        "EVENT": "${{ github.event_name }}",
        "BEFORE": "${{ github.event.before }}",
        "AFTER": "${{ github.sha }}",
        "BEFORE_RUN": f"${{{{ steps.{previous['id']}.outputs.run }}}}",
    }
    # Only a success of the commit before the push, asked of this very workflow, says "success".
    assert previous["env"]["BEFORE"] == "${{ github.event.before }}" and previous["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert f"--workflow {WORKFLOW.name} --commit \"$BEFORE\" --status success" in previous["run"]
    assert 'then echo "run=success"; else echo "run=unknown"; fi' in previous["run"]
    assert job["steps"].index(previous) < job["steps"].index(decide)
    assert job["outputs"] == {"path": f"${{{{ steps.{decide['id']}.outputs.path }}}}"}


def test_workflow_has_least_privilege_permissions_and_a_pages_concurrency_group() -> None:
    workflow = load_workflow()
    jobs = workflow["jobs"]
    assert workflow["permissions"] == {"contents": "read"}
    assert jobs[CHANGES_JOB]["permissions"] == {"contents": "read", "actions": "read"}, "it asks how the last run went"
    assert jobs[DATA_JOB]["permissions"] == jobs[FULL_JOB]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs[DEPLOY_JOB]["permissions"] == {"pages": "write", "id-token": "write"}, "only deploy may publish"
    assert jobs[DEPLOY_JOB]["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_actions_are_pinned_to_a_major_version() -> None:
    for workflow in (WORKFLOW, AUDIT_WORKFLOW):
        for step in workflow_steps(load_workflow(workflow)):
            if "uses" in step:
                assert re.fullmatch(r"actions/[\w-]+@v\d+", step["uses"]), f"{workflow.name}: {step['uses']}"


def test_the_paths_cache_what_they_install() -> None:
    jobs = load_workflow()["jobs"]
    full = jobs[FULL_JOB]
    cache = full["steps"][step_index(full["steps"], "actions/cache")]
    assert cache["with"]["path"] == ".cache/pip"
    assert "requirements.txt" in cache["with"]["key"] and "requirements-test.txt" in cache["with"]["key"]
    assert full["env"]["PIP_CACHE_DIR"].endswith("/.cache/pip")
    # The data path keeps the built virtual environment itself, per requirements.txt and container.
    steps = jobs[DATA_JOB]["steps"]
    venv = steps[step_index(steps, "actions/cache")]
    assert venv["with"]["path"] == ".venv" and "restore-keys" not in venv["with"]
    assert venv["with"]["key"] == "venv-python-3.11-bookworm-${{ hashFiles('requirements.txt') }}"
    [stamp] = [step for step in steps if step.get("if") == f"steps.{venv['id']}.outputs.cache-hit == 'true'"]
    assert stamp["run"] == "touch .venv/.python && touch .venv/.deps", "make's stamps, newer than the checkout"
    assert step_index(steps, "actions/cache") < steps.index(stamp) < [step_kind(s) for s in steps].index("make check")


def test_both_paths_build_under_the_address_configure_pages_reports() -> None:
    jobs = load_workflow()["jobs"]
    for name in (DATA_JOB, FULL_JOB):
        steps = jobs[name]["steps"]
        build = steps[build_step_index(steps)]
        assert build["env"]["PAGES_BASE_URL"] == "${{ steps.pages.outputs.base_url }}", name
        assert 'export SITE_URL="${PAGES_BASE_URL%/}/"' in build["run"], name
        assert steps[step_index(steps, "actions/configure-pages")]["id"] == "pages", name
        assert steps[step_index(steps, "actions/upload-pages-artifact")]["with"]["path"] == "site", name
    assert "SITE_URL" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


# --- .ci/changed-paths on real git repositories -------------------------------------------------------

ZEROS = "0" * 40


def git(repo: Path, *args: str) -> str:
    """Run git in `repo`, untouched by this machine's git settings."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    command = ["git", "-C", str(repo), "-c", "user.name=Candidate", "-c", "user.email=candidate@example.com", *args]
    return subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout.strip()


def commit(repo: Path, files: dict[str, str | None], message: str = "edit") -> str:
    """Write (or, for None, delete) files and commit them all; the new commit's id."""
    for name, text in files.items():
        path = repo / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture()
def fork(tmp_path: Path) -> Path:
    """A fork's repository in miniature: data/, the hooks and a README, one commit on main."""
    repo = tmp_path / "fork"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, {"data/site.yml": "title: Mine\n", "data/stories/a.yml": "id: a\n", "hooks/star_hooks.py": "x = 1\n", "README.md": "# Mine\n"})
    return repo


def changed_path(repo: Path, event: str, before: str, after: str, before_run: str = "success") -> str:
    """What .ci/changed-paths writes to $GITHUB_OUTPUT, run in `repo` as the changes job runs it."""
    command = ["bash", str(CHANGED_PATHS), event, before, after, before_run]
    completed = subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=30)
    assert completed.returncode == 0 and completed.stderr.strip(), completed.stderr
    return completed.stdout


def test_a_push_of_data_only_commits_takes_the_data_path(fork: Path) -> None:
    before = git(fork, "rev-parse", "HEAD")
    commit(fork, {"data/stories/a.yml": "id: a\nquestion: Why?\n"})
    after = commit(fork, {"data/stories/b.yml": "id: b\n", "data/site.yml": None})
    assert changed_path(fork, "push", before, after) == "path=data\n"
    assert jobs_run(load_workflow(), event="push", path="data") == [CHANGES_JOB, DATA_JOB, DEPLOY_JOB]


def test_a_push_that_touches_anything_outside_data_takes_the_full_path(fork: Path) -> None:
    before = git(fork, "rev-parse", "HEAD")
    mixed = commit(fork, {"data/stories/a.yml": "id: a\nquestion: Why?\n", "hooks/star_hooks.py": "x = 2\n"})
    assert changed_path(fork, "push", before, mixed) == "path=full\n"
    readme = commit(fork, {"README.md": "# Mine, edited\n"})
    assert changed_path(fork, "push", mixed, readme) == "path=full\n"
    # Moved into data/: git's rename detection would list data/ alone; the code lost a file.
    git(fork, "mv", "hooks/star_hooks.py", "data/star_hooks.py")
    moved = commit(fork, {}, "move")
    assert changed_path(fork, "push", readme, moved) == "path=full\n"
    # data/ made a file: the path `data` is not under data/.
    git(fork, "rm", "-r", "-q", "data")
    flattened = commit(fork, {"data": "not a folder\n"})
    assert changed_path(fork, "push", moved, flattened) == "path=full\n"


def test_a_new_branch_a_force_push_a_failed_run_a_pull_request_and_a_manual_run_take_the_full_path(fork: Path, tmp_path: Path) -> None:
    before = git(fork, "rev-parse", "HEAD")
    data_only = commit(fork, {"data/stories/b.yml": "id: b\n"})
    assert changed_path(fork, "push", before, data_only) == "path=data\n"
    # The run of the commit before failed, is still running, or cannot be found: its code is not known to pass.
    assert changed_path(fork, "push", before, data_only, before_run="unknown") == "path=full\n"
    assert changed_path(fork, "push", before, data_only, before_run="") == "path=full\n"
    assert changed_path(fork, "push", ZEROS, data_only) == "path=full\n"  # a new branch
    assert changed_path(fork, "push", "", data_only) == "path=full\n"
    assert changed_path(fork, "pull_request", before, data_only) == "path=full\n"
    assert changed_path(fork, "workflow_dispatch", before, data_only) == "path=full\n"
    # A force push: the old tip is on no branch, so a fresh clone (as the runner makes) does not have it.
    git(fork, "reset", "-q", "--hard", before)
    rewritten = commit(fork, {"data/stories/c.yml": "id: c\n"})
    runner = tmp_path / "runner"
    git(tmp_path, "clone", "-q", "--no-local", str(fork), str(runner))
    assert changed_path(runner, "push", data_only, rewritten) == "path=full\n"
    assert changed_path(runner, "push", before, rewritten) == "path=data\n", "the same push from a tip it has is data-only"


# --- The audit workflow and .ci/run -------------------------------------------------------------------


def deploy_path_problems(workflow: dict) -> list[str]:
    """Every step of the jobs Pages deployment waits for (deploy's `needs`, all the way up) that runs a load-dependent check."""
    jobs = workflow["jobs"]
    deploying = [name for name, job in jobs.items() for step in job.get("steps", []) if step_kind(step) == "actions/deploy-pages"]
    assert deploying, "no job deploys to Pages"
    path, queue = set(), list(deploying)
    while queue:
        name = queue.pop()
        if name not in path:
            path.add(name)
            queue += needs_of(jobs[name])
    problems = []
    for name in sorted(path):
        for step in jobs[name].get("steps", []):
            problems += [f"{name}: {step.get('name', step_kind(step))}: runs {match.group(0)!r}" for match in LOAD_DEPENDENT.finditer(step_text(step))]
    return problems


def test_deploy_path_runs_no_lighthouse_audit_benchmark_or_full_ci() -> None:
    assert deploy_path_problems(load_workflow()) == []


def test_deploy_path_check_catches_load_dependent_steps() -> None:
    """The check above can fail: audit, benchmark or .ci/run on the deploy path, directly or one job up, is reported."""
    workflow = load_workflow()
    workflow["jobs"][FULL_JOB]["steps"].insert(3, {"run": 'make bench BENCH_SIZES="10 100"'})
    workflow["jobs"]["checks"] = {"steps": [{"name": "Audit", "run": "make audit"}, {"run": "npx lighthouse http://x/"}]}
    workflow["jobs"][DEPLOY_JOB]["needs"] = [*needs_of(workflow["jobs"][DEPLOY_JOB]), "checks"]
    workflow["jobs"]["unrelated"] = {"steps": [{"run": ".ci/run"}]}  # not on the deploy path: allowed
    problems = deploy_path_problems(workflow)
    assert any(p.startswith(f"{FULL_JOB}: make bench") for p in problems), problems
    assert any(p.startswith("checks: Audit: runs 'make audit'") for p in problems), problems
    assert any("lighthouse" in p.lower() and p.startswith("checks:") for p in problems), problems
    assert not any(p.startswith("unrelated") for p in problems)
    # Hidden one level down, in a script a step calls or a make target's recipe, it is found too.
    assert LOAD_DEPENDENT.search(expand_command(".ci/run")) and LOAD_DEPENDENT.search(expand_command("make audit"))


def test_audit_workflow_runs_the_audit_and_the_benchmark_and_keeps_their_reports() -> None:
    workflow = load_workflow(AUDIT_WORKFLOW)
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert {"pull_request", "workflow_dispatch"} <= set(triggers(workflow))
    assert workflow["permissions"] == {"contents": "read"}, "the audit reads the code and writes nothing"
    [job] = workflow["jobs"].values()
    kinds = [step_kind(step) for step in job["steps"]]
    assert ".ci/install" in kinds and "make audit" in kinds
    assert any('make bench BENCH_SIZES="10 100"' in kind for kind in kinds), kinds
    upload = job["steps"][kinds.index("actions/upload-artifact")]
    assert "reports/" in upload["with"]["path"].split() and upload["if"] == "${{ !cancelled() }}"
    # Nothing in it publishes, and Pages never waits for it.
    assert not any(kind.startswith(("actions/deploy-pages", "actions/upload-pages-artifact")) for kind in kinds)
    assert "workflow_run" not in triggers(load_workflow())


def test_ci_runs_everything_and_shares_the_install_step() -> None:
    commands = [line.strip() for line in CI_RUN.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    # make test runs the benchmark at 10 stories and vnu and axe on every page: CI adds 100 stories and Lighthouse.
    expected = [".ci/install", "make test", "make properdocs-check", 'make bench BENCH_SIZES="100"', "AUDIT_CHECKS=lighthouse make audit"]
    assert [command for command in commands if command in expected] == expected
    for workflow in (WORKFLOW, AUDIT_WORKFLOW):
        install = [step for step in workflow_steps(load_workflow(workflow)) if step_kind(step) == ".ci/install"]
        assert len(install) == 1, workflow.name


def test_readme_walks_through_publishing_a_fork() -> None:
    readme = README.read_text(encoding="utf-8")
    section = readme.split("## Publish your own", 1)[1].split("\n## ", 1)[0]
    steps = ["Fork", "data/", "GitHub Actions", "https://<user>.github.io/<repo>/"]
    positions = [section.find(step) for step in steps]
    assert -1 not in positions, f"missing from 'Publish your own': {[s for s, p in zip(steps, positions) if p < 0]}"
    assert positions == sorted(positions), "fork, edit data, enable Pages, share: in that order"
    assert "fonts-roboto-unhinted" in section and "CI=true" in section
    assert "`make check`" in section and ".ci/changed-paths" in section, "the two deploy paths are told"


# --- The theme overrides follow the installed Material -------------------------------------------------


def test_theme_overrides_follow_the_installed_material() -> None:
    """docs/overrides copies Material's markup: a Material upgrade must be carried into the copies."""
    import material  # the theme, as installed from requirements.txt

    templates = Path(material.__file__).parent / "templates"
    generator = re.search(r'<meta name="generator"[^>]*>', (templates / "base.html").read_text(encoding="utf-8"))
    assert generator, "Material's base.html writes no generator tag"
    main = (ROOT / "docs" / "overrides" / "main.html").read_text(encoding="utf-8")
    assert generator.group(0) in main, f"docs/overrides/main.html's site_meta should write Material's own {generator.group(0)}"
    theirs = (templates / "partials" / "search.html").read_text(encoding="utf-8").splitlines()
    ours = (ROOT / "docs" / "overrides" / "partials" / "search.html").read_text(encoding="utf-8").splitlines()
    assert f"({material.__version__})" in ours[0], "partials/search.html should name the Material version it copies"
    dialog = 'role="dialog">'
    assert theirs[3].endswith(dialog), "Material's search dialog changed: copy it anew into docs/overrides/partials/"
    labelled = theirs[3].removesuffix(dialog) + 'role="dialog" aria-label="{{ lang.t(\'search\') }}">'
    assert ours[1:] == [labelled, *theirs[4:]], "partials/search.html should be Material's, with only the aria-label added"


# --- The site a fork publishes ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fork_site(built_site: Path) -> Path:
    """The real site built as a fork's Pages workflow builds it: the shared public build, with SITE_URL a fork's address."""
    return built_site


def page_files(site: Path) -> list[Path]:
    """Every page of the site: each index.html, and the 404 page."""
    return sorted(site.rglob("index.html")) + [site / "404.html"]


def page_url(site: Path, page: Path) -> str:
    relative = page.relative_to(site).as_posix()
    return FORK_SITE_URL + relative.removesuffix("index.html")


def read_soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def meta_content(soup: BeautifulSoup, attribute: str, name: str) -> str:
    tags = soup.find_all("meta", attrs={attribute: name})
    assert len(tags) == 1, f"{name}: expected one tag, found {len(tags)}"
    return tags[0]["content"]


def site_file(site: Path, url: str) -> Path:
    """The built file an absolute URL under the fork's address stands for."""
    assert url.startswith(FORK_SITE_URL), url
    return site / unquote(urlsplit(url).path.removeprefix(PREFIX))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE), f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_every_page_has_a_description_and_link_preview_tags(fork_site: Path) -> None:
    pages = page_files(fork_site)
    assert len(pages) >= len(BANK.principles) + 3
    for page in pages:
        soup = read_soup(page)
        description = meta_content(soup, "name", "description")
        assert description, page
        for attribute, name in SHARE_TAGS:
            assert meta_content(soup, attribute, name), f"{page}: {name} is empty"
        assert meta_content(soup, "property", "og:description") == description
        assert meta_content(soup, "name", "twitter:description") == description
        assert meta_content(soup, "property", "og:image") == meta_content(soup, "name", "twitter:image")


def test_every_page_but_the_404_has_its_canonical_url(fork_site: Path) -> None:
    for page in page_files(fork_site)[:-1]:
        soup = read_soup(page)
        canonical = [link["href"] for link in soup.find_all("link", rel="canonical")]
        assert canonical == [page_url(fork_site, page)], page
        assert meta_content(soup, "property", "og:url") == canonical[0]
    assert read_soup(fork_site / "404.html").find("link", rel="canonical") is None


def test_descriptions_come_from_the_data_quotes_and_all(fork_site: Path) -> None:
    for principle in BANK.principles:
        soup = read_soup(fork_site / "principles" / principle.id / "index.html")
        assert meta_content(soup, "name", "description") == plain(principle.summary)
        assert meta_content(soup, "property", "og:title") == f"{principle.title} - {BANK.site.title}"
        assert meta_content(soup, "property", "og:type") == "article"
    quoted = [p for p in BANK.principles if '"' in p.summary]
    assert quoted, "the data no longer has a summary with quotes; keep one to pin the escaping"
    home = read_soup(fork_site / "index.html")
    # The home page is described by the site's owner in data/site.yml: the headline, else the intro's first paragraph.
    assert not BANK.site.headline, "the sample bank has no headline; the intro describes the home page"
    assert meta_content(home, "name", "description") == plain(BANK.site.intro.split("\n\n")[0])
    assert meta_content(home, "property", "og:title") == BANK.site.title
    assert meta_content(home, "property", "og:type") == "website"


def test_og_image_is_a_real_image_in_the_built_site(fork_site: Path) -> None:
    for page in page_files(fork_site):
        image = site_file(fork_site, meta_content(read_soup(page), "property", "og:image"))
        assert image.is_file(), f"{page}: og:image {image} is not in the site"
        assert image.read_bytes().startswith(PNG_SIGNATURE)


@pytest.mark.skipif(not os.environ.get("CI"), reason="social cards are made only when CI=true, as Material advises")
def test_each_principle_has_its_own_social_card(fork_site: Path) -> None:
    cards = set()
    for principle in BANK.principles:
        soup = read_soup(fork_site / "principles" / principle.id / "index.html")
        url = meta_content(soup, "property", "og:image")
        assert url == f"{FORK_SITE_URL}assets/images/social/principles/{principle.id}.png"
        card = site_file(fork_site, url)
        assert png_size(card) == CARD_SIZE
        assert meta_content(soup, "name", "twitter:card") == "summary_large_image"
        assert (meta_content(soup, "property", "og:image:width"), meta_content(soup, "property", "og:image:height")) == (
            "1200",
            "630",
        )
        cards.add(card.read_bytes())
    assert len(cards) == len(BANK.principles), "every principle's card should differ (its title, its story count)"


def test_sitemap_lists_every_principle_page_under_the_forks_address(fork_site: Path) -> None:
    root = ElementTree.parse(fork_site / "sitemap.xml").getroot()
    locations = {element.text for element in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert all(location.startswith(FORK_SITE_URL) for location in locations)
    for principle in BANK.principles:
        assert f"{FORK_SITE_URL}principles/{principle.id}/" in locations


def test_404_page_links_its_assets_from_the_site_root(fork_site: Path) -> None:
    soup = read_soup(fork_site / "404.html")
    assert "not found" in soup.find("h1").get_text().lower()
    # GitHub Pages serves it at any missing address, at any depth: its links are relative to a <base> that is the
    # site's own path (a script makes it / when the site is previewed from its root, tests/browser checks that).
    assert [base["href"] for base in soup.find_all("base")] == [PREFIX]
    stylesheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert stylesheets and not [href for href in stylesheets if urlsplit(href).scheme or href.startswith("/")]


# --- The site served under /<repo>/ and crawled -----------------------------------------------------


@pytest.fixture(scope="module")
def fork_origin(fork_site: Path) -> Iterator[str]:
    """The fork's site on 127.0.0.1, served as GitHub Pages serves it, under /<repo>/; yields 'http://127.0.0.1:<port>'."""
    with serve_site(fork_site, prefix=PREFIX) as url:
        yield url.removesuffix(PREFIX)


def answer(url: str) -> Answer:
    """The site's answer to `url`; the test server always answers."""
    got = fetch(url)
    assert got is not None, f"{url} did not answer"
    return got


def references(body: bytes, content_type: str) -> list[str]:
    """Every address a page or stylesheet points to: links, scripts, images, CSS url()s."""
    if content_type == "text/css":
        return re.findall(r"url\(\s*['\"]?([^'\")]+)", body.decode("utf-8"))
    soup = BeautifulSoup(body, "html.parser")
    found = [tag.get("href") for tag in soup.find_all(["a", "link"])]
    found += [tag.get("src") for tag in soup.find_all(["script", "img", "source", "iframe"])]
    found += [tag.get("content") for tag in soup.find_all("meta", property=["og:url", "og:image"])]
    return [address for address in found if address]


def crawl(origin: str) -> tuple[set[str], list[str]]:
    """Follow every internal address from the home page; return the pages reached and what is broken."""
    home = origin + PREFIX
    queue, seen, pages, broken = [home], {home}, set(), []
    ids: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []
    while queue:
        url = queue.pop()
        status, body, content_type = answer(url)
        if status != 200:
            broken.append(f"{url}: HTTP {status}")
            continue
        if content_type == "text/html":
            pages.add(url)
            ids[url] = {tag["id"] for tag in BeautifulSoup(body, "html.parser").find_all(id=True)}
        if content_type not in ("text/html", "text/css"):
            continue
        for address in references(body, content_type):
            if address.startswith(FORK_SITE_URL):  # canonical, og:url, og:image: the published address
                address = home + address.removeprefix(FORK_SITE_URL)
            target, fragment = urldefrag(urljoin(url, address))
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != origin:
                continue  # another host, mailto:, data: and the like
            if not parts.path.startswith(PREFIX):
                broken.append(f"{url}: {address} leaves {PREFIX}")
                continue
            if fragment:
                fragments.append((url, target, unquote(fragment)))
            if target not in seen:
                seen.add(target)
                queue.append(target)
    for source, target, fragment in fragments:
        if target in ids and fragment not in ids[target]:
            broken.append(f"{source}: {target}#{fragment}: no such anchor")
    return pages, broken


def test_subpath_crawl_reaches_every_page_with_no_broken_link(fork_site: Path, fork_origin: str) -> None:
    pages, broken = crawl(fork_origin)
    assert broken == []
    root = ElementTree.parse(fork_site / "sitemap.xml").getroot()
    in_sitemap = {
        fork_origin + PREFIX + element.text.removeprefix(FORK_SITE_URL)
        for element in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    # A principle no story answers is listed nowhere, but its page answers, for links sent before its story went.
    unlisted = {
        f"{fork_origin}{PREFIX}principles/{p.id}/" for p in BANK.principles if not (BANK.primary_stories(p.id) or BANK.also_fits_stories(p.id))
    }
    assert unlisted and in_sitemap - pages == unlisted, f"not reached from the home page: {sorted(in_sitemap - pages)}"
    assert [(url, answer(url)[0]) for url in sorted(unlisted)] == [(url, 200) for url in sorted(unlisted)]
    assert len(pages) >= len(BANK.principles) - len(unlisted) + 3


def test_missing_address_gets_the_404_page_with_working_assets(fork_site: Path, fork_origin: str) -> None:
    url = f"{fork_origin}{PREFIX}no/such/story/"
    status, body, _ = answer(url)
    assert (status, body) == (404, (fork_site / "404.html").read_bytes())
    soup = BeautifulSoup(body, "html.parser")
    base = urljoin(url, soup.find("base")["href"])  # as the browser resolves the page's addresses
    assets = [urljoin(base, link["href"]) for link in soup.find_all("link", rel=["stylesheet", "icon"])]
    assets += [urljoin(base, script["src"]) for script in soup.find_all("script", src=True)]
    assert assets
    assert [(asset, answer(asset)[0]) for asset in assets] == [(asset, 200) for asset in assets]


def test_crawler_reports_a_broken_link(fork_site: Path, tmp_path: Path) -> None:
    """The crawl above can fail: a page linking outside the subpath, or to a missing anchor, is reported.

    On a copy: the shared build is read by other workers' tests at the same time, so it is never written to.
    """
    site = shutil.copytree(fork_site, tmp_path / "site")
    page = site / "quick-reference" / "index.html"
    broken_links = '<a href="/assets/x.css">root</a><a href="../principles/ownership/#no-such-story">anchor</a>'
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", broken_links + "</article>", 1), encoding="utf-8")
    with serve_site(site, prefix=PREFIX) as url:
        _, broken = crawl(url.removesuffix(PREFIX))
    assert any("/assets/x.css leaves /my-fork/" in problem for problem in broken)
    assert any("ownership/#no-such-story: no such anchor" in problem for problem in broken)


# --- The test server (tests/pages_server.py), on a tiny site -----------------------------------------


@pytest.fixture()
def tiny_site(tmp_path: Path) -> Path:
    """A site of three files and a folder, and a file beside it that must never be served."""
    site = tmp_path / "site"
    (site / "guide").mkdir(parents=True)
    (site / "index.html").write_text("<h1>home</h1>" * 50, encoding="utf-8")
    (site / "guide" / "index.html").write_text("<h1>guide</h1>", encoding="utf-8")
    (site / "404.html").write_text("<h1>404 - Not found</h1>", encoding="utf-8")
    (site / "card.png").write_bytes(PNG_SIGNATURE + b"\0" * 64)
    (tmp_path / "secret.txt").write_text("outside the site", encoding="utf-8")
    return site


def raw_get(url: str, *, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One GET without following redirects or decoding: status, headers, body as sent."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_server_serves_under_its_prefix_with_index_pages_and_redirects(tiny_site: Path) -> None:
    with serve_site(tiny_site, prefix="/repo/") as base:
        assert base.endswith("/repo/")
        origin = base.removesuffix("/repo/")
        assert raw_get(base)[::2] == (200, (tiny_site / "index.html").read_bytes())
        assert raw_get(base + "guide/")[::2] == (200, b"<h1>guide</h1>")
        status, headers, _ = raw_get(base + "guide")
        assert (status, headers["Location"]) == (301, "/repo/guide/")
        status, headers, _ = raw_get(origin + "/repo")
        assert (status, headers["Location"]) == (301, "/repo/")


def test_server_answers_a_miss_with_the_404_page_and_status_404(tiny_site: Path) -> None:
    with serve_site(tiny_site, prefix="/repo/") as base:
        origin = base.removesuffix("/repo/")
        for url in (base + "no/such/page/", origin + "/", origin + "/index.html", base + "..%2Fsecret.txt"):
            assert raw_get(url)[::2] == (404, b"<h1>404 - Not found</h1>"), url


def test_server_gzips_text_for_clients_that_ask_and_nothing_else(tiny_site: Path) -> None:
    page = (tiny_site / "index.html").read_bytes()
    with serve_site(tiny_site) as base:
        status, headers, body = raw_get(base, headers={"Accept-Encoding": "gzip, deflate"})
        assert (status, headers["Content-Encoding"], headers["Content-Type"]) == (200, "gzip", "text/html; charset=utf-8")
        assert gzip.decompress(body) == page and len(body) < len(page)
        _, headers, body = raw_get(base)
        assert "Content-Encoding" not in headers and body == page
        _, headers, body = raw_get(base + "card.png", headers={"Accept-Encoding": "gzip"})
        assert "Content-Encoding" not in headers and body == (tiny_site / "card.png").read_bytes()


def test_server_refuses_a_prefix_without_slashes(tiny_site: Path) -> None:
    with pytest.raises(ValueError, match="prefix"), serve_site(tiny_site, prefix="repo"):
        pass

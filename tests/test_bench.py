"""The benchmark (tests/bench/bench.py): distinct generated banks, a hand-written baseline with no hooks, sane figures."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from conftest import BANKS, ROOT, SAMPLE_BANK
from star_bank.model.load import load_data

BENCH_SCRIPT = ROOT / "tests" / "bench" / "bench.py"


def _load_bench() -> ModuleType:
    """bench.py is a script, not a package: loaded from its file, under a name of its own."""
    spec = importlib.util.spec_from_file_location("star_bench", BENCH_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: its `!!python/...` tags read as None."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _extension_names(config: dict) -> list[str]:
    return [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["markdown_extensions"]]


def test_generated_bank_is_valid_distinct_and_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A fork whose data/ holds no story: the benchmark's banks come from the sample fixture bank all the same.
    fork = tmp_path / "fork"
    fork.mkdir()
    for part in bench.PROJECT_PARTS:
        (fork / part).symlink_to(ROOT / part)
    shutil.copytree(BANKS / "empty", fork / "data")
    monkeypatch.setattr(bench, "ROOT", fork)
    project = bench.copy_project(tmp_path / "project")
    generated = bench.generate_bank(project / "data", 40)

    bench.write_hook_bank(project, generated)

    bank = load_data(project / "data", display_root=project, env={}).bank  # raises on any invalid story
    assert [story.id for story in bank.stories] == sorted(story.id for story in generated.stories)
    # Every story's text is its own: no two share a part, a question or a headline.
    for part in ("question", "headline", *bench.STAR_PARTS):
        assert len({getattr(story, part) for story in bank.stories}) == 40, part
    assert {story.primary for story in bank.stories} == {principle.id for principle in bank.principles}
    assert any(story.also_fits for story in bank.stories)
    assert bench.generate_bank(SAMPLE_BANK, 40) == generated, "the same size must give the same bank"
    # Stories about as long as the sample's: the same number of sentences per part as their seed.
    words = sum(len(story.action.split()) for story in bank.stories) / 40
    sample_words = [len(yaml.safe_load(p.read_text(encoding="utf-8"))["action"].split()) for p in (SAMPLE_BANK / "stories").glob("*.yml")]
    assert 0.5 < words / (sum(sample_words) / len(sample_words)) < 2
    assert not (ROOT / "data" / "stories" / f"{generated.stories[0].id}.yml").exists()


def test_hand_written_site_is_markdown_with_no_hooks(tmp_path: Path) -> None:
    generated = bench.generate_bank(SAMPLE_BANK, 30)

    site = bench.write_hand_written_site(tmp_path / "hand", generated)

    config = yaml.load((site / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    project = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    assert "hooks" not in config and "custom_dir" not in config["theme"] and "extra_javascript" not in config
    assert sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file() and path.suffix != ".md") == ["mkdocs.yml"]
    # The same theme features, search and Markdown extensions as the project.
    assert config["theme"]["features"] == project["theme"]["features"]
    assert [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]] == ["search"]
    assert "search" in [p if isinstance(p, str) else next(iter(p)) for p in project["plugins"]]
    assert _extension_names(config) == _extension_names(project)
    pages = {path.stem: path.read_text(encoding="utf-8") for path in (site / "docs" / "principles").glob("*.md")}
    for story in generated.stories:
        page = pages[story.principles[0]]
        # Written by hand: the question as a heading, a collapsible block (collapsed: `???`, as issue 19 writes it), four tabs, the text as it is.
        block = re.search(rf'^### .*\{{ #{story.id} \}}\n\n\?\?\? note "[^\n]*"\n(.*?)(?=^###|^## |\Z)', page, flags=re.MULTILINE | re.DOTALL)
        assert block is not None, story.id
        assert re.findall(r'^    === "(\w+)"$', block.group(1), flags=re.MULTILINE) == ["Situation", "Task", "Action", "Result"]
        assert all(f"\n        {getattr(story, part)}\n" in block.group(1) for part in bench.STAR_PARTS)
        for other in story.principles[1:]:
            assert f"]({story.principles[0]}.md#{story.id})" in pages[other], "also fits: a link, not a copy"
            assert f"#{story.id} }}" not in pages[other]


def test_smallest_run_prints_the_ratios_and_writes_sane_json(tmp_path: Path) -> None:
    # As `make bench` runs it: PYTHONPATH and CI set by the caller and unset by the benchmark for its builds.
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'hooks'}{os.pathsep}{ROOT / 'tests'}", "CI": "true", "NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run(
        [sys.executable, str(BENCH_SCRIPT), "--sizes", "10", "--runs", "1", "--no-serve", "--no-lighthouse", "--no-search", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env=env,
    )

    assert completed.returncode == 0, completed.stderr
    assert "| Stories | Build CPU, hooks / hand | Ratio (pairs) |" in completed.stdout
    [result_file] = tmp_path.glob("bench-*.json")
    result = json.loads(result_file.read_text(encoding="utf-8"))
    [size] = result["sizes"]
    hooks, hand = size["hooks"], size["hand"]
    assert size["stories"] == 10
    assert 0.5 < size["cpu_ratio"]["median"] < 10
    for side in (hooks, hand):
        assert 0 < side["build_s"]["median"] and 0 < side["build_cpu_s"]["median"]
        assert side["peak_rss_mb"] > 20
        assert side["html_bytes"] > side["principle_page_bytes"] > 5_000
        assert side["search_index_gzip_bytes"] < side["search_index_bytes"]
    assert 0 < hooks["hook_cpu_s"]["median"] < hooks["build_cpu_s"]["median"]
    assert 0 < hooks["hook_share"] < 1 and hooks["load_validate_s"] > 0
    assert hand["hook_cpu_s"] is None and hand["reload_s"] is None
    assert size["principle_page"] == "principles/customer-obsession/"
    assert any(target["target"].startswith("build CPU at 10 stories") for target in result["targets"])
    assert 0 < size["warm_build_cpu_s"]["median"] and 0.5 < size["warm_cpu_ratio"]["median"] < 10
    assert result["machine"]["cores"] >= 1

"""The benchmark (tests/bench/bench.py): its synthetic banks are valid, and its smallest run reports sane figures."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
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


def test_synthetic_bank_is_valid_and_spread_over_every_principle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A fork whose data/ holds no story: the benchmark's banks come from the sample fixture bank all the same.
    fork = tmp_path / "fork"
    fork.mkdir()
    for part in bench.PROJECT_PARTS:
        (fork / part).symlink_to(ROOT / part)
    shutil.copytree(BANKS / "empty", fork / "data")
    fork_site = fork / "data" / "site.yml"
    fork_site.write_text(fork_site.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: A fork's bank, not the sample: "), encoding="utf-8")
    monkeypatch.setattr(bench, "ROOT", fork)
    seed_count = len(list((SAMPLE_BANK / "stories").glob("*.yml")))

    project = bench.copy_project(tmp_path / "project")
    bench.write_synthetic_bank(project, 40)

    bank = load_data(project / "data", display_root=project, env={}).bank  # raises on any invalid story
    files = sorted((project / "data" / "stories").glob("*.yml"))
    assert len(files) == len(bank.stories) == 40
    assert [story.id for story in bank.stories] == [path.stem for path in files]
    assert {story.primary for story in bank.stories} == {principle.id for principle in bank.principles}
    assert any(story.also_fits for story in bank.stories)
    # The stories are the seed stories' text under new ids; site.yml is the sample bank's.
    assert len({story.situation for story in bank.stories}) == seed_count
    assert (project / "data" / "site.yml").read_bytes() == (SAMPLE_BANK / "site.yml").read_bytes()
    assert not (ROOT / "data" / "stories" / files[0].name).exists()


def test_drop_top_level_removes_one_key_and_its_block() -> None:
    config = "site_name: x\ntheme:\n  name: material\n\n  features:\n    - a\nhooks:\n  - hooks/h.py\nplugins:\n  - search\n"

    assert bench._drop_top_level(config, "theme") == "site_name: x\nhooks:\n  - hooks/h.py\nplugins:\n  - search\n\n"
    assert bench._drop_top_level(config, "hooks") == "site_name: x\ntheme:\n  name: material\n\n  features:\n    - a\nplugins:\n  - search\n\n"


def test_smallest_run_prints_the_table_and_writes_sane_json(tmp_path: Path) -> None:
    # As `make bench` runs it: the hooks' folder on PYTHONPATH, CI set by the caller and unset by the benchmark.
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "CI": "true", "NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run(
        [sys.executable, str(BENCH_SCRIPT), "--sizes", "10", "--runs", "1", "--no-serve", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env=env,
    )

    assert completed.returncode == 0, completed.stderr
    assert "| Stories | Hook build | Baseline build | Ratio |" in completed.stdout
    [result_file] = tmp_path.glob("bench-*.json")
    result = json.loads(result_file.read_text(encoding="utf-8"))
    [size] = result["sizes"]
    assert size["stories"] == 10
    assert 0 < size["baseline_build_s"]["median"] and 0 < size["hook_build_s"]["median"]
    assert 0.5 < size["ratio"]["median"] < 5
    assert 0 < size["hook_code_ms"]["median"] < size["hook_build_s"]["median"] * 1000
    assert size["load_validate_ms"] > 0, "star_bank.model.load.load_data was not timed"
    # The package's Markdown processors are found under hooks/star_bank/, not only beside the hook file.
    assert "_FragmentsPreprocessor" in size["markdown_extension_ms"], "the stand-ins' preprocessor was not timed"
    assert size["shared_processors"] == ["markdown:_LinearTabSlugs"], "the baseline does not run the tab step, or it was not timed"
    assert size["peak_rss_mb"] > 20
    assert size["search_index_gzip_bytes"] < size["search_index_bytes"]
    assert size["page_transfer_gzip_bytes"] > 10_000
    assert size["baseline_same_html"], "the baseline does not build the same page as the hooks"
    weight = result["page_weight"]
    assert 0.5 < weight["ratio"] < 2
    assert any(asset.startswith("assets/stylesheets/") for asset in weight["seed"]["assets"])
    assert any(entry["budget"].startswith("seed principle page") for entry in result["budgets"])
    assert result["machine"]["cores"] >= 1
    # The real project is untouched.
    assert not (ROOT / "data" / "stories" / "fraud-precision-root-cause-00005.yml").exists()

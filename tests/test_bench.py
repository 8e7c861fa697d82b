"""The benchmark (bench/bench.py): its synthetic banks are valid, and its smallest run reports sane figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import star_data
from conftest import ROOT, copy_project

sys.path.insert(0, str(ROOT / "bench"))
import bench  # noqa: E402 - bench/ is not a package; it is put on the path just above


def test_synthetic_bank_is_valid_and_spread_over_every_principle(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    seed_count = len(list((project / "data" / "stories").glob("*.yml")))

    bench.write_synthetic_bank(project, 40)

    bank = star_data.load_bank(project / "data", display_root=project)  # raises on any invalid story
    files = sorted((project / "data" / "stories").glob("*.yml"))
    assert len(files) == len(bank.stories) == 40
    assert [story.id for story in bank.stories] == [path.stem for path in files]
    assert {story.primary for story in bank.stories} == {principle.id for principle in bank.principles}
    assert any(story.also_fits for story in bank.stories)
    # The stories are the seed stories' text under new ids.
    assert len({story.situation for story in bank.stories}) == seed_count
    assert not (ROOT / "data" / "stories" / files[0].name).exists()


def test_drop_top_level_removes_one_key_and_its_block() -> None:
    config = "site_name: x\ntheme:\n  name: material\n\n  features:\n    - a\nhooks:\n  - hooks/h.py\nplugins:\n  - search\n"

    assert bench._drop_top_level(config, "theme") == "site_name: x\nhooks:\n  - hooks/h.py\nplugins:\n  - search\n\n"
    assert bench._drop_top_level(config, "hooks") == "site_name: x\ntheme:\n  name: material\n\n  features:\n    - a\nplugins:\n  - search\n\n"


def test_smallest_run_prints_the_table_and_writes_sane_json(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench.py"), "--sizes", "10", "--runs", "1", "--no-serve", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
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
    assert size["load_validate_ms"] > 0, "star_data.load_bank was not timed"
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

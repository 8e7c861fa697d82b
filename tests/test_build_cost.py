"""What every build pays for: nothing that only CI's social cards need, no validator for unchanged files (tests/bench/ measures the rest)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SAMPLE_BANK
from star_bank.build import CACHE_DIR
from star_bank.template_cache import TEMPLATES_DIR

# Loads mkdocs.yml as `mkdocs build` does (plugins and hooks imported), then lists what cards would need.
LOAD_CONFIG = """
import sys
from mkdocs.config import load_config
load_config(sys.argv[1])
print(" ".join(name for name in ("material.plugins.social.plugin", "cairosvg", "cairocffi") if name in sys.modules))
"""


def test_a_build_without_ci_never_imports_the_social_plugin_or_cairo() -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("CI", None)
    completed = subprocess.run(
        [sys.executable, "-c", LOAD_CONFIG, str(ROOT / "mkdocs.yml")], capture_output=True, text=True, env=env, check=True, timeout=120
    )

    assert completed.stdout.split() == [], "imported on every build, at half a second of CPU: add the plugin in on_config (CI) instead"


# Loads a bank as a build does, with the cache of read files, then lists whether jsonschema was needed.
LOAD_BANK = """
import sys
from pathlib import Path
from star_bank.build import CACHE_DIR
from star_bank.model.load import load_data
project = Path(sys.argv[1])
load_data(project / "data", display_root=project, env={}, cache_dir=project / CACHE_DIR)
print("jsonschema" in sys.modules)
"""


def test_a_build_whose_files_are_all_cached_never_imports_jsonschema(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE_BANK, tmp_path / "data")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}

    def jsonschema_needed() -> str:
        command = [sys.executable, "-c", LOAD_BANK, str(tmp_path)]
        return subprocess.run(command, capture_output=True, text=True, env=env, check=True, timeout=120).stdout.strip()

    assert jsonschema_needed() == "True", "the first load validates every file"
    assert jsonschema_needed() == "False", "unchanged files come from the cache: no validation, no 70 ms import"


def test_a_built_projects_cache_holds_its_compiled_templates(built_site: Path) -> None:
    # The shared build's project is its site's parent (conftest.run_build builds into <project>/site).
    templates = built_site.parent / CACHE_DIR / TEMPLATES_DIR
    assert any(templates.glob("*.cache")), "on_env gives MkDocs' Jinja environment the compiled-template cache"

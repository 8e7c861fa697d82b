"""What every build and reload pays for: nothing that only CI's social cards need (tests/bench/ measures the rest)."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT

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

"""Offline social cards: Roboto's file names as the plugin's styles, the seeded font cache, what is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from star_bank import social


@pytest.mark.parametrize(
    ("file_name", "style"),
    [
        ("Roboto-Regular.ttf", "Regular"),
        ("Roboto-Bold.ttf", "Bold"),
        ("Roboto-Italic.ttf", "Italic"),
        ("Roboto-BoldItalic.ttf", "Bold Italic"),
        ("Roboto-MediumItalic.ttf", "Medium Italic"),
        ("RobotoCondensed-Bold.ttf", None),
        ("Roboto-Bold.otf", None),
        ("README.txt", None),
    ],
)
def test_font_style_names_match_the_plugins_cache(file_name: str, style: str | None) -> None:
    assert social.font_style(file_name) == style


def test_seed_font_cache_copies_roboto_under_its_style_names(tmp_path: Path) -> None:
    source = tmp_path / "RobotoTTF"
    source.mkdir()
    for name in ("Roboto-Regular.ttf", "Roboto-Bold.ttf", "Roboto-BoldItalic.ttf", "RobotoCondensed-Bold.ttf"):
        (source / name).write_bytes(name.encode())
    cache = tmp_path / "cache"
    assert social.seed_font_cache(cache, source_dir=source) == []
    fonts = cache / "fonts" / "Roboto"
    assert sorted(p.name for p in fonts.iterdir()) == ["Bold Italic.ttf", "Bold.ttf", "Regular.ttf"]
    assert (fonts / "Bold.ttf").read_bytes() == b"Roboto-Bold.ttf"
    # Seeding again replaces a stale copy and keeps a good one.
    (fonts / "Regular.ttf").write_bytes(b"stale")
    assert social.seed_font_cache(cache, source_dir=source) == []
    assert (fonts / "Regular.ttf").read_bytes() == b"Roboto-Regular.ttf"


def test_seed_font_cache_without_roboto_says_what_to_install(tmp_path: Path) -> None:
    source = tmp_path / "empty"
    source.mkdir()
    (source / "Roboto-Italic.ttf").write_bytes(b"italic only")
    (problem,) = social.seed_font_cache(tmp_path / "cache", source_dir=source)
    assert problem.startswith(f"{source}: no Roboto Regular, Bold; ")
    assert "apt-get install fonts-roboto-unhinted" in problem and "unset CI" in problem
    assert not (tmp_path / "cache" / "fonts").exists(), "a half-seeded cache would make the plugin skip the download check"


@pytest.mark.skipif(not os.environ.get("CI"), reason="social cards are made only when CI=true, which installs cairo and Roboto")
def test_this_machine_has_what_the_cards_need() -> None:
    """`CI=true make test` and the Pages workflow make cards: cairo and Debian's Roboto must be here."""
    assert social.find_imaging_problems() == []
    assert social.font_style("Roboto-Regular.ttf") in {social.font_style(p.name) for p in social.ROBOTO_DIR.glob("*.ttf")}


def test_without_cairo_the_problem_names_what_to_install(tmp_path: Path) -> None:
    fake = tmp_path / "no-cairo" / "cairocffi"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise OSError("no library called \\"cairo-2\\" was found")\n', encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-c", "from star_bank.social import find_imaging_problems; print(*find_imaging_problems(), sep='\\n')"],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(fake.parent), str(ROOT / "hooks")])},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    (problem,) = completed.stdout.splitlines()
    assert problem.startswith('no library called "cairo-2" was found: social cards need the pinned cairosvg and pillow')
    assert "sudo apt-get install libcairo2" in problem and "unset CI" in problem

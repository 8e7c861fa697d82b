"""Offline social cards: seed the social plugin's font cache from Roboto installed on this machine."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

# Debian's fonts-roboto-unhinted; the social plugin would otherwise download Roboto from Google Fonts.
ROBOTO_DIR = Path("/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF")
FONT_FAMILY = "Roboto"
# The plugin looks fonts up by style, as <cache_dir>/fonts/Roboto/Bold Italic.ttf.
_ROBOTO_FILE = re.compile(r"^Roboto-(?P<weight>[A-Za-z]+?)?(?P<italic>Italic)?\.ttf$")


def font_style(file_name: str) -> str | None:
    """The plugin's style name for a Roboto file name, e.g. 'Roboto-BoldItalic.ttf' -> 'Bold Italic'."""
    match = _ROBOTO_FILE.match(file_name)
    if match is None:
        return None
    weight = match.group("weight") or ("" if match.group("italic") else "Regular")
    return " ".join(part for part in (weight, match.group("italic")) if part)


def find_imaging_problems() -> list[str]:
    """What the social plugin lacks to draw cards; it would otherwise warn once per page."""
    try:
        import cairosvg  # noqa: F401 - a probe: loading it loads cairo's C library
        import PIL  # noqa: F401
    except (ImportError, OSError) as exc:
        return [
            f"{exc}: social cards need the pinned cairosvg and pillow (`make build` installs them)"
            " and Debian's libcairo2 (`sudo apt-get install libcairo2`); or unset CI to skip the cards"
        ]
    return []


def seed_font_cache(cache_dir: Path, *, source_dir: Path = ROBOTO_DIR) -> list[str]:
    """Copy Roboto into the plugin's font cache so cards never reach the network; return the problems."""
    fonts = {style: path for path in sorted(source_dir.glob("*.ttf")) if (style := font_style(path.name))}
    missing = [style for style in ("Regular", "Bold") if style not in fonts]
    if missing:
        return [
            f"{source_dir}: no Roboto {', '.join(missing)}; social cards are made offline from"
            " Debian's fonts-roboto-unhinted: `sudo apt-get install fonts-roboto-unhinted`, or unset CI to skip the cards"
        ]
    target = cache_dir / "fonts" / FONT_FAMILY
    target.mkdir(parents=True, exist_ok=True)
    for style, path in fonts.items():
        destination = target / f"{style}.ttf"
        if not destination.exists() or destination.read_bytes() != path.read_bytes():
            shutil.copyfile(path, destination)
    return []

"""Words the site and the terminal share: counts with their plurals, so each is worded once."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 story', '3 stories', '0 stories'."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"

"""The environment variables a build reads: CI, SITE_URL and the STAR_* switches, checked strictly."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .model.problems import PREVIEW_CHARS

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})
# A published address: http(s), and nothing that could end an HTML attribute or a URL in a page.
_SITE_URL = re.compile(r"^https?://[^\s\"'<>`\\\x00-\x1f\x7f-\x9f]+\Z")

SWITCH_SPELLINGS = "true or false (also 1/0, yes/no, on/off; empty means unset)"


class EnvironmentProblem(ValueError):
    """An environment variable with a value the build cannot use; the message names the variable."""


def read_switch(env: Mapping[str, str], name: str) -> bool | None:
    """A yes/no variable: None when unset or empty; EnvironmentProblem when it is neither yes nor no."""
    raw = env.get(name, "").strip()
    if not raw:
        return None
    lowered = raw.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise EnvironmentProblem(f"{name}={_preview(raw)}: must be {SWITCH_SPELLINGS}")


def read_switches(env: Mapping[str, str], names: Iterable[str]) -> tuple[dict[str, bool], list[str]]:
    """The yes/no variables among `names` that are set, by name, and a message for each one that is neither."""
    values: dict[str, bool] = {}
    problems: list[str] = []
    for name in names:
        try:
            value = read_switch(env, name)
        except EnvironmentProblem as exc:
            problems.append(str(exc))
            continue
        if value is not None:
            values[name] = value
    return values, problems


def read_site_url(env: Mapping[str, str]) -> str | None:
    """SITE_URL, the address the site is published at: None when unset or empty."""
    raw = env.get("SITE_URL", "").strip()
    if not raw:
        return None
    if not _SITE_URL.match(raw):
        raise EnvironmentProblem(
            f"SITE_URL={_preview(raw)}: must be an http:// or https:// address with no spaces, quotes, angle brackets or control characters"
        )
    return raw if raw.endswith("/") else raw + "/"


def _preview(raw: str) -> str:
    """A short quote of a variable's value, control characters shown as escapes (repr, not folded away)."""
    return repr(raw if len(raw) <= PREVIEW_CHARS else raw[: PREVIEW_CHARS - 1] + "…")

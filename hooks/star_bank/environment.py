"""The environment variables a build reads: CI, SITE_URL, SOURCE_DATE_EPOCH and the STAR_* switches, checked strictly."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from urllib.parse import urlsplit

from .model.problems import PREVIEW_CHARS

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})
# A published address: http(s), and nothing that could end an HTML attribute or a URL in a page.
_SITE_URL = re.compile(r"^https?://[^\s\"'<>`\\\x00-\x1f\x7f-\x9f]+\Z")
SITE_URL_EXAMPLE = "https://you.github.io/star-story-bank/"
SOURCE_DATE_VARIABLE = "SOURCE_DATE_EPOCH"
# The dates the build can write: a zip entry (the Anki deck) starts in 1980, and gzip's header, where
# MkDocs puts sitemap.xml.gz's date, holds 4 bytes of seconds, which end on 2106-02-07.
SOURCE_DATES = (315_532_800, 2**32 - 1)
_SECONDS = re.compile(r"[0-9]+")

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
    """SITE_URL, the address the site is published at: None when unset or empty.

    The theme prefixes it to the 404 page's scripts, styles and links, so it must name one host and a
    path on it: `https://x.example//evil.example/` would load them from evil.example.
    """
    raw = env.get("SITE_URL", "").strip()
    if not raw:
        return None
    refusal = _site_url_refusal(raw)
    if refusal:
        raise EnvironmentProblem(
            f"SITE_URL={_preview(raw)}: {refusal}; it must be the site's own http:// or https:// address, e.g. {SITE_URL_EXAMPLE}"
        )
    return raw if raw.endswith("/") else raw + "/"


def _site_url_refusal(raw: str) -> str | None:
    """Why `raw` is not an absolute http(s) address of one host and a path on it, or None."""
    if not raw.startswith(("http://", "https://")):
        return "is not an http:// or https:// address"
    if not _SITE_URL.match(raw):
        return "holds a space, quote, angle bracket, backtick, backslash or control character"
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - read for its ValueError on a port that is no number
    except ValueError:
        return "is not a well-formed address (its host or port)"
    if "?" in raw:
        return "has a query (?...), which no page address keeps"
    if "#" in raw:
        return "has a fragment (#...), which no page address keeps"
    if "@" in parts.netloc:
        return "has a user name or password (...@) before its host"
    if not parts.hostname:
        return "has no host"
    if "//" in parts.path:
        return "has '//' in its path, which a browser reads as the start of another host"
    return None


def read_source_date(env: Mapping[str, str]) -> int | None:
    """SOURCE_DATE_EPOCH, the reproducible-builds date in seconds: None when unset; EnvironmentProblem when unusable.

    MkDocs reads the variable too (page dates, sitemap.xml.gz): set but empty, or out of range, it
    fails there with a traceback, so empty is a problem here rather than unset.
    """
    raw = env.get(SOURCE_DATE_VARIABLE)
    if raw is None:
        return None
    digits = raw.strip()
    # Short before int(): Python refuses to read a number of over 4,300 digits, and the range needs 10.
    if _SECONDS.fullmatch(digits) and len(digits) <= 11 and SOURCE_DATES[0] <= int(digits) <= SOURCE_DATES[1]:
        return int(digits)
    first, last = (datetime.fromtimestamp(bound, timezone.utc).date().isoformat() for bound in SOURCE_DATES)
    empty = "; unset it rather than leave it empty" if not digits else ""
    raise EnvironmentProblem(
        f"{SOURCE_DATE_VARIABLE}={_preview(raw)}: must be a whole number of seconds since 1970 for a date from {first} to {last}"
        f" ({SOURCE_DATES[0]} to {SOURCE_DATES[1]}), as `date +%s` prints{empty}"
    )


def _preview(raw: str) -> str:
    """A short quote of a variable's value, control characters shown as escapes (repr, not folded away)."""
    return repr(raw if len(raw) <= PREVIEW_CHARS else raw[: PREVIEW_CHARS - 1] + "…")

"""Problems found in the data, each at a file, a line and a field, worded for the person who wrote it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# A message quotes at most this much of a bad value: enough to find it, never a file's contents.
PREVIEW_CHARS = 40
# What a terminal acts on instead of showing: C0 and C1 controls (ESC starts colour and cursor codes, a
# line break starts a line the build did not write), line and paragraph separators, and the
# bidirectional marks and overrides that reorder the text after them.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the data, at a file and (where known) a line and field."""

    file: str
    line: int  # 0 when the problem is the file's as a whole
    field: str
    message: str

    def __str__(self) -> str:
        """The problem as one line of plain text; a file name or field holding a control character cannot forge another."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return escape_controls(f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}")


def escape_controls(text: str) -> str:
    """`text` with every character a terminal would act on written as its escape (\\n, \\x1b, \\u202e)."""
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def clip(text: str, limit: int = PREVIEW_CHARS) -> str:
    """`text` on one line, cut to at most `limit` characters with '…' when cut: what a message may quote."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def preview(text: str) -> str:
    """A short quote of `text` for a message: one line, at most PREVIEW_CHARS characters."""
    return repr(clip(text))


def describe_value(value: Any) -> str:
    """A YAML value as a person would name it in a message, e.g. 'the number 42'."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        # YAML reads yes/no/on/off as booleans too.
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {clip(str(value))}"
    if isinstance(value, str):
        return f"the text {preview(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return f"a value of type {type(value).__name__}"


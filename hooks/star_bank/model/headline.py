"""A story's headline when its file has none: the Result's sentence that carries the most figures."""

from __future__ import annotations

import re

HEADLINE_CHARS = 100  # about two lines on a phone
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9$€£])")
_FIGURE = re.compile(r"[$€£¥]?\d[\d.,]*\s?(?:%|x\b|k\b|K\b|M\b|B\b)?")


def derive_headline(result: str) -> str:
    """The Result's sentence with the most figures (the first of equals), shortened at a word boundary."""
    sentences = [s.strip() for s in _SENTENCE_END.split(" ".join(result.split())) if s.strip()]
    if not sentences:
        return ""
    best = max(sentences, key=lambda sentence: len(_FIGURE.findall(sentence)))
    return shorten(best.rstrip("."), HEADLINE_CHARS)


def shorten(text: str, limit: int) -> str:
    """`text` cut at the last word boundary within `limit` characters, with '…' when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:—–-") + "…"


def count_figures(text: str) -> int:
    """How many figures (numbers, percentages, amounts) `text` holds."""
    return len(_FIGURE.findall(text))

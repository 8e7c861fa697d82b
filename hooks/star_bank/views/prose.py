"""Plain prose to HTML without Markdown: the paragraphs Markdown would make of text that uses none of its syntax.

Nearly every story is written as plain sentences, and Python-Markdown costs about half a millisecond a field
whatever the field holds, so the build spends most of its own time on text with nothing to parse. Text whose
every character and every line start is inert (no character Markdown reads as syntax, no line that could
open a block) is its paragraphs, as Markdown would write them; anything else goes to Markdown as before.
The HTML still passes the allow-list (views/safe_html.py). tests/unit/test_prose.py compares both on
corpora and random text, and fails on the first difference.
"""

from __future__ import annotations

import re

from .data_markdown import MAX_PARAGRAPH_CHARS

# Characters Markdown reads as nothing but text, wherever they are: letters and digits (\w less _), and this
# punctuation. Not emphasis (* _), code (`), link or image ([ ] !), escape (\), raw HTML or autolink (< >),
# entity (&), heading (#), nor anything the placeholders of Markdown or of the build's stand-ins are made of.
_INERT_PUNCTUATION = " .,;:'\"?()/%$€£¥@^+-=—–’‘“”…·°×"
_NOT_INERT = re.compile(f"[^\\w\n{re.escape(_INERT_PUNCTUATION)}]|_")
# A line that could open a block: a list item (- + or 1. 1)), a setext underline (= -) or a rule (-).
_BLOCK_START = re.compile(r"[-+=]|\d+[.)]")
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def render_prose(text: str) -> str | None:
    """The HTML Markdown makes of `text` when it is plain prose: its paragraphs; None when Markdown must read it."""
    if _NOT_INERT.search(text):
        return None
    paragraphs = _PARAGRAPH_BREAK.split(text.strip("\n"))
    for paragraph in paragraphs:
        if len(paragraph) > MAX_PARAGRAPH_CHARS:  # Markdown's limits refuse it, with their message
            return None
        for line in paragraph.split("\n"):
            # Surrounding spaces indent (code, continuation) or break lines; Markdown decides what they mean.
            if not line or line != line.strip(" ") or _BLOCK_START.match(line):
                return None
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)

"""`make story`'s placeholder text, declared once: new_story.py writes it, the loader recognises it.

A story that still holds any of it is a draft: the workbench shows it marked, the public build refuses it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# What each field of a new story starts as: sentences about the story, never one a finished story would say.
PLACEHOLDERS: Mapping[str, str] = {
    "question": "Tell me about a time you ...",
    "headline": 'One line, result first, e.g. "Precision back from 84% to 93% in two weeks"',
    "situation": "The context: where you were, what was at stake, with a figure or two.",
    "task": "What you had to achieve, and why it was hard.",
    "action": 'What you did, step by step, in the first person: "I ...".',
    "result": "The measured outcome: numbers, money, time saved, and what you learned.",
}
DRAFT_PROBLEM = "still the template's text: write your own, or keep `private: true`"
# Any placeholder, its words apart by any whitespace: YAML's folded and literal blocks break lines where the owner
# left them. One scan of a field for all six (every word is literal text, so the scan is linear).
_ANY_PLACEHOLDER = re.compile("|".join(r"\s+".join(map(re.escape, text.split())) for text in PLACEHOLDERS.values()))


def find_template_text(story: Mapping[str, object]) -> tuple[str, ...]:
    """The text fields of a story as read from YAML that equal or contain a placeholder (any field's), in the template's order."""
    return tuple(field for field in PLACEHOLDERS if isinstance(value := story.get(field), str) and _ANY_PLACEHOLDER.search(value))

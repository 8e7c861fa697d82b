"""`make story`: start a story file with every field to fill in, private until its owner says otherwise."""

from __future__ import annotations

from pathlib import Path

from .model.drafts import PLACEHOLDERS
from .model.load import STORIES_DIR, id_refusal
from .model.records import Bank
from .model.schema import suggestion

# The placeholders are model/drafts.py's, word for word: a story that still holds one is a draft, and the
# public build refuses it. Braces are format fields; a placeholder holds none.
TEMPLATE = f"""\
# yaml-language-server: $schema=../../hooks/star_bank/schemas/story.schema.json
id: {{story_id}}
principles:
  - {{principle_id}}                 # primary principle; add others this story also fits
# Drafts stay off the published site; delete this line when the story is ready.
private: true
question: {PLACEHOLDERS["question"]}
# headline: {PLACEHOLDERS["headline"]}
situation: >-
  {PLACEHOLDERS["situation"]}
task: >-
  {PLACEHOLDERS["task"]}
action: >-
  {PLACEHOLDERS["action"]}
result: >-
  {PLACEHOLDERS["result"]}
tags: []
follow_ups:
  - What would you do differently?
"""


class NewStoryProblem(ValueError):
    """The story cannot be started; the message says why and what to do."""


def write_new_story(data_dir: Path, *, story_id: str, principle_id: str, bank: Bank) -> Path:
    """Write data/stories/<story_id>.yml from the template; never overwrite, refuse bad ids and unknown principles."""
    refusal = id_refusal(story_id)  # the rules a story file is checked by
    if refusal:
        raise NewStoryProblem(f"ID={story_id!r}: {refusal}")
    principle_ids = [p.id for p in bank.principles]
    if principle_id not in principle_ids:
        raise NewStoryProblem(
            f"PRINCIPLE={principle_id!r}: unknown principle{suggestion(principle_id, principle_ids)}; one of:\n  "
            + "\n  ".join(principle_ids)
        )
    stories_dir = data_dir / STORIES_DIR
    path = stories_dir / f"{story_id}.yml"
    if path.exists() or path.is_symlink() or (stories_dir / f"{story_id}.yaml").exists():
        raise NewStoryProblem(f"{path.name} already exists; edit it, or choose another ID")
    stories_dir.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as stream:  # "x": never overwrite, even in a race
        stream.write(TEMPLATE.format(story_id=story_id, principle_id=principle_id))
    return path

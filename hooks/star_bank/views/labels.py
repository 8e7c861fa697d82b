"""The template's own words on public pages: short neutral labels, defined once. Every sentence comes from data/.

Nothing here speaks to the candidate or names a framework: instructions belong to the workbench and the README,
and the framework's name and angle label come from data/principles.yml.
"""

from __future__ import annotations

from ..model.records import STAR_PARTS

STAR_LABELS = {part: part.capitalize() for part in STAR_PARTS}  # Situation, Task, Action, Result
HOME = "Home"
QUICK_REFERENCE = "Quick reference"
WHOLE_BANK = "Whole bank"
PRACTICE = "Practice"
STORIES = "Stories"
ALL_STORIES = "All stories"
PRINCIPLE = "Principle"
PRIMARY_PRINCIPLE = "Primary principle"
ALSO_FITS = "Also fits"
TAGS = "Tags"
SPEAKING_TIME = "Speaking time"
FOLLOW_UPS = "Likely follow-ups"
CREDITS = "Credits"
DOWNLOADS = "Downloads"
ANKI_DECK = "Anki deck"
CSV_FILE = "CSV"
COPY_LINK = "Copy link"  # the button under each story's heading
# Marks the workbench alone shows, beside a story.
PRIVATE = "Private"
DRAFT = "Draft"

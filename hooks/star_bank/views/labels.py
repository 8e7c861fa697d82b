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
# What share.js says (docs/assets/javascripts/share.js reads them from its own <script> tag, docs/overrides/main.html):
SHARE_SCRIPT = {
    "copy-link-name": "Copy link to this story",  # the button's accessible name, before ": " and the story's question
    "copied": "Link copied",
    "not-copied": "Could not copy; the link is",  # before ": " and the link
    # A link whose #anchor is not on the page; {anchor} is the anchor, shown as code.
    "missing-anchor": "This link points to “{anchor}”, which is not on this page: the story may have been renamed, moved or taken off the site.",
}
# Marks the workbench alone shows, beside a story.
PRIVATE = "Private"
DRAFT = "Draft"

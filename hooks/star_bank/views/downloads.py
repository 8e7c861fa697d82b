"""The bank to take away, built with the site: an Anki deck and a CSV file, the same bytes for the same bank.

The CSV holds plain words (SafeHtml.plain), not the Markdown as written: spreadsheets and other flashcard
apps show a cell as it is, so `**`, backticks and `[text](address)` would read as clutter, and one line per
field is what those apps import best. The cost is that paragraph breaks and link addresses are dropped;
data/ stays the lossless copy. Lists inside a cell (also-fits ids, tags, follow-ups, another framework's
principles) are one per line. Each other enabled framework adds a column, headed by its id, after `tags`.
The file starts with a UTF-8 byte order mark: without it Excel reads a CSV in the machine's legacy code page
and turns accents, dashes and emoji into mojibake; LibreOffice, Numbers, Google Sheets and Python's
`utf-8-sig` all read it as UTF-8 either way.

The deck's fields are the site's allow-listed HTML with Anki's own syntax made text (anki_field): Anki
reads `[sound:…]`, `[latex]…[/latex]`, `[$]…[/$]`, `[$$]…[/$$]` and `[anki:tts]…` in a field as media,
speech and LaTeX, and its MathJax reads `\\(…\\)` and `\\[…\\]` in the card's text. A story's principles in each
other enabled framework are tags (`google::googleyness`, beside the default framework's plain ids) and a line
after its Result: the note types stay the same, so a deck already imported keeps updating.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
import sqlite3
import zipfile
from collections.abc import Iterator

import genanki

from ..model.records import STAR_PARTS, Bank, Framework, Principle, Story
from .safe_html import SafeHtml

# Fixed ids, so that importing a newer deck updates the cards already imported instead of adding copies.
STORY_MODEL_ID = 1_594_176_031
FOLLOW_UP_MODEL_ID = 1_594_176_032
DECK_KEY = "star-story-bank/deck"  # the deck's id is derived from this, never from the site's title
# `modified` dates every note. Anki only overwrites a note it already has when the incoming copy is newer
# (its "update if newer" rule), so callers should pass when the bank last changed, e.g. SOURCE_DATE_EPOCH:
# the same bank and `modified` give the same bytes, a later `modified` updates imported cards. This
# fixed default keeps builds reproducible, but a deck built with it never updates a card already imported.
UNDATED = 1_767_225_600  # 2026-01-01T00:00:00Z, seconds since the epoch
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry: no build time inside the archive
# zlib's default: at 1,000 stories the deck is 0.2 % larger than at 9, and compressed in 59 against 93 ms.
COMPRESS_LEVEL = 6
FOLLOW_UP_TAG = "follow-up"

# OWASP's CSV injection guard: a spreadsheet reads a cell starting with one of these as a formula, and
# Excel and LibreOffice read the full-width forms (＝ ＋ － ＠) as the same signs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# Anki finds its syntax by matching the field's HTML as text: brackets and braces written as character
# references show the same, but match nothing. MathJax reads the card's text, where references are
# characters again, so a backslash before a bracket or parenthesis gets an invisible word joiner instead.
_ANKI_SYNTAX = (("[", "&#91;"), ("]", "&#93;"), ("{", "&#123;"), ("}", "&#125;"))
_MATHJAX_DELIMITER = re.compile(r"\\(?=[()\[\]])")
WORD_JOINER = "\u2060"
# genanki checks each field for unescaped tags with a pattern that reads from every tag with attributes to
# the end of its line: quadratic on a long paragraph of links. A comment holding a line break after each
# such tag ends its line there. nh3 writes every attribute double-quoted, so this matches tags exactly.
_TAG_WITH_ATTRIBUTES = re.compile(r'<[a-z]+(?: [a-z-]+="[^"]*")+>')
LINE_BREAK = "<!--\n-->"

CARD_CSS = """\
.card { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 18px; line-height: 1.5;
  text-align: left; max-width: 40em; margin: 0 auto; padding: 0 1em; }
.star-principle, .star-kicker { font-size: 0.8em; opacity: 0.7; }
.star-question { font-size: 1.2em; font-weight: 600; margin: 0.5em 0; }
.star-headline { font-weight: 600; }
.star-part { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.05em; opacity: 0.7; margin: 1em 0 0; }
"""


def build_anki_deck(
    bank: Bank, *, safe: SafeHtml, include_follow_ups: bool, title: str, modified: int = UNDATED
) -> bytes:
    """An Anki .apkg: a card per story and per follow-up (when asked for), each note dated `modified`."""
    deck = genanki.Deck(_stable_id(DECK_KEY), deck_name(title))
    story_model, follow_up_model = _story_model(), _follow_up_model()
    titles = {p.id: p.title for p in bank.principles}
    due = itertools.count()  # new cards come in the bank's order, each story's follow-ups after it
    for story in bank.stories:
        principle = anki_field(safe.label(titles[story.primary]))
        question, headline = anki_field(safe.label(story.question)), anki_field(safe.label(story.headline))
        elsewhere = bank.also_in(story)
        parts = [anki_field(safe.block(story.part(name))) for name in STAR_PARTS]
        parts[-1] += "".join(_framework_line(framework, ids, safe) for framework, ids in elsewhere)
        tags = [*story.principles, *(f"{framework.id}::{pid}" for framework, ids in elsewhere for pid in ids)]
        deck.add_note(
            genanki.Note(
                model=story_model,
                fields=[principle, question, headline, *parts],
                guid=genanki.guid_for("star-story", story.id),
                tags=tags,
                due=next(due),
            )
        )
        for follow_up in story.follow_ups if include_follow_ups else ():
            # Keyed by its text too: an edited follow-up is a new card, an unchanged one keeps its reviews.
            deck.add_note(
                genanki.Note(
                    model=follow_up_model,
                    fields=[anki_field(safe.label(follow_up)), principle, question, headline],
                    guid=genanki.guid_for("star-follow-up", story.id, follow_up),
                    tags=[*tags, FOLLOW_UP_TAG],
                    due=next(due),
                )
            )
    return _package(deck, modified=modified)


def _framework_line(framework: Framework, principle_ids: tuple[str, ...], safe: SafeHtml) -> str:
    """'<p><em>Google's hiring attributes:</em> Googleyness, Leadership</p>', primary first, as an Anki field's HTML."""
    titles = ", ".join(safe.label(framework.principle(pid).title) for pid in principle_ids)
    return anki_field(f"<p><em>{safe.label(framework.name)}:</em> {titles}</p>")


def anki_field(fragment: str) -> str:
    """Allow-listed HTML as an Anki field: Anki's syntax shown as the text it is, every line short for genanki."""
    text = _MATHJAX_DELIMITER.sub(lambda backslash: backslash.group() + WORD_JOINER, fragment)
    for char, entity in _ANKI_SYNTAX:  # str.replace, several times faster than str.translate with a dict; no entity holds a char
        text = text.replace(char, entity)
    return _TAG_WITH_ATTRIBUTES.sub(lambda tag: tag.group() + LINE_BREAK, text)


def deck_name(title: str) -> str:
    """The site's title as a deck's name: Anki reads `::` as a deck inside a deck, so colons never touch."""
    return re.sub(r":(?=:)", ": ", title)


def build_csv(bank: Bank, *, safe: SafeHtml, include_follow_ups: bool) -> str:
    """The bank as CSV text, a row per story: write it as UTF-8 bytes, as it is (its rows end in CRLF, per RFC 4180)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)  # quotes any cell holding a comma, a quote or a line break
    others = tuple(framework for framework in bank.frameworks if framework != bank.framework)
    header = ["id", "principle", "principle_title", "also_fits", "question", "headline", *STAR_PARTS, "tags"]
    writer.writerow(header + [framework.id for framework in others] + (["follow_ups"] if include_follow_ups else []))
    principles = {p.id: p for p in bank.principles}
    for story in bank.stories:
        row = _csv_row(story, principles[story.primary], safe, include_follow_ups=include_follow_ups, others=others)
        writer.writerow(_guarded(cell) for cell in row)
    return out.getvalue()


def _csv_row(
    story: Story, principle: Principle, safe: SafeHtml, *, include_follow_ups: bool, others: tuple[Framework, ...]
) -> Iterator[str]:
    yield story.id
    yield principle.id
    yield safe.plain(principle.title)
    yield "\n".join(story.also_fits)
    yield safe.plain(story.question)
    yield safe.plain(story.headline)
    yield from (safe.plain(story.part(name)) for name in STAR_PARTS)
    yield "\n".join(story.tags)  # keywords, shown as written on the site too
    for framework in others:  # its principles' titles there, primary first; empty where it does not answer it
        yield "\n".join(safe.plain(framework.principle(pid).title) for pid in story.principles_in(framework.id))
    if include_follow_ups:
        yield "\n".join(safe.plain(question) for question in story.follow_ups)


def _guarded(cell: str) -> str:
    """The cell, with a leading apostrophe if a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _story_model() -> genanki.Model:
    # Made afresh for each deck: genanki writes into the template and field dicts it is given.
    parts = "".join(
        f'<p class="star-part">{name.capitalize()}</p>{{{{{name.capitalize()}}}}}\n' for name in STAR_PARTS
    )
    return genanki.Model(
        STORY_MODEL_ID,
        "STAR story",
        fields=[{"name": name} for name in ("Principle", "Question", "Headline", *map(str.capitalize, STAR_PARTS))],
        templates=[
            {
                "name": "Question to STAR answer",
                "qfmt": (
                    '<div class="star-principle">{{Principle}}</div>\n<div class="star-question">{{Question}}</div>'
                ),
                "afmt": '{{FrontSide}}\n<hr id="answer">\n<p class="star-headline">{{Headline}}</p>\n' + parts,
            }
        ],
        css=CARD_CSS,
        sort_field_index=1,
    )


def _follow_up_model() -> genanki.Model:
    # A note type of its own, not a second template on the story's: a template makes exactly one card per
    # note, but a story has any number of follow-ups; and leaving follow-ups out never changes the story's
    # note type, which Anki would otherwise treat as a schema change on the next import.
    return genanki.Model(
        FOLLOW_UP_MODEL_ID,
        "STAR follow-up",
        fields=[{"name": name} for name in ("Follow-up", "Principle", "Question", "Headline")],
        templates=[
            {
                "name": "Follow-up to its story",
                "qfmt": (
                    '<div class="star-principle">{{Principle}}</div>\n<div class="star-kicker">Follow-up</div>\n'
                    '<div class="star-question">{{Follow-up}}</div>'
                ),
                "afmt": (
                    '{{FrontSide}}\n<hr id="answer">\n<p class="star-kicker">After the story for</p>\n'
                    '<p>{{Question}}</p>\n<p class="star-headline">{{Headline}}</p>'
                ),
            }
        ],
        css=CARD_CSS,
    )


def _package(deck: genanki.Deck, *, modified: int) -> bytes:
    """The .apkg's bytes: the collection built in memory (no temporary file), zipped with fixed metadata."""
    connection = sqlite3.connect(":memory:")
    try:
        # Note and card ids count up from `modified` in milliseconds, as genanki's own writer does.
        genanki.Package(deck).write_to_db(connection.cursor(), modified, itertools.count(modified * 1000))
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as apkg:
        for name, content in (("collection.anki2", collection), ("media", b"{}")):
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, whatever machine builds it (Windows would write 0)
            entry.external_attr = 0o644 << 16
            apkg.writestr(entry, content, compresslevel=COMPRESS_LEVEL)
    return archive.getvalue()


def _stable_id(key: str) -> int:
    """An id in the range Anki's own ids use (2**30 to 2**31), the same for the same key on every machine."""
    return (1 << 30) + int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:4], "big") % (1 << 30)

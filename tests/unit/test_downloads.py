"""The downloads: the Anki deck opened as what it is (a zip holding an SQLite collection), the CSV read back."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from star_bank.model.records import Bank, Framework
from star_bank.views.downloads import UNDATED, build_anki_deck, build_csv
from star_bank.views.safe_html import SafeHtml

from .factories import SITE, make_principle, make_story

PRINCIPLES = (
    make_principle("ownership", "Ownership"),
    make_principle("dive-deep", "Dive Deep"),
    make_principle("customer-obsession", "Customer *Obsession*"),
)
CACHE = make_story(
    "cache-outage",
    "dive-deep",
    "ownership",
    question='Tell me, "honestly", about a time you *dug into* a problem.',
    headline="Stale results: 40% fewer, in a week",
    situation="Café ☕ team, naïve résumé 🚀: results went stale, twice.",
    tags=("caching", "on-call"),
    follow_ups=("What would you do differently?", "How did you *measure* it?"),
)
HOSTILE = make_story(
    "hostile",
    "ownership",
    question="<script>alert(1)</script> Why?",
    headline="-5% errors",
    situation="[x](javascript:alert(1))",
    task='=HYPERLINK("http://evil")',
    action="+1 then -1",
    result="@SUM(A1:A9)",
    tags=("=1+1",),
)
QUIET = make_story("quiet", "customer-obsession", situation="We listened.", tags=("a-b-testing", "ml"))
BANK = Bank(site=SITE, framework=Framework(PRINCIPLES), stories=(CACHE, HOSTILE, QUIET))
STORY_FIELDS = ["Principle", "Question", "Headline", "Situation", "Task", "Action", "Result"]
FOLLOW_UP_FIELDS = ["Follow-up", "Principle", "Question", "Headline"]


def anki_deck(
    bank: Bank = BANK, *, include_follow_ups: bool = True, title: str = "STAR stories", modified: int = UNDATED
) -> bytes:
    return build_anki_deck(bank, safe=SafeHtml(), include_follow_ups=include_follow_ups, title=title, modified=modified)


def open_collection(apkg: bytes, folder: Path) -> sqlite3.Connection:
    """The deck's collection.anki2, read from the zip and opened with sqlite3."""
    with zipfile.ZipFile(io.BytesIO(apkg)) as archive:
        assert archive.namelist() == ["collection.anki2", "media"]
        assert json.loads(archive.read("media")) == {}
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(path)


def notes(apkg: bytes, folder: Path) -> dict[str, list[tuple[str, list[str], str, int]]]:
    """Each note type's notes, by its name: (guid, fields, tags, mod), in id order."""
    connection = open_collection(apkg, folder)
    try:
        models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
        names = {int(model_id): model["name"] for model_id, model in models.items()}
        found: dict[str, list[tuple[str, list[str], str, int]]] = {name: [] for name in names.values()}
        rows = connection.execute("SELECT guid, mid, flds, tags, mod FROM notes ORDER BY id")
        for guid, model_id, fields, tags, mod in rows:
            found[names[model_id]].append((guid, fields.split("\x1f"), tags, mod))
        return found
    finally:
        connection.close()


def test_the_deck_has_a_note_per_story_with_its_fields_as_allow_listed_html(tmp_path: Path) -> None:
    stories = notes(anki_deck(include_follow_ups=False), tmp_path)["STAR story"]
    assert len(stories) == 3
    _, fields, tags, _ = stories[2]
    assert fields == [
        "Customer <em>Obsession</em>",
        "Question of quiet?",
        "Headline of quiet: 3x faster",
        "<p>We listened.</p>",
        "<p>The task.</p>",
        "<ul>\n<li>first step</li>\n<li>second step</li>\n</ul>",
        "<p>It worked.</p>",
    ]
    assert tags == " customer-obsession "
    safe = SafeHtml()
    _, fields, tags, _ = stories[0]
    assert fields[:3] == ["Dive Deep", safe.label(CACHE.question), safe.label(CACHE.headline)]
    assert fields[3] == "<p>Café ☕ team, naïve résumé 🚀: results went stale, twice.</p>"
    assert tags == " dive-deep ownership "


def test_the_deck_names_its_fields_and_cards(tmp_path: Path) -> None:
    connection = open_collection(anki_deck(title="Ada's STAR stories"), tmp_path)
    models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
    decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
    card_decks = {deck_id for (deck_id,) in connection.execute("SELECT DISTINCT did FROM cards")}
    connection.close()
    fields = {model["name"]: [field["name"] for field in model["flds"]] for model in models.values()}
    assert fields == {"STAR story": STORY_FIELDS, "STAR follow-up": FOLLOW_UP_FIELDS}
    assert [deck["name"] for deck in decks.values()] == ["Default", "Ada's STAR stories"]
    assert card_decks == {int(next(key for key, deck in decks.items() if deck["name"] == "Ada's STAR stories"))}


def test_each_follow_up_is_a_card_anchored_to_its_story(tmp_path: Path) -> None:
    follow_ups = notes(anki_deck(), tmp_path / "a")["STAR follow-up"]
    assert [fields for _, fields, _, _ in follow_ups] == [
        [question, "Dive Deep", SafeHtml().label(CACHE.question), "Stale results: 40% fewer, in a week"]
        for question in ("What would you do differently?", "How did you <em>measure</em> it?")
    ]
    assert {tags for _, _, tags, _ in follow_ups} == {" dive-deep ownership follow-up "}
    connection = open_collection(anki_deck(), tmp_path / "b")
    assert connection.execute("SELECT COUNT(*) FROM cards").fetchone() == (5,)
    connection.close()
    assert "STAR follow-up" not in notes(anki_deck(include_follow_ups=False), tmp_path / "c")


def test_no_field_holds_a_script_or_a_javascript_link(tmp_path: Path) -> None:
    every_note = [note for found in notes(anki_deck(), tmp_path).values() for note in found]
    text = "\n".join(field.lower() for _, fields, _, _ in every_note for field in fields)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; why?" in text  # the words stay, as text
    assert "<script" not in text
    assert "javascript:" not in text


# Anki's own syntax, as a story could hold it: each would play, speak or typeset in a card if left as written.
ANKI_SYNTAX = {
    "sound": "[sound:_evil.mp3]",
    "latex": "[latex]\\input{/etc/passwd}[/latex]",
    "inline LaTeX": "[$]x^2[/$]",
    "display LaTeX": "[$$]\\sum x[/$$]",
    "speech": "[anki:tts lang=en_US]say this[/anki:tts]",
    "template": "{{c1::hidden}} {{Front}}",
    "MathJax inline": "\\\\(\\href{javascript:alert(1)}{x}\\\\)",  # Markdown's \\( is a backslash and (
    "MathJax display": "\\\\[x\\\\]",
}
ANKI_READS = ("[sound:", "[latex]", "[$]", "[$$]", "[anki:tts", "{{", "\\(", "\\[")


def shown_text(field: str) -> str:
    """What a card shows of a field: its text, references read as characters, the invisible word joiner gone."""
    return html.unescape(re.sub(r"<[^>]*>", "", field)).replace("\u2060", "")


def test_anki_syntax_in_a_story_is_shown_as_text_in_the_deck(tmp_path: Path) -> None:
    written = " ".join(ANKI_SYNTAX.values())
    story = make_story("anki", "ownership", question=f"Why {written}?", situation=written, headline=f"3x {written}")
    bank = Bank(site=SITE, framework=Framework(PRINCIPLES), stories=(story,))
    fields = [field for note in notes(anki_deck(bank), tmp_path)["STAR story"] for field in note[1]]
    assert [syntax for syntax in ANKI_READS if any(syntax in field for field in fields)] == []
    for field in (fields[1], fields[2], fields[3]):  # question, headline, situation
        for name, syntax in ANKI_SYNTAX.items():
            assert SafeHtml().plain(syntax) in shown_text(field), f"{name}: {field!r}"


def test_a_deck_named_with_double_colons_stays_one_deck(tmp_path: Path) -> None:
    connection = open_collection(anki_deck(title="Ada::Stories:::2024"), tmp_path)
    decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
    connection.close()
    names = sorted(deck["name"] for deck in decks.values())
    assert names == ["Ada: :Stories: : :2024", "Default"]
    assert all("::" not in name for name in names)


def test_guids_follow_story_ids_not_text_nor_build(tmp_path: Path) -> None:
    quiet_edited = make_story("quiet", "ownership", result="Better.")
    edited = Bank(site=SITE, framework=Framework(PRINCIPLES), stories=(CACHE, HOSTILE, quiet_edited))
    first = notes(anki_deck(), tmp_path / "a")
    again = notes(anki_deck(edited, title="Renamed", modified=UNDATED + 86_400), tmp_path / "b")
    assert [guid for guid, *_ in first["STAR story"]] == [guid for guid, *_ in again["STAR story"]]
    assert [guid for guid, *_ in first["STAR follow-up"]] == [guid for guid, *_ in again["STAR follow-up"]]
    guids = [guid for found in first.values() for guid, *_ in found]
    assert len(set(guids)) == len(guids) == 5


def test_a_later_modified_dates_every_note_so_a_reimport_updates_it(tmp_path: Path) -> None:
    first = notes(anki_deck(), tmp_path / "a")
    later = notes(anki_deck(modified=UNDATED + 86_400), tmp_path / "b")
    assert {mod for found in first.values() for *_, mod in found} == {UNDATED}
    assert {mod for found in later.values() for *_, mod in found} == {UNDATED + 86_400}


def test_the_same_bank_gives_the_same_bytes() -> None:
    first, second = anki_deck(), anki_deck()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert anki_deck(include_follow_ups=False) == anki_deck(include_follow_ups=False)


def read_csv(text: str, folder: Path) -> list[dict[str, str]]:
    """The CSV as a spreadsheet would get it: UTF-8 bytes in a file, read back with csv."""
    path = folder / "star-stories.csv"
    path.write_bytes(text.encode("utf-8"))
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_the_csv_reads_back_row_for_row_and_field_for_field(tmp_path: Path) -> None:
    text = build_csv(BANK, safe=SafeHtml(), include_follow_ups=True)
    assert text.startswith("\ufeffid,principle,") and text.count("\ufeff") == 1
    assert text.endswith("\r\n")
    rows = read_csv(text, tmp_path)
    assert [row["id"] for row in rows] == ["cache-outage", "hostile", "quiet"]
    assert rows[0] == {
        "id": "cache-outage",
        "principle": "dive-deep",
        "principle_title": "Dive Deep",
        "also_fits": "ownership",
        "question": 'Tell me, "honestly", about a time you dug into a problem.',
        "headline": "Stale results: 40% fewer, in a week",
        "situation": "Café ☕ team, naïve résumé 🚀: results went stale, twice.",
        "task": "The task.",
        "action": "first step second step",
        "result": "It worked.",
        "tags": "caching\non-call",
        "follow_ups": "What would you do differently?\nHow did you measure it?",
    }
    assert rows[2]["principle_title"] == "Customer Obsession"
    assert rows[2]["also_fits"] == ""


def test_the_csv_leaves_follow_ups_out_unless_asked(tmp_path: Path) -> None:
    rows = read_csv(build_csv(BANK, safe=SafeHtml(), include_follow_ups=False), tmp_path)
    assert list(rows[0]) == [
        "id", "principle", "principle_title", "also_fits", "question", "headline",
        "situation", "task", "action", "result", "tags",
    ]  # fmt: skip


def test_csv_cells_a_spreadsheet_would_run_start_with_an_apostrophe(tmp_path: Path) -> None:
    hostile = read_csv(build_csv(BANK, safe=SafeHtml(), include_follow_ups=True), tmp_path)[1]
    assert hostile["question"] == "<script>alert(1)</script> Why?"  # text in a cell: nothing runs it
    assert hostile["situation"] == "x"
    assert hostile["task"] == "'=HYPERLINK(\"http://evil\")"
    assert hostile["action"] == "'+1 then -1"
    assert hostile["result"] == "'@SUM(A1:A9)"
    assert hostile["headline"] == "'-5% errors"
    assert hostile["tags"] == "'=1+1"
    assert hostile["principle_title"] == "Ownership"  # only the first character counts


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"])
def test_every_formula_start_is_guarded(start: str, tmp_path: Path) -> None:
    tagged = make_story("tagged", "ownership", tags=(f"{start}cmd", "a=b"))
    bank = Bank(site=SITE, framework=Framework(PRINCIPLES), stories=(tagged,))
    row = read_csv(build_csv(bank, safe=SafeHtml(), include_follow_ups=False), tmp_path)[0]
    assert row["tags"] == f"'{start}cmd\na=b"

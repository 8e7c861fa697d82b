"""Plain prose skips Markdown (views/prose.py) only where Markdown would have made the very same HTML."""

from __future__ import annotations

import html
import random

import nh3
import yaml
from conftest import SAMPLE_BANK

from star_bank.views.data_markdown import MAX_PARAGRAPH_CHARS, DataMarkdown
from star_bank.views.prose import render_prose
from star_bank.views.safe_html import SafeHtml

# Every character prose may hold, the ones that make Markdown syntax, and the whitespace that places lines.
ALPHABET = "aZ09é .,;:'\"?()/%$€@^+-=—’…" + "*_`[]!\\<>&#~|{}\t\r\ue000\x02" + "\n\n\n   "


def _sample_texts() -> list[str]:
    texts = []
    for path in sorted((SAMPLE_BANK / "stories").glob("*.yml")):
        story = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [story[key] for key in ("question", "situation", "task", "action", "result")]
    return texts


def test_prose_is_the_html_markdown_makes_of_it_and_the_rest_goes_to_markdown() -> None:
    markdown = DataMarkdown()
    rng = random.Random(19)
    # The sample's own text, folded and with its paragraphs, then random text near and far from prose.
    texts = _sample_texts() + ["\n\n".join(_sample_texts()[:3]), "a\nb", "a\n\n\nb\n", "\n\na", "1990 was a year", "x - y", "x\n-y"]
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    texts += ["".join(rng.choice(ALPHABET[:28] + "\n") for _ in range(rng.randint(1, 60))) for _ in range(3000)]
    rendered = 0
    for text in texts:
        prose = render_prose(text)
        if prose is not None:
            rendered += 1
            assert prose == markdown.convert(text), repr(text)

    assert render_prose(_sample_texts()[1]) is not None, "the sample's stories are prose"
    assert rendered > 500, "random text near prose is often prose"


def test_syntax_and_what_markdown_limits_go_to_markdown() -> None:
    for text in ("a *b*", "a_b", "`x`", "[a](b)", "a\\b", "<b>", "a & b", "# T", "- a", "+ a", "1. a", "3) a", "a\n===", "a\n---", "    code", "a  \nb", " a", "", "\n", "a\tb"):
        assert render_prose(text) is None, repr(text)
    assert render_prose("x" * MAX_PARAGRAPH_CHARS) is not None
    assert render_prose("x" * (MAX_PARAGRAPH_CHARS + 1)) is None, "Markdown refuses a paragraph over its limit"


def test_a_field_over_the_paragraph_limit_is_still_refused_at_the_loader() -> None:
    assert SafeHtml().refusal("x" * (MAX_PARAGRAPH_CHARS + 1)) is not None
    assert SafeHtml().refusal("word " * 100) is None


def test_plain_text_of_prose_is_what_rendering_and_unescaping_it_made() -> None:
    markdown, words_only = DataMarkdown(), nh3.Cleaner(tags=set(), strip_comments=True)
    rng = random.Random(7)
    texts = _sample_texts() + ["".join(rng.choice(ALPHABET[:28] + "\n") for _ in range(rng.randint(1, 60))) for _ in range(2000)]
    prose = [text for text in texts if render_prose(text) is not None]
    safe = SafeHtml()
    for text in prose:
        assert safe.plain(text) == " ".join(html.unescape(words_only.clean(markdown.convert(text))).split()), repr(text)
    assert len(prose) > 500

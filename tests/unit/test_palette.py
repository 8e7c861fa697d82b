"""The site's colours and its printed sheets' header: contrast arithmetic and CSS written from data/site.yml."""

from __future__ import annotations

import itertools
import re

import pytest

from star_bank.views.palette import (
    AA_TEXT,
    DARK_BACKGROUNDS,
    LIGHT_BACKGROUNDS,
    contrast_ratio,
    readable_on,
    relative_luminance,
    render_palette_css,
    text_on,
)
from star_bank.views.paper import css_string, render_paper_css

# Every colour whose channels are 0, 51, ..., 255: the corners and the middle of the sRGB cube.
GRID = ["#" + "".join(f"{channel:02x}" for channel in rgb) for rgb in itertools.product(range(0, 256, 51), repeat=3)]


def declarations(css: str, selector: str) -> dict[str, str]:
    """The custom properties one rule of the palette CSS sets."""
    body = re.search(re.escape(selector) + r"\{([^}]*)\}", css)
    assert body, f"no rule {selector}"
    return dict(declaration.split(":", 1) for declaration in body.group(1).split(";"))


# --- WCAG arithmetic -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [("#ffffff", "#000000", 21.0), ("#000000", "#ffffff", 21.0), ("#777777", "#ffffff", 4.48), ("#4051b5", "#1e2129", 2.34), ("#123456", "#123456", 1.0)],
)
def test_contrast_ratio_is_wcags(first: str, second: str, ratio: float) -> None:
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)


def test_relative_luminance_runs_from_black_to_white() -> None:
    assert relative_luminance("#000000") == 0 and relative_luminance("#FFFFFF") == pytest.approx(1)


def test_text_on_any_colour_meets_aa() -> None:
    assert [colour for colour in GRID if contrast_ratio(text_on(colour), colour) < AA_TEXT] == []


def test_text_on_prefers_white_where_white_reads() -> None:
    assert text_on("#1f4e79") == "#ffffff" and text_on("#ffd700") == "#000000"


def test_any_colour_is_made_readable_on_both_schemes() -> None:
    unreadable = [
        (colour, readable)
        for colour in GRID
        for backgrounds in (LIGHT_BACKGROUNDS, DARK_BACKGROUNDS)
        if min(contrast_ratio(readable := readable_on(colour, backgrounds), background) for background in backgrounds) < AA_TEXT
    ]
    assert unreadable == []


def test_a_readable_colour_is_kept_and_a_dark_one_lightened_in_its_own_hue() -> None:
    assert readable_on("#1f4e79", LIGHT_BACKGROUNDS) == "#1f4e79"
    lightened = readable_on("#1f4e79", DARK_BACKGROUNDS)
    red, green, blue = (int(lightened[i : i + 2], 16) for i in (1, 3, 5))
    assert blue > green > red, f"{lightened} is no longer a blue"


# --- the palette CSS -----------------------------------------------------------------------------------------


def test_the_header_is_the_colour_picked_and_its_text_is_by_contrast() -> None:
    css = render_palette_css(primary="#FFD700", accent="#c2410c")
    primary = declarations(css, "[data-md-color-primary=custom]")
    assert primary["--md-primary-fg-color"] == "#ffd700"
    assert primary["--md-primary-bg-color"] == "#000000"
    assert contrast_ratio(primary["--md-primary-bg-color--light"], "#ffd700") >= AA_TEXT


def test_links_and_accents_read_on_each_scheme() -> None:
    css = render_palette_css(primary="#ffd700", accent="#00ff00")
    for scheme, backgrounds in (("default", LIGHT_BACKGROUNDS), ("slate", DARK_BACKGROUNDS)):
        link = declarations(css, f"[data-md-color-scheme={scheme}][data-md-color-primary=custom]")["--md-typeset-a-color"]
        assert min(contrast_ratio(link, background) for background in backgrounds) >= AA_TEXT, scheme
    accent_selectors = {"default": "[data-md-color-accent=custom]", "slate": "[data-md-color-scheme=slate][data-md-color-accent=custom]"}
    for scheme, selector in accent_selectors.items():
        accent = declarations(css, selector)
        backgrounds = LIGHT_BACKGROUNDS if scheme == "default" else DARK_BACKGROUNDS
        assert min(contrast_ratio(accent["--md-accent-fg-color"], b) for b in backgrounds) >= AA_TEXT, scheme
        assert contrast_ratio(accent["--md-accent-bg-color"], accent["--md-accent-fg-color"]) >= AA_TEXT, scheme


@pytest.mark.parametrize("colour", ["red", "#fff", "#1f4e79;}body{display:none", "#1f4e79</style>", "#1f4e79\n", ""])
def test_anything_but_rrggbb_is_refused_before_it_reaches_a_style_element(colour: str) -> None:
    with pytest.raises(ValueError, match="not a #rrggbb colour"):
        render_palette_css(primary=colour, accent="#c2410c")
    with pytest.raises(ValueError, match="not a #rrggbb colour"):
        render_palette_css(primary="#1f4e79", accent=colour)


# --- every printed sheet's header ----------------------------------------------------------------------------


def test_every_sheet_names_the_owner_at_its_top_and_the_address_at_its_foot() -> None:
    assert render_paper_css(whose="Ada Lovelace", address="https://example.github.io/star-story-bank/principles/frugality/") == (
        '@page{@top-left{content:"Ada Lovelace"}@bottom-left{content:"https://example.github.io/star-story-bank/principles/frugality/"}}'
    )
    assert render_paper_css(whose="Ada", address=None) == '@page{@top-left{content:"Ada"}}'


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Rosalind Okafor — Data", '"Rosalind Okafor \\2014  Data"'),  # outside the allow-list: escaped, printed the same
        ("Zoë Ngũgĩ, Ph.D. (ML)", '"Zoë Ngũgĩ, Ph.D. (ML)"'),
        ('A "quoted" name', '"A \\22 quoted\\22  name"'),
        ("</style><script>alert(1)</script>", '"\\3c /style\\3e \\3c script\\3e alert(1)\\3c /script\\3e "'),
        ("back\\slash", '"back\\5c slash"'),
        ("two\nlines", '"two\\a lines"'),
        ("O'Brien & Co", '"O\\27 Brien \\26  Co"'),
    ],
)
def test_a_name_is_one_css_string_whatever_it_holds(text: str, written: str) -> None:
    assert css_string(text) == written

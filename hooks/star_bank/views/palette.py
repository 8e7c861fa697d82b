"""The site's colours (data/site.yml: theme) as the CSS custom properties Material's `custom` palette reads.

The owner picks a primary and an accent colour; every colour drawn as text or behind text is derived from
them so that it meets WCAG AA (4.5:1) in the light and the dark scheme, whatever was picked: the header's
text is white or black by contrast, and links are the primary darkened (light) or lightened (dark) just
enough to read on the page.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Sequence

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
AA_TEXT = 4.5  # WCAG 2 level AA, normal text
WHITE = "#ffffff"
BLACK = "#000000"
# Where links and accents are read, per scheme: the page and Material's code background. Slate's are
# hsla(225deg, 15%, 14%) and hsla(225deg, 15%, 18%), Material 9.8's default hue.
LIGHT_BACKGROUNDS = ("#ffffff", "#f5f5f5")
DARK_BACKGROUNDS = ("#1e2129", "#272b36")
LIGHTNESS_STEP = 0.02  # how finely a colour's lightness is moved until it reads
LIGHT_ALPHA = 0.7  # Material's --md-primary-bg-color--light is the header's text at 70 %


def parse_colour(colour: str) -> tuple[int, int, int]:
    """'#1f4e79' as (31, 78, 121); ValueError for anything but #rrggbb (it is written into a <style>)."""
    if not HEX_COLOUR.fullmatch(colour):
        raise ValueError(f"not a #rrggbb colour: {colour[:40]!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def format_colour(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(channel):02x}" for channel in rgb)


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in parse_colour(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio, 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """`colour` moved `share` (0 to 1) of the way towards `other`, in sRGB."""
    return format_colour([a + (b - a) * share for a, b in zip(parse_colour(colour), parse_colour(other))])


def text_on(background: str) -> str:
    """White text on `background` if it meets AA, else black (one of the two always does: at least 4.58:1)."""
    return WHITE if contrast_ratio(WHITE, background) >= AA_TEXT else BLACK


def readable_on(colour: str, backgrounds: Sequence[str]) -> str:
    """`colour`, or the least darkened (on light backgrounds) or lightened (on dark) copy that meets AA on all of them.

    Lightness moves in HLS, hue and saturation kept: a dark blue lightened for the dark scheme stays a blue.
    """
    darken = relative_luminance(backgrounds[0]) > 0.18
    hue, lightness, saturation = colorsys.rgb_to_hls(*(channel / 255 for channel in parse_colour(colour)))
    while True:
        candidate = format_colour([channel * 255 for channel in colorsys.hls_to_rgb(hue, lightness, saturation)])
        if all(contrast_ratio(candidate, background) >= AA_TEXT for background in backgrounds):
            return candidate
        if lightness == (0.0 if darken else 1.0):  # black or white: the most any colour can do
            return candidate
        lightness = max(0.0, lightness - LIGHTNESS_STEP) if darken else min(1.0, lightness + LIGHTNESS_STEP)


def _faded_text_on(background: str) -> str:
    """The header's secondary text (Material: 70 % of its text colour), solid, and never below AA."""
    text = text_on(background)
    faded = mix(background, text, LIGHT_ALPHA)
    return faded if contrast_ratio(faded, background) >= AA_TEXT else text


def _declarations(properties: dict[str, str]) -> str:
    return ";".join(f"{name}:{value}" for name, value in properties.items())


def render_palette_css(*, primary: str, accent: str) -> str:
    """The CSS for Material's `primary: custom` and `accent: custom`, light and dark, from two #rrggbb colours."""
    parse_colour(primary), parse_colour(accent)
    primary, accent = primary.lower(), accent.lower()
    accent_light, accent_dark = readable_on(accent, LIGHT_BACKGROUNDS), readable_on(accent, DARK_BACKGROUNDS)
    rules = {
        # The header and the drawer's title: the owner's colour as picked, its text by contrast.
        "[data-md-color-primary=custom]": {
            "--md-primary-fg-color": primary,
            "--md-primary-fg-color--light": mix(primary, WHITE, 0.2),
            "--md-primary-fg-color--dark": mix(primary, BLACK, 0.2),
            "--md-primary-fg-color--transparent": primary + "1a",
            "--md-primary-bg-color": text_on(primary),
            "--md-primary-bg-color--light": _faded_text_on(primary),
        },
        "[data-md-color-scheme=default][data-md-color-primary=custom]": {
            "--md-typeset-a-color": readable_on(primary, LIGHT_BACKGROUNDS),
        },
        "[data-md-color-scheme=slate][data-md-color-primary=custom]": {
            "--md-typeset-a-color": readable_on(primary, DARK_BACKGROUNDS),
        },
        # The accent is hover and focus: text on the page, and the background of a hovered button.
        "[data-md-color-accent=custom]": {
            "--md-accent-fg-color": accent_light,
            "--md-accent-fg-color--transparent": accent_light + "1a",
            "--md-accent-bg-color": text_on(accent_light),
            "--md-accent-bg-color--light": _faded_text_on(accent_light),
        },
        "[data-md-color-scheme=slate][data-md-color-accent=custom]": {
            "--md-accent-fg-color": accent_dark,
            "--md-accent-fg-color--transparent": accent_dark + "1a",
            "--md-accent-bg-color": text_on(accent_dark),
            "--md-accent-bg-color--light": _faded_text_on(accent_dark),
        },
    }
    return "".join(f"{selector}{{{_declarations(properties)}}}" for selector, properties in rules.items())

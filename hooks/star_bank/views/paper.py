"""What every printed sheet says besides the page itself: whose it is and where it lives (CSS page-margin boxes).

Margin boxes sit in the sheet's margin, so they repeat on every sheet without covering the text, and
they take only literal strings (no var(), no attr()): the owner's name and the page's address are
written into the page's own print stylesheet, escaped as CSS strings.
"""

from __future__ import annotations

import re

# An allow-list: the characters written as themselves (letters, digits, space and punctuation that means nothing
# inside a CSS string). Every other one is a hex escape, so nothing from data can end the string, the rule or
# the <style> element; tests/hostile/checks.py accepts a print stylesheet only in exactly this form.
CSS_STRING_PLAIN = r"[\w .,:/()#@!?+=%-]"
_PLAIN = re.compile(CSS_STRING_PLAIN)


def css_string(text: str) -> str:
    """`text` as a double-quoted CSS string; every character outside the allow-list is a hex escape."""
    return '"' + "".join(c if _PLAIN.fullmatch(c) else f"\\{ord(c):x} " for c in text) + '"'


def render_paper_css(*, whose: str, address: str | None) -> str:
    """The @page rule naming the owner (or the site) at the top of every sheet and the page's address at its foot.

    Each in a box of its own line, where a long name or address has the sheet's width; star.css sets their type
    and numbers the sheets at the foot's right.
    """
    boxes = [f"@top-left{{content:{css_string(whose)}}}"]
    if address:
        boxes.append(f"@bottom-left{{content:{css_string(address)}}}")
    return "@page{" + "".join(boxes) + "}"

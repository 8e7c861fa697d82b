"""What `mkdocs serve` shows on every page while data/ has problems: the same list as the terminal."""

from __future__ import annotations

import html
import re

# Characters Markdown or the hooks read as their own placeholders: written as character references instead.
_PLACEHOLDER_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ue000-\uf8ff]")


def render_problems_page(lines: list[str]) -> str:
    """A page listing the problems, each on its own line, escaped; it goes away when the data is fixed.

    The lines quote the data (a bad field name, a preview of a value): nothing in them may act as markup.
    """
    listing = "\n".join(_PLACEHOLDER_CHARACTERS.sub(lambda m: f"&#x{ord(m.group()):x};", html.escape(line)) for line in lines)
    return (
        "# The data has problems { #top }\n\n"
        "The site comes back as soon as you save a fix; this page reloads by itself.\n\n"
        f'<pre class="star-problems" role="alert">{listing}</pre>\n'
    )

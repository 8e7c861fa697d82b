"""What a built site may hold, checked element by element: nothing live comes from data, everything else is text.

Each check takes parsed HTML and returns a list of violations (strings naming the file and what was found), so a
test can assert that the list is empty and show every violation at once.
"""

from __future__ import annotations

import gc
import json
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from star_bank.views.paper import CSS_STRING_PLAIN

from .payloads import MARKER

# Attributes a browser reads as an address.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "ping", "cite", "codebase",
     "manifest", "srcset", "longdesc", "lowsrc", "dynsrc", "icon", "profile", "usemap"}
)
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
# Elements that must never appear on any page, whoever wrote them.
NEVER_TAGS = frozenset({"base", "iframe", "object", "embed", "frame", "frameset", "applet", "portal", "fencedframe"})
# Elements data text must never end up inside (the site's own use of them holds no data).
NO_DATA_INSIDE = frozenset(
    {"script", "style", "svg", "math", "iframe", "object", "embed", "form", "button", "input", "textarea", "template",
     "noscript", "video", "audio", "source", "marquee", "img", "link", "base"}
)
# The attributes in which data may legitimately appear (as an escaped value): addresses, titles, meta content,
# accessible names.
DATA_ATTRIBUTES = frozenset({"href", "title", "content", "aria-label"})
# What Material puts inside a navigation link besides the title's text.
NAV_LINK_TAGS = frozenset({"span", "div", "svg", "path", "img"})
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# Pages of a site on two hosts' schemes: "https:x" is a path on an https page, and another host on an http one.
SITE_PAGES = ("https://site.invalid/star-story-bank/principles/p/", "http://site.invalid/star-story-bank/principles/p/")
SITE_HOST = "site.invalid"
# A link data may send anywhere, because it says so: http(s):// and a host, or mailto:.
_ABSOLUTE_BY_DESIGN = re.compile(r"(?i)(?:https?://[^/\\?#]|mailto:.)")
# What Anki reads in a field as media, speech, LaTeX or a template: raw in the field's HTML.
ANKI_SYNTAX = ("[sound:", "[latex]", "[/latex]", "[$]", "[$$]", "[anki:tts", "[/anki:tts]", "{{")
# What MathJax reads in a card's text (entities already characters).
MATHJAX_DELIMITERS = ("\\(", "\\)", "\\[", "\\]")


def attribute_text(value: object) -> str:
    """An attribute's value as a string (BeautifulSoup gives class and a few others as lists)."""
    return " ".join(value) if isinstance(value, list) else str(value or "")


def url_scheme(value: str) -> str:
    """An attribute's value (its entities already decoded by the parser) as a browser's URL parser reads its scheme
    (WHATWG URL): leading and trailing controls and spaces dropped, every tab and newline dropped, lowercase.
    So `java\tscript:` is javascript:, and `java script:` or `java\x01script:` is a relative address."""
    return _TAB_OR_NEWLINE.sub("", value.strip(_C0_OR_SPACE)).lower()


def is_bad_url(attribute: str, value: str) -> bool:
    """Whether a browser would follow `value` (or, for srcset, any address in it) to a javascript:, data: or vbscript: URL."""
    candidates = [part.strip().split(" ")[0] for part in value.split(",")] if attribute == "srcset" else [value]
    return any(url_scheme(candidate).startswith(BAD_SCHEMES) for candidate in candidates)


def browser_resolves(base: str, href: str) -> str:
    """Where a browser goes from page `base` following `href` (an attribute's value, entities read): WHATWG's URL
    parser as urljoin plus its differences: spaces and controls around dropped, tabs and newlines inside dropped,
    a backslash is a slash in http(s) and in an address relative to an http(s) page, and a same-scheme address
    without // is a path."""
    address = _TAB_OR_NEWLINE.sub("", href.strip(_C0_OR_SPACE))
    scheme = _SCHEME.match(address)
    name = scheme.group()[:-1].lower() if scheme else ""
    if name in ("", "http", "https"):
        address = address.replace("\\", "/")
    if name and name == urllib.parse.urlsplit(base).scheme and not address[len(name) + 1 :].startswith("//"):
        address = address[len(name) + 1 :]
    return urllib.parse.urljoin(base, address)


def leaves_the_site(href: str) -> bool:
    """Whether a link from data takes a browser to another host without saying so (http(s):// or mailto:)."""
    if _ABSOLUTE_BY_DESIGN.match(href.strip(_C0_OR_SPACE)):
        return False
    return any(urllib.parse.urlsplit(browser_resolves(page, href)).hostname != SITE_HOST for page in SITE_PAGES)


def anki_violations(field: str, *, where: str) -> list[str]:
    """Anki's own syntax in a note field: what Anki would play, speak or typeset instead of showing it as text."""
    found = [f"{where}: Anki reads {syntax!r}: {field[:120]!r}" for syntax in ANKI_SYNTAX if syntax in field]
    text = BeautifulSoup(field, "html.parser").get_text()
    found += [f"{where}: MathJax reads {delimiter!r}: {text[:120]!r}" for delimiter in MATHJAX_DELIMITERS if delimiter in text]
    return found


def markers_in(text: str) -> set[str]:
    return set(MARKER.findall(text))


def fold(text: str) -> str:
    """Whitespace folded to single spaces, as a reader sees text."""
    return " ".join(text.split())


@dataclass
class HtmlFile:
    """One built page, parsed once."""

    path: Path
    site: Path

    @cached_property
    def name(self) -> str:
        return self.path.relative_to(self.site).as_posix()

    @cached_property
    def source(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.source, "html.parser")

    @cached_property
    def ids(self) -> dict[str, list[Tag]]:
        """Every element with an id, by its id, in the page's order: one walk of the page for every lookup."""
        found: dict[str, list[Tag]] = {}
        for element in self.soup.find_all(id=True):
            found.setdefault(attribute_text(element.get("id")), []).append(element)
        return found

    def element_with_id(self, anchor: str) -> Tag | None:
        return next(iter(self.ids.get(anchor, [])), None)

    @cached_property
    def text(self) -> str:
        """The page's visible words (body only), whitespace folded."""
        body = self.soup.body
        return fold(body.get_text(" ")) if body else ""

    @cached_property
    def flat_text(self) -> str:
        """The page's words with nothing added between elements, whitespace folded: for text that must read exactly."""
        body = self.soup.body
        return fold(body.get_text()) if body else ""

    @cached_property
    def text_markers(self) -> set[str]:
        return markers_in(self.text)


# The one stylesheet data may reach: every sheet's owner and address as CSS strings, each character outside the
# allow-list a hex escape (hooks/star_bank/views/paper.py), so it can hold nothing but those two strings.
_CSS_STRING = rf'"(?:{CSS_STRING_PLAIN}|\\[0-9a-f]{{1,6}} )*"'
PAPER_STYLE = re.compile(rf"@page\{{@top-left\{{content:{_CSS_STRING}\}}(?:@bottom-left\{{content:{_CSS_STRING}\}})?\}}")
# The site's own <base>: the 404 page's, an absolute path on the site's host (never from data).
SITE_BASE = re.compile(r"/(?:[\w.~-]+/)*")


def is_paper_style(element: Tag) -> bool:
    """Whether `element` is the print stylesheet naming the sheet's owner and address, and nothing else."""
    return element.name == "style" and element.get("media") == "print" and bool(PAPER_STYLE.fullmatch(element.get_text()))


def is_site_base(element: Tag) -> bool:
    """Whether `element` is the 404 page's <base>: in the head, an absolute path of the site's, no data in it."""
    href = attribute_text(element.get("href"))
    return element.parent is not None and element.parent.name == "head" and bool(SITE_BASE.fullmatch(href)) and not markers_in(href)


def policy_violations(soup: BeautifulSoup | Tag, *, where: str) -> list[str]:
    """Everything in `soup` outside the safety policy: handlers, live URLs, embedding elements, data in code or style."""
    found: list[str] = []
    for element in soup.find_all(True):
        name = element.name.lower()
        if name in NEVER_TAGS and not (name == "base" and is_site_base(element)):
            found.append(f"{where}: <{name}> element: {str(element)[:120]!r}")
        if name == "meta" and any(key.lower() == "http-equiv" for key in element.attrs):
            found.append(f"{where}: <meta http-equiv>: {str(element)[:120]!r}")
        if name in NO_DATA_INSIDE and (markers := markers_in(str(element))) and not is_paper_style(element):
            found.append(f"{where}: <{name}> holds data {sorted(markers)}: {str(element)[:160]!r}")
        for key, raw in element.attrs.items():
            attribute = key.lower()
            value = attribute_text(raw)
            if attribute.startswith("on"):
                found.append(f"{where}: <{name} {attribute}=...> event handler: {value[:80]!r}")
            if attribute == "srcdoc":
                found.append(f"{where}: <{name} srcdoc>: {value[:80]!r}")
            if attribute == "style" and markers_in(value):
                found.append(f"{where}: <{name} style> from data: {value[:80]!r}")
            if attribute in URL_ATTRIBUTES and is_bad_url(attribute, value):
                found.append(f"{where}: <{name} {attribute}={value[:80]!r}> live scheme")
            if attribute in URL_ATTRIBUTES and markers_in(value) and leaves_the_site(value):
                found.append(f"{where}: <{name} {attribute}={value[:80]!r}> from data leaves the site without saying so")
            if attribute not in DATA_ATTRIBUTES and (markers := markers_in(value)):
                found.append(f"{where}: <{name} {attribute}> carries data {sorted(markers)}: {value[:80]!r}")
    return found


def page_head_violations(page: HtmlFile, *, site_url_prefix: str) -> list[str]:
    """<title> and link-preview tags: each parsed whole, text only, the same words in each."""
    found: list[str] = []
    head = page.soup.head
    if head is None:
        return [f"{page.name}: no <head>"]
    titles = head.find_all("title")
    if len(titles) != 1:
        found.append(f"{page.name}: {len(titles)} <title> elements")
    for title in titles:
        if title.find(True) is not None:
            found.append(f"{page.name}: <title> holds elements: {str(title)[:160]!r}")
    title_text = fold(titles[0].get_text()) if titles else ""
    metas: dict[str, list[str]] = {}
    for meta in head.find_all("meta"):
        key = meta.get("name") or meta.get("property")
        if key is None:
            continue
        allowed = {"name", "content"} if meta.get("name") else {"property", "content"}
        if set(meta.attrs) != allowed:
            found.append(f"{page.name}: <meta {key}> has attributes {sorted(meta.attrs)} (a value broke out?)")
        metas.setdefault(attribute_text(key), []).append(attribute_text(meta.get("content")))
    for key, values in metas.items():
        if len(values) > 1:
            found.append(f"{page.name}: <meta {key}> appears {len(values)} times")
    if page.soup.find("meta", attrs={"name": "description"}) and head.find("meta", attrs={"name": "description"}) is None:
        found.append(f"{page.name}: a description meta outside <head>")
    one = {key: values[0] for key, values in metas.items()}
    for left, right in (("og:title", "twitter:title"), ("og:description", "twitter:description"),
                        ("description", "og:description")):
        if left in one and right in one and fold(one[left]) != fold(one[right]):
            found.append(f"{page.name}: {left} {one[left][:60]!r} differs from {right} {one[right][:60]!r}")
    if "og:title" in one and fold(one["og:title"]) != title_text:
        found.append(f"{page.name}: og:title {one['og:title'][:60]!r} differs from <title> {title_text[:60]!r}")
    for key in ("og:url", "og:image", "twitter:image"):
        value = one.get(key, "")
        if not value.startswith(site_url_prefix) or "None" in value:
            found.append(f"{page.name}: {key} is {value!r}, not an address under {site_url_prefix}")
    for link in head.find_all("link"):
        extra = set(link.attrs) - {"rel", "href", "type", "sizes", "as", "crossorigin", "media"}
        if extra:
            found.append(f"{page.name}: <link> with attributes {sorted(extra)}")
    return found


# The theme's elements that hold a page's or a section's title as a link or heading.
NAV_TITLE_CLASSES = frozenset({"md-nav__link", "md-tabs__link", "md-header__topic", "md-footer__title"})


def nav_violations(page: HtmlFile) -> list[str]:
    """Navigation and table-of-contents titles are text: no element from data inside a link."""
    found: list[str] = []
    for link in page.soup.find_all(lambda element: not NAV_TITLE_CLASSES.isdisjoint(element.get("class") or ())):
        for inner in link.find_all(True):
            if inner.name not in NAV_LINK_TAGS:
                found.append(f"{page.name}: <{inner.name}> inside a navigation title: {str(link)[:160]!r}")
    return found


def duplicate_ids(page: HtmlFile) -> list[str]:
    return [f"{page.name}: id {anchor!r} appears {len(elements)} times" for anchor, elements in page.ids.items() if len(elements) > 1]


def html_files(site: Path) -> list[HtmlFile]:
    return [HtmlFile(path, site) for path in sorted(site.rglob("*.html"))]


def parse_for_the_session(pages: Iterable[HtmlFile]) -> None:
    """Every page's tree parsed now, then kept out of the cyclic garbage collector's way until the process ends.

    The hostile builds are 16 MB of HTML: millions of tree nodes, each linked to its parent and neighbours, alive
    for the whole session. Left to the collector they cost it about 1.3 s while they grow, about 0.6 s in every
    later full collection on this worker (6 s of a `make test-fast` run) and 2.5 s to free as the worker exits.
    gc.freeze moves them, with everything else alive now, to the permanent generation, which no collection walks.
    """
    gc.disable()
    try:
        for page in pages:
            page.soup  # noqa: B018 (parsed and cached)
    finally:
        gc.freeze()
        gc.enable()


def search_documents(site: Path) -> list[dict[str, str]]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return list(index["docs"])


def search_violations(site: Path) -> Iterator[str]:
    """Material writes search titles and text into the page as HTML: they obey the same policy as pages."""
    for number, document in enumerate(search_documents(site)):
        for key in ("title", "text"):
            fragment = BeautifulSoup(document.get(key, ""), "html.parser")
            yield from policy_violations(fragment, where=f"search_index.json docs[{number}].{key} ({document['location']})")
            if key == "title":
                for inner in fragment.find_all(True):
                    if inner.name not in {"code", "em", "strong"}:
                        yield f"search_index.json docs[{number}].title holds <{inner.name}>: {document['title'][:120]!r}"


def json_strings(value: object, where: str) -> list[tuple[str, str]]:
    """(where in the document, value) of every string in parsed JSON, keys included, however deep."""
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, dict):
        return [pair for key, inner in value.items() for pair in [(f"{where} key", key), *json_strings(inner, f"{where}[{key!r}]")]]
    if isinstance(value, list):
        return [pair for number, inner in enumerate(value) for pair in json_strings(inner, f"{where}[{number}]")]
    return []


@dataclass
class JsonFile:
    """A built JSON file a page fetches (Practice's story texts), or several read as one: each string is HTML a script may insert."""

    name: str
    strings: list[tuple[str, str]]

    @classmethod
    def read(cls, path: Path, site: Path) -> JsonFile:
        name = path.relative_to(site).as_posix()
        return cls(name, json_strings(json.loads(path.read_text(encoding="utf-8")), name))

    @cached_property
    def text(self) -> str:
        """The words of every string as a page shows them once inserted, whitespace folded."""
        return fold(" ".join(BeautifulSoup(value, "html.parser").get_text(" ") for _, value in self.strings))

    @cached_property
    def text_markers(self) -> set[str]:
        return markers_in(self.text)


# Material's search index has its own check (search_violations); every other JSON file is checked as HTML strings.
SEARCH_INDEX = "search/search_index.json"


def json_files(site: Path) -> list[JsonFile]:
    return [JsonFile.read(path, site) for path in sorted(site.rglob("*.json")) if path.relative_to(site).as_posix() != SEARCH_INDEX]


def json_policy_violations(files: Iterable[JsonFile]) -> list[str]:
    """Every string of every JSON file read as the HTML a script inserts: the same policy as pages, string by string."""
    found: list[str] = []
    for file in files:
        for where, value in file.strings:
            found += policy_violations(BeautifulSoup(value, "html.parser"), where=where)
    return found


def all_policy_violations(files: Iterable[HtmlFile]) -> list[str]:
    found: list[str] = []
    for page in files:
        found += policy_violations(page.soup, where=page.name)
    return found

"""The checkers no one here wrote, run on a built site: axe-core in Chromium and the Nu HTML Checker."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from pages_server import sitemap_prefix  # noqa: F401 - tests/browser/test_checkers.py reads it from here

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
VNU_INSTALL_HINT = "The Nu HTML Checker needs Java and the vnu-jar npm package: run `npm ci` (and `sudo apt-get install -y default-jre-headless`)"

# Markup from Material's own templates that the Nu HTML Checker rejects. Each is matched against the
# checker's extract of the offending markup; any error that matches none is the project's.
THEME_MARKUP = {
    # base.html: the drawer and search toggles are checkboxes with autocomplete="off".
    "md-toggle checkbox with autocomplete": re.compile(r'class="md-toggle"[^>]*type="checkbox"[^>]*autocomplete='),
    # partials/nav-item.html: a section label in the navigation gets tabindex="".
    "md-nav__link label with empty tabindex": re.compile(r'<label class="md-nav__link[^>]*tabindex=""'),
}
# Material 9.8.2 (as 9.8.1) writes 3 such errors per page; more means the theme (or an override) got worse.
THEME_ERRORS_PER_PAGE_LIMIT = 3


@dataclass(frozen=True)
class HtmlError:
    """One error of the Nu HTML Checker: the page, its line, the message and the markup it points at."""

    page: str
    line: int
    message: str
    extract: str
    theme_markup: str | None  # the THEME_MARKUP entry it matches; None when the project wrote it

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message} [{' '.join(self.extract.split())}]"


def built_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as URL paths relative to its root ('' for the home page)."""
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    return [page.removesuffix("index.html") for page in pages]


# A run is a few seconds of JVM start-up: the quick first-tier compiler alone costs less than half the CPU (2.7 against
# 5.9 s on the sample site, the same report), and its code needs a deeper stack than the checker's own 512k minimum.
VNU_JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-Xss16m")


def vnu_available() -> bool:
    """Java and the vnu-jar package are both installed."""
    return VNU_JAR.is_file() and shutil.which("java") is not None


def check_html(site: Path) -> list[HtmlError]:
    """Run the Nu HTML Checker on every page of `site`; return its errors, each marked theme or project."""
    completed = subprocess.run(
        ["java", *VNU_JAVA_OPTIONS, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(completed.stderr)  # vnu writes its JSON report to stderr
    errors = []
    for message in report["messages"]:
        if message["type"] != "error" and message.get("subType") != "fatal":
            continue
        extract = message.get("extract", "")
        page = message["url"].removeprefix("file:").removeprefix(str(site.resolve())).lstrip("/")
        theme = next((name for name, pattern in THEME_MARKUP.items() if pattern.search(extract)), None)
        errors.append(HtmlError(page, message.get("lastLine", 0), message["message"], extract, theme))
    return errors


# Colour transitions are turned off first: axe reads the colours the switch ends on, without waiting out their fades.
NO_TRANSITIONS = """() => {
  const still = document.createElement('style');
  still.textContent = '*, *::before, *::after { transition: none !important; }';
  document.head.append(still);
}"""
# Where the reader's choice of palette is kept: Material's key for it at the site's path (Material's __md_scope).
PALETTE_KEY = "__md_scope.pathname + '.__palette'"
FORGET_PALETTE = f"localStorage.removeItem({PALETTE_KEY})"
# The header's colour toggle as a reader uses it: its one visible label (partials/palette.html).
PALETTE_TOGGLE = "[data-star-palette] label:not([hidden])"


def axe_violations_in_both_schemes(page: object, url: str) -> list[str]:
    """axe-core's violations on the page at `url`, first as a dark-mode visitor's first visit shows it, then in light.

    One load for both: the page opens dark (the browser asks for it; the toggle follows on a first visit), then it
    is switched to light by the header's toggle, and axe runs again once every colour transition has ended.
    """
    page.emulate_media(color_scheme="dark")
    page.goto(url, wait_until="load")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", f"{url} did not open dark"
    violations = [f"dark: {line}" for line in axe_violations(page)]
    page.evaluate(NO_TRANSITIONS)
    page.click(PALETTE_TOGGLE)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default", f"{url}: the toggle did not switch to light"
    # Running, not present: the theme's tab indicator keeps a finished animation on the page.
    page.wait_for_function("document.getAnimations().every(animation => animation.playState !== 'running')")
    violations += [f"light: {line}" for line in axe_violations(page)]
    page.evaluate(FORGET_PALETTE)  # the toggle remembers the reader's choice: the next page opens as a first visit
    return violations


AXE_SCRIPT = Axe().axe_script  # axe-core's own build, as axe-playwright-python bundles it


def axe_violations(page: object) -> list[str]:
    """axe-core's violations of every impact on the page as loaded, one line per rule and element.

    axe-core's script (half a megabyte to send and compile) is put into the page once per load.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", {"resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))}: {' '.join(node.get('failureSummary', '').split())}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]

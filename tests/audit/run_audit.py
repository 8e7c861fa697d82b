"""`make audit`: the Nu HTML Checker, axe-core and Lighthouse on the site served as GitHub Pages serves it.

Builds the site into reports/, serves it gzipped under its project path, runs the three checkers,
writes reports/audit-summary.md and the full reports beside it, and exits 1 when a target is missed.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from playwright.sync_api import sync_playwright

import pages_server  # tests/pages_server.py, the tests' own server: `make audit` puts tests/ on PYTHONPATH
import site_checks

ROOT = site_checks.ROOT
REPORTS_DIR = ROOT / "reports"
SITE_DIR = REPORTS_DIR / "site"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PREFIX = "/star-story-bank/"  # a project site on GitHub Pages lives under /<repository>/
CHROMIUM_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
LIGHTHOUSE_PAGES = {"home": "", "principle": "principles/dive-deep/", "quick-reference": "quick-reference/"}
# Each page is measured this many times and the median kept: CPU noise on a shared machine moves performance.
LIGHTHOUSE_RUNS = int(os.environ.get("AUDIT_RUNS", "5"))
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# Which checkers run; .ci/run asks for Lighthouse alone, since `make test` has just run vnu and axe on every page.
CHECKERS = ("vnu", "axe", "lighthouse")


def build_site(site_url: str) -> None:
    """The strict build, with site_url set to where it is served, as on GitHub Pages.

    Built indexable (STAR_SEARCH_ENGINES=true): Lighthouse's SEO score includes "is-crawlable", which a
    noindex page fails by design. The audit measures the site as it is once its owner lets search engines
    in; the default, not indexed, is pinned by tests/test_your_site.py.
    """
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(ROOT / "mkdocs.yml"), "-d", str(SITE_DIR)],
        env={**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", "STAR_SEARCH_ENGINES": "true"},
        check=True,
    )


def run_vnu() -> tuple[list[str], list[str]]:
    """The Nu HTML Checker's errors: (the project's, the theme's)."""
    errors = site_checks.check_html(SITE_DIR)
    (REPORTS_DIR / "vnu.txt").write_text("".join(f"{error} ({error.theme_markup or 'project'})\n" for error in errors))
    return [str(e) for e in errors if e.theme_markup is None], [str(e) for e in errors if e.theme_markup]


def run_axe(site_url: str, chromium: str) -> list[str]:
    """axe-core's violations on every page, light and dark."""
    violations = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS.split())
        page = browser.new_page()
        for path in site_checks.built_pages(SITE_DIR):
            violations += [f"/{path}: {v}" for v in site_checks.axe_violations_in_both_schemes(page, site_url + path)]
        page.close()
        browser.close()
    (REPORTS_DIR / "axe.txt").write_text("".join(line + "\n" for line in violations))
    return violations


def run_lighthouse(url: str, *, name: str, run: int, chromium: str) -> dict[str, int]:
    """One Lighthouse run (mobile defaults); its scores out of 100. Reports go to reports/lighthouse/."""
    output = REPORTS_DIR / "lighthouse" / f"{name}-{run}"
    subprocess.run(
        [
            str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output=html", f"--output-path={output}",
            f"--chrome-flags={CHROMIUM_FLAGS}", f"--only-categories={','.join(TARGETS)}",
        ],
        env={**os.environ, "CHROME_PATH": chromium},
        check=True,
        timeout=300,
    )
    report = json.loads(output.with_name(output.name + ".report.json").read_text())
    return {category: round(report["categories"][category]["score"] * 100) for category in TARGETS}


def chosen_checkers(env: Mapping[str, str]) -> tuple[str, ...]:
    """AUDIT_CHECKS, comma-separated (default: all three); an unknown name is an error, not a silent skip."""
    names = tuple(name.strip() for name in env.get("AUDIT_CHECKS", ",".join(CHECKERS)).split(",") if name.strip())
    unknown = [name for name in names if name not in CHECKERS]
    if unknown or not names:
        raise SystemExit(f"AUDIT_CHECKS={env.get('AUDIT_CHECKS', '')!r}: choose from {', '.join(CHECKERS)}")
    return names


def main() -> int:
    checkers = chosen_checkers(os.environ)
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    missing = [what for what, ok in (("Chromium", Path(chromium).exists()), ("Lighthouse (npm ci)", LIGHTHOUSE.exists()), ("Java and vnu-jar (npm ci)", site_checks.vnu_available())) if not ok]
    if missing:
        print(f"make audit needs {', '.join(missing)}: see README, 'Browser tests and audit'", file=sys.stderr)
        return 2
    shutil.rmtree(REPORTS_DIR, ignore_errors=True)
    (REPORTS_DIR / "lighthouse").mkdir(parents=True)
    started = time.monotonic()
    with pages_server.serve_site(SITE_DIR, prefix=PREFIX) as site_url:  # files are read per request: build after
        build_site(site_url)
        project_errors, theme_errors = run_vnu() if "vnu" in checkers else ([], [])
        violations = run_axe(site_url, chromium) if "axe" in checkers else []
        scores = {
            name: [run_lighthouse(site_url + path, name=name, run=run, chromium=chromium) for run in range(1, LIGHTHOUSE_RUNS + 1)]
            for name, path in LIGHTHOUSE_PAGES.items()
        } if "lighthouse" in checkers else {}
    pages = len(site_checks.built_pages(SITE_DIR))
    theme_per_page = max(Counter(error.split(":")[0] for error in theme_errors).values(), default=0)
    lines = [
        "# Audit", "",
        f"The site as GitHub Pages serves it (gzip, under {PREFIX}), {pages} pages; {time.monotonic() - started:.0f} s; checkers: {', '.join(checkers)}.", "",
        "| Check | Result | Target | |", "| --- | --- | --- | --- |",
    ]
    if "vnu" in checkers:
        lines += [
            _row("Nu HTML Checker, project markup: errors", len(project_errors), target="0", passed=len(project_errors) == 0),
            _row("Nu HTML Checker, theme markup: most errors on a page", theme_per_page, target=f"≤ {site_checks.THEME_ERRORS_PER_PAGE_LIMIT}", passed=theme_per_page <= site_checks.THEME_ERRORS_PER_PAGE_LIMIT),
        ]
    if "axe" in checkers:
        lines.append(_row("axe-core, light and dark: violations of any impact", len(violations), target="0", passed=not violations))
    for name, runs in scores.items():
        for category, target in TARGETS.items():
            values = [run[category] for run in runs]
            median = statistics.median(values)
            lines.append(_row(f"Lighthouse {name}: {category} (median of {values})", median, target=f"≥ {target}", passed=median >= target))
    failed = [line for line in lines if line.endswith("| MISSED |")]
    lines += ["", "Full reports: reports/vnu.txt, reports/axe.txt, reports/lighthouse/*.report.html", ""]
    lines += [f"- {problem}" for problem in project_errors + violations]
    summary = "\n".join(lines) + "\n"
    (REPORTS_DIR / "audit-summary.md").write_text(summary)
    print(summary)
    if failed:
        print(f"{len(failed)} target(s) missed; see reports/audit-summary.md", file=sys.stderr)
        return 1
    return 0


def _row(check: str, value: object, *, target: str, passed: bool) -> str:
    value = f"{value:g}" if isinstance(value, float) else value
    return f"| {check} | {value} | {target} | {'ok' if passed else 'MISSED'} |"


if __name__ == "__main__":
    sys.exit(main())

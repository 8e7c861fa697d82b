"""The build comparison behind `make properdocs-check` (tests/tools/compare_builds.py), on tiny site folders."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from tools import compare_builds

SCRIPT = Path(compare_builds.__file__)
PAGE = """<!doctype html>
<html><head>
  <meta charset="utf-8">
  <meta name="generator" content="{generator}">
  <title>Ownership</title>
</head><body><h1>{heading}</h1></body></html>
"""
MKDOCS = "mkdocs-1.6.1, mkdocs-material-9.8.2"
PROPERDOCS = "mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2"


def write_site(root: Path, *, generator: str, heading: str = "Ownership", gzip_mtime: int = 0) -> Path:
    """A site of one page, a stylesheet and a gzipped sitemap."""
    (root / "principles" / "ownership").mkdir(parents=True)
    (root / "principles" / "ownership" / "index.html").write_text(PAGE.format(generator=generator, heading=heading), encoding="utf-8")
    (root / "assets").mkdir()
    (root / "assets" / "star.css").write_text("h1 { color: indigo; }\n", encoding="utf-8")
    (root / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset><url><loc>/</loc></url></urlset>", mtime=gzip_mtime))
    return root


def run_script(*args: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=60)


def test_sites_differing_only_in_generator_tag_and_gzip_header_are_the_same(tmp_path: Path) -> None:
    mkdocs = write_site(tmp_path / "mkdocs", generator=MKDOCS, gzip_mtime=1_700_000_000)
    properdocs = write_site(tmp_path / "properdocs", generator=PROPERDOCS, gzip_mtime=1_800_000_000)
    assert (mkdocs / "sitemap.xml.gz").read_bytes() != (properdocs / "sitemap.xml.gz").read_bytes()

    result = compare_builds.compare_builds(mkdocs, properdocs)

    assert result.same and result.differences == []
    assert result.files == 3
    assert result.generator_tags == ({f'<meta name="generator" content="{MKDOCS}">'}, {f'<meta name="generator" content="{PROPERDOCS}">'})
    completed = run_script(mkdocs, properdocs, "--expect-generator", "ProperDocs")
    assert completed.returncode == 0, completed.stderr
    assert "3 files: the same site" in completed.stdout


def test_a_content_difference_is_reported_with_its_file_and_lines(tmp_path: Path) -> None:
    mkdocs = write_site(tmp_path / "mkdocs", generator=MKDOCS)
    properdocs = write_site(tmp_path / "properdocs", generator=PROPERDOCS, heading="Ownership!")

    result = compare_builds.compare_builds(mkdocs, properdocs)

    assert not result.same
    [difference] = result.differences
    assert difference.startswith("principles/ownership/index.html: content differs")
    assert "-</head><body><h1>Ownership</h1></body></html>" in difference
    assert "+</head><body><h1>Ownership!</h1></body></html>" in difference
    assert "generator" not in difference.split("content differs", 1)[1], "the allowed generator tag is not reported"
    completed = run_script(mkdocs, properdocs)
    assert completed.returncode == 1
    assert "principles/ownership/index.html: content differs" in completed.stdout
    assert "1 of 3 files differ" in completed.stderr and "do not make the same site" in completed.stderr


def test_missing_files_gzip_content_and_binary_files_are_reported(tmp_path: Path) -> None:
    mkdocs = write_site(tmp_path / "mkdocs", generator=MKDOCS)
    properdocs = write_site(tmp_path / "properdocs", generator=PROPERDOCS)
    (mkdocs / "404.html").write_text("<h1>404</h1>", encoding="utf-8")
    (properdocs / "search.json").write_text("{}", encoding="utf-8")
    (properdocs / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset></urlset>", mtime=0))
    (mkdocs / "card.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\x00")
    (properdocs / "card.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\x01")

    differences = compare_builds.compare_builds(mkdocs, properdocs).differences

    assert differences[:2] == ["404.html: only in mkdocs", "search.json: only in properdocs"]
    assert differences[2] == "card.png: binary content differs (10 bytes against 10)"
    assert differences[3].startswith("sitemap.xml.gz: content differs")
    assert len(differences) == 4


def test_generator_tags_count_only_in_html_files(tmp_path: Path) -> None:
    """The allowance is for the tag in pages: the same text changed in a stylesheet is a difference."""
    mkdocs = write_site(tmp_path / "mkdocs", generator=MKDOCS)
    properdocs = write_site(tmp_path / "properdocs", generator=PROPERDOCS)
    for site, generator in ((mkdocs, MKDOCS), (properdocs, PROPERDOCS)):
        (site / "assets" / "notes.txt").write_text(f'<meta name="generator" content="{generator}">\n', encoding="utf-8")

    assert [d.splitlines()[0] for d in compare_builds.compare_builds(mkdocs, properdocs).differences] == ["assets/notes.txt: content differs"]


@pytest.mark.parametrize("generators", [(MKDOCS, MKDOCS), (MKDOCS, "")])
def test_expect_generator_fails_when_the_second_build_is_not_properdocs(tmp_path: Path, generators: tuple[str, str]) -> None:
    """Both sites built by MkDocs (or tags gone) must not pass as MkDocs against ProperDocs."""
    mkdocs = write_site(tmp_path / "mkdocs", generator=generators[0])
    other = write_site(tmp_path / "other", generator=generators[1])
    if not generators[1]:
        page = other / "principles" / "ownership" / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace('  <meta name="generator" content="">\n', ""), encoding="utf-8")

    completed = run_script(mkdocs, other, "--expect-generator", "ProperDocs")

    assert completed.returncode == 1
    assert "was not built by ProperDocs" in completed.stderr

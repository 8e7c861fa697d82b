"""Compare two builds of the site, file by file: `make properdocs-check` runs it on MkDocs' and ProperDocs' output.

Usage: python tests/tools/compare_builds.py MKDOCS_SITE PROPERDOCS_SITE [--expect-generator TEXT]

The builds must hold the same files with the same bytes, with two allowances, each for a reason:
- the generator tag, `<meta name="generator" content="...">`, names the tool that built the page;
- a gzip file (sitemap.xml.gz) is compared decompressed: its header holds a timestamp.
Prints every difference, and exits 1 if there is any, 0 if there is none. --expect-generator TEXT also
requires every page of the second build to name TEXT in its generator tag, so a check that built both
sites with the same tool cannot pass.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import re
import sys
from dataclasses import dataclass
from pathlib import Path

GENERATOR_TAG = re.compile(rb'<meta\s+name="generator"\s+content="[^"]*"\s*/?>')
GENERATOR_PLACEHOLDER = b'<meta name="generator" content="(the builder)">'
DIFF_LINES_SHOWN = 20


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing two builds: what differs, what was allowed, and the generator tags seen."""

    differences: list[str]
    files: int
    generator_tags: tuple[set[str], set[str]]

    @property
    def same(self) -> bool:
        return not self.differences


def _files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def _comparable(name: str, content: bytes) -> bytes:
    """A file's content with the allowed differences taken out."""
    if name.endswith(".gz"):
        content = gzip.decompress(content)
    if name.endswith(".html"):
        content = GENERATOR_TAG.sub(GENERATOR_PLACEHOLDER, content)
    return content


def _describe(name: str, left: bytes, right: bytes, *, labels: tuple[str, str]) -> str:
    """How two versions of one file differ: a short unified diff for text, sizes for anything else."""
    try:
        left_lines = left.decode("utf-8").splitlines()
        right_lines = right.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return f"{name}: binary content differs ({len(left)} bytes against {len(right)})"
    diff = list(difflib.unified_diff(left_lines, right_lines, f"{labels[0]}/{name}", f"{labels[1]}/{name}", lineterm="", n=1))
    shown = diff[: DIFF_LINES_SHOWN + 2]
    more = f"\n    ... {len(diff) - len(shown)} more diff lines" if len(diff) > len(shown) else ""
    return f"{name}: content differs\n" + "\n".join("    " + line for line in shown) + more


def compare_builds(left: Path, right: Path) -> Comparison:
    """Compare every file of two site folders, allowing only the generator tag and gzip headers to differ."""
    labels = (left.name, right.name)
    left_files, right_files = _files(left), _files(right)
    differences = [f"{name}: only in {labels[0]}" for name in sorted(left_files - right_files)]
    differences += [f"{name}: only in {labels[1]}" for name in sorted(right_files - left_files)]
    tags: tuple[set[str], set[str]] = (set(), set())
    for name in sorted(left_files & right_files):
        left_bytes, right_bytes = (left / name).read_bytes(), (right / name).read_bytes()
        if name.endswith(".html"):
            for found, content in zip(tags, (left_bytes, right_bytes)):
                found.update(match.decode("utf-8") for match in GENERATOR_TAG.findall(content))
        if left_bytes == right_bytes:
            continue
        left_bytes, right_bytes = _comparable(name, left_bytes), _comparable(name, right_bytes)
        if left_bytes != right_bytes:
            differences.append(_describe(name, left_bytes, right_bytes, labels=labels))
    return Comparison(differences, len(left_files | right_files), tags)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Compare two builds of the site, file by file.")
    parser.add_argument("left", type=Path, help="the first site folder (MkDocs' build)")
    parser.add_argument("right", type=Path, help="the second site folder (ProperDocs' build)")
    parser.add_argument("--expect-generator", metavar="TEXT", help="text every generator tag of the second build must hold")
    args = parser.parse_args(argv)
    missing = [str(site) for site in (args.left, args.right) if not site.is_dir()]
    if missing:
        print(f"not a built site: {', '.join(missing)}", file=sys.stderr)
        return 2
    result = compare_builds(args.left, args.right)
    for site, found in zip((args.left, args.right), result.generator_tags):
        print(f"{site}: {' | '.join(sorted(found)) or 'no generator tag'}")
    if args.expect_generator and (not result.generator_tags[1] or any(args.expect_generator not in tag for tag in result.generator_tags[1])):
        print(f"{args.right} was not built by {args.expect_generator}: its generator tags do not name it", file=sys.stderr)
        return 1
    if not result.same:
        print("\n".join(result.differences))
        print(
            f"{len(result.differences)} of {result.files} files differ between {args.left} and {args.right} beyond"
            " the generator tag and gzip headers: the two builds do not make the same site",
            file=sys.stderr,
        )
        return 1
    print(f"{result.files} files: the same site, apart from the generator tag and gzip headers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

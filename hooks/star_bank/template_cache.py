"""The theme's templates compiled once and kept under .cache/star-bank/templates/, for every later build and reload.

MkDocs makes a new Jinja environment for every build, and compiling Material's templates again is about 0.3 s
of CPU, half of what a small bank's whole build costs. Jinja's own file cache keys each template by its name
and checks the source's checksum before using what it kept, so an edited template is compiled afresh.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

TEMPLATES_DIR = "templates"


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, which never stops a build: a folder it cannot use means compiling as before."""

    def __init__(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # then nothing is kept: dump_bytecode cannot write either
        super().__init__(str(folder))

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - unreadable, half written or damaged (pickle and marshal raise many kinds): compile it
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def template_cache(cache_dir: Path) -> TemplateCache:
    """The compiled-template cache of a project whose cache folder is `cache_dir` (.cache/star-bank)."""
    return TemplateCache(cache_dir / TEMPLATES_DIR)

"""Read and checked data files kept under .cache/star-bank/ between builds, keyed by their bytes and by the code that reads them.

Parsing YAML with its line marks and validating it against the schema is most of what loading costs, and a
rebuild under `mkdocs serve` or a second `make build` reads the same files again. A file whose bytes, schema
and reading code are unchanged since a build found no problem in it is taken from here instead. Anything
else (a new or edited file, one with a problem, a cache file that is unreadable or not this version's) is
read as before. Stored as JSON, so a cache file can hold data and nothing that runs.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from .yaml_reader import YamlDocument

CACHE_FILE = "documents.json"
# What decides how a file is read and checked: a change to any of it makes every entry a stranger.
_READING_CODE = ("yaml_reader.py", "schema.py", "load.py", "problems.py", "cache.py")
_SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


@cache
def code_version() -> str:
    """A digest of the code and schemas that read and check data files, and of Python's and PyYAML's versions."""
    import yaml  # already loaded by the reader; imported here for its version alone

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{sys.version}|{yaml.__version__}".encode())
    for path in [*(Path(__file__).with_name(name) for name in _READING_CODE), *sorted(_SCHEMAS.glob("*.json"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def file_key(raw: bytes, schema: str) -> str:
    """The key of one file's bytes read against `schema`."""
    return hashlib.blake2b(f"{code_version()}|{schema}|".encode() + raw, digest_size=20).hexdigest()


class DocumentCache:
    """The cache of one project: documents by key, loaded once, written back once if it changed."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_FILE
        self._entries: dict[str, Any] = {}
        self._used: set[str] = set()
        self._changed = False
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # none yet, unreadable or half written: start empty
            return
        if isinstance(stored, dict) and stored.get("version") == code_version() and isinstance(stored.get("documents"), dict):
            self._entries = stored["documents"]

    def get(self, key: str, *, file: str) -> YamlDocument | None:
        """The document stored under `key`, shown as `file`; None if there is none."""
        entry = self._entries.get(key)
        if not isinstance(entry, dict):
            return None
        self._used.add(key)
        lines = {tuple(path): line for path, line in entry["lines"]}
        return YamlDocument(file, entry["value"], lines)

    def put(self, key: str, doc: YamlDocument) -> None:
        """Keep `doc` (read and checked without a problem) under `key`, if JSON gives its value back exactly."""
        if not _json_exact(doc.value):
            return  # a value JSON would change (a tuple, a key that is not text, NaN): read it every time
        self._entries[key] = {"value": doc.value, "lines": [[list(path), line] for path, line in doc.lines.items()]}
        self._used.add(key)
        self._changed = True

    def save(self) -> None:
        """Write the entries this build used (so deleted files leave), atomically; a cache that cannot be written is skipped."""
        if not self._changed and set(self._entries) == self._used:
            return
        documents = {key: self._entries[key] for key in self._used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent, delete=False, suffix=".tmp") as out:
                # dumps, then one write: json.dump feeds the file piece by piece, at 2.5 times the CPU (95 against
                # 37 ms for 1,000 stories).
                out.write(json.dumps({"version": code_version(), "documents": documents}, ensure_ascii=False, separators=(",", ":")))
            os.replace(out.name, self.path)
        except OSError:
            return


def _json_exact(value: Any) -> bool:
    """Whether JSON gives `value` back as it is, type for type: text, integers, finite floats, true, false, null,
    lists, and mappings keyed by text. A walk, not a round trip through JSON: a fifth of the time at 1,000 stories."""
    if value is None or type(value) in (str, int, bool):
        return True
    if type(value) is float:
        return math.isfinite(value)
    if type(value) is list:
        return all(_json_exact(entry) for entry in value)
    if type(value) is dict:
        return all(type(name) is str and _json_exact(entry) for name, entry in value.items())
    return False

"""Read one YAML data file within fixed bounds, keeping the line of every field.

Data files are edited by hand and often pasted from elsewhere, so reading is bounded before the
YAML is composed: only regular files (no symlinks), at most MAX_FILE_BYTES, nesting at most
MAX_DEPTH deep, and no anchors or aliases. Each refusal is a Problem with the file and line; nothing
recursive or native ever sees an unbounded document.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

try:  # libyaml's loader is about 10x faster; fall back when PyYAML was built without it.
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was installed
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024  # a long story is 5 KB; a bigger file is not a story
MAX_DEPTH = 8  # the deepest real file is 3 (site.yml: links, a link, its fields)
STRING_TAG = "tag:yaml.org,2002:str"

Path_ = tuple[str | int, ...]  # a position inside one YAML document, e.g. ("principles", 0)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file with the line of every field and list item."""

    file: str
    value: Any
    lines: dict[Path_, int]

    def line(self, path: Path_) -> int:
        """The line of `path`, or of its nearest enclosing field."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 0)


def check_regular_file(path: Path, *, file: str) -> Problem | None:
    """A Problem unless `path` is a regular file of at most MAX_FILE_BYTES; symlinks are never followed."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return Problem(file, 0, "", "file is missing")
    except OSError as exc:
        return Problem(file, 0, "", f"cannot be read ({exc.strerror})")
    if stat.S_ISLNK(info.st_mode):
        return Problem(file, 0, "", "is a symbolic link; data files must be real files inside data/")
    if stat.S_ISDIR(info.st_mode):
        return Problem(file, 0, "", "is a folder; data files must be YAML files")
    if not stat.S_ISREG(info.st_mode):
        return Problem(file, 0, "", "is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        return Problem(
            file, 0, "", f"is {info.st_size // 1024} KB; a data file may be at most {MAX_FILE_BYTES // 1024} KB"
        )
    return None


def read_yaml(path: Path, *, file: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML file, keeping the line of every field; problems come back as Problems."""
    refused = check_regular_file(path, file=file)
    if refused is not None:
        return None, [refused]
    try:
        raw = path.read_bytes()[: MAX_FILE_BYTES + 1]
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(file, 0, "", f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")]
    except OSError as exc:
        return None, [Problem(file, 0, "", f"cannot be read ({exc.strerror})")]
    bounds = _check_bounds(text, file=file)
    if bounds is not None:
        return None, [bounds]
    loader = YamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(file, 0, "", "file is empty")]
        key_problems = list(_text_keys(node, file=file))
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        return None, [_malformed(exc, file=file)]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 0, "", f"malformed YAML: {exc}")]
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    problems = key_problems + [
        Problem(file, line, field_name(path_), f"appears twice (first on line {first}); keep only one")
        for path_, first, line in _record_lines(node, (), lines)
    ]
    return YamlDocument(file, value, lines), problems


def _check_bounds(text: str, *, file: str) -> Problem | None:
    """Walk the parser's events (libyaml's parser keeps no recursion) and refuse deep or aliased YAML."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=YamlLoader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return Problem(file, line, "", "anchors and aliases (& and *) are not read; write the value out")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(file, line, "", f"is nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        return _malformed(exc, file=file)
    except yaml.YAMLError as exc:
        return Problem(file, 0, "", f"malformed YAML: {exc}")
    return None


def _malformed(exc: yaml.MarkedYAMLError, *, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = " ".join(filter(None, [exc.context, exc.problem]))
    return Problem(file, mark.line + 1 if mark else 0, "", f"malformed YAML: {problem}")


def _text_keys(node: yaml.Node, *, file: str) -> Iterator[Problem]:
    """Read every field name as the text it was written as (`yes:` is the field 'yes', not true).

    A name that is not a plain value (a list or mapping used as a key) is a problem.
    """
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key_node.tag = STRING_TAG
                else:
                    yield Problem(file, key_node.start_mark.line + 1, "", "a field name must be plain text")
                    key_node.tag, key_node.value = STRING_TAG, "?"
                pending.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Iterator[tuple[Path_, int, int]]:
    """Fill `lines` for `node` and its children; yield (path, first line, repeat line) of duplicate keys."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            key_line = key_node.start_mark.line + 1
            if child in lines:
                yield child, lines[child], key_line
                continue
            # A field's line is its key's: an empty value's own mark points past it.
            lines[child] = key_line
            yield from _record_lines(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _record_lines(item, (*path, index), lines)


def field_name(path: Path_) -> str:
    """Dotted field name; a leading list index (an entry of principles.yml) is left to the line number."""
    parts = list(path[1:] if path and isinstance(path[0], int) else path)
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


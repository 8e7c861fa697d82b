"""Read one YAML data file within fixed bounds, keeping the line of every field.

Data files are edited by hand and often pasted from elsewhere, so reading is bounded before the
YAML is composed: only regular files (no symlinks), at most MAX_FILE_BYTES, nesting at most
MAX_DEPTH deep, at most MAX_ITEMS entries in a list or mapping, and no anchors or aliases. Values
are then read one by one, so one that YAML cannot convert (a 30 February, a 5,000-digit number) is
a problem at its line, and text may hold no control character. Each refusal is a Problem with the
file and line; nothing recursive, quadratic or native ever sees an unbounded document.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import PREVIEW_CHARS, Problem, clip, preview

try:  # libyaml's loader is about 10x faster; fall back when PyYAML was built without it.
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was installed
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024  # a long story is 5 KB; a bigger file is not a story
MAX_DEPTH = 8  # the deepest real file is 3 (site.yml: links, a link, its fields)
MAX_NUMBER_BITS = 128  # far past any count or setting, far short of what Python cannot print
MAX_ITEMS = 200  # entries in one list or mapping: 16 principles and a dozen fields are the real sizes
YAML_TAG_PREFIX = "tag:yaml.org,2002:"  # written `!!` in a file
STRING_TAG = YAML_TAG_PREFIX + "str"
MAPPING_TAG = YAML_TAG_PREFIX + "map"
SEQUENCE_TAG = YAML_TAG_PREFIX + "seq"
_INT_TAG, _FLOAT_TAG = YAML_TAG_PREFIX + "int", YAML_TAG_PREFIX + "float"
# Text YAML reads as something else; a value the owner meant as text stays text (the schema says what is wrong).
_AS_TEXT = frozenset({YAML_TAG_PREFIX + "timestamp", YAML_TAG_PREFIX + "binary"})
# The only tags a value may have, written or resolved: YAML's own plain types. Anything else
# (`!foo`, `!!python/...`, `!!set`, a %TAG directive's) names a type no data file holds.
_SCALAR_TAGS = frozenset({STRING_TAG, _INT_TAG, _FLOAT_TAG, YAML_TAG_PREFIX + "bool", YAML_TAG_PREFIX + "null", *_AS_TEXT})
# How a number is written to be read as one: YAML 1.1 also reads 1:30 as 90, 017 as 15, 0x1F as 31,
# 1_000 as 1000 and .inf as infinity, which no one writing a story or a setting means.
_PLAIN_NUMBER = {
    _INT_TAG: re.compile(r"[-+]?(?:0|[1-9][0-9]*)"),
    _FLOAT_TAG: re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"),
}
# C0 and C1 controls but tab and line breaks: never part of a story, and Markdown's own placeholders use them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

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
    """Read and parse one YAML file, keeping the line of every field; problems come back as Problems."""
    raw, refused = read_data_file(path, file=file)
    return (None, [refused]) if raw is None else parse_yaml(raw, file=file)


def read_data_file(path: Path, *, file: str) -> tuple[bytes | None, Problem | None]:
    """A regular file's bytes, at most MAX_FILE_BYTES of them; or None and why it cannot be read."""
    refused = check_regular_file(path, file=file)
    if refused is not None:
        return None, refused
    try:
        with path.open("rb") as stream:  # at most the limit, even if the file grew since it was checked
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, Problem(file, 0, "", f"cannot be read ({exc.strerror})")
    if len(raw) > MAX_FILE_BYTES:
        return None, Problem(file, 0, "", f"is over {MAX_FILE_BYTES // 1024} KB; a data file may be at most {MAX_FILE_BYTES // 1024} KB")
    return raw, None


def parse_yaml(raw: bytes, *, file: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse a data file's bytes (read_data_file's), keeping the line of every field; problems come back as Problems."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A file that is not UTF-8 from its first byte (UTF-16, say) is wrong as a whole, not at a line.
        line = raw[: exc.start].count(b"\n") + 1 if exc.start else 0
        return None, [Problem(file, line, "", f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")]
    bounds = _check_bounds(text, file=file)
    if bounds is not None:
        return None, [bounds]
    loader = YamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(file, 0, "", "file is empty")]
        problems = list(_prepare_nodes(node, loader, file=file))
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        return None, [_malformed(exc, file=file)]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 0, "", f"malformed YAML: {_short(str(exc))}")]
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    problems += [
        Problem(file, line, field_name(path_), f"appears twice (first on line {first}); keep only one")
        for path_, first, line in _record_lines(node, (), lines)
    ]
    return YamlDocument(file, value, lines), problems


# Events that open a list or mapping, and how many events each of its entries takes (a name and a value, or an item).
_OPENING_EVENTS = {yaml.MappingStartEvent: 2, yaml.SequenceStartEvent: 1}
_CLOSING_EVENTS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NO_ALIASES = "anchors and aliases (& and *) are not read; write the value out"  # an anchor's mark or an alias


def _check_bounds(text: str, *, file: str) -> Problem | None:
    """Walk the parser's events (libyaml's parser keeps no recursion) and refuse deep, long or aliased YAML.

    The loop is the hot path of reading a bank (about 32 events a story): events are told apart by their exact
    type and asked for one at a time, without PyYAML's generator around them.
    """
    # Each open list or mapping: events so far, and events per entry.
    open_blocks: list[list[int]] = []
    loader = None
    try:
        loader = YamlLoader(text)  # in the try: PyYAML's own reader, the fallback, checks the text as it starts
        while (event := loader.get_event()) is not None:  # None once the stream has ended
            kind = type(event)
            opening = _OPENING_EVENTS.get(kind)
            if opening is not None or kind is yaml.ScalarEvent:
                if event.anchor is not None:
                    return Problem(file, _line_of(event), "", _NO_ALIASES)
                if open_blocks:
                    counts = open_blocks[-1]
                    counts[0] += 1
                    if counts[0] > MAX_ITEMS * counts[1]:
                        return Problem(file, _line_of(event), "", f"holds more than {MAX_ITEMS} entries in one list or mapping")
                if opening is not None:
                    open_blocks.append([0, opening])
                    if len(open_blocks) > MAX_DEPTH:
                        return Problem(file, _line_of(event), "", f"is nested more than {MAX_DEPTH} levels deep")
            elif kind is yaml.AliasEvent:
                return Problem(file, _line_of(event), "", _NO_ALIASES)
            elif kind in _CLOSING_EVENTS:
                open_blocks.pop()
    except yaml.MarkedYAMLError as exc:
        return _malformed(exc, file=file)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        return Problem(file, line, "", f"holds the character U+{exc.character:04X}, which YAML does not allow in a file; remove it")
    except yaml.YAMLError as exc:
        return Problem(file, 0, "", f"malformed YAML: {_short(str(exc))}")
    finally:
        if loader is not None:
            loader.dispose()
    return None


def _line_of(event: yaml.Event) -> int:
    return event.start_mark.line + 1


def _malformed(exc: yaml.MarkedYAMLError, *, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = " ".join(filter(None, [exc.context, exc.problem]))
    return Problem(file, mark.line + 1 if mark else 0, "", f"malformed YAML: {_short(problem)}")


def _short(message: str) -> str:
    """A parser's message on one line, its quotes of the file cut short."""
    return clip(message, 3 * PREVIEW_CHARS)


def _prepare_nodes(node: yaml.Node, loader: yaml.BaseLoader, *, file: str) -> Iterator[Problem]:
    """Make every value safe to construct, and yield a Problem for each one that is not.

    Field names are read as the text they were written as (`yes:` is the field 'yes', not true); a
    name that is a list or mapping is a problem. A tag other than YAML's plain types is a problem,
    and the value is read without it, so the file's other problems are still found. Dates, binary
    and numbers not written as plain decimals read as text. Any other value YAML would convert is
    converted here, one at a time, so a bad one is a problem at its line; so is text holding a
    control character.
    """
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.MappingNode):
            yield from _untag(current, MAPPING_TAG, file=file)
            for index, (key_node, value_node) in enumerate(current.value):
                if not isinstance(key_node, yaml.ScalarNode):
                    yield Problem(file, _line(key_node), "", "a field name must be plain text, not a list or mapping")
                    key_node = yaml.ScalarNode(STRING_TAG, "?", key_node.start_mark, key_node.end_mark)
                    current.value[index] = (key_node, value_node)
                yield from _untag(key_node, STRING_TAG, file=file)
                key_node.tag = STRING_TAG
                pending.extend((key_node, value_node))
        elif isinstance(current, yaml.SequenceNode):
            yield from _untag(current, SEQUENCE_TAG, file=file)
            pending.extend(current.value)
        elif isinstance(current, yaml.ScalarNode):
            yield from _untag(current, STRING_TAG, file=file)
            problem = _prepare_scalar(current, loader, file=file)
            if problem is not None:
                yield problem


def _untag(node: yaml.Node, plain_tag: str, *, file: str) -> Iterator[Problem]:
    """A Problem naming `node`'s tag unless it is one of YAML's plain types; the node is then read as `plain_tag`."""
    allowed = _SCALAR_TAGS if isinstance(node, yaml.ScalarNode) else {plain_tag}
    if node.tag not in allowed:
        yield Problem(file, _line(node), "", f"holds the YAML tag {preview(shown_tag(node.tag))}, which is not read; remove it")
        node.tag = plain_tag


def shown_tag(tag: str) -> str:
    """A tag as it is written in a file: YAML's own prefix as `!!`."""
    return "!!" + tag.removeprefix(YAML_TAG_PREFIX) if tag.startswith(YAML_TAG_PREFIX) else tag


def _prepare_scalar(node: yaml.ScalarNode, loader: yaml.BaseLoader, *, file: str) -> Problem | None:
    if node.tag in _AS_TEXT:
        node.tag = STRING_TAG
    elif node.tag != STRING_TAG:
        try:
            value = loader.construct_object(node)
        except Exception as exc:  # noqa: BLE001 - PyYAML's converters raise anything (ValueError, KeyError, ...)
            loader.recursive_objects.pop(node, None)  # else the retry as text looks recursive to PyYAML
            node.tag = STRING_TAG
            return Problem(file, _line(node), "", f"{preview(node.value)} is not a value YAML can read ({type(exc).__name__}); put it in quotes")
        plain = _PLAIN_NUMBER.get(node.tag)
        if plain is not None and not plain.fullmatch(node.value):
            loader.constructed_objects.pop(node, None)  # constructed as a number: read it again as text
            node.tag = STRING_TAG
        elif isinstance(value, int) and value.bit_length() > MAX_NUMBER_BITS:
            # Python refuses to print an int of over 4,300 digits: a message about it would be a traceback.
            loader.constructed_objects.pop(node, None)
            node.tag = STRING_TAG
            return Problem(file, _line(node), "", f"{preview(node.value)} is too long a number; put it in quotes")
    control = _CONTROL.search(node.value)
    if control is not None:
        return Problem(file, _line(node), "", f"holds the control character U+{ord(control.group()):04X}; remove it")
    return None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


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
    """Dotted field name; a leading list index (an entry of principles.yml) is left to the line number.

    A name written over several lines, or very long, is shown on one line and cut short.
    """
    parts = list(path[1:] if path and isinstance(path[0], int) else path)
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            shown = clip(str(part))
            name += f".{shown}" if name else shown
    return name


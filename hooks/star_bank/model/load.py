"""Load the story bank's YAML data, check it against its JSON Schemas, and freeze it."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

try:  # libyaml's loader is about 10x faster; fall back when PyYAML was built without it.
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was installed
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]

PRINCIPLES_FILE = "principles.yml"
STORIES_DIR = "stories"
SCHEMAS_DIR = "schemas"
PRINCIPLES_SCHEMA = "principles.schema.json"
STORY_SCHEMA = "story.schema.json"
STORY_SUFFIXES = (".yml", ".yaml")
STAR_PARTS = ("situation", "task", "action", "result")
# Ids the principle pages already use for their own headings; a story with one of
# these ids would collide with them on the page.
RESERVED_STORY_IDS = frozenset({"top", "stories", "also-fits"})

Path_ = tuple[str | int, ...]  # a position inside one YAML document, e.g. ("principles", 0)


@dataclass(frozen=True)
class DataError:
    """One problem in the data, at a file and (where known) a line and field."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataLoadError(Exception):
    """The data has problems; `errors` lists every one that was found."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass(frozen=True)
class Principle:
    """One Leadership Principle and its page."""

    id: str
    title: str
    summary: str
    ai_ml_angle: str


@dataclass(frozen=True)
class Story:
    """One STAR answer; `principles[0]` is its primary principle."""

    id: str
    principles: tuple[str, ...]
    question: str
    situation: str
    task: str
    action: str
    result: str
    tags: tuple[str, ...]
    source: str
    follow_ups: tuple[str, ...] = ()  # likely follow-up questions, optional

    @property
    def primary(self) -> str:
        return self.principles[0]

    @property
    def also_fits(self) -> tuple[str, ...]:
        return self.principles[1:]

    def part(self, name: str) -> str:
        """The text of one STAR part, by its name in STAR_PARTS."""
        return str(getattr(self, name))


@dataclass(frozen=True)
class Bank:
    """All principles, in order, and all stories, sorted by id."""

    principles: tuple[Principle, ...]
    stories: tuple[Story, ...]

    def principle(self, principle_id: str) -> Principle:
        return next(p for p in self.principles if p.id == principle_id)

    def primary_stories(self, principle_id: str) -> tuple[Story, ...]:
        return tuple(s for s in self.stories if s.primary == principle_id)

    def also_fits_stories(self, principle_id: str) -> tuple[Story, ...]:
        return tuple(s for s in self.stories if principle_id in s.also_fits)

    def covered_principles(self) -> tuple[Principle, ...]:
        """Principles that are some story's primary principle."""
        primaries = {s.primary for s in self.stories}
        return tuple(p for p in self.principles if p.id in primaries)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file with the line of every field and list item."""

    file: str
    value: Any
    lines: dict[Path_, int]

    def line(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest enclosing field."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


def load_bank(data_dir: Path, *, display_root: Path) -> Bank:
    """Load, validate and freeze everything under `data_dir`; raise DataLoadError listing every problem."""
    validators = {name: _build_validator(data_dir / SCHEMAS_DIR / name) for name in (PRINCIPLES_SCHEMA, STORY_SCHEMA)}
    errors: list[DataError] = []

    principles_doc, principles_errors = read_yaml(data_dir / PRINCIPLES_FILE, display_root=display_root)
    errors += principles_errors
    principles: list[Principle] = []
    if principles_doc is not None:
        schema_errors = validate_document(principles_doc, validators[PRINCIPLES_SCHEMA])
        errors += schema_errors
        if not schema_errors:
            principles = [Principle(**entry) for entry in principles_doc.value]
            errors += validate_principles(principles_doc)

    story_docs: list[YamlDocument] = []
    for path in _story_files(data_dir / STORIES_DIR):
        doc, read_errors = read_yaml(path, display_root=display_root)
        errors += read_errors
        if doc is None:
            continue
        schema_errors = validate_document(doc, validators[STORY_SCHEMA])
        errors += schema_errors
        if not schema_errors:
            story_docs.append(doc)

    if principles_doc is not None and principles:
        errors += validate_stories(story_docs, principle_ids=[p.id for p in principles])
    if errors:
        raise DataLoadError(sorted(errors, key=_error_order))
    stories = sorted((_build_story(doc) for doc in story_docs), key=lambda s: s.id)
    return Bank(principles=tuple(principles), stories=tuple(stories))


def read_yaml(path: Path, *, display_root: Path) -> tuple[YamlDocument | None, list[DataError]]:
    """Parse one YAML file, keeping the line of every field; problems come back as DataErrors."""
    file = _display(path, display_root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [DataError(file, None, None, "file is missing")]
    except UnicodeDecodeError as exc:
        return None, [DataError(file, None, None, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")]
    loader = YamlLoader(text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        return None, [DataError(file, line, None, f"malformed YAML: {problem}")]
    except yaml.YAMLError as exc:
        return None, [DataError(file, None, None, f"malformed YAML: {exc}")]
    finally:
        loader.dispose()
    if node is None:
        return None, [DataError(file, None, None, "file is empty")]
    lines: dict[Path_, int] = {}
    duplicates = list(_record_lines(node, (), lines))
    errors = [
        DataError(file, line, _field_name(path_), f"appears twice (first on line {first}); keep only one")
        for path_, first, line in duplicates
    ]
    return YamlDocument(file, value, lines), errors


def validate_document(doc: YamlDocument, validator: jsonschema.protocols.Validator) -> list[DataError]:
    """Check one document against its schema; one DataError per problem, worded for a person."""
    errors: list[DataError] = []
    for error in validator.iter_errors(doc.value):
        errors += _describe_schema_error(doc, error)
    return sorted(errors, key=_error_order)


def validate_principles(doc: YamlDocument) -> list[DataError]:
    """Cross-entry checks on principles.yml that a schema cannot express."""
    errors: list[DataError] = []
    for key in ("id", "title"):
        seen: dict[str, int] = {}
        for index, entry in enumerate(doc.value):
            if entry[key] in seen:
                errors.append(
                    DataError(
                        doc.file,
                        doc.line((index, key)),
                        key,
                        f"{entry[key]!r} is already used by entry {seen[entry[key]] + 1}",
                    )
                )
            seen.setdefault(entry[key], index)
    return errors


def validate_stories(docs: list[YamlDocument], *, principle_ids: list[str]) -> list[DataError]:
    """Checks across story files: ids match file names and are unique, principles exist."""
    errors: list[DataError] = []
    owners: dict[str, str] = {}
    for doc in docs:
        story_id = doc.value["id"]
        stem = Path(doc.file).stem
        if story_id != stem:
            errors.append(
                DataError(
                    doc.file,
                    doc.line(("id",)),
                    "id",
                    f"{story_id!r} does not match the file name; rename the file to {story_id}.yml or the id to {stem!r}",
                )
            )
        if story_id in RESERVED_STORY_IDS:
            errors.append(
                DataError(doc.file, doc.line(("id",)), "id", f"{story_id!r} is reserved for the page's own headings")
            )
        if story_id in owners:
            errors.append(DataError(doc.file, doc.line(("id",)), "id", f"{story_id!r} is already used by {owners[story_id]}"))
        owners.setdefault(story_id, doc.file)
        for index, principle_id in enumerate(doc.value["principles"]):
            if principle_id not in principle_ids:
                errors.append(
                    DataError(
                        doc.file,
                        doc.line(("principles", index)),
                        f"principles[{index}]",
                        f"unknown principle {principle_id!r}{_suggestion(principle_id, principle_ids)}",
                    )
                )
    return errors


def _build_validator(schema_path: Path) -> jsonschema.protocols.Validator:
    # Built once per build, not once per file: building compiles the schema's $refs.
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    return validator_class(inline_local_refs(schema))


def inline_local_refs(schema: Any, defs: dict[str, Any] | None = None, *, seen: tuple[str, ...] = ()) -> Any:
    """The schema with each `{"$ref": "#/$defs/x", ...}` replaced by x's keywords merged with the rest.

    Same meaning, but validating a story no longer resolves a $ref per field: half the validation time.
    A $ref stays where merging could change the meaning (shared keywords) or would never end (recursion).
    """
    if defs is None:
        defs = schema.get("$defs", {}) if isinstance(schema, dict) else {}
    if isinstance(schema, list):
        return [inline_local_refs(entry, defs, seen=seen) for entry in schema]
    if not isinstance(schema, dict):
        return schema
    inlined = {key: inline_local_refs(value, defs, seen=seen) for key, value in schema.items()}
    ref = inlined.get("$ref")
    name = ref.removeprefix("#/$defs/") if isinstance(ref, str) and ref.startswith("#/$defs/") else None
    if name is None or "/" in name or name not in defs or name in seen:
        return inlined
    target = inline_local_refs(defs[name], defs, seen=(*seen, name))
    siblings = {key: value for key, value in inlined.items() if key != "$ref"}
    if not isinstance(target, dict) or set(target) & set(siblings):
        return inlined
    return {**target, **siblings}


def _story_files(stories_dir: Path) -> list[Path]:
    if not stories_dir.is_dir():
        return []
    return sorted(p for p in stories_dir.iterdir() if p.suffix in STORY_SUFFIXES and not p.name.startswith("."))


def find_ignored_story_files(data_dir: Path, *, display_root: Path) -> list[str]:
    """Files in the stories folder that are not read as stories (wrong extension), so none goes unnoticed."""
    stories_dir = data_dir / STORIES_DIR
    if not stories_dir.is_dir():
        return []
    return [
        _display(path, display_root)
        for path in sorted(stories_dir.iterdir())
        if path.suffix not in STORY_SUFFIXES and not path.name.startswith(".")
    ]


def _build_story(doc: YamlDocument) -> Story:
    value = doc.value
    return Story(
        id=value["id"],
        principles=tuple(value["principles"]),
        question=value["question"].strip(),
        **{part: value[part].strip() for part in STAR_PARTS},
        tags=tuple(value.get("tags", ())),
        source=doc.file,
        follow_ups=tuple(question.strip() for question in value.get("follow_ups", ())),
    )


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Iterator[tuple[Path_, int, int]]:
    """Fill `lines` for `node` and its children; yield (path, first line, repeat line) of duplicate keys."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
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


_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def _describe_schema_error(doc: YamlDocument, error: jsonschema.ValidationError) -> list[DataError]:
    path: Path_ = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        return [
            DataError(doc.file, doc.line(path), _field_name((*path, name)), "is required")
            for name in error.validator_value
            if name not in present
        ]
    if error.validator == "additionalProperties":
        known = list(schema.get("properties", {}))
        return [
            DataError(doc.file, doc.line((*path, name)), _field_name((*path, name)), f"unknown field{_suggestion(name, known)}")
            for name in error.instance
            if name not in known
        ]
    if error.validator == "type":
        message = _describe_type_error(expected=error.validator_value, value=error.instance, at_root=not path)
    elif error.validator == "pattern" and "errorMessage" in schema:
        message = str(schema["errorMessage"])
    elif error.validator == "minItems":
        message = f"must list at least {error.validator_value}"
    elif error.validator == "uniqueItems":
        message = "lists the same value twice"
    else:
        message = error.message
    return [DataError(doc.file, doc.line(path), _field_name(path), message)]


def _describe_type_error(*, expected: str, value: Any, at_root: bool) -> str:
    wanted = _TYPE_NAMES.get(expected, expected)
    if at_root:
        return f"the file must hold {wanted}, not {describe_value(value)}"
    if value is None and expected == "string":
        return "must not be empty"
    message = f"must be {wanted}, not {describe_value(value)}"
    if expected == "string" and isinstance(value, (bool, int, float)):
        message += " (put it in quotes)"
    elif expected == "array" and isinstance(value, str):
        message += " (put each item on its own line, starting with '- ')"
    return message


def describe_value(value: Any) -> str:
    """A YAML value as a person would name it in a message, e.g. 'the number 42'."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        # YAML reads yes/no/on/off as booleans too.
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return f"{type(value).__name__} {value!r}"


def _field_name(path: Path_) -> str | None:
    """Dotted field name; a leading list index (an entry of principles.yml) is left to the line number."""
    parts = list(path[1:] if path and isinstance(path[0], int) else path)
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or None


def _suggestion(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _error_order(error: DataError) -> tuple[str, int, str]:
    return (error.file, error.line or 0, error.field or "")

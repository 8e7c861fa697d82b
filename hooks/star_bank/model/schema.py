"""The data's JSON Schemas: the one declaration of every field, read by the build and by editors."""

from __future__ import annotations

import difflib
import functools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .problems import Problem, describe_value
from .yaml_reader import Path_, YamlDocument, field_name

SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "schemas"
STORY_SCHEMA = "story.schema.json"
PRINCIPLES_SCHEMA = "principles.schema.json"
SITE_SCHEMA = "site.schema.json"

_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}
if TYPE_CHECKING:
    import jsonschema

_REQUIRED_NAME = re.compile(r"^'(?P<name>.*)' is a required property$")


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """One schema from hooks/star_bank/schemas/, parsed once per process (it ships with the code)."""
    return json.loads((SCHEMAS_DIR / name).read_text(encoding="utf-8"))


@functools.cache
def validator(name: str) -> jsonschema.protocols.Validator:
    """A validator for one schema, with its local $refs inlined; built once per process."""
    import jsonschema  # only when a file is validated: a build whose files are all cached (model/cache.py) never needs it

    schema = load_schema(name)
    return jsonschema.validators.validator_for(schema)(inline_local_refs(schema))


def validate_document(doc: YamlDocument, schema_name: str) -> list[Problem]:
    """Check one document against its schema; one Problem per problem, worded for a person."""
    problems: list[Problem] = []
    for error in validator(schema_name).iter_errors(doc.value):
        problems += _describe(doc, error)
    return problems


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


def suggestion(name: str, known: list[str]) -> str:
    """' (did you mean 'x'?)' for the closest known name, or ''."""
    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _describe(doc: YamlDocument, error: jsonschema.ValidationError) -> list[Problem]:
    path: Path_ = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        # jsonschema reports each missing field as its own error; name that one field, once.
        match = _REQUIRED_NAME.match(error.message)
        name = match.group("name") if match else str(error.message)
        return [Problem(doc.file, doc.line(path), field_name((*path, name)), "is required")]
    if error.validator == "additionalProperties":
        known = list(schema.get("properties", {}))
        present = error.instance if isinstance(error.instance, dict) else {}
        return [
            Problem(doc.file, doc.line((*path, name)), field_name((*path, name)), f"unknown field{suggestion(name, known)}")
            for name in present
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
    elif error.validator in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        allowed = f"from {low} to {high}" if low is not None and high is not None else f"at least {low}" if low is not None else f"at most {high}"
        message = f"must be {allowed}, not {describe_value(error.instance)}"
    else:
        message = error.message
    return [Problem(doc.file, doc.line(path), field_name(path), message)]


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

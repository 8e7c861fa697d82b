"""The owner's settings: declared once, in site.schema.json, set in data/site.yml, some overridden by STAR_*.

The schema gives each setting its name, type, default, limits, meaning and environment variable
(`x-env`); editors, the build's checks, the Coach page, `make coach` and the README table read it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..environment import read_switches
from .problems import Problem
from .schema import SITE_SCHEMA, load_schema
from .yaml_reader import YamlDocument

SETTING_GROUPS = ("publish", "coach", "theme")
# What `make serve` shows whatever data/site.yml publishes: everything, and never to search engines.
WORKBENCH_PUBLISHING: Mapping[str, bool] = {
    "practice_page": True,
    "coach_page": True,
    "follow_ups": True,
    "principles_without_stories": True,
    "search_engines": False,
}
WORKBENCH_SOURCE = "make serve (the workbench shows everything)"
Value = bool | int | float | str


@dataclass(frozen=True)
class SettingSpec:
    """One setting as site.schema.json declares it."""

    group: str  # the mapping it sits in, in data/site.yml
    name: str
    kind: str  # JSON Schema type: boolean, integer, number or string (a colour)
    default: Value
    meaning: str
    minimum: float | None = None
    maximum: float | None = None
    env: str | None = None  # a variable that overrides data/site.yml
    unit: str | None = None  # "seconds", "share" or "colour": how a value reads to a person

    def allowed(self) -> str:
        """What the setting accepts, in words."""
        if self.kind == "boolean":
            return "true or false"
        if self.unit == "colour":
            return 'a colour, "#rrggbb" in quotes'
        kind = "a whole number" if self.kind == "integer" else "a number"
        return f"{kind} from {self.minimum:g} to {self.maximum:g}"


@dataclass(frozen=True)
class Settings:
    """Every setting's value in effect, by name; `source` says where each came from."""

    values: Mapping[str, Value]
    sources: Mapping[str, str]  # "default", "data/site.yml" or the variable's name

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


@functools.cache
def setting_specs() -> tuple[SettingSpec, ...]:
    """Every setting, in the schema's order."""
    properties = load_schema(SITE_SCHEMA)["properties"]
    return tuple(
        SettingSpec(
            group=group,
            name=name,
            kind=spec["type"],
            default=spec["default"],
            meaning=spec["description"],
            minimum=spec.get("minimum"),
            maximum=spec.get("maximum"),
            env=spec.get("x-env"),
            unit=spec.get("x-unit"),
        )
        for group in SETTING_GROUPS
        for name, spec in properties[group]["properties"].items()
    )


def for_workbench(settings: Settings) -> Settings:
    """The settings `make serve` builds with: the owner's, every publishing switch set to show everything."""
    return Settings(
        {**settings.values, **WORKBENCH_PUBLISHING},
        {**settings.sources, **dict.fromkeys(WORKBENCH_PUBLISHING, WORKBENCH_SOURCE)},
    )


def switch_variables() -> tuple[str, ...]:
    """The environment variables that override a setting, in the schema's order."""
    return tuple(spec.env for spec in setting_specs() if spec.env)


def default_settings() -> Settings:
    """Every setting at its default."""
    specs = setting_specs()
    return Settings({s.name: s.default for s in specs}, {s.name: "default" for s in specs})


def load_settings(doc: YamlDocument | None, env: Mapping[str, str]) -> tuple[Settings, list[Problem], list[str]]:
    """Settings from a schema-valid data/site.yml (None: defaults) and the environment.

    Returns the settings, problems in the file (with line and field) and problems in the environment.
    """
    values: dict[str, Value] = {}
    sources: dict[str, str] = {}
    problems: list[Problem] = []
    overrides, env_problems = read_switches(env, switch_variables())
    data = doc.value if doc is not None and isinstance(doc.value, dict) else {}
    for spec in setting_specs():
        group = data.get(spec.group) or {}
        values[spec.name], sources[spec.name] = spec.default, "default"
        if spec.name in group:
            values[spec.name], sources[spec.name] = group[spec.name], doc.file if doc else "default"
        if spec.env in overrides:
            values[spec.name], sources[spec.name] = overrides[spec.env], spec.env
    if values["min_seconds"] >= values["max_seconds"] and doc is not None:
        # Name a line the owner wrote: min_seconds if it is set in the file, else the max_seconds that is.
        if sources["min_seconds"] != "default" or sources["max_seconds"] == "default":
            field, message = "min_seconds", f"must be below coach.max_seconds ({values['max_seconds']}), not {values['min_seconds']}"
        else:
            field, message = "max_seconds", f"must be above coach.min_seconds ({values['min_seconds']}), not {values['max_seconds']}"
        problems.append(Problem(doc.file, doc.line(("coach", field)), f"coach.{field}", message))
    return Settings(values, sources), problems, env_problems


def render_settings_reference() -> str:
    """Every setting as a Markdown table (the README's): where it goes, its default, what it allows and does."""
    rows = ["| Setting in `data/site.yml` | Default | Allowed | Variable | What it does |", "| --- | --- | --- | --- | --- |"]
    for spec in setting_specs():
        default = str(spec.default).lower() if isinstance(spec.default, bool) else str(spec.default)
        variable = f"`{spec.env}`" if spec.env else ""
        rows.append(f"| `{spec.group}.{spec.name}` | `{default}` | {spec.allowed()} | {variable} | {spec.meaning} |")
    return "\n".join(rows) + "\n"

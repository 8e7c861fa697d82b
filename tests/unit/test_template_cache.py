"""Compiled templates kept between builds (template_cache.py): read back when the source is the same, never a failed build."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from star_bank.template_cache import TEMPLATES_DIR, template_cache


def _render(templates: dict[str, str], cache_dir: Path, compiled: list[str]) -> str:
    """`page.html` rendered by a new environment (as MkDocs makes one per build), noting each template it compiles."""

    class Counting(jinja2.Environment):
        def compile(self, source, name=None, filename=None, raw=False, defer_init=False):  # noqa: ANN001, ANN201 - Jinja's signature
            compiled.append(name)
            return super().compile(source, name, filename, raw, defer_init)

    env = Counting(loader=jinja2.DictLoader(templates))
    env.bytecode_cache = template_cache(cache_dir)
    return env.get_template("page.html").render(title="T")


def test_a_template_is_compiled_once_and_again_only_when_its_source_changes(tmp_path: Path) -> None:
    templates = {"page.html": "{% extends 'base.html' %}{% block body %}<h1>{{ title }}</h1>{% endblock %}", "base.html": "<body>{% block body %}{% endblock %}</body>"}
    compiled: list[str] = []
    assert _render(templates, tmp_path, compiled) == "<body><h1>T</h1></body>"
    assert sorted(compiled) == ["base.html", "page.html"]

    compiled.clear()
    assert _render(templates, tmp_path, compiled) == "<body><h1>T</h1></body>"
    assert compiled == [], "a new environment reads both back"

    templates["base.html"] = "<main>{% block body %}{% endblock %}</main>"
    assert _render(templates, tmp_path, compiled) == "<main><h1>T</h1></main>"
    assert compiled == ["base.html"], "an edited template is compiled afresh, the other read back"


@pytest.mark.parametrize("damage", ["truncated", "garbage", "folder is a file"])
def test_a_damaged_or_unusable_cache_means_compiling_as_before(tmp_path: Path, damage: str) -> None:
    templates = {"page.html": "<p>{{ title }}</p>"}
    _render(templates, tmp_path, [])
    folder = tmp_path / TEMPLATES_DIR
    [kept] = folder.iterdir()
    if damage == "truncated":
        kept.write_bytes(kept.read_bytes()[:20])
    elif damage == "garbage":
        kept.write_bytes(b"\x00" * 64)
    else:
        cache_dir = tmp_path / "blocked"
        cache_dir.write_text("a file where the cache folder would be", encoding="utf-8")
        tmp_path = cache_dir
    compiled: list[str] = []

    assert _render(templates, tmp_path, compiled) == "<p>T</p>"
    assert compiled == ["page.html"]

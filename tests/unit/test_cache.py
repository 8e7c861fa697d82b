"""The cache of read and checked data files (model/cache.py): the same bank, fewer parses, never a stale or broken file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from star_bank.model import load as load_module
from star_bank.model.cache import CACHE_FILE, DocumentCache, file_key
from star_bank.model.load import DataFolderProblems, load_data
from star_bank.model.yaml_reader import YamlDocument
from unit.factories import copy_bank


@pytest.fixture
def counted_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files load_data parses with parse_yaml, in order."""
    parsed: list[str] = []
    real = load_module.parse_yaml

    def counting(raw: bytes, *, file: str) -> tuple[YamlDocument | None, list[object]]:
        parsed.append(file.rpartition("/")[2])
        return real(raw, file=file)

    monkeypatch.setattr(load_module, "parse_yaml", counting)
    return parsed


def _load(data: Path, cache: Path) -> object:
    return load_data(data, display_root=data.parent, env={}, cache_dir=cache)


def test_a_second_load_parses_only_what_changed_and_gives_the_same_bank(tmp_path: Path, counted_parses: list[str]) -> None:
    data, cache = copy_bank(tmp_path), tmp_path / ".cache" / "star-bank"
    first = _load(data, cache)
    stories = sorted(path.name for path in (data / "stories").glob("*.yml"))
    frameworks = list((data / "frameworks").glob("*.yml"))  # data/frameworks/: the sample ships two
    assert len(counted_parses) == len(stories) + len(frameworks) + 2 and (cache / CACHE_FILE).exists()

    counted_parses.clear()
    assert _load(data, cache) == first
    assert counted_parses == [], "nothing changed: every file from the cache"

    edited = data / "stories" / stories[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("result: >-\n  ", "result: >-\n  Changed by the test. "), encoding="utf-8")
    counted_parses.clear()
    third = _load(data, cache)
    assert counted_parses == [stories[0]]
    assert third.bank.stories[0].result.startswith("Changed by the test.")
    assert third.bank.stories[0].source == first.bank.stories[0].source, "shown under its own name, never the cache's"


def test_a_file_with_a_problem_is_never_cached_and_is_reported_every_time(tmp_path: Path, counted_parses: list[str]) -> None:
    data, cache = copy_bank(tmp_path), tmp_path / "cache"
    broken = sorted((data / "stories").glob("*.yml"))[0]
    broken.write_text(broken.read_text(encoding="utf-8").replace("result:", "reslut:"), encoding="utf-8")
    for round_ in range(2):
        counted_parses.clear()
        with pytest.raises(DataFolderProblems) as raised:
            _load(data, cache)
        assert any(broken.name in line and "reslut" in line for line in raised.value.lines)
    # The second time, the others come from the cache; the broken file is read, and reported, again.
    assert counted_parses == [broken.name]


def test_a_cache_from_other_code_a_broken_cache_and_an_unwritable_one_are_read_past(tmp_path: Path, counted_parses: list[str]) -> None:
    data, cache = copy_bank(tmp_path), tmp_path / "cache"
    first = _load(data, cache)
    stored = json.loads((cache / CACHE_FILE).read_text(encoding="utf-8"))
    stored["version"] = "other code"
    (cache / CACHE_FILE).write_text(json.dumps(stored), encoding="utf-8")
    counted_parses.clear()
    assert _load(data, cache) == first and len(counted_parses) > 2, "another version's entries are not trusted"

    (cache / CACHE_FILE).write_text("{not json", encoding="utf-8")
    assert _load(data, cache) == first
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    assert _load(data, blocked) == first


def test_entries_are_keyed_by_bytes_and_schema_and_keep_exact_types(tmp_path: Path) -> None:
    assert file_key(b"id: a\n", "story.schema.json") != file_key(b"id: b\n", "story.schema.json")
    assert file_key(b"id: a\n", "story.schema.json") != file_key(b"id: a\n", "site.schema.json")
    documents = DocumentCache(tmp_path)
    documents.put("k", YamlDocument("f.yml", {"n": 1, "x": 1.0, "flag": True, "list": ["a", 2]}, {("n",): 1, ("list", 1): 3}))
    documents.put("tuple", YamlDocument("f.yml", {"t": ("a",)}, {}))
    documents.put("number-name", YamlDocument("f.yml", {1: "a"}, {}))
    documents.put("nan", YamlDocument("f.yml", {"x": [float("nan")]}, {}))
    documents.save()

    again = DocumentCache(tmp_path)
    doc = again.get("k", file="g.yml")
    assert doc == YamlDocument("g.yml", {"n": 1, "x": 1.0, "flag": True, "list": ["a", 2]}, {("n",): 1, ("list", 1): 3})
    assert [type(doc.value[key]) for key in ("n", "x", "flag")] == [int, float, bool]
    assert [again.get(key, file="f.yml") for key in ("tuple", "number-name", "nan")] == [None] * 3, "a value JSON would change is not kept"

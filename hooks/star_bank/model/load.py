"""Load everything under data/, check it against its schemas and across files, and freeze it into a Bank."""

from __future__ import annotations

import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import DocumentCache, file_key
from .drafts import DRAFT_PROBLEM, find_template_text
from .headline import derive_headline
from .problems import Problem
from .records import DEFAULT_FRAMEWORK_ID, DEFAULT_FRAMEWORK_NAME, STAR_PARTS, Bank, Framework, Link, Principle, Site, Story
from .schema import PRINCIPLES_SCHEMA, SITE_SCHEMA, STORY_SCHEMA, load_schema, suggestion, validate_document
from .settings import Settings, load_settings
from .yaml_reader import Path_, YamlDocument, check_regular_file, field_name, parse_yaml, read_data_file

SITE_FILE = "site.yml"
PRINCIPLES_FILE = "principles.yml"
STORIES_DIR = "stories"
# Additional frameworks, one file each (<framework-id>.yml); data/site.yml's `frameworks:` says which the site shows.
FRAMEWORKS_DIR = "frameworks"
# An additional framework's pages live at <framework-id>/: it may not take an address the site already uses.
RESERVED_FRAMEWORK_IDS = frozenset(
    {DEFAULT_FRAMEWORK_ID, "assets", "search", "downloads", "practice", "coach", "quick-reference", "whole-bank", "stylesheets", "javascripts", "404"}
)
# A framework's quick reference is its folder's index page.
RESERVED_PRINCIPLE_IDS = frozenset({"index"})
DATA_SUFFIXES = (".yml", ".yaml")
# A story's tabs are anchored <id>-situation ... <id>-result, and its Practice card's question
# practice-<id>-question: an id ending so would be another story's anchor.
TAB_SUFFIXES = (*(f"-{part}" for part in STAR_PARTS), "-question")
# The whole-bank page anchors principles as principle-<id>; the Practice page anchors cards practice-<id>.
RESERVED_PREFIXES = ("principle-", "practice-")
# Ids the pages use for their own headings.
RESERVED_STORY_IDS = frozenset({"top", "stories", "also-fits", "no-story-yet", "summary", "coverage", "hints"})
# The angle's older name, from when every bank was about AI/ML: still read, so forks made then keep building.
OLD_ANGLE_FIELD = "ai_ml_angle"
_ID_SCHEMA = load_schema(STORY_SCHEMA)["properties"]["id"]
_VALID_ID = re.compile(_ID_SCHEMA["pattern"])


@dataclass(frozen=True)
class LoadedData:
    """A valid data folder: the bank, the settings in effect, and files in stories/ that are not read as stories."""

    bank: Bank
    settings: Settings
    ignored_files: tuple[str, ...]  # not named *.yml or *.yaml
    hidden_files: tuple[str, ...] = ()  # named like a story but starting with '.'


class DataFolderProblems(Exception):
    """The data has problems: every one, sorted by file and line, each once, and those of the environment."""

    def __init__(self, problems: list[Problem], environment: list[str]) -> None:
        self.problems = sorted(set(problems))
        self.environment = environment
        super().__init__("\n".join(self.lines))

    @property
    def lines(self) -> list[str]:
        """Every problem as one line: the environment's first, then the files' in file and line order."""
        return [*self.environment, *(str(problem) for problem in self.problems)]


def load_data(
    data_dir: Path,
    *,
    display_root: Path,
    env: Mapping[str, str],
    allow_drafts: bool = False,
    refusal: Callable[[str], str | None] | None = None,
    cache_dir: Path | None = None,
) -> LoadedData:
    """Load, check and freeze everything under `data_dir`; raise DataFolderProblems listing every problem.

    A published story still holding `make story`'s template text is a problem unless `allow_drafts`
    (the workbench and `make coach`, which show it marked as a draft). With `refusal` (the build passes its
    renderer's, views/safe_html.py, which keeps what it rendered), every text is checked to stay within the
    limits of what it renders to; the model itself renders nothing.
    With `cache_dir`, a file read and checked without a problem by an earlier build, byte for byte the same,
    is taken from there (model/cache.py) instead of parsed and validated again.
    """
    refused = check_data_folder(data_dir, display_root=display_root)
    if refused is not None:  # nothing under a missing or linked data/ is read
        raise DataFolderProblems([refused], load_settings(None, env)[2])
    problems: list[Problem] = []
    documents = DocumentCache(cache_dir) if cache_dir is not None else None

    def read(path: Path, schema: str) -> tuple[YamlDocument | None, bool]:
        """The document (even one with problems, for the checks across files) and whether it is valid."""
        file = _display(path, display_root)
        raw, refused = read_data_file(path, file=file)
        if raw is None:
            problems.append(refused)
            return None, False
        key = file_key(raw, schema) if documents is not None else None
        if key is not None and (known := documents.get(key, file=file)) is not None:
            return known, True
        doc, read_problems = parse_yaml(raw, file=file)
        problems.extend(read_problems)
        if doc is None:
            return None, False
        schema_problems = validate_document(doc, schema)
        problems.extend(schema_problems)
        valid = not (read_problems or schema_problems)
        if valid and key is not None:
            documents.put(key, doc)
        return doc, valid

    site_doc, site_valid = read(data_dir / SITE_FILE, SITE_SCHEMA)
    principles_doc, _ = read(data_dir / PRINCIPLES_FILE, PRINCIPLES_SCHEMA)
    story_files, ignored, hidden, folder_problems = _list_data_files(data_dir / STORIES_DIR, kind="story", display_root=display_root)
    problems += folder_problems
    framework_files, ignored_frameworks, hidden_frameworks, folder_problems = _list_data_files(
        data_dir / FRAMEWORKS_DIR, kind="framework", display_root=display_root
    )
    ignored, hidden = ignored + ignored_frameworks, hidden + hidden_frameworks
    problems += folder_problems
    story_docs = [doc for path in story_files if (doc := read(path, STORY_SCHEMA)[0]) is not None]
    # By id, every framework file, read or not: one that could not be read still names a framework that exists.
    framework_paths = {_stem(path): path for path in framework_files}
    framework_docs = {fid: doc for fid, path in framework_paths.items() if (doc := read(path, PRINCIPLES_SCHEMA)[0]) is not None}
    if documents is not None:
        documents.save()  # what was read without a problem, even when another file has one

    settings, setting_problems, env_problems = load_settings(site_doc if site_valid else None, env)
    problems += setting_problems
    if principles_doc is not None:
        problems += check_principles(principles_doc)
    for framework_id, doc in framework_docs.items():
        problems += check_principles(doc) + check_framework_file(doc, framework_id)
    if site_doc is not None:
        problems += check_enabled_frameworks(site_doc, known=list(framework_paths))
    problems += check_stories(story_docs, principle_ids=_principle_ids(principles_doc))
    # Mappings into a framework whose file could not be read are checked once it reads.
    problems += check_story_frameworks(story_docs, {fid: _principle_ids(framework_docs.get(fid)) for fid in framework_paths})
    if not allow_drafts:
        problems += check_drafts(story_docs)
    if refusal is not None:
        problems += check_rendering([doc for doc in (site_doc, principles_doc, *framework_docs.values(), *story_docs) if doc], refusal)
    if problems or env_problems or site_doc is None or principles_doc is None:
        raise DataFolderProblems(problems, env_problems)
    enabled = tuple(site_doc.value.get("frameworks", ()))
    frameworks = (
        _build_framework(principles_doc.value),
        *(_build_framework(framework_docs[fid].value, framework_id=fid) for fid in enabled),
    )
    bank = Bank(
        site=_build_site(site_doc.value),
        framework=frameworks[0],
        stories=tuple(sorted((_build_story(doc, enabled=enabled) for doc in story_docs), key=lambda s: s.id)),
        frameworks=frameworks,
    )
    return LoadedData(bank=bank, settings=settings, ignored_files=tuple(ignored), hidden_files=tuple(hidden))


def check_rendering(docs: list[YamlDocument], refusal: Callable[[str], str | None]) -> list[Problem]:
    """Every text that renders too large, too deep or too slowly (views/data_markdown.py), at its line and field."""
    problems = []
    for doc in docs:
        pending: list[tuple[Path_, Any]] = [((), doc.value)]
        while pending:
            path, value = pending.pop()
            if isinstance(value, dict):
                pending += [((*path, key), child) for key, child in value.items()]
            elif isinstance(value, list):
                pending += [((*path, index), child) for index, child in enumerate(value)]
            elif isinstance(value, str) and (why := refusal(value)):
                problems.append(Problem(doc.file, doc.line(path), field_name(path), why))
    return problems


def check_principles(doc: YamlDocument) -> list[Problem]:
    """Checks on principles.yml that a schema cannot express: ids and titles are unique, one angle per principle."""
    problems: list[Problem] = []
    entries, at = principle_entries(doc.value)
    for key in ("id", "title"):
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            value = entry.get(key) if isinstance(entry, dict) else None
            if not isinstance(value, str):
                continue
            if value in seen:
                problems.append(
                    Problem(doc.file, doc.line((*at, index, key)), key, f"{value!r} is already used by entry {seen[value] + 1}")
                )
            seen.setdefault(value, index)
    for index, entry in enumerate(entries):
        if isinstance(entry, dict) and "angle" in entry and OLD_ANGLE_FIELD in entry:
            line = doc.line((*at, index, OLD_ANGLE_FIELD))
            problems.append(Problem(doc.file, line, OLD_ANGLE_FIELD, "is the older name of angle: keep one of the two"))
    return problems


def check_framework_file(doc: YamlDocument, framework_id: str) -> list[Problem]:
    """An additional framework's own rules: its file name is its pages' folder, and its principles' pages share it."""
    problems = []
    if not _VALID_ID.match(framework_id):
        problems.append(Problem(doc.file, 0, "", f"the file name is the framework's id and its pages' folder: {_ID_SCHEMA['errorMessage']}"))
    elif framework_id in RESERVED_FRAMEWORK_IDS:
        problems.append(Problem(doc.file, 0, "", f"{framework_id!r} is an address the site already uses; rename the file"))
    entries, at = principle_entries(doc.value)
    for index, entry in enumerate(entries):
        if isinstance(entry, dict) and entry.get("id") in RESERVED_PRINCIPLE_IDS:
            problems.append(Problem(doc.file, doc.line((*at, index, "id")), "id", f"{entry['id']!r} is the framework's own page (its quick reference)"))
    return problems


def check_enabled_frameworks(site_doc: YamlDocument, *, known: list[str]) -> list[Problem]:
    """Every framework data/site.yml enables has its file in data/frameworks/."""
    listed = site_doc.value.get("frameworks") if isinstance(site_doc.value, dict) else None
    if not isinstance(listed, list):
        return []
    return [
        Problem(site_doc.file, site_doc.line(("frameworks", index)), f"frameworks[{index}]", _unknown_framework(framework_id, known))
        for index, framework_id in enumerate(listed)
        if isinstance(framework_id, str) and framework_id not in known
    ]


def check_story_frameworks(docs: list[YamlDocument], known: Mapping[str, list[str] | None]) -> list[Problem]:
    """A story's `frameworks:` names frameworks that have a file, and principles each of them has."""
    problems: list[Problem] = []
    for doc in docs:
        mapped = doc.value.get("frameworks") if isinstance(doc.value, dict) else None
        if not isinstance(mapped, dict):
            continue
        for framework_id, listed in mapped.items():
            if framework_id not in known:
                problems.append(Problem(doc.file, doc.line(("frameworks", framework_id)), f"frameworks.{framework_id}", _unknown_framework(framework_id, list(known))))
                continue
            ids = known[framework_id]
            for index, principle_id in enumerate(listed if isinstance(listed, list) and ids is not None else []):
                if isinstance(principle_id, str) and principle_id not in ids:
                    problems.append(
                        Problem(
                            doc.file,
                            doc.line(("frameworks", framework_id, index)),
                            f"frameworks.{framework_id}[{index}]",
                            f"unknown principle {principle_id!r} in {framework_id}{suggestion(principle_id, ids)};"
                            f" its file has: {', '.join(ids)}",
                        )
                    )
    return problems


def _unknown_framework(framework_id: str, known: list[str]) -> str:
    files = f"data/{FRAMEWORKS_DIR}/ has: {', '.join(known)}" if known else f"data/{FRAMEWORKS_DIR}/ has no framework file"
    return f"unknown framework {str(framework_id)!r}{suggestion(str(framework_id), known)}; {files}"


def principle_entries(value: object) -> tuple[list[object], Path_]:
    """The principles in principles.yml, a plain list or a framework's `principles:`, and where they sit in the file."""
    if isinstance(value, dict):
        listed = value.get("principles")
        return (listed if isinstance(listed, list) else []), ("principles",)
    return (value if isinstance(value, list) else []), ()


def check_drafts(docs: list[YamlDocument]) -> list[Problem]:
    """A problem for each field of a published story that still holds `make story`'s template text."""
    problems: list[Problem] = []
    for doc in docs:
        if not isinstance(doc.value, dict) or doc.value.get("private") is True:
            continue
        problems += [Problem(doc.file, doc.line((field,)), field, DRAFT_PROBLEM) for field in find_template_text(doc.value)]
    return problems


def check_stories(docs: list[YamlDocument], *, principle_ids: list[str] | None) -> list[Problem]:
    """Checks across story files: ids match file names, are unique and free; principles exist."""
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for doc in docs:
        value = doc.value if isinstance(doc.value, dict) else {}
        story_id = value.get("id")
        # An id the schema refuses has its own message; offering it as a file name would mislead.
        if isinstance(story_id, str) and _VALID_ID.match(story_id):
            problems += _check_id(doc, story_id, owners)
        listed = value.get("principles")
        if principle_ids is not None and isinstance(listed, list):
            for index, principle_id in enumerate(listed):
                if isinstance(principle_id, str) and principle_id not in principle_ids:
                    problems.append(
                        Problem(
                            doc.file,
                            doc.line(("principles", index)),
                            f"principles[{index}]",
                            f"unknown principle {principle_id!r}{suggestion(principle_id, principle_ids)}",
                        )
                    )
    return problems


def _check_id(doc: YamlDocument, story_id: str, owners: dict[str, str]) -> list[Problem]:
    line = doc.line(("id",))
    problems = []
    stem = Path(doc.file).stem
    if story_id != stem:
        problems.append(
            Problem(doc.file, line, "id", f"{story_id!r} does not match the file name; rename the file to {story_id}.yml or the id to {stem!r}")
        )
    taken = anchor_clash(story_id)
    if taken:
        problems.append(Problem(doc.file, line, "id", f"{story_id!r} {taken}"))
    if story_id in owners:
        problems.append(Problem(doc.file, line, "id", f"{story_id!r} is already used by {owners[story_id]}"))
    owners.setdefault(story_id, doc.file)
    return problems


def id_refusal(story_id: str) -> str | None:
    """Why `story_id` cannot name a story (the schema's pattern, then the pages' anchors), or None."""
    if not _VALID_ID.match(story_id):
        return str(_ID_SCHEMA["errorMessage"])
    return anchor_clash(story_id)


def anchor_clash(story_id: str) -> str | None:
    """How a well-formed id would collide with the anchors the pages keep for themselves, or None."""
    if story_id in RESERVED_STORY_IDS:
        return "is reserved for the pages' own headings"
    if story_id.endswith(TAB_SUFFIXES):
        return f"ends like a story's tab anchor or Practice question ({', '.join(TAB_SUFFIXES)}); choose another ending"
    if story_id.startswith(RESERVED_PREFIXES):
        return f"starts like the site's own anchors ({', '.join(RESERVED_PREFIXES)}); choose another start"
    return None


def _principle_ids(doc: YamlDocument | None) -> list[str] | None:
    """The principle ids that could be read, even from a file with problems; None when there is no file."""
    if doc is None:
        return None
    entries, _ = principle_entries(doc.value)
    return [entry["id"] for entry in entries if isinstance(entry, dict) and isinstance(entry.get("id"), str)]


def check_data_folder(data_dir: Path, *, display_root: Path) -> Problem | None:
    """A Problem unless `data_dir` is a real folder: never a symbolic link, at any level under the project."""
    shown = _display(data_dir, display_root)
    try:
        info = data_dir.lstat()
    except FileNotFoundError:
        return Problem(shown, 0, "", "folder is missing; it holds site.yml, principles.yml and stories/")
    except OSError as exc:
        return Problem(shown, 0, "", f"cannot be read ({exc.strerror})")
    if stat.S_ISLNK(info.st_mode):
        return Problem(shown, 0, "", "is a symbolic link; the data folder must be a real folder inside the project")
    if not stat.S_ISDIR(info.st_mode):
        return Problem(shown, 0, "", "must be a real folder of data files")
    return None


def _list_data_files(folder: Path, *, kind: str, display_root: Path) -> tuple[list[Path], list[str], list[str], list[Problem]]:
    """A folder's data files to read (stories/, frameworks/); other files and hidden data files (not read, to be warned
    about); entries refused outright. `kind` names its files in the message when the folder is not a real one."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return [], [], [], [Problem(_display(folder, display_root), 0, "", f"must be a real folder of {kind} files")]
    if not folder.is_dir():
        return [], [], [], []  # no stories yet (how a new bank starts), or no other framework
    files: list[Path] = []
    ignored: list[str] = []
    hidden: list[str] = []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        shown = _display(path, display_root)
        if path.name.startswith("."):
            # Editors' swap and lock files pass unnamed; a hidden .x.yml looks like a data file and is named.
            if path.name.endswith(DATA_SUFFIXES):
                hidden.append(shown)
            continue
        refused = check_regular_file(path, file=shown)
        if refused is not None:
            problems.append(refused)
        elif path.name.endswith(DATA_SUFFIXES):
            files.append(path)
        else:
            ignored.append(shown)
    return files, ignored, hidden, problems


def _build_framework(value: list[dict[str, str]] | dict[str, Any], *, framework_id: str = DEFAULT_FRAMEWORK_ID) -> Framework:
    """The framework as its file names it; a plain list is a framework with neutral defaults (an additional one is named by its id)."""
    entries, _ = principle_entries(value)
    principles = tuple(
        Principle(
            id=entry["id"],
            title=entry["title"],
            summary=entry["summary"],
            angle=entry.get("angle", entry.get(OLD_ANGLE_FIELD, "")),
        )
        for entry in entries
        if isinstance(entry, dict)
    )
    default_name = DEFAULT_FRAMEWORK_NAME if framework_id == DEFAULT_FRAMEWORK_ID else framework_id
    if not isinstance(value, dict):
        return Framework(principles=principles, name=default_name, id=framework_id)
    return Framework(
        principles=principles,
        name=" ".join(value.get("name", default_name).split()),
        angle_label=" ".join(value.get("angle_label", "").split()),
        id=framework_id,
        source=" ".join(value.get("source", "").split()),
    )


def _build_site(value: dict[str, Any]) -> Site:
    return Site(
        title=" ".join(value["title"].split()),
        intro=value.get("intro", "").strip(),
        owner=" ".join(value.get("owner", "").split()),
        headline=" ".join(value.get("headline", "").split()),
        links=tuple(Link(label=" ".join(link["label"].split()), url=link["url"]) for link in value.get("links", ())),
        credits=value.get("credits", "").strip(),
        quick_reference_intro=value.get("quick_reference", {}).get("intro", "").strip(),
        whole_bank_intro=value.get("whole_bank", {}).get("intro", "").strip(),
    )


def _build_story(doc: YamlDocument, *, enabled: tuple[str, ...]) -> Story:
    value = doc.value
    mapped = value.get("frameworks", {})
    written = " ".join(value.get("headline", "").split())
    result = value["result"].strip()
    return Story(
        id=value["id"],
        principles=tuple(value["principles"]),
        question=value["question"].strip(),
        **{part: value[part].strip() for part in STAR_PARTS if part != "result"},
        result=result,
        headline=written or derive_headline(result),
        headline_written=bool(written),
        source=doc.file,
        tags=tuple(tag.strip() for tag in value.get("tags", ())),
        follow_ups=tuple(question.strip() for question in value.get("follow_ups", ())),
        private=bool(value.get("private", False)),
        draft_fields=find_template_text(value),
        # Only the frameworks the site shows: a mapping into a file not enabled waits, checked, until it is.
        placements=((DEFAULT_FRAMEWORK_ID, tuple(value["principles"])), *((fid, tuple(mapped[fid])) for fid in enabled if fid in mapped)),
    )


def _stem(path: Path) -> str:
    """A framework file's id: its name without .yml or .yaml."""
    return path.name.rsplit(".", 1)[0]


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()

"""Write the hostile corpus into a fixture bank: every payload into every field it can go, a few payloads per build."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .payloads import LINK_URLS, MARKER_SLOT, Payload

STORY_PREFIX = "hostile-"
# An additional framework (data/frameworks/<id>.yml), enabled: the first principles again, payloads and all, under
# a name and source of site payloads, and every fourth story mapped into it, so its pages and labels face the corpus too.
EXTRA_FRAMEWORK = "second-framework"
EXTRA_PRINCIPLES = 3
EXTRA_EVERY = 4
# Fields that hold one line (the schema's `line`): a multi-line payload goes in folded onto one line.
LINE_FIELDS = frozenset(
    {"headline", "principle.title", "framework.name", "framework.angle_label", "site.title", "site.owner", "site.headline", "site.links.label"}
)


@dataclass
class Placement:
    """Where one payload went in one build: (field, marker, text written) and the story or principle it sits in."""

    payload: Payload
    story_id: str | None = None
    principle_id: str | None = None
    primary: str | None = None  # the story's primary principle
    also_fits: str | None = None
    private: bool = False
    headline_written: bool = True
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (marker, text as written)


@dataclass
class HostileBank:
    """What one hostile build holds, so that each check knows where each marker should, and should not, be."""

    name: str
    view: str
    placements: list[Placement]
    link_urls: dict[str, str]  # marker -> url as written
    site_fields: dict[str, list[tuple[Payload, str, str]]]  # site field -> [(payload, marker, text)]
    principle_ids: list[str]

    def story_placements(self) -> list[Placement]:
        return [p for p in self.placements if p.story_id]


def written(payload: Payload, field_name: str, code: str) -> tuple[str, str]:
    """(marker, text) of `payload` written into a field: folded onto one line where the field holds one line."""
    text = payload.line(code) if field_name in LINE_FIELDS else payload.text(code)
    return payload.marker(code), text


def load_yaml(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump_yaml(path: Path, value: object) -> None:
    path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8")


def write_hostile_bank(
    project: Path,
    payloads: list[Payload],
    *,
    name: str,
    view: str,
    site_payloads: list[Payload] | None = None,
    principle_payloads: list[Payload] | None = None,
    headlines: bool = True,
    private_every: int = 0,
    extra_links: list[dict[str, str]] | None = None,
) -> HostileBank:
    """Put `payloads` into stories (one story a payload, in every story field) and the site and principle fields.

    Principle fields get the payloads round-robin, several joined where there are more payloads than principles;
    each of the site's text fields gets every site payload, joined; each site payload is also a link's label.
    """
    data = project / "data"
    framework = load_yaml(data / "principles.yml")
    assert isinstance(framework, dict)
    principles = framework["principles"]
    principle_ids = [entry["id"] for entry in principles]
    placements: list[Placement] = []

    for index, payload in enumerate(payloads):
        primary = principle_ids[index % len(principle_ids)]
        also = principle_ids[(index + 5) % len(principle_ids)]
        story_id = f"{STORY_PREFIX}{payload.number:03d}"
        placement = Placement(payload, story_id=story_id, primary=primary, also_fits=also)
        story: dict[str, object] = {"id": story_id, "principles": [primary, also]}
        if index % EXTRA_EVERY == 0:  # its pages show stories as the default's do: a share of them checks that, cheaply
            story["frameworks"] = {EXTRA_FRAMEWORK: [principle_ids[index % EXTRA_PRINCIPLES]]}
        for field_name, code in (("question", "qn"), ("headline", "hl"), ("situation", "sn"), ("task", "tk"),
                                 ("action", "an"), ("result", "rt")):
            if field_name == "headline" and not headlines:
                continue
            marker, text = written(payload, field_name, code)
            story[field_name] = text
            placement.fields[field_name] = (marker, text)
        placement.headline_written = headlines
        marker, text = written(payload, "tags", "tg")
        story["tags"] = [text, "plain-tag"]
        placement.fields["tags"] = (marker, text)
        marker, text = written(payload, "follow_ups", "fu")
        story["follow_ups"] = [text, "What would you do differently?"]
        placement.fields["follow_ups"] = (marker, text)
        if private_every and index % private_every == 0:
            story["private"] = True
            placement.private = True
        dump_yaml(data / "stories" / f"{story_id}.yml", story)
        placements.append(placement)

    for index, payload in enumerate(principle_payloads or []):
        entry = principles[index % len(principles)]
        placement = Placement(payload, principle_id=entry["id"])
        for field_name, key, code, joiner in (("principle.title", "title", "pt", " "),
                                              ("principle.summary", "summary", "ps", "\n\n"),
                                              ("principle.angle", "angle", "pa", "\n\n")):
            marker, text = written(payload, field_name, code)
            # The first payload replaces the sample's text; later ones join it.
            entry[key] = text if index < len(principles) else entry[key] + joiner + text
            placement.fields[field_name] = (marker, text)
        placements.append(placement)

    site = load_yaml(data / "site.yml")
    assert isinstance(site, dict)
    site_fields: dict[str, list[tuple[Payload, str, str]]] = {}
    # The framework's name and angle label are the site's words too: every site payload goes into them.
    for field_name, key, code in (("framework.name", "name", "fn"), ("framework.angle_label", "angle_label", "fl")):
        entries = [(payload, *written(payload, field_name, code)) for payload in site_payloads or []]
        if entries:
            framework[key] = " ".join(text for _, _, text in entries)
            site_fields[field_name] = [(payload, marker, text) for payload, marker, text in entries]
    dump_yaml(data / "principles.yml", framework)
    extra = {
        "name": framework.get("name", "Second framework") + " (again)",
        "source": " ".join(text for _, _, text in site_fields.get("framework.name", [])) or "Where it comes from",
        "principles": principles[:EXTRA_PRINCIPLES],
    }
    (data / "frameworks").mkdir(exist_ok=True)
    dump_yaml(data / "frameworks" / f"{EXTRA_FRAMEWORK}.yml", extra)
    for field_name, key, code, joiner in (("site.title", "title", "st", " "), ("site.owner", "owner", "ow", " "),
                                          ("site.headline", "headline", "sh", " "), ("site.intro", "intro", "in", "\n\n"),
                                          ("site.credits", "credits", "cr", "\n\n"),
                                          ("site.quick_reference.intro", "quick_reference.intro", "qi", "\n\n"),
                                          ("site.whole_bank.intro", "whole_bank.intro", "wi", "\n\n")):
        entries = [(payload, *written(payload, field_name, code)) for payload in site_payloads or []]
        if entries:
            group, _, name = key.rpartition(".")
            (site.setdefault(group, {}) if group else site)[name] = joiner.join(text for _, _, text in entries)
            site_fields[field_name] = [(payload, marker, text) for payload, marker, text in entries]
    links = []
    labels = []
    for payload in site_payloads or []:
        marker, text = written(payload, "site.links.label", "lb")
        links.append({"label": text, "url": f"https://example.com/{payload.marker('lu')}"})
        labels.append((payload, marker, text))
    link_urls = {}
    for number, (_, url) in enumerate(LINK_URLS, start=801):
        marker = f"zq{number:03d}lu"
        address = url.replace(MARKER_SLOT, marker)
        links.append({"label": f"Link {marker}", "url": address})
        link_urls[marker] = address
    if labels:
        site_fields["site.links.label"] = labels
    site["links"] = links + list(extra_links or [])
    # Every principle listed, those without a story too, so that each principle payload reaches every view.
    publish = {"practice_page": True, "coach_page": True, "follow_ups": True, "principles_without_stories": True}
    site["publish"] = {**site.get("publish", {}), **publish}
    site["frameworks"] = [EXTRA_FRAMEWORK]
    dump_yaml(data / "site.yml", site)
    return HostileBank(name, view, placements, link_urls, site_fields, principle_ids)

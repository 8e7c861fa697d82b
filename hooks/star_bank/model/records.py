"""The bank's frozen records: who the site is for, the principles, the stories."""

from __future__ import annotations

from dataclasses import dataclass, replace

STAR_PARTS = ("situation", "task", "action", "result")


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
    headline: str  # one line, result first: as written, or taken from the Result (model/headline.py)
    source: str  # the file, as messages name it: data/stories/<id>.yml
    headline_written: bool = False  # False: the headline was taken from the Result
    tags: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()  # likely follow-up questions
    private: bool = False  # never published; shown, marked, in `make serve`

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
class Link:
    """A labelled address on the home page and in the footer: LinkedIn, GitHub, a résumé, an email."""

    label: str
    url: str


@dataclass(frozen=True)
class Site:
    """Who the site is for, from data/site.yml."""

    title: str
    intro: str
    owner: str = ""
    headline: str = ""
    links: tuple[Link, ...] = ()
    credits: str = ""


@dataclass(frozen=True)
class Bank:
    """Everything in data/: the site, the principles in order, the stories sorted by id."""

    site: Site
    principles: tuple[Principle, ...]
    stories: tuple[Story, ...]

    def principle(self, principle_id: str) -> Principle:
        return next(p for p in self.principles if p.id == principle_id)

    def story(self, story_id: str) -> Story:
        return next(s for s in self.stories if s.id == story_id)

    def primary_stories(self, principle_id: str) -> tuple[Story, ...]:
        return tuple(s for s in self.stories if s.primary == principle_id)

    def also_fits_stories(self, principle_id: str) -> tuple[Story, ...]:
        return tuple(s for s in self.stories if principle_id in s.also_fits)

    def without_private(self) -> Bank:
        """The bank as the public site shows it: private stories gone, not hidden."""
        if not any(s.private for s in self.stories):
            return self
        return replace(self, stories=tuple(s for s in self.stories if not s.private))

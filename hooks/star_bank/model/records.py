"""The bank's frozen records: who the site is for, the framework and its principles, the stories."""

from __future__ import annotations

from dataclasses import dataclass, replace

STAR_PARTS = ("situation", "task", "action", "result")
# What a framework is called when data/principles.yml is a plain list and does not say.
DEFAULT_FRAMEWORK_NAME = "Principles"
# The id of data/principles.yml's framework: its pages live at principles/<principle-id>/, as they always have.
DEFAULT_FRAMEWORK_ID = "principles"


@dataclass(frozen=True)
class Principle:
    """One principle of the framework, and its page."""

    id: str
    title: str
    summary: str
    angle: str = ""  # optional: how the principle shows in the owner's field, labelled by Framework.angle_label


@dataclass(frozen=True)
class Framework:
    """The values framework the stories answer: its name, the label of its principles' angle, its principles in order."""

    principles: tuple[Principle, ...]
    name: str = DEFAULT_FRAMEWORK_NAME
    angle_label: str = ""  # e.g. "AI/ML angle"; empty: an angle shows without a label
    id: str = DEFAULT_FRAMEWORK_ID  # data/frameworks/<id>.yml; its pages live at <id>/<principle-id>/
    source: str = ""  # where the list comes from, one line

    @property
    def is_default(self) -> bool:
        """data/principles.yml's framework, which every story answers with its `principles:`."""
        return self.id == DEFAULT_FRAMEWORK_ID

    def principle(self, principle_id: str) -> Principle:
        return next(p for p in self.principles if p.id == principle_id)


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
    draft_fields: tuple[str, ...] = ()  # fields still holding `make story`'s template text (model/drafts.py)
    # Its principles in every framework it answers, by framework id, the default's first: `principles` is the
    # entry of the framework a view is showing (Bank.in_framework).
    placements: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def draft(self) -> bool:
        """Whether the story still holds text of `make story`'s template: never published (the build stops)."""
        return bool(self.draft_fields)

    @property
    def primary(self) -> str:
        return self.principles[0]

    @property
    def also_fits(self) -> tuple[str, ...]:
        return self.principles[1:]

    def principles_in(self, framework_id: str) -> tuple[str, ...]:
        """Its principles in one framework, primary first; () where it does not answer that framework."""
        return next((ids for fid, ids in self.placements if fid == framework_id), ())

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
    intro: str = ""  # the home page's, Markdown
    owner: str = ""
    headline: str = ""
    links: tuple[Link, ...] = ()
    credits: str = ""
    quick_reference_intro: str = ""  # Markdown above the quick reference's table
    whole_bank_intro: str = ""  # Markdown above the Whole bank's stories


@dataclass(frozen=True)
class Bank:
    """Everything in data/: the site, the framework shown (its principles in order), the stories sorted by id.

    `frameworks` are all those the site shows, data/principles.yml's first, then data/site.yml's `frameworks:`.
    A bank is seen through one of them at a time (in_framework): its stories' `principles` are then theirs there.
    """

    site: Site
    framework: Framework
    stories: tuple[Story, ...]
    frameworks: tuple[Framework, ...] = ()  # empty: only `framework`

    def __post_init__(self) -> None:
        if not self.frameworks:
            object.__setattr__(self, "frameworks", (self.framework,))

    def in_framework(self, framework_id: str) -> Bank:
        """The bank as one framework sees it: its principles, and only the stories that answer it, with their principles there."""
        framework = next(f for f in self.frameworks if f.id == framework_id)
        if framework == self.framework:
            return self
        stories = tuple(replace(s, principles=ids) for s in self.stories if (ids := s.principles_in(framework_id)))
        return replace(self, framework=framework, stories=stories)

    def also_in(self, story: Story) -> tuple[tuple[Framework, tuple[str, ...]], ...]:
        """The other frameworks `story` answers, in the site's order, with its principles in each."""
        return tuple((f, ids) for f in self.frameworks if f != self.framework and (ids := story.principles_in(f.id)))

    @property
    def principles(self) -> tuple[Principle, ...]:
        return self.framework.principles

    def principle(self, principle_id: str) -> Principle:
        return self.framework.principle(principle_id)

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

"""The loop plans Practice must reproduce: random banks and loops with plan_loop's answers, in tests/js/loop-corpus.json.

tests/js/loop-plan.test.mjs asserts that practice/loop-plan.js chooses exactly these stories. The file is
written by this module (`PYTHONPATH=hooks:tests .venv/bin/python -m unit.test_loop_corpus`) and the test below
regenerates it in memory, so the committed corpus is always plan_loop's current answer.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path

from conftest import BANKS
from star_bank.model.loop_plan import plan_loop
from star_bank.model.records import Bank, Framework

from .factories import SITE, load_project, make_principle, make_story

CORPUS = Path(__file__).resolve().parents[1] / "js" / "loop-corpus.json"
SEED = 20261202
RANDOM_CASES = 600
# Keys of Object.prototype: as ids they must be principles and stories like any other, in JavaScript too.
PROTOTYPE_NAMES = ("constructor", "__proto__", "toString", "hasOwnProperty", "valueOf")
Case = dict[str, object]


def plan_case(
    name: str, principles: Sequence[str], stories: Sequence[tuple[str, Sequence[str]]], loop: Sequence[str]
) -> Case:
    """One bank (principles in order; stories in order, each with its principles, primary first), a loop, and plan_loop's plan."""
    bank = Bank(
        site=SITE,
        framework=Framework(tuple(make_principle(pid, pid.title()) for pid in principles)),
        stories=tuple(make_story(sid, *fits) for sid, fits in stories),
    )
    plan = plan_loop(bank, loop)
    return {
        "name": name,
        "principles": list(principles),
        "stories": [[sid, list(fits)] for sid, fits in stories],
        "loop": list(loop),
        "told": [[principle.id, story.id] for principle, story in plan.assignment],
        "uncovered": [principle.id for principle in plan.uncovered],
    }


def hand_cases() -> list[Case]:
    """The cases a greedy choice gets wrong, and the rules of test_loop_plan.py, by name."""
    return [
        # One story for three principles: told for its primary, p1, though p0 comes first and takes it greedily.
        plan_case("one story, primary p1, also fits p0 and p2", ["p0", "p1", "p2"], [("s", ["p1", "p0", "p2"])], ["p0", "p1", "p2"]),
        # dive-deep first takes pricing (it only also fits), then ownership takes cache: one fewer primary story.
        plan_case(
            "the search order points away from primary stories",
            ["dive-deep", "ownership", "frugality"],
            [("cache", ["frugality", "ownership"]), ("pricing", ["ownership", "dive-deep"])],
            ["dive-deep", "ownership", "frugality"],
        ),
        # Covering both principles comes before telling pricing under its primary.
        plan_case(
            "covering more principles comes before a primary story",
            ["ownership", "dive-deep", "think-big"],
            [("cache", ["think-big", "ownership"]), ("pricing", ["ownership", "dive-deep"])],
            ["ownership", "dive-deep"],
        ),
        # Each principle has one primary story, which also fits the principle before it.
        plan_case(
            "a ring of primary stories that also fit the principle before",
            ["a", "b", "c", "d"],
            [("s1", ["b", "a"]), ("s2", ["c", "b"]), ("s3", ["d", "c"]), ("s4", ["a", "d"])],
            ["a", "b", "c", "d"],
        ),
        # Found by search: plan_loop's first matching tells no story under its primary, and only an exchange
        # around a cycle (each principle takes the next one's story) reaches the best plan. Random banks this
        # small rarely need one (about 1 in 300).
        plan_case(
            "an exchange around a cycle: two stories, three principles",
            ["p0", "p1", "p2"],
            [("s0", ["p1", "p2", "p0"]), ("s1", ["p2", "p1", "p0"])],
            ["p2", "p1", "p0"],
        ),
        plan_case(
            "an exchange around a cycle: a story that also fits the principle first in the loop",
            ["p0", "p1", "p2"],
            [("s0", ["p1", "p0"]), ("s1", ["p2", "p1", "p0"])],
            ["p1", "p0"],
        ),
        plan_case(
            "an exchange around a cycle: three stories",
            ["p0", "p1", "p2"],
            [("s0", ["p2", "p0"]), ("s1", ["p1"]), ("s2", ["p1", "p2", "p0"])],
            ["p1", "p2", "p0"],
        ),
        plan_case("no story", ["p0", "p1"], [], ["p1", "p0"]),
        plan_case(
            "every id a key of Object.prototype",
            list(PROTOTYPE_NAMES),
            [("constructor", ["toString", "constructor"]), ("__proto__", ["__proto__"]), ("hasOwnProperty", ["constructor", "valueOf"])],
            list(PROTOTYPE_NAMES),
        ),
    ]


def framework_cases() -> list[Case]:
    """tests/banks/multi-framework's public stories as each of its frameworks sees them (Bank.in_framework), as Practice gets them.

    Each case is planned by plan_loop on the framework's view of the bank itself, the Coach page's plan for it.
    """
    bank = load_project(BANKS / "multi-framework").bank.without_private()
    cases = []
    for framework in bank.frameworks:
        seen = bank.in_framework(framework.id)
        ids = [p.id for p in seen.principles]
        stories = [(story.id, list(story.principles)) for story in seen.stories]
        for name, loop in (("every principle", ids), ("every other principle, last first", ids[::-2])):
            case = plan_case(f"multi-framework bank, {framework.id}: {name}", ids, stories, loop)
            plan = plan_loop(seen, loop)
            assert case["told"] == [[p.id, s.id] for p, s in plan.assignment], case["name"]
            cases.append(case)
    return cases


def random_case(generator: random.Random, number: int) -> Case:
    """A random bank of up to 7 principles and 9 stories, some ids named after Object.prototype's keys, and a loop."""
    count = generator.randint(1, 7)
    principles = [f"p{i}" for i in range(count)]
    stories: list[tuple[str, list[str]]] = []
    for i in range(generator.randint(0, 9)):
        stories.append((f"s{i}", generator.sample(principles, generator.randint(1, min(3, count)))))
    if number % 5 == 0:  # every fifth bank names some of its principles and stories after Object.prototype's keys
        renamed = dict(zip(principles, generator.sample(PROTOTYPE_NAMES, min(count, 3))))
        principles = [renamed.get(pid, pid) for pid in principles]
        stories = [(PROTOTYPE_NAMES[i] if i < 2 else sid, [renamed.get(pid, pid) for pid in fits]) for i, (sid, fits) in enumerate(stories)]
    loop = generator.sample(principles, generator.randint(1, count))
    return plan_case(f"random {number}", principles, stories, loop)


def build_corpus() -> list[Case]:
    """The hand cases, then the random ones, always the same for the same seed."""
    generator = random.Random(SEED)
    return hand_cases() + framework_cases() + [random_case(generator, number) for number in range(RANDOM_CASES)]


def render_corpus(cases: list[Case]) -> str:
    """The corpus as JSON, one case per line, so that a change reads as a diff of cases."""
    return "[\n" + ",\n".join(json.dumps(case, ensure_ascii=False, separators=(",", ":")) for case in cases) + "\n]\n"


def test_the_committed_corpus_is_plan_loops_current_answer() -> None:
    expected = render_corpus(build_corpus())
    assert CORPUS.read_text(encoding="utf-8") == expected, (
        "tests/js/loop-corpus.json is not plan_loop's answer: rewrite it with "
        "`PYTHONPATH=hooks:tests .venv/bin/python -m unit.test_loop_corpus`, then run `node --test tests/js/`"
    )


def test_the_corpus_holds_hundreds_of_cases_and_the_greedy_counter_example() -> None:
    cases = build_corpus()
    assert len(cases) >= 500
    first = cases[0]
    assert (first["loop"], first["told"], first["uncovered"]) == (["p0", "p1", "p2"], [["p1", "s"]], ["p0", "p2"])
    assert len({json.dumps(case["stories"]) for case in cases}) > 400  # random banks, not one bank many times
    assert sum(1 for case in cases if any(name in json.dumps(case) for name in PROTOTYPE_NAMES)) > 100


def test_a_story_told_for_another_principle_than_its_primary_is_in_the_corpus() -> None:
    # Without such cases the corpus could not tell "most primary stories" from "any maximum matching".
    cases = build_corpus()
    primary = {id(case): {sid: fits[0] for sid, fits in case["stories"]} for case in cases}  # type: ignore[union-attr]
    told_elsewhere = [
        case for case in cases if any(primary[id(case)][story] != principle for principle, story in case["told"])  # type: ignore[union-attr]
    ]
    assert len(told_elsewhere) > 100


if __name__ == "__main__":
    CORPUS.write_text(render_corpus(build_corpus()), encoding="utf-8")
    print(f"{CORPUS}: {len(build_corpus())} cases")

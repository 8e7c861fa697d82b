"""The loop plan: hand cases, a property test against brute force on random banks, and LOOP's messages."""

from __future__ import annotations

import random

import pytest

from star_bank.model.loop_plan import LoopPlan, maximum_matching, parse_loop, plan_loop, preferred_matching
from star_bank.model.records import Bank, Framework

from .factories import SITE, make_principle, make_story

SEED = 20261127
RANDOM_BANKS = 300
RANDOM_GRAPHS = 500


def make_bank(principle_ids: list[str], stories: dict[str, tuple[str, ...]]) -> Bank:
    """Principles in the order given; `stories` maps an id to its principles, primary first."""
    return Bank(
        site=SITE,
        framework=Framework(tuple(make_principle(pid, pid.replace("-", " ").title()) for pid in principle_ids)),
        stories=tuple(make_story(sid, *principles) for sid, principles in sorted(stories.items())),
    )


def told(plan: LoopPlan) -> list[tuple[str, str]]:
    """The plan as (principle id, story id) pairs."""
    return [(principle.id, story.id) for principle, story in plan.assignment]


def test_a_story_that_fits_two_principles_is_told_once() -> None:
    bank = make_bank(["ownership", "dive-deep"], {"pricing": ("ownership", "dive-deep")})
    plan = plan_loop(bank)
    assert told(plan) == [("ownership", "pricing")]
    assert [p.id for p in plan.uncovered] == ["dive-deep"]
    assert (plan.covered, plan.total) == (1, 2)


def test_a_principle_no_story_fits_is_uncovered() -> None:
    bank = make_bank(["ownership", "dive-deep", "think-big"], {"pricing": ("ownership",), "cache": ("dive-deep",)})
    plan = plan_loop(bank)
    assert told(plan) == [("ownership", "pricing"), ("dive-deep", "cache")]
    assert [p.id for p in plan.uncovered] == ["think-big"]
    assert [p.id for p in plan.principles] == ["ownership", "dive-deep", "think-big"]


def test_covering_more_principles_comes_before_telling_a_story_under_its_primary() -> None:
    # pricing is primary to ownership, but only it fits dive-deep: cache takes ownership so both are covered.
    bank = make_bank(
        ["ownership", "dive-deep", "think-big"],
        {"pricing": ("ownership", "dive-deep"), "cache": ("think-big", "ownership")},
    )
    plan = plan_loop(bank, ["ownership", "dive-deep"])
    assert told(plan) == [("ownership", "cache"), ("dive-deep", "pricing")]


def test_a_primary_story_is_preferred_to_one_that_also_fits() -> None:
    # Both stories fit ownership; gpu-cut is primary to it, cache only also fits it.
    bank = make_bank(["ownership", "dive-deep"], {"cache": ("dive-deep", "ownership"), "gpu-cut": ("ownership",)})
    assert told(plan_loop(bank, ["ownership"])) == [("ownership", "gpu-cut")]


def test_primary_stories_are_preferred_even_when_the_search_order_points_elsewhere() -> None:
    # In the bank's order, dive-deep first takes pricing (which only also fits it), then ownership takes cache.
    # The best plan of the same size tells each story under its primary principle: ownership-pricing, frugality-cache.
    bank = make_bank(
        ["dive-deep", "ownership", "frugality"],
        {"pricing": ("ownership", "dive-deep"), "cache": ("frugality", "ownership")},
    )
    plan = plan_loop(bank)
    assert told(plan) == [("ownership", "pricing"), ("frugality", "cache")]
    assert [p.id for p in plan.uncovered] == ["dive-deep"]


def test_a_loop_plans_its_principles_in_the_banks_order() -> None:
    bank = make_bank(["ownership", "dive-deep", "think-big"], {"pricing": ("think-big",), "cache": ("ownership",)})
    plan = plan_loop(bank, ["think-big", "ownership"])
    assert [p.id for p in plan.principles] == ["ownership", "think-big"]
    assert told(plan) == [("ownership", "cache"), ("think-big", "pricing")]


def test_a_loop_of_principles_the_bank_lacks_is_refused() -> None:
    bank = make_bank(["ownership"], {})
    with pytest.raises(ValueError, match="not principles of this bank: frugality"):
        plan_loop(bank, ["ownership", "frugality"])


def test_maximum_matching_takes_any_hashable_keys_and_breaks_ties_by_order() -> None:
    assert maximum_matching({1: [("x",), ("y",)], 2: [("x",), ("y",)]}) == {1: ("x",), 2: ("y",)}
    assert maximum_matching({2: [("x",), ("y",)], 1: [("x",), ("y",)]}) == {2: ("x",), 1: ("y",)}
    # The greedy first choice (a-x) must be undone along a longer path for all three to be matched.
    assert maximum_matching({"a": ["x", "y"], "b": ["x"], "c": ["y", "z"]}) == {"a": "y", "b": "x", "c": "z"}
    assert maximum_matching({}) == {}
    assert maximum_matching({"a": []}) == {}


def brute_force_best(bank: Bank, principle_ids: list[str]) -> tuple[int, int]:
    """The most principles any plan covers, then the most primary stories among such plans: every assignment tried."""
    fitting = {pid: [s for s in bank.stories if pid in s.principles] for pid in principle_ids}
    best = (0, 0)

    def extend(index: int, used: frozenset[str], size: int, primaries: int) -> None:
        nonlocal best
        if index == len(principle_ids):
            best = max(best, (size, primaries))
            return
        pid = principle_ids[index]
        extend(index + 1, used, size, primaries)
        for story in fitting[pid]:
            if story.id not in used:
                extend(index + 1, used | {story.id}, size + 1, primaries + (story.primary == pid))

    extend(0, frozenset(), 0, 0)
    return best


def random_bank(rng: random.Random) -> Bank:
    """Up to 6 principles and 7 stories; each story a random primary and each other principle with chance 0.3."""
    principle_ids = [f"p{n}" for n in range(rng.randint(1, 6))]
    stories = {}
    for n in range(rng.randint(0, 7)):
        primary = rng.choice(principle_ids)
        stories[f"s{n}"] = (primary, *(pid for pid in principle_ids if pid != primary and rng.random() < 0.3))
    return make_bank(principle_ids, stories)


def test_plans_match_brute_force_on_random_banks() -> None:
    rng = random.Random(SEED)
    for _ in range(RANDOM_BANKS):
        bank = random_bank(rng)
        all_ids = [p.id for p in bank.principles]
        loop = None if rng.random() < 0.5 else rng.sample(all_ids, rng.randint(0, len(all_ids)))
        plan = plan_loop(bank, loop)
        planned = [pid for pid in all_ids if loop is None or pid in loop]
        where = f"bank {bank.stories} loop {loop}"

        assert [p.id for p in plan.principles] == planned, where
        assigned = [(principle.id, story) for principle, story in plan.assignment]
        assert [pid for pid, _ in assigned] == [pid for pid in planned if pid in dict(assigned)], where
        assert all(pid in story.principles for pid, story in assigned), where
        assert len({story.id for _, story in assigned}) == len(assigned), where
        assert [p.id for p in plan.uncovered] == [pid for pid in planned if pid not in dict(assigned)], where
        primaries = sum(story.primary == pid for pid, story in assigned)
        assert (plan.covered, primaries) == brute_force_best(bank, planned), where
        assert plan_loop(bank, loop) == plan, where


def brute_force_matching(adjacency: dict[int, list[str]], preferred: set[tuple[int, str]]) -> tuple[int, int]:
    """The largest matching's size, then the most preferred pairs among the largest: every matching tried."""
    lefts = list(adjacency)
    best = (0, 0)

    def extend(index: int, used: frozenset[str], size: int, gained: int) -> None:
        nonlocal best
        if index == len(lefts):
            best = max(best, (size, gained))
            return
        extend(index + 1, used, size, gained)
        for right in adjacency[lefts[index]]:
            if right not in used:
                extend(index + 1, used | {right}, size + 1, gained + ((lefts[index], right) in preferred))

    extend(0, frozenset(), 0, 0)
    return best


def test_matchings_match_brute_force_on_random_graphs() -> None:
    # Any graph, any order, any preferred pairs: the exchanges a bank's stories rarely need (cycles) happen here.
    rng = random.Random(SEED + 1)
    for _ in range(RANDOM_GRAPHS):
        rights = [f"r{n}" for n in range(rng.randint(0, 7))]
        adjacency = {left: rng.sample(rights, rng.randint(0, len(rights))) for left in range(rng.randint(0, 6))}
        preferred = {(left, right) for left in adjacency for right in adjacency[left] if rng.random() < 0.5}
        where = f"adjacency {adjacency} preferred {sorted(preferred)}"
        size, gained = brute_force_matching(adjacency, preferred)

        best = preferred_matching(adjacency, preferred=lambda left, right: (left, right) in preferred)
        for matching in (maximum_matching(adjacency), best):
            assert all(right in adjacency[left] for left, right in matching.items()), where
            assert len(set(matching.values())) == len(matching) == size, where
            assert list(matching) == [left for left in adjacency if left in matching], where
        assert sum(pair in preferred for pair in best.items()) == gained, where


BANK_FOR_LOOP = make_bank(["customer-obsession", "ownership", "dive-deep"], {})
VALID_IDS = "Principle ids: customer-obsession, ownership, dive-deep"


def test_a_loop_is_read_with_spaces_repeats_and_empty_items() -> None:
    assert parse_loop("ownership,dive-deep", BANK_FOR_LOOP) == (("ownership", "dive-deep"), [])
    assert parse_loop(" dive-deep , ,ownership,dive-deep,", BANK_FOR_LOOP) == (("dive-deep", "ownership"), [])


def test_an_unknown_principle_is_named_with_the_closest_id_and_every_valid_one() -> None:
    ids, problems = parse_loop("ownershp, dive-deep, frobnicate", BANK_FOR_LOOP)
    assert ids == ("dive-deep",)
    assert problems == [
        f"'ownershp' is not a principle id; did you mean 'ownership'? {VALID_IDS}",
        f"'frobnicate' is not a principle id. {VALID_IDS}",
    ]


def test_a_loop_naming_no_principle_says_how_to_name_them() -> None:
    assert parse_loop(" , ", BANK_FOR_LOOP) == (
        (),
        ["no principle ids given; name them separated by commas, e.g. customer-obsession,ownership"],
    )

"""The loop plan: one distinct story per principle an interview loop probes, as many principles as the bank allows.

A candidate must not tell the same story twice in one loop, so the plan is a maximum matching between
principles and stories (Hopcroft–Karp), then, among all maximum matchings, one that tells as many
stories under their primary principle as possible.
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .records import Bank, Principle, Story

L = TypeVar("L", bound=Hashable)
R = TypeVar("R", bound=Hashable)


@dataclass(frozen=True)
class LoopPlan:
    """The principles planned for, the story to tell for each one that can have its own, and those left over."""

    principles: tuple[Principle, ...]  # in the bank's order
    assignment: tuple[tuple[Principle, Story], ...]  # in the principles' order
    uncovered: tuple[Principle, ...]

    @property
    def covered(self) -> int:
        return len(self.assignment)

    @property
    def total(self) -> int:
        return len(self.principles)


def plan_loop(bank: Bank, principle_ids: Sequence[str] | None = None) -> LoopPlan:
    """One distinct story for as many of the principles (all when None) as possible, primary stories preferred."""
    wanted = None if principle_ids is None else set(principle_ids)
    if wanted is not None and (unknown := wanted - {p.id for p in bank.principles}):
        raise ValueError(f"not principles of this bank: {', '.join(sorted(unknown))} (check them with parse_loop)")
    principles = tuple(p for p in bank.principles if wanted is None or p.id in wanted)
    # Primary stories first, each group in the bank's (id) order: the search tries them first, and ties go their way.
    primary: dict[str, list[str]] = {p.id: [] for p in principles}
    also_fits: dict[str, list[str]] = {p.id: [] for p in principles}
    for story in bank.stories:
        for position, principle_id in enumerate(story.principles):
            if principle_id in primary:
                (primary if position == 0 else also_fits)[principle_id].append(story.id)
    candidates = {p.id: primary[p.id] + also_fits[p.id] for p in principles}
    stories = {s.id: s for s in bank.stories}
    matching = preferred_matching(
        candidates, preferred=lambda principle_id, story_id: stories[story_id].primary == principle_id
    )
    return LoopPlan(
        principles=principles,
        assignment=tuple((p, stories[matching[p.id]]) for p in principles if p.id in matching),
        uncovered=tuple(p for p in principles if p.id not in matching),
    )


def parse_loop(text: str, bank: Bank) -> tuple[tuple[str, ...], list[str]]:
    """The principle ids in `make coach LOOP="ownership, dive-deep"`, each once, and a message for each unknown one."""
    known = [p.id for p in bank.principles]
    ids: list[str] = []
    problems: list[str] = []
    for name in (part.strip() for part in text.split(",")):
        if not name or name in ids:
            continue
        if name in known:
            ids.append(name)
            continue
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else "."
        problems.append(f"'{name}' is not a principle id{hint} Principle ids: {', '.join(known)}")
    if not ids and not problems:
        problems.append(f"no principle ids given; name them separated by commas, e.g. {','.join(known[:2])}")
    return tuple(ids), problems


def maximum_matching(adjacency: Mapping[L, Sequence[R]]) -> dict[L, R]:
    """A maximum matching of left keys to right values (Hopcroft–Karp); the adjacency's order decides ties."""
    mate_of_left: dict[L, R] = {}
    mate_of_right: dict[R, L] = {}
    while (layers := _layers(adjacency, mate_of_left, mate_of_right)) is not None:
        depth, shortest = layers
        cursor = {left: 0 for left in depth}  # each edge is tried once per phase
        for left in adjacency:
            if left not in mate_of_left:
                _augment(left, adjacency, depth, shortest, cursor, mate_of_left, mate_of_right)
    return {left: mate_of_left[left] for left in adjacency if left in mate_of_left}


def _layers(
    adjacency: Mapping[L, Sequence[R]], mate_of_left: dict[L, R], mate_of_right: dict[R, L]
) -> tuple[dict[L, int | None], int] | None:
    """Breadth-first layers from the free left keys, and the shortest augmenting path's length (None: none left)."""
    depth: dict[L, int | None] = {left: 0 for left in adjacency if left not in mate_of_left}
    queue = deque(depth)
    shortest: int | None = None
    while queue:
        left = queue.popleft()
        level = depth[left]
        assert level is not None
        if shortest is not None and level > shortest:
            break
        for right in adjacency[left]:
            mate = mate_of_right.get(right)
            if mate is None:
                if shortest is None:
                    shortest = level
            elif mate not in depth:
                depth[mate] = level + 1
                queue.append(mate)
    return None if shortest is None else (depth, shortest)


def _augment(
    root: L,
    adjacency: Mapping[L, Sequence[R]],
    depth: dict[L, int | None],
    shortest: int,
    cursor: dict[L, int],
    mate_of_left: dict[L, R],
    mate_of_right: dict[R, L],
) -> bool:
    """Flip one shortest augmenting path from `root` along the layers, if there is one (depth-first, no recursion)."""
    lefts: list[L] = [root]
    rights: list[R] = []
    while lefts:
        left = lefts[-1]
        level = depth[left]
        candidates = adjacency[left]
        descended = False
        while level is not None and cursor[left] < len(candidates):
            right = candidates[cursor[left]]
            cursor[left] += 1
            mate = mate_of_right.get(right)
            if mate is None:
                if level == shortest:
                    for on_path, new_mate in zip(lefts, [*rights, right]):
                        mate_of_left[on_path] = new_mate
                        mate_of_right[new_mate] = on_path
                    return True
            elif level < shortest and depth.get(mate) == level + 1:
                lefts.append(mate)
                rights.append(right)
                descended = True
                break
        if not descended:
            depth[left] = None  # a dead end for the rest of this phase
            lefts.pop()
            if rights:
                rights.pop()
    return False


# Guarantee: `preferred_matching` returns a maximum matching that has, among ALL maximum matchings, the
# most preferred pairs. Why it holds: two maximum matchings differ by disjoint alternating cycles and even
# alternating paths (an odd path would augment one of them). So a maximum matching with fewer preferred
# pairs than another has one such piece that gains; each piece is a negative cycle, or a negative path of
# one of two kinds, in the small graph of left keys below, which Bellman–Ford finds. Each exchange gains at
# least one preferred pair, so there are at most len(adjacency) of them, each O(len(adjacency)**3): fine for
# a loop's principles on the left, not meant for thousands of left keys.
def preferred_matching(adjacency: Mapping[L, Sequence[R]], *, preferred: Callable[[L, R], bool]) -> dict[L, R]:
    """A maximum matching with as many `preferred` pairs as any maximum matching; the adjacency's order decides ties."""
    result = maximum_matching(adjacency)
    while (exchange := _gaining_exchange(result, adjacency, preferred)) is not None:
        for left, right in exchange:
            if right is None:
                del result[left]
            else:
                result[left] = right
    return {left: result[left] for left in adjacency if left in result}


def _gaining_exchange(
    matching: dict[L, R], adjacency: Mapping[L, Sequence[R]], preferred: Callable[[L, R], bool]
) -> list[tuple[L, R | None]] | None:
    """New right values (None: none) for some left keys, gaining a preferred pair at the same size; None if none can."""
    # Costs are -1 per preferred pair, so a gain is a negative total. An edge u -> v means "u takes v's right
    # value, and v must find another": cost(u, mate(v)) - cost(v, mate(v)).
    lefts = list(adjacency)
    neighbours = {left: set(adjacency[left]) for left in lefts}
    taken = set(matching.values())

    def cost(left: L, right: R) -> int:
        return -1 if preferred(left, right) else 0

    edges = {
        u: [
            (v, cost(u, matching[v]) - cost(v, matching[v]))
            for v in lefts
            if v in matching and v != u and matching[v] in neighbours[u]
        ]
        for u in lefts
    }
    cycle = _negative_cycle(lefts, edges)
    if cycle is not None:  # each takes the next one's right value, the last the first one's
        return _chain(matching, cycle, last=matching[cycle[0]])
    # A free left key takes a right value, the one it displaces takes another, ..., the last displaced gives up.
    distance, previous = _shortest_paths(lefts, edges, start={u: 0 for u in lefts if u not in matching})
    gains = [v for v in lefts if v in matching and distance.get(v, 0) < 0]
    if gains:
        return _chain(matching, _path(previous, min(gains, key=distance.__getitem__)), last=None)
    # A left key lets its right value go and takes another, ..., the last displaced takes one nobody has.
    distance, previous = _shortest_paths(lefts, edges, start={u: -cost(u, right) for u, right in matching.items()})
    best: tuple[int, L, R] | None = None
    for v in lefts:
        free = [right for right in adjacency[v] if right not in taken] if v in distance else []
        if free:
            right = next((r for r in free if preferred(v, r)), free[0])
            total = distance[v] + cost(v, right)
            if total < 0 and (best is None or total < best[0]):
                best = (total, v, right)
    return None if best is None else _chain(matching, _path(previous, best[1]), last=best[2])


def _chain(matching: dict[L, R], chain: list[L], *, last: R | None) -> list[tuple[L, R | None]]:
    """Each left key in `chain` takes the next one's right value; the last takes `last`."""
    return [*((left, matching[following]) for left, following in zip(chain, chain[1:])), (chain[-1], last)]


def _negative_cycle(nodes: list[L], edges: dict[L, list[tuple[L, int]]]) -> list[L] | None:
    """A cycle of negative total cost, in the order its edges run, or None (Bellman–Ford from every node at once)."""
    distance = {node: 0 for node in nodes}
    previous: dict[L, L] = {}
    changed: L | None = None
    for _ in range(len(nodes)):
        changed = None
        for u in nodes:
            for v, weight in edges[u]:
                if distance[u] + weight < distance[v]:
                    distance[v] = distance[u] + weight
                    previous[v] = u
                    changed = v
        if changed is None:
            break
    if changed is None:  # settled within len(nodes) rounds (or there are no nodes): no negative cycle
        return None
    node = changed
    for _ in range(len(nodes)):  # walk back far enough to stand on the cycle itself
        node = previous[node]
    cycle = [node]
    while (node := previous[node]) != cycle[0]:
        cycle.append(node)
    return cycle[::-1]


def _shortest_paths(
    nodes: list[L], edges: dict[L, list[tuple[L, int]]], *, start: dict[L, int]
) -> tuple[dict[L, int], dict[L, L]]:
    """Bellman–Ford from several starts at once, each with its own starting cost (no negative cycle remains)."""
    distance = dict(start)
    previous: dict[L, L] = {}
    for _ in range(len(nodes)):
        changed = False
        for u in nodes:
            if u not in distance:
                continue
            for v, weight in edges[u]:
                if v not in distance or distance[u] + weight < distance[v]:
                    distance[v] = distance[u] + weight
                    previous[v] = u
                    changed = True
        if not changed:
            break
    return distance, previous


def _path(previous: dict[L, L], end: L) -> list[L]:
    path = [end]
    while path[-1] in previous:
        path.append(previous[path[-1]])
    return path[::-1]

# TEMPORARY STUB written by the lead so the build can run; helper-3 replaces this whole file.
from __future__ import annotations
from dataclasses import dataclass
from .records import Bank, Principle, Story

@dataclass(frozen=True)
class LoopPlan:
    principles: tuple[Principle, ...]
    assignment: tuple[tuple[Principle, Story], ...]
    uncovered: tuple[Principle, ...]
    @property
    def covered(self) -> int: return len(self.assignment)
    @property
    def total(self) -> int: return len(self.principles)

def plan_loop(bank: Bank, principle_ids=None) -> LoopPlan:
    ps = tuple(p for p in bank.principles if principle_ids is None or p.id in principle_ids)
    used, pairs = set(), []
    for p in ps:
        for s in bank.primary_stories(p.id) + bank.also_fits_stories(p.id):
            if s.id not in used:
                used.add(s.id); pairs.append((p, s)); break
    done = {p.id for p, _ in pairs}
    return LoopPlan(ps, tuple(pairs), tuple(p for p in ps if p.id not in done))

def parse_loop(text, bank):
    return tuple(x.strip() for x in text.split(",") if x.strip()), []

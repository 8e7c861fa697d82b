// Practice's Interview loop must choose the stories the Coach page chooses: practice/loop-plan.js against
// plan_loop's answers (tests/js/loop-corpus.json, written by tests/unit/test_loop_corpus.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { maximumMatching, planLoop } from "../../docs/assets/javascripts/practice/loop-plan.js";

const CORPUS = JSON.parse(readFileSync(new URL("./loop-corpus.json", import.meta.url), "utf8"));

/** Practice's call: the ticked principles in the bank's order (the checkboxes' order), every story in the bank's order. */
function planOf(corpusCase) {
  const loop = new Set(corpusCase.loop);
  const stories = corpusCase.stories.map(([id, principles]) => ({ id, principles }));
  return planLoop(corpusCase.principles.filter((id) => loop.has(id)), stories);
}

test("the corpus is hundreds of banks and loops", () => {
  assert.ok(CORPUS.length >= 500, `${CORPUS.length} cases`);
});

test("on every case of the corpus, the same stories for the same principles as plan_loop", () => {
  const differences = [];
  for (const corpusCase of CORPUS) {
    const plan = planOf(corpusCase);
    const told = plan.pairs.map((pair) => [pair.principle, pair.story]);
    if (JSON.stringify([told, plan.uncovered]) !== JSON.stringify([corpusCase.told, corpusCase.uncovered])) {
      differences.push(`${corpusCase.name}: ${JSON.stringify(told)} against plan_loop's ${JSON.stringify(corpusCase.told)}`);
    }
  }
  assert.deepEqual(differences, []);
});

test("one story with primary p1 that also fits p0 and p2: told for p1", () => {
  const plan = planLoop(["p0", "p1", "p2"], [{ id: "s", principles: ["p1", "p0", "p2"] }]);
  assert.deepEqual(plan, { pairs: [{ principle: "p1", story: "s" }], uncovered: ["p0", "p2"] });
});

test("principles and stories named after Object.prototype's keys are planned like any other", () => {
  const plan = planLoop(["constructor", "toString"], [
    { id: "constructor", principles: ["constructor"] },
    { id: "__proto__", principles: ["toString", "constructor"] },
  ]);
  assert.deepEqual(plan, {
    pairs: [{ principle: "constructor", story: "constructor" }, { principle: "toString", story: "__proto__" }],
    uncovered: [],
  });
  assert.deepEqual(planLoop(["hasOwnProperty"], [{ id: "valueOf", principles: ["hasOwnProperty"] }]).pairs,
    [{ principle: "hasOwnProperty", story: "valueOf" }]);
});

test("a principle ticked twice is planned once", () => {
  assert.deepEqual(planLoop(["p0", "p0"], [{ id: "s", principles: ["p0"] }]), { pairs: [{ principle: "p0", story: "s" }], uncovered: [] });
});

/** The most principles that can each have a distinct story, by trying every assignment. */
function bruteForceSize(principles, stories) {
  function best(place, used) {
    if (place === principles.length) {
      return 0;
    }
    let most = best(place + 1, used); // this principle left uncovered
    for (const story of stories) {
      if (!used.has(story.id) && story.principles.includes(principles[place])) {
        used.add(story.id);
        most = Math.max(most, 1 + best(place + 1, used));
        used.delete(story.id);
      }
    }
    return most;
  }
  return best(0, new Set());
}

test("the matching is maximum, against brute force, on 300 random graphs of its own", () => {
  let seed = 20260304;
  const random = (below) => {
    seed = (seed * 1103515245 + 12345) % 2147483648; // a fixed sequence: the same graphs on every run
    return seed % below;
  };
  for (let round = 0; round < 300; round += 1) {
    const principles = Array.from({ length: 1 + random(6) }, (_, i) => `p${i}`);
    const pool = principles.concat(["untested"]);
    const stories = Array.from({ length: random(7) }, (_, i) => {
      const fits = pool.filter(() => random(3) === 0);
      return { id: `s${i}`, principles: fits.length ? fits : [pool[random(pool.length)]] };
    });
    const adjacency = new Map(principles.map((p) => [p, stories.filter((s) => s.principles.includes(p)).map((s) => s.id)]));
    const matching = maximumMatching(adjacency);
    assert.equal(new Set(matching.values()).size, matching.size);
    assert.equal(matching.size, bruteForceSize(principles, stories), JSON.stringify(stories));
    const plan = planLoop(principles, stories);
    assert.equal(plan.pairs.length, matching.size);
    assert.deepEqual([...plan.pairs.map((pair) => pair.principle), ...plan.uncovered].sort(), principles.slice().sort());
  }
});

test("the corpus holds each framework of the multi-framework bank as Practice gets it, planned as the Coach page plans it", () => {
  const frameworks = new Set(CORPUS.filter((corpusCase) => corpusCase.name.startsWith("multi-framework bank, "))
    .map((corpusCase) => corpusCase.name.split(", ")[1].split(":")[0]));
  assert.deepEqual([...frameworks], ["principles", "google", "meta"]);
});

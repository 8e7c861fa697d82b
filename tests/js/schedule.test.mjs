// Practice's scheduling (SM-2 in Anki's four-answer form), run without a page: practice/schedule.js.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  RATINGS, addDays, daysBetween, dueOrder, formatDays, isDate, isDue, nextDueDate, nextEase, nextInterval, schedule,
} from "../../docs/assets/javascripts/practice/schedule.js";

const TODAY = "2026-03-04";
const PROTOTYPE_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];

test("a new story: Again today, Hard and Good in a day, Easy in four", () => {
  assert.deepEqual(RATINGS.map((rating) => nextInterval(undefined, rating)), [0, 1, 1, 4]);
});

test("a story reviewed before: Hard I x 1.2, Good I x E, Easy I x E x 1.3", () => {
  const review = { last: "2026-02-22", due: TODAY, interval: 10, ease: 2.5, reps: 3, lapses: 0 };
  assert.deepEqual(RATINGS.map((rating) => nextInterval(review, rating)), [0, 12, 25, 33]);
});

test("each answer is at least a day more than the one below it, and at most 365 days", () => {
  assert.deepEqual(RATINGS.map((rating) => nextInterval({ interval: 1, ease: 1.3, reps: 2 }, rating)), [0, 2, 3, 4]);
  assert.equal(nextInterval({ interval: 300, ease: 2.5, reps: 9 }, "good"), 365);
});

test("a chain of ratings follows the rule, ease and lapses included", () => {
  let entry;
  const chain = [];
  for (const rating of ["good", "good", "good", "hard", "easy", "again", "good"]) {
    entry = schedule(entry, rating, TODAY);
    chain.push([entry.interval, entry.ease, entry.reps, entry.lapses]);
  }
  assert.deepEqual(chain, [
    [1, 2.5, 1, 0], // new, Good: 1 day
    [3, 2.5, 2, 0], // 1 x 2.5 rounds to 3 (2 for Hard, then one more)
    [8, 2.5, 3, 0], // 3 x 2.5 = 7.5
    [10, 2.35, 4, 0], // Hard: 8 x 1.2 = 9.6
    [31, 2.5, 5, 0], // Easy: 10 x 2.35 x 1.3 = 30.55, ease back up
    [0, 2.3, 0, 1], // Again: due today, a lapse
    [1, 2.3, 1, 1], // then as new
  ]);
  assert.deepEqual(schedule(undefined, "good", TODAY), {
    last: TODAY, due: "2026-03-05", interval: 1, ease: 2.5, reps: 1, lapses: 0,
  });
});

test("ease never falls below 1.3", () => {
  let entry;
  for (let i = 0; i < 10; i += 1) {
    entry = schedule(entry, "again", TODAY);
  }
  assert.equal(entry.ease, 1.3);
  assert.equal(nextEase(1.3, "hard"), 1.3);
});

test("dates: leap days, year ends, daylight saving changes, and only real calendar dates", () => {
  assert.deepEqual(
    [addDays("2028-02-28", 1), addDays("2026-12-31", 1), addDays("2026-03-29", 1), daysBetween(TODAY, "2027-03-04")],
    ["2028-02-29", "2027-01-01", "2026-03-30", 365],
  );
  assert.deepEqual(["2026-02-28", "2026-02-30", "2026-3-4", "", 20260304, null].map(isDate), [true, false, false, false, false, false]);
});

test("due: never rated, rated without a due date, due today; not yet when due tomorrow", () => {
  assert.deepEqual(
    [isDue(undefined, TODAY), isDue({ last: "2026-03-01" }, TODAY), isDue({ due: TODAY }, TODAY), isDue({ due: "2026-03-05" }, TODAY)],
    [true, true, true, false],
  );
});

test("due order: the longest overdue first, then new stories in the order given", () => {
  const progress = new Map([["late", { due: "2026-03-03" }], ["later", { due: "2026-03-01" }], ["future", { due: "2026-03-05" }]]);
  assert.deepEqual(dueOrder(["new-a", "late", "future", "new-b", "later"], progress, TODAY), ["later", "late", "new-a", "new-b"]);
});

test("the next due date is the earliest after today, or none", () => {
  const progress = new Map([["a", { due: "2026-03-09" }], ["b", { due: "2026-03-06" }], ["c", { due: TODAY }]]);
  assert.equal(nextDueDate(["a", "b", "c"], progress, TODAY), "2026-03-06");
  assert.equal(nextDueDate(["a"], new Map(), TODAY), null);
});

test("stories named after Object.prototype's keys are stories like any other", () => {
  // A plain object would answer progress["constructor"] with Object itself: never rated would read as rated.
  const progress = new Map([["toString", { due: "2026-03-10" }], ["valueOf", { due: "2026-03-01" }]]);
  assert.deepEqual(dueOrder(PROTOTYPE_NAMES, progress, TODAY), ["valueOf", "constructor", "__proto__", "hasOwnProperty"]);
  assert.equal(nextDueDate(PROTOTYPE_NAMES, progress, TODAY), "2026-03-10");
  assert.equal(nextDueDate(["constructor", "__proto__"], new Map(), TODAY), null);
});

test("days are said in words", () => {
  assert.deepEqual([0, 1, 12].map(formatDays), ["today", "in 1 day", "in 12 days"]);
});

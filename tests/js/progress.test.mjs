// Practice progress as a file: checks, refusals, merging and the saved document, run without a page: practice/progress.js.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  FORMAT, VERSION, keepStories, mergeProgress, progressDocument, readProgress, validateProgress,
} from "../../docs/assets/javascripts/practice/progress.js";

const ENTRY = { last: "2026-03-04", due: "2026-03-05", interval: 1, ease: 2.5, reps: 1, lapses: 0 };

function progressFile(stories, extra = {}) {
  return JSON.stringify({ format: FORMAT, version: VERSION, stories, ...extra });
}

test("a progress file reads back as what was saved", () => {
  const stories = new Map([["cache-bug", ENTRY], ["gpu-cut", { last: "2026-03-01" }]]);
  const saved = JSON.stringify(progressDocument(stories, "2026-03-04T10:00:00.000Z"));
  assert.deepEqual(JSON.parse(saved), {
    format: FORMAT, version: VERSION, stories: { "cache-bug": ENTRY, "gpu-cut": { last: "2026-03-01" } }, exported: "2026-03-04T10:00:00.000Z",
  });
  assert.deepEqual(readProgress(saved), { stories, errors: [] });
});

const REFUSALS = [
  ["not JSON", "this is not { json", ["it is not JSON"]],
  ["not an object", "[]", ["it is not a JSON object"]],
  ["null", "null", ["it is not a JSON object"]],
  ["another format", JSON.stringify({ format: "something-else", version: 1, stories: {} }), ['its "format" is not "star-practice-progress"']],
  ["a newer version", JSON.stringify({ format: FORMAT, version: 2, stories: {} }), ["its version is 2; this page reads version 1"]],
  ["a version as text", JSON.stringify({ format: FORMAT, version: "x".repeat(100), stories: {} }), [`its version is "${"x".repeat(39)}; this page reads version 1`]],
  ["stories as a list", JSON.stringify({ format: FORMAT, version: 1, stories: [] }), ['its "stories" is not an object keyed by story id']],
  ["no stories", JSON.stringify({ format: FORMAT, version: 1 }), ['its "stories" is not an object keyed by story id']],
];

for (const [name, text, errors] of REFUSALS) {
  test(`refused, nothing taken: ${name}`, () => {
    assert.deepEqual(readProgress(text), { stories: new Map(), errors });
  });
}

test("every problem of every entry is named, by story and field; the entries that read are kept", () => {
  const read = validateProgress({
    format: FORMAT, version: 1,
    stories: { a: { last: "2026-02-30", ease: 1, extra: 1 }, "Not An Id": {}, b: {}, c: { interval: -1, reps: 1.5, due: "tomorrow" } },
  });
  assert.deepEqual([...read.stories], [["b", {}]]);
  assert.deepEqual(read.errors, [
    'story "a": "last" is not a date (YYYY-MM-DD): "2026-02-30"',
    'story "a": "ease" is not an ease of 1.3 or more: 1',
    'story "a": "extra" is not a field of a progress entry',
    '"Not An Id" is not a story id',
    'story "c": "interval" is not a whole number of 0 or more: -1',
    'story "c": "reps" is not a whole number of 0 or more: 1.5',
    'story "c": "due" is not a date (YYYY-MM-DD): "tomorrow"',
  ]);
});

test("names from the file are cut short in messages", () => {
  const long = "a".repeat(5000);
  const read = validateProgress({ format: FORMAT, version: 1, stories: { [long.toUpperCase()]: {}, ok: { [long]: 1 } } });
  assert.deepEqual(read.errors, [`"${"A".repeat(40)}…" is not a story id`, `story "ok": "${"a".repeat(40)}…" is not a field of a progress entry`]);
});

test("keys named after Object.prototype's are fields of nothing and ids of no story, except constructor, a valid id", () => {
  const text = '{"format": "star-practice-progress", "version": 1, "stories": {' +
    '"__proto__": {"last": "2026-03-01"}, "toString": {}, "hasOwnProperty": {}, ' +
    '"constructor": {"last": "2026-03-02"}, ' +
    '"cache-bug": {"__proto__": {"due": "2026-01-01"}, "constructor": 1, "toString": "x", "hasOwnProperty": 2}}}';
  const read = readProgress(text);
  assert.deepEqual(read.errors, [
    '"__proto__" is not a story id',
    '"toString" is not a story id',
    '"hasOwnProperty" is not a story id',
    'story "cache-bug": "__proto__" is not a field of a progress entry',
    'story "cache-bug": "constructor" is not a field of a progress entry',
    'story "cache-bug": "toString" is not a field of a progress entry',
    'story "cache-bug": "hasOwnProperty" is not a field of a progress entry',
  ]);
  assert.deepEqual([...read.stories], [["constructor", { last: "2026-03-02" }]]);
  assert.equal(Object.getPrototypeOf(read.stories.get("constructor")), Object.prototype);
});

test("a story called constructor is saved, read, kept and merged like any other", () => {
  const mine = new Map([["constructor", { last: "2026-03-01" }]]);
  const theirs = new Map([["constructor", { last: "2026-03-03", reps: 2 }], ["cache-bug", ENTRY]]);
  assert.deepEqual(readProgress(JSON.stringify(progressDocument(mine))).stories, mine);
  const merged = mergeProgress(mine, theirs);
  assert.deepEqual(merged, { stories: new Map([["constructor", { last: "2026-03-03", reps: 2 }], ["cache-bug", ENTRY]]), taken: 2 });
  assert.deepEqual(mergeProgress(new Map(), new Map([["constructor", {}]])), { stories: new Map([["constructor", {}]]), taken: 1 });
  assert.deepEqual(keepStories(theirs, ["constructor", "toString", "__proto__"]), new Map([["constructor", { last: "2026-03-03", reps: 2 }]]));
});

test("merging: the more recently practised entry wins; a tie keeps this browser's", () => {
  const stored = new Map([["a", { last: "2026-03-01" }], ["b", { last: "2026-03-04" }]]);
  const imported = new Map([["a", { last: "2026-03-02" }], ["b", { last: "2026-03-04", reps: 9 }], ["c", { last: "2026-01-01" }]]);
  assert.deepEqual(mergeProgress(stored, imported), {
    stories: new Map([["a", { last: "2026-03-02" }], ["b", { last: "2026-03-04" }], ["c", { last: "2026-01-01" }]]),
    taken: 2,
  });
});

test("stories no longer on the page are dropped, the rest kept in the page's order", () => {
  const stories = new Map([["gone", ENTRY], ["b", {}], ["a", ENTRY]]);
  assert.deepEqual([...keepStories(stories, ["a", "b", "c"]).keys()], ["a", "b"]);
});

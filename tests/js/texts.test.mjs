// Practice's story texts (practice/texts.js): what a fetched file must hold to be shown, and the order files load in.
import assert from "node:assert/strict";
import { test } from "node:test";

import { STAR_PARTS, fetchOrder, readStoryTexts } from "../../docs/assets/javascripts/practice/texts.js";

const PARTS = { situation: "<p>S</p>", task: "<p>T</p>", action: "<p>A</p>", result: "<p>R</p>" };

test("a file's stories are read with their four parts, in STAR order", () => {
  const read = readStoryTexts({ stories: { "cache-bug": { ...PARTS, extra: "ignored" }, constructor: PARTS } });
  assert.deepEqual([...read.keys()], ["cache-bug", "constructor"]);
  assert.deepEqual(Object.keys(read.get("cache-bug")), STAR_PARTS);
  assert.equal(read.get("constructor").result, "<p>R</p>");
});

test("a story missing a part, or with a part that is not a string, is left out", () => {
  const read = readStoryTexts({ stories: { whole: PARTS, cut: { situation: "", task: "", action: "" }, odd: { ...PARTS, task: 3 }, none: null } });
  assert.deepEqual([...read.keys()], ["whole"]);
});

test("anything that is not a file of story texts reads as no stories, never an exception", () => {
  for (const document of [null, undefined, 3, "text", [], {}, { stories: null }, { stories: [PARTS] }, { stories: "x" }]) {
    assert.equal(readStoryTexts(document).size, 0, JSON.stringify(document));
  }
});

test("the shown card's file is fetched first, then the others in the page's order", () => {
  assert.deepEqual(fetchOrder(["a.json", "b.json", "c.json"], "b.json"), ["b.json", "a.json", "c.json"]);
  assert.deepEqual(fetchOrder(["a.json", "b.json"], null), ["a.json", "b.json"]);
});

// The address bar is input: Practice's reading of the #anchor (practice/address.js) and share.js's, on any hash.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

import { linkedStory, readAnchor } from "../../docs/assets/javascripts/practice/address.js";

// share.js is a classic script loaded on every page; run as is, with no page, it only defines its pure part.
const shareSource = readFileSync(new URL("../../docs/assets/javascripts/share.js", import.meta.url), "utf8");
const shareGlobal = vm.createContext({});
vm.runInContext(shareSource, shareGlobal);
const share = shareGlobal.starShare;

const LONG = "#" + "a%".repeat(50000); // 100 KB, with a malformed escape every other character
const HOSTILE = ["#%", "#%E0%A4%A", "#%ZZ", "#%%%", "#%C0%AF", "#%ED%A0%80", LONG, "#" + "é".repeat(100000), "#\u202Eevil", "", "#"];

test("malformed, cut, overlong and huge escapes never throw: they are read as typed", () => {
  for (const read of [readAnchor, share.readAnchor]) {
    assert.equal(read("#%"), "%");
    assert.equal(read("#%E0%A4%A"), "%E0%A4%A");
    assert.equal(read("#%ED%A0%80"), "%ED%A0%80"); // a lone surrogate, refused by decodeURIComponent
    assert.equal(read(LONG), LONG.slice(1));
    for (const hash of HOSTILE) {
      assert.equal(typeof read(hash), "string", hash.slice(0, 20));
    }
  }
});

test("well-formed escapes and Unicode are decoded", () => {
  for (const read of [readAnchor, share.readAnchor]) {
    assert.equal(read("#cache-bug"), "cache-bug");
    assert.equal(read("#%E0%A4%A8%E0%A4%AE"), "नम");
    assert.equal(read("#caf%C3%A9"), "café");
    assert.equal(read("#😀"), "😀");
    assert.equal(read(""), "");
  }
});

test("Practice opens a story only when the address names one of the page's stories", () => {
  const stories = new Set(["cache-bug", "constructor"]);
  assert.equal(linkedStory("#cache-bug", stories), "cache-bug");
  assert.equal(linkedStory("#constructor", stories), "constructor");
  assert.equal(linkedStory("#%63ache-bug", stories), "cache-bug");
  for (const hash of [...HOSTILE, "#toString", "#__proto__", "#hasOwnProperty", "#valueOf"]) {
    assert.equal(linkedStory(hash, stories), null, hash.slice(0, 20));
  }
});

test("the missing-anchor notice shows at most 40 characters, then an ellipsis", () => {
  assert.equal(share.SHOWN_CHARACTERS, 40);
  assert.equal(share.shownAnchor("a-story-renamed-long-ago"), "a-story-renamed-long-ago");
  assert.equal(share.shownAnchor("x".repeat(40)), "x".repeat(40));
  assert.equal(share.shownAnchor("x".repeat(41)), "x".repeat(40) + "…");
  assert.equal(share.shownAnchor(share.readAnchor(LONG)), "a%".repeat(20) + "…");
  // Characters, not UTF-16 halves: an emoji is never cut in two.
  assert.equal(share.shownAnchor("😀".repeat(41)), "😀".repeat(40) + "…");
  assert.equal(share.shownAnchor("😀".repeat(40)), "😀".repeat(40));
});

test("the notice never shows controls, bidirectional overrides or invisible characters", () => {
  const shown = share.shownAnchor("a\u202Eb\u2066c\u200Bd\u0000e\nf\u2028g\uFEFFh\u00ADi");
  assert.equal(shown, "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh\uFFFDi");
  assert.equal(share.shownAnchor("नमस्ते-café"), "नमस्ते-café"); // letters and their marks stay
});

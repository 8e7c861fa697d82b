/* Practice progress as a file: read and check what localStorage or an imported file holds, keep what the page
   knows, merge two records, and write the document that is saved and exported. Pure functions.

   Every file is hostile input: any JSON may arrive, with keys such as "__proto__" or "constructor" (JSON.parse
   makes them own keys, never a prototype). Stories are kept in Maps and entries are rebuilt field by field,
   so no key of the file is looked up on, or written to, an object's prototype. */

import { MIN_EASE, isDate } from "./schedule.js";

export const FORMAT = "star-practice-progress";
export const VERSION = 1;
const ENTRY_FIELDS = new Map([
  ["last", "date"], ["due", "date"], ["interval", "count"], ["ease", "ease"], ["reps", "count"], ["lapses", "count"],
]);
const STORY_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_COUNT = 36500;
const MAX_EASE = 100;
const SHOWN_CHARACTERS = 40;

function isRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A key from a file, in quotes and cut short for a message. */
function quoteKey(key) {
  return '"' + key.slice(0, SHOWN_CHARACTERS) + (key.length > SHOWN_CHARACTERS ? "…" : "") + '"';
}

/** A value from a file, quoted for a message and cut short: the file may hold anything. */
export function describeValue(value) {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.slice(0, SHOWN_CHARACTERS);
}

/** The problems of one story's entry, each naming the story and the field; none means it reads. */
export function validateEntry(storyId, entry) {
  if (!STORY_ID.test(storyId)) {
    return [quoteKey(storyId) + " is not a story id"];
  }
  if (!isRecord(entry)) {
    return ['story "' + storyId + '" is not an object'];
  }
  return Object.keys(entry).map((field) => {
    const kind = ENTRY_FIELDS.get(field);
    const value = entry[field];
    let problem = "";
    if (!kind) {
      problem = "is not a field of a progress entry";
    } else if (kind === "date" && !isDate(value)) {
      problem = "is not a date (YYYY-MM-DD): " + describeValue(value);
    } else if (kind === "count" && !(Number.isInteger(value) && value >= 0 && value <= MAX_COUNT)) {
      problem = "is not a whole number of 0 or more: " + describeValue(value);
    } else if (kind === "ease" && !(typeof value === "number" && value >= MIN_EASE && value <= MAX_EASE)) {
      problem = "is not an ease of " + MIN_EASE + " or more: " + describeValue(value);
    }
    return problem && 'story "' + storyId + '": ' + quoteKey(field) + " " + problem;
  }).filter(Boolean);
}

/** A checked entry copied field by field into a fresh object. */
function copyEntry(entry) {
  const copy = {};
  for (const field of ENTRY_FIELDS.keys()) {
    if (Object.prototype.hasOwnProperty.call(entry, field)) {
      copy[field] = entry[field];
    }
  }
  return copy;
}

/** The entries that read, as a Map by story id, and every problem: import refuses a file with any, loading keeps the rest. */
export function validateProgress(value) {
  if (!isRecord(value)) {
    return { stories: new Map(), errors: ["it is not a JSON object"] };
  }
  if (value.format !== FORMAT) {
    return { stories: new Map(), errors: ['its "format" is not "' + FORMAT + '"'] };
  }
  if (value.version !== VERSION) {
    const version = describeValue(value.version);
    return { stories: new Map(), errors: ["its version is " + version + "; this page reads version " + VERSION] };
  }
  const stories = value.stories;
  if (!isRecord(stories)) {
    return { stories: new Map(), errors: ['its "stories" is not an object keyed by story id'] };
  }
  const kept = new Map();
  let errors = [];
  for (const [storyId, entry] of Object.entries(stories)) {
    const problems = validateEntry(storyId, entry);
    if (problems.length) {
      errors = errors.concat(problems);
    } else {
      kept.set(storyId, copyEntry(entry));
    }
  }
  return { stories: kept, errors };
}

/** validateProgress of a text, which may not even be JSON. */
export function readProgress(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { stories: new Map(), errors: ["it is not JSON"] };
  }
  return validateProgress(value);
}

/** The document saved in localStorage and exported: format, version, stories by id, and when it was exported. */
export function progressDocument(stories, exported) {
  // Object.fromEntries defines each key as the object's own, whatever its name.
  const saved = { format: FORMAT, version: VERSION, stories: Object.fromEntries(stories) };
  if (exported) {
    saved.exported = exported;
  }
  return saved;
}

/** The entries of the stories on the page, in the page's order: a story deleted from the bank is dropped. */
export function keepStories(stories, storyIds) {
  const kept = new Map();
  for (const id of storyIds) {
    if (stories.has(id)) {
      kept.set(id, stories.get(id));
    }
  }
  return kept;
}

/** Two records merged: for each story the more recently practised entry wins; a tie keeps this browser's. */
export function mergeProgress(stored, imported) {
  const merged = new Map(stored);
  let taken = 0;
  for (const [id, entry] of imported) {
    if (!merged.has(id) || (entry.last || "") > (merged.get(id).last || "")) {
      merged.set(id, entry);
      taken += 1;
    }
  }
  return { stories: merged, taken };
}

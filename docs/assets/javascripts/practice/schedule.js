/* Spaced repetition for Practice: when each story is next due. Pure functions, no page and no storage, so that
   `node --test tests/js/` runs them as the browser does.

   Scheduling rule: SM-2 (P. Wozniak, SuperMemo 2, 1987) in the four-answer form the Anki manual documents
   (Again, Hard, Good, Easy), counted in whole days. Why this one: the four answers map onto a documented rule
   whose constants are Anki's defaults (only the 365-day ceiling is ours); each story keeps its own ease, so a
   story that keeps slipping comes back sooner and a solid one stops taking time; intervals grow geometrically,
   so a bank of a few dozen stories stays a few minutes a day. A Leitner box knows only right or wrong, and has
   nothing to do with Hard or Easy.
     - A new story (or one answered Again since): Again 0 days (still due today), Hard and Good 1 day, Easy 4.
     - Otherwise, from its last interval I and ease E: Hard I x 1.2, Good I x E, Easy I x E x 1.3, rounded, each
       at least a day more than the answer below it, and at most 365 days; Again makes it new again.
     - Ease starts at 2.5: Again -0.20, Hard -0.15, Easy +0.15, never below 1.3.
   Anki's learning steps in minutes are left out, as progress is counted in days: Again keeps the story in today's
   deck, at its end, as SM-2 repeats in the same session every item answered badly.

   Progress is a Map from story id to entry ({last, due, interval, ease, reps, lapses}, each optional): a story
   may be called "constructor" and must still be a story, not Object.prototype's. */

export const RATINGS = Object.freeze(["again", "hard", "good", "easy"]);
export const RATING_LABELS = new Map([["again", "Again"], ["hard", "Hard"], ["good", "Good"], ["easy", "Easy"]]);
export const START_EASE = 2.5;
export const MIN_EASE = 1.3;
export const MAX_INTERVAL = 365;
const EASE_CHANGE = new Map([["again", -0.2], ["hard", -0.15], ["good", 0], ["easy", 0.15]]);
const NEW_INTERVAL = new Map([["again", 0], ["hard", 1], ["good", 1], ["easy", 4]]);
const HARD_FACTOR = 1.2;
const EASY_BONUS = 1.3;
const DAY_MS = 86400000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a YYYY-MM-DD date; NaN for anything else. */
function dayNumber(date) {
  const match = typeof date === "string" ? DATE.exec(date) : null;
  return match ? Date.UTC(+match[1], match[2] - 1, +match[3]) / DAY_MS : NaN;
}

/** The date `days` after `date`, both YYYY-MM-DD. */
export function addDays(date, days) {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whether `value` is a real calendar date written YYYY-MM-DD. */
export function isDate(value) {
  // 2026-02-30 reads as a number but comes back as another date.
  return typeof value === "string" && DATE.test(value) && addDays(value, 0) === value;
}

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from, to) {
  return dayNumber(to) - dayNumber(from);
}

/** The ease after a rating, in hundredths, never below the floor. */
export function nextEase(ease, rating) {
  const changed = Math.round(((ease || START_EASE) + EASE_CHANGE.get(rating)) * 100) / 100;
  return Math.max(MIN_EASE, changed);
}

/** Days until the story is due again if rated `rating` now. */
export function nextInterval(entry, rating) {
  const reps = (entry && entry.reps) || 0;
  const interval = (entry && entry.interval) || 0;
  if (rating === "again") {
    return 0;
  }
  if (!reps || !interval) {
    return NEW_INTERVAL.get(rating);
  }
  const ease = (entry && entry.ease) || START_EASE;
  const hard = Math.max(interval + 1, Math.round(interval * HARD_FACTOR));
  const good = Math.max(hard + 1, Math.round(interval * ease));
  const easy = Math.max(good + 1, Math.round(interval * ease * EASY_BONUS));
  const days = rating === "hard" ? hard : rating === "good" ? good : easy;
  return Math.min(MAX_INTERVAL, days);
}

/** The entry a story gets when it is rated `rating` on `today`. */
export function schedule(entry, rating, today) {
  const interval = nextInterval(entry, rating);
  return {
    last: today,
    due: addDays(today, interval),
    interval,
    ease: nextEase(entry && entry.ease, rating),
    reps: rating === "again" ? 0 : ((entry && entry.reps) || 0) + 1,
    lapses: ((entry && entry.lapses) || 0) + (rating === "again" && entry && entry.reps ? 1 : 0),
  };
}

/** Whether a story with this entry (none: never rated) is due on `today`. */
export function isDue(entry, today) {
  return !entry || !entry.due || entry.due <= today;
}

/** The stories due on `today`: learnt ones slipping first, the longest overdue first, then new ones in the order given. */
export function dueOrder(storyIds, progress, today) {
  // Stories already learnt and slipping have something to lose; new stories keep the order given, which the page shuffles.
  return storyIds
    .filter((id) => isDue(progress.get(id), today))
    .map((id, place) => ({ id, due: (progress.get(id) && progress.get(id).due) || "", place }))
    .sort((a, b) => {
      if (!a.due !== !b.due) {
        return a.due ? -1 : 1;
      }
      return a.due < b.due ? -1 : a.due > b.due ? 1 : a.place - b.place;
    })
    .map((story) => story.id);
}

/** The earliest due date after `today` among the stories, or null. */
export function nextDueDate(storyIds, progress, today) {
  let next = null;
  for (const id of storyIds) {
    const due = progress.get(id) && progress.get(id).due;
    if (due && due > today && (next === null || due < next)) {
      next = due;
    }
  }
  return next;
}

/** "today", "in 1 day", "in N days". */
export function formatDays(days) {
  return days === 0 ? "today" : days === 1 ? "in 1 day" : "in " + days + " days";
}

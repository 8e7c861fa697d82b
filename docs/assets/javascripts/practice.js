/* Practice mode, the page: one question at a time, its STAR parts revealed in turn, a timer, spaced repetition
   kept in localStorage, export and import of that progress, and an interview-loop plan. Plain JavaScript, no
   framework, nothing from another host; an ES module loaded by the Practice page alone. Without it, the page
   lists every question, each linked to its story.

   The page holds no story's text: the build writes each story's four parts into JSON files beside the page
   (data-practice-texts names them; each card's data-practice-text is its file's place in that list). The shown
   card's file is fetched first, the others when the browser is idle, and kept in memory, so that rehearsing goes
   on offline once they have arrived (data-practice-texts-ready is set then).

   The rules live in modules with no page in them, tested by `node --test tests/js/`: practice/schedule.js (SM-2,
   when a story is due), practice/progress.js (reading, checking and merging progress), practice/loop-plan.js
   (the Coach page's loop plan, ported), practice/address.js (what the address bar names), practice/texts.js
   (reading a file of story texts). This file wires them to the page. */

import { linkedStory } from "./practice/address.js";
import { planLoop } from "./practice/loop-plan.js";
import {
  keepStories, mergeProgress, progressDocument, readProgress,
} from "./practice/progress.js";
import {
  RATINGS, RATING_LABELS, daysBetween, dueOrder, formatDays, isDate, isDue, nextDueDate, nextInterval, schedule,
} from "./practice/schedule.js";
import { STAR_PARTS as PARTS, fetchOrder, readStoryTexts } from "./practice/texts.js";

const PART_LABELS = new Map([["situation", "Situation"], ["task", "Task"], ["action", "Action"], ["result", "Result"]]);
const STORAGE_KEY = "star-practice:progress";
const LEGACY_PREFIX = "star-practice:last-practised:"; // one date per story, before spaced repetition
const NO_STORAGE = "This browser does not let the page store anything, so practice cannot be remembered";
const MAX_IMPORT_BYTES = 1000000;
// Within this many seconds of the estimate, an answer counts as on time.
const ON_TIME_SECONDS = 15;
const TEXT_FAILED = "This story's text could not be loaded. Check the connection, then try again.";
// A story's text that takes longer than this is said to be loading. Said at once, the message showed and went within
// a blink on most connections, and the controls under the card jumped up and down with it.
const LOADING_SAID_AFTER_MS = 500;
// The other stories' files are fetched when the browser is idle, or after this long if it never is.
const PREFETCH_WITHIN_MS = 1000;
const MODE_NAMES = new Map([
  ["due", "Due today"], ["all", "All questions"], ["principle", "One principle"], ["loop", "Interview loop"],
]);

function element(tag, attributes, children) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    made.setAttribute(name, value);
  }
  for (const child of children || []) {
    made.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return made;
}

function labelled(input, text) {
  return element("label", {}, [input, " " + text]);
}

function shuffle(list) {
  for (let i = list.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

function formatDuration(seconds) {
  // The same wording as the site's estimates: "2 min 40 s", "3 min", "45 s".
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes && rest) {
    return minutes + " min " + rest + " s";
  }
  return minutes ? minutes + " min" : rest + " s";
}

function formatClock(seconds) {
  const whole = Math.floor(seconds);
  const rest = whole % 60;
  return Math.floor(whole / 60) + ":" + (rest < 10 ? "0" : "") + rest;
}

function today() {
  const now = new Date();
  const month = now.getMonth() + 1;
  const day = now.getDate();
  return now.getFullYear() + "-" + (month < 10 ? "0" : "") + month + "-" + (day < 10 ? "0" : "") + day;
}

// localStorage can be missing or refuse writes (private windows, file:// in some browsers).
function storage() {
  try {
    return window.localStorage;
  } catch (error) {
    return null;
  }
}

function isFormField(target) {
  const tag = target && target.tagName;
  return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || Boolean(target && target.isContentEditable);
}

function start(root) {
  const cards = Array.from(root.querySelectorAll("[data-practice-card]"));
  const toolbar = root.querySelector("[data-practice-toolbar]");
  const controls = root.querySelector("[data-practice-controls]");
  const filter = root.querySelector("[data-practice-filter]");
  const filterLabel = root.querySelector('label[for="' + filter.id + '"]');
  const position = root.querySelector("[data-practice-position]");
  const revealButton = root.querySelector("[data-practice-reveal]");
  const timerButton = root.querySelector("[data-practice-timer]");
  const clock = root.querySelector("[data-practice-clock]");
  const timerResult = root.querySelector("[data-practice-timer-result]");
  const markButton = root.querySelector("[data-practice-mark]");
  const lastPractised = root.querySelector("[data-practice-last]");
  const previousButton = root.querySelector("[data-practice-previous]");
  const nextButton = root.querySelector("[data-practice-next]");
  const status = root.querySelector("[data-practice-status]");
  // With more than one framework, the Interview loop plans in the one chosen here (the first is the default).
  const frameworkSelect = root.querySelector("[data-practice-framework]");
  const defaultFramework = frameworkSelect ? frameworkSelect.options[0].value : "";
  const storyIds = cards.map((card) => card.getAttribute("data-story"));
  const textFiles = (root.getAttribute("data-practice-texts") || "").split(" ").filter(Boolean);
  const textRequests = new Map(); // file name: the promise of its stories (a Map by id); dropped when it fails
  const texts = new Map(); // file name: its stories, once arrived
  let prefetching = false;
  const cardsById = new Map(cards.map((card) => [card.getAttribute("data-story"), card]));
  // Principle ids are keys of a Map: one may be called "constructor".
  const principleTitles = new Map();
  for (const option of filter.options) {
    if (option.value) {
      principleTitles.set(option.value, option.textContent.replace(/\s*\(\d+\)\s*$/, ""));
    }
  }

  let progress = new Map();
  let mode = "due";
  let deck = [];
  let loopPrinciple = new Map();
  let index = 0;
  let revealed = 0;
  let timerStartedAt = null;
  let timerInterval = null;

  const modeInputs = new Map();
  const dueCount = element("span");
  const modes = element("fieldset", { class: "star-practice__modes" }, [element("legend", {}, ["Practise"])]);
  for (const [name, title] of MODE_NAMES) {
    const input = element("input", { type: "radio", name: "star-practice-mode", value: name });
    modeInputs.set(name, input);
    const label = labelled(input, title);
    if (name === "due") {
      label.append(" (", dueCount, ")");
    }
    modes.appendChild(label);
  }
  // Each framework's principles some story fits (the default's are the filter's), as checkboxes in a group of their own.
  const loopOptions = new Map([[defaultFramework, Array.from(filter.options).filter((option) => option.value)]]);
  for (const list of root.querySelectorAll("select[data-practice-loop-principles]")) {
    loopOptions.set(list.getAttribute("data-practice-loop-principles"), Array.from(list.options));
  }
  const loopBoxes = new Map();
  const loopTitles = new Map();
  const loopGroups = new Map();
  for (const [framework, options] of loopOptions) {
    const choices = options.map((option) => {
      return { box: element("input", { type: "checkbox", value: option.value }), text: option.textContent };
    });
    loopBoxes.set(framework, choices);
    loopTitles.set(framework, new Map(options.map((option) => [option.value, option.textContent.replace(/\s*\(\d+\)\s*$/, "")])));
    loopGroups.set(framework, element("div", framework === defaultFramework ? {} : { hidden: "" },
      choices.map((choice) => labelled(choice.box, choice.text))));
  }
  const uncovered = element("p", { class: "star-practice__uncovered" });
  const loopFieldset = element("fieldset", { class: "star-practice__loop", hidden: "" }, [
    element("legend", {}, ["Principles of the interview loop: one distinct story each"]),
    ...(frameworkSelect ? [frameworkSelect.parentNode] : []),
    ...loopGroups.values(),
    uncovered,
  ]);
  const dueSummary = element("p", { class: "star-practice__due" });
  const loopFor = element("p", { class: "star-practice__loop-for", hidden: "" });
  const practiseAll = element("button", { type: "button", class: "md-button", hidden: "" }, ["Practise all questions"]);
  // What the last rating did, on screen: the status line says it to screen readers only.
  const rated = element("p", { class: "star-practice__rated", "data-practice-rated": "", hidden: "" });
  toolbar.insertBefore(modes, toolbar.firstChild);
  toolbar.insertBefore(loopFieldset, position);
  toolbar.append(dueSummary, practiseAll, loopFor, rated);

  const ratingButtons = new Map();
  const ratingIntervals = new Map();
  const ratingRow = element("div", {
    class: "star-practice__row star-practice__rating",
    role: "group",
    "aria-labelledby": "star-practice-rating-label",
    hidden: "",
  }, [element("span", { id: "star-practice-rating-label" }, [
    "How well did you recall it? ",
    element("span", { class: "star-practice__interval star-practice__keys" }, ["(keys 1 to 4)"]),
  ])]);
  RATINGS.forEach((rating, place) => {
    ratingIntervals.set(rating, element("span", { class: "star-practice__interval" }));
    ratingButtons.set(rating, element("button", {
      type: "button", class: "md-button", "data-practice-rate": rating, "aria-keyshortcuts": String(place + 1),
    }, [RATING_LABELS.get(rating) + " ", ratingIntervals.get(rating)]));
    ratingRow.appendChild(ratingButtons.get(rating));
  });
  const revealRow = revealButton.parentNode;
  revealRow.parentNode.insertBefore(ratingRow, revealRow.nextSibling);
  // Rating is practising: it records the date the old "Mark as practised" button did, so that button is folded in.
  if (markButton) {
    markButton.hidden = true;
  }

  const exportButton = element("button", { type: "button", class: "md-button" }, ["Export progress"]);
  // A button like the others opens the browser's file chooser; the native control itself stays out of sight.
  const importButton = element("button", {
    type: "button", class: "md-button", "aria-controls": "star-practice-import",
  }, ["Import progress"]);
  const importInput = element("input", {
    type: "file", id: "star-practice-import", accept: ".json,application/json", hidden: "", tabindex: "-1",
    "aria-label": "Import progress",
  });
  const importMessage = element("p", { class: "star-practice__message", hidden: "" });
  const progressBlock = element("div", { class: "star-practice__progress" }, [
    element("p", {}, [
      "Your progress is kept in this browser only. Export it to a file to keep a copy or move it to another " +
      "browser. Importing a file merges it with the progress here: for each story the more recently practised " +
      "record is kept, and nothing else is removed.",
    ]),
    element("div", { class: "star-practice__row" }, [exportButton, importButton, importInput]),
    importMessage,
  ]);
  controls.insertBefore(progressBlock, status);
  const cardRows = [revealRow, ratingRow, timerResult, lastPractised.parentNode, previousButton.parentNode];

  function saveProgress() {
    try {
      storage().setItem(STORAGE_KEY, JSON.stringify(progressDocument(progress)));
      return true;
    } catch (error) {
      return false;
    }
  }

  function loadProgress() {
    const store = storage();
    if (!store) {
      return;
    }
    let stored = null;
    const legacy = [];
    try {
      stored = store.getItem(STORAGE_KEY);
      for (let i = 0; i < store.length; i += 1) {
        if (store.key(i).indexOf(LEGACY_PREFIX) === 0) {
          legacy.push(store.key(i));
        }
      }
    } catch (error) {
      return;
    }
    const read = stored ? readProgress(stored) : { stories: new Map(), errors: [] };
    if (read.errors.length) {
      // Written by a newer page, or damaged: set aside rather than overwritten by the first rating.
      try {
        store.setItem(STORAGE_KEY + ":unreadable", stored);
      } catch (error) {
        // nothing more can be done without storage
      }
    }
    // Entries that do not read are dropped, and so are stories no longer on the page (deleted from the bank).
    progress = keepStories(read.stories, storyIds);
    for (const key of legacy) {
      const id = key.slice(LEGACY_PREFIX.length);
      const date = store.getItem(key);
      const entry = progress.get(id) || {};
      if (cardsById.has(id) && isDate(date) && date > (entry.last || "")) {
        entry.last = date;
        progress.set(id, entry);
      }
    }
    const saved = JSON.stringify(progressDocument(progress));
    // Nothing is written for a first visit; a migration or a dropped story is written back at once.
    if (saved !== stored && (stored !== null || legacy.length) && saveProgress()) {
      legacy.forEach((key) => store.removeItem(key));
    }
  }

  function current() {
    return deck[index];
  }

  function idOf(card) {
    return card.getAttribute("data-story");
  }

  function principlesOf(card) {
    return card.getAttribute("data-principles").split(" ");
  }

  function loopFramework() {
    return frameworkSelect ? frameworkSelect.value : defaultFramework;
  }

  /** The card's principles in `framework`, primary first; none when the story does not answer it. */
  function principlesIn(card, framework) {
    if (framework === defaultFramework) {
      return principlesOf(card);
    }
    const ids = card.getAttribute("data-principles-" + framework);
    return ids ? ids.split(" ") : [];
  }

  function questionOf(card) {
    return card.querySelector(".star-practice__question").textContent.trim();
  }

  function partsOf(card) {
    return PARTS.map((part) => card.querySelector('[data-practice-part="' + part + '"]'));
  }

  function textFileOf(card) {
    return textFiles[Number(card.getAttribute("data-practice-text"))] || "";
  }

  function hasText(card) {
    return card.querySelector("[data-practice-part]") !== null;
  }

  function fetchTexts(file) {
    if (!textRequests.has(file)) {
      // Relative: the files sit beside the page, on its host.
      const request = window.fetch(file, { credentials: "same-origin" })
        .then((response) => {
          if (!response.ok) {
            throw new Error(file + ": HTTP " + response.status);
          }
          return response.json();
        })
        .then((document) => {
          const stories = readStoryTexts(document);
          texts.set(file, stories);
          return stories;
        });
      request.catch(() => textRequests.delete(file)); // the next try fetches it again
      textRequests.set(file, request);
    }
    return textRequests.get(file);
  }

  /** The card's four parts, from the build's allow-listed HTML as written (never built from anything else). */
  function fillText(card, parts) {
    const id = idOf(card);
    const message = card.querySelector("[data-practice-text-message]");
    for (const part of PARTS) {
      const block = element("div", {
        class: "star-practice__part", id: "practice-" + id + "-" + part, "data-practice-part": part, hidden: "",
      });
      block.innerHTML = parts[part];
      card.insertBefore(block, message);
    }
    if (message) {
      message.remove();
    }
    card.removeAttribute("aria-busy");
  }

  function textMessage(card) {
    let message = card.querySelector("[data-practice-text-message]");
    if (!message) {
      message = element("div", { class: "star-practice__text-message", "data-practice-text-message": "" });
      card.appendChild(message);
    }
    return message;
  }

  function showTextFailure(card, retrying) {
    card.removeAttribute("aria-busy");
    const retry = element("button", { type: "button", class: "md-button", "data-practice-retry": "" }, ["Try again"]);
    retry.addEventListener("click", () => {
      // A file that arrived without this story (another build's) is fetched again too.
      texts.delete(textFileOf(card));
      textRequests.delete(textFileOf(card));
      loadText(card, true);
    });
    textMessage(card).replaceChildren(element("p", {}, [TEXT_FAILED]), retry);
    if (card === current()) {
      updateReveal();
      if (retrying) {
        retry.focus(); // the button pressed was replaced: the focus stays on trying again
      }
    }
  }

  /** Shows the card's text when its file has arrived; otherwise says it is loading, fetches it, and shows the text or a way to try again. */
  function loadText(card, retrying) {
    if (hasText(card)) {
      return;
    }
    const file = textFileOf(card);
    const arrived = texts.get(file);
    if (arrived) {
      if (arrived.has(idOf(card))) {
        fillText(card, arrived.get(idOf(card)));
      } else {
        showTextFailure(card, retrying); // a file from another build of the site
      }
      return;
    }
    card.setAttribute("aria-busy", "true");
    // Cleared when the fetch settles, so it fires only while the text is still on its way.
    const slow = window.setTimeout(() => textMessage(card).replaceChildren(element("p", {}, ["Loading the story…"])), LOADING_SAID_AFTER_MS);
    fetchTexts(file).then(() => {
      window.clearTimeout(slow);
      loadText(card, retrying);
      if (card === current() && hasText(card)) {
        updateReveal();
        if (retrying) {
          announce("The story is loaded.");
          revealButton.focus();
        }
      }
    }, () => {
      window.clearTimeout(slow);
      showTextFailure(card, retrying);
      if (card === current()) {
        announce(TEXT_FAILED);
      }
    });
  }

  /** Every other file, one at a time when the browser is idle, so that practice goes on without the network. */
  function prefetchTexts() {
    if (prefetching) {
      return;
    }
    prefetching = true;
    const idle = window.requestIdleCallback
      ? (callback) => window.requestIdleCallback(callback, { timeout: PREFETCH_WITHIN_MS })
      : (callback) => window.setTimeout(callback, 200);
    const pending = fetchOrder(textFiles, null).filter((file) => !texts.has(file));
    const next = () => {
      const file = pending.shift();
      if (file === undefined) {
        prefetching = false;
        if (textFiles.every((name) => texts.has(name))) {
          root.setAttribute("data-practice-texts-ready", "");
        }
        return;
      }
      fetchTexts(file).then(() => idle(next), () => idle(next)); // a file that fails is tried again when its card is shown
    };
    idle(next);
  }

  function announce(message) {
    status.textContent = message;
  }

  function dueIds() {
    return dueOrder(shuffle(storyIds.slice()), progress, today());
  }

  function updateDue() {
    const due = dueIds().length;
    const next = nextDueDate(storyIds, progress, today());
    dueCount.textContent = String(due);
    dueSummary.textContent = due
      ? "Due today: " + due + " of " + storyIds.length + (storyIds.length === 1 ? " story." : " stories.")
      : "Nothing is due today. The next story is due on " + next + " (" + formatDays(daysBetween(today(), next)) + ").";
  }

  function updateReveal() {
    const card = current();
    if (!hasText(card)) {
      // Focusable still (aria-disabled, not disabled), so that the focus stays put while the text arrives.
      revealButton.textContent = "Reveal the " + PART_LABELS.get(PARTS[0]);
      revealButton.disabled = false;
      revealButton.setAttribute("aria-disabled", "true");
      revealButton.removeAttribute("aria-controls");
      ratingRow.hidden = true;
      return;
    }
    revealButton.removeAttribute("aria-disabled");
    partsOf(card).forEach((part, partIndex) => {
      part.hidden = partIndex >= revealed;
    });
    if (revealed < PARTS.length) {
      const next = PARTS[revealed];
      revealButton.textContent = "Reveal the " + PART_LABELS.get(next);
      revealButton.disabled = false;
      revealButton.setAttribute("aria-controls", card.querySelector('[data-practice-part="' + next + '"]').id);
    } else {
      revealButton.textContent = "Every part is shown";
      revealButton.disabled = true;
      revealButton.removeAttribute("aria-controls");
    }
    // Rating needs the whole answer in view: before the Result, there is nothing to rate against.
    ratingRow.hidden = revealed < PARTS.length;
  }

  function updatePractised() {
    const entry = progress.get(idOf(current()));
    const due = entry && entry.due ? "; due " + (entry.due <= today() ? "today" : "on " + entry.due) : "";
    lastPractised.textContent = entry && entry.last ? "Last practised " + entry.last + due : "Not practised yet in this browser";
    for (const rating of RATINGS) {
      ratingIntervals.get(rating).textContent = formatDays(nextInterval(entry, rating));
    }
  }

  function stopClock() {
    if (timerInterval !== null) {
      window.clearInterval(timerInterval);
      timerInterval = null;
    }
  }

  function resetTimer() {
    stopClock();
    timerStartedAt = null;
    clock.textContent = "0:00";
    timerButton.textContent = "Start the timer";
    timerButton.setAttribute("aria-pressed", "false");
    timerResult.textContent = "";
  }

  function elapsedSeconds() {
    return (Date.now() - timerStartedAt) / 1000;
  }

  function toggleTimer() {
    if (timerStartedAt === null) {
      timerStartedAt = Date.now();
      clock.textContent = "0:00";
      timerResult.textContent = "";
      timerButton.textContent = "Stop the timer";
      timerButton.setAttribute("aria-pressed", "true");
      timerInterval = window.setInterval(() => {
        clock.textContent = formatClock(elapsedSeconds());
      }, 250);
      return;
    }
    const taken = Math.round(elapsedSeconds());
    stopClock();
    timerStartedAt = null;
    clock.textContent = formatClock(taken);
    timerButton.textContent = "Start the timer";
    timerButton.setAttribute("aria-pressed", "false");
    const card = current();
    const difference = taken - Number(card.getAttribute("data-seconds"));
    let verdict;
    if (Math.abs(difference) <= ON_TIME_SECONDS) {
      verdict = "about on time";
    } else if (difference > 0) {
      verdict = formatDuration(difference) + " longer";
    } else {
      verdict = formatDuration(-difference) + " shorter";
    }
    timerResult.textContent =
      "You took " + formatDuration(taken) + "; the story's estimate is " + card.getAttribute("data-estimate") +
      ": " + verdict + ".";
  }

  function showEmpty(prefix) {
    cards.forEach((card) => { card.hidden = true; });
    cardRows.forEach((row) => { row.hidden = true; });
    loopFor.hidden = true;
    resetTimer();
    position.textContent = mode === "loop" ? "Tick the principles of your interview loop" : "No question is due today";
    practiseAll.hidden = mode !== "due";
    announce((prefix ? prefix + " " : "") + position.textContent + ". " + (mode === "due" ? dueSummary.textContent : ""));
    if (window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  }

  function show(newIndex, prefix) {
    if (!deck.length) {
      showEmpty(prefix);
      return;
    }
    index = (newIndex + deck.length) % deck.length;
    cards.forEach((card) => { card.hidden = card !== current(); });
    cardRows.forEach((row) => { row.hidden = false; });
    practiseAll.hidden = true;
    revealed = 0;
    loadText(current());
    updateReveal();
    resetTimer();
    updatePractised();
    const card = current();
    loopFor.hidden = mode !== "loop";
    loopFor.textContent = mode === "loop"
      ? "In this loop, this story stands for " + loopTitles.get(loopFramework()).get(loopPrinciple.get(idOf(card))) + "."
      : "";
    position.textContent = "Question " + (index + 1) + " of " + deck.length;
    announce((prefix ? prefix + " " : "") + position.textContent + ": " + questionOf(card));
    previousButton.disabled = nextButton.disabled = deck.length < 2;
    // The address names the story, so a reload or a shared link opens the same question.
    if (window.history.replaceState) {
      window.history.replaceState(null, "", "#" + idOf(card));
    }
  }

  function buildDeck(firstStoryId, prefix) {
    loopPrinciple = new Map();
    if (mode === "due") {
      deck = dueIds().map((id) => cardsById.get(id));
    } else if (mode === "loop") {
      // The bank as the chosen framework sees it: the stories that answer it, with their principles there.
      const framework = loopFramework();
      const ticked = loopBoxes.get(framework).filter((choice) => choice.box.checked).map((choice) => choice.box.value);
      const stories = cards.map((card) => ({ id: idOf(card), principles: principlesIn(card, framework) }));
      const loop = planLoop(ticked, stories.filter((story) => story.principles.length));
      deck = loop.pairs.map((pair) => {
        loopPrinciple.set(pair.story, pair.principle);
        return cardsById.get(pair.story);
      });
      uncovered.textContent = !ticked.length ? ""
        : loop.uncovered.length
          ? "No distinct story left for: " + loop.uncovered.map((principle) => loopTitles.get(framework).get(principle)).join(", ") + "."
          : "Every ticked principle has its own story.";
    } else {
      deck = shuffle(cards.filter((card) => mode === "all" || principlesOf(card).indexOf(filter.value) !== -1));
    }
    // The story named in the address (or the one in view when the mode changes) comes first.
    const first = firstStoryId === null ? -1 : deck.indexOf(cardsById.get(firstStoryId));
    if (first > 0) {
      deck.unshift(deck.splice(first, 1)[0]);
    }
    show(0, prefix);
  }

  function setMode(newMode, firstStoryId, prefix) {
    mode = newMode;
    modeInputs.get(mode).checked = true;
    rated.hidden = true;
    if (mode === "principle" && !filter.value) {
      const shown = deck.length ? principlesOf(current())[0] : "";
      filter.value = principleTitles.has(shown) ? shown : principleTitles.keys().next().value;
    } else if (mode !== "principle") {
      filter.value = "";
    }
    // The list of principles is the "All questions" and "One principle" choice; elsewhere it would only confuse.
    filter.hidden = filterLabel.hidden = mode === "due" || mode === "loop";
    loopFieldset.hidden = mode !== "loop";
    buildDeck(firstStoryId, prefix);
  }

  function shownStoryId() {
    return deck.length ? idOf(current()) : null;
  }

  function revealNext() {
    if (!deck.length || revealed >= PARTS.length) {
      return;
    }
    if (!hasText(current())) {
      const failed = !current().hasAttribute("aria-busy");
      announce(failed ? TEXT_FAILED : "The story is still loading.");
      return;
    }
    revealed += 1;
    updateReveal();
    announce(PART_LABELS.get(PARTS[revealed - 1]) + " shown" +
      (revealed === PARTS.length ? ". How well did you recall it? 1 Again, 2 Hard, 3 Good, 4 Easy" : ""));
  }

  function rate(rating) {
    if (!deck.length || revealed < PARTS.length) {
      return;
    }
    const card = current();
    const date = today();
    const entry = schedule(progress.get(idOf(card)), rating, date);
    progress.set(idOf(card), entry);
    const when = entry.interval ? "next due on " + entry.due + " (" + formatDays(entry.interval) + ")." : "due again today.";
    let message = RATING_LABELS.get(rating) + ": " + when;
    const saved = saveProgress();
    if (!saved) {
      message += " " + NO_STORAGE + ".";
    }
    rated.textContent = "Rated " + RATING_LABELS.get(rating) + ": “" + questionOf(card) + "”, " + when +
      (saved ? "" : " " + NO_STORAGE + ".");
    rated.hidden = false;
    const focusWasOnRating = ratingRow.contains(document.activeElement);
    updateDue();
    if (mode === "due") {
      // Rated stories leave today's deck; one still due (Again) goes to its end, to be tried once more.
      deck.splice(index, 1);
      if (isDue(entry, date)) {
        deck.push(card);
      }
      show(index, message);
    } else {
      show(index + 1, message);
    }
    if (focusWasOnRating) {
      (deck.length ? revealButton : practiseAll).focus();
    }
  }

  function exportProgress() {
    const name = "star-practice-progress-" + today() + ".json";
    const text = JSON.stringify(progressDocument(progress, new Date().toISOString()), null, 2) + "\n";
    const link = element("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })), download: name, hidden: "" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    const count = progress.size;
    announce("Progress of " + count + (count === 1 ? " story" : " stories") + " exported to " + name);
  }

  function showImportMessage(text, isError) {
    importMessage.textContent = text;
    importMessage.hidden = false;
    importMessage.classList.toggle("star-practice__message--error", isError);
    announce(text);
  }

  function importText(name, text) {
    const read = readProgress(text);
    if (read.errors.length) {
      const shownErrors = read.errors.slice(0, 3).join("; ") +
        (read.errors.length > 3 ? "; and " + (read.errors.length - 3) + " more" : "");
      showImportMessage(name + " is not a progress file from this page: " + shownErrors + ". Your progress is unchanged.", true);
      return;
    }
    const fromFile = read.stories.size;
    const onPage = keepStories(read.stories, storyIds);
    const merged = mergeProgress(progress, onPage);
    const before = progress;
    progress = merged.stories;
    if (!saveProgress()) {
      progress = before;
      showImportMessage(NO_STORAGE + ": " + name + " was not imported. Your progress is unchanged.", true);
      return;
    }
    const skipped = fromFile - onPage.size;
    updateDue();
    showImportMessage("Imported " + name + ": " + merged.taken + " of " + fromFile + " stories taken from the file" +
      (skipped ? ", " + skipped + " not on this site skipped" : "") + "; the rest were already as recent here.", false);
    buildDeck(shownStoryId(), null);
    announce(importMessage.textContent);
  }

  function importFile() {
    const file = importInput.files[0];
    if (!file) {
      return;
    }
    importInput.value = ""; // the same file can be chosen again after a fix
    if (file.size > MAX_IMPORT_BYTES) {
      showImportMessage(file.name + " is not a progress file from this page: it is too large. Your progress is unchanged.", true);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => importText(file.name, String(reader.result));
    reader.onerror = () => showImportMessage(file.name + " could not be read. Your progress is unchanged.", true);
    reader.readAsText(file);
  }

  // Material's own keys (search, previous/next page) are f, s, /, p, n, comma and period: none clash.
  const keyActions = new Map([
    ["r", revealNext], ["R", revealNext], ["t", toggleTimer], ["T", toggleTimer],
    ["ArrowRight", () => show(index + 1)], ["ArrowLeft", () => show(index - 1)],
    ...RATINGS.map((rating, place) => [String(place + 1), () => rate(rating)]),
  ]);

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || isFormField(event.target) || !deck.length) {
      return;
    }
    const action = keyActions.get(event.key);
    if (action) {
      event.preventDefault();
      action();
    }
  }

  root.classList.add("star-practice--ready");
  toolbar.hidden = false;
  controls.hidden = false;
  revealButton.addEventListener("click", revealNext);
  timerButton.addEventListener("click", toggleTimer);
  for (const rating of RATINGS) {
    ratingButtons.get(rating).addEventListener("click", () => rate(rating));
  }
  previousButton.addEventListener("click", () => show(index - 1));
  nextButton.addEventListener("click", () => show(index + 1));
  for (const [name, input] of modeInputs) {
    input.addEventListener("change", () => setMode(name, shownStoryId(), null));
  }
  filter.addEventListener("change", () => setMode(filter.value ? "principle" : "all", shownStoryId(), null));
  for (const choices of loopBoxes.values()) {
    for (const choice of choices) {
      choice.box.addEventListener("change", () => buildDeck(shownStoryId(), null));
    }
  }
  if (frameworkSelect) {
    frameworkSelect.addEventListener("change", () => {
      for (const [framework, group] of loopGroups) {
        group.hidden = framework !== frameworkSelect.value;
      }
      buildDeck(shownStoryId(), null);
    });
  }
  practiseAll.addEventListener("click", () => setMode("all", null, null));
  exportButton.addEventListener("click", exportProgress);
  importButton.addEventListener("click", () => importInput.click());
  importInput.addEventListener("change", importFile);
  document.addEventListener("keydown", onKey);

  loadProgress();
  updateDue();
  const linked = linkedStory(window.location.hash, new Set(storyIds));
  // A link to a story that is not due today still opens it: among all questions, first.
  if (linked !== null && !isDue(progress.get(linked), today())) {
    setMode("all", linked, "That story is not due today, so every question is in the deck.");
  } else {
    setMode("due", linked, null);
  }
  prefetchTexts();
}

const practice = document.querySelector("[data-star-practice]");
if (practice && practice.querySelector("[data-practice-card]")) {
  start(practice);
}

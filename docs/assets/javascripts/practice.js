/* Practice mode: one question at a time, its STAR parts revealed in turn, a timer, spaced repetition kept in
   localStorage, export and import of that progress, and an interview-loop plan. Plain JavaScript, no framework,
   nothing from another host. Without it, the page shows every story.

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
   deck, at its end, as SM-2 repeats in the same session every item answered badly. */
(function () {
  "use strict";

  var RATINGS = ["again", "hard", "good", "easy"];
  var RATING_LABELS = { again: "Again", hard: "Hard", good: "Good", easy: "Easy" };
  var START_EASE = 2.5;
  var MIN_EASE = 1.3;
  var EASE_CHANGE = { again: -0.2, hard: -0.15, good: 0, easy: 0.15 };
  var NEW_INTERVAL = { again: 0, hard: 1, good: 1, easy: 4 };
  var HARD_FACTOR = 1.2;
  var EASY_BONUS = 1.3;
  var MAX_INTERVAL = 365;
  var DAY_MS = 86400000;
  var FORMAT = "star-practice-progress";
  var VERSION = 1;
  var ENTRY_FIELDS = { last: "date", due: "date", interval: "count", ease: "ease", reps: "count", lapses: "count" };
  var DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
  var STORY_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  /* ---- Pure functions: no page, no storage. Exposed as window.starPractice for the browser tests. ---- */

  function dayNumber(date) {
    var match = DATE.exec(date);
    return match ? Date.UTC(+match[1], match[2] - 1, +match[3]) / DAY_MS : NaN;
  }

  function isDate(value) {
    // A real calendar date: 2026-02-30 reads as a number but comes back as another date.
    return typeof value === "string" && DATE.test(value) && addDays(value, 0) === value;
  }

  function addDays(date, days) {
    return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
  }

  function daysBetween(from, to) {
    return dayNumber(to) - dayNumber(from);
  }

  function nextEase(ease, rating) {
    var changed = Math.round(((ease || START_EASE) + EASE_CHANGE[rating]) * 100) / 100;
    return Math.max(MIN_EASE, changed);
  }

  function nextInterval(entry, rating) {
    var reps = (entry && entry.reps) || 0;
    var interval = (entry && entry.interval) || 0;
    if (rating === "again") {
      return 0;
    }
    if (!reps || !interval) {
      return NEW_INTERVAL[rating];
    }
    var ease = (entry && entry.ease) || START_EASE;
    var hard = Math.max(interval + 1, Math.round(interval * HARD_FACTOR));
    var good = Math.max(hard + 1, Math.round(interval * ease));
    var days = { hard: hard, good: good, easy: Math.max(good + 1, Math.round(interval * ease * EASY_BONUS)) }[rating];
    return Math.min(MAX_INTERVAL, days);
  }

  function schedule(entry, rating, today) {
    var interval = nextInterval(entry, rating);
    return {
      last: today,
      due: addDays(today, interval),
      interval: interval,
      ease: nextEase(entry && entry.ease, rating),
      reps: rating === "again" ? 0 : ((entry && entry.reps) || 0) + 1,
      lapses: ((entry && entry.lapses) || 0) + (rating === "again" && entry && entry.reps ? 1 : 0)
    };
  }

  function isDue(entry, today) {
    return !entry || !entry.due || entry.due <= today;
  }

  function dueOrder(storyIds, stories, today) {
    // Stories already learnt and slipping come first, the longest overdue first: they have something to lose.
    // New stories (never rated) follow in the order given, which the page shuffles.
    return storyIds
      .filter(function (id) { return isDue(stories[id], today); })
      .map(function (id, place) { return { id: id, due: (stories[id] && stories[id].due) || "", place: place }; })
      .sort(function (a, b) {
        if (!a.due !== !b.due) {
          return a.due ? -1 : 1;
        }
        return a.due < b.due ? -1 : a.due > b.due ? 1 : a.place - b.place;
      })
      .map(function (item) { return item.id; });
  }

  function nextDueDate(storyIds, stories, today) {
    var dates = storyIds
      .map(function (id) { return stories[id] && stories[id].due; })
      .filter(function (due) { return due && due > today; })
      .sort();
    return dates.length ? dates[0] : null;
  }

  function describeValue(value) {
    return JSON.stringify(value) === undefined ? String(value) : JSON.stringify(value).slice(0, 40);
  }

  function validateEntry(storyId, entry) {
    if (!STORY_ID.test(storyId)) {
      return ['"' + storyId.slice(0, 40) + '" is not a story id'];
    }
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
      return ['story "' + storyId + '" is not an object'];
    }
    return Object.keys(entry).map(function (field) {
      var kind = ENTRY_FIELDS[field];
      var value = entry[field];
      var problem = "";
      if (!kind) {
        problem = "is not a field of a progress entry";
      } else if (kind === "date" && !isDate(value)) {
        problem = "is not a date (YYYY-MM-DD): " + describeValue(value);
      } else if (kind === "count" && !(Number.isInteger(value) && value >= 0 && value <= 36500)) {
        problem = "is not a whole number of 0 or more: " + describeValue(value);
      } else if (kind === "ease" && !(typeof value === "number" && value >= MIN_EASE && value <= 100)) {
        problem = "is not an ease of " + MIN_EASE + " or more: " + describeValue(value);
      }
      return problem && 'story "' + storyId + '": "' + field + '" ' + problem;
    }).filter(Boolean);
  }

  function validateProgress(value) {
    // Returns the valid entries and the list of problems: import refuses a file with any, loading keeps the rest.
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      return { stories: {}, errors: ["it is not a JSON object"] };
    }
    if (value.format !== FORMAT) {
      return { stories: {}, errors: ['its "format" is not "' + FORMAT + '"'] };
    }
    if (value.version !== VERSION) {
      var version = describeValue(value.version);
      return { stories: {}, errors: ["its version is " + version + "; this page reads version " + VERSION] };
    }
    if (!value.stories || typeof value.stories !== "object" || Array.isArray(value.stories)) {
      return { stories: {}, errors: ['its "stories" is not an object keyed by story id'] };
    }
    var stories = {};
    var errors = [];
    Object.keys(value.stories).forEach(function (storyId) {
      var problems = validateEntry(storyId, value.stories[storyId]);
      if (problems.length) {
        errors = errors.concat(problems);
      } else {
        stories[storyId] = value.stories[storyId];
      }
    });
    return { stories: stories, errors: errors };
  }

  function readProgress(text) {
    var value;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { stories: {}, errors: ["it is not JSON"] };
    }
    return validateProgress(value);
  }

  function progressDocument(stories, exported) {
    var saved = { format: FORMAT, version: VERSION, stories: stories };
    if (exported) {
      saved.exported = exported;
    }
    return saved;
  }

  function keepStories(stories, storyIds) {
    var kept = {};
    storyIds.forEach(function (id) {
      if (Object.prototype.hasOwnProperty.call(stories, id)) {
        kept[id] = stories[id];
      }
    });
    return kept;
  }

  function mergeProgress(stored, imported) {
    // For each story the more recently practised record wins; a tie keeps this browser's.
    var merged = {};
    Object.keys(stored).forEach(function (id) { merged[id] = stored[id]; });
    var taken = Object.keys(imported).filter(function (id) {
      return !merged[id] || (imported[id].last || "") > (merged[id].last || "");
    });
    taken.forEach(function (id) { merged[id] = imported[id]; });
    return { stories: merged, taken: taken.length };
  }

  function matchLoop(principles, stories) {
    // Kuhn's augmenting paths: a maximum matching of principles to distinct stories. Each principle tries its
    // stories primary first, and a free story before displacing anyone, so no principle ends with a story of
    // another primary while one of its own primary stories is free. Cardinality is maximum; the primary
    // preference is that greedy rule, not a weighted optimum.
    var wanted = principles.filter(function (principle, place) { return principles.indexOf(principle) === place; });
    var holder = {};
    var held = {};
    function candidates(principle) {
      var primary = [];
      var other = [];
      stories.forEach(function (story) {
        var rank = story.principles.indexOf(principle);
        if (rank === 0) {
          primary.push(story.id);
        } else if (rank > 0) {
          other.push(story.id);
        }
      });
      return primary.concat(other);
    }
    function augment(principle, visited) {
      var list = candidates(principle);
      var free = list.filter(function (id) { return !holder[id]; })[0];
      if (free) {
        holder[free] = principle;
        held[principle] = free;
        return true;
      }
      for (var i = 0; i < list.length; i += 1) {
        var id = list[i];
        if (!visited[id]) {
          visited[id] = true;
          if (augment(holder[id], visited)) {
            holder[id] = principle;
            held[principle] = id;
            return true;
          }
        }
      }
      return false;
    }
    wanted.forEach(function (principle) { augment(principle, {}); });
    return {
      pairs: wanted.filter(function (principle) { return held[principle]; }).map(function (principle) {
        return { principle: principle, story: held[principle] };
      }),
      uncovered: wanted.filter(function (principle) { return !held[principle]; })
    };
  }

  window.starPractice = {
    RATINGS: RATINGS,
    addDays: addDays,
    daysBetween: daysBetween,
    nextEase: nextEase,
    nextInterval: nextInterval,
    schedule: schedule,
    isDue: isDue,
    dueOrder: dueOrder,
    nextDueDate: nextDueDate,
    validateProgress: validateProgress,
    readProgress: readProgress,
    mergeProgress: mergeProgress,
    keepStories: keepStories,
    matchLoop: matchLoop
  };

  /* ---- The page. ---- */

  var root = document.querySelector("[data-star-practice]");
  var cards = root ? Array.prototype.slice.call(root.querySelectorAll("[data-practice-card]")) : [];
  if (!cards.length) {
    return; // only the Practice page has cards
  }

  var PARTS = ["situation", "task", "action", "result"];
  var LABELS = { situation: "Situation", task: "Task", action: "Action", result: "Result" };
  var STORAGE_KEY = "star-practice:progress";
  var LEGACY_PREFIX = "star-practice:last-practised:"; // one date per story, before spaced repetition
  var NO_STORAGE = "This browser does not let the page store anything, so practice cannot be remembered";
  var MAX_IMPORT_BYTES = 1000000;
  // Within this many seconds of the estimate, an answer counts as on time.
  var ON_TIME_SECONDS = 15;

  var toolbar = root.querySelector("[data-practice-toolbar]");
  var controls = root.querySelector("[data-practice-controls]");
  var filter = root.querySelector("[data-practice-filter]");
  var filterLabel = root.querySelector('label[for="' + filter.id + '"]');
  var position = root.querySelector("[data-practice-position]");
  var revealButton = root.querySelector("[data-practice-reveal]");
  var timerButton = root.querySelector("[data-practice-timer]");
  var clock = root.querySelector("[data-practice-clock]");
  var timerResult = root.querySelector("[data-practice-timer-result]");
  var markButton = root.querySelector("[data-practice-mark]");
  var lastPractised = root.querySelector("[data-practice-last]");
  var previousButton = root.querySelector("[data-practice-previous]");
  var nextButton = root.querySelector("[data-practice-next]");
  var status = root.querySelector("[data-practice-status]");
  var storyIds = cards.map(function (card) { return card.getAttribute("data-story"); });
  var principleTitles = {};
  Array.prototype.forEach.call(filter.options, function (option) {
    if (option.value) {
      principleTitles[option.value] = option.textContent.replace(/\s*\(\d+\)\s*$/, "");
    }
  });

  var progress = {};
  var mode = "due";
  var deck = [];
  var loopPrinciple = {};
  var index = 0;
  var revealed = 0;
  var timerStartedAt = null;
  var timerInterval = null;

  function element(tag, attributes, children) {
    var made = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      made.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      made.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return made;
  }

  function labelled(input, text) {
    return element("label", {}, [input, " " + text]);
  }

  var modeInputs = {};
  var modeNames = { due: "Due today", all: "All questions", principle: "One principle", loop: "Interview loop" };
  var dueCount = element("span");
  var modes = element("fieldset", { class: "star-practice__modes" }, [element("legend", {}, ["Practise"])]);
  Object.keys(modeNames).forEach(function (name) {
    modeInputs[name] = element("input", { type: "radio", name: "star-practice-mode", value: name });
    var label = labelled(modeInputs[name], modeNames[name]);
    if (name === "due") {
      label.appendChild(document.createTextNode(" ("));
      label.appendChild(dueCount);
      label.appendChild(document.createTextNode(")"));
    }
    modes.appendChild(label);
  });
  var loopBoxes = Object.keys(principleTitles).map(function (principle) {
    return element("input", { type: "checkbox", value: principle });
  });
  var uncovered = element("p", { class: "star-practice__uncovered" });
  var loopFieldset = element("fieldset", { class: "star-practice__loop", hidden: "" }, [
    element("legend", {}, ["Principles of the interview loop: one distinct story each"])
  ].concat(loopBoxes.map(function (box) {
    return labelled(box, filter.querySelector('option[value="' + box.value + '"]').textContent);
  }), [uncovered]));
  var dueSummary = element("p", { class: "star-practice__due" });
  var loopFor = element("p", { class: "star-practice__loop-for", hidden: "" });
  var practiseAll = element("button", { type: "button", class: "md-button", hidden: "" }, ["Practise all questions"]);
  toolbar.insertBefore(modes, toolbar.firstChild);
  toolbar.insertBefore(loopFieldset, position);
  [dueSummary, practiseAll, loopFor].forEach(function (added) { toolbar.appendChild(added); });

  var ratingButtons = {};
  var ratingIntervals = {};
  var ratingRow = element("div", {
    class: "star-practice__row star-practice__rating",
    role: "group",
    "aria-labelledby": "star-practice-rating-label",
    hidden: ""
  }, [element("span", { id: "star-practice-rating-label" }, [
    "How well did you recall it? ", element("span", { class: "star-practice__interval" }, ["(keys 1 to 4)"])
  ])]);
  RATINGS.forEach(function (rating, place) {
    ratingIntervals[rating] = element("span", { class: "star-practice__interval" });
    ratingButtons[rating] = element("button", {
      type: "button", class: "md-button", "data-practice-rate": rating, "aria-keyshortcuts": String(place + 1)
    }, [RATING_LABELS[rating] + " ", ratingIntervals[rating]]);
    ratingRow.appendChild(ratingButtons[rating]);
  });
  var revealRow = revealButton.parentNode;
  revealRow.parentNode.insertBefore(ratingRow, revealRow.nextSibling);
  // Rating is practising: it records the date the old "Mark as practised" button did, so that button is folded in.
  if (markButton) {
    markButton.hidden = true;
  }

  var exportButton = element("button", { type: "button", class: "md-button" }, ["Export progress"]);
  var importInput = element("input", { type: "file", id: "star-practice-import", accept: ".json,application/json" });
  var importMessage = element("p", { class: "star-practice__message", hidden: "" });
  var progressBlock = element("div", { class: "star-practice__progress" }, [
    element("p", {}, [
      "Your progress is kept in this browser only. Export it to a file to keep a copy or move it to another " +
      "browser. Importing a file merges it with the progress here: for each story the more recently practised " +
      "record is kept, and nothing else is removed."
    ]),
    element("div", { class: "star-practice__row" }, [
      exportButton,
      element("span", {}, [element("label", { for: "star-practice-import" }, ["Import progress"]), " ", importInput])
    ]),
    importMessage
  ]);
  controls.insertBefore(progressBlock, status);
  var cardRows = [revealRow, ratingRow, timerResult, lastPractised.parentNode, previousButton.parentNode];

  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i -= 1) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = list[i];
      list[i] = list[j];
      list[j] = swap;
    }
    return list;
  }

  function formatDuration(seconds) {
    // The same wording as the site's estimates: "2 min 40 s", "3 min", "45 s".
    var whole = Math.round(seconds);
    var minutes = Math.floor(whole / 60);
    var rest = whole % 60;
    if (minutes && rest) {
      return minutes + " min " + rest + " s";
    }
    return minutes ? minutes + " min" : rest + " s";
  }

  function formatClock(seconds) {
    var whole = Math.floor(seconds);
    var rest = whole % 60;
    return Math.floor(whole / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function formatDays(days) {
    return days === 0 ? "today" : days === 1 ? "in 1 day" : "in " + days + " days";
  }

  function today() {
    var now = new Date();
    var month = now.getMonth() + 1;
    var day = now.getDate();
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

  function saveProgress() {
    try {
      storage().setItem(STORAGE_KEY, JSON.stringify(progressDocument(progress)));
      return true;
    } catch (error) {
      return false;
    }
  }

  function loadProgress() {
    var store = storage();
    if (!store) {
      return;
    }
    var stored = null;
    var legacy = [];
    try {
      stored = store.getItem(STORAGE_KEY);
      for (var i = 0; i < store.length; i += 1) {
        if (store.key(i).indexOf(LEGACY_PREFIX) === 0) {
          legacy.push(store.key(i));
        }
      }
    } catch (error) {
      return;
    }
    var read = stored ? readProgress(stored) : { stories: {}, errors: [] };
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
    legacy.forEach(function (key) {
      var id = key.slice(LEGACY_PREFIX.length);
      var date = store.getItem(key);
      var entry = progress[id] || {};
      if (storyIds.indexOf(id) !== -1 && isDate(date) && date > (entry.last || "")) {
        entry.last = date;
        progress[id] = entry;
      }
    });
    var saved = JSON.stringify(progressDocument(progress));
    // Nothing is written for a first visit; a migration or a dropped story is written back at once.
    if (saved !== stored && (stored !== null || legacy.length) && saveProgress()) {
      legacy.forEach(function (key) { store.removeItem(key); });
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

  function partsOf(card) {
    return PARTS.map(function (part) {
      return card.querySelector('[data-practice-part="' + part + '"]');
    });
  }

  function announce(message) {
    status.textContent = message;
  }

  function dueIds() {
    return dueOrder(shuffle(storyIds.slice()), progress, today());
  }

  function updateDue() {
    var due = dueIds().length;
    var next = nextDueDate(storyIds, progress, today());
    dueCount.textContent = String(due);
    dueSummary.textContent = due
      ? "Due today: " + due + " of " + storyIds.length + (storyIds.length === 1 ? " story." : " stories.")
      : "Nothing is due today. The next story is due on " + next + " (" + formatDays(daysBetween(today(), next)) + ").";
  }

  function updateReveal() {
    var card = current();
    partsOf(card).forEach(function (part, partIndex) {
      part.hidden = partIndex >= revealed;
    });
    if (revealed < PARTS.length) {
      var next = PARTS[revealed];
      revealButton.textContent = "Reveal the " + LABELS[next];
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
    var entry = progress[idOf(current())];
    var due = entry && entry.due ? "; due " + (entry.due <= today() ? "today" : "on " + entry.due) : "";
    lastPractised.textContent = entry && entry.last ? "Last practised " + entry.last + due : "Not practised yet in this browser";
    RATINGS.forEach(function (rating) {
      ratingIntervals[rating].textContent = formatDays(nextInterval(entry, rating));
    });
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
      timerInterval = window.setInterval(function () {
        clock.textContent = formatClock(elapsedSeconds());
      }, 250);
      return;
    }
    var taken = Math.round(elapsedSeconds());
    stopClock();
    timerStartedAt = null;
    clock.textContent = formatClock(taken);
    timerButton.textContent = "Start the timer";
    timerButton.setAttribute("aria-pressed", "false");
    var card = current();
    var estimate = Number(card.getAttribute("data-seconds"));
    var difference = taken - estimate;
    var verdict;
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
    cards.forEach(function (card) { card.hidden = true; });
    cardRows.forEach(function (row) { row.hidden = true; });
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
    cards.forEach(function (card) {
      card.hidden = card !== current();
    });
    cardRows.forEach(function (row) { row.hidden = false; });
    practiseAll.hidden = true;
    revealed = 0;
    updateReveal();
    resetTimer();
    updatePractised();
    var card = current();
    var principle = loopPrinciple[idOf(card)];
    loopFor.hidden = mode !== "loop";
    loopFor.textContent = mode === "loop" ? "In this loop, this story stands for " + principleTitles[principle] + "." : "";
    position.textContent = "Question " + (index + 1) + " of " + deck.length;
    announce((prefix ? prefix + " " : "") + "Question " + (index + 1) + " of " + deck.length + ": " +
      card.querySelector(".star-practice__question").textContent.trim());
    previousButton.disabled = nextButton.disabled = deck.length < 2;
    // The address names the story, so a reload or a shared link opens the same question.
    if (window.history.replaceState) {
      window.history.replaceState(null, "", "#" + idOf(card));
    }
  }

  function cardOf(storyId) {
    return cards[storyIds.indexOf(storyId)];
  }

  function buildDeck(firstStoryId, prefix) {
    loopPrinciple = {};
    if (mode === "due") {
      deck = dueIds().map(cardOf);
    } else if (mode === "loop") {
      var ticked = loopBoxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
      var loop = matchLoop(ticked, cards.map(function (card) { return { id: idOf(card), principles: principlesOf(card) }; }));
      deck = loop.pairs.map(function (pair) {
        loopPrinciple[pair.story] = pair.principle;
        return cardOf(pair.story);
      });
      uncovered.textContent = !ticked.length ? ""
        : loop.uncovered.length ? "No distinct story left for: " + loop.uncovered.map(function (principle) {
          return principleTitles[principle];
        }).join(", ") + "."
        : "Every ticked principle has its own story.";
    } else {
      deck = shuffle(cards.filter(function (card) {
        return mode === "all" || principlesOf(card).indexOf(filter.value) !== -1;
      }));
    }
    // The story named in the address (or the one in view when the mode changes) comes first.
    var first = deck.indexOf(cardOf(firstStoryId));
    if (first > 0) {
      deck.unshift(deck.splice(first, 1)[0]);
    }
    show(0, prefix);
  }

  function setMode(newMode, firstStoryId, prefix) {
    mode = newMode;
    modeInputs[mode].checked = true;
    if (mode === "principle" && !filter.value) {
      var shown = deck.length ? principlesOf(current())[0] : "";
      filter.value = principleTitles[shown] ? shown : Object.keys(principleTitles)[0];
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
    revealed += 1;
    updateReveal();
    announce(LABELS[PARTS[revealed - 1]] + " shown" +
      (revealed === PARTS.length ? ". How well did you recall it? 1 Again, 2 Hard, 3 Good, 4 Easy" : ""));
  }

  function rate(rating) {
    if (!deck.length || revealed < PARTS.length) {
      return;
    }
    var card = current();
    var date = today();
    var entry = schedule(progress[idOf(card)], rating, date);
    progress[idOf(card)] = entry;
    var message = RATING_LABELS[rating] + ": " +
      (entry.interval ? "next due on " + entry.due + " (" + formatDays(entry.interval) + ")." : "due again today.");
    if (!saveProgress()) {
      message += " " + NO_STORAGE + ".";
    }
    var focusWasOnRating = ratingRow.contains(document.activeElement);
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
    var name = "star-practice-progress-" + today() + ".json";
    var blob = new Blob([JSON.stringify(progressDocument(progress, new Date().toISOString()), null, 2) + "\n"], {
      type: "application/json"
    });
    var link = element("a", { href: URL.createObjectURL(blob), download: name, hidden: "" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    var count = Object.keys(progress).length;
    announce("Progress of " + count + (count === 1 ? " story" : " stories") + " exported to " + name);
  }

  function showImportMessage(text, isError) {
    importMessage.textContent = text;
    importMessage.hidden = false;
    importMessage.classList.toggle("star-practice__message--error", isError);
    announce(text);
  }

  function importText(name, text) {
    var read = readProgress(text);
    if (read.errors.length) {
      var shownErrors = read.errors.slice(0, 3).join("; ") +
        (read.errors.length > 3 ? "; and " + (read.errors.length - 3) + " more" : "");
      showImportMessage(name + " is not a progress file from this page: " + shownErrors + ". Your progress is unchanged.", true);
      return;
    }
    var fromFile = Object.keys(read.stories).length;
    var onPage = keepStories(read.stories, storyIds);
    var merged = mergeProgress(progress, onPage);
    var before = progress;
    progress = merged.stories;
    if (!saveProgress()) {
      progress = before;
      showImportMessage(NO_STORAGE + ": " + name + " was not imported. Your progress is unchanged.", true);
      return;
    }
    var skipped = fromFile - Object.keys(onPage).length;
    updateDue();
    showImportMessage("Imported " + name + ": " + merged.taken + " of " + fromFile + " stories taken from the file" +
      (skipped ? ", " + skipped + " not on this site skipped" : "") + "; the rest were already as recent here.", false);
    buildDeck(shownStoryId(), null);
    announce(importMessage.textContent);
  }

  function importFile() {
    var file = importInput.files[0];
    if (!file) {
      return;
    }
    importInput.value = ""; // the same file can be chosen again after a fix
    if (file.size > MAX_IMPORT_BYTES) {
      showImportMessage(file.name + " is not a progress file from this page: it is too large. Your progress is unchanged.", true);
      return;
    }
    var reader = new FileReader();
    reader.onload = function () { importText(file.name, String(reader.result)); };
    reader.onerror = function () {
      showImportMessage(file.name + " could not be read. Your progress is unchanged.", true);
    };
    reader.readAsText(file);
  }

  function isFormField(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (target && target.isContentEditable);
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || isFormField(event.target) || !deck.length) {
      return;
    }
    // Material's own keys (search, previous/next page) are f, s, /, p, n, comma and period: none clash.
    var actions = {
      r: revealNext,
      R: revealNext,
      t: toggleTimer,
      T: toggleTimer,
      ArrowRight: function () { show(index + 1); },
      ArrowLeft: function () { show(index - 1); }
    };
    RATINGS.forEach(function (rating, place) {
      actions[String(place + 1)] = function () { rate(rating); };
    });
    if (Object.prototype.hasOwnProperty.call(actions, event.key)) {
      event.preventDefault();
      actions[event.key]();
    }
  }

  root.classList.add("star-practice--ready");
  toolbar.hidden = false;
  controls.hidden = false;
  revealButton.addEventListener("click", revealNext);
  timerButton.addEventListener("click", toggleTimer);
  RATINGS.forEach(function (rating) {
    ratingButtons[rating].addEventListener("click", function () { rate(rating); });
  });
  previousButton.addEventListener("click", function () { show(index - 1); });
  nextButton.addEventListener("click", function () { show(index + 1); });
  Object.keys(modeInputs).forEach(function (name) {
    modeInputs[name].addEventListener("change", function () { setMode(name, shownStoryId(), null); });
  });
  filter.addEventListener("change", function () { setMode(filter.value ? "principle" : "all", shownStoryId(), null); });
  loopBoxes.forEach(function (box) {
    box.addEventListener("change", function () { buildDeck(shownStoryId(), null); });
  });
  practiseAll.addEventListener("click", function () { setMode("all", null, null); });
  exportButton.addEventListener("click", exportProgress);
  importInput.addEventListener("change", importFile);
  document.addEventListener("keydown", onKey);

  loadProgress();
  updateDue();
  var linked = decodeURIComponent(window.location.hash.slice(1));
  // A link to a story that is not due today still opens it: among all questions, first.
  if (storyIds.indexOf(linked) !== -1 && !isDue(progress[linked], today())) {
    setMode("all", linked, "That story is not due today, so every question is in the deck.");
  } else {
    setMode("due", linked, null);
  }
})();

/* Practice mode: one question at a time, its STAR parts revealed in turn, a timer, and "last practised" kept in
   localStorage. Plain JavaScript, no framework, nothing from another host. Without it, the page shows every story. */
(function () {
  "use strict";

  var root = document.querySelector("[data-star-practice]");
  if (!root) {
    return; // loaded on every page; only the Practice page has cards
  }

  var PARTS = ["situation", "task", "action", "result"];
  var LABELS = { situation: "Situation", task: "Task", action: "Action", result: "Result" };
  var STORAGE_PREFIX = "star-practice:last-practised:";
  // Within this many seconds of the estimate, an answer counts as on time.
  var ON_TIME_SECONDS = 15;

  var cards = Array.prototype.slice.call(root.querySelectorAll("[data-practice-card]"));
  var toolbar = root.querySelector("[data-practice-toolbar]");
  var controls = root.querySelector("[data-practice-controls]");
  var filter = root.querySelector("[data-practice-filter]");
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

  var deck = [];
  var index = 0;
  var revealed = 0;
  var timerStartedAt = null;
  var timerInterval = null;

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

  function today() {
    var now = new Date();
    var month = now.getMonth() + 1;
    var day = now.getDate();
    return now.getFullYear() + "-" + (month < 10 ? "0" : "") + month + "-" + (day < 10 ? "0" : "") + day;
  }

  // localStorage can be missing or refuse writes (private windows, file:// in some browsers).
  function readPractised(storyId) {
    try {
      return window.localStorage.getItem(STORAGE_PREFIX + storyId);
    } catch (error) {
      return null;
    }
  }

  function writePractised(storyId, date) {
    try {
      window.localStorage.setItem(STORAGE_PREFIX + storyId, date);
      return true;
    } catch (error) {
      return false;
    }
  }

  function current() {
    return deck[index];
  }

  function partsOf(card) {
    return PARTS.map(function (part) {
      return card.querySelector('[data-practice-part="' + part + '"]');
    });
  }

  function announce(message) {
    status.textContent = message;
  }

  function updateReveal() {
    var card = current();
    partsOf(card).forEach(function (element, partIndex) {
      element.hidden = partIndex >= revealed;
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
  }

  function updatePractised() {
    var date = readPractised(current().getAttribute("data-story"));
    lastPractised.textContent = date ? "Last practised " + date : "Not practised yet in this browser";
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

  function show(newIndex) {
    index = (newIndex + deck.length) % deck.length;
    cards.forEach(function (card) {
      card.hidden = card !== current();
    });
    revealed = 0;
    updateReveal();
    resetTimer();
    updatePractised();
    var card = current();
    position.textContent = "Question " + (index + 1) + " of " + deck.length;
    announce("Question " + (index + 1) + " of " + deck.length + ": " +
      card.querySelector(".star-practice__question").textContent.trim());
    previousButton.disabled = nextButton.disabled = deck.length < 2;
    // The address names the story, so a reload or a shared link opens the same question.
    if (window.history.replaceState) {
      window.history.replaceState(null, "", "#" + card.getAttribute("data-story"));
    }
  }

  function buildDeck(principle, firstStoryId) {
    deck = shuffle(cards.filter(function (card) {
      return !principle || card.getAttribute("data-principles").split(" ").indexOf(principle) !== -1;
    }));
    // The story named in the address comes first; the rest stay in random order.
    deck.sort(function (a, b) {
      return (b.getAttribute("data-story") === firstStoryId) - (a.getAttribute("data-story") === firstStoryId);
    });
    show(0);
  }

  function revealNext() {
    if (revealed >= PARTS.length) {
      return;
    }
    revealed += 1;
    updateReveal();
    announce(LABELS[PARTS[revealed - 1]] + " shown");
  }

  function markPractised() {
    var date = today();
    if (writePractised(current().getAttribute("data-story"), date)) {
      updatePractised();
      announce("Marked as practised on " + date);
    } else {
      announce("This browser does not let the page store anything, so practice cannot be remembered");
    }
  }

  function isFormField(element) {
    var tag = element && element.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (element && element.isContentEditable);
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || isFormField(event.target)) {
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
    if (Object.prototype.hasOwnProperty.call(actions, event.key)) {
      event.preventDefault();
      actions[event.key]();
    }
  }

  if (!cards.length) {
    return;
  }
  root.classList.add("star-practice--ready");
  toolbar.hidden = false;
  controls.hidden = false;
  revealButton.addEventListener("click", revealNext);
  timerButton.addEventListener("click", toggleTimer);
  markButton.addEventListener("click", markPractised);
  previousButton.addEventListener("click", function () { show(index - 1); });
  nextButton.addEventListener("click", function () { show(index + 1); });
  filter.addEventListener("change", function () { buildDeck(filter.value, null); });
  document.addEventListener("keydown", onKey);
  buildDeck("", decodeURIComponent(window.location.hash.slice(1)));
})();

/* Stories and their links, on every page.
 *
 * - A "Copy link" button under every story's heading copies the absolute address of the story on its
 *   primary principle's page, principles/<slug>/#<story-id>; when a STAR tab other than the first is
 *   open (the Result, say), the link is to that tab: #<story-id>-result.
 * - Switching a STAR tab, by mouse or by keyboard, puts the tab's address in the address bar; an address naming
 *   a story or its tab, on load or later, opens that story on that tab, under its question.
 * - A link whose #anchor names nothing on the page says so at the top, instead of landing silently. The
 *   anchor is whatever the link holds: it is read without ever throwing and shown short, quoted, as code.
 *
 * The markup says what is what (hooks/star_bank/views/principle_page.py): a story is
 * `.star-story[data-story]`, its heading its h3, its home `a[data-star-home]` (absent on its home page), and its
 * "Copy link" bar `.star-share`, written hidden by the build (views/story_html.py). At load this script builds
 * nothing: it names each button after its story, unhides the bars, and answers every bar's clicks and every
 * story's tab changes with one listener each on the document (a principle page's blocking time, issue 16).
 */
(function (global) {
  "use strict";

  // What it says: the data-* attributes of its own <script> tag, written by the build from views/labels.py.
  var SAYS = (global.document && global.document.currentScript && global.document.currentScript.dataset) || {};
  // The address bar is input: a link may carry any #anchor. At most this many characters of it are shown.
  var SHOWN_CHARACTERS = 40;
  // Controls, bidirectional overrides and invisible characters, which could make the quoted anchor read as
  // something else (reversed, on another line, or hiding what follows).
  var UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]/g;

  /* The text after "#", percent-decoded when it decodes; never throws ("#%", a cut escape, 100 KB). */
  function readAnchor(hash) {
    var raw = hash.charAt(0) === "#" ? hash.slice(1) : hash;
    try {
      return decodeURIComponent(raw);
    } catch (error) {
      return raw;
    }
  }

  /* An anchor as the notice may show it: at most SHOWN_CHARACTERS characters, invisible ones as U+FFFD. */
  function shownAnchor(anchor) {
    // 2 x SHOWN_CHARACTERS UTF-16 units hold SHOWN_CHARACTERS characters: no walk over a 100 KB hash.
    var characters = Array.from(anchor.slice(0, 2 * SHOWN_CHARACTERS + 1));
    var cut = characters.length > SHOWN_CHARACTERS;
    return characters.slice(0, SHOWN_CHARACTERS).join("").replace(UNSHOWABLE, "\ufffd") + (cut ? "…" : "");
  }

  // The pure part, for `node --test tests/js/` (which runs this file with no page) and the browser tests.
  global.starShare = { readAnchor: readAnchor, shownAnchor: shownAnchor, SHOWN_CHARACTERS: SHOWN_CHARACTERS };
  if (!global.document) {
    return;
  }

  /* Where the story lives: its home link when this page is not its home, else here. */
  function storyAddress(story, heading) {
    var home = story.querySelector("a[data-star-home]");
    return new URL(home ? home.getAttribute("href") : "#" + heading.id, window.location.href);
  }

  /* The open tab's anchor (<story-id>-<part>) if it is not the first tab; empty otherwise. */
  function openPart(story) {
    var tabs = story.querySelectorAll(".tabbed-set > input[type=radio]");
    for (var i = 1; i < tabs.length; i++) {
      if (tabs[i].checked && tabs[i].id) {
        return tabs[i].id;
      }
    }
    return "";
  }

  function shareLink(story, heading) {
    var address = storyAddress(story, heading);
    address.hash = openPart(story) || heading.id;
    return address.href;
  }

  /* The clipboard API needs a secure context (https or loopback); execCommand covers the rest. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "star-offscreen";
      document.body.appendChild(area);
      area.select();
      var copied = document.execCommand("copy");
      document.body.removeChild(area);
      (copied ? resolve : reject)();
    });
  }

  var STORIES = ".md-typeset .star-story[data-story]";
  // A long principle page's links to the stories that also fit, each with its story's id (storyElsewhere).
  var ELSEWHERE = ".md-typeset .star-also-fits a[id]";
  // What follows a story's id in its tab's anchor: situation, task, action or result. Its shape alone is checked
  // here; the story's own page says so if it names no tab.
  var PART = /^[a-z]{1,20}$/;

  /* A "Copy link" pressed, by pointer or keyboard: the story's address to the clipboard, the outcome said. */
  function copyStoryLink(event) {
    var button = event.target instanceof Element ? event.target.closest(".star-share__button") : null;
    var story = button && button.closest(STORIES);
    var heading = story && story.querySelector("h3[id]");
    var status = button && button.parentNode.querySelector(".star-share__status");
    if (!heading || !status) {
      return;
    }
    var link = shareLink(story, heading);
    button.setAttribute("data-link", link);
    copyText(link).then(
      function () { status.textContent = SAYS.copied; },
      function () { status.textContent = SAYS.notCopied + ": " + link; }
    );
  }

  /* Arrow keys change the checked tab without a click: give them the address a click gives. */
  function followTab(event) {
    var input = event.target;
    if (
      input instanceof Element && input.matches(".tabbed-set > input[type=radio]") && input.closest(STORIES) &&
      input.checked && input.id && window.history.replaceState
    ) {
      window.history.replaceState(null, "", "#" + input.id);
    }
  }

  /* The address names a story, or one of its tabs (#<story-id>-result): that tab checked, the story's block open,
   * and for a tab the story's question scrolled into view.
   * Material's tab script checked the tab for the sets it mounted; the build gives it none (views/story_html.py,
   * `tabs_html`). A block holding the target is opened by the browser and Material, which also scroll to it; a
   * block under a story's heading is opened here: a long page's stories start collapsed (views/principle_page.py). */
  function showAddressed(target) {
    var story = target.closest(STORIES);
    if (!story) {
      return;
    }
    var tab = target.matches(".tabbed-set > input[type=radio]");
    if (tab) {
      target.checked = true;
    }
    var block = story.querySelector(":scope > details.star");
    if (block && !block.open && !block.contains(target)) {
      block.open = true;
    }
    var heading = story.querySelector("h3[id]");
    if (tab && heading) {
      // The browser scrolls to the tab's radio button, which leaves the question and the headline above the
      // screen: a recruiter sent to a Result would read it without knowing which question it answers. On a first
      // load the browser scrolls there again once the page has loaded, so the question is shown after that too.
      heading.scrollIntoView({ block: "start" });
      if (document.readyState !== "complete") {
        window.addEventListener("load", function () { heading.scrollIntoView({ block: "start" }); }, { once: true });
      }
    }
  }

  /* The build's hidden bar under the heading, named after the story and shown, now that its clicks are answered. */
  function showButton(story) {
    var heading = story.querySelector("h3[id]");
    var bar = story.querySelector(":scope > .star-share[hidden]");
    if (!heading || !bar) {
      return;
    }
    var name = SAYS.copyLinkName + ": " + heading.textContent.replace(/\s*¶\s*$/, "");
    bar.querySelector(".star-share__button").setAttribute("aria-label", name);
    bar.removeAttribute("hidden");
  }

  /* `anchor` names nothing on the page: said at the top, in place of what an earlier address said. */
  function sayMissingAnchor(anchor) {
    var old = document.querySelector(".star-missing");
    if (old) {
      old.parentNode.removeChild(old);
    }
    var article = document.querySelector("article.md-content__inner");
    // Practice reads its own address (a story id); Material's own anchors start with "__".
    if (!anchor || !article || /^__/.test(anchor) || document.querySelector("[data-star-practice]")) {
      return;
    }
    // The anchor is the link's text, not the site's: shown short, quoted and set apart as code, never as a sentence.
    var quoted = document.createElement("code");
    quoted.setAttribute("dir", "auto");
    quoted.textContent = "#" + shownAnchor(anchor);
    var notice = document.createElement("p");
    notice.className = "star-missing";
    notice.setAttribute("role", "status");
    var sentence = (SAYS.missingAnchor || "").split("{anchor}");
    notice.append(sentence[0], quoted, sentence.slice(1).join("{anchor}"));
    var title = article.querySelector("h1");
    (title || article.firstChild).insertAdjacentElement(title ? "afterend" : "beforebegin", notice);
  }

  /* The story's own page, at `anchor`, when this page only links to the story `anchor` names (#<story-id>) or to
   * its tab (#<story-id>-<part>): a principle page with more than 12 stories of its own lists those that also fit
   * as links, each with its story's id (views/principle_page.py). The longest such id wins; null when none is. */
  function storyElsewhere(anchor) {
    var links = document.querySelectorAll(ELSEWHERE);
    var found = null;
    for (var i = 0; i < links.length; i++) {
      var id = links[i].id;
      var named = anchor === id || (anchor.lastIndexOf(id + "-", 0) === 0 && PART.test(anchor.slice(id.length + 1)));
      if (named && (!found || id.length > found.id.length)) {
        found = links[i];
      }
    }
    if (!found) {
      return null;
    }
    var address = new URL(found.getAttribute("href"), window.location.href);
    address.hash = "#" + anchor;
    return address.origin === window.location.origin ? address.href : null;
  }

  /* The address's anchor, read once, on load and at every change: what it names is shown, or that it names nothing
   * said; a story this page only links to is followed to its own page. */
  function followAddress() {
    var anchor = readAnchor(window.location.hash);
    var target = anchor ? document.getElementById(anchor) : null;
    var elsewhere = anchor && (!target || target.matches(ELSEWHERE)) ? storyElsewhere(anchor) : null;
    if (elsewhere) {
      window.location.replace(elsewhere);
      return;
    }
    sayMissingAnchor(target ? "" : anchor);
    if (target) {
      showAddressed(target);
    }
  }

  function init() {
    document.addEventListener("click", copyStoryLink);
    document.addEventListener("change", followTab);
    var stories = document.querySelectorAll(STORIES);
    for (var i = 0; i < stories.length; i++) {
      showButton(stories[i]);
    }
    // Listening first: whatever the first address holds, a later change of anchor is still answered.
    window.addEventListener("hashchange", followAddress);
    followAddress();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})(this);

/* Stories and their links, on every page.
 *
 * - A "Copy link" button under every story's heading copies the absolute address of the story on its
 *   primary principle's page, principles/<slug>/#<story-id>; when a STAR tab other than the first is
 *   open (the Result, say), the link is to that tab: #<story-id>-result.
 * - Switching a STAR tab, by mouse or by keyboard, puts the tab's address in the address bar.
 * - A link whose #anchor names nothing on the page says so at the top, instead of landing silently.
 *
 * The markup says what is what (hooks/star_bank/views/principle_page.py): a story is
 * `.star-story[data-story]`, its heading its h3, its home `a[data-star-home]` (absent on its home page).
 */
(function () {
  "use strict";

  var COPIED = "Link copied";
  var FAILED = "Could not copy; the link is: ";

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

  function addButton(story) {
    var heading = story.querySelector("h3[id]");
    if (!heading) {
      return;
    }
    var bar = document.createElement("div");
    bar.className = "star-share";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "star-share__button";
    button.textContent = "Copy link";
    button.setAttribute("aria-label", "Copy link to this story: " + heading.textContent.replace(/\s*¶\s*$/, ""));
    var status = document.createElement("span");
    status.className = "star-share__status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      var link = shareLink(story, heading);
      button.setAttribute("data-link", link);
      copyText(link).then(
        function () { status.textContent = COPIED; },
        function () { status.textContent = FAILED + link; }
      );
    });
    bar.appendChild(button);
    bar.appendChild(status);
    heading.insertAdjacentElement("afterend", bar);
  }

  /* Arrow keys change the checked tab without a click: give them the address a click gives. */
  function followTabs(story) {
    story.addEventListener("change", function (event) {
      var input = event.target;
      if (input.matches(".tabbed-set > input[type=radio]") && input.checked && input.id && window.history.replaceState) {
        window.history.replaceState(null, "", "#" + input.id);
      }
    });
  }

  function sayMissingAnchor() {
    var old = document.querySelector(".star-missing");
    if (old) {
      old.parentNode.removeChild(old);
    }
    var anchor = decodeURIComponent(window.location.hash.slice(1));
    var article = document.querySelector("article.md-content__inner");
    // Practice reads its own address (a story id); Material's own anchors start with "__".
    if (!anchor || !article || document.getElementById(anchor) || /^__/.test(anchor) || document.querySelector("[data-star-practice]")) {
      return;
    }
    var notice = document.createElement("p");
    notice.className = "star-missing";
    notice.setAttribute("role", "status");
    notice.textContent = "Nothing on this page is called “" + anchor + "”: the story may have been renamed, moved or taken off the site.";
    var title = article.querySelector("h1");
    (title || article.firstChild).insertAdjacentElement(title ? "afterend" : "beforebegin", notice);
  }

  function init() {
    var stories = document.querySelectorAll(".md-typeset .star-story[data-story]");
    for (var i = 0; i < stories.length; i++) {
      addButton(stories[i]);
      followTabs(stories[i]);
    }
    sayMissingAnchor();
    window.addEventListener("hashchange", sayMissingAnchor);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

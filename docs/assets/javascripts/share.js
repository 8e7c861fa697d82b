/* Share links: a "Copy link" button under every story's heading.
 *
 * It copies the absolute address of the story on its primary principle's page,
 * principles/<slug>/#<story-id>. When a STAR tab other than the first is open (the Result, say),
 * the link is to that tab instead: #<story-id>-result, which opens the page on that tab.
 * A story is a level-3 heading followed by a STAR block (class "star") before the next heading.
 */
(function () {
  "use strict";

  var COPIED = "Link copied";
  var FAILED = "Could not copy; the link is: ";

  function isHeading(element) {
    return /^H[1-6]$/.test(element.tagName);
  }

  /* The story's STAR block and the line of facts under its heading, if any. */
  function storyParts(heading) {
    var parts = { facts: null, star: null };
    for (var next = heading.nextElementSibling; next && !isHeading(next); next = next.nextElementSibling) {
      if (next.classList.contains("star")) {
        parts.star = parts.star || next;
      } else if (next.tagName === "P" && !parts.facts && !parts.star) {
        parts.facts = next;
      }
    }
    return parts;
  }

  /* Where the story lives: the "Primary principle" link when this page is not its home, else here. */
  function storyAddress(heading, facts) {
    if (facts) {
      var labels = facts.querySelectorAll("strong");
      for (var i = 0; i < labels.length; i++) {
        var link = labels[i].nextElementSibling;
        if (/^Primary principle/.test(labels[i].textContent) && link && link.tagName === "A") {
          return new URL(link.getAttribute("href"), window.location.href);
        }
      }
    }
    return new URL("#" + heading.id, window.location.href);
  }

  /* The open tab's anchor (<story-id>-<part>) if it is not the first tab; empty otherwise. */
  function openPart(star) {
    var tabs = star ? star.querySelectorAll(".tabbed-set > input[type=radio]") : [];
    for (var i = 1; i < tabs.length; i++) {
      if (tabs[i].checked && tabs[i].id) {
        return tabs[i].id;
      }
    }
    return "";
  }

  function shareLink(heading) {
    var parts = storyParts(heading);
    var address = storyAddress(heading, parts.facts);
    var part = openPart(parts.star);
    address.hash = part || heading.id;
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
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var copied = document.execCommand("copy");
      document.body.removeChild(area);
      (copied ? resolve : reject)();
    });
  }

  function addButton(heading) {
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
      var link = shareLink(heading);
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

  function init() {
    var headings = document.querySelectorAll(".md-typeset h3[id]");
    for (var i = 0; i < headings.length; i++) {
      if (storyParts(headings[i]).star) {
        headings[i].classList.add("star-story");
        addButton(headings[i]);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

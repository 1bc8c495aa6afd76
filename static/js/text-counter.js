/*
 * A visible character counter ("123 / 2000") under every text box with a length limit.
 *
 * Hooked by attribute, not by page: any textarea[maxlength] or text-like input[maxlength] gets one, on
 * every page and in rows added later (the visit editor's in-place rows), so no page's markup has to know
 * about it. The limit itself is the server's (the form field's max_length, rendered as maxlength); this
 * only shows how much of it is used. Textareas always show their counter; a one-line input shows it while
 * it has the focus or is nearly full, so short fields (a name, a phone number) are not cluttered.
 *
 * Opt out with data-no-counter (e.g. a password or a search box where a count means nothing).
 */
(function () {
  "use strict";

  var FIELDS = "textarea[maxlength], input[maxlength]";
  var COUNTED_INPUT_TYPES = { text: true, email: true, tel: true, url: true, "": true };
  var NEARLY_FULL = 0.9;
  var counters = new WeakMap();
  var lastId = 0;

  function counted(field) {
    if (!field.matches || !field.matches(FIELDS) || field.hasAttribute("data-no-counter")) return false;
    if (field.tagName === "TEXTAREA") return true;
    return COUNTED_INPUT_TYPES[(field.getAttribute("type") || "").toLowerCase()] === true;
  }

  function limitOf(field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    return isNaN(limit) || limit <= 0 ? 0 : limit;
  }

  /* Where the counter goes: after the field, or after its input group so the group's layout holds. */
  function anchorOf(field) {
    var parent = field.parentElement;
    return parent && parent.classList.contains("input-group") ? parent : field;
  }

  function describe(field, id) {
    var ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (ids.indexOf(id) === -1) {
      ids.push(id);
      field.setAttribute("aria-describedby", ids.join(" "));
    }
  }

  function counterFor(field) {
    var counter = counters.get(field);
    if (counter && counter.isConnected) return counter;
    var anchor = anchorOf(field);
    var next = anchor.nextElementSibling;
    // A row copied from another row brings that row's counter with it: take it over rather than add one.
    if (next && next.hasAttribute("data-text-counter")) {
      counter = next;
    } else {
      counter = document.createElement("div");
      counter.className = "form-text text-counter";
      counter.setAttribute("data-text-counter", "");
      anchor.insertAdjacentElement("afterend", counter);
    }
    lastId += 1;
    counter.id = "text-counter-" + lastId;
    describe(field, counter.id);
    counters.set(field, counter);
    return counter;
  }

  function update(field) {
    var limit = limitOf(field);
    if (!limit || !counted(field)) return;
    var counter = counterFor(field);
    var used = field.value.length;
    var nearlyFull = used >= limit * NEARLY_FULL;
    counter.textContent = used + " / " + limit;
    counter.classList.toggle("text-counter--full", nearlyFull);
    counter.hidden =
      field.tagName !== "TEXTAREA" && !nearlyFull && document.activeElement !== field;
  }

  function updateWithin(root) {
    if (root.nodeType !== 1) return;
    if (counted(root)) update(root);
    var fields = root.querySelectorAll ? root.querySelectorAll(FIELDS) : [];
    for (var i = 0; i < fields.length; i++) update(fields[i]);
  }

  function onFieldEvent(event) {
    if (counted(event.target)) update(event.target);
  }

  function start() {
    updateWithin(document.body);
    document.addEventListener("input", onFieldEvent);
    document.addEventListener("focusin", onFieldEvent);
    document.addEventListener("focusout", function (event) {
      if (counted(event.target)) window.setTimeout(function () { update(event.target); }, 0);
    });
    // A form reset or a script filling a field fires no input event: re-count after a reset.
    document.addEventListener("reset", function (event) {
      window.setTimeout(function () { updateWithin(event.target); }, 0);
    });
    new MutationObserver(function (mutations) {
      for (var i = 0; i < mutations.length; i++) {
        var added = mutations[i].addedNodes;
        for (var j = 0; j < added.length; j++) {
          if (!(added[j].nodeType === 1 && added[j].hasAttribute("data-text-counter"))) updateWithin(added[j]);
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

/*
 * The visit editor's sections that start folded (records/visits/sections.py marks them data-folded): the
 * heading becomes a button that opens the section. A link to the section (the section bar, a "#needling"
 * address) opens it too, and so does a row added into it in place. Without this script every section
 * is shown; nothing in a folded section is disabled, so it is submitted like the rest.
 */
(function () {
  "use strict";

  function Fold(section) {
    this.section = section;
    this.heading = section.querySelector("h2");
    var body = document.createElement("div");
    body.id = section.id + "-body";
    body.className = "visit-section-body";
    while (this.heading.nextSibling) body.appendChild(this.heading.nextSibling);
    section.appendChild(body);
    this.body = body;

    var button = document.createElement("button");
    button.type = "button";
    button.className = "visit-section-toggle btn btn-link p-0 text-start text-reset text-decoration-none";
    button.setAttribute("aria-controls", body.id);
    while (this.heading.firstChild) button.appendChild(this.heading.firstChild);
    var hint = document.createElement("span");
    hint.className = "visit-section-hint small text-body-secondary fw-normal ms-2";
    button.appendChild(hint);
    this.heading.appendChild(button);
    this.button = button;
    this.hint = hint;

    var self = this;
    button.addEventListener("click", function () { self.set(!self.isOpen()); });
    // A row added in place (e.g. "Add as finding") opens the section it lands in.
    if (window.MutationObserver) {
      new MutationObserver(function (changes) {
        for (var i = 0; i < changes.length; i++) {
          var added = changes[i].addedNodes;
          for (var j = 0; j < added.length; j++) {
            var node = added[j];
            if (node.nodeType === 1 && (node.matches("[data-row]") || node.querySelector("[data-row]"))) {
              self.set(true);
              return;
            }
          }
        }
      }).observe(body, { childList: true, subtree: true });
    }
    this.set(false);
  }

  Fold.prototype.isOpen = function () { return !this.body.hidden; };

  Fold.prototype.set = function (open) {
    this.body.hidden = !open;
    this.button.setAttribute("aria-expanded", String(open));
    this.section.classList.toggle("is-folded", !open);
    this.hint.textContent = open ? "" : "(nothing recorded: tap to open)";
  };

  document.addEventListener("DOMContentLoaded", function () {
    var folds = {};
    var sections = document.querySelectorAll("section.visit-section[data-folded][id]");
    for (var i = 0; i < sections.length; i++) folds[sections[i].id] = new Fold(sections[i]);

    function openFor(hash) {
      var fold = folds[(hash || "").replace(/^#/, "")];
      if (fold) fold.set(true);
    }
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[href^="#"]');
      if (link) openFor(link.getAttribute("href"));
    }, true);
    window.addEventListener("hashchange", function () { openFor(window.location.hash); });
    openFor(window.location.hash);
  });
})();

/*
 * Referral zones drawn on the body chart, for curators.
 *
 * The plain selects (zone-<region>: "", essential, spillover) stay the single source of truth, so the page
 * works without this script and submits the same data with it. The script draws the selects onto the chart
 * (the chart the pain map uses) and lets a curator tap regions in essential or spillover mode instead.
 */
(function () {
  "use strict";

  var CLASSES = { essential: "zone-essential", spillover: "zone-spillover" };

  function ZoneChart(root) {
    this.root = root;
    this.form = root.closest("form");
    this.paths = Array.prototype.slice.call(root.querySelectorAll("path.region[data-region]"));
    this.modes = root.querySelector("[data-zone-modes]");
    var entry = root.querySelector("details[data-zone-entry]");
    if (entry) entry.removeAttribute("open");
    if (this.modes) this.modes.hidden = false;
    root.classList.add("pain-map--enhanced");
    this.bind();
    this.redraw();
  }

  ZoneChart.prototype.select = function (path) {
    return this.form.elements.namedItem("zone-" + path.getAttribute("data-region"));
  };

  ZoneChart.prototype.mode = function () {
    var checked = this.root.querySelector('input[name="zone-mode"]:checked');
    return checked ? checked.value : "essential";
  };

  ZoneChart.prototype.bind = function () {
    var self = this;
    this.paths.forEach(function (path) {
      path.addEventListener("click", function () { self.tap(path); });
      path.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          self.tap(path);
        }
      });
    });
    this.form.addEventListener("change", function (event) {
      if ((event.target.name || "").indexOf("zone-") === 0) self.redraw();
    });
  };

  /* A tap sets the region to the current mode; tapping it again in the same mode clears it. */
  ZoneChart.prototype.tap = function (path) {
    var select = this.select(path);
    if (!select) return;
    var mode = this.mode();
    select.value = select.value === mode ? "" : mode;
    this.redraw();
  };

  ZoneChart.prototype.redraw = function () {
    var self = this;
    this.paths.forEach(function (path) {
      var select = self.select(path);
      var kind = select ? select.value : "";
      path.classList.remove(CLASSES.essential, CLASSES.spillover);
      if (CLASSES[kind]) path.classList.add(CLASSES[kind]);
      path.setAttribute("aria-pressed", kind ? "true" : "false");
      var label = path.getAttribute("data-label") || path.getAttribute("aria-label") || "";
      path.setAttribute("data-label", label);
      path.setAttribute("aria-label", kind ? label + ": " + kind + " zone" : label);
    });
  };

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-zone-chart]"), function (root) {
      new ZoneChart(root);
    });
  });
})();

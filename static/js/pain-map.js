/*
 * Pain map on the body chart.
 *
 * The plain form inputs (mark-<region>-<side>-intensity / -quality) stay the single source of truth, so
 * the page works without this script and submits the same data with it. The script only draws the
 * inputs onto the chart, lets a therapist tap or use the keyboard instead of typing, and asks the server
 * for the ranked candidates as the map changes.
 */
(function () {
  "use strict";

  var DEFAULT_INTENSITY = 5;
  var MAX_INTENSITY = 10;
  /* A zoom scales the chart until its smallest framed region is this many CSS pixels each way (a touch
     target is at least 44 px); never below MIN_TARGET_PX, even if the zoomed view must then scroll. */
  var TARGET_PX = 48;
  var MIN_TARGET_PX = 44;
  /* Room above the framed regions for the "Client's left / right" labels, in CSS pixels. */
  var LABEL_ROOM_PX = 18;
  var LABEL_PX = 13;
  /* The screening checklist and the pain's course change the red flags, not the map. */
  var SCREENING_INPUTS = ["screen", "pain_course", "night_pain"];

  function band(intensity) {
    if (intensity <= 0) return "none";
    if (intensity <= 3) return "mild";
    if (intensity <= 6) return "moderate";
    return "severe";
  }

  function PainMap(root) {
    this.root = root;
    this.form = root.closest("form");
    this.paths = Array.prototype.slice.call(root.querySelectorAll("path.region[data-region]"));
    this.panel = root.querySelector("[data-pain-map-editor]");
    this.list = root.querySelector("[data-pain-map-list]");
    this.candidates = document.querySelector("[data-candidates]");
    this.redFlags = document.querySelector("[data-red-flags]");
    this.selected = null;
    this.timer = null;
    this.overlay = null;
    this.zoomed = null;
    var entry = root.querySelector("details[data-pain-map-entry]");
    if (entry) entry.removeAttribute("open");
    root.classList.add("pain-map--enhanced");
    this.bind();
    this.redraw();
  }

  PainMap.prototype.input = function (path, field) {
    var name = "mark-" + path.getAttribute("data-region") + "-" + path.getAttribute("data-side") + "-" + field;
    return this.form.elements.namedItem(name);
  };

  PainMap.prototype.intensityOf = function (path) {
    var input = this.input(path, "intensity");
    if (!input || input.value === "") return null;
    var value = parseInt(input.value, 10);
    return isNaN(value) ? null : value;
  };

  PainMap.prototype.labelOf = function (path) {
    return path.getAttribute("data-label") || path.getAttribute("aria-label") || "";
  };

  PainMap.prototype.bind = function () {
    var self = this;
    this.paths.forEach(function (path) {
      path.setAttribute("data-label", path.getAttribute("aria-label") || "");
      path.addEventListener("click", function () { self.activate(path); });
      path.addEventListener("keydown", function (event) { self.onKey(event, path); });
    });
    if (this.panel) {
      this.panelButtons = Array.prototype.slice.call(this.panel.querySelectorAll("[data-intensity]"));
      this.panelQuality = this.panel.querySelector("[data-editor-quality]");
      this.panelLabel = this.panel.querySelector("[data-editor-label]");
      // One tap sets the intensity and closes the box, ready for the next region.
      this.panelButtons.forEach(function (button) {
        button.addEventListener("click", function () {
          if (!self.selected) return;
          var path = self.selected;
          self.setIntensity(path, button.getAttribute("data-intensity"));
          self.closePanel(path);
        });
      });
      this.panelQuality.addEventListener("change", function () {
        if (self.selected) {
          var quality = self.input(self.selected, "quality");
          quality.value = self.panelQuality.value;
          self.changed();
        }
      });
      this.panel.querySelector("[data-editor-clear]").addEventListener("click", function () {
        if (!self.selected) return;
        var path = self.selected;
        self.clear(path);
        self.closePanel(path);
      });
      this.panel.querySelector("[data-editor-close]").addEventListener("click", function () {
        self.closePanel(self.selected);
      });
      this.panel.addEventListener("keydown", function (event) {
        if (event.key === "Escape") self.closePanel(self.selected);
      });
      // The box sits beside the region it edits; it follows the layout when the window changes.
      window.addEventListener("resize", function () { if (!self.panel.hidden) self.placePanel(); });
    }
    this.bindZooms();
    // With this script the candidates follow the map as it changes: the button that saved the draft to
    // refresh them is for pages without script only.
    var refresh = document.querySelectorAll("[data-refresh-candidates]");
    for (var r = 0; r < refresh.length; r++) refresh[r].hidden = true;
    this.form.addEventListener("input", function (event) {
      var name = event.target.name || "";
      if (name.indexOf("mark-") === 0) self.changed();
      else if (SCREENING_INPUTS.indexOf(name) >= 0) self.scheduleCandidates();
    });
    if (this.candidates) {
      this.candidates.addEventListener("click", function (event) {
        var button = event.target.closest("[data-show-pattern]");
        if (!button) return;
        event.preventDefault();
        self.showPattern(button);
      });
    }
  };

  PainMap.prototype.onKey = function (event, path) {
    var key = event.key;
    if (key === "Enter" || key === " ") {
      event.preventDefault();
      this.activate(path);
    } else if (/^[0-9]$/.test(key)) {
      event.preventDefault();
      this.select(path);
      this.setIntensity(path, key);
    } else if (key === "+" || key === "=") {
      event.preventDefault();
      this.select(path);
      this.setIntensity(path, Math.min(MAX_INTENSITY, (this.intensityOf(path) || 0) + 1));
    } else if (key === "-") {
      event.preventDefault();
      this.select(path);
      this.setIntensity(path, Math.max(0, (this.intensityOf(path) || 0) - 1));
    } else if (key === "Delete" || key === "Backspace") {
      event.preventDefault();
      this.clear(path);
    } else if (key === "Escape") {
      this.closePanel(path);
    }
  };

  /* A tap marks an unmarked region at a middling intensity and selects it for adjusting. */
  PainMap.prototype.activate = function (path) {
    if (this.intensityOf(path) === null) this.setIntensity(path, DEFAULT_INTENSITY);
    this.select(path);
  };

  PainMap.prototype.select = function (path) {
    if (this.selected) this.selected.classList.remove("is-selected");
    this.selected = path;
    path.classList.add("is-selected");
    if (!this.panel) return;
    this.panel.hidden = false;
    this.panelLabel.textContent = this.labelOf(path);
    this.syncPanel();
    this.panelQuality.value = this.input(path, "quality").value;
    this.placePanel();
  };

  PainMap.prototype.syncPanel = function () {
    if (!this.panel || !this.selected) return;
    var intensity = this.intensityOf(this.selected);
    this.panelButtons.forEach(function (button) {
      var pressed = intensity !== null && String(intensity) === button.getAttribute("data-intensity");
      button.setAttribute("aria-pressed", String(pressed));
      button.classList.toggle("active", pressed);
    });
  };

  /* Put the box beside the tapped region, on the side with more room, level with it: not above or below,
     where it would cover the regions a therapist taps next (the leg above or below). */
  PainMap.prototype.placePanel = function () {
    if (!this.panel || !this.selected) return;
    var rootBox = this.root.getBoundingClientRect();
    var regionBox = this.selected.getBoundingClientRect();
    var width = this.panel.offsetWidth;
    var height = this.panel.offsetHeight;
    var roomRight = rootBox.right - regionBox.right;
    var roomLeft = regionBox.left - rootBox.left;
    var left = roomRight >= roomLeft
      ? regionBox.right - rootBox.left + 8
      : regionBox.left - rootBox.left - width - 8;
    left = Math.max(0, Math.min(left, rootBox.width - width));
    var top = regionBox.top + regionBox.height / 2 - height / 2 - rootBox.top;
    top = Math.max(0, top);
    // Positions computed at run time go through the CSSOM, which the strict CSP allows (no style attribute
    // is written into the markup).
    this.panel.style.left = left + "px";
    this.panel.style.top = top + "px";
  };

  PainMap.prototype.closePanel = function (path) {
    if (!this.panel) return;
    this.panel.hidden = true;
    if (this.selected) this.selected.classList.remove("is-selected");
    this.selected = null;
    if (path && document.activeElement && this.panel.contains(document.activeElement)) path.focus();
  };

  PainMap.prototype.setIntensity = function (path, value) {
    var intensity = parseInt(value, 10);
    if (isNaN(intensity)) return;
    intensity = Math.max(0, Math.min(MAX_INTENSITY, intensity));
    this.input(path, "intensity").value = String(intensity);
    if (this.selected === path) this.syncPanel();
    this.changed();
  };

  PainMap.prototype.clear = function (path) {
    this.input(path, "intensity").value = "";
    this.input(path, "quality").value = "";
    if (this.selected === path && this.panel) {
      this.syncPanel();
      this.panelQuality.value = "";
    }
    this.changed();
  };

  PainMap.prototype.changed = function () {
    this.redraw();
    this.scheduleCandidates();
  };

  PainMap.prototype.redraw = function () {
    var self = this;
    var items = [];
    this.paths.forEach(function (path) {
      var intensity = self.intensityOf(path);
      for (var i = 0; i <= MAX_INTENSITY; i++) path.classList.remove("intensity-" + i);
      path.classList.remove("is-marked");
      var label = self.labelOf(path);
      if (intensity === null) {
        path.setAttribute("aria-pressed", "false");
        path.setAttribute("aria-label", label + ", not marked");
        return;
      }
      path.classList.add("is-marked", "intensity-" + intensity);
      path.setAttribute("aria-pressed", "true");
      var quality = self.input(path, "quality").value;
      var text = label + ": " + intensity + "/10 (" + band(intensity) + ")" + (quality ? ", " + quality : "");
      path.setAttribute("aria-label", text);
      items.push(text);
    });
    if (this.list) {
      this.list.textContent = "";
      if (!items.length) {
        var empty = document.createElement("li");
        empty.textContent = "No regions marked yet.";
        this.list.appendChild(empty);
      }
      items.forEach(function (text) {
        var li = document.createElement("li");
        li.textContent = text;
        self.list.appendChild(li);
      });
    }
    this.applyOverlay();
  };

  PainMap.prototype.scheduleCandidates = function () {
    if (!this.candidates) return;
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.fetchCandidates(); }, 250);
  };

  PainMap.prototype.fetchCandidates = function () {
    var self = this;
    var url = this.candidates.getAttribute("data-candidates-url");
    var body = new FormData(this.form);
    this.candidates.setAttribute("aria-busy", "true");
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok && response.status !== 400) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        // The response holds the red flags, then the candidates; the flags go to their own place above.
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var flags = holder.querySelector("[data-red-flags-fragment]");
        if (flags) {
          if (self.redFlags) self.redFlags.replaceChildren(flags);
          else flags.remove();
        }
        self.candidates.replaceChildren.apply(self.candidates, Array.prototype.slice.call(holder.childNodes));
        self.candidates.removeAttribute("aria-busy");
        self.overlay = null;
        self.applyOverlay();
      })
      .catch(function () {
        self.candidates.removeAttribute("aria-busy");
        var note = document.createElement("p");
        note.className = "text-danger";
        note.textContent = "Could not update the candidates. Use the “Show candidates” button.";
        self.candidates.prepend(note);
      });
  };

  PainMap.prototype.showPattern = function (button) {
    var key = button.getAttribute("data-key");
    if (this.overlay && this.overlay.key === key) {
      this.overlay = null;
    } else {
      this.overlay = {
        key: key,
        side: button.getAttribute("data-side"),
        essential: (button.getAttribute("data-essential") || "").split(",").filter(Boolean),
        spillover: (button.getAttribute("data-spillover") || "").split(",").filter(Boolean)
      };
    }
    var buttons = this.candidates.querySelectorAll("[data-show-pattern]");
    for (var i = 0; i < buttons.length; i++) {
      var shown = !!this.overlay && buttons[i].getAttribute("data-key") === this.overlay.key;
      buttons[i].setAttribute("aria-pressed", String(shown));
      buttons[i].textContent = shown ? "Hide referral pattern" : "Show referral pattern";
    }
    this.applyOverlay();
    if (this.overlay) this.bringPatternIntoView();
  };

  /* On a narrow screen the candidates sit below the chart: showing a pattern scrolls up to it, to the view
     that holds its essential zone, since it would otherwise be drawn out of sight. */
  PainMap.prototype.bringPatternIntoView = function () {
    var chart = this.root.querySelector(".pain-map-views");
    if (!chart || !this.candidates) return;
    var chartBox = chart.getBoundingClientRect();
    var candidatesBox = this.candidates.getBoundingClientRect();
    if (candidatesBox.top < chartBox.bottom - 1) return; // side by side: the chart is in view already
    var target = this.root.querySelector("path.zone-essential") || this.root.querySelector("path.zone-spillover");
    var view = target ? target.closest("[data-pain-map-view]") : chart;
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    view.scrollIntoView({ block: "start", behavior: reduce ? "auto" : "smooth" });
  };

  PainMap.prototype.applyOverlay = function () {
    var overlay = this.overlay;
    var server = this.root.querySelector("[data-server-overlay]");
    if (overlay && server) server.remove();
    this.paths.forEach(function (path) {
      if (!server || overlay) path.classList.remove("zone-essential", "zone-spillover");
      if (!overlay) return;
      var side = path.getAttribute("data-side");
      if (side !== "midline" && side !== overlay.side) return;
      var region = path.getAttribute("data-region");
      if (overlay.essential.indexOf(region) >= 0) path.classList.add("zone-essential");
      else if (overlay.spillover.indexOf(region) >= 0) path.classList.add("zone-spillover");
    });
  };

  /* --- Zoom: frame a set of regions, scaled so the smallest is a comfortable touch target ----------- */

  PainMap.prototype.bindZooms = function () {
    var self = this;
    var bar = this.root.querySelector("[data-pain-map-zooms]");
    if (!bar) return;
    var buttons = bar.querySelectorAll("[data-zoom]");
    if (!buttons.length) return;
    bar.hidden = false;
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("data-label", buttons[i].textContent);
      buttons[i].addEventListener("click", function (event) {
        var button = event.currentTarget;
        if (self.zoomed && self.zoomed.button === button) self.unzoom();
        else self.zoom(button);
      });
    }
    window.addEventListener("resize", function () {
      if (self.zoomed) self.zoom(self.zoomed.button);
    });
  };

  PainMap.prototype.zoom = function (button) {
    // The box belongs to a region drawn at the old scale: close it rather than leave it over the new one.
    this.closePanel(this.selected);
    if (this.zoomed) this.unzoom();
    var viewCode = button.getAttribute("data-zoom-view");
    var holder = this.root.querySelector('[data-pain-map-view="' + viewCode + '"]');
    if (!holder) return;
    var svg = holder.querySelector("svg");
    var codes = (button.getAttribute("data-zoom-regions") || "").split(" ").filter(Boolean);
    var framed = Array.prototype.slice.call(svg.querySelectorAll("path.region")).filter(function (path) {
      return codes.indexOf(path.getAttribute("data-region")) >= 0;
    });
    if (!framed.length) return;
    // The box and the scale come from the regions' own outlines, whatever shapes the chart draws.
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, smallest = Infinity;
    framed.forEach(function (path) {
      var box = path.getBBox();
      x0 = Math.min(x0, box.x); y0 = Math.min(y0, box.y);
      x1 = Math.max(x1, box.x + box.width); y1 = Math.max(y1, box.y + box.height);
      smallest = Math.min(smallest, box.width, box.height);
    });
    this.zoomed = {
      button: button,
      holder: holder,
      svg: svg,
      viewBox: svg.getAttribute("viewBox"),
      labels: Array.prototype.slice.call(svg.querySelectorAll("text.side-label")).map(function (label) {
        return { node: label, x: label.getAttribute("x"), y: label.getAttribute("y"), size: label.getAttribute("font-size") };
      })
    };
    this.root.classList.add("pain-map--zoomed");
    holder.classList.add("is-zoomed");
    var available = holder.clientWidth || this.root.clientWidth;
    var pad = 2;
    var scale = Math.min(TARGET_PX / smallest, available / (x1 - x0 + 2 * pad));
    scale = Math.max(scale, MIN_TARGET_PX / smallest);
    var top = y0 - LABEL_ROOM_PX / scale;
    var width = x1 - x0 + 2 * pad;
    var height = y1 - top + pad;
    svg.setAttribute("viewBox", [x0 - pad, top, width, height].join(" "));
    svg.setAttribute("width", String(Math.round(width * scale)));
    svg.setAttribute("height", String(Math.round(height * scale)));
    // The side labels move into the frame at the size they had, so the orientation stays in sight.
    var size = LABEL_PX / scale;
    this.zoomed.labels.forEach(function (label) {
      var atStart = label.node.getAttribute("text-anchor") === "start";
      label.node.setAttribute("x", String(atStart ? x0 - pad + 2 / scale : x0 - pad + width - 2 / scale));
      label.node.setAttribute("y", String(top + (LABEL_PX + 1) / scale));
      label.node.setAttribute("font-size", String(size));
      svg.appendChild(label.node); // drawn last, over the regions it now overlaps (with a halo: CSS)
    });
    button.setAttribute("aria-pressed", "true");
    button.textContent = "Whole body";
  };

  PainMap.prototype.unzoom = function () {
    var zoomed = this.zoomed;
    if (!zoomed) return;
    this.closePanel(this.selected);
    this.zoomed = null;
    zoomed.svg.setAttribute("viewBox", zoomed.viewBox);
    zoomed.svg.removeAttribute("width");
    zoomed.svg.removeAttribute("height");
    zoomed.labels.forEach(function (label) {
      label.node.setAttribute("x", label.x);
      label.node.setAttribute("y", label.y);
      label.node.setAttribute("font-size", label.size);
    });
    zoomed.holder.classList.remove("is-zoomed");
    this.root.classList.remove("pain-map--zoomed");
    zoomed.button.setAttribute("aria-pressed", "false");
    zoomed.button.textContent = zoomed.button.getAttribute("data-label");
  };

  document.addEventListener("DOMContentLoaded", function () {
    var roots = document.querySelectorAll("[data-pain-map]");
    for (var i = 0; i < roots.length; i++) new PainMap(roots[i]);
  });
})();

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
      this.panelIntensity = this.panel.querySelector("[data-editor-intensity]");
      this.panelQuality = this.panel.querySelector("[data-editor-quality]");
      this.panelLabel = this.panel.querySelector("[data-editor-label]");
      this.panelIntensity.addEventListener("input", function () {
        if (self.selected) self.setIntensity(self.selected, self.panelIntensity.value);
      });
      this.panelQuality.addEventListener("change", function () {
        if (self.selected) {
          var quality = self.input(self.selected, "quality");
          quality.value = self.panelQuality.value;
          self.changed();
        }
      });
      this.panel.querySelector("[data-editor-clear]").addEventListener("click", function () {
        if (self.selected) self.clear(self.selected);
      });
    }
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
    var intensity = this.intensityOf(path);
    this.panelIntensity.value = intensity === null ? "" : intensity;
    this.panelQuality.value = this.input(path, "quality").value;
  };

  PainMap.prototype.setIntensity = function (path, value) {
    var intensity = parseInt(value, 10);
    if (isNaN(intensity)) return;
    intensity = Math.max(0, Math.min(MAX_INTENSITY, intensity));
    this.input(path, "intensity").value = String(intensity);
    if (this.selected === path && this.panelIntensity) this.panelIntensity.value = intensity;
    this.changed();
  };

  PainMap.prototype.clear = function (path) {
    this.input(path, "intensity").value = "";
    this.input(path, "quality").value = "";
    if (this.selected === path && this.panel) {
      this.panelIntensity.value = "";
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
      buttons[i].setAttribute("aria-pressed", String(!!this.overlay && buttons[i].getAttribute("data-key") === this.overlay.key));
    }
    this.applyOverlay();
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

  document.addEventListener("DOMContentLoaded", function () {
    var roots = document.querySelectorAll("[data-pain-map]");
    for (var i = 0; i < roots.length; i++) new PainMap(roots[i]);
  });
})();

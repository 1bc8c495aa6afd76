/*
 * The visit page on a tablet: each technique row shows only the chosen technique's parameter fields, and
 * each needling site the chosen trigger point's needling hazards; rows are added in place.
 *
 * Without this script every technique's parameters are shown, each labelled with its technique, and the
 * server refuses a value given for a technique other than the chosen one. With it, the other techniques'
 * inputs are hidden and disabled (so they are not submitted).
 *
 * Adding in place: "Add another …" clones the formset's blank row from its <template> ("add another site"
 * copies the last site's entries), and a candidate's "Add as finding" fills a new finding row instead of
 * saving the page; the draft's autosave (visit-autosave.js) then saves them. Without this script the empty
 * rows and "Add as finding" (which saves the draft and adds the finding) do the same, a page load each.
 * ``window.visitRows`` lets visit-autosave.js renumber rows and add rows back when it restores a draft.
 */
(function () {
  "use strict";

  function syncRow(row) {
    var select = row.querySelector("[data-technique-select] select");
    if (!select) return;
    var chosen = select.value;
    var groups = row.querySelectorAll("[data-technique-params]");
    for (var i = 0; i < groups.length; i++) {
      var group = groups[i];
      var show = chosen !== "" && group.getAttribute("data-technique-params") === chosen;
      group.hidden = !show;
      var inputs = group.querySelectorAll("input, select, textarea");
      for (var j = 0; j < inputs.length; j++) inputs[j].disabled = !show;
    }
  }

  /* A needling site shows the chosen trigger point's needling hazards above it. */
  function syncHazards(row) {
    var box = row.querySelector("[data-needling-hazards]");
    var select = row.querySelector("select[name$='-trigger_point']");
    if (!box || !select) return;
    var hazards = JSON.parse(box.getAttribute("data-hazards") || "{}");
    var text = hazards[select.value] || "";
    box.querySelector("[data-needling-hazards-text]").textContent = text;
    box.hidden = text === "";
  }

  function enhance(row) {
    if (row.getAttribute("data-row") === "needling site") {
      var site = row.querySelector("select[name$='-trigger_point']");
      if (site) site.addEventListener("change", function () { syncHazards(row); });
    }
    if (row.hasAttribute("data-technique-row")) {
      row.classList.add("technique-row--enhanced");
      syncRow(row);
      var select = row.querySelector("[data-technique-select] select");
      if (select) select.addEventListener("change", function () { syncRow(row); });
    }
  }

  /* --- Rows in place ------------------------------------------------------------------------------- */

  var ATTRIBUTES = ["name", "id", "for", "aria-describedby", "aria-labelledby"];

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /* Give a row of formset ``prefix`` the form index ``index`` (names, ids, labels, messages). */
  function setIndex(row, prefix, index) {
    var pattern = new RegExp(escapeRegExp(prefix) + "-(\\d+|__prefix__)-", "g");
    var replacement = prefix + "-" + index + "-";
    var elements = [row].concat(Array.prototype.slice.call(row.querySelectorAll("*")));
    elements.forEach(function (element) {
      ATTRIBUTES.forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value && value.indexOf(prefix + "-") !== -1) {
          element.setAttribute(attribute, value.replace(pattern, replacement));
        }
      });
    });
  }

  function management(prefix, field) {
    return document.querySelector('input[name="' + prefix + "-" + field + '"]');
  }

  function rowsOf(prefix) {
    var box = document.querySelector('[data-formset="' + prefix + '"]');
    return box ? Array.prototype.slice.call(box.querySelectorAll("[data-row]")) : [];
  }

  /* A new row of formset ``prefix`` from its blank template, at the end; null without a template. */
  function addRow(prefix) {
    var template = document.querySelector('template[data-row-template="' + prefix + '"]');
    var slot = document.querySelector('[data-added-rows="' + prefix + '"]');
    var total = management(prefix, "TOTAL_FORMS");
    if (!template || !slot || !total) return null;
    var row = template.content.firstElementChild.cloneNode(true);
    setIndex(row, prefix, Number(total.value));
    total.value = String(Number(total.value) + 1);
    slot.appendChild(row);
    enhance(row);
    return row;
  }

  /* Stored rows first, then new ones, numbered from 0 (what the formset expects). */
  function renumber(prefix) {
    var stored = [], added = [];
    rowsOf(prefix).forEach(function (row) {
      var id = row.querySelector('input[name$="-id"]');
      (id && id.value ? stored : added).push(row);
    });
    stored.concat(added).forEach(function (row, index) { setIndex(row, prefix, index); });
    management(prefix, "TOTAL_FORMS").value = String(stored.length + added.length);
    management(prefix, "INITIAL_FORMS").value = String(stored.length);
  }

  function field(row, name) {
    return row.querySelector('[name$="-' + name + '"]');
  }

  /* "Add another site" starts from the last site's entries (not its notes, nor whether to remove it). */
  var NOT_COPIED = /-(id|visit|DELETE|notes)$/;

  function copyEntries(from, to) {
    var inputs = from.querySelectorAll("input[name], select[name], textarea[name]");
    for (var i = 0; i < inputs.length; i++) {
      var source = inputs[i];
      if (NOT_COPIED.test(source.name) || source.type === "hidden") continue;
      var suffix = source.name.replace(/^.*?-\d+-/, "");
      if (source.type === "checkbox" || source.type === "radio") {
        var twin = to.querySelector('[name$="-' + suffix + '"][value="' + source.value + '"]');
        if (twin) twin.checked = source.checked;
      } else {
        var target = field(to, suffix);
        if (target) target.value = source.value;
      }
    }
  }

  function announce(text) {
    var box = document.querySelector("[data-findings-status]");
    if (box) box.textContent = text;
  }

  function touched(row) {
    // Tell the autosave (and the leave warning) that the page changed.
    row.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function onAddRow(button) {
    var prefix = button.getAttribute("data-add-row");
    var before = rowsOf(prefix);
    var row = addRow(prefix);
    if (!row) return;
    var sites = before.filter(function (site) {
      var point = field(site, "trigger_point");
      return point && point.value;  // a site entered, not an empty row
    });
    if (row.getAttribute("data-row") === "needling site" && sites.length) {
      copyEntries(sites[sites.length - 1], row);
      syncHazards(row);
    }
    touched(row);
    var first = row.querySelector("select, input:not([type=hidden]), textarea");
    if (first) first.focus();
  }

  /* "Add as finding" on a candidate: a new finding row with its trigger point and side, as suspected. */
  function addCandidate(button) {
    var parts = button.value.split(":");
    var pointId = parts[0], side = parts[1];
    var rows = rowsOf("findings");
    for (var i = 0; i < rows.length; i++) {
      var point = field(rows[i], "trigger_point"), chosenSide = field(rows[i], "side");
      if (point && chosenSide && point.value === pointId && chosenSide.value === side) {
        announce(labelOf(point) + ", " + side + ", is already a finding.");
        rows[i].scrollIntoView({ block: "nearest" });
        return;
      }
    }
    var row = null;
    for (var j = 0; j < rows.length && !row; j++) {
      var id = field(rows[j], "id"), tp = field(rows[j], "trigger_point");
      if (id && !id.value && tp && !tp.value) row = rows[j];  // an empty row waiting for a finding
    }
    row = row || addRow("findings");
    if (!row) return;
    var details = row.closest("details");
    if (details) details.open = true;
    field(row, "trigger_point").value = pointId;
    field(row, "side").value = side;
    var suspected = row.querySelector('input[type=radio][name$="-status"][value="suspected"]');
    var anyStatus = row.querySelector('input[type=radio][name$="-status"]:checked');
    if (suspected && !anyStatus) suspected.checked = true;
    touched(row);
    var label = labelOf(field(row, "trigger_point"));
    offerForNeedling(pointId, label + " (" + side + " finding)");
    announce(label + ", " + side + ", added as a suspected finding.");
  }

  /* The needling site's trigger-point list offers this visit's findings first (as the page draws it after a
     save): a finding added in place joins that group at once, in every site row and in the blank row. */
  var FINDINGS_GROUP = "This visit's findings";

  function offerForNeedling(pointId, text) {
    var selects = Array.prototype.slice.call(document.querySelectorAll('[data-row="needling site"] select[name$="-trigger_point"]'));
    var blank = document.querySelector('template[data-row-template="needling"]');
    if (blank) selects = selects.concat(Array.prototype.slice.call(blank.content.querySelectorAll('select[name$="-trigger_point"]')));
    selects.forEach(function (select) {
      var group = null;
      for (var i = 0; i < select.children.length; i++) {
        if (select.children[i].tagName === "OPTGROUP" && select.children[i].label === FINDINGS_GROUP) group = select.children[i];
      }
      if (!group) {
        group = document.createElement("optgroup");
        group.label = FINDINGS_GROUP;
        var first = select.children[0];
        var afterBlank = first && first.tagName === "OPTION" && !first.value ? first.nextSibling : first;
        select.insertBefore(group, afterBlank);
      }
      var option = document.createElement("option");
      option.value = pointId;
      option.textContent = text;
      group.appendChild(option);
    });
  }

  function labelOf(select) {
    var option = select.options[select.selectedIndex];
    return option ? option.text : "";
  }

  window.visitRows = { add: addRow, renumber: renumber, rowsOf: rowsOf, enhance: enhance };

  document.addEventListener("DOMContentLoaded", function () {
    var rows = document.querySelectorAll("[data-row]");
    for (var i = 0; i < rows.length; i++) enhance(rows[i]);
    var buttons = document.querySelectorAll("[data-add-row]");
    for (var b = 0; b < buttons.length; b++) {
      buttons[b].hidden = false;
      buttons[b].addEventListener("click", function (event) { onAddRow(event.currentTarget); });
    }
    // The candidates are redrawn as the map changes: one listener for all their buttons.
    var form = document.getElementById("visit-form");
    if (form && document.querySelector('template[data-row-template="findings"]')) {
      form.addEventListener("click", function (event) {
        var button = event.target.closest('button[name="add_candidate"]');
        if (!button) return;
        event.preventDefault();
        addCandidate(button);
      });
    }
  });
})();

/*
 * The visit page on a tablet: each technique row shows only the chosen technique's parameter fields, and
 * each needling site the chosen trigger point's needling hazards.
 *
 * Without this script every technique's parameters are shown, each labelled with its technique, and the
 * server refuses a value given for a technique other than the chosen one. With it, the other techniques'
 * inputs are hidden and disabled (so they are not submitted).
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

  document.addEventListener("DOMContentLoaded", function () {
    var sites = document.querySelectorAll('[data-row="needling site"]');
    for (var k = 0; k < sites.length; k++) {
      (function (row) {
        var select = row.querySelector("select[name$='-trigger_point']");
        if (select) select.addEventListener("change", function () { syncHazards(row); });
      })(sites[k]);
    }
    var rows = document.querySelectorAll("[data-technique-row]");
    for (var i = 0; i < rows.length; i++) {
      (function (row) {
        row.classList.add("technique-row--enhanced");
        syncRow(row);
        var select = row.querySelector("[data-technique-select] select");
        if (select) select.addEventListener("change", function () { syncRow(row); });
      })(rows[i]);
    }
  });
})();

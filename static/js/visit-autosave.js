/*
 * Nothing typed on the visit page is lost (docs/records.md, "Autosave and session expiry").
 *
 * Autosave: a few seconds after the last change (data-autosave-seconds), and when the page is hidden or
 * left, the form is posted as "Save draft" with the header X-Autosave: 1: the same validation, version check
 * and transaction on the server, answered in JSON (records/visits/autosave.py). The page then says "Saved
 * 10:42" or what failed: refused entries are marked beside their input and stay as typed; a conflict (the
 * draft saved elsewhere) shows who and what, and nothing more is saved until the therapist chooses "Save
 * draft", which then replaces that version, as on the full page. After a save the page takes the draft's new
 * lock_version, turns its new rows into stored ones and drops removed ones (window.visitRows, visit.js), so
 * the next save neither conflicts with it nor adds the rows twice.
 *
 * This tab keeps what was typed (sessionStorage, keyed by user and visit) until it is saved: a save that
 * reaches the server after the session ended (the sign-in page says so) is put back on the page after
 * signing in again. It is dropped once saved, at sign-out, and when another user signs in on the tab
 * (tab-drafts.js).
 *
 * Session: activity on the page (typing, tapping the chart) keeps the session alive (a keep-alive post at
 * most once a minute); before an idle sign-out the page warns and offers to stay signed in.
 */
(function () {
  "use strict";

  var KEEP_ALIVE_EVERY_MS = 60 * 1000;

  var form, statusBox, stashKey, delayMs, idleSeconds;
  var timer = null, inFlight = null, sendAgain = false, editedSinceSend = false;
  var conflicted = false, conflictLockVersion = null, ended = false, submitting = false;
  var lastSaved = "";
  var expiresAt = 0, lastKeepAlive = 0, warnTimer = null, endTimer = null;

  function serialise() {
    var params = new URLSearchParams(new FormData(form));
    return params.toString();
  }

  function say(text, state) {
    statusBox.textContent = text;
    statusBox.setAttribute("data-state", state);
  }

  /* --- Kept in this tab ------------------------------------------------------------------------------ */

  function stash() {
    var entries = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") entries.push([name, value]);
    });
    try {
      sessionStorage.setItem(stashKey, JSON.stringify({
        user: form.getAttribute("data-user"),
        visit: form.getAttribute("data-visit"),
        lockVersion: form.elements.lock_version.value,
        entries: entries
      }));
    } catch (error) { /* storage full or refused: the autosave still runs */ }
  }

  function dropStash() {
    sessionStorage.removeItem(stashKey);
  }

  /* Put back what this tab kept, when the draft was not saved since (same lock_version). */
  function restore() {
    var kept;
    try { kept = JSON.parse(sessionStorage.getItem(stashKey) || "null"); } catch (error) { kept = null; }
    if (!kept) return false;
    if (kept.user !== form.getAttribute("data-user") || kept.lockVersion !== form.elements.lock_version.value) {
      dropStash();  // saved since (by this tab or elsewhere), or not this user's
      return false;
    }
    var values = {};
    kept.entries.forEach(function (entry) { (values[entry[0]] = values[entry[0]] || []).push(entry[1]); });
    // Rows added in place before the sign-out come back first, so their entries have somewhere to go.
    ["findings", "techniques", "needling", "adverse"].forEach(function (prefix) {
      var total = form.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
      var wanted = values[prefix + "-TOTAL_FORMS"] ? Number(values[prefix + "-TOTAL_FORMS"][0]) : 0;
      while (total && window.visitRows && Number(total.value) < wanted) {
        if (!window.visitRows.add(prefix)) break;
      }
    });
    var changed = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || name === "csrfmiddlewaretoken" || name === "lock_version" || element.disabled) return;
      if (/-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name)) return;
      var given = values[name] || [];
      if (element.type === "checkbox" || element.type === "radio") {
        var checked = given.indexOf(element.value) !== -1;
        if (element.checked !== checked) { element.checked = checked; changed.push(element); }
      } else if (element.type === "select-multiple") {
        Array.prototype.forEach.call(element.options, function (option) { option.selected = given.indexOf(option.value) !== -1; });
        changed.push(element);
      } else if (element.type !== "submit" && element.type !== "button" && name in values && element.value !== given[0]) {
        element.value = given[0];
        changed.push(element);
      }
    });
    changed.forEach(function (element) {
      element.dispatchEvent(new Event("input", { bubbles: true }));
      element.dispatchEvent(new Event("change", { bubbles: true }));
    });
    return changed.length > 0;
  }

  /* --- Saving ---------------------------------------------------------------------------------------- */

  function schedule() {
    if (conflicted || ended) return;
    clearTimeout(timer);
    timer = setTimeout(save, delayMs);
  }

  function save(options) {
    options = options || {};
    // Not while the page's own save is on its way: both would carry the same lock_version.
    if (conflicted || ended || submitting) return;
    clearTimeout(timer);
    var body = serialise();
    if (body === lastSaved) return;
    if (inFlight) { sendAgain = true; return; }
    stash();
    editedSinceSend = false;
    say("Saving…", "saving");
    inFlight = fetch(form.getAttribute("action"), {  // (form.action is its "action" button)
      method: "POST",
      body: new URLSearchParams(body),
      credentials: "same-origin",
      headers: { "X-Autosave": "1", "X-Requested-With": "fetch" },
      keepalive: !!options.leaving
    }).then(function (response) {
      return answered(response, body);
    }).catch(function () {
      say("Not saved: the server could not be reached. Your entries are kept in this tab; the next change tries again.", "error");
    }).then(function () {
      inFlight = null;
      if (sendAgain) { sendAgain = false; schedule(); }
    });
  }

  function answered(response, body) {
    if (response.redirected && /\/accounts\/login\//.test(response.url)) {
      sessionEnded();
      return null;
    }
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") === -1) {
      say("Not saved: the server refused (" + response.status + "). Your entries are kept on this page.", "error");
      return null;
    }
    return response.json().then(function (data) {
      if (data.status === "saved") saved(data, body);
      else if (data.status === "invalid") refused(data);
      else if (data.status === "conflict") conflict(data);
      else say(data.message || "Not saved.", "error");
    });
  }

  function saved(data, body) {
    form.elements.lock_version.value = String(data.lock_version);
    Object.keys(data.rows || {}).forEach(function (prefix) {
      var rows = data.rows[prefix];
      rows.removed.forEach(function (rowPrefix) {
        var id = form.querySelector('input[name="' + rowPrefix + '-id"]');
        var row = id && id.closest("[data-row]");
        if (row) row.remove();
      });
      Object.keys(rows.created).forEach(function (rowPrefix) {
        var id = form.querySelector('input[name="' + rowPrefix + '-id"]');
        if (id) id.value = String(rows.created[rowPrefix]);
      });
      if (window.visitRows && (rows.removed.length || Object.keys(rows.created).length)) {
        window.visitRows.renumber(prefix);
      }
    });
    clearMarks();
    if (data.session_expires_in) planSession(data.session_expires_in);
    if (editedSinceSend) {
      lastSaved = body;
      schedule();
    } else {
      lastSaved = serialise();
      dropStash();
      form.dispatchEvent(new CustomEvent("leave-warning:saved", { detail: { saved: lastSaved } }));
    }
    say("Saved " + data.saved_at, "saved");
  }

  /* Refused entries: marked beside their input as the full page marks them; nothing is changed. */
  function refused(data) {
    clearMarks();
    var own = [];
    Object.keys(data.errors || {}).forEach(function (name) {
      var messages = data.errors[name];
      var element = form.elements[name];
      if (element && element.length !== undefined && !element.tagName) element = element[0];
      if (/-__all__$/.test(name) || !element || !element.id) {
        own = own.concat(messages);
        return;
      }
      element.classList.add("is-invalid");
      element.setAttribute("aria-invalid", "true");
      element.setAttribute("aria-describedby", element.id + "_error");
      var holder = element.closest(".form-check") || element;
      var box = document.createElement("div");
      box.className = "invalid-feedback d-block";
      box.id = element.id + "_error";
      box.setAttribute("data-autosave-error", "");
      box.textContent = messages.join(" ");
      holder.insertAdjacentElement("afterend", box);
    });
    say(data.message + (own.length ? " " + own.join(" ") : ""), "error");
  }

  function clearMarks() {
    Array.prototype.forEach.call(form.querySelectorAll(".invalid-feedback"), function (box) { box.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll(".is-invalid"), function (element) {
      element.classList.remove("is-invalid");
      element.removeAttribute("aria-invalid");
      var describedBy = (element.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return !/_error$/.test(id);
      });
      if (describedBy.length) element.setAttribute("aria-describedby", describedBy.join(" "));
      else element.removeAttribute("aria-describedby");
    });
  }

  function conflict(data) {
    conflicted = true;
    conflictLockVersion = data.lock_version;
    var slot = document.querySelector("[data-conflict-slot]");
    if (slot) {
      slot.innerHTML = data.html;  // drawn by the server's template, escaped there
      slot.scrollIntoView({ block: "nearest" });
    }
    say(data.message + " Nothing more is saved automatically; choose Save draft to replace their version.", "error");
  }

  /* --- Session --------------------------------------------------------------------------------------- */

  function warningLeadMs() {
    // Two minutes before the end; a quarter of the limit when the limit is short (tests, kiosks).
    return Math.min(120, idleSeconds / 4) * 1000;
  }

  function planSession(expiresInSeconds) {
    expiresAt = Date.now() + expiresInSeconds * 1000;
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    document.querySelector("[data-session-warning]").hidden = true;
    warnTimer = setTimeout(warn, Math.max(0, expiresAt - Date.now() - warningLeadMs()));
    endTimer = setTimeout(sessionEnded, Math.max(0, expiresAt - Date.now()));
  }

  function warn() {
    if (ended) return;
    var seconds = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
    document.querySelector("[data-session-left]").textContent =
      seconds >= 90 ? Math.round(seconds / 60) + " minutes" : seconds + " seconds";
    document.querySelector("[data-session-warning]").hidden = false;
  }

  function keepAlive(force) {
    if (ended || (!force && Date.now() - lastKeepAlive < Math.min(KEEP_ALIVE_EVERY_MS, idleSeconds * 250))) return;
    lastKeepAlive = Date.now();
    fetch(form.getAttribute("data-keep-alive-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value, "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.redirected && /\/accounts\/login\//.test(response.url)) { sessionEnded(); return null; }
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data && data.session_expires_in) planSession(data.session_expires_in);
    }).catch(function () { /* offline: the timers still warn */ });
  }

  function sessionEnded() {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    stash();
    document.querySelector("[data-session-warning]").hidden = true;
    document.querySelector("[data-session-ended]").hidden = false;
    say("Signed out: not saved. What you typed is kept in this tab until you sign in again.", "error");
  }

  /* --- Wiring ---------------------------------------------------------------------------------------- */

  function activity() {
    editedSinceSend = true;
    keepAlive(false);
    schedule();
  }

  document.addEventListener("DOMContentLoaded", function () {
    form = document.querySelector("form[data-autosave]");
    if (!form) return;
    statusBox = document.querySelector("[data-autosave-status]");
    delayMs = Number(form.getAttribute("data-autosave-seconds") || "4") * 1000;
    idleSeconds = Number(form.getAttribute("data-session-idle") || "1800");
    stashKey = "visit-draft:" + form.getAttribute("data-user") + ":" + form.getAttribute("data-visit");
    lastSaved = serialise();
    lastKeepAlive = Date.now();  // this page load moved the session on
    planSession(Number(form.getAttribute("data-session-expires-in") || idleSeconds));

    if (restore()) {
      say("Put back what you typed before you were signed out: not saved yet.", "restored");
      schedule();
    }

    form.addEventListener("input", activity);
    form.addEventListener("change", activity);
    // The pain map changes its inputs from a script, without input events: a tap or a key there counts.
    var chart = form.querySelector("[data-pain-map]");
    if (chart) {
      chart.addEventListener("click", activity);
      chart.addEventListener("keyup", activity);
    }
    form.addEventListener("submit", function (event) {
      if (inFlight) {
        // A background save is on its way and will move lock_version on: send this one after it.
        event.preventDefault();
        var submitter = event.submitter;
        inFlight.then(function () { form.requestSubmit(submitter); });
        return;
      }
      submitting = true;
      clearTimeout(timer);
      if (conflicted && conflictLockVersion !== null) {
        // "Save draft" after a conflict replaces the other version, as on the full page.
        form.elements.lock_version.value = String(conflictLockVersion);
      }
      stash();  // if the session ended meanwhile, the sign-in page is next and this is put back after it
    });
    document.querySelector("[data-stay-signed-in]").addEventListener("click", function () { keepAlive(true); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save({ leaving: true });
    });
    window.addEventListener("pagehide", function () { save({ leaving: true }); });
    // Back on the page from the browser's back/forward cache: it is live again.
    window.addEventListener("pageshow", function (event) { if (event.persisted) submitting = false; });
  });
})();

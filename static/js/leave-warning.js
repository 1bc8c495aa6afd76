/*
 * Warn before leaving a form with unsaved changes: any <form data-warn-unsaved>.
 *
 * A form counts as changed when what it would submit differs from what it held when the page loaded (or
 * when it was last saved in the background: the visit editor's autosave sends "leave-warning:saved" with
 * what it saved). Leaving by a link of the page (top bar, breadcrumb) asks first, in the page; leaving
 * otherwise (back, reload, closing the tab) gets the browser's own "leave site?" question. Submitting the
 * form itself is a save and is not asked about.
 */
(function () {
  "use strict";

  var MESSAGE = "Some of your changes are not saved yet. Leave this page anyway?";
  var forms = [];
  var leaving = false;

  function snapshot(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }

  function changed(form) {
    // The CSRF token may be renewed by a save in the background; it is no entry of the user's.
    return withoutToken(snapshot(form)) !== withoutToken(form.leaveWarningBaseline);
  }

  function withoutToken(serialised) {
    var params = new URLSearchParams(serialised);
    params.delete("csrfmiddlewaretoken");
    return params.toString();
  }

  function anyChanged() {
    for (var i = 0; i < forms.length; i++) if (changed(forms[i])) return true;
    return false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var found = document.querySelectorAll("form[data-warn-unsaved]");
    for (var i = 0; i < found.length; i++) {
      (function (form) {
        form.leaveWarningBaseline = snapshot(form);
        forms.push(form);
        form.addEventListener("submit", function () { leaving = true; });
        form.addEventListener("leave-warning:saved", function (event) {
          form.leaveWarningBaseline = event.detail && event.detail.saved !== undefined ? event.detail.saved : snapshot(form);
        });
      })(found[i]);
    }
    // A page restored from the back/forward cache is live again.
    window.addEventListener("pageshow", function () { leaving = false; });
  });

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.target === "_blank" || link.hasAttribute("download")) return;
    var href = link.getAttribute("href");
    if (href.charAt(0) === "#") return;  // a section of this page
    if (!anyChanged()) return;
    if (window.confirm(MESSAGE)) {
      leaving = true;  // asked already: not twice
    } else {
      event.preventDefault();
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (leaving || !anyChanged()) return;
    event.preventDefault();
    event.returnValue = "";  // older browsers show their question only with this set
  });
})();

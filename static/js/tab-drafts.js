/*
 * What the visit editor keeps in this browser tab (sessionStorage "visit-draft:<user>:<visit>", see
 * visit-autosave.js) belongs to the user who typed it: on every page of a signed-in user, another user's is
 * dropped, and signing out drops all of it, so a shared tablet shows the next user nothing of it. The
 * sign-in page (nobody signed in) keeps it: it is put back once the same user has signed in again.
 */
(function () {
  "use strict";

  var PREFIX = "visit-draft:";
  var me = (document.currentScript && document.currentScript.getAttribute("data-user")) || "";

  function drop(keep) {
    try {
      for (var i = sessionStorage.length - 1; i >= 0; i--) {
        var key = sessionStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0 && !keep(key)) sessionStorage.removeItem(key);
      }
    } catch (error) { /* storage refused: nothing kept either */ }
  }

  if (me) drop(function (key) { return key.indexOf(PREFIX + me + ":") === 0; });

  document.addEventListener("submit", function (event) {
    var action = event.target.getAttribute("action") || "";
    if (/\/accounts\/logout\/$/.test(action)) drop(function () { return false; });
  });
})();

// Today without page reloads: Done and the rating save in place; offline, they are kept on the
// phone (window.Together.queue) and shown as "saved, will sync". Without this script the same
// forms post and come back to Today.
(function () {
  "use strict";
  var T = window.Together;
  // The page's words in its language, from data-w-* attributes the template fills.
  var page = document.querySelector("[data-w-pending]");
  var W = page ? page.dataset : {};
  function word(key, english) { return W[key] || english; }

  function entryOf(form) { return form.closest("[data-entry]"); }

  function setStatus(entry, text) {
    var line = entry.querySelector("[data-entry-status]");
    line.hidden = !text;
    line.textContent = text || "";
  }

  function showDone(entry, done, moveFocus) {
    entry.classList.toggle("is-done", done);
    var todo = entry.querySelector("[data-when=todo]");
    var doneBlock = entry.querySelector("[data-when=done]");
    if (todo) todo.hidden = done;
    if (doneBlock) doneBlock.hidden = !done;
    var focusTarget = done && doneBlock ? doneBlock.querySelector(".rate-button") : todo && todo.querySelector("button");
    if (moveFocus && focusTarget) focusTarget.focus();
  }

  function showRating(entry, value) {
    entry.querySelectorAll(".rate-button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.value === String(value)));
    });
  }

  function refreshSavedCopy() {
    // The device's offline copy of Today should show this tick too.
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ warm: [window.location.pathname] });
  }

  function markPending(entry) {
    setStatus(entry, word("wPending", "Saved on this phone. It will sync when you're back online."));
    entry.classList.add("is-pending");
  }

  function apply(form, fields, entry) {
    var data = {};
    fields.forEach(function (pair) { data[pair[0]] = pair[1]; });
    var moveFocus = form !== null && !("rating" in data);  // after Done, focus the rating
    if ("rating" in data) { showRating(entry, data.rating); showDone(entry, true, false); }
    else if ("done" in data) { showDone(entry, data.done === "1", moveFocus); }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-tick-form], [data-rate-form]") || !window.fetch || !T) return;
    event.preventDefault();
    var entry = entryOf(form);
    var key = form.querySelector("input[name=key]");
    if (key) key.value = T.newKey();  // a fresh key per tap: ticking again later is a new tick
    var fields = [];
    new FormData(form).forEach(function (value, name) { fields.push([name, value]); });
    if (event.submitter && event.submitter.name) fields.push([event.submitter.name, event.submitter.value]);
    var body = new FormData();
    fields.forEach(function (pair) { body.append(pair[0], pair[1]); });

    function keepForLater() {
      return T.queue(form.action, fields, entry.id).then(function () {
        apply(form, fields, entry);
        markPending(entry);
      }).catch(function () { form.submit(); });
    }
    if (!navigator.onLine) { keepForLater(); return; }
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { form.submit(); return; }
        if (form.hasAttribute("data-reload")) { window.location.reload(); return; }
        apply(form, fields, entry);
        setStatus(entry, "");
        refreshSavedCopy();
        var line = document.getElementById("sync-status");
        if (line) line.textContent = "rating" in Object.fromEntries(fields) ? word("wThanks", "Thanks, saved.") : word("wSaved", "Saved.");
      })
      .catch(keepForLater);
  });

  // A saved copy opened offline shows the ticks still waiting in the queue.
  if (T && window.indexedDB) {
    T.pending().then(function (entries) {
      entries.forEach(function (queued) {
        var entry = document.getElementById(queued.anchor);
        if (entry && entry.matches("[data-entry]")) { apply(null, queued.fields, entry); markPending(entry); }
      });
    });
  }

  document.addEventListener("together:synced", function () {
    refreshSavedCopy();
    document.querySelectorAll("[data-entry].is-pending").forEach(function (entry) {
      entry.classList.remove("is-pending");
      setStatus(entry, word("wSynced", "Synced."));
    });
  });
})();

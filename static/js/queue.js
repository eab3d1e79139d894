// Ticks made offline: kept in IndexedDB, each with its one-time key, and sent in order when the
// connection returns with a fresh CSRF token; a tick sent twice still counts once (planner/once.py).
// Loaded by Today, and by offline.js on any page while ticks are waiting.
(function () {
  "use strict";
  if (window.Together) return;
  var DB_NAME = "together", STORE = "queued-ticks", FLAG = "together-queued";

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function listQueued() { return withStore("readonly", function (s) { return s.getAll(); }); }
  function dropQueued(id) { return withStore("readwrite", function (s) { return s.delete(id); }); }

  // A random UUID, also on plain http (crypto.randomUUID needs a secure context).
  function newKey() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function queue(action, fields, anchor) {
    var kept = fields.filter(function (pair) { return pair[0] !== "csrf_token"; });
    return withStore("readwrite", function (s) {
      return s.add({ action: action, fields: kept, anchor: anchor, at: Date.now() });
    }).then(function () { flag(true); showPending(); });
  }

  // A flag every page can read cheaply: offline.js loads this file on any page while ticks wait.
  function flag(on) {
    try { if (on) localStorage.setItem(FLAG, "1"); else localStorage.removeItem(FLAG); } catch (e) { /* ignore */ }
  }

  // The words come from the status line's data-w-* attributes (worded and translated by the page).
  function statusLine(key, count) {
    var line = document.getElementById("sync-status");
    if (line && line.dataset[key]) line.textContent = line.dataset[key].replace("{count}", count);
  }

  function showPending() {
    return listQueued().then(function (entries) {
      if (entries.length) {
        statusLine(entries.length === 1 ? "wQueuedOne" : "wQueuedMany", entries.length);
      }
      return entries;
    }).catch(function () { return []; });
  }

  var flushing = null;
  // Send queued ticks in the order made, with a fresh CSRF token (the page may be an old copy).
  function flush() {
    if (flushing || !navigator.onLine || !window.indexedDB) return flushing || Promise.resolve();
    flushing = listQueued().then(function (entries) {
      if (!entries.length) { flag(false); return; }
      return fetch("/today/token", { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error("no token"); return r.json(); })
        .then(function (data) {
          return entries.reduce(function (chain, entry) {
            return chain.then(function () { return send(entry, data.csrf_token); });
          }, Promise.resolve());
        })
        .then(function () {
          flag(false);
          statusLine("wAllSaved");
          document.dispatchEvent(new CustomEvent("together:synced"));
        });
    }).catch(function () { showPending(); }).then(function () { flushing = null; });
    return flushing;
  }

  function send(entry, token) {
    var body = new FormData();
    entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.append("csrf_token", token);
    return fetch(entry.action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token }
    }).then(function (response) {
      // Saved, already saved, or refused for good (the item was removed): it leaves the queue.
      if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429)) {
        return dropQueued(entry.id);
      }
      throw new Error("server busy");
    });
  }

  window.Together = { queue: queue, flush: flush, newKey: newKey, pending: showPending };

  window.addEventListener("online", flush);
  if (window.indexedDB) { showPending(); flush(); }
})();

// The app on a phone: registers the service worker, keeps Today and this week saved on the
// device, shows when the page is an offline copy, and loads queue.js while ticks made offline
// are still waiting to be sent.
(function () {
  "use strict";
  function showOffline() {
    var banner = document.getElementById("offline-banner");
    if (banner) banner.hidden = navigator.onLine;
  }
  window.addEventListener("online", showOffline);
  window.addEventListener("offline", showOffline);
  showOffline();

  var me = document.currentScript;
  // After the page has loaded and drawn: registering the worker (which then fetches the files it
  // keeps) and reading localStorage are not allowed to hold up the first screen.
  function afterLoad() {
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        // Ask the worker to keep Today and this week (it does so at most every ten minutes).
        var warm = document.body.getAttribute("data-warm");
        if (warm && registration.active && navigator.onLine) {
          registration.active.postMessage({ warm: warm.split(" ") });
        }
      }).catch(function () {});
    }
    var queued = false;
    try { queued = localStorage.getItem("together-queued") === "1"; } catch (e) { /* ignore */ }
    if (queued && !window.Together && me && me.getAttribute("data-queue")) {
      var script = document.createElement("script");
      script.src = me.getAttribute("data-queue");
      document.head.appendChild(script);
    }
  }
  if (document.readyState === "complete") {
    setTimeout(afterLoad, 0);
  } else {
    window.addEventListener("load", function () { setTimeout(afterLoad, 0); });
  }
})();

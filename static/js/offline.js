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
  var me = document.currentScript;
  if (queued && !window.Together && me && me.getAttribute("data-queue")) {
    var script = document.createElement("script");
    script.src = me.getAttribute("data-queue");
    document.head.appendChild(script);
  }
})();

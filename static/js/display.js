// The family display keeps itself current: it reloads every few minutes while it is on screen.
// (A script rather than <meta http-equiv="refresh">, which screen readers may not be able to
// stop; browsers without JavaScript get the meta refresh from <noscript>.)
(function () {
  "use strict";
  var seconds = parseInt(document.body.getAttribute("data-refresh"), 10) || 300;
  setInterval(function () {
    if (!document.hidden && navigator.onLine !== false) window.location.reload();
  }, seconds * 1000);
})();

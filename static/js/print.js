// The print pages' Print button: phones have no Ctrl+P. Without this script the button stays
// hidden and the hint beside it points to the browser's own menu.
(function () {
  "use strict";
  if (typeof window.print !== "function") {
    return;
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
  document.querySelectorAll(".no-script-hint").forEach(function (hint) {
    hint.hidden = true;
  });
})();

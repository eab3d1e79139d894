// Tick items off without a page reload. Without this script the same forms post and redirect.
(function () {
  "use strict";

  function render(itemEl, state) {
    itemEl.classList.toggle("is-done", state.done);
    var status = itemEl.querySelector("[data-status]");
    if (status) {
      status.textContent = "";
      if (state.done) {
        var badge = document.createElement("span");
        badge.className = "done-badge";
        badge.textContent = "✓ Done";
        status.appendChild(badge);
      }
    }
    var doneForm = itemEl.querySelector("[data-done-form]");
    if (doneForm) {
      doneForm.querySelector("input[name=done]").value = state.done ? "0" : "1";
      var button = doneForm.querySelector("button");
      button.textContent = state.done ? "Mark not done" : "✓ Mark done";
      button.className = state.done ? "button button-quiet button-small" : "button button-small";
    }
    Object.keys(state.counts).forEach(function (slug) {
      var row = document.querySelector('[data-counts] [data-practice="' + slug + '"]');
      if (row) {
        row.querySelector("[data-done]").textContent = state.counts[slug].done;
        row.querySelector("[data-planned]").textContent = state.counts[slug].planned;
      }
    });
  }

  function announce(message) {
    var region = document.getElementById("live-status");
    if (!region) {
      region = document.createElement("p");
      region.id = "live-status";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    region.textContent = message;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-done-form], [data-note-form]") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button.disabled) {
      return;
    }
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        var itemEl = form.closest("[data-item]");
        if (result.ok && result.data.ok) {
          render(itemEl, result.data.item);
          announce(result.data.item.done ? "Marked done." : "Marked not done.");
          var details = form.closest("details");
          if (details && form.matches("[data-note-form]")) {
            details.open = false;
          }
        } else {
          announce("That didn't save. Please try again.");
          form.submit();
        }
      })
      .catch(function () {
        form.submit();
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();

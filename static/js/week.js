// Tick items off without a page reload, and print the week. Without this script the same forms
// post and redirect, and Print opens the printable page.
(function () {
  "use strict";

  var CHECK =
    '<svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">' +
    '<path d="M2.5 8.5l3.5 3.5 7.5-8" fill="none" stroke="currentColor" stroke-width="2.2" ' +
    'stroke-linecap="round" stroke-linejoin="round"/></svg>';
  // The page's words in its language, from data-w-* attributes the template fills.
  var page = document.querySelector("[data-w-done]");
  var W = page ? page.dataset : {};
  function word(key, english) { return W[key] || english; }
  function escaped(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function render(itemEl, state) {
    itemEl.classList.toggle("is-done", state.done);
    var status = itemEl.querySelector("[data-status]");
    if (status) {
      status.innerHTML = state.done ? '<span class="done-badge">' + CHECK + " " + escaped(word("wDone", "Done")) + "</span>" : "";
    }
    var button = itemEl.querySelector("[data-done-button]");
    if (button) {
      button.value = state.done ? "0" : "1";
      button.textContent = state.done ? word("wMarkNotDone", "Mark not done") : word("wMarkDone", "Mark done");
      button.className = state.done ? "button button-quiet" : "button";
    }
    // A done item stays what the family did: no swapping or keeping it any more.
    itemEl.querySelectorAll("[data-open]").forEach(function (el) {
      el.hidden = state.done;
    });
    // Only the done counts change here: the planned counts leave watch-for cards out.
    Object.keys(state.counts).forEach(function (slug) {
      var row = document.querySelector('[data-counts] [data-practice="' + slug + '"]');
      if (row) {
        row.querySelector("[data-done]").textContent = state.counts[slug].done;
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

  // Without the script a form sends the pressed button's name and value; do the same here.
  function sendPlainly(form, submitter) {
    if (submitter && submitter.name) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = submitter.name;
      field.value = submitter.value;
      form.appendChild(field);
    }
    form.submit();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (!form.matches("[data-done-form], [data-note-form]") || !window.fetch) {
      return;
    }
    // Keep posts the item's form to its own address: an ordinary submit.
    if (submitter && submitter.hasAttribute("formaction")) {
      return;
    }
    event.preventDefault();
    if (submitter && submitter.disabled) {
      return;
    }
    var body = new FormData(form);
    if (submitter && submitter.name) {
      body.append(submitter.name, submitter.value);
    }
    if (submitter) {
      submitter.disabled = true;
    }
    fetch(form.action, {
      method: "POST",
      body: body,
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
          if (itemEl) {
            render(itemEl, result.data.item);
          }
          announce(result.data.item.done ? word("wMarked", "Marked done.") : word("wUnmarked", "Marked not done."));
          var details = submitter && submitter.closest("details");
          if (details && submitter.hasAttribute("data-save-note")) {
            details.open = false;
          }
        } else {
          announce(word("wFailed", "That didn't save. Please try again."));
          sendPlainly(form, submitter);
        }
      })
      .catch(function () {
        sendPlainly(form, submitter);
      })
      .finally(function () {
        if (submitter) {
          submitter.disabled = false;
        }
      });
  });

  // Print: the browser's own dialog (phones have no Ctrl+P); the link is the no-script way.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-print]");
    if (link && typeof window.print === "function") {
      event.preventDefault();
      window.print();
    }
  });
})();

// Time zone select: pre-select the browser's zone on registration, and add a type-to-find box.
// Without this script the plain grouped <select> works the same.
(function () {
  "use strict";

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (option) {
      return option.value === value;
    });
  }

  document.querySelectorAll("select[data-browser-zone]").forEach(function (select) {
    var zone = "";
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      zone = "";
    }
    if (zone && hasOption(select, zone) && !select.hasAttribute("aria-invalid")) {
      select.value = zone;
    }
  });

  document.querySelectorAll("select[data-zone-search]").forEach(function (select, index) {
    var listId = "zone-list-" + index;
    var list = document.createElement("datalist");
    list.id = listId;
    Array.prototype.forEach.call(select.options, function (option) {
      var entry = document.createElement("option");
      entry.value = option.value;
      list.appendChild(entry);
    });
    var label = document.createElement("label");
    label.textContent = select.getAttribute("data-zone-search"); // worded by the page, translated
    label.htmlFor = select.id + "-find";
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "-find";
    input.setAttribute("list", listId);
    input.autocomplete = "off";
    input.addEventListener("change", function () {
      var typed = input.value.trim().toLowerCase().replace(/ /g, "_");
      var match = Array.prototype.find.call(select.options, function (option) {
        var value = option.value.toLowerCase();
        return value === typed || value.split("/").pop() === typed;
      });
      if (match) {
        select.value = match.value;
      }
    });
    var holder = document.createElement("div");
    holder.className = "zone-find";
    holder.appendChild(label);
    holder.appendChild(input);
    holder.appendChild(list);
    select.parentNode.insertBefore(holder, select);
  });
})();

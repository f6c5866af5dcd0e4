// Progressive enhancements only: every page works without this file.
"use strict";

// A live character count under fields that have a maxlength and data-counter.
document.querySelectorAll("[data-counter][maxlength]").forEach(function (field) {
  var out = document.createElement("p");
  out.className = "counter";
  out.setAttribute("aria-live", "polite");
  var max = Number(field.getAttribute("maxlength"));
  function update() { out.textContent = Array.from(field.value).length + " / " + max; }
  field.insertAdjacentElement("afterend", out);
  field.addEventListener("input", update);
  update();
});

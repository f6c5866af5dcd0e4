// Progressive enhancements only: every page works without this file.
"use strict";

// A live character count under fields marked data-counter, against their
// data-max or maxlength; over the limit it says so and turns red.
document.querySelectorAll("[data-counter]").forEach(function (field) {
  var max = Number(field.getAttribute("data-max") || field.getAttribute("maxlength"));
  if (!max) { return; }
  var out = document.createElement("p");
  out.className = "counter";
  out.setAttribute("aria-live", "polite");
  function update() {
    var n = Array.from(field.value).length;
    out.textContent = n + " / " + max;
    out.classList.toggle("over", n > max);
  }
  field.insertAdjacentElement("afterend", out);
  field.addEventListener("input", update);
  update();
});

// A reply starts with the mentions: typing goes after them.
document.querySelectorAll("#reply textarea").forEach(function (field) {
  field.addEventListener("focus", function () {
    if (field.selectionStart === 0 && field.selectionEnd === 0) {
      field.selectionStart = field.selectionEnd = field.value.length;
    }
  });
});

// Forms marked data-confirm ask first.
document.addEventListener("submit", function (e) {
  var msg = e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) { e.preventDefault(); e.stopImmediatePropagation(); }
}, true);

// Buttons under a status and on a profile (forms marked data-fetch) act
// without a reload: the server answers with the redrawn part, or 204 when
// the status is gone. Any failure falls back to a plain form post.
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (!form.hasAttribute("data-fetch") || !window.fetch) { return; }
  e.preventDefault();
  var token = form.querySelector("input[name=csrf_token]");
  var button = form.querySelector("button");
  if (button) { button.disabled = true; }
  fetch(form.action, {
    method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
    headers: { "X-CSRF-Token": token ? token.value : "", "X-Requested-With": "fetch" }
  }).then(function (res) {
    if (!res.ok) { throw new Error(res.status); }
    return res.status === 204 ? "" : res.text();
  }).then(function (html) {
    var status = form.closest("article.status");
    var rel = form.closest(".relationship");
    if (html === "") {
      if (status) { status.remove(); }
      return;
    }
    var t = document.createElement("template");
    t.innerHTML = html;
    if (rel) {
      rel.replaceWith(t.content.querySelector(".relationship"));
    } else if (status) {
      // Only the buttons change: a boost's "X boosted" header stays.
      var fresh = t.content.querySelector(".status-actions");
      status.querySelector(".status-actions").replaceWith(fresh);
      var kind = button && button.classList[1];
      var again = kind && fresh.querySelector("button." + kind);
      if (again) { again.focus(); }
    }
  }).catch(function () {
    form.removeAttribute("data-fetch");
    form.submit();
  });
});

// The composer's schedule field is in local time: tell the server the offset.
document.querySelectorAll("[data-utc-offset]").forEach(function (field) {
  field.value = String(new Date().getTimezoneOffset());
});

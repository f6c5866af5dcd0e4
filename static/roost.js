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
      // A deleted status, or a dismissed announcement, leaves the page.
      var gone = status || form.closest(".announcement");
      if (gone) { gone.remove(); }
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
      showCopyButtons(fresh);
      var kind = button && button.classList[1];
      var again = kind && fresh.querySelector("button." + kind);
      if (again) { again.focus(); }
    }
  }).catch(function () {
    form.removeAttribute("data-fetch");
    form.submit();
  });
});

// Focal-point picker: choosing an image shows it; a click on it sets the
// x,y number fields (which work alone without this script). Mastodon's
// focus runs from -1 (left, bottom) to 1 (right, top).
document.querySelectorAll("[data-focus-picker]").forEach(function (slot) {
  var file = slot.querySelector("input[type=file]");
  var fx = slot.querySelector("[data-focus-x]");
  var fy = slot.querySelector("[data-focus-y]");
  var box = document.createElement("div");
  box.className = "focus-preview";
  box.hidden = true;
  var img = document.createElement("img");
  img.alt = "";
  var mark = document.createElement("span");
  mark.className = "focus-mark";
  box.append(img, mark);
  file.insertAdjacentElement("afterend", box);
  function place() {
    mark.style.left = ((Number(fx.value) || 0) + 1) * 50 + "%";
    mark.style.top = (1 - (Number(fy.value) || 0)) * 50 + "%";
  }
  file.addEventListener("change", function () {
    var f = file.files[0];
    if (img.src) { URL.revokeObjectURL(img.src); }
    box.hidden = !f || !/^image\//.test(f.type);
    if (!box.hidden) { img.src = URL.createObjectURL(f); place(); }
  });
  box.addEventListener("click", function (e) {
    var r = img.getBoundingClientRect();
    var x = ((e.clientX - r.left) / r.width) * 2 - 1;
    var y = 1 - ((e.clientY - r.top) / r.height) * 2;
    fx.value = Math.max(-1, Math.min(1, x)).toFixed(2);
    fy.value = Math.max(-1, Math.min(1, y)).toFixed(2);
    place();
  });
  fx.addEventListener("input", place);
  fy.addEventListener("input", place);
});

// The composer's schedule field is in local time: tell the server the offset.
document.querySelectorAll("[data-utc-offset]").forEach(function (field) {
  field.value = String(new Date().getTimezoneOffset());
});

// The more menu's copy button: shown only with JS, copies the post's link.
function showCopyButtons(root) {
  root.querySelectorAll("button[data-copy]").forEach(function (b) { b.hidden = false; });
}
showCopyButtons(document);
document.addEventListener("click", function (e) {
  var b = e.target.closest && e.target.closest("button[data-copy]");
  if (!b) { return; }
  var input = b.parentNode.querySelector("[data-copy-source]");
  var done = function () { b.textContent = b.getAttribute("data-copy"); };
  if (navigator.clipboard) {
    navigator.clipboard.writeText(input.value).then(done);
  } else {
    input.select();
    document.execCommand("copy");
    done();
  }
});

// Live updates: new statuses slide into the timeline's first page and the
// notifications link counts what arrived. Without JS the page is as served.
(function () {
  var bell = document.querySelector("a[data-notifications]");
  if (!bell || !window.EventSource) { return; }
  var live = document.getElementById("live");
  var stream = live ? live.getAttribute("data-stream") : "";
  var source = new EventSource("/web/stream" + (stream ? "?stream=" + encodeURIComponent(stream) : ""));
  var fragment = function (id) {
    return fetch("/statuses/" + id + "/fragment", { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (res) { return res.ok ? res.text() : ""; })
      .then(function (html) {
        var t = document.createElement("template");
        t.innerHTML = html;
        return t.content.querySelector("article.status");
      });
  };
  source.addEventListener("update", function (e) {
    if (!live || document.getElementById("s-" + e.data)) { return; }
    fragment(e.data).then(function (article) {
      if (!article || document.getElementById(article.id)) { return; }
      var feed = document.querySelector(".feed");
      if (!feed) {
        feed = document.createElement("div");
        feed.className = "feed";
        var empty = document.querySelector("p.empty");
        live.insertAdjacentElement("afterend", feed);
        if (empty) { empty.remove(); }
      }
      article.classList.add("arrived");
      showCopyButtons(article);
      feed.insertBefore(article, feed.firstChild);
    });
  });
  source.addEventListener("status.update", function (e) {
    document.querySelectorAll("article.status[data-id='" + e.data + "']").forEach(function (old) {
      fragment(e.data).then(function (article) {
        if (article) { article.id = old.id; showCopyButtons(article); old.replaceWith(article); }
      });
    });
  });
  source.addEventListener("delete", function (e) {
    document.querySelectorAll("article.status[data-id='" + e.data + "'], #s-" + e.data).forEach(function (a) { a.remove(); });
  });
  source.addEventListener("notification", function () {
    if (location.pathname === "/notifications") { return; }
    var badge = bell.querySelector(".unread");
    badge.textContent = String((parseInt(badge.textContent, 10) || 0) + 1);
    badge.hidden = false;
  });
})();

// Prompt for alt text: a chosen picture with an empty description gets a
// reminder under the description until one is written.
document.querySelectorAll("textarea[data-alt-missing]").forEach(function (alt) {
  var slot = alt.closest(".media-slot");
  var file = slot && slot.querySelector("input[type=file]");
  if (!file) { return; }
  var note = document.createElement("p");
  note.className = "warning alt-missing";
  note.setAttribute("role", "status");
  note.hidden = true;
  note.textContent = alt.getAttribute("data-alt-missing");
  alt.insertAdjacentElement("afterend", note);
  var check = function () {
    var picture = file.files.length > 0 && /^image\//.test(file.files[0].type);
    note.hidden = !picture || alt.value.trim() !== "";
  };
  file.addEventListener("change", check);
  alt.addEventListener("input", check);
});

// Import progress (settings, Import): while an import runs, the list is
// fetched again every few seconds; without script, the Refresh link does it.
(function () {
  var list = document.getElementById("imports");
  if (!list || !list.hasAttribute("data-poll") || !window.fetch) { return; }
  var poll = function () {
    fetch(location.pathname, { credentials: "same-origin" }).then(function (res) {
      if (!res.ok) { throw new Error(res.status); }
      return res.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("imports");
      if (!fresh) { return; }
      list.innerHTML = fresh.innerHTML;
      if (fresh.hasAttribute("data-poll")) { setTimeout(poll, 3000); }
    }).catch(function () {});
  };
  setTimeout(poll, 3000);
})();

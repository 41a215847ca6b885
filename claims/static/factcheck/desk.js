// The review desk's keys (templates/admin/review/): every element with data-key answers
// to its key; "?" shows the list. Plain JavaScript, no library.
(function () {
  "use strict";

  function typing(el) {
    if (!el || !el.tagName) return false;
    var tag = el.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select" || el.isContentEditable) return true;
    if (tag !== "input") return false;
    return ["radio", "checkbox", "button", "submit", "hidden"].indexOf(el.type) === -1;
  }

  function openPanel(summary) {
    var panel = summary.parentElement;
    document.querySelectorAll("details.desk-panel[open]").forEach(function (d) { if (d !== panel) d.open = false; });
    panel.open = true;
    // The chosen reason or rating if there is one, else the panel's first field.
    var first = panel.querySelector("input[type=radio]:checked") ||
      panel.querySelector("input:not([type=hidden]), textarea, select");
    if (first) first.focus();
  }

  function submit(form) {
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  var submitting = false;
  document.addEventListener("submit", function () { submitting = true; }, true);

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var dialog = document.getElementById("desk-keys");
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && target.form) {
      event.preventDefault();
      submit(target.form);
      return;
    }
    if (event.key === "Escape") {
      if (dialog && dialog.open) return;  // the dialog closes itself
      var open = document.querySelector("details.desk-panel[open]");
      if (typing(target) || (open && open.contains(target))) {
        target.blur();
        if (open) open.open = false;
        event.preventDefault();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(target)) return;
    if (event.key === "Enter" && target.type === "radio" && target.form) {
      event.preventDefault();
      submit(target.form);
      return;
    }
    if (event.key === "?") {
      if (!dialog) return;
      if (dialog.open) dialog.close(); else dialog.showModal();
      event.preventDefault();
      return;
    }
    // Digits pick the n-th choice of the open panel (a reason, a rating).
    var panel = document.querySelector("details.desk-panel[open][data-digits]");
    if (panel && /^[1-9]$/.test(event.key)) {
      var radios = panel.querySelectorAll("input[type=radio]");
      var radio = radios[Number(event.key) - 1];
      if (radio) {
        radio.checked = true;
        radio.focus();
        event.preventDefault();
      }
      return;
    }
    var element = document.querySelector('[data-key="' + event.key + '"]');
    if (!element || element.disabled) return;
    event.preventDefault();
    if (element.tagName.toLowerCase() === "summary") openPanel(element);
    else element.click();
  });

  function tokenData() {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!token) return null;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    return data;
  }

  // While the editor works on the claim (a key, a click or typing in the last half hour),
  // the lease is renewed at half its length, so a long verdict keeps the claim theirs.
  var lastActivity = Date.now();
  ["keydown", "input", "pointerdown"].forEach(function (name) {
    document.addEventListener(name, function () { lastActivity = Date.now(); }, true);
  });
  var renewing = document.querySelector(".desk[data-renew-url]");
  if (renewing && window.fetch) {
    var seconds = Number(renewing.getAttribute("data-lease-seconds")) || 180;
    setInterval(function () {
      var data = tokenData();
      if (!data || Date.now() - lastActivity > 30 * 60 * 1000) return;
      fetch(renewing.getAttribute("data-renew-url"), { method: "POST", body: data, credentials: "same-origin" })
        .catch(function () { /* the next try, or the version check on saving */ });
    }, seconds * 500);
  }

  // Leaving the claim without acting on it gives it back to the queue at once (an action
  // gives it back on the server). The lease runs out by itself if this never arrives.
  window.addEventListener("pagehide", function () {
    var desk = document.querySelector(".desk[data-release-url]");
    var data = tokenData();
    if (submitting || !desk || !data || !navigator.sendBeacon) return;
    navigator.sendBeacon(desk.getAttribute("data-release-url"), data);
  });
})();

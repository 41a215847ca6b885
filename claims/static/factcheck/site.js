// factcheck pages: status polling and claim focus. Plain JavaScript, no library.
(function () {
  "use strict";

  // Pages listing articles that are still being processed carry data-status-url and
  // data-ids; each row has data-article-id. Poll until every article has settled.
  function pollStatus(root) {
    var url = root.getAttribute("data-status-url");
    var ids = root.getAttribute("data-ids");
    var reloadWhenDone = root.hasAttribute("data-reload-when-settled");
    if (!url || !ids) return;
    var delay = 1000;
    function tick() {
      fetch(url + "?ids=" + encodeURIComponent(ids), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error("status " + r.status); return r.json(); })
        .then(function (data) {
          var pending = false;
          data.articles.forEach(function (a) {
            document.querySelectorAll('[data-article-id="' + a.id + '"]').forEach(function (row) {
              var badge = row.querySelector("[data-field=status]");
              if (badge) {
                badge.textContent = a.status_display;
                badge.className = "badge status-" + a.status;
              }
              var claims = row.querySelector("[data-field=claims]");
              if (claims) claims.textContent = a.claims;
              ["reviewed", "rejected"].forEach(function (name) {
                var el = row.querySelector("[data-field=" + name + "]");
                if (el && a[name] !== undefined) el.textContent = a[name];
              });
              var verified = row.querySelector("[data-field=verified]");
              if (verified) verified.textContent = a.verified;
              var error = row.querySelector("[data-field=error]");
              if (error) error.textContent = a.error;
            });
            if (!a.settled) pending = true;
          });
          if (pending) {
            delay = Math.min(delay * 1.5, 10000);
            setTimeout(tick, delay);
          } else if (reloadWhenDone) {
            window.location.reload();
          }
        })
        .catch(function () { setTimeout(tick, 10000); });
    }
    setTimeout(tick, delay);
  }

  // Article page: following a link to a claim outlines every marked piece of it.
  function markCurrent() {
    var match = /^#claim-(\d+)$/.exec(window.location.hash);
    document.querySelectorAll("mark.fc-claim.current").forEach(function (m) { m.classList.remove("current"); });
    if (!match) return;
    document.querySelectorAll("mark.fc-claim").forEach(function (m) {
      if ((" " + m.getAttribute("data-claims") + " ").indexOf(" " + match[1] + " ") !== -1) m.classList.add("current");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-status-url]").forEach(pollStatus);
    if (document.querySelector("mark.fc-claim")) {
      window.addEventListener("hashchange", markCurrent);
      markCurrent();
    }
  });
})();

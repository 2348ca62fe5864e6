// Polls a mailing's sending and updates its progress; reloads once it has finished.
(function () {
  "use strict";
  var box = document.getElementById("mailing-progress");
  if (!box) return;
  var bar = box.querySelector("progress");
  function set(role, text) {
    var node = box.querySelector('[data-role="' + role + '"]');
    if (node) node.textContent = text;
  }
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (m) {
        bar.value = m.percent;
        set("status", m.status_label);
        set("count", m.done + "/" + m.total);
        set("sent", m.sent);
        set("skipped", m.skipped);
        set("failed", m.failed);
        if (m.finished) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();

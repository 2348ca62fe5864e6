// Polls a bulk print job and updates its progress bar; reloads once the files are ready.
(function () {
  "use strict";
  var box = document.getElementById("print-progress");
  if (!box) return;
  var bar = box.querySelector("progress");
  var status = box.querySelector('[data-role="status"]');
  var count = box.querySelector('[data-role="count"]');
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        bar.value = job.percent;
        status.textContent = job.status_label;
        count.textContent = job.done + "/" + job.total;
        if (job.finished) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();

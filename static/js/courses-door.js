// The door screen: a tap on "Có mặt" / "Đi muộn" records the mark without reloading the page
// (the forms post normally when this script does not run).
(function () {
  "use strict";
  var live = document.getElementById("door-live");
  document.querySelectorAll("form.door-marks").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !window.fetch) return;
      event.preventDefault();
      var data = new FormData(form);
      data.set("status", button.value);
      var buttons = form.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (answer.ok) {
            var status = form.closest(".door-row").querySelector('[data-role="status"]');
            status.textContent = "";
            var label = document.createElement("span");
            label.className = "attendance-" + answer.status;
            label.textContent = answer.label;
            status.appendChild(label);
            status.appendChild(document.createTextNode(" · " + answer.time));
            buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.value === answer.status)); });
            live.textContent = answer.message;
          } else {
            live.textContent = answer.error;
            window.alert(answer.error);
          }
        })
        .catch(function () { form.submit(); })
        .finally(function () { buttons.forEach(function (b) { b.disabled = false; }); });
    });
  });
})();

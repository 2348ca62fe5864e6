// Countdown to the self-assessment deadline, and the area's running total while typing.
(function () {
  "use strict";
  document.querySelectorAll(".countdown[data-deadline]").forEach(function (node) {
    var deadline = new Date(node.dataset.deadline).getTime();
    function tick() {
      var left = Math.max(0, deadline - Date.now());
      var d = Math.floor(left / 86400000), h = Math.floor(left / 3600000) % 24, m = Math.floor(left / 60000) % 60;
      node.textContent = "Còn " + d + " ngày " + h + " giờ " + m + " phút";
    }
    tick();
    setInterval(tick, 30000);
  });
  var total = document.getElementById("area-total");
  var form = document.getElementById("scores-form");
  if (!total || !form) return;
  function sum() {
    var s = 0;
    form.querySelectorAll("input[data-points]").forEach(function (input) {
      var v = parseFloat((input.value || "").replace(",", "."));
      if (!isNaN(v)) s += v;
    });
    total.textContent = (Math.round(s * 100) / 100).toLocaleString("vi-VN");
  }
  form.addEventListener("input", sum);
  form.querySelectorAll("select[data-points-select]").forEach(function (select) {
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var input = document.getElementById(select.id.replace("level-", "value-"));
      if (option.dataset.points && input) { input.value = option.dataset.points.replace(".", ","); sum(); }
    });
  });
})();

// Quiz page: saves each choice as it is made, keeps unsent choices and retries them, counts
// down to the server's deadline and submits when time is up. Strings come from data-attributes.
(function () {
  "use strict";
  var form = document.getElementById("quiz");
  if (!form) return;
  var status = document.getElementById("quiz-status");
  var clock = document.getElementById("quiz-countdown");
  var saveUrl = form.dataset.saveUrl;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var pending = {};
  var submitting = false;
  var endsAt = Date.now() + parseInt(clock.dataset.remaining, 10) * 1000;

  function say(text) { status.textContent = text; }

  function send(key, payload) {
    pending[key] = payload;
    say(form.dataset.msgSaving);
    return fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().then(function (data) {
        if (pending[key] === payload) delete pending[key];
        if (data.ok) {
          endsAt = Date.now() + data.remaining * 1000;
          say(form.dataset.msgSaved);
        } else {
          say(data.error);
          if (data.code === "deadline" || data.code === "attempt_closed") finish();
        }
      });
    }).catch(function () {
      say(form.dataset.msgOffline);
    });
  }

  function retry() {
    Object.keys(pending).forEach(function (key) { send(key, pending[key]); });
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    var fieldset = input.closest("fieldset[data-question]");
    if (fieldset) {
      var chosen = Array.prototype.map.call(
        fieldset.querySelectorAll("input:checked"), function (el) { return parseInt(el.value, 10); });
      send("q" + fieldset.dataset.question, { question: parseInt(fieldset.dataset.question, 10), choices: chosen });
    } else if (input.name === "prediction") {
      send("prediction", { prediction: input.value });
    }
  });

  function finish() {
    if (submitting) return;
    submitting = true;
    say(form.dataset.msgTimeup);
    form.submit();
  }

  form.addEventListener("submit", function (event) {
    if (submitting) return;
    if (!window.confirm(form.dataset.msgConfirm)) { event.preventDefault(); return; }
    submitting = true;
  });

  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    clock.textContent = minutes + " " + form.dataset.labelMinutes + " " +
      (seconds < 10 ? "0" : "") + seconds + " " + form.dataset.labelSeconds;
    if (left <= 0) { finish(); return; }
    window.setTimeout(tick, 1000);
  }
  window.addEventListener("online", retry);
  window.setInterval(retry, 15000);
  tick();
})();

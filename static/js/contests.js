// Quiz page: saves each choice as it is made, keeps unsent choices and retries them, counts
// down to the announced end and submits when time is up; keeps the question navigator (answered,
// flagged for review) and opens a summary before submitting. Strings come from data-attributes.
(function () {
  "use strict";
  var form = document.getElementById("quiz");
  if (!form) return;
  var status = document.getElementById("quiz-status");
  var clock = document.getElementById("quiz-countdown");
  var announce = document.getElementById("quiz-clock-announce");
  var summary = document.getElementById("quiz-summary");
  var finalButton = document.getElementById("quiz-submit-final");
  var saveUrl = form.dataset.saveUrl;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var grace = parseInt(clock.dataset.grace, 10) || 0;
  var pending = {};
  var submitting = false;
  // The server's deadline includes a grace for slow connections; the clock shows the limit.
  var endsAt = Date.now() + parseInt(clock.dataset.remaining, 10) * 1000;
  var fieldsets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-question]"));
  var flagKey = "quiz-flags-" + form.dataset.attempt;
  var flags = {};
  try { flags = JSON.parse(window.sessionStorage.getItem(flagKey) || "{}") || {}; } catch (e) { flags = {}; }

  function say(text) { status.textContent = text; }

  function isAnswered(fieldset) { return !!fieldset.querySelector("input:checked"); }

  function label(fieldset) {
    var text = form.dataset.labelQuestion.replace("%n", fieldset.dataset.number) + ", " +
      (isAnswered(fieldset) ? form.dataset.labelAnswered : form.dataset.labelUnanswered);
    if (flags[fieldset.dataset.question]) text += ", " + form.dataset.labelFlagged;
    return text;
  }

  function refresh() {
    var answered = 0;
    fieldsets.forEach(function (fieldset) {
      var id = fieldset.dataset.question;
      var done = isAnswered(fieldset);
      if (done) answered += 1;
      var link = document.getElementById("nav-" + id);
      if (link) {
        link.classList.toggle("is-answered", done);
        link.classList.toggle("is-flagged", !!flags[id]);
        link.setAttribute("aria-label", label(fieldset));
      }
      var flag = fieldset.querySelector(".quiz-flag");
      if (flag) flag.setAttribute("aria-pressed", flags[id] ? "true" : "false");
    });
    document.getElementById("quiz-answered-count").textContent = answered;
    document.getElementById("quiz-summary-answered").textContent = answered;
  }

  fieldsets.forEach(function (fieldset) {
    var flag = fieldset.querySelector(".quiz-flag");
    if (!flag) return;
    flag.hidden = false;
    flag.addEventListener("click", function () {
      var id = fieldset.dataset.question;
      if (flags[id]) delete flags[id]; else flags[id] = true;
      try { window.sessionStorage.setItem(flagKey, JSON.stringify(flags)); } catch (e) { /* private mode */ }
      refresh();
    });
  });

  // Following a question link moves the keyboard focus into that question, not only the view.
  function goTo(number) {
    var fieldset = document.getElementById("cau-" + number);
    if (!fieldset) return;
    // Below the sticky bar, whatever its height on this screen.
    var bar = document.getElementById("quiz-bar");
    var top = fieldset.getBoundingClientRect().top + window.pageYOffset -
      (bar ? bar.offsetHeight : 0) - 16;
    window.scrollTo(0, Math.max(0, top));
    var target = fieldset.querySelector("input:checked") || fieldset.querySelector("input");
    if (target) target.focus({ preventScroll: true });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#cau-']");
    if (!link) return;
    event.preventDefault();
    if (link.closest("#quiz-summary")) summary.hidden = true;
    var number = link.getAttribute("href").slice(5);
    if (window.history.replaceState) window.history.replaceState(null, "", "#cau-" + number);
    goTo(number);
  });

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
          endsAt = Date.now() + Math.max(0, data.remaining - grace) * 1000;
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
      refresh();
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

  function fill(listId, items) {
    var list = document.getElementById(listId);
    list.textContent = "";
    items.forEach(function (fieldset) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#cau-" + fieldset.dataset.number;
      link.textContent = form.dataset.labelQuestion.replace("%n", fieldset.dataset.number);
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = items.length === 0;
    document.getElementById(listId + "-none").hidden = items.length > 0;
  }

  function openSummary() {
    fill("quiz-summary-unanswered", fieldsets.filter(function (f) { return !isAnswered(f); }));
    fill("quiz-summary-flagged", fieldsets.filter(function (f) { return flags[f.dataset.question]; }));
    summary.hidden = false;
    summary.focus();
  }

  document.getElementById("quiz-summary-back").addEventListener("click", function () {
    summary.hidden = true;
    var first = fieldsets.filter(function (f) { return !isAnswered(f) || flags[f.dataset.question]; })[0];
    if (first) goTo(first.dataset.number); else document.getElementById("quiz-submit").focus();
  });

  // "Submit" opens the summary; the summary's own button submits.
  form.addEventListener("submit", function (event) {
    if (submitting) return;
    if (event.submitter !== finalButton) { event.preventDefault(); openSummary(); return; }
    submitting = true;
  });

  var lastMinute = null;
  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    clock.textContent = minutes + " " + form.dataset.labelMinutes + " " +
      (seconds < 10 ? "0" : "") + seconds + " " + form.dataset.labelSeconds;
    // Screen readers hear the time once a minute, not every second.
    var minute = Math.ceil(left / 60);
    if (lastMinute !== null && minute !== lastMinute && left > 0) {
      announce.textContent = form.dataset.msgTimeLeft + ": " + minute + " " + form.dataset.labelMinutes;
    }
    lastMinute = minute;
    if (left <= 0) { finish(); return; }
    window.setTimeout(tick, 1000);
  }
  window.addEventListener("online", retry);
  window.setInterval(retry, 15000);
  refresh();
  tick();
})();

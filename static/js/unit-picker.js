/* Turns a unit <select data-unit-picker> into a search box that matches names typed with or
   without tone marks. Without JavaScript the plain select still works. */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function queryWords(text, abbreviations) {
    // As common.vietnamese.unit_query_words: folded words, abbreviations spelled out.
    var words = fold(text).match(/[0-9a-z]+/g) || [];
    var out = [];
    words.slice(0, 10).forEach(function (w) {
      (abbreviations[w] || w).split(" ").forEach(function (part) { out.push(part); });
    });
    return out;
  }
  function enhance(select) {
    var abbreviations = {};
    try { abbreviations = JSON.parse(select.getAttribute("data-abbreviations") || "{}"); } catch (e) { abbreviations = {}; }
    var options = Array.prototype.slice.call(select.options)
      .filter(function (o) { return o.value; })
      .map(function (o) { return { value: o.value, label: o.text, key: " " + fold(o.text) + " " }; });
    var wrapper = document.createElement("div");
    var input = document.createElement("input");
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var listId = select.id + "-results";
    status.className = "unit-picker-status";
    status.setAttribute("role", "status");
    input.type = "search";
    input.id = select.id + "-search";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    input.placeholder = select.getAttribute("data-placeholder") || "Gõ tên đơn vị, có dấu hoặc không dấu…";
    var selected = select.options[select.selectedIndex];
    if (selected && selected.value) { input.value = selected.text; }
    list.id = listId;
    list.className = "unit-picker-results";
    list.setAttribute("role", "listbox");
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label) { label.setAttribute("for", input.id); }
    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    wrapper.appendChild(select);
    select.hidden = true;
    select.tabIndex = -1;
    var active = -1;
    function choose(item) {
      select.value = item.value;
      input.value = item.label;
      close();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function close() {
      list.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function render() {
      // Each word must start a word of the name ("xa an" is not every "nhan dan"); names with
      // the whole phrase come first, then names with the exact tone marks typed.
      var words = queryWords(input.value, abbreviations);
      var phrase = " " + words.join(" ") + " ";
      var exact = input.value.toLowerCase();
      var hits = options.filter(function (o) {
        return words.every(function (w) { return o.key.indexOf(" " + w) !== -1; });
      });
      function rank(o) {
        return (o.key.indexOf(phrase) !== -1 ? 0 : 2) + (o.label.toLowerCase().indexOf(exact) !== -1 ? 0 : 1);
      }
      hits.sort(function (a, b) { return rank(a) - rank(b); });
      status.textContent = (words.length && !hits.length)
        ? (select.getAttribute("data-empty") || "Không tìm thấy đơn vị. Thử gõ ít chữ hơn hoặc tên khác, ví dụ “Nội vụ” hoặc “phường Trung Tâm”.")
        : "";
      list.innerHTML = "";
      hits.slice(0, 30).forEach(function (o, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.textContent = o.label;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(o); });
        list.appendChild(li);
      });
      active = -1;
      input.setAttribute("aria-expanded", hits.length ? "true" : "false");
      if (!input.value) { select.value = ""; }
    }
    function move(step) {
      var items = list.querySelectorAll("li");
      if (!items.length) { return; }
      if (active >= 0) { items[active].setAttribute("aria-selected", "false"); }
      active = (active + step + items.length) % items.length;
      items[active].setAttribute("aria-selected", "true");
      items[active].scrollIntoView({ block: "nearest" });
      input.setAttribute("aria-activedescendant", items[active].id);
    }
    input.addEventListener("input", render);
    input.addEventListener("focus", function () { if (input.value === "") { render(); } });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (!list.children.length) { render(); } move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        var label = list.children[active].textContent;
        choose(options.filter(function (o) { return o.label === label; })[0]);
      } else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }
  function init() {
    document.querySelectorAll("select[data-unit-picker]").forEach(enhance);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();

/* Turns a unit <select data-unit-picker> into a search box that matches names typed with or
   without tone marks. Without JavaScript the plain select still works. */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function enhance(select) {
    var options = Array.prototype.slice.call(select.options)
      .filter(function (o) { return o.value; })
      .map(function (o) { return { value: o.value, label: o.text, key: fold(o.text) }; });
    var wrapper = document.createElement("div");
    var input = document.createElement("input");
    var list = document.createElement("ul");
    var listId = select.id + "-results";
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
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var exact = input.value.toLowerCase();
      var hits = options.filter(function (o) {
        return words.every(function (w) { return o.key.indexOf(w) !== -1; });
      });
      hits.sort(function (a, b) {
        return (b.label.toLowerCase().indexOf(exact) !== -1) - (a.label.toLowerCase().indexOf(exact) !== -1);
      });
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

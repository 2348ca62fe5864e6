/* Small enhancements shared by every page. */
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  /* Phones: the header's "Menu" button shows and hides the search, languages and navigation.
     Without this script the button stays hidden and everything is shown. */
  var header = document.querySelector(".site-header");
  var toggle = header && header.querySelector(".menu-toggle");
  if (toggle) {
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    };
    header.classList.add("has-menu");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open") && toggle.offsetParent !== null) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  /* Tables that turn into cards on a phone lose their table role in some browsers once CSS
     changes their display; the roles are restated so screen readers still read a table. */
  document.querySelectorAll("table.stack-table").forEach(function (table) {
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody, tfoot").forEach(function (group) { group.setAttribute("role", "rowgroup"); });
    table.querySelectorAll("tr").forEach(function (row) { row.setAttribute("role", "row"); });
    table.querySelectorAll("th").forEach(function (cell) {
      cell.setAttribute("role", cell.closest("thead") ? "columnheader" : "rowheader");
    });
    table.querySelectorAll("td").forEach(function (cell) { cell.setAttribute("role", "cell"); });
  });
})();

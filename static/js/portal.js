/* Portal: the print button. Everything else works without JavaScript. */
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) { window.print(); }
});

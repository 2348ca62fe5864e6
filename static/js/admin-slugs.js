/*
 * Vietnamese slugs in the Wagtail admin. Wagtail's w-slug controller drops toned letters
 * ("Hội nghị" -> "hi-ngh"); it runs "formatters" (regex replacements) first, so this gives every
 * slug field the project's table (common/slugs.py, passed in this script tag's
 * data-formatters). Snippets whose title is a plain FieldPanel (courses, contests) get the
 * title -> slug sync pages have, while the slug is still empty.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var formatters = script && script.getAttribute("data-formatters");
  if (!formatters) {
    return;
  }
  var SLUG = '[data-controller~="w-slug"]';
  var SYNC_ACTIONS =
    "focus->w-sync#check blur->w-sync#apply change->w-sync#apply keyup->w-sync#apply";

  function append(element, attribute, value) {
    var current = element.getAttribute(attribute);
    element.setAttribute(attribute, current ? current + " " + value : value);
  }

  function prepare() {
    document.querySelectorAll(SLUG).forEach(function (input) {
      if (!input.hasAttribute("data-w-slug-formatters-value")) {
        input.setAttribute("data-w-slug-formatters-value", formatters);
      }
      var form = input.form;
      var title = form && form.querySelector('input[name="title"]');
      var controllers = (title && title.getAttribute("data-controller")) || "";
      if (!title || input.value || !input.id || controllers.indexOf("w-sync") !== -1) {
        return;
      }
      append(title, "data-controller", "w-sync");
      append(title, "data-action", SYNC_ACTIONS);
      title.setAttribute("data-w-sync-target-value", "#" + input.id);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", prepare);
  } else {
    prepare();
  }
  // Forms opened later (modals, panels added by JavaScript) get it when first focused.
  document.addEventListener("focusin", prepare);
})();

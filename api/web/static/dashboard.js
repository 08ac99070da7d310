// The dashboard's filters: a change shows the new view at once (the form is a plain GET form, so the address
// keeps the filters and the back button goes back to the previous view). No texts and no figures live here.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("filters");
  if (!form) {
    return;
  }
  for (const select of form.querySelectorAll("select")) {
    select.addEventListener("change", () => {
      if (select.hasAttribute("data-resets-years")) {
        // Another view opens on its own years: leave them out and the server picks them.
        for (const year of form.querySelectorAll("[data-year]")) {
          year.disabled = true;
        }
      }
      form.requestSubmit();
    });
  }
});

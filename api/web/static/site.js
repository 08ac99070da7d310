// Small enhancements of our own; every page works without them.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // A form shown again with errors: move the focus to its error summary, so a screen reader reads it first.
  const summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }
  // "Print" buttons (shown only when scripts run; without them the browser's own print command does the same).
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});

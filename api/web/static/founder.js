// The founder pages' enhancements: the BIN checked as it is typed, the rubric previewed as the figures are typed.
// Both call this site's own page endpoints; without scripts the server checks on submit and the "preview" button
// shows the same evaluation.
"use strict";

(() => {
  const DELAY_MS = 350;

  function debounce(action) {
    let timer = null;
    return () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(action, DELAY_MS);
    };
  }

  // Replace `target`'s children with those of the element with the same id in the HTML `text`.
  function replaceFrom(target, text) {
    const parsed = new DOMParser().parseFromString(text, "text/html");
    const source = parsed.getElementById(target.id);
    if (source) {
      target.replaceChildren(...Array.from(source.childNodes));
    }
  }

  function watchBin(form) {
    const input = form.querySelector("#field-bin");
    const live = form.querySelector("#bin-live");
    if (!input || !live) {
      return;
    }
    const check = async () => {
      const typed = input.value.trim();
      if (typed === "") {
        live.replaceChildren();
        return;
      }
      const url = `${form.dataset.binCheck}?bin=${encodeURIComponent(typed)}`;
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (response.ok) {
        const parsed = new DOMParser().parseFromString(await response.text(), "text/html");
        const result = parsed.getElementById("bin-check-result");
        live.replaceChildren(...(result ? Array.from(result.childNodes) : []));
      }
    };
    input.addEventListener("input", debounce(check));
  }

  function watchDeclaration(form) {
    const region = document.getElementById("rubric-preview");
    if (!region) {
      return;
    }
    const token = form.querySelector("input[name=_csrf_token]");
    const preview = async () => {
      const body = new FormData(form);
      body.delete("action");
      const response = await fetch(form.dataset.preview, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "x-csrftoken": token ? token.value : "", Accept: "text/html" },
      });
      if (response.ok) {
        replaceFrom(region, await response.text());
        region.dataset.updated = String(Date.now());
      }
    };
    const later = debounce(preview);
    form.addEventListener("input", later);
    form.addEventListener("change", later);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const company = document.querySelector("form[data-bin-check]");
    if (company) {
      watchBin(company);
    }
    const declaration = document.querySelector("form[data-preview]");
    if (declaration) {
      watchDeclaration(declaration);
    }
  });
})();

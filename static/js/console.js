// Small progressive enhancements for the console. Everything works without this file.
(function () {
  "use strict";
  function autosubmit(root) {
    root.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
      if (el.dataset.bound) return;
      el.dataset.bound = "1";
      el.addEventListener("change", function () { el.form.submit(); });
    });
  }
  function copyButtons(root) {
    root.querySelectorAll("[data-copy]").forEach(function (btn) {
      if (btn.dataset.bound) return;
      btn.dataset.bound = "1";
      btn.addEventListener("click", function () {
        var text = btn.getAttribute("data-copy");
        if (navigator.clipboard) navigator.clipboard.writeText(text);
        var old = btn.textContent; btn.textContent = "Copied"; setTimeout(function () { btn.textContent = old; }, 1200);
      });
    });
  }
  function closeMenus(except) {
    document.querySelectorAll("details.action-menu[open]").forEach(function (d) { if (d !== except) d.open = false; });
  }
  document.addEventListener("click", function (e) { closeMenus(e.target.closest && e.target.closest("details.action-menu")); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") closeMenus(null); });
  function init(root) { autosubmit(root); copyButtons(root); }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
  window.rosconsole = { init: init };
})();

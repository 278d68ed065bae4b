// Turns textarea[data-editor] into a CodeMirror editor (static/vendor/codemirror-*.min.js) and
// wires [data-goto-line] links in validation errors to the editor. Without JS the textarea stays.
(function () {
  "use strict";
  var editors = [];
  function init(root) {
    if (!window.RosEditor) return;
    root.querySelectorAll("textarea[data-editor]").forEach(function (ta) {
      if (ta.dataset.bound) return;
      ta.dataset.bound = "1";
      editors.push(window.RosEditor.fromTextarea(ta, { readOnly: ta.dataset.editor === "readonly" }));
    });
  }
  document.addEventListener("click", function (e) {
    var link = e.target.closest("[data-goto-line]");
    if (!link || !editors.length) return;
    e.preventDefault();
    editors[0].goToLine(parseInt(link.getAttribute("data-goto-line"), 10));
  });
  // An uploaded file is shown in the editor at once (the server still reads the file itself).
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches("input[type=file][name=template_file]") || !editors.length) return;
    var file = input.files && input.files[0];
    if (!file || file.size > 524288) return;
    file.text().then(function (text) { editors[0].setValue(text); });
  });
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();

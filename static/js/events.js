// Events tab: a "N new events" pill when rows arrive while the reader is scrolled away from the top.
(function () {
  "use strict";
  var pending = 0;
  function pill() { return document.getElementById("new-events-pill"); }
  function groupsTop() {
    var groups = document.getElementById("events-groups");
    return groups ? groups.getBoundingClientRect().top + window.scrollY : 0;
  }
  function awayFromTop() { return window.scrollY > groupsTop(); }
  function show() {
    var p = pill();
    if (!p) return;
    p.textContent = pending + " new event" + (pending === 1 ? "" : "s");
    p.hidden = pending === 0;
  }
  document.addEventListener("htmx:afterSwap", function (e) {
    var target = e.detail && e.detail.target;
    if (!target || target.id !== "events-live") return;
    var live = document.getElementById("events-live");
    var count = live ? parseInt(live.getAttribute("data-new") || "0", 10) : 0;
    if (count > 0 && awayFromTop()) { pending += count; show(); }
  });
  window.addEventListener("scroll", function () {
    if (pending && !awayFromTop()) { pending = 0; show(); }
  }, { passive: true });
  document.addEventListener("click", function (e) {
    if (!e.target.closest("#new-events-pill")) return;
    pending = 0; show();
    var groups = document.getElementById("events-groups");
    if (groups) window.scrollTo({ top: groupsTop() - 120, behavior: "smooth" });
  });
})();

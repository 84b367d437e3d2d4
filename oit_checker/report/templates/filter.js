(function () {
  "use strict";
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button[data-filter]"));
  var items = Array.prototype.slice.call(document.querySelectorAll("section.item"));
  function show(verdict) {
    items.forEach(function (el) {
      el.hidden = !(verdict === "all" || el.getAttribute("data-verdict") === verdict);
    });
    buttons.forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-filter") === verdict));
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () { show(b.getAttribute("data-filter")); });
  });
  document.documentElement.className += " js";
})();

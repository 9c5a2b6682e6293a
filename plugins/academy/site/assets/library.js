// Pattern library filters: instant, and kept in the URL so a filtered view can be shared.
// Runs on every page load, including Material's instant navigation (document$).
(function () {
  "use strict";

  function setUp() {
    var form = document.getElementById("academy-filters");
    var list = document.getElementById("academy-pattern-list");
    if (!form || !list || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var items = Array.prototype.slice.call(list.children);
    var count = document.getElementById("academy-count");
    var empty = document.getElementById("academy-empty");
    var fields = Array.prototype.slice.call(form.elements).filter(function (el) { return el.name; });

    function fromUrl() {
      var params = new URLSearchParams(window.location.search);
      fields.forEach(function (field) { field.value = params.get(field.name) || ""; });
    }

    function apply(updateUrl) {
      var wanted = fields.filter(function (f) { return f.value.trim(); });
      var shown = 0;
      items.forEach(function (item) {
        var match = wanted.every(function (field) {
          var value = field.value.trim().toLowerCase();
          if (field.name === "q") return item.dataset.text.indexOf(value) !== -1;
          return (item.getAttribute("data-" + field.name) || "").split(" ").indexOf(field.value) !== -1;
        });
        item.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = shown === items.length
        ? items.length + " patterns"
        : "Showing " + shown + " of " + items.length + " patterns";
      empty.hidden = shown !== 0;
      var params = new URLSearchParams();
      wanted.forEach(function (field) { params.set(field.name, field.value.trim()); });
      var query = params.toString();
      if (updateUrl) {
        history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : ""));
      }
      // "Print these patterns as cards" prints the same view.
      var cards = document.getElementById("academy-cards-link");
      if (cards) cards.search = query ? "?" + query : "";
    }

    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    fromUrl();
    apply(false);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();

// Loaded in the head, right after Material's own helpers (theme/main.html). Material's __md_get reads
// localStorage outside a try, so where the browser refuses storage (private modes, blocked cookies)
// every page throws before our scripts run. Reading nothing is what Material means by "no setting".
(function () {
  "use strict";
  var unguarded = window.__md_get;
  if (typeof unguarded !== "function" || unguarded.academyGuarded) return;
  window.__md_get = function () {
    try { return unguarded.apply(this, arguments); } catch (e) { return null; }
  };
  window.__md_get.academyGuarded = true;
})();

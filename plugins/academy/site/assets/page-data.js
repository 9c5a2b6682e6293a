// Page data for our scripts. Pages carry it in a hidden element's attribute
// (pages/common.py page_data), never in <script type="application/json">: Material's instant
// navigation re-creates inline scripts from their text only, so such JSON would run as code.
(function () {
  "use strict";
  // The parsed data named `name` inside `scope` (an element or the document), or null.
  window.academyPageData = function (scope, name) {
    var nodes = (scope || document).querySelectorAll(".academy-page-data[data-academy-name]");
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].getAttribute("data-academy-name") === name) {
        return JSON.parse(nodes[i].getAttribute("data-academy-data"));
      }
    }
    return null;
  };
})();

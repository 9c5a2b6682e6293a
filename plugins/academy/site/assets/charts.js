// Renders Vega-Lite charts with the Vega bundle served from this site (no CDN).
// The bundle (~900 KB) is fetched only on pages that have a chart, and only once:
// it declares top-level constants, so loading it twice would throw.
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var bundleUrl = here ? here.replace(/charts\.js(\?.*)?$/, "vega-bundle.js") : null;
  var loading = null;
  var charts = [];

  function loadBundle() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundleUrl;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("The chart library could not be loaded.")); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function dark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function themeConfig() {
    var ink = dark() ? "#e6e6e6" : "#1f1f1f";
    return {
      axis: { labelColor: ink, titleColor: ink, domainColor: ink, tickColor: ink },
      legend: { labelColor: ink, titleColor: ink },
      title: { color: ink },
    };
  }

  function embed(chart) {
    return loadBundle().then(function () {
      if (chart.result) chart.result.finalize();
      return window.vegaEmbed(chart.el, chart.spec, {
        renderer: "svg", actions: false, config: themeConfig(),
      });
    }).then(function (result) {
      chart.result = result;
      if (chart.dataName && chart.values) {
        return result.view.data(chart.dataName, chart.values).runAsync().then(function () { return result; });
      }
      return result;
    });
  }

  function find(el) {
    return charts.filter(function (c) { return c.el === el; })[0];
  }

  var api = {
    // Draw a chart; `dataName` and `values` fill a named dataset the spec leaves open.
    render: function (el, spec, dataName, values) {
      charts = charts.filter(function (c) { return document.body.contains(c.el); });
      var chart = find(el) || { el: el };
      if (charts.indexOf(chart) === -1) charts.push(chart);
      chart.spec = spec; chart.dataName = dataName; chart.values = values;
      return embed(chart);
    },
    // Replace a drawn chart's data, redrawing it in place.
    update: function (el, values) {
      var chart = find(el);
      if (!chart) return Promise.resolve();
      chart.values = values;
      if (!chart.result) return embed(chart);
      return chart.result.view.data(chart.dataName, values).runAsync();
    },
  };
  window.academyCharts = api;

  function renderStatic() {
    var nodes = document.querySelectorAll(".academy-chart[data-academy-chart='static']");
    Array.prototype.forEach.call(nodes, function (el) {
      var spec = window.academyPageData(el, "chart");
      var target = el.querySelector(".academy-chart__canvas");
      if (spec && target) api.render(target, spec);
    });
  }

  // Follow Material's light/dark switch.
  new MutationObserver(function () {
    charts.forEach(function (chart) { if (document.body.contains(chart.el)) embed(chart); });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(renderStatic);
  } else {
    document.addEventListener("DOMContentLoaded", renderStatic);
  }
})();

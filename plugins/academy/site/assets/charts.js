// Draws the site's charts with the Vega runtime served from this site (no CDN). Specs are
// Vega, compiled from Vega-Lite when the site was built. The runtime (~410 KB) is fetched only
// on pages that have a chart, and only once per visit, however many pages instant navigation
// swaps in. Expressions run through vega-interpreter: no eval, so a strict CSP holds.
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var runtimeUrl = here ? here.replace(/charts\.js(\?.*)?$/, "vega-runtime.js") : null;
  var loading = null;
  var charts = [];

  function loadRuntime() {
    if (window.vega && window.vega.View) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = runtimeUrl;
        script.onload = resolve;
        script.onerror = function () { loading = null; reject(new Error("The chart library could not be loaded.")); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function dark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function inkColour() {
    return dark() ? "#e6e6e6" : "#1f1f1f";
  }

  function themeConfig() {
    var ink = inkColour();
    return {
      axis: { labelColor: ink, titleColor: ink, domainColor: ink, tickColor: ink, gridColor: dark() ? "#4a4f5c" : "#dddddd" },
      legend: { labelColor: ink, titleColor: ink },
      title: { color: ink },
    };
  }

  // Charts that fill the page's width (charts.py _fill_width) need a figure as wide as the page.
  function fillsWidth(spec) {
    return Boolean(spec && spec.usermeta && spec.usermeta.academyWidth);
  }

  function embed(chart) {
    return loadRuntime().then(function () {
      var vega = window.vega;
      var figure = chart.el.closest("figure");
      if (figure) figure.classList.toggle("academy-chart--fill", fillsWidth(chart.spec));
      if (chart.view) chart.view.finalize();
      var view = new vega.View(vega.parse(chart.spec, themeConfig(), { ast: true }), {
        expr: vega.expressionInterpreter, renderer: "svg", container: chart.el, hover: true,
      });
      chart.view = view;
      chart.measured = chart.el.clientWidth;
      if (shown) shown.observe(chart.el);
      // Text on the page's background (charts.py INK): the static SVG keeps the light palette's ink.
      if ((chart.spec.signals || []).some(function (s) { return s.name === "academy_ink"; })) view.signal("academy_ink", inkColour());
      if (chart.dataName && chart.values) view.data(chart.dataName, chart.values);
      return view.runAsync();
    });
  }

  // A chart drawn while its section was hidden measured a width of 0 and was drawn at its widest;
  // once the section is shown, it is drawn again at the page's width.
  var shown = typeof ResizeObserver === "function" ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var chart = find(entry.target);
      if (!chart || !chart.view || !fillsWidth(chart.spec)) return;
      if (chart.measured === 0 && entry.contentRect.width > 0) embed(chart);
      chart.measured = entry.contentRect.width;
    });
  }) : null;

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
      if (!chart.view) return embed(chart);
      return chart.view.data(chart.dataName, values).runAsync();
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

// Self-assessment: score statements, see a heatmap, get pointed to patterns.
// Answers are kept in this browser's localStorage only; nothing is ever sent anywhere.
(function () {
  "use strict";
  var DONT_KNOW = "dk";

  // --- pure rules (exposed for tests) -------------------------------------------------------
  function isScore(value, scale) {
    return typeof value === "number" && Math.floor(value) === value && value >= scale.min && value <= scale.max;
  }

  // The weakest answered cells: lowest score first, ties kept in the order of the grid.
  // Cells at the top of the scale are never "weak"; "don't know" is not a score.
  function weakestCells(instrument, answers, limit) {
    var scored = [];
    instrument.cells.forEach(function (cell, index) {
      var value = answers[cell.cell];
      if (isScore(value, instrument.scale) && value < instrument.scale.max) {
        scored.push({ cell: cell, score: value, index: index });
      }
    });
    scored.sort(function (a, b) { return a.score - b.score || a.index - b.index; });
    return scored.slice(0, limit === undefined ? 3 : limit);
  }

  // Checks an imported file; returns an error message, or null when it can be used.
  function importProblem(instrument, data) {
    if (!data || typeof data !== "object" || Array.isArray(data)) return "The file is not an answers file from this site.";
    if (data.framework !== instrument.id) return "These answers belong to another self-assessment (" + String(data.framework) + "), not this one.";
    if (data.version !== instrument.version) return "These answers were saved for version " + String(data.version) + " of the statements; this page uses version " + instrument.version + ".";
    if (!data.answers || typeof data.answers !== "object" || Array.isArray(data.answers)) return "The file has no answers in it.";
    var cells = {};
    instrument.cells.forEach(function (c) { cells[c.cell] = true; });
    for (var key in data.answers) {
      if (!cells[key]) return "The file answers a statement this page does not have (" + key + ").";
      var value = data.answers[key];
      if (value !== DONT_KNOW && !isScore(value, instrument.scale)) return "The answer for " + key + " is not on the scale " + instrument.scale.min + " to " + instrument.scale.max + ".";
    }
    return null;
  }

  function records(instrument, answers) {
    return instrument.cells.map(function (cell) {
      var value = answers[cell.cell];
      var score = isScore(value, instrument.scale) ? value : null;
      return { row: cell.rowName, column: cell.columnName, cell: cell.cell, score: score,
               label: score !== null ? String(score) : value === DONT_KNOW ? "?" : "–" };
    });
  }

  window.academyAssessment = { weakestCells: weakestCells, importProblem: importProblem, records: records };

  // --- the page ------------------------------------------------------------------------------
  function setUp() {
    var form = document.getElementById("academy-assessment");
    var instrument = window.academyPageData(document, "instrument");
    if (!form || !instrument || form.dataset.ready) return;
    form.dataset.ready = "1";
    var results = document.getElementById("academy-results");
    var table = document.getElementById("academy-results-table");
    var summary = document.getElementById("academy-result-summary");
    var advice = document.getElementById("academy-recommendations");
    var message = document.getElementById("academy-message");
    var canvas = document.getElementById("academy-heatmap");
    results.hidden = false;

    function load() {
      try {
        var saved = JSON.parse(localStorage.getItem(instrument.storageKey) || "{}");
        return importProblem(instrument, saved) === null ? saved.answers : {};
      } catch (e) { return {}; }
    }

    var answers = load();

    function save() {
      localStorage.setItem(instrument.storageKey, JSON.stringify(payload()));
    }

    function payload() {
      return { framework: instrument.id, version: instrument.version, saved: new Date().toISOString(), answers: answers };
    }

    function say(text, isError) {
      message.textContent = text;
      message.className = "academy-message" + (isError ? " academy-message--error" : "");
    }

    function fillForm() {
      Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]"), function (input) {
        var value = answers[input.name];
        input.checked = value !== undefined && String(value) === input.value;
      });
    }

    function draw() {
      var rows = records(instrument, answers);
      rows.forEach(function (r) {
        var td = table.querySelector("td[data-cell='" + r.cell + "']");
        if (td) td.textContent = r.score !== null ? String(r.score) : r.label === "?" ? "Don't know" : "Not answered";
      });
      var answered = rows.filter(function (r) { return r.score !== null; });
      var weak = weakestCells(instrument, answers);
      if (!answered.length) {
        summary.textContent = "No statement is scored yet. Your heatmap fills in as you answer.";
      } else {
        var total = answered.reduce(function (s, r) { return s + r.score; }, 0);
        summary.textContent = "You have scored " + answered.length + " of " + rows.length +
          " statements; the average score is " + (total / answered.length).toFixed(1) + "." +
          (weak.length ? " Lowest: " + weak.map(function (w) { return w.cell.name + " (" + w.score + ")"; }).join(", ") + "." : "");
      }
      advice.innerHTML = "";
      weak.forEach(function (w) {
        var section = document.createElement("section");
        section.className = "academy-recommendation";
        section.setAttribute("data-cell", w.cell.cell);
        var heading = document.createElement("h3");
        heading.textContent = w.cell.name + ": you scored " + w.score;
        section.appendChild(heading);
        var patterns = instrument.patterns[w.cell.cell] || [];
        if (patterns.length) {
          var list = document.createElement("ul");
          patterns.forEach(function (p) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = p.url; a.textContent = p.title;
            li.appendChild(a);
            li.appendChild(document.createTextNode(": " + p.summary));
            list.appendChild(li);
          });
          section.appendChild(list);
        } else {
          var none = document.createElement("p");
          none.textContent = "The library has no pattern for this cell yet.";
          section.appendChild(none);
        }
        advice.appendChild(section);
      });
      if (!weak.length) {
        var p = document.createElement("p");
        p.textContent = answered.length ? "None of your scores is below the top of the scale." : "Score some statements to see where to start.";
        advice.appendChild(p);
      }
      if (window.academyCharts) {
        var values = records(instrument, answers);
        if (canvas.dataset.drawn) window.academyCharts.update(canvas, values);
        else { canvas.dataset.drawn = "1"; window.academyCharts.render(canvas, instrument.spec, "scores", values); }
      }
    }

    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.type !== "radio") return;
      answers[input.name] = input.value === DONT_KNOW ? DONT_KNOW : Number(input.value);
      save();
      draw();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    document.getElementById("academy-export").addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(payload(), null, 2)], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = instrument.id + "-answers.json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      say("Your answers were saved to a file on your device.");
    });

    document.getElementById("academy-import").addEventListener("change", function (event) {
      var file = event.target.files && event.target.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var data;
        try { data = JSON.parse(text); } catch (e) { data = null; }
        var problem = data === null ? "The file is not valid JSON, so nothing was imported." : importProblem(instrument, data);
        if (problem) { say(problem + " Your saved answers were kept.", true); return; }
        answers = data.answers;
        save(); fillForm(); draw();
        say("Answers imported from " + file.name + ".");
      }).finally(function () { event.target.value = ""; });
    });

    document.getElementById("academy-clear").addEventListener("click", function () {
      if (!window.confirm("Clear all your answers from this browser?")) return;
      answers = {};
      localStorage.removeItem(instrument.storageKey);
      fillForm(); draw();
      say("Your answers were cleared from this browser.");
    });

    document.getElementById("academy-print").addEventListener("click", function () { window.print(); });

    fillForm();
    draw();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();

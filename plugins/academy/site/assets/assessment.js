// Self-assessment: score statements, see a heatmap, get pointed to patterns.
// Answers are kept in this browser's localStorage only; nothing is ever sent anywhere.
(function () {
  "use strict";
  var DONT_KNOW = "dk";
  var REFUSED = "This browser does not let the page store anything, so your answers last only until you " +
    "leave the page. Save them to a file to keep them.";

  // --- pure rules (exposed for tests) -------------------------------------------------------
  function isScore(value, scale) {
    return typeof value === "number" && Math.floor(value) === value && value >= scale.min && value <= scale.max;
  }

  // The weakest answered cells: the `limit` (3) lowest, lowest first, in the order of the grid within
  // a score, plus every other cell tied with the last one: a tie is never broken silently.
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
    var count = Math.min(limit === undefined ? 3 : limit, scored.length);
    while (count > 0 && count < scored.length && scored[count].score === scored[count - 1].score) count++;
    return scored.slice(0, count);
  }

  // Checks an imported file; returns an error message (quoting at most a short excerpt of a bad
  // value), or null when it can be used.
  function importProblem(instrument, data) {
    var quote = window.academyTools.quote;
    if (!data || typeof data !== "object" || Array.isArray(data)) return "The file is not an answers file from this site.";
    if (data.framework !== instrument.id) return "These answers belong to another self-assessment (" + quote(data.framework) + "), not this one.";
    if (data.version !== instrument.version) return "These answers were saved for version " + quote(data.version) + " of the statements; this page uses version " + instrument.version + ".";
    if (!data.answers || typeof data.answers !== "object" || Array.isArray(data.answers)) return "The file has no answers in it.";
    var cells = {};
    instrument.cells.forEach(function (c) { cells[c.cell] = true; });
    for (var key in data.answers) {
      if (!cells[key]) return "The file answers a statement this page does not have (" + quote(key) + ").";
      var value = data.answers[key];
      if (value !== DONT_KNOW && !isScore(value, instrument.scale)) return "The answer for " + quote(key) + " is not on the scale " + instrument.scale.min + " to " + instrument.scale.max + ".";
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

  // A random id for one learner's answers, written into every file they save, so a trainer's
  // aggregate counts a learner once however many copies are given. Random, so it says nothing
  // about the learner; getRandomValues (unlike randomUUID) works on plain http too.
  function newResponseId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // a version 4 (random) UUID
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function responseOf(data) {
    return data && typeof data.response === "string" && data.response ? data.response : null;
  }

  window.academyAssessment = { weakestCells: weakestCells, importProblem: importProblem, records: records,
                               newResponseId: newResponseId };

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

    var T = window.academyTools;
    // localStorage when the browser allows it; otherwise the answers live in memory on this page.
    var storage = T.store(instrument.storageKey);
    var saved = storage.load();
    var usable = saved && importProblem(instrument, saved) === null;
    var answers = usable ? saved.answers : {};
    // Kept with the saved answers; answers loaded from a file bring theirs; clearing starts a new one.
    var response = (usable && responseOf(saved)) || newResponseId();

    function save() {
      storage.save(payload());
      if (storage.refused) say(REFUSED, true);
    }

    function payload() {
      return { framework: instrument.id, version: instrument.version, response: response, saved: new Date().toISOString(),
               answers: answers };
    }

    function say(text, isError) { T.say(message, text, isError); }

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
      T.download(instrument.id + "-answers.json", payload());
      say("Your answers were saved to a file on your device.");
    });

    document.getElementById("academy-import").addEventListener("change", function (event) {
      var file = event.target.files && event.target.files[0];
      if (!file) return;
      T.readFile(file, function (data) { return importProblem(instrument, data); }).then(function (result) {
        if (result.problem) { say(result.problem + " Your answers were kept.", true); return; }
        answers = result.data.answers;
        response = responseOf(result.data) || response;
        save(); fillForm(); draw();
        if (!storage.refused) say("Answers loaded from " + T.quote(file.name) + ".");
      }).finally(function () { event.target.value = ""; });
    });

    document.getElementById("academy-clear").addEventListener("click", function () {
      if (!window.confirm("Clear all your answers from this browser?")) return;
      answers = {};
      response = newResponseId();
      storage.clear();
      fillForm(); draw();
      say(storage.refused ? "Your answers were cleared from this page." : "Your answers were cleared from this browser.");
    });

    document.getElementById("academy-print").addEventListener("click", function () { window.print(); });

    fillForm();
    draw();
    if (storage.refused) say(REFUSED, true);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();

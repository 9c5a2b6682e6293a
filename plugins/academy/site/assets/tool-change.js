// See what changed: an earlier answers file from a self-assessment beside the answers this browser
// holds now (or a later file), as a difference heatmap, a table, a summary and patterns.
(function () {
  "use strict";
  var KIND = "academy-what-changed";
  var VERSION = 1;
  var SUGGESTED = 6; // cells with patterns shown; the rest are named, so a comparison still prints on one page

  // --- the rule (pure; tested in tests/test_tools_change.py) ---------------------------------------
  function isScore(value, scale) {
    return typeof value === "number" && Math.floor(value) === value && value >= scale.min && value <= scale.max;
  }

  function signed(change) {
    return change > 0 ? "+" + change : change < 0 ? "−" + (-change) : "0";
  }

  // Each cell's change, and what rose, what fell and what stayed weak.
  // Only cells scored both times are compared ("don't know" is not a score). A cell "stayed weak"
  // when it is unchanged in the lower half of the scale. Patterns are suggested for the `focus`
  // cells: those that fell (largest fall first), then those that stayed weak (lowest first); when
  // there are none, the unchanged cells at the lowest score, unless that is the top of the scale.
  function compare(instrument, earlier, later) {
    var scale = instrument.scale;
    var middle = (scale.min + scale.max) / 2;
    var cells = instrument.cells.map(function (cell, index) {
      var before = isScore(earlier[cell.cell], scale) ? earlier[cell.cell] : null;
      var after = isScore(later[cell.cell], scale) ? later[cell.cell] : null;
      var change = before !== null && after !== null ? after - before : null;
      return { cell: cell, index: index, before: before, after: after, change: change,
               label: change === null ? "–" : signed(change) };
    });
    var compared = cells.filter(function (c) { return c.change !== null; });
    var byGrid = function (a, b) { return a.index - b.index; };
    var rose = compared.filter(function (c) { return c.change > 0; })
      .sort(function (a, b) { return b.change - a.change || byGrid(a, b); });
    var fell = compared.filter(function (c) { return c.change < 0; })
      .sort(function (a, b) { return a.change - b.change || byGrid(a, b); });
    var same = compared.filter(function (c) { return c.change === 0; });
    var stayedWeak = same.filter(function (c) { return c.after < middle; })
      .sort(function (a, b) { return a.after - b.after || byGrid(a, b); });
    var focus = fell.concat(stayedWeak);
    if (!focus.length && same.length) {
      var lowest = Math.min.apply(null, same.map(function (c) { return c.after; }));
      if (lowest < scale.max) focus = same.filter(function (c) { return c.after === lowest; });
    }
    return { cells: cells, compared: compared.length, rose: rose, fell: fell, same: same,
             stayedWeak: stayedWeak, focus: focus };
  }

  function summarise(result) {
    if (!result.compared) return "No statement was scored both times, so there is nothing to compare yet.";
    var name = function (c) { return c.cell.name + " (" + signed(c.change) + ", " + c.before + " to " + c.after + ")"; };
    var parts = [result.compared + " statements were scored both times: " + result.rose.length + " rose, " +
                 result.fell.length + " fell and " + result.same.length + " stayed the same."];
    if (result.rose.length) parts.push("Rose: " + result.rose.map(name).join(", ") + ".");
    if (result.fell.length) parts.push("Fell: " + result.fell.map(name).join(", ") + ".");
    if (result.stayedWeak.length) {
      parts.push("Stayed weak: " + result.stayedWeak.map(function (c) { return c.cell.name + " (" + c.after + ")"; }).join(", ") + ".");
    }
    return parts.join(" ");
  }

  function reason(c) {
    if (c.change < 0) return "fell from " + c.before + " to " + c.after;
    return "stayed at " + c.after;
  }

  window.academyChange = { compare: compare, summarise: summarise, signed: signed, KIND: KIND, VERSION: VERSION };

  // --- the page ------------------------------------------------------------------------------------
  function setUp(root) {
    var T = window.academyTools;
    var data = window.academyPageData(root, "what-changed");
    var store = T.store("academy:tool:what-changed:v" + VERSION);
    var message = document.getElementById("academy-change-message");
    var results = document.getElementById("academy-change-results");
    var source = document.getElementById("academy-change-source");
    var state = store.load();

    function instrumentFor(file) {
      return data.instruments.filter(function (i) { return file && i.id === file.framework; })[0];
    }

    // An answers file (exported by a self-assessment page) that this page can compare.
    function answersProblem(file) {
      if (!T.isPlainObject(file)) return "The file is not an answers file from this site.";
      var instrument = instrumentFor(file);
      if (!instrument) return "These answers are not from either self-assessment on this site (they say " + T.quote(file.framework) + ").";
      return window.academyAssessment.importProblem(instrument, file);
    }

    function comparisonProblem(file) {
      var problem = T.envelopeProblem(file, KIND, VERSION, "comparison");
      if (problem) return problem;
      problem = answersProblem(file.earlier);
      if (problem) return "The earlier answers in it: " + problem;
      if (file.later !== null && file.later !== undefined) {
        problem = answersProblem(file.later);
        if (problem) return "The later answers in it: " + problem;
        if (file.later.framework !== file.earlier.framework) return "Its two sets of answers come from different self-assessments.";
      }
      return null;
    }

    if (state && comparisonProblem(state)) state = null;

    // The answers a self-assessment page keeps in this browser, when they can be read.
    function browserAnswers(instrument) {
      try {
        var saved = JSON.parse(window.localStorage.getItem(instrument.storageKey) || "null");
        return saved && !window.academyAssessment.importProblem(instrument, saved) ? saved : null;
      } catch (e) { return null; }
    }

    function draw() {
      if (!state) {
        results.hidden = true;
        source.textContent = "Load an earlier answers file to begin.";
        return;
      }
      var instrument = instrumentFor(state.earlier);
      var later = state.later || browserAnswers(instrument);
      var laterText = state.later ? "the later file (saved " + T.longDate(state.later.saved) + ")"
        : later ? "the answers this browser holds now (saved " + T.longDate(later.saved) + ")" : null;
      if (!later) {
        results.hidden = true;
        source.textContent = "Your earlier answers to the " + instrument.title + " (saved " + T.longDate(state.earlier.saved) +
          ") are loaded, but this browser holds no current answers to compare them with. Score the self-assessment again, or load a later answers file.";
        return;
      }
      source.textContent = "Comparing your answers to the " + instrument.title + " saved " + T.longDate(state.earlier.saved) + " with " + laterText + ".";
      results.hidden = false;
      var result = compare(instrument, state.earlier.answers, later.answers);
      document.getElementById("academy-change-summary").textContent = summarise(result);
      drawTable(instrument, result);
      drawAdvice(instrument, result);
      var values = result.cells.map(function (c) {
        return { row: c.cell.rowName, column: c.cell.columnName, score: c.change, label: c.label };
      });
      T.chart(document.getElementById("academy-change-heatmap"), instrument.spec, "scores", values);
    }

    function drawTable(instrument, result) {
      var table = document.getElementById("academy-change-table");
      var columns = [];
      var rows = [];
      result.cells.forEach(function (c) {
        if (columns.indexOf(c.cell.columnName) === -1) columns.push(c.cell.columnName);
        if (rows.indexOf(c.cell.rowName) === -1) rows.push(c.cell.rowName);
      });
      var head = table.querySelector("thead tr");
      head.innerHTML = "";
      [""].concat(columns).forEach(function (name) {
        var th = T.element("th", name);
        th.scope = "col";
        head.appendChild(th);
      });
      if (rows.length === 1) head.firstChild.textContent = "Relationship";
      T.fillRows(table.querySelector("tbody"), rows.map(function (row) {
        return [{ text: row, header: true }].concat(result.cells.filter(function (c) { return c.cell.rowName === row; }).map(function (c) {
          if (c.change !== null) return c.before + " → " + c.after + " (" + c.label + ")";
          return (c.before === null ? "–" : c.before) + " → " + (c.after === null ? "–" : c.after) + " (not compared)";
        }));
      }));
    }

    function drawAdvice(instrument, result) {
      var advice = document.getElementById("academy-change-advice");
      advice.innerHTML = "";
      if (!result.focus.length) {
        advice.appendChild(T.element("p", result.compared ? "Nothing fell and nothing stayed weak. Keep doing what you are doing." : "Score the same statements both times to see suggestions."));
        return;
      }
      result.focus.slice(0, SUGGESTED).forEach(function (c) {
        var section = T.element("section", null, "academy-recommendation");
        section.setAttribute("data-cell", c.cell.cell);
        section.appendChild(T.element("h3", c.cell.name + ": " + reason(c)));
        section.appendChild(T.patternList(instrument.patterns[c.cell.cell]));
        advice.appendChild(section);
      });
      var rest = result.focus.slice(SUGGESTED);
      if (rest.length) {
        advice.appendChild(T.element("p", "Also worth a look, once these are in hand: " + rest.map(function (c) {
          return c.cell.name + " (" + reason(c) + ")";
        }).join(", ") + ".", "academy-change-rest"));
      }
    }

    function keep(next, text) {
      state = next;
      store.save(state);
      draw();
      T.say(message, text + (store.refused ? " " + T.refusedNote("the comparison lasts") : ""));
    }

    var kept = "Nothing you had loaded was changed.";
    T.onFileChosen(document.getElementById("academy-change-earlier"), answersProblem, function (data, file) {
      var later = state && state.later && state.later.framework === data.framework ? state.later : null;
      keep({ kind: KIND, version: VERSION, earlier: data, later: later }, "Earlier answers loaded from " + file.name + ".");
    }, message, kept);

    T.onFileChosen(document.getElementById("academy-change-later"), function (candidate) {
      var problem = answersProblem(candidate);
      if (problem) return problem;
      if (!state) return "Load the earlier answers first.";
      return candidate.framework === state.earlier.framework ? null : "These answers come from another self-assessment than the earlier ones.";
    }, function (data, file) {
      keep({ kind: KIND, version: VERSION, earlier: state.earlier, later: data }, "Later answers loaded from " + file.name + ".");
    }, message, kept);

    T.onFileChosen(document.getElementById("academy-change-import"), comparisonProblem, function (data, file) {
      keep(data, "Comparison loaded from " + file.name + ".");
    }, message, kept);

    document.getElementById("academy-change-export").addEventListener("click", function () {
      if (!state) { T.say(message, "There is no comparison to save yet.", true); return; }
      var instrument = instrumentFor(state.earlier);
      T.download("what-changed-" + state.earlier.framework + ".json",
                 { kind: KIND, version: VERSION, earlier: state.earlier, later: state.later || browserAnswers(instrument) });
      T.say(message, "The comparison was saved to a file on your device.");
    });

    document.getElementById("academy-change-clear").addEventListener("click", function () {
      if (!window.confirm("Forget the answers files loaded here? Your self-assessment answers are not touched.")) return;
      state = null;
      store.clear();
      draw();
      T.say(message, "The loaded answers were cleared from this page.");
    });

    document.getElementById("academy-change-print").addEventListener("click", function () { window.print(); });

    if (store.refused) T.say(message, T.refusedNote("what you load lasts"), true);
    draw();
  }

  window.academyTools.onEveryPage("academy-change", setUp);
})();

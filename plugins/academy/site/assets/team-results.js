// Team results: a trainer drops learners' answers files and gets the cohort's results file.
// The rules are those of academy/aggregate.py (`academy aggregate`), written again here so that
// nothing leaves the browser; tests/fixtures/aggregate-cases.json holds both to the same answers,
// messages and bytes. The page stores nothing: the files live in memory until the page is left.
(function () {
  "use strict";
  var BANDS = ["low", "middle", "high"];

  // --- the rules (as in aggregate.py) ----------------------------------------------------------
  function isScore(value, scale) {
    // JSON has one kind of number: 3.0 is the score 3; true is not a score.
    return typeof value === "number" && Math.floor(value) === value && value >= scale.min && value <= scale.max;
  }

  function bandOf(score, scale) {
    var middle = (scale.min + scale.max) / 2;
    return score < middle ? "low" : score > middle ? "high" : "middle";
  }

  // The mean to two decimals, halves rounded up, in integers (as mean_of in aggregate.py).
  function meanOf(scores) {
    var sum = scores.reduce(function (a, b) { return a + b; }, 0);
    return Math.floor((200 * sum + scores.length) / (2 * scores.length)) / 100;
  }

  function near(a, b, threshold) {
    var d = Math.abs(a - b);
    return d > 0 && d < threshold;
  }

  // The bands that can be published: none below the threshold, none in `hidden`, never exactly one left out.
  function suppressBands(counts, threshold, hidden) {
    var shown = {};
    BANDS.forEach(function (b) { if (counts[b] >= threshold && hidden.indexOf(b) < 0) shown[b] = counts[b]; });
    var leftOut = BANDS.filter(function (b) { return !(b in shown); });
    function leftOutTotal() { return leftOut.reduce(function (s, b) { return s + counts[b]; }, 0); }
    while (leftOut.length && Object.keys(shown).length && (leftOut.length === 1 || leftOutTotal() < threshold)) {
      var smallest = BANDS.filter(function (b) { return b in shown; })
        .sort(function (a, b) { return shown[a] - shown[b] || BANDS.indexOf(a) - BANDS.indexOf(b); })[0];
      leftOut.push(smallest);
      delete shown[smallest];
    }
    var result = {};
    BANDS.forEach(function (b) { if (b in shown) result[b] = shown[b]; });
    return result;
  }

  // One round's publishable aggregates; `why` tells the trainer why each left-out cell is hidden.
  function aggregateRound(name, answerSets, instrument, threshold, published) {
    var cells = {}, why = {};
    instrument.cells.forEach(function (c) {
      var scores = answerSets.map(function (a) { return a[c.cell]; })
        .filter(function (v) { return isScore(v, instrument.scale); });
      var earlier = published.filter(function (r) { return c.cell in r.cells; })
        .map(function (r) { return { round: r.name, figures: r.cells[c.cell] }; });
      if (answerSets.length < threshold || scores.length < threshold) {
        why[c.cell] = scores.length + (scores.length === 1 ? " answer" : " answers") + ", fewer than " + threshold;
        return;
      }
      var close = earlier.filter(function (e) { return near(scores.length, e.figures.n, threshold); })[0];
      if (close) {
        why[c.cell] = scores.length + " answers against " + close.figures.n + " in “" + close.round + "”";
        return;
      }
      var counts = { low: 0, middle: 0, high: 0 };
      scores.forEach(function (s) { counts[bandOf(s, instrument.scale)] += 1; });
      var differing = [];
      earlier.forEach(function (e) {
        if (e.figures.n === scores.length) return;
        Object.keys(e.figures.bands || {}).forEach(function (b) {
          if (near(counts[b], e.figures.bands[b], threshold) && differing.indexOf(b) < 0) differing.push(b);
        });
      });
      cells[c.cell] = { n: scores.length, mean: meanOf(scores), bands: suppressBands(counts, threshold, differing) };
    });
    return { name: name, respondents: answerSets.length, cells: cells, why: why };
  }

  function jsonKind(value) {
    if (value === null || value === undefined) return "nothing";
    if (typeof value === "boolean") return "true or false";
    if (typeof value === "number") return "a number";
    if (typeof value === "string") return "text";
    return Array.isArray(value) ? "a list" : "an object";
  }

  function quote(text) {
    return JSON.stringify(text.length <= 40 ? text : text.slice(0, 40) + "…");
  }

  function isObject(value) { return !!value && typeof value === "object" && !Array.isArray(value); }

  // Why this parsed file cannot be counted, or null (answers_problem in aggregate.py).
  function answersProblem(data, instrument, dontKnow) {
    if (!isObject(data) || data.framework !== instrument.id || data.version !== instrument.version) {
      return "not answers to " + instrument.id + " version " + instrument.version;
    }
    if (!isObject(data.answers)) {
      return "'answers' should map each statement to a score; this file holds " + jsonKind(data.answers) +
        ", so it is not an answers file from the self-assessment";
    }
    if ("response" in data && !(typeof data.response === "string" && data.response)) {
      return "'response' should be the random id the self-assessment writes; this file holds " + jsonKind(data.response);
    }
    var known = {};
    instrument.cells.forEach(function (c) { known[c.cell] = true; });
    for (var key in data.answers) {
      if (!Object.prototype.hasOwnProperty.call(data.answers, key)) continue;
      if (!known[key]) return "answers a statement the self-assessment does not have (" + quote(key) + ")";
      var value = data.answers[key];
      if (value !== dontKnow && !isScore(value, instrument.scale)) {
        return "the answer to " + quote(key) + " is not a score from " + instrument.scale.min + " to " +
          instrument.scale.max + " or \"" + dontKnow + "\"";
      }
    }
    return null;
  }

  // The results file, byte for byte as results_text in aggregate.py writes it: cells in the statements' order.
  function resultsText(header, instrument, rounds) {
    var lines = ["framework: " + JSON.stringify(instrument.id), "version: " + instrument.version, "rounds:"];
    rounds.forEach(function (r) {
      lines.push("  - name: " + JSON.stringify(r.name), "    respondents: " + r.respondents);
      var order = instrument.cells.map(function (c) { return c.cell; }).filter(function (cell) { return cell in r.cells; });
      lines.push(order.length ? "    cells:" : "    cells: {}");
      order.forEach(function (cell) {
        var c = r.cells[cell];
        var bands = BANDS.filter(function (b) { return c.bands && b in c.bands; })
          .map(function (b) { return b + ": " + c.bands[b]; });
        var mean = Number.isInteger(c.mean) ? c.mean.toFixed(1) : String(c.mean);
        lines.push("      " + JSON.stringify(cell) + ": {n: " + c.n + ", mean: " + mean +
          (bands.length ? ", bands: {" + bands.join(", ") + "}" : "") + "}");
      });
    });
    return header + lines.join("\n") + "\n";
  }

  window.academyTeamResults = { aggregateRound: aggregateRound, answersProblem: answersProblem,
                                resultsText: resultsText, suppressBands: suppressBands, meanOf: meanOf };

  // --- the page ------------------------------------------------------------------------------
  function setUp(root) {
    var data = window.academyPageData(document, "team-results");
    if (!data) return;
    var T = window.academyTools;
    var instrument = data.instrument;
    var el = function (id) { return document.getElementById("academy-team-" + id); };
    var cohortSelect = el("cohort"), roundInput = el("round"), input = el("files"), drop = el("drop");
    var list = el("list"), message = el("message"), summary = el("summary"), download = el("download");
    var files = []; // {name, text, answers, response, problem}: in memory only
    var text = null;
    el("results").hidden = false;

    function cohort() {
      return data.cohorts.filter(function (c) { return c.id === cohortSelect.value; })[0];
    }

    // Checks each new file against the ones already counted, in the order given (read_answers in aggregate.py).
    function add(chosen) {
      return Promise.all(Array.prototype.map.call(chosen, function (file) {
        if (file.size > data.maxBytes) return Promise.resolve({ name: file.name, size: file.size });
        return file.text().then(function (content) { return { name: file.name, text: content }; },
                                function () { return { name: file.name, unreadable: true }; });
      })).then(function (read) {
        read.forEach(function (file) {
          var problem = null, parsed = null;
          if (file.size !== undefined) {
            problem = Math.floor((file.size + 512) / 1024) + " KB is far more than an answers file holds, so it was not read";
          } else if (file.unreadable) {
            problem = "cannot be read";
          } else {
            try { parsed = JSON.parse(file.text); } catch (e) { problem = "not an answers file (it is not JSON)"; }
            if (!problem) problem = answersProblem(parsed, instrument, data.dontKnow);
          }
          if (!problem) {
            var counted = files.filter(function (f) { return !f.problem; });
            var same = counted.filter(function (f) { return f.text === file.text; })[0];
            var again = parsed.response && counted.filter(function (f) { return f.response === parsed.response; })[0];
            if (same) problem = "the same file as " + same.name + " (identical content); each learner counts once";
            else if (again) problem = "the same learner's answers as " + again.name + " (the same response id); each learner counts once";
          }
          files.push({ name: file.name, text: file.text, problem: problem,
                       answers: problem ? null : parsed.answers, response: problem ? null : parsed.response });
        });
        update();
      });
    }

    function update() {
      var chosen = cohort();
      var roundName = roundInput.value.trim();
      var counted = files.filter(function (f) { return !f.problem; });
      var refused = files.length - counted.length;
      el("count").textContent = files.length ? counted.length + (counted.length === 1 ? " file" : " files") + " counted" +
        (refused ? "; " + refused + " refused (see why below)." : ".") : "No file yet.";
      list.innerHTML = "";
      files.forEach(function (f) {
        // Refused: "name: why", worded as `academy aggregate` words it. Said in words, not colour only.
        var item = T.element("li", null, f.problem ? "academy-team__refused" : "");
        item.appendChild(T.element("strong", f.problem ? "Refused: " : "Counted: "));
        item.appendChild(T.element("span", f.problem ? f.name + ": " + f.problem : f.name, "academy-team__file"));
        list.appendChild(item);
      });
      el("target").textContent = "cohorts/results/" + (chosen ? chosen.id : "COHORT") + ".yml";
      var published = chosen ? chosen.rounds : [];
      el("published").textContent = !chosen ? "There is no cohort on this site yet." : published.length
        ? "Already published for this cohort: " + published.map(function (r) { return "“" + r.name + "” (" + r.respondents + " respondents)"; }).join(" and ") + "."
        : "Nothing is published for this cohort yet.";
      var problem = null;
      if (!chosen) problem = "Choose a cohort first: the results file belongs to one.";
      else if (!roundName) problem = "Give the round a name, such as “Start of course”.";
      else if (published.filter(function (r) { return r.name !== roundName; }).length > 1) {
        problem = "This cohort already has two published rounds, and a cohort keeps at most two (e.g. start and " +
          "end of course). Give this round the name of one of them to replace it.";
      }
      T.say(message, problem || "", !!problem);
      var result = counted.length && !problem
        ? aggregateRound(roundName, counted.map(function (f) { return f.answers; }), instrument, data.threshold, published)
        : null;
      draw(result);
      text = result ? resultsText(data.header, instrument, published.filter(function (r) { return r.name !== roundName; }).concat([result])) : null;
      download.disabled = !text;
    }

    function draw(result) {
      var values = instrument.cells.map(function (c) {
        var figures = result && result.cells[c.cell];
        return { row: c.rowName, column: c.columnName, cell: c.cell, score: figures ? figures.mean : null,
                 hidden: !!result && !figures, label: figures ? figures.mean.toFixed(1) : result ? "hidden" : "–" };
      });
      values.forEach(function (v) {
        var td = document.querySelector("#academy-team-table td[data-cell='" + v.cell + "']");
        if (!td) return;
        var figures = result && result.cells[v.cell];
        td.textContent = figures ? figures.mean.toFixed(1) + " (n=" + figures.n + ")"
          : result ? "Hidden: " + result.why[v.cell] : "No data";
        td.className = v.hidden ? "academy-team__hidden" : "";
      });
      if (!result) summary.textContent = "Add answers files to see the heatmap.";
      else {
        var shown = Object.keys(result.cells).length;
        summary.textContent = "“" + result.name + "”: " + result.respondents + (result.respondents === 1 ? " learner" : " learners") +
          "; " + shown + " of " + instrument.cells.length + " cells would be published and " +
          (instrument.cells.length - shown) + " hidden." +
          (result.respondents < data.threshold ? " With fewer than " + data.threshold + " learners every cell is hidden." : "");
      }
      T.chart(el("heatmap"), data.spec, "scores", values);
    }

    input.addEventListener("change", function () {
      add(input.files).then(function () { input.value = ""; });
    });
    ["dragenter", "dragover"].forEach(function (type) {
      drop.addEventListener(type, function (event) {
        event.preventDefault();
        drop.classList.add("academy-dropzone--over");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      drop.addEventListener(type, function () { drop.classList.remove("academy-dropzone--over"); });
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) add(event.dataTransfer.files);
    });
    cohortSelect.addEventListener("change", update);
    roundInput.addEventListener("input", update);
    el("clear").addEventListener("click", function () {
      files = [];
      update();
      T.say(message, "The files were removed from this page.");
    });
    el("form").addEventListener("submit", function (event) { event.preventDefault(); });
    download.addEventListener("click", function () {
      if (!text) return;
      var blob = new Blob([text], { type: "application/yaml" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = cohort().id + ".yml";
      document.body.appendChild(link);
      link.click();
      link.remove();
      T.say(message, "The results file was saved to your device. Commit it as " + el("target").textContent + ".");
    });
    var wanted = new URLSearchParams(window.location.search).get("cohort");
    if (wanted && data.cohorts.some(function (c) { return c.id === wanted; })) cohortSelect.value = wanted;
    update();
  }

  window.academyTools.onEveryPage("academy-team", setUp);
})();

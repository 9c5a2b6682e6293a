// Pathway check: where a partnership stands on the measured pathway, what the next step asks,
// patterns for the step it is at, and dated check-ins drawn over time.
(function () {
  "use strict";
  var KIND = "academy-pathway-check";
  var VERSION = 1;
  var ANSWERS = ["yes", "no", "unsure"];
  var MAX_CHECKINS = 200;
  var MAX_TEXT = 200;

  // --- the rules (pure; tested in tests/test_tools.py) ---------------------------------------------

  // The step a partnership is at: the first whose starting point does not hold yet, or whose outcome
  // is not reached yet ("not sure" and unanswered count as "not yet"). `ready` says whether that
  // step's starting point holds; `complete` that the last step's outcome is reached too.
  function position(steps, answers) {
    for (var i = 0; i < steps.length; i++) {
      var a = answers[steps[i].id] || {};
      if (a.prerequisite !== "yes") return { index: i, step: steps[i], ready: false, complete: false, next: steps[i + 1] || null };
      if (a.outcome !== "yes") return { index: i, step: steps[i], ready: true, complete: false, next: steps[i + 1] || null };
    }
    var last = steps.length - 1;
    return { index: last, step: steps[last], ready: true, complete: true, next: null };
  }

  // Check-ins in date order, and a sentence or two on the journey they show.
  function journey(checkins, steps) {
    var sorted = checkins.slice().sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
    if (!sorted.length) return { checkins: sorted, summary: "No check-in is saved yet." };
    var day = window.academyTools.longDate;
    var name = function (c) { return "step " + c.step + " (" + steps[c.step - 1].name + ")"; };
    var first = sorted[0];
    var last = sorted[sorted.length - 1];
    if (sorted.length === 1) return { checkins: sorted, summary: "One check-in, on " + day(first.date) + ", at " + name(first) + "." };
    var highest = Math.max.apply(null, sorted.map(function (c) { return c.step; }));
    var text = sorted.length + " check-ins from " + day(first.date) + " to " + day(last.date) + ": " +
      (last.step > first.step ? "moved on from " + name(first) + " to " + name(last) + "."
        : last.step < first.step ? "went back from " + name(first) + " to " + name(last) + "."
          : "at " + name(last) + " at the first and the last.");
    if (highest > last.step) text += " It had reached step " + highest + " in between.";
    return { checkins: sorted, summary: text };
  }

  function isDate(text) {
    if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    var d = new Date(text + "T00:00:00Z");
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
  }

  // Checks a pathway check file; returns a message, or null when it can be used.
  function checkProblem(file, framework) {
    var T = window.academyTools;
    var problem = T.envelopeProblem(file, KIND, VERSION, "pathway check");
    if (problem) return problem;
    if (file.frameworkVersion !== framework.version) return "This check was made with version " + T.quote(file.frameworkVersion) + " of the measured pathway; this page uses version " + framework.version + ".";
    if (typeof file.partnership !== "string" || file.partnership.length > MAX_TEXT) return "The partnership's name is missing or longer than " + MAX_TEXT + " characters.";
    if (!T.isPlainObject(file.answers)) return "The file has no answers in it.";
    var ids = framework.steps.map(function (s) { return s.id; });
    for (var id in file.answers) {
      if (ids.indexOf(id) === -1) return "The file answers a step this page does not have (" + T.quote(id) + ").";
      var a = file.answers[id];
      if (!T.isPlainObject(a)) return "The answers for " + T.quote(id) + " are not readable.";
      for (var key in a) {
        if (key !== "prerequisite" && key !== "outcome") return "The answers for " + T.quote(id) + " have an unknown question (" + T.quote(key) + ").";
        if (ANSWERS.indexOf(a[key]) === -1) return "An answer for " + T.quote(id) + " is " + T.quote(a[key]) + "; it must be yes, no or unsure.";
      }
    }
    if (!Array.isArray(file.checkins)) return "The file has no list of check-ins.";
    if (file.checkins.length > MAX_CHECKINS) return "The file holds " + file.checkins.length + " check-ins; this page keeps at most " + MAX_CHECKINS + ".";
    for (var i = 0; i < file.checkins.length; i++) {
      var c = file.checkins[i];
      if (!T.isPlainObject(c) || !isDate(c.date)) return "Check-in " + (i + 1) + " has no valid date (found " + T.quote(c && c.date) + ").";
      if (typeof c.step !== "number" || Math.floor(c.step) !== c.step || c.step < 1 || c.step > framework.steps.length) return "Check-in " + (i + 1) + " names no step of the pathway.";
      if (typeof c.note !== "string" || c.note.length > MAX_TEXT) return "The note of check-in " + (i + 1) + " is missing or too long.";
    }
    return null;
  }

  window.academyPathway = { position: position, journey: journey, checkProblem: checkProblem, isDate: isDate,
                            KIND: KIND, VERSION: VERSION };

  // --- the page ------------------------------------------------------------------------------------
  function setUp(root) {
    var T = window.academyTools;
    var fw = window.academyPageData(root, "pathway-check");
    var store = T.store("academy:tool:pathway-check:v" + VERSION);
    var form = document.getElementById("academy-pathway-form");
    var message = document.getElementById("academy-pathway-message");
    var dateInput = document.getElementById("academy-pathway-date");
    var nameInput = document.getElementById("academy-pathway-name");
    var saved = store.load();
    var state = saved && !checkProblem(saved, fw) ? saved : empty();

    function empty() {
      return { kind: KIND, version: VERSION, framework: fw.id, frameworkVersion: fw.version, partnership: "", answers: {}, checkins: [] };
    }

    function save() {
      state.saved = new Date().toISOString();
      store.save(state);
      if (store.refused) T.say(message, T.refusedNote("your answers last"), true);
    }

    function fillForm() {
      nameInput.value = state.partnership;
      Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]"), function (input) {
        var parts = input.name.split(":");
        var a = state.answers[parts[0]] || {};
        input.checked = a[parts[1]] === input.value;
      });
    }

    function today() {
      var d = new Date();
      return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
    }

    function drawPosition() {
      var at = position(fw.steps, state.answers);
      var where = document.getElementById("academy-pathway-position");
      where.innerHTML = "";
      var heading = T.element("h3", "Step " + at.step.number + ": " + at.step.name);
      where.setAttribute("data-step", at.step.id);
      where.appendChild(heading);
      var lines = [];
      if (at.complete) {
        lines.push("Every starting point holds and every outcome is reached: the partnership is mature. What it asks now: " + at.step.action);
      } else if (!at.ready) {
        lines.push(at.index === 0 ? "The partnership has not started yet. To begin, this must be true: " + at.step.prerequisite
          : "The starting point of this step does not hold yet: " + at.step.prerequisite + " Secure it first; it is the outcome of step " + (at.index) + ".");
        lines.push("What this step then asks: " + at.step.action);
      } else {
        lines.push("What this step asks: " + at.step.action);
        lines.push("The change in the relationship to look for: " + at.step.relationship_step);
        lines.push("It is done when: " + at.step.outcome);
      }
      if (at.next && !at.complete) lines.push("Next, step " + at.next.number + " (" + at.next.name + ") asks: " + at.next.action);
      lines.forEach(function (line) { where.appendChild(T.element("p", line)); });
      document.getElementById("academy-pathway-summary").textContent = (state.partnership ? state.partnership + " is" : "The partnership is") +
        " at step " + at.step.number + " of " + fw.steps.length + ", " + at.step.name + (at.complete ? ", and has reached its outcome." : at.ready ? "." : ", but its starting point does not hold yet.");
      var advice = document.getElementById("academy-pathway-advice");
      advice.innerHTML = "";
      advice.setAttribute("data-step", at.step.id);
      advice.appendChild(T.patternList(fw.patterns[at.step.id]));
      document.getElementById("academy-pathway-advice-heading").textContent = "Patterns for step " + at.step.number + ": " + at.step.name;
      return at;
    }

    function drawJourney() {
      var result = journey(state.checkins, fw.steps);
      document.getElementById("academy-pathway-journey-summary").textContent = result.summary;
      var tbody = document.querySelector("#academy-pathway-checkins tbody");
      T.fillRows(tbody, result.checkins.map(function (c) {
        return [{ text: T.longDate(c.date), header: true }, c.step + ". " + fw.steps[c.step - 1].name, c.note || "–", ""];
      }));
      Array.prototype.forEach.call(tbody.rows, function (row, i) {
        var remove = T.element("button", "Remove", "md-button academy-map-remove");
        remove.type = "button";
        remove.setAttribute("data-date", result.checkins[i].date);
        remove.setAttribute("aria-label", "Remove the check-in of " + T.longDate(result.checkins[i].date));
        row.cells[3].appendChild(remove);
      });
      document.getElementById("academy-pathway-journey").hidden = !result.checkins.length;
      if (result.checkins.length) {
        T.chart(document.getElementById("academy-pathway-chart"), fw.spec, "checkins", result.checkins.map(function (c) {
          return { date: c.date, step: c.step, stepName: c.step + ". " + fw.steps[c.step - 1].name };
        }));
      }
    }

    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.type !== "radio") return;
      var parts = input.name.split(":");
      state.answers[parts[0]] = state.answers[parts[0]] || {};
      state.answers[parts[0]][parts[1]] = input.value;
      save();
      drawPosition();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    nameInput.addEventListener("change", function () {
      state.partnership = nameInput.value.trim().slice(0, MAX_TEXT);
      save();
      drawPosition();
    });

    document.getElementById("academy-pathway-checkin").addEventListener("submit", function (event) {
      event.preventDefault();
      var date = dateInput.value;
      if (!isDate(date)) { T.say(message, "Choose the date of this check-in first.", true); dateInput.focus(); return; }
      var note = document.getElementById("academy-pathway-note").value.trim().slice(0, MAX_TEXT);
      var at = position(fw.steps, state.answers);
      var replaced = state.checkins.some(function (c) { return c.date === date; });
      state.checkins = state.checkins.filter(function (c) { return c.date !== date; });
      if (state.checkins.length >= MAX_CHECKINS) { T.say(message, "This page keeps at most " + MAX_CHECKINS + " check-ins; remove an old one first.", true); return; }
      state.checkins.push({ date: date, step: at.step.number, note: note });
      save();
      drawJourney();
      document.getElementById("academy-pathway-note").value = "";
      T.say(message, "Check-in of " + T.longDate(date) + " saved at step " + at.step.number + (replaced ? ", in place of the earlier one that day." : "."));
    });

    document.getElementById("academy-pathway-checkins").addEventListener("click", function (event) {
      var date = event.target.getAttribute("data-date");
      if (!date) return;
      state.checkins = state.checkins.filter(function (c) { return c.date !== date; });
      save();
      drawJourney();
      T.say(message, "The check-in of " + T.longDate(date) + " was removed.");
      dateInput.focus();
    });

    document.getElementById("academy-pathway-export").addEventListener("click", function () {
      T.download("pathway-check.json", state);
      T.say(message, "Your answers and check-ins were saved to a file on your device.");
    });

    T.onFileChosen(document.getElementById("academy-pathway-import"), function (data) { return checkProblem(data, fw); }, function (data, file) {
      state = data;
      save();
      fillForm();
      drawPosition();
      drawJourney();
      T.say(message, "Loaded from " + file.name + ": " + state.checkins.length + " check-ins.");
    }, message, "Your answers and check-ins were kept as they were.");

    document.getElementById("academy-pathway-clear").addEventListener("click", function () {
      if (!window.confirm("Clear your answers and every check-in from this browser?")) return;
      state = empty();
      store.clear();
      fillForm();
      drawPosition();
      drawJourney();
      T.say(message, "Your answers and check-ins were cleared from this browser.");
    });

    document.getElementById("academy-pathway-print").addEventListener("click", function () { window.print(); });

    if (store.refused) T.say(message, T.refusedNote("your answers last"), true);
    dateInput.value = today();
    fillForm();
    drawPosition();
    drawJourney();
  }

  window.academyTools.onEveryPage("academy-pathway", setUp);
})();

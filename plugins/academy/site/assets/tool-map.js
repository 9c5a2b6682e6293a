// Relationship map: many relationships scored on the five proximity domains, shown as a map with
// "you" at the centre, a heatmap, an XY chart, and the weakest domains with patterns.
(function () {
  "use strict";
  var KIND = "academy-relationship-map";
  var VERSION = 1;
  var KINDS = ["person", "team", "organisation"];
  var MAX_RELATIONSHIPS = 60;
  var MAX_LABEL = 80;
  var INNER = 0.2; // the strongest possible relationship sits this far from "you" (1 = the edge of the map)
  var GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

  // --- the rules (pure; tested in tests/test_tools.py) ---------------------------------------------
  function isScore(value, scale) {
    return typeof value === "number" && Math.floor(value) === value && value >= scale.min && value <= scale.max;
  }

  // The mean of the domains scored so far, or null when none is.
  function overall(relationship, domains, scale) {
    var scores = domains.map(function (d) { return relationship.scores[d.id]; })
      .filter(function (v) { return isScore(v, scale); });
    if (!scores.length) return null;
    return scores.reduce(function (a, b) { return a + b; }, 0) / scores.length;
  }

  // Distance from "you": the stronger the overall proximity, the nearer (INNER at the top of the scale, 1 at the bottom).
  function radius(score, scale) {
    return INNER + (1 - INNER) * (scale.max - score) / (scale.max - scale.min);
  }

  // Where each scored relationship goes on the map. The distance says how strong it is; the angle
  // only keeps marks apart. Relationships of equal strength share a ring and are spaced evenly
  // round it; each ring starts a golden angle round from the last, so neighbouring rings'
  // marks do not line up.
  function placement(relationships, domains, scale) {
    var scored = [];
    relationships.forEach(function (r, index) {
      var value = overall(r, domains, scale);
      if (value !== null) scored.push({ index: index, overall: value, key: value.toFixed(4) });
    });
    scored.sort(function (a, b) { return b.overall - a.overall || a.index - b.index; });
    var rings = [];
    scored.forEach(function (s) {
      var last = rings[rings.length - 1];
      if (last && last[0].key === s.key) last.push(s);
      else rings.push([s]);
    });
    var placed = [];
    rings.forEach(function (ring, n) {
      var r = radius(ring[0].overall, scale);
      ring.forEach(function (s, j) {
        var angle = Math.PI / 2 - n * GOLDEN_ANGLE - (2 * Math.PI * j) / ring.length;
        placed.push({ index: s.index, number: s.index + 1, overall: s.overall, radius: r,
                      x: r * Math.cos(angle), y: r * Math.sin(angle) });
      });
    });
    return placed;
  }

  // Points that share a value are drawn in a small circle around it, so each number stays readable.
  function spreadTies(points, offset) {
    var groups = {};
    points.forEach(function (p) {
      var key = p.xValue + "|" + p.yValue;
      (groups[key] = groups[key] || []).push(p);
    });
    return points.map(function (p) {
      var group = groups[p.xValue + "|" + p.yValue];
      var j = group.indexOf(p);
      var turn = group.length > 1 ? (2 * Math.PI * j) / group.length : 0;
      var d = group.length > 1 ? offset : 0;
      return Object.assign({}, p, { x: p.xValue + d * Math.cos(turn), y: p.yValue + d * Math.sin(turn) });
    });
  }

  // Each domain's average over the relationships scored in it, weakest first (ties in framework order);
  // `weakest` are the two lowest and any tied with them, never a domain at the top of the scale.
  function domainAverages(relationships, domains, scale) {
    var rows = domains.map(function (d, order) {
      var scores = relationships.map(function (r) { return r.scores[d.id]; }).filter(function (v) { return isScore(v, scale); });
      var average = scores.length ? scores.reduce(function (a, b) { return a + b; }, 0) / scores.length : null;
      return { domain: d, order: order, count: scores.length, average: average,
               low: scores.filter(function (v) { return v < (scale.min + scale.max) / 2; }).length };
    });
    var scored = rows.filter(function (r) { return r.average !== null; })
      .sort(function (a, b) { return a.average - b.average || a.order - b.order; });
    var below = scored.filter(function (r) { return r.average < scale.max; });
    var cut = below.length > 2 ? below[1].average : Infinity;
    return { averages: scored, weakest: below.filter(function (r) { return r.average <= cut; }) };
  }

  function relationshipProblem(r, domains, scale) {
    var T = window.academyTools;
    if (!T.isPlainObject(r)) return "One of its relationships is not a relationship.";
    if (typeof r.label !== "string" || !r.label.trim() || r.label.length > MAX_LABEL) return "A relationship needs a name of 1 to " + MAX_LABEL + " characters (found " + T.quote(r.label) + ").";
    if (KINDS.indexOf(r.kind) === -1) return "The kind of " + T.quote(r.label) + " is " + T.quote(r.kind) + "; it must be person, team or organisation.";
    if (r.importance !== null && !isScore(r.importance, scale)) return "The importance of " + T.quote(r.label) + " is not from " + scale.min + " to " + scale.max + ".";
    if (!T.isPlainObject(r.scores)) return "The scores of " + T.quote(r.label) + " are missing.";
    var ids = domains.map(function (d) { return d.id; });
    for (var key in r.scores) {
      if (ids.indexOf(key) === -1) return "The scores of " + T.quote(r.label) + " name a domain this page does not have (" + T.quote(key) + ").";
      if (!isScore(r.scores[key], scale)) return "The " + key + " score of " + T.quote(r.label) + " is not from " + scale.min + " to " + scale.max + ".";
    }
    return null;
  }

  // Checks a relationship map file; returns a message, or null when it can be used.
  function mapProblem(file, framework) {
    var T = window.academyTools;
    var problem = T.envelopeProblem(file, KIND, VERSION, "relationship map");
    if (problem) return problem;
    if (file.frameworkVersion !== framework.version) return "This map was scored on version " + T.quote(file.frameworkVersion) + " of the relational proximity domains; this page uses version " + framework.version + ".";
    if (!Array.isArray(file.relationships)) return "The file has no list of relationships.";
    if (file.relationships.length > MAX_RELATIONSHIPS) return "The file holds " + file.relationships.length + " relationships; a map holds at most " + MAX_RELATIONSHIPS + ".";
    for (var i = 0; i < file.relationships.length; i++) {
      problem = relationshipProblem(file.relationships[i], framework.domains, framework.scale);
      if (problem) return problem;
    }
    return null;
  }

  window.academyMap = { overall: overall, radius: radius, placement: placement, spreadTies: spreadTies,
                        domainAverages: domainAverages, mapProblem: mapProblem, KIND: KIND, VERSION: VERSION };

  // --- the page ------------------------------------------------------------------------------------
  function oneDecimal(value) { return value === null ? "–" : (Math.round(value * 10) / 10).toFixed(1); }

  function setUp(root) {
    var T = window.academyTools;
    var fw = window.academyPageData(root, "relationship-map");
    var scale = fw.scale;
    var store = T.store("academy:tool:relationship-map:v" + VERSION);
    var message = document.getElementById("academy-map-message");
    var list = document.getElementById("academy-map-list");
    var saved = store.load();
    var relationships = saved && !mapProblem(saved, fw) ? saved.relationships : [];
    var scatterSpecs = {};

    function payload() {
      return { kind: KIND, version: VERSION, framework: fw.id, frameworkVersion: fw.version,
               saved: new Date().toISOString(), relationships: relationships };
    }

    function save() {
      store.save(payload());
      if (store.refused) T.say(message, T.refusedNote("your map lasts"), true);
    }

    function select(options, value, label) {
      var node = document.createElement("select");
      node.setAttribute("aria-label", label);
      options.forEach(function (o) {
        var option = T.element("option", o[1]);
        option.value = o[0];
        option.selected = String(value) === o[0];
        node.appendChild(option);
      });
      return node;
    }

    function scoreOptions(none) {
      var options = [["", none]];
      for (var v = scale.min; v <= scale.max; v++) options.push([String(v), String(v)]);
      return options;
    }

    // The editing table: one row per relationship, a select per domain.
    function drawList() {
      var tbody = list.querySelector("tbody");
      tbody.innerHTML = "";
      relationships.forEach(function (r, index) {
        var tr = document.createElement("tr");
        tr.setAttribute("data-index", index);
        tr.appendChild(T.element("td", String(index + 1)));
        var name = T.element("th", r.label);
        name.scope = "row";
        tr.appendChild(name);
        var cells = [
          ["kind", select(KINDS.map(function (k) { return [k, k.charAt(0).toUpperCase() + k.slice(1)]; }), r.kind, "Kind of " + r.label)],
          ["importance", select(scoreOptions("Not given"), r.importance === null ? "" : r.importance, "Importance of " + r.label)],
        ].concat(fw.domains.map(function (d) {
          var v = r.scores[d.id];
          return ["score:" + d.id, select(scoreOptions("–"), v === undefined ? "" : v, d.name + " of " + r.label)];
        }));
        cells.forEach(function (c) {
          var td = document.createElement("td");
          c[1].setAttribute("data-field", c[0]);
          td.appendChild(c[1]);
          tr.appendChild(td);
        });
        var remove = T.element("button", "Remove", "md-button academy-map-remove");
        remove.type = "button";
        remove.setAttribute("aria-label", "Remove " + r.label);
        var td = document.createElement("td");
        td.appendChild(remove);
        tr.appendChild(td);
        tbody.appendChild(tr);
      });
      list.hidden = !relationships.length;
    }

    list.addEventListener("change", function (event) {
      var field = event.target.getAttribute("data-field");
      var row = event.target.closest("tr");
      if (!field || !row) return;
      var r = relationships[Number(row.getAttribute("data-index"))];
      var value = event.target.value;
      if (field === "kind") r.kind = value;
      else if (field === "importance") r.importance = value === "" ? null : Number(value);
      else {
        var domain = field.slice("score:".length);
        if (value === "") delete r.scores[domain];
        else r.scores[domain] = Number(value);
      }
      save();
      drawResults();
    });

    list.addEventListener("click", function (event) {
      if (!event.target.classList.contains("academy-map-remove")) return;
      var index = Number(event.target.closest("tr").getAttribute("data-index"));
      var removed = relationships.splice(index, 1)[0];
      save();
      drawList();
      drawResults();
      T.say(message, removed.label + " was removed from the map.");
      document.getElementById("academy-map-label").focus();
    });

    document.getElementById("academy-map-add").addEventListener("submit", function (event) {
      event.preventDefault();
      var label = document.getElementById("academy-map-label");
      var text = label.value.trim();
      if (!text) { T.say(message, "Give the relationship a name first.", true); label.focus(); return; }
      if (text.length > MAX_LABEL) { T.say(message, "Keep the name under " + MAX_LABEL + " characters.", true); label.focus(); return; }
      if (relationships.length >= MAX_RELATIONSHIPS) { T.say(message, "A map holds at most " + MAX_RELATIONSHIPS + " relationships.", true); return; }
      var importance = document.getElementById("academy-map-importance").value;
      relationships.push({ label: text, kind: document.getElementById("academy-map-kind").value,
                           importance: importance === "" ? null : Number(importance), scores: {} });
      save();
      drawList();
      drawResults();
      label.value = "";
      label.focus();
      T.say(message, text + " was added as number " + relationships.length + ". Score it in the table below.");
    });

    function kindOf(r) { return r.kind; }

    function drawMap(placed) {
      var values = [];
      for (var s = scale.min; s <= scale.max; s++) {
        var r = radius(s, scale);
        for (var i = 0; i <= 72; i++) {
          var a = (2 * Math.PI * i) / 72;
          values.push({ part: "ring", ring: s, order: i, x: r * Math.cos(a), y: r * Math.sin(a) });
        }
        values.push({ part: "ring-label", x: 0, y: -r, label: String(s) });
      }
      values.push({ part: "you", x: 0, y: 0, label: "You" });
      placed.forEach(function (p) {
        var rel = relationships[p.index];
        values.push({ part: "relationship", x: p.x, y: p.y, number: String(p.number), label: rel.label,
                      kind: kindOf(rel), overallLabel: oneDecimal(p.overall) });
      });
      T.chart(document.getElementById("academy-map-chart"), fw.specs.map, "map", values);
      var byStrength = placed.map(function (p) { return relationships[p.index]; });
      T.fillRows(document.querySelector("#academy-map-key tbody"), placed.map(function (p) {
        var rel = relationships[p.index];
        return [String(p.number), { text: rel.label, header: true }, rel.kind, oneDecimal(p.overall)];
      }));
      var unscored = relationships.length - placed.length;
      var text = placed.length
        ? placed.length + " relationship" + (placed.length === 1 ? " is" : "s are") + " on the map. Closest to you: " +
          byStrength[0].label + " (" + oneDecimal(placed[0].overall) + "). Furthest: " + byStrength[byStrength.length - 1].label +
          " (" + oneDecimal(placed[placed.length - 1].overall) + ")."
        : "No relationship is scored yet, so the map shows only you.";
      if (unscored) text += " " + unscored + " not yet scored in any domain " + (unscored === 1 ? "is" : "are") + " left off.";
      document.getElementById("academy-map-summary").textContent = text;
    }

    function drawHeatmap() {
      var values = [];
      relationships.forEach(function (r, index) {
        fw.domains.forEach(function (d) {
          var v = r.scores[d.id];
          values.push({ row: (index + 1) + ". " + r.label, column: d.name, score: isScore(v, scale) ? v : null,
                        label: isScore(v, scale) ? String(v) : "–" });
        });
      });
      T.chart(document.getElementById("academy-map-heatmap"), fw.specs.heatmap, "scores", values);
      T.fillRows(document.querySelector("#academy-map-scores tbody"), relationships.map(function (r, index) {
        return [String(index + 1), { text: r.label, header: true }].concat(fw.domains.map(function (d) {
          var v = r.scores[d.id];
          return isScore(v, scale) ? String(v) : "–";
        }), [oneDecimal(overall(r, fw.domains, scale))]);
      }));
    }

    function measure(key) {
      if (key === "overall") return { name: "Overall proximity", of: function (r) { return overall(r, fw.domains, scale); } };
      if (key === "importance") return { name: "Importance", of: function (r) { return r.importance; } };
      var domain = fw.domains.filter(function (d) { return d.id === key; })[0];
      return { name: domain.name, of: function (r) { var v = r.scores[key]; return isScore(v, scale) ? v : null; } };
    }

    function drawScatter() {
      var acrossKey = document.getElementById("academy-map-x").value;
      var upKey = document.getElementById("academy-map-y").value;
      var across = measure(acrossKey);
      var up = measure(upKey);
      var key = acrossKey + "|" + upKey;
      if (!scatterSpecs[key]) {
        var spec = JSON.parse(JSON.stringify(fw.specs.scatter));
        // A Vega spec (compiled at build time): the titled axes name what the learner chose.
        spec.axes.forEach(function (axis) {
          if (axis.title !== undefined) axis.title = axis.scale === "x" ? across.name : up.name;
        });
        spec.title.text = up.name + " against " + across.name.toLowerCase();
        spec.description = "Each numbered mark is one relationship: " + across.name.toLowerCase() + " across, " + up.name.toLowerCase() + " up.";
        scatterSpecs[key] = spec;
      }
      var points = [];
      var missing = [];
      relationships.forEach(function (r, index) {
        var x = across.of(r);
        var y = up.of(r);
        if (x === null || y === null) { missing.push(r.label); return; }
        points.push({ number: String(index + 1), label: r.label, kind: r.kind, xValue: x, yValue: y });
      });
      T.chart(document.getElementById("academy-map-scatter"), scatterSpecs[key], "points", spreadTies(points, 0.16));
      var head = document.querySelectorAll("#academy-map-xy thead th");
      head[2].textContent = across.name;
      head[3].textContent = up.name;
      T.fillRows(document.querySelector("#academy-map-xy tbody"), points.map(function (p) {
        return [p.number, { text: p.label, header: true }, oneDecimal(p.xValue), oneDecimal(p.yValue)];
      }));
      var text = points.length + " relationship" + (points.length === 1 ? "" : "s") + " shown: " + up.name.toLowerCase() + " up, " + across.name.toLowerCase() + " across.";
      var corner = points.filter(function (p) { return p.yValue >= (scale.min + scale.max) / 2 && p.xValue < (scale.min + scale.max) / 2; });
      if (corner.length && upKey === "importance") {
        text += " Important but weak (top left): " + corner.map(function (p) { return p.label; }).join(", ") + ".";
      }
      if (missing.length) text += " Left off for lack of a score: " + missing.join(", ") + ".";
      document.getElementById("academy-map-xy-summary").textContent = text;
    }

    function drawWeakest() {
      var result = domainAverages(relationships, fw.domains, scale);
      var advice = document.getElementById("academy-map-advice");
      advice.innerHTML = "";
      if (!result.averages.length) {
        advice.appendChild(T.element("p", "Score some relationships to see which domains are weakest across your map."));
        return;
      }
      advice.appendChild(T.element("p", "Average score in each domain, weakest first: " + result.averages.map(function (a) {
        return a.domain.name + " " + oneDecimal(a.average);
      }).join(", ") + "."));
      if (!result.weakest.length) advice.appendChild(T.element("p", "Every domain is at the top of the scale."));
      result.weakest.forEach(function (a) {
        var section = T.element("section", null, "academy-recommendation");
        section.setAttribute("data-domain", a.domain.id);
        section.appendChild(T.element("h3", a.domain.name + ": average " + oneDecimal(a.average) + " over " + a.count + " relationship" + (a.count === 1 ? "" : "s")));
        section.appendChild(T.element("p", a.domain.question + " (Driver: " + a.domain.driver + ".)" +
          (a.low ? " " + a.low + " of your relationships score below the middle here." : "")));
        section.appendChild(T.patternList(fw.patterns[a.domain.id]));
        advice.appendChild(section);
      });
    }

    function drawResults() {
      document.getElementById("academy-map-results").hidden = !relationships.length;
      if (!relationships.length) return;
      drawMap(placement(relationships, fw.domains, scale));
      drawHeatmap();
      drawScatter();
      drawWeakest();
    }

    document.getElementById("academy-map-x").addEventListener("change", drawScatter);
    document.getElementById("academy-map-y").addEventListener("change", drawScatter);

    document.getElementById("academy-map-export").addEventListener("click", function () {
      T.download("relationship-map.json", payload());
      T.say(message, "Your map was saved to a file on your device.");
    });

    T.onFileChosen(document.getElementById("academy-map-import"), function (data) { return mapProblem(data, fw); }, function (data, file) {
      relationships = data.relationships;
      save();
      drawList();
      drawResults();
      T.say(message, "Map loaded from " + file.name + ": " + relationships.length + " relationships.");
    }, message, "Your map was kept as it was.");

    document.getElementById("academy-map-clear").addEventListener("click", function () {
      if (!window.confirm("Remove every relationship from your map in this browser?")) return;
      relationships = [];
      store.clear();
      drawList();
      drawResults();
      T.say(message, "Your map was cleared from this browser.");
    });

    document.getElementById("academy-map-print").addEventListener("click", function () { window.print(); });

    if (store.refused) T.say(message, T.refusedNote("your map lasts"), true);
    drawList();
    drawResults();
  }

  window.academyTools.onEveryPage("academy-map", setUp);
})();

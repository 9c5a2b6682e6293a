// What the Help Yourself tools share: page data, storage that falls back to memory, files in and
// out with checks, pattern lists and charts. Each tool (tool-*.js) keeps its own rules.
// Nothing here sends anything anywhere: answers stay in this browser.
(function () {
  "use strict";
  var MAX_IMPORT_BYTES = 200 * 1024; // an answers file is a few KB; anything this big is not one

  // At most a short excerpt of a value from a file, for messages: never echo a whole file.
  function quote(value) {
    var text = typeof value === "string" ? value : JSON.stringify(value);
    text = String(text);
    return text.length > 40 ? text.slice(0, 40) + "…" : text;
  }

  function isPlainObject(value) {
    return !!value && typeof value === "object" && !Array.isArray(value);
  }

  // The checks every tool file goes through before its own: the right kind and version.
  function envelopeProblem(data, kind, version, what) {
    if (!isPlainObject(data)) return "The file is not a " + what + " file from this site.";
    if (data.kind !== kind) return "This file is not a " + what + " file (it says it is " + quote(data.kind === undefined ? "nothing in particular" : data.kind) + ").";
    if (data.version !== version) return "This file was saved by version " + quote(data.version) + " of the " + what + "; this page reads version " + version + ".";
    return null;
  }

  // localStorage when the browser allows it; otherwise memory, and `refused` says so.
  function store(key) {
    var memory = null;
    var refused = false;
    try {
      var probe = "academy:probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
    } catch (e) { refused = true; }
    return {
      get refused() { return refused; },
      load: function () {
        if (refused) return memory;
        try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
      },
      save: function (data) {
        memory = data;
        if (refused) return;
        try { window.localStorage.setItem(key, JSON.stringify(data)); } catch (e) { refused = true; }
      },
      clear: function () {
        memory = null;
        if (refused) return;
        try { window.localStorage.removeItem(key); } catch (e) { refused = true; }
      },
    };
  }

  // Reads a chosen file; resolves to {data} when `check` finds no problem, else {problem}.
  function readFile(file, check) {
    if (file.size > MAX_IMPORT_BYTES) {
      return Promise.resolve({ problem: "The file is " + Math.round(file.size / 1024) + " KB; a file saved by this page is far smaller, so it was not read." });
    }
    return file.text().then(function (text) {
      var data;
      try { data = JSON.parse(text); } catch (e) { return { problem: "The file is not valid JSON, so nothing was loaded." }; }
      var problem = check(data);
      return problem ? { problem: problem } : { data: data };
    });
  }

  // Wires a file input: a chosen file is read and checked; `use(data, file)` gets a good one, and a
  // bad one is refused in `message`, saying what was kept (`kept`).
  function onFileChosen(input, check, use, message, kept) {
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      readFile(file, check).then(function (read) {
        if (read.problem) say(message, read.problem + " " + kept, true);
        else use(read.data, file);
      }).finally(function () { input.value = ""; });
    });
  }

  // Said when the browser refuses storage; the tool then works in memory.
  function refusedNote(what) {
    return "This browser does not let the page store anything, so " + what + " only until you leave the page. Save to a file to keep it.";
  }

  // Saves `data` as a file: text as it is (of `type`), anything else as JSON.
  function download(name, data, type) {
    var text = typeof data === "string" ? data : JSON.stringify(data, null, 2);
    var blob = new Blob([text], { type: type || "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function say(element, text, isError) {
    element.textContent = text;
    element.className = "academy-message" + (isError ? " academy-message--error" : "");
  }

  // A list of pattern links with their summaries, or a sentence when there is none.
  function patternList(patterns) {
    if (!patterns || !patterns.length) {
      var none = document.createElement("p");
      none.textContent = "The library has no pattern tagged with this yet.";
      return none;
    }
    var list = document.createElement("ul");
    list.className = "academy-tool-patterns";
    patterns.forEach(function (p) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.title;
      item.appendChild(link);
      item.appendChild(element("span", ": " + p.summary, "academy-tool-patterns__summary"));
      list.appendChild(item);
    });
    return list;
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // Replaces a table body with rows of cells; a cell is text, or {text, header: true}.
  function fillRows(tbody, rows) {
    tbody.innerHTML = "";
    rows.forEach(function (cells) {
      var tr = document.createElement("tr");
      cells.forEach(function (cell) {
        var header = cell && typeof cell === "object" && cell.header;
        var td = document.createElement(header ? "th" : "td");
        if (header) td.scope = "row";
        td.textContent = header ? cell.text : cell;
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
  }

  // Draws a chart whose spec leaves the dataset `name` open; with the same spec again, only the data changes.
  function chart(canvas, spec, name, values) {
    if (!window.academyCharts) return Promise.resolve();
    if (canvas.academySpec === spec) return window.academyCharts.update(canvas, values);
    canvas.academySpec = spec;
    return window.academyCharts.render(canvas, spec, name, values);
  }

  function longDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
    if (!parts) return "an unknown date";
    var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    return Number(parts[3]) + " " + months[Number(parts[2]) - 1] + " " + parts[1];
  }

  // Runs a tool's set-up on every page Material shows (instant navigation), once per page.
  function onEveryPage(rootId, setUp) {
    function run() {
      var root = document.getElementById(rootId);
      if (!root || root.dataset.ready) return;
      root.dataset.ready = "1";
      Array.prototype.forEach.call(root.querySelectorAll(".academy-js-only"), function (node) { node.hidden = false; });
      setUp(root);
    }
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(run);
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }

  window.academyTools = {
    MAX_IMPORT_BYTES: MAX_IMPORT_BYTES, quote: quote, isPlainObject: isPlainObject,
    envelopeProblem: envelopeProblem, store: store, readFile: readFile, onFileChosen: onFileChosen,
    refusedNote: refusedNote, download: download, say: say,
    patternList: patternList, element: element, fillRows: fillRows, chart: chart, longDate: longDate,
    onEveryPage: onEveryPage,
  };
})();

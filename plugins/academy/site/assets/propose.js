// "Propose a pattern": a form made from the pattern's schema (page data from pages/propose.py), checked
// as the contributor writes (propose-rules.js), shown as the YAML file it makes, and handed to GitHub's
// "create new file" page only when the contributor presses the button. The draft is kept in this
// browser (localStorage, or memory when storage is refused); nothing is sent anywhere before that.
(function () {
  "use strict";
  var rules = window.academyProposeRules;
  var tools = window.academyTools;
  if (!rules || !tools) return;
  var el = tools.element;

  function label(key) { return (key.charAt(0).toUpperCase() + key.slice(1)).replace(/_/g, " "); }
  function slugify(text) {
    var id = rules.strip(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return id.length > 60 ? id.slice(0, 61).replace(/-[^-]*$/, "") : id;  // whole words, short enough to read
  }
  // What one item of each list is called on its buttons.
  var NOUNS = { aliases: "alias", what_to_do: "step", stories: "story", sources: "source", reflection: "question",
    sectors: "sector", tags: "tag", related: "related pattern", authors: "author" };
  function fieldId(path) { return "academy-propose-f-" + path.join("-"); }
  function resolve(schema, root) { return schema && schema.$ref ? root.$defs[schema.$ref.split("/").pop()] : schema; }

  function setUp(root) {
    var data = window.academyPageData(root, "propose");
    data.schema = JSON.parse(data.schema);  // shipped as text, so its fields keep their order
    var schema = data.schema;
    var form = document.getElementById("academy-propose-form");
    var yamlOut = document.getElementById("academy-propose-yaml");
    var summary = document.getElementById("academy-propose-summary");
    var list = document.getElementById("academy-propose-problems");
    var github = document.getElementById("academy-propose-github");
    var longNote = document.getElementById("academy-propose-long");
    var filenameOut = document.getElementById("academy-propose-filename");
    var storageNote = document.getElementById("academy-propose-storage");
    var store = tools.store("academy:propose-pattern");
    var known = {};
    data.patterns.forEach(function (p) { known[p[0]] = p[1]; });
    document.getElementById("academy-propose-nojs").hidden = true;
    if (store.refused) tools.say(storageNote, tools.refusedNote("your draft is kept"), false);

    // The raw form state: what is typed, empty rows included; the draft is made from it.
    function emptyValue(schemaPart) {
      schemaPart = resolve(schemaPart, schema);
      if (schemaPart.type === "array") {
        var items = resolve(schemaPart.items || {}, schema);
        if (items.enum) return [];
        return items.type === "object" ? (schemaPart.minItems ? [emptyValue(items)] : []) : [""];
      }
      if (schemaPart.type === "object") {
        var value = {};
        Object.keys(schemaPart.properties).forEach(function (k) { value[k] = emptyValue(schemaPart.properties[k]); });
        return value;
      }
      return "";
    }
    function freshState() {
      var state = { id: "", idEdited: false, fields: emptyValue(schema) };
      state.fields.last_reviewed = data.today;
      return state;
    }
    // A kept draft, fitted to the fields the form has now (a field added or retyped since starts empty).
    function restore(saved) {
      var fresh = freshState();
      if (!saved || typeof saved !== "object" || !saved.fields || typeof saved.fields !== "object") return fresh;
      Object.keys(fresh.fields).forEach(function (k) {
        var value = saved.fields[k];
        if (value !== undefined && Array.isArray(value) === Array.isArray(fresh.fields[k]) && typeof value === typeof fresh.fields[k]) {
          fresh.fields[k] = value;
        }
      });
      fresh.id = typeof saved.id === "string" ? saved.id : "";
      fresh.idEdited = saved.idEdited === true;
      return fresh;
    }
    var state = restore(store.load());
    var touched = {};
    var showAll = false;

    // --- from the form's state to the draft ---------------------------------------------------------
    function clean(value, schemaPart) {
      schemaPart = resolve(schemaPart || {}, schema);
      if (Array.isArray(value)) {
        var items = value.map(function (v) { return clean(v, schemaPart.items); })
          .filter(function (v) { return v !== undefined; });
        return items.length ? items : undefined;
      }
      if (value && typeof value === "object") {
        var out = {}, any = false;
        Object.keys(schemaPart.properties || {}).forEach(function (k) {
          var v = clean(value[k], schemaPart.properties[k]);
          if (v !== undefined) { out[k] = v; any = true; }
        });
        return any ? out : undefined;
      }
      var text = rules.strip(value === undefined || value === null ? "" : value);
      if (text.toWellFormed) text = text.toWellFormed();  // a lone half of a character pair cannot go in an address
      if (!text) return undefined;
      if (schemaPart.anyOf && /^-?\d+$/.test(text)) return Number(text);  // the year
      return text;
    }
    function formProblems() {
      var found = [];
      var id = state.idEdited ? rules.strip(state.id) : slugify(state.fields.title || "");
      if (!id) found.push({ path: ["id"], field: "file name", message: "give the pattern a title, or a file name" });
      else if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) found.push({ path: ["id"], field: "file name", message: rules.quoted(id) + " must be lower-case words joined by hyphens, e.g. 'family-hubs'" });
      else if (known[id]) found.push({ path: ["id"], field: "file name", message: "the library already has a pattern called " + rules.quoted(id) + " (" + known[id] + "); choose another name" });
      (state.fields.sources || []).forEach(function (source, i) {
        var year = rules.strip(source.year || "");
        if (year && !/^-?\d+$/.test(year)) found.push({ path: ["sources", i, "year"], field: "sources[" + i + "].year", message: "write the year as a number, e.g. 2019" });
      });
      return { id: id, problems: found };
    }

    // --- the form, made from the schema ------------------------------------------------------------
    function help(schemaPart, id) {
      var text = schemaPart.description || "";
      if (schemaPart.examples && schemaPart.examples.length) {
        var example = schemaPart.examples[0];
        text += " For example: " + String(Array.isArray(example) ? example.join(", ") : example).replace(/\.$/, "") + ".";
      }
      return text ? el("p", text, "academy-propose__help") : null;
    }
    function describedBy(input, ids) { input.setAttribute("aria-describedby", ids.filter(Boolean).join(" ")); }

    // A control with its label, its help (from the schema) and the place its problems are shown.
    function labelled(control, path, labelText, schemaPart, required) {
      var id = fieldId(path);
      var wrap = el("div", null, "academy-propose__field");
      var lab = el("label", labelText + (required ? " (required)" : ""));
      lab.htmlFor = id;
      control.id = id;
      control.dataset.path = JSON.stringify(path);
      var helpText = schemaPart ? help(schemaPart) : null;
      if (helpText) helpText.id = id + "-help";
      var error = el("p", "", "academy-propose__error");
      error.id = id + "-error";
      describedBy(control, [helpText && helpText.id, error.id]);
      wrap.appendChild(lab);
      if (helpText) wrap.appendChild(helpText);
      wrap.appendChild(control);
      wrap.appendChild(error);
      return wrap;
    }

    function textInput(path, value, multiline, labelText, schemaPart, required) {
      var input = document.createElement(multiline ? "textarea" : "input");
      if (!multiline) input.type = "text";
      else input.rows = 4;
      input.value = value || "";
      if (schemaPart && schemaPart.format === "date") input.setAttribute("inputmode", "numeric");
      return labelled(input, path, labelText, schemaPart, required);
    }

    function group(legendText, path, schemaPart, required) {
      var fieldset = el("fieldset", null, "academy-propose__group");
      fieldset.id = fieldId(path);
      fieldset.tabIndex = -1;
      fieldset.appendChild(el("legend", legendText + (required ? " (required)" : "")));
      var helpText = help(schemaPart);
      if (helpText) { helpText.id = fieldset.id + "-help"; fieldset.appendChild(helpText); }
      var error = el("p", "", "academy-propose__error");
      error.id = fieldset.id + "-error";
      fieldset.appendChild(error);
      return fieldset;
    }

    function choices(key, path, schemaPart, values, multiple, required) {
      var names = data.labels[key] || {};
      var explained = !multiple && Object.keys(names).some(function (k) { return names[k].note; });
      // Choices that each say what they mean need no summary of them all above.
      var fieldset = group(label(key), path, explained ? { examples: schemaPart.examples } : schemaPart, required);
      var options = multiple ? resolve(schemaPart.items, schema).enum : schemaPart.enum;
      var box = el("div", null, "academy-propose__choices");
      options.forEach(function (option) {
        var id = fieldId(path.concat([option.replace(/\//g, "_")]));
        var input = document.createElement("input");
        input.type = multiple ? "checkbox" : "radio";
        input.name = fieldId(path);
        input.id = id;
        input.value = option;
        input.checked = multiple ? values.indexOf(option) >= 0 : values === option;
        input.dataset.path = JSON.stringify(path);
        input.dataset.choice = multiple ? "many" : "one";
        var lab = el("label", (names[option] && names[option].name) || option);
        lab.htmlFor = id;
        var row = el("div", null, "academy-propose__choice");
        row.appendChild(input);
        row.appendChild(lab);
        if (names[option] && names[option].note && !multiple) row.appendChild(el("span", " " + names[option].note, "academy-propose__note"));
        box.appendChild(row);
      });
      fieldset.appendChild(box);
      return fieldset;
    }

    function select(path, value, options, labelText, schemaPart, required) {
      var input = document.createElement("select");
      [["", "Choose…"]].concat(options).forEach(function (option) {
        var node = el("option", option[1]);
        node.value = option[0];
        node.selected = option[0] === value;
        input.appendChild(node);
      });
      return labelled(input, path, labelText, schemaPart, required);
    }

    function button(text, onClick) {
      var node = el("button", text, "md-button academy-propose__small");
      node.type = "button";
      node.addEventListener("click", onClick);
      return node;
    }

    function repeated(key, path, schemaPart, values, required) {
      var fieldset = group(label(key), path, schemaPart, required);
      var items = resolve(schemaPart.items, schema);
      var noun = NOUNS[key] || key;
      values.forEach(function (value, i) {
        var itemPath = path.concat([i]);
        var row = el("div", null, "academy-propose__item");
        var name = label(noun) + " " + (i + 1);
        if (items.type === "object") {
          var inner = el("fieldset", null, "academy-propose__group");
          inner.appendChild(el("legend", name));
          Object.keys(items.properties).forEach(function (k) {
            var part = items.properties[k], need = (items.required || []).indexOf(k) >= 0;
            if (key === "related" && k === "pattern") {
              inner.appendChild(select(itemPath.concat([k]), value[k], data.patterns, label(k), part, need));
            } else if (part.enum) {
              inner.appendChild(select(itemPath.concat([k]), value[k], part.enum.map(function (o) { return [o, o.replace(/-/g, " ")]; }), label(k), part, need));
            } else {
              inner.appendChild(textInput(itemPath.concat([k]), value[k], part["x-academy-text"] === "markdown", label(k), part, need));
            }
          });
          row.appendChild(inner);
        } else {
          row.appendChild(textInput(itemPath, value, items["x-academy-text"] === "markdown", name, null, false));
        }
        row.appendChild(button("Remove " + noun + " " + (i + 1), function () {
          values.splice(i, 1);
          rebuild(fieldId(path) + "-add");
        }));
        fieldset.appendChild(row);
      });
      var add = button("Add " + (values.length ? "another " : "a ") + noun, function () {
        values.push(items.type === "object" ? emptyValue(items) : "");
        rebuild(fieldId(itemPathOfLast(path, values)) + (items.type === "object" ? "-" + Object.keys(items.properties)[0] : ""));
      });
      add.id = fieldId(path) + "-add";
      fieldset.appendChild(add);
      return fieldset;
    }
    function itemPathOfLast(path, values) { return path.concat([values.length - 1]); }

    function build() {
      form.innerHTML = "";
      var props = schema.properties, required = schema.required || [];
      var idWrap = textInput(["id"], state.idEdited ? state.id : slugify(state.fields.title || ""), false, "File name", {
        description: "The pattern's id: lower-case words joined by hyphens. It is made from the title until you change it, and becomes the file name patterns/<id>.yml and the page's address.",
      }, true);
      Object.keys(props).forEach(function (key) {
        var part = resolve(props[key], schema), need = required.indexOf(key) >= 0, value = state.fields[key];
        var node;
        if (part.enum) node = choices(key, [key], part, value, false, need);
        else if (part.type === "array" && resolve(part.items, schema).enum) node = choices(key, [key], part, value, true, need);
        else if (part.type === "array") node = repeated(key, [key], part, value, need);
        else node = textInput([key], value, part["x-academy-text"] === "markdown", label(key), part, need);
        form.appendChild(node);
        if (key === "title") form.appendChild(idWrap);
      });
    }

    function rebuild(focusId) {
      build();
      update();
      var target = document.getElementById(focusId);
      if (target) target.focus();
    }

    function setIn(path, value) {
      var target = path[0] === "id" ? null : state.fields;
      if (!target) { state.id = value; state.idEdited = true; return; }
      for (var i = 0; i < path.length - 1; i++) target = target[path[i]];
      target[path[path.length - 1]] = value;
    }

    form.addEventListener("input", onChange);
    form.addEventListener("change", onChange);
    function onChange(event) {
      var input = event.target;
      if (!input.dataset || !input.dataset.path) return;
      var path = JSON.parse(input.dataset.path);
      if (input.dataset.choice === "many") {
        var options = resolve(resolve(schema.properties[path[0]], schema).items, schema).enum;
        var chosen = Array.prototype.filter.call(form.querySelectorAll("input[name='" + input.name + "']"), function (box) { return box.checked; })
          .map(function (box) { return box.value; });
        state.fields[path[0]] = options.filter(function (o) { return chosen.indexOf(o) >= 0; });
      } else if (input.dataset.choice === "one") {
        if (input.checked) setIn(path, input.value);
      } else {
        setIn(path, input.value);
      }
      touched[JSON.stringify(path)] = true;
      if (path[0] === "title" && !state.idEdited) {
        var idInput = document.getElementById(fieldId(["id"]));
        if (idInput) idInput.value = slugify(input.value);
      }
      update();
    }

    // --- checking, the YAML, and where it goes ------------------------------------------------------
    var current = { url: "", text: "", filename: "" };

    function update() {
      var draft = clean(state.fields, schema) || {};
      var own = formProblems();
      var order = ["title", "id"].concat(Object.keys(schema.properties));
      var found = own.problems.concat(rules.problems(draft, data)).map(function (p, i) { return [order.indexOf(p.path[0]), i, p]; })
        .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; }).map(function (entry) { return entry[2]; });  // in the form's order
      var text = rules.toYaml(draft, data);
      var filename = (own.id || "your-pattern") + ".yml";
      current = { text: text, filename: filename, url: "" };
      yamlOut.textContent = text;
      filenameOut.textContent = "patterns/" + filename;
      store.save(state);
      showProblems(found);
      var ready = found.length === 0;
      var url = data.newFile ? data.newFile.replace(data.filenameToken, encodeURIComponent(filename)).replace(data.contentToken, encodeURIComponent(text)) : "";
      var tooLong = url.length > data.maxUrl;
      current.url = ready && !tooLong ? url : "";
      github.hidden = !current.url;
      if (current.url) github.href = current.url;
      longNote.hidden = !(ready && (tooLong || !data.newFile));
      if (data.newFile) {
        document.getElementById("academy-propose-new").href = data.newFile.replace(data.filenameToken, "").replace(data.contentToken, "");
      }
      var noun = found.length === 1 ? "problem" : "problems";
      tools.say(summary, ready
        ? (current.url ? "Your pattern passes every check. Press Propose on GitHub to open it there." : "Your pattern passes every check. It is too long for a web address: copy or download it as below.")
        : found.length + " " + noun + " to fix before you can propose the pattern.", !ready);
    }

    function showProblems(found) {
      Array.prototype.forEach.call(form.querySelectorAll(".academy-propose__error"), function (node) { node.textContent = ""; });
      Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (node) { node.removeAttribute("aria-invalid"); });
      list.innerHTML = "";
      found.forEach(function (problem) {
        var id = fieldId(problem.path);
        var target = document.getElementById(id) || nearest(problem.path);
        var item = el("li");
        var link = el("a", problem.field + ": " + problem.message);
        link.href = "#" + (target ? target.id : "academy-propose-form");
        item.appendChild(link);
        list.appendChild(item);
        var shown = showAll || Object.keys(touched).some(function (t) { return JSON.stringify(problem.path).indexOf(t.slice(0, -1)) === 0; });
        if (target && shown) {
          var error = document.getElementById(target.id + "-error");
          if (error) error.textContent = (error.textContent ? error.textContent + " " : "") + problem.message;
          if (target.tagName !== "FIELDSET") target.setAttribute("aria-invalid", "true");
        }
      });
    }
    function nearest(path) {
      for (var n = path.length - 1; n > 0; n--) {
        var node = document.getElementById(fieldId(path.slice(0, n)));
        if (node) return node;
      }
      return null;
    }

    list.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      if (!link) return;
      event.preventDefault();  // an in-page jump, not a navigation Material should handle
      showAll = true;
      update();
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) { target.scrollIntoView({ block: "center" }); target.focus(); }
    });
    document.getElementById("academy-propose-copy").addEventListener("click", function () {
      showAll = true;
      update();
      var done = function () { tools.say(summary, "The file is copied. Paste it into GitHub's new file page, named " + "patterns/" + current.filename + ".", false); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(current.text).then(done, function () { selectYaml(); });
      } else selectYaml();
    });
    function selectYaml() {
      var range = document.createRange();
      range.selectNodeContents(yamlOut);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      tools.say(summary, "This browser did not let the page copy. The file's text is selected: press Ctrl+C (or ⌘+C) to copy it.", false);
    }
    document.getElementById("academy-propose-download").addEventListener("click", function () {
      tools.download(current.filename, current.text, "application/yaml");
    });
    document.getElementById("academy-propose-clear").addEventListener("click", function () {
      store.clear();
      state = freshState();
      touched = {};
      showAll = false;
      rebuild(fieldId(["title"]));
      tools.say(summary, "The draft was cleared.", false);
    });
    github.addEventListener("click", function (event) {
      if (!current.url) event.preventDefault();
    });

    build();
    update();
  }

  tools.onEveryPage("academy-propose", setUp);
})();

// The rules of the "Propose a pattern" form, without any page: a draft pattern checked against the
// pattern's published JSON Schema (shipped as page data by pages/propose.py, so the rules, and which
// field holds Markdown, one line or a web address, are the schema's own), the checks on text that
// `academy validate` makes beyond the schema (source/content_checks.py, ported here once), and the draft written as YAML that reads back as
// the same values. Messages are worded exactly as the command line words them (source/schemas.py);
// tests/test_propose.py runs the same bad drafts through both and compares.
(function () {
  "use strict";

  var EXCERPT = 60;
  // Python's str.strip() whitespace, so the browser trims what the shapes would.
  var SPACE = "\\s\\x1c-\\x1f\\x85";
  var STRIP = new RegExp("^[" + SPACE + "]+|[" + SPACE + "]+$", "g");
  var UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
  var LINE_BREAK = /[\n\r\v\f\x85\u2028\u2029]/;
  var PATTERN_WORDS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "{value} must be lower-case words joined by hyphens, e.g. 'family-hubs'",
    "^https?://": "{value} must be a web address starting with https:// or http://",
    "\\S": "must not be empty",
  };
  var TYPE_WORDS = { string: "text", integer: "a whole number", array: "a list", object: "a mapping of fields" };
  var URL_ATTRIBUTES = ["href", "src", "action", "formaction", "xlink:href", "poster", "background"];

  function strip(text) { return String(text).replace(STRIP, ""); }
  function length(text) { return Array.from(text).length; }  // code points, as Python counts

  function escapeChar(ch) {
    var code = ch.codePointAt(0);
    if (ch === "\n") return "\\n";
    if (ch === "\r") return "\\r";
    if (ch === "\t") return "\\t";
    return code <= 0xff ? "\\x" + ("0" + code.toString(16)).slice(-2) : "\\u" + ("000" + code.toString(16)).slice(-4);
  }

  // A value as messages show it: cut to a short excerpt, control characters escaped.
  function excerpt(value) {
    var text = Array.from(String(value));
    text = text.length > EXCERPT ? text.slice(0, EXCERPT - 1).join("") + "…" : text.join("");
    return text.replace(UNPRINTABLE, escapeChar);
  }
  function quoted(value) { return "'" + excerpt(value) + "'"; }

  function dotted(path) {
    var text = "";
    path.forEach(function (part) {
      text += typeof part === "number" ? "[" + part + "]" : (text ? "." + part : part);
    });
    return text;
  }

  function describe(value) {
    if (Array.isArray(value)) return "a list";
    if (value && typeof value === "object") return "a mapping of fields";
    if (typeof value === "boolean") return "'" + value + "'";
    if (value === null || value === undefined) return "nothing (an empty value)";
    return quoted(value);
  }

  // --- the schema's rules ------------------------------------------------------------------------

  function resolve(schema, root) {
    return schema && schema.$ref ? root.$defs[schema.$ref.split("/").pop()] : schema;
  }

  function typeOk(value, type) {
    if (type === "string") return typeof value === "string";
    if (type === "integer") return typeof value === "number" && Number.isInteger(value);
    if (type === "array") return Array.isArray(value);
    if (type === "object") return !!value && typeof value === "object" && !Array.isArray(value);
    if (type === "null") return value === null;
    return true;
  }

  function isDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return false;
    var day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return day.getUTCFullYear() === +m[1] && day.getUTCMonth() === +m[2] - 1 && day.getUTCDate() === +m[3];
  }

  function lowerFirst(text) { return text.charAt(0).toLowerCase() + text.slice(1); }

  function checkString(value, schema, path, out) {
    if (schema.format === "date") {
      if (!isDate(value)) out.push({ path: path, message: quoted(value) + " is not a date written as YYYY-MM-DD" });
      return;
    }
    var size = length(value);
    if (schema.minLength !== undefined && size < schema.minLength) {
      out.push({ path: path, message: schema.minLength <= 1 ? "must not be empty" : "is too short: write at least " + schema.minLength + " characters" });
    } else if (schema.maxLength !== undefined && size > schema.maxLength) {
      out.push({ path: path, message: "is " + size + " characters long; keep it to " + schema.maxLength + " or fewer" });
    } else if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
      var words = PATTERN_WORDS[schema.pattern];
      out.push({ path: path, message: words ? words.replace("{value}", quoted(value)) : quoted(value) + " is not written as expected" });
    }
  }

  function check(value, schema, path, root, out) {
    schema = resolve(schema, root);
    if (schema.anyOf) {
      var branch = schema.anyOf.filter(function (b) { return typeOk(value, resolve(b, root).type); })[0];
      if (!branch) { out.push({ path: path, message: "expected " + TYPE_WORDS[schema.anyOf[0].type] + ", found " + describe(value) }); return; }
      schema = Object.assign({ description: schema.description }, resolve(branch, root));
    }
    if (schema.type && !typeOk(value, schema.type)) {
      out.push({ path: path, message: "expected " + TYPE_WORDS[schema.type] + ", found " + describe(value) });
      return;
    }
    if (schema.enum && schema.enum.indexOf(value) < 0) {
      out.push({ path: path, message: quoted(value) + " is not one of: " + schema.enum.join(", ") });
      return;
    }
    if (typeof value === "string") checkString(value, schema, path, out);
    else if (typeof value === "number") {
      var about = schema.description ? " (" + lowerFirst(schema.description.replace(/\.$/, "")) + ")" : "";
      if (schema.minimum !== undefined && value < schema.minimum) out.push({ path: path, message: excerpt(value) + " is below the lowest allowed value, " + schema.minimum + about });
      else if (schema.maximum !== undefined && value > schema.maximum) out.push({ path: path, message: excerpt(value) + " is above the highest allowed value, " + schema.maximum + about });
    } else if (Array.isArray(value)) {
      var before = out.length;
      value.forEach(function (item, i) { check(item, schema.items || {}, path.concat([i]), root, out); });
      if (out.length > before) return;  // the shapes judge the whole list only when every item passed
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        out.push({ path: path, message: "needs at least " + schema.minItems + " item" + (schema.minItems !== 1 ? "s" : "") });
      } else if (schema.uniqueItems && new Set(value.map(function (v) { return JSON.stringify(v); })).size !== value.length) {
        out.push({ path: path, message: "the same item is listed twice" });
      }
    } else if (value && typeof value === "object") {
      var properties = schema.properties || {};
      (schema.required || []).forEach(function (key) {
        if (!(key in value)) out.push({ path: path.concat([key]), message: "required field is missing" });
      });
      Object.keys(value).forEach(function (key) {
        if (properties[key]) check(value[key], properties[key], path.concat([key]), root, out);
        else if (schema.additionalProperties === false) out.push({ path: path.concat([key]), message: "unknown field" });
      });
    }
  }

  // --- checks on text beyond the schema (source/content_checks.py) --------------------------------

  function linkProblem(url) {
    if (/^(#|\/|\.\/|\.\.\/|mailto:)/.test(url) || (url.indexOf("://") < 0 && url.split("/")[0].indexOf(":") < 0)) return null;
    var scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
    if (!scheme || ["http", "https"].indexOf(scheme[1].toLowerCase()) < 0) return quoted(url) + " is not a web address; it should start with https://";
    var netloc = url.slice(scheme[0].length).replace(/^\/\//, "").split(/[/?#]/)[0];
    var host = netloc.split("@").pop().replace(/:[^:\]]*$/, "").toLowerCase();
    if (host.indexOf(".") < 0 || host.charAt(0) === "." || host.slice(-1) === "." || url.indexOf(" ") >= 0) {
      return quoted(url) + " is not a well-formed web address (the site name looks wrong)";
    }
    return null;
  }

  function decodeEntities(text) {
    // An inert document (never shown, runs nothing) reads entities as the browser would.
    var doc = new DOMParser().parseFromString("<!doctype html><body><textarea>" + text.replace(/<\/textarea/gi, "") + "</textarea>", "text/html");
    return doc.querySelector("textarea").value;
  }

  function attributes(text) {
    var found = [];
    var ATTRIBUTE = /([^\s"'>\/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;
    var m;
    while ((m = ATTRIBUTE.exec(text))) {
      var value = m[2] === undefined ? "" : m[2].replace(/^["']|["']$/g, "");
      found.push([m[1].toLowerCase(), decodeEntities(value)]);
    }
    return found;
  }

  // Why the sanitiser would take this out of an element (site/sanitize.py's rules, shipped as data).
  function removedWhy(tag, name, value, rules) {
    var allowed = (rules.attributes["*"] || []).concat(rules.attributes[tag] || []);
    if (allowed.indexOf(name) >= 0) {
      if (name !== "href" && name !== "src") return null;
      var cleaned = value.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, "").replace(/[\t\n\r]/g, "");
      var scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned);
      var remoteImage = tag === "img" && name === "src" && (value.split("/")[0].indexOf(":") >= 0 || value.indexOf("//") === 0);
      if (!remoteImage && (!scheme || rules.schemes.indexOf(scheme[1].toLowerCase()) >= 0)) return null;
    }
    if (name.indexOf("on") === 0) return "the HTML attribute " + quoted(name) + " runs a script and is not allowed";
    if (URL_ATTRIBUTES.indexOf(name) < 0) return "the attribute " + quoted(name) + " is not allowed on <" + tag + ">; use a class instead";
    var bad = /^([a-z][a-z0-9+.-]*):/.exec(value.replace(/[\s\x00-\x1f]/g, "").toLowerCase());
    if (bad && ["javascript", "vbscript", "data", "file"].indexOf(bad[1]) >= 0) return "'" + bad[1] + ":' links are not allowed; link to a web page";
    if (tag === "img") return "the image " + quoted(value) + " is on another host; images must be files on this site";
    return quoted(value) + " is not a web address; it should start with https://";
  }

  // Markdown turns tabs into spaces (4-column stops) before reading anything, so "java<tab>script:"
  // is then no scheme at all, only a harmless relative link.
  function expandTabs(text) {
    return text.split("\n").map(function (line) {
      var out = "";
      Array.from(line).forEach(function (ch) { out += ch === "\t" ? " ".repeat(4 - out.length % 4) : ch; });
      return out;
    }).join("\n");
  }

  function markdownProblems(text, rules) {
    if (!/[<{\]&]/.test(text)) return [];
    var source = expandTabs(text).replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");  // code is shown, never run
    var found = [];
    var TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
    var m;
    while ((m = TAG.exec(source))) {
      var tag = m[1].toLowerCase();
      if (rules.tags.indexOf(tag) < 0) { found.push("<" + tag + "> is not allowed in text; write Markdown instead"); continue; }
      attributes(m[2]).forEach(function (pair) { found.push(removedWhy(tag, pair[0], pair[1], rules)); });
    }
    var LINK = /(!?)\[[^\]]*\]\(\s*<?([^\s>]+?)>?(?:\s+"[^"]*")?\s*\)(?!\))/g;
    while ((m = LINK.exec(source))) {
      found.push(removedWhy(m[1] ? "img" : "a", m[1] ? "src" : "href", decodeEntities(m[2]), rules));
    }
    var ATTR_LIST = /\{:?([^}\n]*)\}/g;  // attr_list: { #id .class key=value }
    while ((m = ATTR_LIST.exec(source))) {
      attributes(m[1]).forEach(function (pair) {
        if (pair[0].indexOf("on") === 0) found.push("the HTML attribute " + quoted(pair[0]) + " runs a script and is not allowed");
      });
    }
    return found.filter(function (message, i) { return message && found.indexOf(message) === i; });
  }

  // Every piece of text in the draft with where it stands and its kind (the schema's x-academy-text:
  // markdown, line or web-address; said once on the shapes).
  function textFields(value, schema, root, path, out) {
    schema = resolve(schema || {}, root);
    if (schema.anyOf) schema = resolve(schema.anyOf.filter(function (b) { return typeOk(value, resolve(b, root).type); })[0], root) || {};
    if (typeof value === "string") out.push([path, value, schema["x-academy-text"]]);
    else if (Array.isArray(value)) value.forEach(function (item, i) { textFields(item, schema.items, root, path.concat([i]), out); });
    else if (value && typeof value === "object") {
      Object.keys(value).forEach(function (k) { textFields(value[k], (schema.properties || {})[k], root, path.concat([k]), out); });
    }
    return out;
  }

  function contentProblems(draft, rules) {
    var out = [];
    textFields(draft, rules.schema, rules.schema, [], []).forEach(function (entry) {
      var path = entry[0], text = entry[1], kind = entry[2];
      var urls = [];
      if (kind === "markdown") {
        markdownProblems(text, rules.html).forEach(function (message) { out.push({ path: path, message: message }); });
        // Other schemes are the sanitiser's to report; here, web addresses with a malformed host.
        var LINK = /\[[^\]]*\]\(\s*<?([^)\s>]+)/g, m;
        while ((m = LINK.exec(text))) if (/^https?:\/\//.test(m[1])) urls.push(m[1]);
      } else if (kind === "line" && LINE_BREAK.test(strip(text))) {
        out.push({ path: path, message: "must be a single line: remove the line break" });
      } else if (kind === "web-address" && /^https?:\/\//.test(text)) {
        urls = [text];  // one that does not start so is reported by its shape
      }
      urls.forEach(function (url) { var why = linkProblem(url); if (why) out.push({ path: path, message: why }); });
    });
    return out;
  }

  // Every problem `academy validate` would report in this draft, as {path, field, message}.
  function problems(draft, rules) {
    var out = [];
    if (!Object.keys(draft).length) return [{ path: [], field: "", message: "the file is empty; start from a template with `academy new`" }];
    check(draft, rules.schema, [], rules.schema, out);
    out = out.concat(contentProblems(draft, rules));
    out.forEach(function (p) { p.field = dotted(p.path); });
    return out;
  }

  // --- the draft as YAML ----------------------------------------------------------------------------

  var PLAIN = /^[A-Za-z][A-Za-z0-9 ,.;()'’\-?!/&]*$/;
  var NOT_PLAIN = /^(y|n|yes|no|on|off|true|false|null)$/i;  // YAML 1.1 reads these as true, false, null
  var SLUGS = /^[a-z0-9][a-z0-9/-]*$/;
  // Characters a YAML reader takes as they are; anything else is written as an escape in quotes.
  var PRINTABLE = /^[\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;

  function doubleQuoted(text) {
    return '"' + Array.from(text).map(function (ch) {
      if (ch === '"' || ch === "\\") return "\\" + ch;
      var code = ch.codePointAt(0);
      if (ch === "\n" || ch === "\t" || code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0x2028 || code === 0x2029 ||
          code === 0xfeff || (code >= 0xd800 && code <= 0xdfff) || code >= 0xfffe && code <= 0xffff) return escapeChar(ch);
      return ch;
    }).join("") + '"';
  }

  // One value after "key: " or "- "; `indent` is where the lines of a block scalar start.
  function scalar(value, indent, isDate) {
    if (typeof value === "number") return String(value);
    if (isDate && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    if (PLAIN.test(value) && !NOT_PLAIN.test(value)) return value;
    if (value.indexOf("\n") >= 0 && PRINTABLE.test(value) && !/^[ \t]|\s$|\t/.test(value)) {
      return "|-\n" + value.split("\n").map(function (line) { return line ? indent + line : ""; }).join("\n");
    }
    return doubleQuoted(value);
  }

  function field(key, value, indent, schema, root) {
    schema = resolve(schema || {}, root);
    if (!Array.isArray(value)) return [indent + key + ": " + scalar(value, indent + "  ", schema.format === "date")];
    if (value.every(function (v) { return typeof v === "string" && SLUGS.test(v) && !NOT_PLAIN.test(v); })) {
      return [indent + key + ": [" + value.join(", ") + "]"];
    }
    var lines = [indent + key + ":"];
    var items = resolve(schema.items || {}, root);
    value.forEach(function (item) {
      if (item && typeof item === "object") {
        var first = true;
        Object.keys(items.properties || {}).forEach(function (k) {
          if (!(k in item)) return;
          var sub = field(k, item[k], indent + "    ", items.properties[k], root);
          if (first) sub[0] = indent + "  - " + sub[0].slice(indent.length + 4);
          first = false;
          lines = lines.concat(sub);
        });
      } else {
        lines.push(indent + "  - " + scalar(item, indent + "    ", false));
      }
    });
    return lines;
  }

  // The file: the editor's schema line, then each field of the draft in the schema's order.
  function toYaml(draft, rules) {
    var schema = rules.schema, lines = [rules.header];
    Object.keys(schema.properties).forEach(function (key) {
      if (key in draft) lines = lines.concat(field(key, draft[key], "", schema.properties[key], schema));
    });
    return lines.join("\n") + "\n";
  }

  window.academyProposeRules = {
    strip: strip, quoted: quoted, dotted: dotted, problems: problems, toYaml: toYaml, linkProblem: linkProblem,
    markdownProblems: markdownProblems,
  };
})();

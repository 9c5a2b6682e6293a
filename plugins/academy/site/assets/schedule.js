// Schedules that stay true after the build: the reader's own time beside each published time,
// and items that have ended moved from "upcoming" to "past" by today's date.
// Progressive enhancement: the HTML already holds the published time with its zone and the
// lists as they were on the day of the build; without JavaScript that is what readers see.
(function () {
  "use strict";

  // --- pure rules (exposed for tests) -------------------------------------------------------
  // The offset in minutes that an ISO 8601 time such as 2027-02-02T18:30:00+00:00 was written with.
  function writtenOffset(iso) {
    var match = /([+-])(\d\d):(\d\d)$/.exec(iso);
    if (!match) return /Z$/.test(iso) ? 0 : null;
    return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  }

  // The reader's own wall-clock time for a published range, or null when it reads the same.
  function localRange(startIso, endIso, locale, timeZone) {
    var start = new Date(startIso), end = new Date(endIso);
    if (isNaN(start) || isNaN(end) || writtenOffset(startIso) === null) return null;
    if (-start.getTimezoneOffset() === writtenOffset(startIso) && !timeZone) return null;
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (timeZone) options.timeZone = timeZone;
    var day = { weekday: "short", day: "numeric", month: "short" };
    if (timeZone) day.timeZone = timeZone;
    var time = new Intl.DateTimeFormat(locale, options);
    var publishedDay = startIso.slice(0, 10);
    var localDay = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit",
      timeZone: timeZone || undefined }).format(start);
    var text = time.format(start) + " to " + time.format(end);
    if (localDay !== publishedDay) text = new Intl.DateTimeFormat(locale, day).format(start) + ", " + text;
    var zone = timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone || "your time zone";
    return text + " your time (" + zone.replace(/_/g, " ") + ")";
  }

  function hasEnded(isoEnd, now) {
    var end = new Date(isoEnd);
    return !isNaN(end) && end.getTime() <= now.getTime();
  }

  window.academySchedule = { localRange: localRange, hasEnded: hasEnded };

  // --- the page ------------------------------------------------------------------------------
  function showLocalTimes(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".academy-when"), function (when) {
      if (when.dataset.localised) return;
      when.dataset.localised = "1";
      var times = when.querySelectorAll("time[datetime]");
      if (times.length !== 2) return;
      var text = localRange(times[0].getAttribute("datetime"), times[1].getAttribute("datetime"));
      if (!text) return;
      var local = document.createElement("span");
      local.className = "academy-when__local";
      local.textContent = " (" + text + ")";
      when.appendChild(local);
    });
  }

  // Each upcoming list hands its ended items to the next past list on the page, newest first.
  function movePastItems(root, now) {
    var lists = root.querySelectorAll("[data-academy-list]");
    Array.prototype.forEach.call(lists, function (list, index) {
      if (list.dataset.academyList !== "upcoming") return;
      var past = lists[index + 1];
      if (!past || past.dataset.academyList !== "past") return;
      var ended = Array.prototype.filter.call(list.querySelectorAll(":scope > [data-academy-ends]"),
        function (item) { return hasEnded(item.dataset.academyEnds, now); });
      if (!ended.length) return;
      var first = past.querySelector(":scope > [data-academy-ends]") || past.querySelector(":scope > .academy-schedule-none");
      ended.forEach(function (item) {
        item.classList.add("academy-past");
        past.insertBefore(item, first);  // the latest ended item ends up nearest the top
        first = item;
      });
      [list, past].forEach(function (box) {
        var none = box.querySelector(":scope > .academy-schedule-none");
        if (none) none.hidden = !!box.querySelector(":scope > [data-academy-ends]");
      });
    });
  }

  function setUp() {
    var root = document.querySelector("article") || document.body;
    movePastItems(root, new Date());
    showLocalTimes(root);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();

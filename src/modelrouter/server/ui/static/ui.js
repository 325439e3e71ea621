// Draws the overview's time series with uPlot from the JSON the page embeds, and keeps
// live panels (an element with data-refresh="URL") fresh: every data-every ms it fetches
// that fragment of the page (same origin, with the session cookie) and puts it in place.
// A fragment is server-rendered and autoescaped like the page; no script runs from it.
(function () {
  "use strict";
  // Small amounts (dollars per hour) keep their significant digits on the axis.
  function label(value) {
    if (value === 0 || Math.abs(value) >= 100) { return String(Math.round(value)); }
    return String(Number(value.toPrecision(2)));
  }
  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof uPlot === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    document.querySelectorAll(".chart").forEach(function (el) {
      var name = el.getAttribute("data-series");
      var width = Math.max(el.clientWidth, 300);
      var options = {
        width: width,
        height: 220,
        series: [{}, { label: name, stroke: "#2458c6", fill: "rgba(36, 88, 198, 0.12)", width: 2 }],
        axes: [{}, { size: 70, values: function (u, ticks) { return ticks.map(label); } }],
        legend: { show: true }
      };
      el.chart = new uPlot(options, [data.x, data[name]], el);
      el.setAttribute("data-drawn", "1");
    });
  }
  function poll(el) {
    var every = Number(el.getAttribute("data-every")) || 2000;
    var count = 0;
    function stop(why) {
      var note = document.createElement("p");
      note.className = "error";
      note.textContent = why;
      el.insertBefore(note, el.firstChild);
    }
    function tick() {
      if (document.hidden) { setTimeout(tick, every); return; }
      fetch(el.getAttribute("data-refresh"), { credentials: "same-origin", redirect: "error" })
        .then(function (answer) {
          if (answer.status === 401) { throw new Error("session"); }
          if (!answer.ok) { throw new Error(String(answer.status)); }
          return answer.text();
        })
        .then(function (html) {
          el.innerHTML = html;
          count += 1;
          el.setAttribute("data-refreshed", String(count));
          setTimeout(tick, every);
        })
        .catch(function (error) {
          if (error.message === "session") {
            stop("Your session has ended: reload the page to log in again.");
          } else {  // the gateway restarting, a network blip: try again, more slowly
            el.setAttribute("data-stale", "1");
            setTimeout(tick, every * 5);
          }
        });
    }
    setTimeout(tick, every);
  }
  function start() {
    draw();
    document.querySelectorAll("[data-refresh]").forEach(poll);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

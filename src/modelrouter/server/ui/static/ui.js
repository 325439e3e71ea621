// Draws the overview's time series with uPlot from the JSON the page embeds.
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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

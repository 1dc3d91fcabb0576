/* Analytics charts: draws every <canvas data-chart="ID"> from the JSON in <script type="application/json"
   id="ID"> (Django's json_script: data, never executed, so the CSP allows it). The same numbers are in a
   table next to each chart; the table starts open (the content without JavaScript) and is folded once
   its chart is drawn. Chart.js sets canvas sizes through the CSSOM, which style-src 'self' allows. */
(function () {
  "use strict";

  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  // Distinct, colour-blind-safe tones for the doughnut's slices (the table and legend name them too).
  var PALETTE = ["#0a58a8", "#c26a00", "#1d6b35", "#7a3fb0", "#a8323a", "#4a5561"];

  function options(spec) {
    var horizontal = Boolean(spec.horizontal);
    var round = spec.type === "doughnut";
    var base = {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 400 },
      plugins: {
        legend: { display: round, position: "bottom" },
        tooltip: { enabled: true }
      }
    };
    if (!round) {
      var valueAxis = { beginAtZero: true, ticks: { precision: 0 }, grid: { color: "#e6e9ed" } };
      var labelAxis = { grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } };
      base.indexAxis = horizontal ? "y" : "x";
      base.scales = horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis };
    }
    return base;
  }

  function dataset(spec) {
    var accent = cssVar("--accent", "#0a58a8");
    var set = { label: spec.label, data: spec.values };
    if (spec.type === "doughnut") {
      set.backgroundColor = spec.values.map(function (_, i) { return PALETTE[i % PALETTE.length]; });
      set.borderColor = "#fff";
      set.borderWidth = 2;
    } else if (spec.type === "line") {
      set.borderColor = accent;
      set.backgroundColor = cssVar("--accent-soft", "#e7f0fa");
      set.fill = true;
      set.tension = 0.25;
      set.pointRadius = spec.values.length > 60 ? 0 : 3;
    } else {
      set.backgroundColor = accent;
      set.borderRadius = 4;
      set.maxBarThickness = 48;
    }
    return set;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart !== "function") { return; }
    var spec;
    try { spec = JSON.parse(source.textContent); } catch (error) { return; }
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: [dataset(spec)] },
      options: options(spec)
    });
    var figure = canvas.closest("figure");
    var table = figure && figure.querySelector("details[data-chart-table]");
    if (table) { table.open = false; }
    if (figure) { figure.classList.add("chart--drawn"); }
  }

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
  });
})();

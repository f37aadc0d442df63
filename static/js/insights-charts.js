/* Draws every <canvas data-chart="ID"> from the JSON in <script id="ID"> (json_script):
   {type, labels, datasets: [{label, data}], stacked?, horizontal?}. A canvas is only an
   illustration: every chart has a table next to it with the same figures. */
(function () {
  var palette = ["#0d6efd", "#198754", "#ffc107", "#fd7e14", "#dc3545", "#6f42c1", "#20c997",
                 "#6c757d", "#0dcaf0", "#d63384"];
  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || !window.Chart) return;
    var spec = JSON.parse(source.textContent);
    var many = spec.datasets.length > 1;
    spec.datasets.forEach(function (d, i) {
      if (d.backgroundColor) return;
      d.backgroundColor = many || spec.type === "line" ? palette[i % palette.length]
        : spec.labels.map(function (_l, j) { return palette[j % palette.length]; });
      if (spec.type === "line") { d.borderColor = palette[i % palette.length]; d.tension = 0.2; }
    });
    var scales = {};
    if (spec.type !== "doughnut" && spec.type !== "pie") {
      scales = { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true } };
      if (spec.pyramid) {
        scales.x.ticks = { callback: function (v) { return Math.abs(v); } };
      }
      if (spec.horizontal && !spec.pyramid) {
        // Long unit names were cut off on the left (issue 13): shorten each category label to
        // what fits in ~40% of the canvas; the tooltip and the table keep the full name.
        scales.y.ticks = { autoSkip: false, callback: function (v) {
          var label = String(this.getLabelForValue(v));
          var max = Math.max(12, Math.floor(canvas.clientWidth * 0.4 / 6.5));
          return label.length > max ? label.slice(0, max - 1).trimEnd() + "\u2026" : label;
        } };
      }
    }
    var chart = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        maintainAspectRatio: false,
        layout: { padding: { left: 4 } },
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: {
          legend: { display: many || spec.type === "doughnut" },
          tooltip: spec.pyramid ? { callbacks: { label: function (c) {
            return c.dataset.label + ": " + Math.abs(c.raw); } } } : {}
        },
        scales: scales,
        onClick: function (_e, items) {
          if (!spec.links || !items.length) return;
          var url = spec.links[items[0].index];
          if (url) window.location.href = url;
        }
      }
    });
    canvas.style.cursor = spec.links ? "pointer" : "default";
    return chart;
  }
  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();

// The IKM trend on the complaints scorecard: a Chart.js line per service unit, drawn from the
// JSON the page embeds (the table beside it is the fallback for screen readers and no JS).
(function () {
  var source = document.getElementById("ikm-chart-data");
  var canvas = document.getElementById("ikm-chart");
  if (!source || !canvas || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  var colours = ["#0b5d7a", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#6c757d", "#0d6efd"];
  data.datasets.forEach(function (d, i) {
    d.borderColor = colours[i % colours.length]; d.backgroundColor = d.borderColor;
    d.spanGaps = true; d.tension = 0.2;
  });
  new Chart(canvas, {
    type: "line", data: data,
    options: { maintainAspectRatio: false, scales: { y: { suggestedMin: 60, suggestedMax: 100 } },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } } }
  });
})();

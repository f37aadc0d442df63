/* Charts (Chart.js, vendored) drawn from data the page puts in <script type="application/json">
 * blocks (Django's json_script): no inline script, as the Content-Security-Policy requires.
 * - #survey-chart-data → #nrr-chart (bar of NRR per element) and #trend-chart (IKM per period)
 * - #predikat-chart-data → #predikat-chart (employees per predikat; the label is in the data) */
(function () {
  "use strict";
  function json(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function draw() {
    if (!window.Chart) return;
    var colour = getComputedStyle(document.documentElement).getPropertyValue("--abdi-primary").trim() || "#0b5d7a";
    var survey = json("survey-chart-data");
    var bar = document.getElementById("nrr-chart");
    if (survey && bar) {
      new Chart(bar, {
        type: "bar",
        data: { labels: survey.codes, datasets: [{ label: "NRR", data: survey.nrr, backgroundColor: colour }] },
        options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false },
          tooltip: { callbacks: { title: function (items) { var i = items[0].dataIndex; return survey.codes[i] + " " + survey.names[i]; } } } },
          scales: { y: { min: 1, max: 4, ticks: { stepSize: 0.5 } } } }
      });
    }
    var line = document.getElementById("trend-chart");
    if (survey && line) {
      new Chart(line, {
        type: "line",
        data: { labels: survey.trend_labels, datasets: [{ label: "IKM", data: survey.trend, borderColor: colour, backgroundColor: colour, tension: 0.2 }] },
        options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } },
          scales: { y: { suggestedMin: 60, max: 100 } } }
      });
    }
    var predikat = json("predikat-chart-data");
    var canvas = document.getElementById("predikat-chart");
    if (predikat && canvas) {
      new Chart(canvas, {
        type: "bar",
        data: { labels: predikat.labels, datasets: [{ label: predikat.label || "", data: predikat.counts,
          backgroundColor: ["#198754", "#0d6efd", "#ffc107", "#fd7e14", "#dc3545"] }] },
        options: { maintainAspectRatio: false, plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();

/* Small behaviours shared by every page, wired by data attributes (no inline scripts: the
 * Content-Security-Policy allows scripts from this site's files only).
 *
 * - <select|input data-autosubmit>           submits its form on change; with
 *   data-autosubmit-clear="period" it first empties that field of the form.
 * - <div data-autosubmit> around a searchable picker (org/widgets.py): choosing one of its
 *   radio buttons (also those the search brings in later) submits the form.
 * - <form data-confirm="Question?">          asks before submitting.
 * - <form role="search" [data-drop-values="unknown"]> (HTMX): empty filters (and the listed
 *   values, and a searchable picker's search words) are left out of the form's request, so
 *   the address bar stays short.
 * - #employee-tabs: after a tab loads, the active tab is scrolled into view (phones).
 * - [data-current-value-for="<select id>"]: shows the current value of the chosen field.
 * - <button data-fill-field="nip" data-fill-value="…">: puts the value in that field, focused.
 * - #paper-form .answer-input: typing 1–4 moves to the next answer box.
 * - #add-competency: adds a row from the #competency-empty template to a formset.
 * - .table-responsive / .picker-options that scroll get tabindex="0" (keyboard scrolling).
 * Plain ES5: government office PCs run old browsers. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el.hasAttribute || !el.form) return;
    var picked = el.type === "radio" && el.closest && el.closest("[data-autosubmit]");
    if (!el.hasAttribute("data-autosubmit") && !picked) return;
    var clear = el.getAttribute("data-autosubmit-clear");
    if (clear && el.form.elements[clear]) el.form.elements[clear].value = "";
    el.form.submit();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form[role=search]");
    if (!form) return;
    var drop = (form.getAttribute("data-drop-values") || "").split(" ");
    var params = event.detail.parameters;
    // The form's own request leaves out a picker's search words (not a filter).
    var own = event.detail.elt === form;
    Object.keys(params).forEach(function (key) {
      var words = own && /_picker_q$/.test(key);
      if (words || params[key] === "" || drop.indexOf(params[key]) >= 0) delete params[key];
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-fill-field]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-fill-field"));
    if (field) { field.value = button.getAttribute("data-fill-value"); field.focus(); }
  });

  // A download link follows the filters chosen since the page loaded (HTMX updates the address).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-export]");
    if (link) link.href = link.href.split("?")[0] + window.location.search;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== "employee-tabs") return;
    var active = document.querySelector("#employee-tabs .nav-link.active");
    if (active) active.scrollIntoView({block: "nearest", inline: "center"});
  });

  function ready() {
    var box = document.querySelector("[data-current-value-for]");
    if (box) {
      var select = document.getElementById(box.getAttribute("data-current-value-for"));
      var show = function () {
        var row = document.querySelector('tr[data-field="' + select.value + '"]');
        document.querySelectorAll("tr[data-field]").forEach(function (r) {
          r.classList.toggle("table-warning", r === row);
        });
        box.textContent = row ? row.querySelector(".current").textContent : "—";
      };
      if (select) { select.addEventListener("change", show); show(); }
    }

    var answers = document.querySelectorAll("#paper-form .answer-input");
    Array.prototype.forEach.call(answers, function (input, i) {
      input.addEventListener("input", function () {
        var next = answers[i + 1];
        if (/^[1-4]$/.test(input.value) && next) { next.focus(); next.select(); }
      });
    });

    var add = document.getElementById("add-competency");
    if (add) {
      add.addEventListener("click", function () {
        var total = document.getElementById("id_competencies-TOTAL_FORMS");
        var html = document.getElementById("competency-empty").innerHTML.replace(/__prefix__/g, total.value);
        document.getElementById("competency-rows").insertAdjacentHTML("beforeend", html);
        total.value = parseInt(total.value, 10) + 1;
      });
    }
  }

  // A box that scrolls (a wide table on a phone) must be reachable by keyboard to be scrolled
  // (WCAG 2.1.1; axe-core's scrollable-region-focusable): it gets a tab stop when it scrolls.
  function focusableScrollers(root) {
    var boxes = (root || document).querySelectorAll(".table-responsive, .picker-options");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var scrolls = box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
      if (scrolls && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
    }
  }
  document.addEventListener("htmx:afterSettle", function (event) { focusableScrollers(event.target); });

  function start() { ready(); focusableScrollers(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

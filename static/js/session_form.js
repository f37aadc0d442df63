/* The training-session form (templates/learning/catalogue/session_form.html).
 *
 * 1. Place or link: the online link is shown only for an online session, and the place is
 *    marked required only for a face-to-face one.
 * 2. Eligible units: search-as-you-type over the org-unit API (active units, 50 per answer);
 *    a match is added as a ticked box, unticking removes it.
 *
 * Without this file both fields stay visible (their help texts say which is needed) and the
 * "Cari unit" button reloads the form with the matches. The server validates either way.
 * Plain ES5 plus fetch: government office PCs run old browsers. */
(function () {
  "use strict";
  var form = document.getElementById("session-form");
  if (!form) return;

  // --- 1. place or link ---------------------------------------------------------------------
  var toggle = form.querySelector("[data-online-toggle]");
  var link = form.querySelector("[data-link-field]");
  var placeMark = form.querySelector("[data-place-required]");
  var linkMark = form.querySelector("[data-link-required]");
  var place = form.querySelector("[data-place-field] input");
  function applyOnline() {
    var online = toggle.checked;
    link.hidden = !online;
    if (placeMark) placeMark.hidden = online;
    if (linkMark) linkMark.hidden = !online;
    if (place) place.setAttribute("aria-required", online ? "false" : "true");
  }
  if (toggle && link) {
    toggle.addEventListener("change", applyOnline);
    applyOnline();
  }

  // --- 2. eligible units --------------------------------------------------------------------
  var picker = form.querySelector("[data-unit-picker]");
  if (!picker || !window.fetch) return; // no fetch: the button's server-side search still works
  var input = picker.querySelector("#unit-q");
  var button = picker.querySelector("[data-unit-search-button]");
  var results = picker.querySelector("#unit-results");
  var picked = picker.querySelector("#unit-picked");
  var empty = picker.querySelector("[data-unit-empty]");
  var status = picker.querySelector("[data-unit-status]");
  // Searching happens here as one types: the box is not sent, so Enter in it saves the form
  // (without JavaScript a typed, not yet searched query makes the server search instead).
  input.removeAttribute("name");
  var fieldName = picker.getAttribute("data-field-name");
  var url = picker.getAttribute("data-search-url");
  var timer = null;
  var latest = 0;

  function msg(key, values) {
    var text = picker.getAttribute("data-msg-" + key) || "";
    for (var k in values || {}) text = text.replace("{" + k + "}", values[k]);
    return text;
  }

  function label(unit) {
    return unit.name + " (" + unit.code + ")";
  }

  function pickedBox(id) {
    var boxes = picked.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) if (boxes[i].value === String(id)) return boxes[i];
    return null;
  }

  function refreshEmpty() {
    if (empty) empty.hidden = picked.querySelector("input:checked") !== null;
  }

  function add(unit) {
    var box = pickedBox(unit.id);
    if (!box) {
      var row = document.createElement("div");
      row.className = "form-check";
      box = document.createElement("input");
      box.type = "checkbox";
      box.className = "form-check-input";
      box.name = fieldName;
      box.value = String(unit.id);
      box.id = "unit-pick-" + unit.id;
      var text = document.createElement("label");
      text.className = "form-check-label";
      text.htmlFor = box.id;
      text.textContent = label(unit);
      row.appendChild(box);
      row.appendChild(document.createTextNode(" "));
      row.appendChild(text);
      picked.insertBefore(row, empty);
    }
    box.checked = true;
    refreshEmpty();
  }

  function show(data) {
    results.innerHTML = "";
    var units = data.results || [];
    units.forEach(function (unit) {
      var item = document.createElement("button");
      item.type = "button";
      item.className = "list-group-item list-group-item-action d-flex justify-content-between";
      var name = document.createElement("span");
      name.textContent = label(unit);
      item.appendChild(name);
      var state = document.createElement("span");
      state.className = "text-success small";
      item.appendChild(state);
      function mark() {
        var box = pickedBox(unit.id);
        var chosen = box !== null && box.checked;
        state.textContent = chosen ? "\u2713 " + msg("picked") : "+";
        item.setAttribute("aria-pressed", chosen ? "true" : "false");
      }
      item.addEventListener("click", function () {
        add(unit);
        mark();
      });
      mark();
      results.appendChild(item);
    });
    if (!units.length) status.textContent = msg("none");
    else if (data.count > units.length)
      status.textContent = msg("more", { shown: units.length, count: data.count });
    else status.textContent = "";
  }

  function search() {
    var q = input.value.trim();
    if (q.length < 2) {
      results.innerHTML = "";
      status.textContent = q ? msg("short") : "";
      return;
    }
    var mine = ++latest;
    fetch(url + "?active=true&q=" + encodeURIComponent(q), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (mine === latest) show(data); // an older, slower answer never overwrites a newer one
      })
      .catch(function () {
        if (mine === latest) status.textContent = msg("failed");
      });
  }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    search();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault(); // Enter searches here; it does not save the session
      search();
    }
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  picked.addEventListener("change", refreshEmpty);
})();

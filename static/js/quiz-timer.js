/* Quiz countdown. The attempt's time limit is enforced by the server (answers after the deadline
 * are refused); this only shows the time left, warns once at one minute and hands the quiz in when
 * the time runs out, so that the answers on the page go with it. Without JavaScript the page shows
 * the deadline's clock time instead and works the same.
 *
 * Markup: <span data-quiz-timer data-seconds="N" data-warning="…" data-submitting="…" hidden>
 *           … <strong data-timer-clock></strong></span>
 *         inside or next to <form id="quiz-form"> whose submit button carries data-quiz-submit. */
(function () {
  "use strict";
  var timer = document.querySelector("[data-quiz-timer]");
  var form = document.getElementById("quiz-form");
  if (!timer || !form) return;
  var seconds = parseInt(timer.getAttribute("data-seconds"), 10);
  if (isNaN(seconds)) return;
  // Count from the server's "seconds left", not from the device clock, which may be wrong.
  var end = Date.now() + seconds * 1000;
  var clock = timer.querySelector("[data-timer-clock]");
  var alertBox = document.getElementById("quiz-timer-alert");
  var warned = false;
  var done = false;

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function show(left) {
    var h = Math.floor(left / 3600);
    var m = Math.floor((left % 3600) / 60);
    var s = left % 60;
    clock.textContent = (h ? h + ":" + pad(m) : String(m)) + ":" + pad(s);
  }

  function say(text) {
    if (!alertBox || !text) return;
    alertBox.textContent = text;
    alertBox.hidden = false;
  }

  function submit() {
    done = true;
    say(timer.getAttribute("data-submitting"));
    var button = form.querySelector("[data-quiz-submit]");
    if (form.requestSubmit && button) {
      form.requestSubmit(button);
    } else {
      if (button && button.formAction) form.action = button.formAction;
      form.submit();
    }
  }

  function tick() {
    if (done) return;
    var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
    show(left);
    if (left <= 60 && !warned) {
      warned = true;
      timer.classList.add("text-danger", "fw-bold");
      say(timer.getAttribute("data-warning"));
    }
    if (left === 0) {
      window.clearInterval(interval);
      submit();
    }
  }

  timer.hidden = false;
  form.addEventListener("submit", function () { done = true; });
  // The time left is re-read from the end on every tick: a phone may slow or pause timers
  // while the tab is hidden, and the next tick catches up.
  var interval = window.setInterval(tick, 500);
  tick();
})();

/* A confirmation before a quiz is handed in (issue 13): answers cannot be changed afterwards.
 * Only a person's click asks (event.isTrusted); the timer's automatic hand-in does not.
 * Markup: the submit button carries data-quiz-submit and data-confirm="…". */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-quiz-submit][data-confirm]");
    if (!button || !event.isTrusted) return;
    if (!window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
  });
})();

// The application page: Ctrl/Cmd+Enter posts the note being written, and a counter shows the room
// left in it. The page works without this script; it only saves a reach for the mouse.
(function () {
  "use strict";

  function wire(root) {
    var body = root.querySelector(".note-form textarea");
    if (!body || body.dataset.wired) { return; }
    body.dataset.wired = "1";
    var max = parseInt(body.getAttribute("maxlength"), 10) || 5000;
    var counter = document.createElement("p");
    counter.className = "field__hint note-form__counter";
    counter.setAttribute("aria-live", "polite");
    body.insertAdjacentElement("afterend", counter);
    function update() {
      var left = max - body.value.length;
      counter.textContent = left < 500 ? left + " characters left" : "Ctrl+Enter to add the note";
    }
    body.addEventListener("input", update);
    body.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && body.value.trim()) {
        event.preventDefault();
        body.form.requestSubmit();
      }
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSwap", function () { wire(document); });
})();

/* Progressive enhancement only: every page works without this script, and the server judges every
   upload by its content whatever the browser says. */
(function () {
  "use strict";

  // Move focus to the error summary so screen readers announce it and keyboard users start there.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  var form = document.querySelector("[data-apply-form]");
  var input = form && form.querySelector('input[type="file"][name="cv"]');
  var warning = document.getElementById("cv-warning");
  if (!input || !warning) {
    return;
  }
  var maxBytes = parseInt(input.getAttribute("data-max-bytes"), 10) || 5 * 1024 * 1024;
  var accepted = /\.(pdf|docx|doc|txt)$/i;

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(1).replace(/\.0$/, "") + " MB";
  }

  function problem() {
    var file = input.files && input.files[0];
    if (!file) {
      return null;
    }
    if (file.size > maxBytes) {
      return "This file is " + megabytes(file.size) + ": the limit is " + megabytes(maxBytes) +
        ". Please choose a smaller file (a PDF export is usually small).";
    }
    if (file.size === 0) {
      return "This file is empty. Please choose your CV.";
    }
    if (!accepted.test(file.name)) {
      return "This does not look like a PDF, Word (.docx or .doc) or text file. We will check it when you send it, " +
        "but it is likely to be refused.";
    }
    return null;
  }

  function show(message) {
    warning.textContent = message || "";
    warning.hidden = !message;
  }

  input.addEventListener("change", function () {
    show(problem());
  });

  form.addEventListener("submit", function (event) {
    var file = input.files && input.files[0];
    // Only a file over the limit is stopped here: it cannot succeed and would be slow to send.
    if (file && file.size > maxBytes) {
      event.preventDefault();
      show(problem());
      input.focus();
    }
  });
})();

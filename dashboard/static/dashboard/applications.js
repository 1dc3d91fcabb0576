/* A job's applications pages: ticking rows for bulk actions, the board's drag and drop, the CV drop zone
   and retries without a page reload. Each page works without this file (plain forms post the same
   endpoints); this only spares the round trips. Wired by data attributes: the CSP allows no inline code. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function csrfToken() {
    try {
      var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      if (headers["X-CSRFToken"]) { return headers["X-CSRFToken"]; }
    } catch (e) { /* fall back to the cookie */ }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Messages go to the page's aria-live region, where the server's own messages are shown too.
  function notify(text, kind) {
    var notices = document.getElementById("notices");
    if (!notices) { return; }
    var notice = document.createElement("p");
    notice.className = "notice notice--" + (kind || "info");
    notice.textContent = text;
    notices.appendChild(notice);
    setTimeout(function () { notice.remove(); }, 8000);
  }

  // POST a form's fields to `url` asking for JSON: resolves with {ok, status, message} whatever the answer.
  function postJson(url, fields) {
    var body = new FormData();
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, message: "The server did not answer (" + response.status + "). Try again." };
      });
    }, function () {
      return { ok: false, message: "No connection: nothing was changed. Try again." };
    });
  }

  /* -- the ranked table: tick every row of the page, and say how many are ticked ------------------- */
  function countPicked() {
    var picked = document.querySelectorAll("[data-pick]:checked").length;
    var out = document.querySelector("[data-picked-count]");
    if (out) { out.textContent = picked ? "(" + picked + " ticked)" : ""; }
  }

  function wireTable(root) {
    var all = root.querySelector("[data-pick-all]");
    if (all) { all.hidden = false; }
    countPicked();
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-pick-all]")) {
      document.querySelectorAll("[data-pick]").forEach(function (box) { box.checked = target.checked; });
    }
    if (target.matches && (target.matches("[data-pick]") || target.matches("[data-pick-all]"))) { countPicked(); }
  });

  /* -- retry buttons (table and upload list): post as JSON, then refresh the upload list -------------- */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-json-action]")) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    if (button) { button.disabled = true; }
    postJson(form.action, { next: (form.querySelector("[name=next]") || {}).value || "" }).then(function (answer) {
      notify(answer.message, answer.ok ? "success" : "error");
      if (button) { button.disabled = false; }
      var list = document.getElementById("upload-list");
      if (answer.ok && list && window.htmx) {
        window.htmx.ajax("GET", list.getAttribute("data-refresh-url"), { target: list, swap: "outerHTML" });
      } else if (answer.ok && window.htmx && document.getElementById("applications-results")) {
        window.htmx.ajax("GET", window.location.href, { target: "#applications-results", swap: "outerHTML" });
      }
    });
  });

  /* -- the board: drag and drop between stages, only along allowed moves ------------------------------ */
  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function askReason(name) {
    var dialog = document.getElementById("reject-dialog");
    var reason = document.getElementById("reject-reason");
    if (!dialog || typeof dialog.showModal !== "function") {
      return Promise.resolve(window.prompt("Reason for rejecting " + name + " (kept in the history):") || null);
    }
    dialog.querySelector("[data-reject-name]").textContent = name;
    reason.value = "";
    return new Promise(function (resolve) {
      dialog.addEventListener("close", function onClose() {
        dialog.removeEventListener("close", onClose);
        var text = reason.value.trim();
        resolve(dialog.returnValue === "confirm" && text ? text : null);
      });
      dialog.showModal();
      reason.focus();
    });
  }

  function wireBoard(board) {
    var transitions = readJson("board-transitions");
    var labels = readJson("board-labels");
    if (!transitions || !window.Sortable) { return; }
    var refusedDrop = null;

    function column(stage) { return board.querySelector('[data-column="' + stage + '"]'); }
    function allowed(from, to) { return from === to || (transitions[from] || []).indexOf(to) !== -1; }

    function recount() {
      board.querySelectorAll("[data-column]").forEach(function (section) {
        var cards = section.querySelectorAll(".board__card").length;
        var empty = section.querySelector("[data-empty]");
        if (empty) { empty.hidden = cards > 0; }
      });
    }

    function bump(stage, by) {
      var count = column(stage).querySelector("[data-count]");
      count.textContent = String(Math.max(0, parseInt(count.textContent, 10) + by));
    }

    // The card's own Move form offers the moves from its new stage.
    function refreshMoveForm(card, stage) {
      var select = card.querySelector("[data-move-select]");
      if (!select) { return; }
      select.innerHTML = "";
      (transitions[stage] || []).forEach(function (to) {
        var option = document.createElement("option");
        option.value = to;
        option.textContent = labels[to];
        select.appendChild(option);
      });
    }

    function putBack(event) {
      event.from.insertBefore(event.item, event.from.children[event.oldIndex] || null);
      recount();
    }

    function move(event) {
      var card = event.item;
      var from = event.from.getAttribute("data-stage");
      var to = event.to.getAttribute("data-stage");
      var name = card.getAttribute("data-name");
      var reasonFor = to === "REJECTED" ? askReason(name) : Promise.resolve("");
      reasonFor.then(function (reason) {
        if (reason === null) { putBack(event); notify(name + " was not moved: a rejection needs a reason.", "warning"); return; }
        card.classList.add("board__card--saving");
        postJson(card.getAttribute("data-status-url"), { status: to, reason: reason }).then(function (answer) {
          card.classList.remove("board__card--saving");
          if (!answer.ok) { putBack(event); notify(name + ": " + answer.message, "error"); return; }
          bump(from, -1);
          bump(to, 1);
          refreshMoveForm(card, to);
          notify(name + ": " + answer.message, "success");
        });
      });
    }

    board.querySelectorAll("[data-stage]").forEach(function (list) {
      window.Sortable.create(list, {
        group: "board",
        draggable: ".board__card",
        filter: "details, a, input, select, button, label",
        preventOnFilter: false,
        animation: 120,
        onStart: function (event) {
          var from = event.from.getAttribute("data-stage");
          refusedDrop = null;
          board.querySelectorAll("[data-column]").forEach(function (section) {
            var ok = allowed(from, section.getAttribute("data-column"));
            section.classList.add(ok ? "board__column--open" : "board__column--closed");
          });
        },
        onMove: function (event) {
          var from = event.from.getAttribute("data-stage");
          var to = event.to.getAttribute("data-stage");
          refusedDrop = allowed(from, to) ? null : to;
          return refusedDrop === null;
        },
        onEnd: function (event) {
          board.querySelectorAll("[data-column]").forEach(function (section) {
            section.classList.remove("board__column--open", "board__column--closed");
          });
          var from = event.from.getAttribute("data-stage");
          if (refusedDrop) {
            // Dropped on a stage it may not reach: on its way the card may have stopped in an allowed
            // column it crossed, but that is not where it was let go, so it goes home.
            if (event.from !== event.to) { putBack(event); }
            var choices = (transitions[from] || []).map(function (stage) { return labels[stage]; }).join(", ");
            notify(event.item.getAttribute("data-name") + " cannot move from " + labels[from] + " to " +
                   labels[refusedDrop] + "; from " + labels[from] + " it can move to " + (choices || "nothing") + ".", "error");
            return;
          }
          if (event.from === event.to) { return; }
          recount();
          move(event);
        }
      });
    });
  }

  /* -- upload: a drop zone over the file input ------------------------------------------------------- */
  function wireDropzone(zone) {
    var input = zone.querySelector("input[type=file]");
    var chosen = zone.querySelector("[data-chosen]");
    if (!input) { return; }
    function describe() {
      var count = input.files.length;
      chosen.textContent = count ? count + " file" + (count === 1 ? "" : "s") + " chosen" +
        (count > 50 ? ": at most 50 at a time." : ".") : "";
    }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("dropzone--over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dropzone--over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        describe();
      }
    });
    input.addEventListener("change", describe);
    // After an upload the form starts empty again for the next batch.
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt && event.detail.elt.matches && event.detail.elt.matches("[data-upload-form]") && event.detail.successful) {
        input.value = "";
        describe();
      }
    });
  }

  ready(function () {
    var results = document.getElementById("applications-results");
    if (results) { wireTable(results); }
    var board = document.querySelector("[data-board]");
    if (board) { wireBoard(board); }
    var zone = document.querySelector("[data-dropzone]");
    if (zone) { wireDropzone(zone); }
  });
  // The table is swapped whole by a filter, a sort or a page: wire the new one.
  document.addEventListener("htmx:afterSettle", function () {
    var results = document.getElementById("applications-results");
    if (results) { wireTable(results); }
  });
})();

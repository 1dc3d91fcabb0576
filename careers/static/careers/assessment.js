/* Taking an assessment: the countdown, autosave (with an offline queue in localStorage), the typing
   clock, recordings and the proctoring signals. Progressive enhancement: without this script every
   question form still saves and moves on, and the server's clock decides the end either way. */
(function () {
  "use strict";

  var root = document.querySelector("[data-assessment]");
  if (!root) {
    return;
  }
  var questionId = root.getAttribute("data-question") || "";
  var kind = root.getAttribute("data-kind") || "";
  var doneUrl = root.getAttribute("data-done-url");
  var saveUrl = root.getAttribute("data-save-url");
  var signalUrl = root.getAttribute("data-signal-url");
  var form = document.querySelector("[data-answer-form]");
  var statusLine = document.querySelector("[data-save-status]");
  var storageKey = "hiresscope-assessment:" + root.getAttribute("data-token") + ":" + questionId;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) {
      return meta.content;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(url, body, keepalive) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrfToken()
      },
      body: JSON.stringify(body)
    });
  }

  function goDone() {
    window.location.assign(doneUrl);
  }

  // -- the countdown (server seconds, corrected by every save's answer) --------------------------------
  var timer = document.querySelector("[data-timer]");
  var announce = document.querySelector("[data-timer-announce]");
  var deadline = Date.now() + (parseInt(root.getAttribute("data-remaining"), 10) || 0) * 1000;
  var announced = {};

  function clock(seconds) {
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var mm = h ? (m < 10 ? "0" + m : "" + m) : "" + m;
    return (h ? h + ":" : "") + mm + ":" + (s < 10 ? "0" + s : s);
  }

  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (timer) {
      timer.textContent = clock(left);
    }
    [[300, "5 minutes left."], [60, "1 minute left."]].forEach(function (mark) {
      if (left <= mark[0] && left > mark[0] - 30 && !announced[mark[0]] && announce) {
        announced[mark[0]] = true;
        announce.textContent = mark[1];
      }
    });
    if (left <= 0) {
      window.clearInterval(ticking);
      // The server finishes the attempt; save what is on the page first (it is still in its grace).
      flush(true).then(goDone, goDone);
    }
  }
  var ticking = window.setInterval(tick, 1000);

  function syncClock(data) {
    if (data && typeof data.remainingSeconds === "number") {
      deadline = Date.now() + data.remainingSeconds * 1000;
    }
  }

  // -- answers ----------------------------------------------------------------------------------------
  var typingArea = form && form.querySelector("[data-typing]");
  var typing = {
    started: 0,
    elapsed: 0,
    keystrokes: 0,
    corrections: 0,
    over: false,
    duration: (parseInt(root.getAttribute("data-duration"), 10) || 60) * 1000
  };
  var hidden = {};
  if (typingArea) {
    ["elapsed", "keystrokes", "corrections"].forEach(function (name) {
      hidden[name] = form.querySelector("[data-typing-" + name + "]");
    });
    typing.elapsed = parseInt(hidden.elapsed.value, 10) || 0;
    typing.keystrokes = parseInt(hidden.keystrokes.value, 10) || 0;
    typing.corrections = parseInt(hidden.corrections.value, 10) || 0;
  }

  function typingElapsed() {
    if (!typing.started) {
      return typing.elapsed;
    }
    return Math.min(typing.duration, Date.now() - typing.started);
  }

  function currentValue() {
    if (!form) {
      return null;
    }
    if (kind === "MULTIPLE_CHOICE") {
      var chosen = [];
      form.querySelectorAll("[data-answer]").forEach(function (input) {
        if (input.checked) {
          chosen.push(parseInt(input.value, 10));
        }
      });
      return chosen;
    }
    if (kind === "TYPING") {
      return {
        typed: typingArea.value,
        elapsedMs: typingElapsed(),
        keystrokes: typing.keystrokes,
        corrections: typing.corrections
      };
    }
    var field = form.querySelector("[data-answer]");
    return field ? field.value : null;
  }

  function restoreValue(value) {
    if (kind === "MULTIPLE_CHOICE" && Array.isArray(value)) {
      form.querySelectorAll("[data-answer]").forEach(function (input) {
        input.checked = value.indexOf(parseInt(input.value, 10)) !== -1;
      });
    } else if (kind === "TYPING" && value && typeof value === "object") {
      typingArea.value = value.typed || "";
      typing.elapsed = value.elapsedMs || 0;
      typing.keystrokes = value.keystrokes || 0;
      typing.corrections = value.corrections || 0;
    } else if (typeof value === "string" || typeof value === "number") {
      form.querySelector("[data-answer]").value = value;
    }
  }

  function showStatus(text) {
    if (statusLine && statusLine.textContent !== text) {
      statusLine.textContent = text;
    }
  }

  function remember(value) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({ value: value, at: Date.now() }));
    } catch (e) {
      /* private mode or full: the save itself is still tried */
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(storageKey);
    } catch (e) {
      /* nothing kept */
    }
  }

  var saving = null;
  var dirty = false;

  function save(keepalive) {
    if (!form || kind === "SPOKEN") {
      return Promise.resolve();
    }
    var value = currentValue();
    dirty = false;
    remember(value);
    if (!navigator.onLine) {
      showStatus("Offline — will save when back");
      return Promise.resolve();
    }
    showStatus("Saving…");
    saving = post(saveUrl, { questionId: questionId, value: value }, keepalive)
      .then(function (response) {
        return response.json().then(function (data) {
          if (response.status === 409 && data.code === "assessment_closed") {
            forget();
            goDone();
            return;
          }
          if (!response.ok) {
            forget(); // refused for what it is (not for the network): keeping it would only fail again
            showStatus(data.message || "Not saved.");
            return;
          }
          syncClock(data);
          if (!dirty) {
            forget();
          }
          showStatus("Saved");
        });
      })
      .catch(function () {
        showStatus("Offline — will save when back");
      });
    return saving;
  }

  function flush(keepalive) {
    if (dirty || (typing.started && !typing.over)) {
      return save(keepalive);
    }
    return saving || Promise.resolve();
  }

  var debounce = null;
  function changed() {
    dirty = true;
    remember(currentValue());
    window.clearTimeout(debounce);
    debounce = window.setTimeout(function () {
      save(false);
    }, 800);
  }

  if (form && kind !== "SPOKEN") {
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.querySelectorAll("[data-answer]").forEach(function (field) {
      field.addEventListener("blur", function () {
        if (dirty) {
          window.clearTimeout(debounce);
          save(false);
        }
      });
    });
    // A reload or a lost connection: an answer kept here and newer than the server's is put back.
    try {
      var kept = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      var savedAt = parseInt(root.getAttribute("data-saved-at"), 10) || 0;
      if (kept && kept.at > savedAt) {
        restoreValue(kept.value);
        dirty = true;
        save(false);
      } else if (kept) {
        forget();
      }
    } catch (e) {
      /* unreadable: the server's answer stands */
    }
  }

  window.addEventListener("online", function () {
    if (window.localStorage.getItem(storageKey)) {
      save(false);
    }
  });
  window.addEventListener("pagehide", function () {
    window.clearTimeout(debounce);
    if (dirty) {
      save(true);
    }
  });

  // The buttons of the form submit it (the server saves it too); the hidden typing figures travel along.
  if (form) {
    form.addEventListener("submit", function () {
      window.clearTimeout(debounce);
      if (typingArea) {
        hidden.elapsed.value = typingElapsed();
        hidden.keystrokes.value = typing.keystrokes;
        hidden.corrections.value = typing.corrections;
      }
      dirty = false;
      forget();
    });
    // Enter in a one-line answer goes to the next question, not to the first button of the form.
    form.querySelectorAll('input[type="text"]').forEach(function (input) {
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          form.querySelector('button[value="next"]').click();
        }
      });
    });
  }

  // -- word count -------------------------------------------------------------------------------------
  var counter = document.querySelector("[data-word-count]");
  if (counter && form) {
    var area = form.querySelector("[data-answer]");
    var countWords = function () {
      var words = area.value.trim() ? area.value.trim().split(/\s+/).length : 0;
      counter.textContent = words + (words === 1 ? " word" : " words");
    };
    area.addEventListener("input", countWords);
  }

  // -- proctoring signals -----------------------------------------------------------------------------
  function signal(kindName, detail) {
    if (!questionId) {
      return;
    }
    post(signalUrl, { kind: kindName, questionId: questionId, detail: detail }, true)
      .then(function (response) {
        return response.json();
      })
      .then(syncClock)
      .catch(function () {
        /* a signal lost offline is not retried: the page is the candidate's, not a surveillance tool */
      });
  }

  var hiddenAt = 0;
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      hiddenAt = Date.now();
      if (dirty) {
        save(true);
      }
    } else if (hiddenAt) {
      signal("TAB_HIDDEN", { seconds: (Date.now() - hiddenAt) / 1000, clientTime: Date.now() });
      hiddenAt = 0;
    }
  });
  var blurredAt = 0;
  window.addEventListener("blur", function () {
    blurredAt = Date.now();
  });
  window.addEventListener("focus", function () {
    if (blurredAt) {
      signal("WINDOW_BLUR", { seconds: (Date.now() - blurredAt) / 1000, clientTime: Date.now() });
      blurredAt = 0;
    }
  });
  if (form) {
    form.addEventListener("paste", function (event) {
      var text = (event.clipboardData && event.clipboardData.getData("text")) || "";
      signal("PASTE", { characters: text.length, clientTime: Date.now() });
      if (event.target === typingArea) {
        event.preventDefault();
        showStatus("Pasting is not possible in the typing test.");
      }
    });
  }

  // -- the typing test --------------------------------------------------------------------------------
  var typingClock = document.querySelector("[data-typing-clock]");

  function typingTick() {
    var left = Math.max(0, Math.ceil((typing.duration - typingElapsed()) / 1000));
    if (typingClock) {
      typingClock.textContent = left + (left === 1 ? " second left." : " seconds left.");
    }
    if (left <= 0 && !typing.over) {
      endTyping();
    }
  }

  function endTyping() {
    typing.over = true;
    typing.elapsed = typing.duration;
    typingArea.readOnly = true;
    if (typingClock) {
      typingClock.textContent = "Time is up for the typing test: your text is saved.";
    }
    dirty = true;
    save(false);
  }

  if (typingArea) {
    if (typing.elapsed >= typing.duration) {
      typing.over = true;
      typingArea.readOnly = true;
      typingTick();
      if (typingClock) {
        typingClock.textContent = "Time is up for the typing test: your text is saved.";
      }
    }
    typingArea.addEventListener("keydown", function (event) {
      if (typing.over || event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
      var counts = event.key.length === 1 || event.key === "Enter";
      var correction = event.key === "Backspace" || event.key === "Delete";
      if (!counts && !correction) {
        return;
      }
      if (!typing.started) {
        // After a reload the clock carries on from the time already used.
        typing.started = Date.now() - typing.elapsed;
        window.setInterval(typingTick, 250);
      }
      typing.keystrokes += 1;
      if (correction) {
        typing.corrections += 1;
      }
    });
    typingArea.addEventListener("drop", function (event) {
      event.preventDefault();
    });
  }

  // -- spoken answers ---------------------------------------------------------------------------------
  var recorder = document.querySelector("[data-recorder]");
  var fallback = document.querySelector("[data-recording-fallback]");
  if (recorder && window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    var recordButton = recorder.querySelector("[data-record]");
    var stopButton = recorder.querySelector("[data-stop]");
    var playButton = recorder.querySelector("[data-play]");
    var playback = recorder.querySelector("[data-playback]");
    var recorderStatus = recorder.querySelector("[data-recorder-status]");
    var maxSeconds = parseInt(root.getAttribute("data-max-seconds"), 10) || 60;
    var media = null;
    var chunks = [];
    var startedAt = 0;
    var limit = null;
    recorder.hidden = false;

    var upload = function (blob, seconds) {
      var body = new FormData();
      body.append("recording", blob, "recording.webm");
      body.append("seconds", String(seconds));
      recorderStatus.textContent = "Saving the recording…";
      fetch(root.getAttribute("data-recording-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() },
        body: body
      })
        .then(function (response) {
          return response.json().then(function (data) {
            if (response.status === 409 && data.code === "assessment_closed") {
              goDone();
              return;
            }
            syncClock(data);
            recorderStatus.textContent = response.ok ? "Your recording is saved." : data.message;
          });
        })
        .catch(function () {
          recorderStatus.textContent = "The recording could not be sent. Check your connection and record again.";
        });
    };

    var stop = function () {
      window.clearTimeout(limit);
      if (media && media.state === "recording") {
        media.stop();
      }
    };

    recordButton.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        media = new MediaRecorder(stream);
        media.addEventListener("dataavailable", function (event) {
          if (event.data && event.data.size) {
            chunks.push(event.data);
          }
        });
        media.addEventListener("stop", function () {
          stream.getTracks().forEach(function (track) {
            track.stop();
          });
          var blob = new Blob(chunks, { type: media.mimeType || "audio/webm" });
          playback.src = URL.createObjectURL(blob);
          playback.hidden = false;
          playButton.disabled = false;
          recordButton.disabled = false;
          stopButton.disabled = true;
          recordButton.focus();
          upload(blob, (Date.now() - startedAt) / 1000);
        });
        media.start();
        startedAt = Date.now();
        limit = window.setTimeout(stop, maxSeconds * 1000);
        recordButton.disabled = true;
        stopButton.disabled = false;
        stopButton.focus();
        recorderStatus.textContent = "Recording… up to " + maxSeconds + " seconds. Press Stop when you are done.";
      }, function () {
        recorderStatus.textContent = "We cannot use a microphone here. Upload a recording with the form below instead.";
        if (fallback) {
          fallback.querySelector("input[type=file]").focus();
        }
      });
    });
    stopButton.addEventListener("click", stop);
    playButton.addEventListener("click", function () {
      playback.play();
    });
  }
})();

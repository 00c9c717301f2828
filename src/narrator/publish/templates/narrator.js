// narrator's listening pages: the transcript follows the voice, sentences and chapters seek, and
// the player gets speed and keyboard controls. The pages work without this file; it only adds.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // On the show's page, one episode plays at a time.
  var players = Array.prototype.slice.call(document.querySelectorAll("audio"));
  players.forEach(function (audio) {
    audio.addEventListener("play", function () {
      players.forEach(function (other) { if (other !== audio) other.pause(); });
    });
  });

  var audio = document.getElementById("player");
  if (!audio) return;
  var controls = document.getElementById("controls");
  var playButton = document.getElementById("play");
  var position = document.getElementById("position");
  var speed = document.getElementById("speed");
  var follow = document.getElementById("follow");
  var box = document.getElementById("cues");
  var cues = Array.prototype.slice.call(box.querySelectorAll(".cue"));
  var starts = cues.map(function (cue) { return parseFloat(cue.dataset.start); });
  // Read-along: each word of the transcript, when the voice gave word timing.
  var words = Array.prototype.slice.call(box.querySelectorAll(".w"));
  var wordStarts = words.map(function (word) { return parseFloat(word.dataset.start); });
  var currentWord = -1;
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  var current = -1;
  var userScrolledAt = 0;
  controls.hidden = false;
  document.getElementById("transcript-hint").hidden = false;

  // Elapsed time counts whole seconds gone; the total is rounded, as the page and feed write it.
  function clock(seconds, round) {
    var total = (round ? Math.round : Math.floor)(seconds || 0);
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor(total / 60) % 60;
    var secs = ("0" + (total % 60)).slice(-2);
    return hours ? hours + ":" + ("0" + minutes).slice(-2) + ":" + secs : minutes + ":" + secs;
  }

  function seek(seconds, play) {
    var end = isFinite(audio.duration) ? audio.duration : seconds;
    audio.currentTime = Math.max(0, Math.min(seconds, end));
    update();
    if (play && audio.paused) audio.play().catch(function () {});
  }

  // The last of `times` that has started by `seconds`.
  function lastStarted(times, seconds) {
    var low = 0, high = times.length - 1, found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (times[middle] <= seconds + 0.001) { found = middle; low = middle + 1; }
      else high = middle - 1;
    }
    return found;
  }

  // The cue being spoken: the last one that has started.
  function cueAt(seconds) {
    var found = lastStarted(starts, seconds);
    return found < 0 && starts.length ? 0 : found;  // the lead-in: what is about to be said
  }

  function updateWord() {
    var started = !audio.paused || audio.currentTime > 0;
    var index = started ? lastStarted(wordStarts, audio.currentTime) : -1;
    if (index === currentWord) return;
    if (currentWord >= 0) words[currentWord].classList.remove("now");
    currentWord = index;
    if (currentWord >= 0) words[currentWord].classList.add("now");
  }

  function keepInView(cue) {
    if (!follow.checked || Date.now() - userScrolledAt < 4000) return;
    if (box.scrollHeight <= box.clientHeight) return;
    var top = cue.offsetTop, bottom = top + cue.offsetHeight;
    if (top >= box.scrollTop && bottom <= box.scrollTop + box.clientHeight) return;
    box.scrollTo({top: Math.max(0, top - box.clientHeight / 3),
                  behavior: reducedMotion.matches ? "auto" : "smooth"});
  }

  function setTabStop(index) {
    cues.forEach(function (cue, i) { cue.tabIndex = i === index ? 0 : -1; });
  }

  function update() {
    position.textContent = clock(audio.currentTime) + " / " + clock(audio.duration, true);
    if (words.length) updateWord();
    var index = cueAt(audio.currentTime);
    if (index === current) return;
    if (current >= 0) {
      cues[current].classList.remove("current");
      cues[current].removeAttribute("aria-current");
    }
    current = index;
    if (current < 0) return;
    cues[current].classList.add("current");
    cues[current].setAttribute("aria-current", "true");
    if (!box.contains(document.activeElement)) setTabStop(current);
    keepInView(cues[current]);
  }

  function tick() {
    update();
    if (!audio.paused) window.requestAnimationFrame(tick);
  }

  cues.forEach(function (cue) { cue.setAttribute("role", "button"); });
  setTabStop(0);
  ["timeupdate", "seeked", "loadedmetadata", "durationchange"].forEach(function (name) {
    audio.addEventListener(name, update);
  });
  audio.addEventListener("play", function () {
    playButton.textContent = "Pause";
    window.requestAnimationFrame(tick);
  });
  audio.addEventListener("pause", function () { playButton.textContent = "Play"; });
  audio.addEventListener("ended", function () { playButton.textContent = "Play"; });
  playButton.addEventListener("click", function () {
    if (audio.paused) audio.play().catch(function () {});
    else audio.pause();
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-skip]"), function (button) {
    button.addEventListener("click", function () {
      seek(audio.currentTime + parseFloat(button.dataset.skip), false);
    });
  });

  var saved = null;
  try { saved = window.localStorage.getItem("narrator-speed"); } catch (error) { /* private */ }
  if (saved && speed.querySelector('option[value="' + saved + '"]')) speed.value = saved;
  audio.playbackRate = parseFloat(speed.value);
  audio.addEventListener("loadedmetadata", function () {
    audio.playbackRate = parseFloat(speed.value);  // a new source resets the rate
  });
  speed.addEventListener("change", function () {
    audio.playbackRate = parseFloat(speed.value);
    try { window.localStorage.setItem("narrator-speed", speed.value); } catch (error) { /* */ }
  });

  Array.prototype.forEach.call(document.querySelectorAll(".chapters a[data-start]"),
    function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        seek(parseFloat(link.dataset.start), true);
      });
    });

  box.addEventListener("click", function (event) {
    var target = event.target.closest(".w") || event.target.closest(".cue");
    if (target) seek(parseFloat(target.dataset.start), true);
  });
  box.addEventListener("keydown", function (event) {
    var index = cues.indexOf(event.target);
    if (index < 0) return;
    var next = {ArrowDown: index + 1, ArrowRight: index + 1, ArrowUp: index - 1,
                ArrowLeft: index - 1, Home: 0, End: cues.length - 1}[event.key];
    if (next !== undefined) {
      event.preventDefault();
      next = Math.max(0, Math.min(next, cues.length - 1));
      setTabStop(next);
      cues[next].focus();
      userScrolledAt = Date.now();  // the reader is moving: do not pull the view away
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      seek(starts[index], true);
    }
  });
  ["wheel", "touchmove"].forEach(function (name) {
    box.addEventListener(name, function () { userScrolledAt = Date.now(); }, {passive: true});
  });
  update();
})();

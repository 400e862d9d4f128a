/* Agent console: the inbox (live queue, the selected conversation or ticket,
 * the customer's details) and the alerts (docs/agent-console.md).
 *
 * No framework. Every text from the server goes in with textContent, never
 * as HTML; another entry's panes are taken from its page, rendered by the
 * server's templates (DOMParser; scripts in it never run). Data comes from
 * data-* attributes of <main id="console"> and from the JSON API under
 * /console/api/; POSTs carry the session's CSRF token in the X-CSRF-Token
 * header.
 */
(function () {
  "use strict";

  var POLL_MS = 1000;
  var ALERT_POLL_MS = 5000;
  var root = document.getElementById("console");
  if (!root) return;
  var csrf = root.dataset.csrf || "";

  // ---- helpers ---------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clockOf(iso) {
    // The server sends German local time ("2026-11-30T14:05:03+01:00").
    return typeof iso === "string" && iso.length >= 16 ? iso.slice(11, 16) : "";
  }

  function ApiError(status, message) {
    this.status = status;
    this.message = message;
  }

  function api(method, path, body) {
    var options = { method: method, headers: { Accept: "application/json" }, credentials: "same-origin" };
    if (method !== "GET") {
      options.headers["X-CSRF-Token"] = csrf;
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body || {});
    }
    return fetch(path, options).then(function (response) {
      if (response.status === 401) {
        window.location.assign("/console/login?next=" + encodeURIComponent(location.pathname + location.search));
        throw new ApiError(401, "Bitte melden Sie sich an.");
      }
      return response.json().then(
        function (data) {
          if (!response.ok) throw new ApiError(response.status, (data && data.error) || "Fehler " + response.status);
          return data;
        },
        function () {
          throw new ApiError(response.status, "Der Server antwortet nicht wie erwartet (" + response.status + ").");
        }
      );
    }, function () {
      throw new ApiError(0, "Die Konsole ist gerade nicht erreichbar. Bitte prüfen Sie Ihre Verbindung.");
    });
  }

  function poll(task, every) {
    // One request at a time: the next round starts after the previous one
    // ended. Returns a function that stops it (an entry that is closed).
    var wait = every || POLL_MS;
    var stopped = false;
    var timer = null;
    function round() {
      if (stopped) return;
      task().catch(function () {}).then(function () {
        if (!stopped) timer = window.setTimeout(round, wait);
      });
    }
    timer = window.setTimeout(round, wait);
    return function () {
      stopped = true;
      window.clearTimeout(timer);
    };
  }

  function showTarget(node, item) {
    node.textContent = item.target_label;
    node.className = "c-target c-target-" + item.target;
  }

  // ---- alerts: tab title, sound, browser notification --------------------------------
  //
  // Every console page keeps the number of waiting customers in the tab title
  // ("(2) Warteschlange – Agenten-Konsole"). A customer who starts waiting, or a
  // request that comes close to or past its response-time target, plays a short
  // tone and, if the agent allowed it, shows a browser notification. The agent
  // switches tone and notifications off and on in the header (kept per browser).

  var ALERTS_KEY = "console-alerts";
  var baseTitle = document.title.replace(/^\(\d+\) /, "");
  var audio = null;
  var known = null; // keys of what was already announced; null before the first data
  var toggle = document.getElementById("alerts-toggle");
  var alertStatus = document.getElementById("alert-status");

  function alertsOn() {
    try {
      return window.localStorage.getItem(ALERTS_KEY) !== "off";
    } catch (error) {
      return true;
    }
  }

  function unlockAudio() {
    // Browsers start sound only after a click or key press in the page.
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    if (!audio) audio = new Context();
    return audio.state === "running" ? Promise.resolve() : audio.resume();
  }

  function beep() {
    var asked = Date.now();
    var ready = unlockAudio();
    if (!ready) return;
    ready.then(function () {
      // A tone held back until the next click would only confuse.
      if (audio.state === "running" && Date.now() - asked < 1000) tone();
    }, function () {});
  }

  function tone() {
    // A short, soft 880 Hz tone that fades out within 0.4 s.
    var oscillator = audio.createOscillator();
    var volume = audio.createGain();
    oscillator.frequency.value = 880;
    volume.gain.setValueAtTime(0.15, audio.currentTime);
    volume.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    oscillator.connect(volume);
    volume.connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.4);
  }

  function notify(title, body, url) {
    if (!("Notification" in window) || window.Notification.permission !== "granted") return;
    var note = new window.Notification(title, { body: body, tag: url || title });
    note.onclick = function () {
      window.focus();
      if (url) window.location.assign(url);
    };
  }

  function showToggle() {
    if (!toggle) return;
    var on = alertsOn();
    toggle.hidden = false;
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    toggle.textContent = on ? "Ton und Hinweise: an" : "Ton und Hinweise: aus";
  }

  if (toggle && csrf) {
    showToggle();
    toggle.addEventListener("click", function () {
      var on = !alertsOn();
      try {
        window.localStorage.setItem(ALERTS_KEY, on ? "on" : "off");
      } catch (error) {
        /* private mode: the switch holds for this page only */
      }
      if (on) {
        unlockAudio();
        if ("Notification" in window && window.Notification.permission === "default") {
          window.Notification.requestPermission();
        }
      }
      showToggle();
    });
    document.addEventListener("click", unlockAudio, { once: true });
    document.addEventListener("keydown", unlockAudio, { once: true });
  }

  function customersWaiting(count) {
    if (count === 1) return "1 Kundin oder Kunde wartet";
    return count + " Kundinnen und Kunden warten";
  }

  function updateAlerts(data) {
    var waiting = data.alerts.waiting;
    document.title = (waiting ? "(" + waiting + ") " : "") + baseTitle;
    var status = waiting ? customersWaiting(waiting) + "." : "";
    // Only a change is announced again by screen readers.
    if (alertStatus && alertStatus.textContent !== status) alertStatus.textContent = status;
    var news = [];
    var now = {};
    data.handoffs.forEach(function (h) {
      if (h.status === "waiting") now["w" + h.id] = h;
      if (h.target === "close" || h.target === "overdue") now[h.target + "h" + h.id] = h;
    });
    data.tickets.forEach(function (t) {
      if (t.target === "close" || t.target === "overdue") now[t.target + "t" + t.id] = t;
    });
    Object.keys(now).forEach(function (key) {
      if (known && !known[key]) news.push([key, now[key]]);
    });
    known = now;
    if (!news.length || !alertsOn()) return;
    beep();
    news.forEach(function (pair) {
      var key = pair[0];
      var item = pair[1];
      var what = item.reason_label || item.kind_label;
      if (key.charAt(0) === "w") {
        notify("Eine Kundin oder ein Kunde wartet", item.brand + ": " + what, item.url);
      } else if (key.indexOf("overdue") === 0) {
        notify("Antwortziel überschritten", item.brand + ": " + what, item.url);
      } else {
        notify("Antwortziel bald erreicht", item.brand + ": " + what + " – " + item.target_label, item.url);
      }
    });
  }

  function watchQueue() {
    // Pages other than the inbox (the metrics): the alerts only, every few seconds.
    poll(function () {
      return api("GET", "/console/api/queue").then(updateAlerts);
    }, ALERT_POLL_MS);
  }

  function showNotice(node, message) {
    node.textContent = message || "";
    node.hidden = !message;
  }


  // ---- the queue (left pane) ---------------------------------------------------------

  function itemLink(item, title, badgeClass, badgeText, lines, meta) {
    var link = el("a", "c-item-link");
    link.href = item.url;
    var top = el("span", "c-item-top");
    top.appendChild(el("strong", "c-item-title", title));
    top.appendChild(document.createTextNode(" "));
    top.appendChild(el("span", "c-badge " + badgeClass, badgeText));
    link.appendChild(top);
    lines.forEach(function (line) {
      link.appendChild(el("span", "c-item-line" + (line[1] ? " " + line[1] : ""), line[0]));
    });
    var foot = el("span", "c-item-meta");
    var target = el("span", "c-target", item.target_label);
    target.title = item.target_goal;
    foot.appendChild(target);
    meta.forEach(function (part) {
      foot.appendChild(document.createTextNode(" · "));
      foot.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    link.appendChild(foot);
    return link;
  }

  function handoffItem(h) {
    var item = el("li", "c-item c-status-" + h.status + " c-target-" + h.target + (h.mine ? " c-mine" : ""));
    item.appendChild(
      itemLink(h, h.brand, "c-badge-" + h.status, h.status_label, [[h.reason_label], [h.summary, "c-summary"]], [
        "Anfrage " + h.waiting,
        h.agent ? "bei " + h.agent : "noch nicht übernommen",
      ])
    );
    return item;
  }

  function ticketItem(t) {
    var item = el(
      "li",
      "c-item c-target-" + t.target + (t.overdue ? " c-overdue" : "") + (t.mine ? " c-mine" : "")
    );
    var to = t.brand + " · Antwort an " + t.reply_to + (t.reply_unconfirmed ? " (nicht bestätigt)" : "");
    item.appendChild(
      itemLink(t, t.kind_label, "c-badge-" + t.state, t.state_label, [[to], [t.details, "c-summary"]], [
        el("span", "c-due", "fällig am " + t.due_label),
        t.agent ? "bei " + t.agent : "noch nicht zugewiesen",
      ])
    );
    return item;
  }

  function markSelected() {
    // The open entry is marked in the queue (aria-current), also after a redraw.
    var links = document.querySelectorAll("#queue-pane a.c-item-link");
    Array.prototype.forEach.call(links, function (link) {
      if (link.pathname === location.pathname) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
  }

  function initQueue() {
    var program = root.dataset.program || "";
    var handoffs = document.getElementById("handoffs");
    var tickets = document.getElementById("tickets");
    var notice = document.getElementById("live-notice");
    var select = document.getElementById("program");
    var last = "";

    if (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    }

    poll(function () {
      var query = program ? "?program=" + encodeURIComponent(program) : "";
      return api("GET", "/console/api/queue" + query).then(
        function (data) {
          showNotice(notice, "");
          document.getElementById("agents-online").textContent = String(data.agents_online);
          updateAlerts(data);
          var snapshot = JSON.stringify([data.handoffs, data.tickets]);
          if (snapshot === last) return;
          last = snapshot;
          handoffs.replaceChildren.apply(
            handoffs,
            data.handoffs.length ? data.handoffs.map(handoffItem) : [el("li", "c-empty", "Gerade wartet niemand.")]
          );
          tickets.replaceChildren.apply(
            tickets,
            data.tickets.length ? data.tickets.map(ticketItem) : [el("li", "c-empty", "Keine offenen Tickets.")]
          );
          document.getElementById("handoff-count").textContent = String(data.handoffs.length);
          document.getElementById("ticket-count").textContent = String(data.tickets.length);
          markSelected();
        },
        function (error) {
          showNotice(notice, "Keine Live-Aktualisierung: " + error.message);
        }
      );
    });
  }

  // ---- moving in the inbox: entries, views, history ------------------------------------
  //
  // A click on a queue entry (or a link marked data-nav) loads that entry's
  // page, takes its panes and puts them in place of the open ones; the
  // address follows with history.pushState, so a reload or a shared link
  // opens the same entry. Below 1000 px one pane shows at a time
  // (main[data-view] = queue | entry | details), with buttons back.

  var stopEntry = null;

  function withProgram(path) {
    var program = root.dataset.program || "";
    return path + (program ? "?program=" + encodeURIComponent(program) : "");
  }

  function focusPane(pane) {
    var heading = pane && pane.querySelector("h1, h2");
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }

  function setView(view) {
    root.dataset.view = view;
    window.scrollTo(0, 0);
    focusPane(document.getElementById(view === "queue" ? "queue-pane" : view + "-pane"));
  }

  function swapPanes(doc) {
    if (stopEntry) stopEntry();
    stopEntry = null;
    ["entry-pane", "details-pane"].forEach(function (id) {
      var fresh = doc.getElementById(id);
      var pane = document.getElementById(id);
      pane.setAttribute("aria-label", fresh.getAttribute("aria-label") || "");
      pane.replaceChildren.apply(pane, Array.prototype.map.call(fresh.childNodes, function (node) {
        return document.importNode(node, true);
      }));
    });
    baseTitle = doc.title.replace(/^\(\d+\) /, "");
    var count = document.title.match(/^\((\d+)\) /);
    document.title = (count ? count[0] : "") + baseTitle;
    startEntry();
    markSelected();
  }

  function navigate(url, push) {
    // Only console pages: a link elsewhere simply opens.
    return fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (response.redirected && new URL(response.url).pathname === "/console/login") {
          throw new Error("login");
        }
        return response.text().then(function (text) {
          var doc = new DOMParser().parseFromString(text, "text/html");
          if (!response.ok || !doc.getElementById("entry-pane") || !doc.getElementById("details-pane")) {
            throw new Error("no inbox");
          }
          if (push) window.history.pushState({ inbox: true }, "", url);
          swapPanes(doc);
          var main = doc.getElementById("console");
          setView((main && main.dataset.view) || "queue");
        });
      })
      .catch(function () {
        // The login page, an unknown entry's notice, no connection: the whole page.
        window.location.assign(url);
      });
  }

  function initNavigation() {
    document.addEventListener("click", function (event) {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      var view = event.target.closest("[data-view-to]");
      if (view) {
        setView(view.dataset.viewTo);
        return;
      }
      var link = event.target.closest("#queue-pane a.c-item-link, a[data-nav]");
      if (!link || link.origin !== location.origin) return;
      event.preventDefault();
      navigate(withProgram(link.pathname), true);
    });
    window.addEventListener("popstate", function () {
      navigate(location.pathname + location.search, false);
    });
  }

  function trackKeyboard() {
    // On a phone the on-screen keyboard covers the bottom of the page; the
    // reply box (sticky at the bottom) moves up by what it covers.
    var viewport = window.visualViewport;
    if (!viewport) return;
    function update() {
      var covered = Math.max(0, window.innerHeight - viewport.height - viewport.offsetTop);
      document.documentElement.style.setProperty("--c-keyboard", Math.round(covered) + "px");
    }
    viewport.addEventListener("resize", update);
    viewport.addEventListener("scroll", update);
    update();
  }

  function startEntry() {
    var entry = document.getElementById("entry");
    if (!entry) return;
    stopEntry = entry.dataset.kind === "handoff" ? initConversation(entry.dataset.id) : initTicket(entry.dataset.id, entry.dataset.mine === "1");
  }

  // ---- saved replies -------------------------------------------------------------------
  //
  // "Textbaustein einfügen" next to a reply box, or "/" typed at the start of
  // the box or after a space, opens the list of the entry's saved replies
  // (GET …/saved-replies, filled in by the server). Typing filters, the arrow
  // keys choose, Enter or a click inserts the text at the cursor for editing;
  // the first marker still to fill in ("[Vorname …]") is selected. Nothing is
  // sent from here.

  function initSaved(box) {
    var button = box.querySelector(".c-saved-open");
    var menu = box.querySelector(".c-saved-menu");
    var filter = box.querySelector(".c-saved-filter");
    var list = box.querySelector(".c-saved-list");
    var target = document.getElementById(box.dataset.for);
    var notice = document.getElementById("saved-notice");
    var replies = null;
    var failed = null;
    var shown = [];
    var active = -1;
    var opener = button;
    var caret = [0, 0];

    function load() {
      if (replies) return;
      api("GET", box.dataset.savedUrl).then(
        function (data) {
          replies = data.replies;
          draw();
        },
        function (error) {
          failed = error.message;
          draw();
        }
      );
    }

    function option(reply, index) {
      var item = el("li", "c-saved-option");
      item.id = "saved-option-" + index;
      item.setAttribute("role", "option");
      item.appendChild(el("strong", "", reply.title));
      item.appendChild(el("span", "c-muted c-saved-preview", reply.text.length > 110 ? reply.text.slice(0, 110) + " …" : reply.text));
      item.addEventListener("mousedown", function (event) {
        event.preventDefault(); // the filter keeps the focus
      });
      item.addEventListener("click", function () {
        insert(reply);
      });
      return item;
    }

    function choose(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (item, i) {
        if (item.getAttribute("role") !== "option") return;
        item.setAttribute("aria-selected", i === index ? "true" : "false");
        if (i === index) item.scrollIntoView({ block: "nearest" });
      });
      if (index >= 0) filter.setAttribute("aria-activedescendant", "saved-option-" + index);
      else filter.removeAttribute("aria-activedescendant");
    }

    function draw() {
      if (!replies) {
        list.replaceChildren(el("li", "c-muted", failed || "Die Textbausteine werden geladen …"));
        choose(-1);
        return;
      }
      var words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      shown = replies.filter(function (reply) {
        var haystack = (reply.title + " " + reply.text).toLowerCase();
        return words.every(function (word) {
          return haystack.indexOf(word) >= 0;
        });
      });
      if (!shown.length) {
        list.replaceChildren(el("li", "c-muted c-empty", "Kein Textbaustein passt."));
        choose(-1);
        return;
      }
      list.replaceChildren.apply(list, shown.map(option));
      choose(0);
    }

    function open(from) {
      if (target.disabled) return;
      opener = from;
      caret = [target.selectionStart, target.selectionEnd];
      menu.hidden = false;
      button.setAttribute("aria-expanded", "true");
      filter.value = "";
      draw();
      filter.focus();
      load();
    }

    function close(refocus) {
      if (menu.hidden) return;
      menu.hidden = true;
      button.setAttribute("aria-expanded", "false");
      if (refocus) opener.focus();
    }

    function insert(reply) {
      var value = target.value;
      var start = Math.min(caret[0], value.length);
      target.value = value.slice(0, start) + reply.text + value.slice(Math.min(caret[1], value.length));
      close(false);
      target.focus();
      var end = start + reply.text.length;
      var marker = reply.missing.length ? target.value.indexOf(reply.missing[0], start) : -1;
      if (marker >= 0 && marker < end) target.setSelectionRange(marker, marker + reply.missing[0].length);
      else target.setSelectionRange(end, end);
      target.dispatchEvent(new Event("input", { bubbles: true }));
      if (notice) {
        notice.textContent = reply.missing.length
          ? "„" + reply.title + "“ eingefügt. Bitte ergänzen Sie: " + reply.missing.join(", ") + "."
          : "„" + reply.title + "“ eingefügt. Bitte prüfen Sie den Text vor dem Senden.";
      }
    }

    button.addEventListener("click", function () {
      if (menu.hidden) open(button);
      else close(true);
    });
    filter.addEventListener("input", draw);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (shown.length) choose((active + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length);
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (active >= 0) insert(shown[active]);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      } else if (event.key === "Tab") {
        close(false);
      }
    });
    target.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var before = target.value.charAt(target.selectionStart - 1);
      if (target.selectionStart === 0 || /\s/.test(before)) {
        event.preventDefault();
        open(target);
      }
    });
    document.addEventListener("click", function outside(event) {
      if (!box.isConnected) document.removeEventListener("click", outside);
      else if (!box.contains(event.target)) close(false);
    });
    return button;
  }

  // ---- a conversation (middle pane; notes in the right one) -------------------------------

  function messageItem(m) {
    var item = el("li", "c-msg c-msg-" + m.from);
    var meta = el("div", "c-msg-meta");
    meta.appendChild(el("span", "c-msg-name", m.from === "agent" ? m.name + " (Service-Team)" : m.name));
    if (m.time) {
      var time = el("time", "", clockOf(m.time));
      time.dateTime = m.time;
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(time);
    }
    item.appendChild(meta);
    item.appendChild(el("p", "c-msg-text", m.text));
    return item;
  }

  function noteItem(n) {
    var item = el("li");
    item.appendChild(el("div", "c-muted", n.agent + " · " + n.time_label));
    item.appendChild(el("p", "c-msg-text", n.text));
    return item;
  }

  function initConversation(id) {
    var base = "/console/api/handoffs/" + encodeURIComponent(id);
    var list = document.getElementById("transcript");
    var transcriptNotice = document.getElementById("transcript-notice");
    var actionNotice = document.getElementById("action-notice");
    var claim = document.getElementById("claim");
    var resolve = document.getElementById("resolve");
    var replyForm = document.getElementById("reply-form");
    var reply = document.getElementById("reply");
    var replyButton = replyForm.querySelector("button[type=submit]");
    var savedButton = initSaved(replyForm.querySelector(".c-saved"));
    var replyHint = document.getElementById("reply-hint");
    var noteForm = document.getElementById("note-form");
    var note = document.getElementById("note");
    var notes = document.getElementById("notes");
    var lastTranscript = null;
    var lastNotes = null;
    var busy = false;

    function atBottom() {
      return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    }
    list.scrollTop = list.scrollHeight;

    function renderState(state) {
      var h = state.handoff;
      var status = document.getElementById("h-status");
      status.textContent = h.status_label;
      status.className = "c-badge c-badge-" + h.status;
      document.getElementById("h-waiting").textContent = h.waiting;
      document.getElementById("h-time-label").textContent = h.time_label;
      showTarget(document.getElementById("h-target"), h);
      document.getElementById("h-agent").textContent = h.agent || "–";
      claim.disabled = busy || h.status !== "waiting";
      resolve.disabled = busy || !h.mine;
      reply.disabled = savedButton.disabled = !h.mine;
      replyButton.disabled = busy || !h.mine;
      replyHint.textContent = h.mine
        ? "Strg+Enter sendet, „/“ öffnet die Textbausteine."
        : h.open
          ? h.status === "active"
            ? (h.agent || "Jemand anderes") + " bearbeitet dieses Gespräch."
            : "Übernehmen Sie das Gespräch, um zu antworten."
          : "Dieses Gespräch ist beendet.";
      var snapshot = JSON.stringify(state.notes);
      if (snapshot !== lastNotes) {
        lastNotes = snapshot;
        notes.replaceChildren.apply(
          notes,
          state.notes.length ? state.notes.map(noteItem) : [el("li", "c-muted c-empty", "Noch keine Notizen.")]
        );
      }
    }

    function renderTranscript(entries) {
      var snapshot = JSON.stringify(entries);
      if (snapshot === lastTranscript) return;
      lastTranscript = snapshot;
      var follow = atBottom();
      list.replaceChildren.apply(list, entries.map(messageItem));
      if (follow) list.scrollTop = list.scrollHeight;
    }

    function refresh() {
      var state = api("GET", base).then(renderState);
      var messages = api("GET", base + "/transcript").then(
        function (entries) {
          showNotice(transcriptNotice, "");
          renderTranscript(entries);
        },
        function (error) {
          showNotice(transcriptNotice, error.message);
        }
      );
      return Promise.all([state, messages]);
    }

    function say(message, ok) {
      actionNotice.textContent = message || "";
      actionNotice.className = "c-action-notice" + (ok ? " c-ok" : "");
    }

    function act(path, body, onDone) {
      busy = true;
      claim.disabled = resolve.disabled = replyButton.disabled = true;
      say("");
      return api("POST", base + path, body)
        .then(function (state) {
          busy = false;
          renderState(state);
          if (onDone) onDone();
          return refresh();
        })
        .catch(function (error) {
          busy = false;
          say(error.message);
          return refresh();
        });
    }

    claim.addEventListener("click", function () {
      act("/claim", null, function () {
        reply.focus();
      });
    });
    resolve.addEventListener("click", function () {
      if (window.confirm("Das Gespräch an den Bot zurückgeben? Der Bot verabschiedet sich für Sie und bittet um eine Bewertung.")) {
        act("/resolve");
      }
    });
    replyForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = reply.value.trim();
      if (!text || busy) return;
      act("/reply", { text: text }, function () {
        reply.value = "";
        document.getElementById("saved-notice").textContent = "";
        reply.focus();
      });
    });
    reply.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        replyForm.requestSubmit();
      }
    });
    reply.addEventListener("focus", function () {
      // The end of the transcript right above the box (on a phone the page scrolls).
      replyForm.closest(".c-chat").scrollIntoView({ block: "end" });
    });
    noteForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = note.value.trim();
      if (!text) return;
      api("POST", base + "/note", { text: text }).then(
        function (state) {
          note.value = "";
          say("Notiz gespeichert.", true);
          renderState(state);
        },
        function (error) {
          say(error.message);
        }
      );
    });

    return poll(refresh);
  }

  // ---- a ticket (middle pane) -------------------------------------------------------------

  function replyItem(r) {
    var item = el("li");
    item.appendChild(el("div", "c-muted", "Gesendet von " + r.agent + " · " + r.time_label));
    var subject = el("p", "c-msg-text");
    subject.appendChild(el("strong", "", r.subject));
    item.appendChild(subject);
    item.appendChild(el("p", "c-msg-text", r.text));
    return item;
  }

  function initTicket(id, wasMine) {
    var base = "/console/api/tickets/" + encodeURIComponent(id);
    var actionNotice = document.getElementById("action-notice");
    var assignMe = document.getElementById("assign-me");
    var assignForm = document.getElementById("assign-form");
    var assignTo = document.getElementById("assign-to");
    var assignButton = assignForm.querySelector("button");
    var closeButton = document.getElementById("close");
    var mailForm = document.getElementById("mail-form");
    var subject = document.getElementById("mail-subject");
    var text = document.getElementById("mail-text");
    var mailButton = mailForm.querySelector("button[type=submit]");
    var savedButton = initSaved(mailForm.querySelector(".c-saved"));
    var hint = document.getElementById("mail-hint");
    var replies = document.getElementById("replies");
    var lastReplies = null;
    var busy = false;
    var stop = null;

    function say(message, ok) {
      actionNotice.textContent = message || "";
      actionNotice.className = "c-action-notice" + (ok ? " c-ok" : "");
    }

    function renderState(state) {
      var t = state.ticket;
      if (t.mine !== wasMine) {
        // The customer's address shows in full only to the agent who works
        // the ticket: the panes are drawn again for the new assignment.
        stop();
        navigate(location.pathname + location.search, false);
        return;
      }
      var badge = document.getElementById("t-state");
      badge.textContent = t.state_label;
      badge.className = "c-badge c-badge-" + t.state;
      document.getElementById("t-agent").textContent = t.agent || "–";
      showTarget(document.getElementById("t-target"), t);
      var canWrite = t.mine && t.open && t.reply_address_known;
      assignMe.disabled = busy || t.mine || !t.open;
      assignTo.disabled = assignButton.disabled = busy || !t.open;
      closeButton.disabled = busy || !(t.mine && t.open);
      subject.disabled = text.disabled = savedButton.disabled = !canWrite;
      mailButton.disabled = busy || !canWrite;
      hint.textContent = !t.open
        ? "Dieses Ticket ist erledigt."
        : !t.reply_address_known
          ? "Für dieses Ticket ist keine E-Mail-Adresse bekannt."
          : t.mine
            ? "Die Antwort geht an " + t.reply_to + "."
            : t.agent
              ? t.agent + " bearbeitet dieses Ticket."
              : "Weisen Sie sich das Ticket zu, um zu antworten.";
      var snapshot = JSON.stringify(state.replies);
      if (snapshot !== lastReplies) {
        lastReplies = snapshot;
        replies.replaceChildren.apply(
          replies,
          state.replies.length
            ? state.replies.map(replyItem)
            : [el("li", "c-muted c-empty", "Noch keine Antwort gesendet.")]
        );
      }
    }

    function act(path, body, onDone) {
      busy = true;
      assignMe.disabled = assignButton.disabled = closeButton.disabled = mailButton.disabled = true;
      say("");
      return api("POST", base + path, body)
        .then(function (state) {
          busy = false;
          if (onDone) onDone(state);
          renderState(state);
        })
        .catch(function (error) {
          busy = false;
          say(error.message);
          return api("GET", base).then(renderState);
        });
    }

    assignMe.addEventListener("click", function () {
      act("/assign", {});
    });
    assignForm.addEventListener("submit", function (event) {
      event.preventDefault();
      act("/assign", { agent_id: Number(assignTo.value) }, function () {
        say("Das Ticket ist zugewiesen.", true);
      });
    });
    closeButton.addEventListener("click", function () {
      if (window.confirm("Das Ticket schließen? Ein nicht gesendeter Entwurf wird nicht mehr verschickt.")) {
        act("/close", {}, function () {
          say("Das Ticket ist erledigt.", true);
        });
      }
    });
    mailForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return;
      act("/reply", { subject: subject.value, text: text.value }, function (state) {
        var sent = state.replies.length > replies.querySelectorAll("li:not(.c-empty)").length;
        say(state.notice, sent);
        if (sent) text.value = "";
      });
    });

    stop = poll(function () {
      return api("GET", base).then(renderState);
    });
    return stop;
  }

  if (root.dataset.page === "inbox") {
    initQueue();
    initNavigation();
    trackKeyboard();
    startEntry();
    markSelected();
  } else if (csrf) {
    watchQueue();
  }
})();

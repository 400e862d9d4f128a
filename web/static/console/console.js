/* Agent console: live queue and conversation view (docs/agent-console.md).
 *
 * No framework. Every text from the server goes in with textContent, never
 * as HTML. Data comes from data-* attributes of <main id="console"> and from
 * the JSON API under /console/api/; POSTs carry the session's CSRF token in
 * the X-CSRF-Token header.
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
    // One request at a time: the next round starts after the previous one ended.
    var wait = every || POLL_MS;
    function round() {
      task().catch(function () {}).then(function () {
        window.setTimeout(round, wait);
      });
    }
    window.setTimeout(round, wait);
  }

  function cell(label, className, text) {
    var node = el("td", className, text);
    if (label) node.dataset.label = label;
    return node;
  }

  function openLink(href) {
    var td = el("td");
    var link = el("a", "c-button c-button-small", "Öffnen");
    link.href = href;
    td.appendChild(link);
    return td;
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
    // Pages other than the queue: the alerts only, every few seconds.
    poll(function () {
      return api("GET", "/console/api/queue").then(updateAlerts);
    }, ALERT_POLL_MS);
  }

  function showNotice(node, message) {
    node.textContent = message || "";
    node.hidden = !message;
  }

  // ---- queue page ----------------------------------------------------------------

  function targetCell(item) {
    var node = cell("Antwortziel", "c-target", item.target_label);
    node.title = item.target_goal;
    return node;
  }

  function handoffRow(h) {
    var row = el(
      "tr",
      "c-row c-status-" + h.status + " c-target-" + h.target + (h.mine ? " c-mine" : "")
    );
    row.appendChild(cell("Programm", "", h.brand));
    row.appendChild(cell("Grund", "", h.reason_label));
    row.appendChild(cell("Anliegen", "c-summary", h.summary));
    var status = cell("Status");
    status.appendChild(el("span", "c-badge c-badge-" + h.status, h.status_label));
    row.appendChild(status);
    row.appendChild(cell("Wartet", "", h.waiting));
    row.appendChild(targetCell(h));
    row.appendChild(cell("Bearbeitet von", "", h.agent || "–"));
    row.appendChild(openLink("/console/handoffs/" + encodeURIComponent(h.id)));
    return row;
  }

  function ticketRow(t) {
    var row = el(
      "tr",
      "c-row c-target-" + t.target + (t.overdue ? " c-overdue" : "") + (t.mine ? " c-mine" : "")
    );
    row.appendChild(cell("Art", "", t.kind_label));
    row.appendChild(cell("Programm", "", t.brand));
    var state = cell("Status");
    state.appendChild(el("span", "c-badge c-badge-" + t.state, t.state_label));
    row.appendChild(state);
    row.appendChild(targetCell(t));
    row.appendChild(cell("Fällig am", "c-due", t.due_label));
    row.appendChild(cell("Antwort an", "", t.reply_to + (t.reply_unconfirmed ? " (nicht bestätigt)" : "")));
    row.appendChild(cell("Bearbeitet von", "", t.agent || "–"));
    row.appendChild(cell("Details", "c-summary", t.details));
    row.appendChild(openLink("/console/tickets/" + encodeURIComponent(t.id)));
    return row;
  }

  function emptyRow(columns, text) {
    var row = el("tr", "c-empty");
    var cell = el("td", "", text);
    cell.colSpan = columns;
    row.appendChild(cell);
    return row;
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
            data.handoffs.length ? data.handoffs.map(handoffRow) : [emptyRow(8, "Gerade wartet niemand.")]
          );
          tickets.replaceChildren.apply(
            tickets,
            data.tickets.length ? data.tickets.map(ticketRow) : [emptyRow(9, "Keine offenen Tickets.")]
          );
          document.getElementById("handoff-count").textContent = String(data.handoffs.length);
          document.getElementById("ticket-count").textContent = String(data.tickets.length);
        },
        function (error) {
          showNotice(notice, "Keine Live-Aktualisierung: " + error.message);
        }
      );
    });
  }

  // ---- conversation page -------------------------------------------------------------

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

  function initConversation() {
    var id = root.dataset.handoff;
    var base = "/console/api/handoffs/" + encodeURIComponent(id);
    var list = document.getElementById("transcript");
    var transcriptNotice = document.getElementById("transcript-notice");
    var actionNotice = document.getElementById("action-notice");
    var claim = document.getElementById("claim");
    var resolve = document.getElementById("resolve");
    var replyForm = document.getElementById("reply-form");
    var reply = document.getElementById("reply");
    var replyButton = replyForm.querySelector("button");
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
      reply.disabled = !h.mine;
      replyButton.disabled = busy || !h.mine;
      replyHint.textContent = h.mine
        ? "Strg+Enter sendet."
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
      act("/claim");
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
        reply.focus();
      });
    });
    reply.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        replyForm.requestSubmit();
      }
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

    poll(refresh);
  }

  // ---- ticket page ---------------------------------------------------------------------

  function replyItem(r) {
    var item = el("li");
    item.appendChild(el("div", "c-muted", "Gesendet von " + r.agent + " · " + r.time_label));
    var subject = el("p", "c-msg-text");
    subject.appendChild(el("strong", "", r.subject));
    item.appendChild(subject);
    item.appendChild(el("p", "c-msg-text", r.text));
    return item;
  }

  function initTicket() {
    var base = "/console/api/tickets/" + encodeURIComponent(root.dataset.ticket);
    var actionNotice = document.getElementById("action-notice");
    var assignMe = document.getElementById("assign-me");
    var assignForm = document.getElementById("assign-form");
    var assignTo = document.getElementById("assign-to");
    var assignButton = assignForm.querySelector("button");
    var closeButton = document.getElementById("close");
    var mailForm = document.getElementById("mail-form");
    var subject = document.getElementById("mail-subject");
    var text = document.getElementById("mail-text");
    var mailButton = mailForm.querySelector("button");
    var hint = document.getElementById("mail-hint");
    var replies = document.getElementById("replies");
    var wasMine = root.dataset.mine === "1";
    var lastReplies = null;
    var busy = false;

    function say(message, ok) {
      actionNotice.textContent = message || "";
      actionNotice.className = "c-action-notice" + (ok ? " c-ok" : "");
    }

    function renderState(state) {
      var t = state.ticket;
      if (t.mine !== wasMine) {
        // The customer's address shows in full only to the agent who works
        // the ticket: the page is drawn again for the new assignment.
        window.location.reload();
        return;
      }
      wasMine = t.mine;
      var badge = document.getElementById("t-state");
      badge.textContent = t.state_label;
      badge.className = "c-badge c-badge-" + t.state;
      document.getElementById("t-agent").textContent = t.agent || "–";
      showTarget(document.getElementById("t-target"), t);
      var canWrite = t.mine && t.open && t.reply_address_known;
      assignMe.disabled = busy || t.mine || !t.open;
      assignTo.disabled = assignButton.disabled = busy || !t.open;
      closeButton.disabled = busy || !(t.mine && t.open);
      subject.disabled = text.disabled = !canWrite;
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

    poll(function () {
      return api("GET", base).then(renderState);
    });
  }

  if (root.dataset.page === "queue") initQueue();
  else if (root.dataset.page === "conversation") initConversation();
  else if (root.dataset.page === "ticket") initTicket();
  if (csrf && root.dataset.page !== "queue") watchQueue();
})();

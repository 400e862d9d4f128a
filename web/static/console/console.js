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

  function poll(task) {
    // One request at a time: the next round starts after the previous one ended.
    function round() {
      task().catch(function () {}).then(function () {
        window.setTimeout(round, POLL_MS);
      });
    }
    window.setTimeout(round, POLL_MS);
  }

  function showNotice(node, message) {
    node.textContent = message || "";
    node.hidden = !message;
  }

  // ---- queue page ----------------------------------------------------------------

  function handoffRow(h) {
    var row = el("tr", "c-row c-status-" + h.status + (h.mine ? " c-mine" : ""));
    row.appendChild(el("td", "", h.brand));
    row.appendChild(el("td", "", h.reason_label));
    row.appendChild(el("td", "c-summary", h.summary));
    var status = el("td");
    status.appendChild(el("span", "c-badge c-badge-" + h.status, h.status_label));
    row.appendChild(status);
    row.appendChild(el("td", "", h.waiting));
    row.appendChild(el("td", "", h.agent || "–"));
    var open = el("td");
    var link = el("a", "c-button c-button-small", "Öffnen");
    link.href = "/console/handoffs/" + encodeURIComponent(h.id);
    open.appendChild(link);
    row.appendChild(open);
    return row;
  }

  function ticketRow(t) {
    var row = el("tr", "c-row" + (t.overdue ? " c-overdue" : ""));
    row.appendChild(el("td", "", t.kind_label));
    row.appendChild(el("td", "", t.brand));
    row.appendChild(el("td", "", t.due_label));
    row.appendChild(el("td", "", t.reply_to + (t.reply_unconfirmed ? " (nicht bestätigt)" : "")));
    row.appendChild(el("td", "c-summary", t.details));
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
          var snapshot = JSON.stringify([data.handoffs, data.tickets]);
          if (snapshot === last) return;
          last = snapshot;
          handoffs.replaceChildren.apply(
            handoffs,
            data.handoffs.length ? data.handoffs.map(handoffRow) : [emptyRow(7, "Gerade wartet niemand.")]
          );
          tickets.replaceChildren.apply(
            tickets,
            data.tickets.length ? data.tickets.map(ticketRow) : [emptyRow(5, "Keine offenen Tickets.")]
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

  if (root.dataset.page === "queue") initQueue();
  else if (root.dataset.page === "conversation") initConversation();
})();

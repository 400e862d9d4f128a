/*
 * Chat widget of the referral-program bot.
 *
 * Embed with one tag (see README.md, "Chat-Widget"):
 *   <script src=".../static/widget/widget.js" defer
 *           data-socket-url="https://bot.betreiber.example" data-program="autosicher"
 *           data-title="AutoSicher Empfehlungsprogramm"></script>
 *
 * Talks to the project's socket.io channel (channels/socketio.py); the message
 * contract is in docs/widget.md. No framework; every text from the bot or the
 * customer is put into the page with textContent, never as HTML.
 */
(function () {
  "use strict";

  // The chat contract, mirrored from bot/chat_contract.py (WIDGET_CONSTANTS);
  // tests/test_chat_contract.py fails when the two differ.
  var CONTRACT = {
    handoff: "handoff",
    position: "position",
    minutes: "minutes",
    agent: "agent",
    agentFirstName: "first_name",
    helpEntry: "help_entry",
    waiting: "waiting",
    started: "started",
    ended: "ended",
    cancelPath: "/chat/api/handoff/cancel"
  };

  var script = document.currentScript;
  if (!script || window.EmpfehlungsChat) {
    return;
  }
  var data = script.dataset;
  var base = new URL(".", script.src);

  /* "1 Minute", "5 Minuten": a count with its noun in singular or plural. */
  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  var TEXT = {
    launcher: data.launcherLabel || "Fragen? Zum Chat",
    title: data.title || "Empfehlungsprogramm",
    subtitle: data.subtitle || "Digitaler Assistent · antwortet sofort",
    // The subtitle while a person of the service team chats.
    agentSubtitle: function (name) { return name ? name + " · Service-Team" : "Service-Team"; },
    placeholder: data.placeholder || "Ihre Nachricht …",
    send: "Senden",
    sendLabel: "Nachricht senden",
    open: "Chat öffnen",
    close: "Chat schließen",
    bot: data.botName || "Digitaler Assistent",
    agentSuffix: " (Service-Team)",
    customer: "Sie",
    connecting: "Verbindung wird hergestellt …",
    offline: "Die Verbindung ist unterbrochen. Wir versuchen es weiter – Ihre Nachrichten bleiben erhalten.",
    typing: "Der Assistent schreibt …",
    handoff: "Sie sind mit unserem Service-Team verbunden.",
    waiting: "Sie warten auf unser Service-Team.",
    waitingAt: function (position, minutes) {
      var place = position === 1 ? "Sie sind als Nächstes dran" : "Platz " + position + " in der Warteschlange";
      return place + (minutes > 0 ? ", etwa " + plural(Math.max(1, Math.round(minutes)), "Minute", "Minuten") : "") + ".";
    },
    stopWaiting: "Nicht mehr warten",
    stopFailed: "Das hat leider nicht geklappt. Bitte versuchen Sie es gleich noch einmal.",
    // Shown when the server refuses a message (bot_error) without a text of its own.
    refused: "Ihre Nachricht konnte leider nicht verarbeitet werden. Bitte versuchen Sie es noch einmal.",
    privacy: "Bitte geben Sie im Chat keine Passwörter oder Bankdaten ein.",
    help: "Hilfe und häufige Fragen",
    helpEntry: "Mehr dazu im Hilfebereich"
  };

  var config = {
    socketUrl: (data.socketUrl || "http://localhost:5005").replace(/\/+$/, ""),
    socketPath: data.socketPath || "/socket.io",
    program: data.program || "",
    authToken: data.authToken || "",
    initPayload: data.initPayload || "/greet",
    color: /^#[0-9a-fA-F]{3,8}$/.test(data.color || "") ? data.color : null,
    colorText: /^#[0-9a-fA-F]{3,8}$/.test(data.colorText || "") ? data.colorText : null,
    transports: (data.transports || "polling,websocket").split(",").map(function (t) { return t.trim(); }),
    socketioSrc: data.socketioSrc || new URL("../vendor/socket.io.min.js", base).href,
    // The web app that serves this script also takes "stop waiting" (web/chat_api.py).
    apiUrl: (data.apiUrl || new URL("../../", base).href).replace(/\/+$/, "")
  };
  // The program's public help page (web/help_pages.py), from the same entries the bot answers with.
  config.helpUrl = data.helpUrl || (config.program ? config.apiUrl + "/hilfe/" + encodeURIComponent(config.program) : "");
  var KEY = "empfehlungsbot:" + (config.program || "default") + ":";
  var TYPING_TIMEOUT_MS = 20000;

  // -------------------------------------------------------------------------
  // Storage (may be unavailable, e.g. blocked cookies: then nothing persists)

  function load(storage, name) {
    try { return window[storage].getItem(KEY + name); } catch (e) { return null; }
  }
  function save(storage, name, value) {
    try {
      if (value === null) { window[storage].removeItem(KEY + name); }
      else { window[storage].setItem(KEY + name, value); }
    } catch (e) { /* storage blocked */ }
  }

  // -------------------------------------------------------------------------
  // DOM helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  var LINK = /(https?:\/\/[^\s<>"']+|www\.[^\s<>"']+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
  var TRAILING = /[.,;:!?)\]»“"']+$/;

  /* Appends text to parent, with web and e-mail addresses as links. */
  function appendLinkified(parent, text) {
    var last = 0;
    text.replace(LINK, function (match, _group, offset) {
      var trail = (match.match(TRAILING) || [""])[0];
      var target = match.slice(0, match.length - trail.length);
      if (!target) { return match; }
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var a = el("a", "ec-link", target);
      if (target.indexOf("@") > 0 && !/^https?:/i.test(target) && target.indexOf("/") < 0) {
        a.href = "mailto:" + target;
      } else {
        a.href = /^https?:/i.test(target) ? target : "https://" + target;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
      }
      parent.appendChild(a);
      last = offset + target.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // -------------------------------------------------------------------------
  // Widget

  var root, panel, subtitle, log, notice, noticeText, stopButton, status, typing, announcer, form, input, sendButton, launcher;
  var socket = null;
  var sessionId = load("localStorage", "session");
  var confirmed = false;
  var queue = [];
  var handoff = false;
  var typingTimer = null;

  function build() {
    loadStyles();
    root = el("div", "ec-root");
    if (config.color) { root.style.setProperty("--ec-accent", config.color); }
    if (config.colorText) { root.style.setProperty("--ec-accent-text", config.colorText); }

    launcher = el("button", "ec-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-label", TEXT.open);
    launcher.setAttribute("aria-expanded", "false");
    launcher.appendChild(bubbleIcon());
    launcher.appendChild(el("span", "ec-launcher-label", TEXT.launcher));
    launcher.addEventListener("click", open);

    panel = el("section", "ec-panel");
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", TEXT.title);
    panel.addEventListener("keydown", onPanelKey);

    var header = el("header", "ec-header");
    var titles = el("div", "ec-titles");
    titles.appendChild(el("h2", "ec-title", TEXT.title));
    subtitle = el("p", "ec-subtitle", TEXT.subtitle);
    titles.appendChild(subtitle);
    if (config.helpUrl) {
      var helpLink = el("a", "ec-help", TEXT.help);
      helpLink.href = config.helpUrl;
      helpLink.target = "_blank";
      helpLink.rel = "noopener";
      titles.appendChild(helpLink);
    }
    var closeButton = el("button", "ec-close", "×");
    closeButton.type = "button";
    closeButton.setAttribute("aria-label", TEXT.close);
    closeButton.addEventListener("click", close);
    header.appendChild(titles);
    header.appendChild(closeButton);

    notice = el("div", "ec-notice");
    notice.hidden = true;
    notice.setAttribute("role", "status");
    noticeText = el("span", "ec-notice-text", TEXT.handoff);
    stopButton = el("button", "ec-stop", TEXT.stopWaiting);
    stopButton.type = "button";
    stopButton.hidden = true;
    stopButton.addEventListener("click", stopWaiting);
    notice.appendChild(noticeText);
    notice.appendChild(stopButton);

    status = el("p", "ec-status", TEXT.connecting);
    status.setAttribute("role", "status");

    log = el("div", "ec-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");

    // The visible typing indicator is for the eyes; screen readers hear it
    // once from the announcer, which holds nothing else (messages are read
    // from the log).
    typing = el("p", "ec-typing", TEXT.typing);
    typing.hidden = true;
    typing.setAttribute("aria-hidden", "true");
    announcer = el("p", "ec-sr-only");
    announcer.setAttribute("role", "status");
    announcer.setAttribute("aria-live", "polite");

    form = el("form", "ec-form");
    input = el("textarea", "ec-input");
    input.rows = 1;
    input.maxLength = 2000;
    input.placeholder = TEXT.placeholder;
    input.setAttribute("aria-label", TEXT.placeholder.replace(/\s*…$/, ""));
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      }
    });
    sendButton = el("button", "ec-send", TEXT.send);
    sendButton.type = "submit";
    sendButton.setAttribute("aria-label", TEXT.sendLabel);
    form.appendChild(input);
    form.appendChild(sendButton);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit();
    });

    panel.appendChild(header);
    panel.appendChild(notice);
    panel.appendChild(status);
    panel.appendChild(log);
    panel.appendChild(typing);
    panel.appendChild(announcer);
    panel.appendChild(form);
    panel.appendChild(el("p", "ec-privacy", TEXT.privacy));

    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(root);
    // On a phone the open chat covers the page: focus must not wander behind it.
    document.addEventListener("focusin", function (event) {
      if (!panel.hidden && fullScreen() && !root.contains(event.target)) { input.focus(); }
    });
  }

  /* The open panel takes the whole screen (widget.css, "Phones"). */
  function fullScreen() {
    return window.matchMedia("(max-width: 480px)").matches;
  }

  function focusables() {
    var nodes = panel.querySelectorAll("a[href], button, textarea");
    return Array.prototype.filter.call(nodes, function (node) {
      return !node.disabled && node.getClientRects().length > 0;
    });
  }

  /* Escape closes the chat; on a phone Tab and Shift+Tab cycle inside it. */
  function onPanelKey(event) {
    if (event.key === "Escape" && !event.isComposing) {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "Tab" || !fullScreen()) { return; }
    var nodes = focusables();
    if (!nodes.length) { return; }
    var first = nodes[0];
    var last = nodes[nodes.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function loadStyles() {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL("widget.css", base).href;
    document.head.appendChild(link);
  }

  function bubbleIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "ec-icon");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    return svg;
  }

  function open() {
    panel.hidden = false;
    root.classList.add("ec-open");
    launcher.setAttribute("aria-expanded", "true");
    panel.setAttribute("aria-modal", fullScreen() ? "true" : "false");
    save("sessionStorage", "open", "1");
    connect();
    input.focus({ preventScroll: true });
    scrollDown();
  }

  function close() {
    panel.hidden = true;
    root.classList.remove("ec-open");
    launcher.setAttribute("aria-expanded", "false");
    save("sessionStorage", "open", null);
    launcher.focus();
  }

  function setStatus(text) {
    status.textContent = text || "";
    status.hidden = !text;
  }

  function showTyping(on) {
    clearTimeout(typingTimer);
    typing.hidden = !on;
    announcer.textContent = on ? TEXT.typing : "";
    if (on) {
      typingTimer = setTimeout(function () { showTyping(false); }, TYPING_TIMEOUT_MS);
      scrollDown();
    }
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  // -------------------------------------------------------------------------
  // Messages

  function senderName(message) {
    if (message.sender === "user") { return TEXT.customer; }
    var name = agentName(message.custom);
    return name ? name + TEXT.agentSuffix : TEXT.bot;
  }

  function agentName(custom) {
    var agent = custom && custom[CONTRACT.agent];
    var name = agent && agent[CONTRACT.agentFirstName];
    return typeof name === "string" ? name.trim() : "";
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /* When a message was sent, HH:MM in the customer's local time: from the
     message's "time" (ISO 8601, UTC), else now (a message written here). */
  function timeStamp(iso) {
    var when = typeof iso === "string" ? new Date(iso) : new Date();
    if (isNaN(when.getTime())) { when = new Date(); }
    var stamp = el("time", "ec-time", pad(when.getHours()) + ":" + pad(when.getMinutes()));
    stamp.dateTime = when.toISOString();
    return stamp;
  }

  /* Only the buttons of bot messages after the customer's last message stay. */
  function dropOldButtons() {
    var groups = log.querySelectorAll(".ec-buttons");
    for (var i = 0; i < groups.length; i++) { groups[i].remove(); }
  }

  function render(message) {
    var fromUser = message.sender === "user";
    if (fromUser) { dropOldButtons(); }
    var custom = message.custom || {};
    var state = custom[CONTRACT.handoff];
    if (state === CONTRACT.waiting) { setHandoff("waiting", custom); }
    if (state === CONTRACT.started) { setHandoff("active", custom); }
    if (state === CONTRACT.ended) { setHandoff(false); }
    // Another person of the team may take over: the header names who writes.
    if (handoff === "active" && !fromUser && agentName(custom)) {
      subtitle.textContent = TEXT.agentSubtitle(agentName(custom));
    }

    var hasText = typeof message.text === "string" && message.text !== "";
    var buttons = Array.isArray(message.quick_replies) ? message.quick_replies : [];
    var image = message.attachment && message.attachment.type === "image" &&
      message.attachment.payload && message.attachment.payload.src;
    if (!hasText && !buttons.length && !image) { return; }

    var agent = !fromUser && agentName(custom);
    var item = el("div", "ec-msg " + (fromUser ? "ec-from-user" : agent ? "ec-from-agent" : "ec-from-bot"));
    var meta = el("div", "ec-meta");
    meta.appendChild(el("span", "ec-sender", senderName(message)));
    meta.appendChild(timeStamp(message.time));
    item.appendChild(meta);
    if (hasText) {
      var bubble = el("p", "ec-bubble", fromUser ? message.text : null);
      if (!fromUser) { appendLinkified(bubble, message.text); }
      item.appendChild(bubble);
    }
    // An answer from the knowledge base links to its entry on the help page.
    var entry = !fromUser && custom[CONTRACT.helpEntry];
    if (hasText && config.helpUrl && typeof entry === "string" && /^[a-z0-9_]{1,64}$/.test(entry)) {
      var more = el("a", "ec-help-entry", TEXT.helpEntry);
      more.href = config.helpUrl + "#" + entry;
      more.target = "_blank";
      more.rel = "noopener";
      item.appendChild(more);
    }
    if (image && /^https?:\/\//i.test(image)) {
      var img = el("img", "ec-image");
      img.src = image;
      img.alt = "";
      item.appendChild(img);
    }
    if (buttons.length) {
      var group = el("div", "ec-buttons");
      buttons.forEach(function (button) {
        if (typeof button.title !== "string" || typeof button.payload !== "string") { return; }
        var b = el("button", "ec-button", button.title);
        b.type = "button";
        // The buttons go once the customer answers: focus stays in the chat.
        b.addEventListener("click", function () {
          send(button.payload, button.title);
          input.focus({ preventScroll: true });
        });
        group.appendChild(b);
      });
      item.appendChild(group);
    }
    log.appendChild(item);
    // A long answer is read from its start; anything else scrolls to the end.
    if (!fromUser && item.offsetHeight > log.clientHeight * 0.8) {
      log.scrollTop = item.offsetTop - 8;
    } else {
      scrollDown();
    }
  }

  /* false: the bot answers; "waiting": in the service team's queue (with a
     button to stop waiting); "active": an agent holds the conversation. */
  function setHandoff(state, custom) {
    handoff = state || false;
    notice.hidden = !handoff;
    stopButton.hidden = handoff !== "waiting";
    stopButton.disabled = false;
    if (handoff === "waiting") {
      var position = custom && Number(custom[CONTRACT.position]);
      var minutes = custom && Number(custom[CONTRACT.minutes]);
      noticeText.textContent = position > 0 ? TEXT.waiting + " " + TEXT.waitingAt(position, minutes) : TEXT.waiting;
    } else {
      noticeText.textContent = TEXT.handoff;
    }
    subtitle.textContent = handoff === "active" ? TEXT.agentSubtitle(agentName(custom)) : TEXT.subtitle;
    root.classList.toggle("ec-handoff", !!handoff);
  }

  /* The bot is paused while the customer waits, so "stop waiting" cannot be a
     chat message: it goes to the web app, which resumes the bot. */
  function stopWaiting() {
    stopButton.disabled = true;
    var request = new XMLHttpRequest();
    request.open("POST", config.apiUrl + CONTRACT.cancelPath);
    request.setRequestHeader("Content-Type", "application/json");
    request.onload = function () {
      if (request.status >= 400) { stopButton.disabled = false; setStatus(TEXT.stopFailed); }
    };
    request.onerror = function () { stopButton.disabled = false; setStatus(TEXT.stopFailed); };
    request.send(JSON.stringify({ session_id: sessionId }));
  }

  function renderHistory(messages) {
    log.textContent = "";
    setHandoff(false);
    messages.forEach(render);
    scrollDown();
  }

  // -------------------------------------------------------------------------
  // Connection

  function connect() {
    if (socket) { return; }
    if (typeof window.io !== "function") {
      var tag = document.createElement("script");
      tag.src = config.socketioSrc;
      tag.onload = connect;
      tag.onerror = function () { setStatus(TEXT.offline); };
      document.head.appendChild(tag);
      return;
    }
    socket = window.io(config.socketUrl, {
      path: config.socketPath,
      // Long polling first, then the upgrade to WebSocket; a failed upgrade
      // keeps the chat on long polling (docs/widget.md, "WebSocket").
      transports: config.transports,
      tryAllTransports: true,
      reconnectionDelayMax: 10000
    });
    socket.on("connect", function () {
      confirmed = false;
      socket.emit("session_request", { session_id: sessionId, metadata: metadata() });
    });
    socket.on("session_confirm", function (id) {
      var value = id && id.session_id ? id.session_id : id;
      if (value !== sessionId) {
        sessionId = value;
        save("localStorage", "session", sessionId);
      }
    });
    socket.on("session_history", function (payload) {
      if (!payload || payload.session_id !== sessionId) { return; }
      confirmed = true;
      setStatus("");
      var messages = Array.isArray(payload.messages) ? payload.messages : [];
      renderHistory(messages);
      if (!messages.length && load("localStorage", "greeted") !== sessionId) {
        save("localStorage", "greeted", sessionId);
        emit(config.initPayload, null);
        showTyping(true);
      }
      // Messages typed before the connection stood: show them again, then send.
      var pending = queue;
      queue = [];
      pending.forEach(function (m) {
        render({ sender: "user", text: m.display || m.text });
        emit(m.text, m.display);
      });
      if (pending.length && !handoff) { showTyping(true); }
    });
    socket.on("bot_uttered", function (message) {
      if (!message || typeof message !== "object") { return; }
      showTyping(false);
      message.sender = "bot";
      render(message);
    });
    // The server refused the last message (docs/widget.md, "bot_error"): the
    // customer reads why, as a message of the bot.
    socket.on("bot_error", function (error) {
      var text = error && typeof error.message === "string" && error.message.trim();
      showTyping(false);
      render({ sender: "bot", text: text || TEXT.refused });
    });
    socket.on("user_echo", function (message) {
      if (message && typeof message.text === "string") {
        render({ sender: "user", text: message.text });
      }
    });
    socket.on("disconnect", function () {
      confirmed = false;
      showTyping(false);
      setStatus(TEXT.offline);
    });
    socket.on("connect_error", function () { setStatus(TEXT.offline); });
  }

  /* Sent with every message: the program, and a signed identity token if the
     brand's website put one into data-auth-token (bot/identity_token.py). */
  function metadata() {
    var m = {};
    if (config.program) { m.program = config.program; }
    if (config.authToken) { m.auth_token = config.authToken; }
    return m;
  }

  function emit(text, display) {
    var message = { message: text, session_id: sessionId, metadata: metadata() };
    if (display) { message.display = display; }
    socket.emit("user_uttered", message);
  }

  function send(text, display) {
    text = (text || "").trim();
    if (!text) { return; }
    render({ sender: "user", text: display || text });
    if (!handoff) { showTyping(true); }
    if (socket && confirmed) { emit(text, display); }
    else { queue.push({ text: text, display: display }); connect(); }
  }

  function submit() {
    var text = input.value;
    input.value = "";
    send(text, null);
    input.focus();
  }

  // -------------------------------------------------------------------------

  function start() {
    build();
    if (load("sessionStorage", "open") === "1") { open(); }
  }

  // For the page (and the browser tests): open or close the chat, drop and
  // re-establish the connection (as after a network loss).
  window.EmpfehlungsChat = {
    open: function () { open(); },
    close: function () { close(); },
    disconnect: function () { if (socket) { socket.disconnect(); } },
    connect: function () { if (socket) { socket.connect(); } else { connect(); } },
    // "websocket" or "polling" while connected, else null.
    transport: function () {
      var engine = socket && socket.connected && socket.io.engine;
      return engine && engine.transport ? engine.transport.name : null;
    }
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

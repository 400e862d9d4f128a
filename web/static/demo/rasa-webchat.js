/*
 * The rasa-webchat demo page (/demo/<slug>/rasa-webchat): mounts rasa-webchat
 * 1.0.1 the way a brand that already uses it does, with the options the page
 * writes as JSON (its CSP allows no inline script). The socket URL ends in
 * the channel's rasa-webchat namespace (docs/widget.md, "rasa-webchat").
 */
(function () {
  "use strict";
  var options = JSON.parse(document.getElementById("rasa-webchat-options").textContent);
  window.WebChat.default(options, null);
})();

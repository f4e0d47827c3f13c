// Lottrace trace widget. On a brand's page:
//   <script src="https://<host>/embed.js" data-code="01/08801234567893/10/L261117A" data-lang="en" async></script>
// puts the lot's trace card, an iframe of <host>/embed/<code>, right after this script tag.
// It reads nothing of the host page but its own script element and the page's origin
// (the only window its height messages are sent to), and accepts height messages only
// from its own frame on our origin.
(function () {
  "use strict";
  // Only valid while this script runs for the first time: capture it now.
  var script = document.currentScript;
  if (!script || !script.src || !script.parentNode) return;
  var origin = new URL(script.src).origin;
  var titles = __FRAME_TITLES__;
  var lang = (script.getAttribute("data-lang") || "ko").toLowerCase().slice(0, 2);
  if (!titles[lang]) lang = "ko";
  var code = (script.getAttribute("data-code") || "").trim();
  // A full Digital Link to our own host is read as its path.
  try {
    var link = new URL(code);
    if (link.origin === origin) code = link.pathname.replace(/^\/+/, "");
  } catch (notALink) {
    // A bare code: sent as it is.
  }
  var width = (script.getAttribute("data-width") || "").trim();
  width = /^\d{2,4}$/.test(width) ? width + "px" : /^\d{2,4}px$|^\d{1,3}%$/.test(width) ? width : "480px";

  var frame = document.createElement("iframe");
  frame.src = origin + "/embed/" + encodeURIComponent(code) +
    "?lang=" + lang + "&origin=" + encodeURIComponent(window.location.origin);
  frame.title = titles[lang];
  frame.loading = "lazy";
  // Scripts (to report the height), our own origin (so the messages carry it), and links
  // that open the full trace page in a normal new tab; no navigating the host page, no
  // forms, no dialogs.
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox");
  // !important: the host page's own iframe rules must not reshape the card.
  var style = {
    display: "block", border: "0", margin: "0", padding: "0", width: "100%",
    "max-width": width, height: "260px", overflow: "hidden", background: "transparent",
    "color-scheme": "normal"
  };
  for (var name in style) frame.style.setProperty(name, style[name], "important");
  script.parentNode.insertBefore(frame, script.nextSibling);

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "lottrace:height") return;
    var height = data.height;
    if (typeof height !== "number" || !isFinite(height)) return;
    height = Math.max(40, Math.min(Math.ceil(height), 4000));
    frame.style.setProperty("height", height + "px", "important");
  });
})();

// The trace card in a brand's page: tells the embedding window (embed.js) how tall the
// card is, whenever that changes, so its iframe fits without a scroll bar. Only the
// height travels; it goes to the origin embed.js named, else to any (it is no secret).
(function () {
  "use strict";
  if (window.parent === window) return;
  var named = new URLSearchParams(window.location.search).get("origin") || "";
  var target = /^https?:\/\/[^\/?#\s]+$/.test(named) ? named : "*";
  var root = document.documentElement;
  var last = -1;
  function report() {
    var height = Math.ceil(root.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "lottrace:height", height: height }, target);
  }
  if (window.ResizeObserver) new ResizeObserver(report).observe(root);
  window.addEventListener("load", report);
  report();
})();

// Parley: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Article page: toggle highlight layers.
  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      var text = document.getElementById("text");
      if (text) text.classList.toggle("hide-" + box.dataset.layer, !box.checked);
    });
  });
  // Article page: hovering a quote (in the text or the list) lights up all its pieces.
  function lightQuote(id, on) {
    document.querySelectorAll('[data-quote="' + id + '"]').forEach(function (el) {
      el.classList.toggle("lit", on);
    });
  }
  document.querySelectorAll("[data-quote]").forEach(function (el) {
    el.addEventListener("mouseenter", function () { lightQuote(el.dataset.quote, true); });
    el.addEventListener("mouseleave", function () { lightQuote(el.dataset.quote, false); });
  });
  // Network: hovering an actor isolates its links.
  var net = document.getElementById("network");
  if (net) {
    net.querySelectorAll(".node").forEach(function (node) {
      node.addEventListener("mouseenter", function () {
        net.classList.add("focus");
        net.querySelectorAll(".edge").forEach(function (e) {
          var mine = e.dataset.source === node.dataset.id || e.dataset.target === node.dataset.id;
          e.classList.toggle("on", mine);
        });
      });
      node.addEventListener("mouseleave", function () { net.classList.remove("focus"); });
    });
  }
})();
// Article page: a link to a quote or an event (#q-12, #e-3: the chronology's links) lights it up.
(function () {
  "use strict";
  function flash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var anchor = id && document.getElementById(id);
    if (!anchor || !anchor.classList.contains("anchor")) return;
    document.querySelectorAll(".flash").forEach(function (el) { el.classList.remove("flash"); });
    var lit = id.charAt(0) === "q" ? document.querySelectorAll('#text [data-quote="' + id.slice(2) + '"]') : [];
    if (!lit.length) {
      var next = anchor.nextElementSibling;
      while (next && next.classList.contains("anchor")) next = next.nextElementSibling;
      lit = next ? [next] : [];
    }
    lit.forEach(function (el) { el.classList.add("flash"); });
  }
  window.addEventListener("hashchange", flash);
  flash();
})();

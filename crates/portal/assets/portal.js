// speclift portal: the microversion selector, search and deep links.
// The page is complete without this script; it only hides what lies
// outside the chosen microversion and answers searches. State lives in the
// URL hash: "#mv=3.44", "#q=attachment", "#<anchor>", joined with "&".
(function () {
  "use strict";

  function parse(text) {
    if (!text) return null;
    var parts = text.split(".");
    return [parseInt(parts[0], 10), parseInt(parts[1], 10)];
  }
  // MAJOR.MINOR compared part by part: 2.2 < 2.20, never as floats.
  function compare(a, b) {
    return a[0] - b[0] || a[1] - b[1];
  }

  function readHash() {
    var state = { anchor: null, mv: "", q: "" };
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      if (!part) return;
      var i = part.indexOf("=");
      if (i < 0) state.anchor = decodeURIComponent(part);
      else state[part.slice(0, i)] = decodeURIComponent(part.slice(i + 1));
    });
    return state;
  }

  function writeHash(state) {
    var parts = [];
    if (state.mv) parts.push("mv=" + state.mv);
    if (state.q) parts.push("q=" + encodeURIComponent(state.q));
    if (state.anchor) parts.push(state.anchor);
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname);
  }

  // Hides every element whose range excludes the version and marks those
  // added exactly at it; no version shows everything.
  function applyVersion(text) {
    var version = parse(text);
    var ranged = document.querySelectorAll("main [data-min], main [data-max], nav [data-min], nav [data-max]");
    for (var i = 0; i < ranged.length; i++) {
      var el = ranged[i];
      var min = parse(el.getAttribute("data-min"));
      var max = parse(el.getAttribute("data-max"));
      var outside = !!version && ((min && compare(version, min) < 0) || (max && compare(version, max) > 0));
      el.hidden = outside;
      el.classList.toggle("added", !!version && !!min && compare(version, min) === 0);
    }
    document.body.setAttribute("data-mv", text || "");
    var select = document.getElementById("mv");
    if (select && select.value !== (text || "")) select.value = text || "";
  }

  var entries = window.SPECLIFT_SEARCH || [];
  var KINDS = { op: "operation", action: "action", field: "field" };

  function runSearch(query) {
    var list = document.getElementById("search-results");
    if (!list) return;
    list.textContent = "";
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    list.hidden = terms.length === 0;
    if (!terms.length) return;
    var shown = 0;
    for (var i = 0; i < entries.length && shown < 50; i++) {
      var e = entries[i];
      var haystack = (e[1] + " " + e[2]).toLowerCase();
      if (!terms.every(function (t) { return haystack.indexOf(t) >= 0; })) continue;
      var item = document.createElement("li");
      item.className = "hit hit-" + e[0];
      var link = document.createElement("a");
      link.href = e[3];
      link.textContent = e[1];
      var detail = document.createElement("span");
      detail.className = "detail";
      detail.textContent = KINDS[e[0]] + " · " + e[2];
      item.appendChild(link);
      item.appendChild(detail);
      list.appendChild(item);
      shown++;
    }
    if (!shown) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "No match";
      list.appendChild(none);
    }
  }

  // Scrolls to the hash's anchor (the browser cannot: "#mv=…&id" is not
  // an id) and records it, so a test can see where a link landed.
  function land(anchor) {
    if (!anchor) return;
    var target = document.getElementById(anchor);
    if (!target) return;
    for (var p = target.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
    }
    target.scrollIntoView();
    // Sub-pixel layout can leave the top a fraction above zero.
    var top = target.getBoundingClientRect().top;
    if (top > -2 && top < window.innerHeight) {
      target.classList.add("landed");
      document.body.setAttribute("data-landed", anchor);
    }
  }

  function refresh() {
    var state = readHash();
    applyVersion(state.mv);
    var box = document.getElementById("search");
    if (box && state.q && box.value !== state.q) box.value = state.q;
    runSearch(state.q);
    land(state.anchor);
  }

  var select = document.getElementById("mv");
  if (select) {
    select.addEventListener("change", function () {
      var state = readHash();
      state.mv = select.value;
      writeHash(state);
      applyVersion(state.mv);
    });
  }
  var box = document.getElementById("search");
  if (box) {
    box.addEventListener("input", function () {
      var state = readHash();
      state.q = box.value;
      state.anchor = null;
      writeHash(state);
      runSearch(box.value);
    });
  }
  window.addEventListener("hashchange", refresh);
  refresh();
})();

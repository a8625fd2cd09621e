/* The side-by-side report's behaviour: class toggles, base and witness choice, keyboard
   navigation, the overview strip and the details of a divergence. Every variant's details come
   from the JSON block written by collate/writers/html.py; witness text reaches the page only
   through textContent. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("collation-data").textContent);
  var sigla = data.sigla;
  var n = sigla.length;
  var apps = data.apps; // [id, type, subtype, reason, readings, links, pairs]
  var reasons = data.reasons.map(function (parts) {
    return parts.map(function (i) { return data.strings[i]; }).join(": ");
  });
  var severity = {};
  data.classes.forEach(function (c, i) { severity[c] = i; });
  var substantive = {};
  data.substantive.forEach(function (c) { substantive[c] = true; });

  var body = document.body;
  var bar = document.getElementById("bar");
  var table = document.querySelector("table.align");
  var info = document.getElementById("info");
  var status = document.getElementById("status");
  var canvas = document.getElementById("overview");

  var state = { base: data.base, shown: [], hidden: {}, current: -1, pinned: false };
  for (var w = 0; w < n; w++) state.shown.push(true);

  // -- index: which reading each witness has, and its marked span, for every variant ----------
  var appIndex = {};
  apps.forEach(function (a, k) { appIndex[a[0]] = k; });
  var readingOf = apps.map(function (a) {
    var of = new Array(n);
    a[4].forEach(function (r, i) { r[0].forEach(function (w) { of[w] = i; }); });
    return of;
  });
  var spans = apps.map(function () { return new Array(n); });
  Array.prototype.forEach.call(table.querySelectorAll("span.var"), function (el) {
    var k = appIndex[el.getAttribute("data-app")];
    spans[k][columnOf(el)] = el;
  });
  var views = new Array(apps.length);

  function columnOf(el) {
    var td = el.closest("td");
    return parseInt(td.className.slice(1), 10);
  }

  // -- classes as the reader sees them: the most serious difference among the readings shown --
  // With every witness shown, a location has the class the classifier gave it; with some hidden,
  // the most serious difference among the readings of the witnesses left (none if they agree).
  function relation(k, i, j) {
    var a = apps[k];
    if (i === 0 || j === 0) {
      var r = a[4][i || j];
      return { type: r[1] || a[1], subtype: r[2], reason: reasons[r[3]] || reasons[a[3]] };
    }
    var lo = Math.min(i, j), hi = Math.max(i, j);
    for (var p = 0; p < a[6].length; p++) {
      var pair = a[6][p];
      if (pair[0] === lo && pair[1] === hi) return { type: pair[2], subtype: pair[3], reason: reasons[pair[4]] };
    }
    return { type: a[1], subtype: a[2], reason: reasons[a[3]] };
  }

  function allShown() {
    for (var w = 0; w < n; w++) if (!state.shown[w]) return false;
    return true;
  }

  function viewRelation(k) {
    var a = apps[k];
    if (allShown()) return { type: a[1], subtype: a[2], reason: reasons[a[3]] };
    var seen = [], of = readingOf[k], worst = null;
    for (var w = 0; w < n; w++) if (state.shown[w] && seen.indexOf(of[w]) < 0) seen.push(of[w]);
    for (var x = 0; x < seen.length; x++) {
      for (var y = x + 1; y < seen.length; y++) {
        var rel = relation(k, seen[x], seen[y]);
        if (worst === null || severity[rel.type] > severity[worst.type]) worst = rel;
      }
    }
    return worst;
  }

  function countsAsSubstantive(type, subtype) {
    return substantive[type] === true || substantive[type + ":" + subtype] === true;
  }

  function spanClass(k) {
    var v = views[k];
    if (v === null) return "var t-none";
    return "var t-" + v.type + (countsAsSubstantive(v.type, v.subtype) ? " sub" : "") +
      (moves[k].length ? " move" : "") + (k === state.current ? " current" : "");
  }

  function isShown(k) { return views[k] !== null && !state.hidden[views[k].type]; }
  function isSubstantive(k) { return isShown(k) && countsAsSubstantive(views[k].type, views[k].subtype); }

  // -- applying the reader's choices ------------------------------------------------------------
  function apply() {
    var counts = {};
    for (var k = 0; k < apps.length; k++) {
      var view = viewRelation(k);
      views[k] = view;
      if (view) counts[view.type] = (counts[view.type] || 0) + 1;
      var cls = spanClass(k);
      for (var w = 0; w < n; w++) {
        var el = spans[k][w];
        if (el && el.className !== cls) el.className = cls;
      }
    }
    Array.prototype.forEach.call(bar.querySelectorAll("[data-count]"), function (el) {
      var c = counts[el.getAttribute("data-count")] || 0;
      el.textContent = String(c);
      el.parentNode.classList.toggle("zero", c === 0);
    });
    if (state.current >= 0 && !isShown(state.current)) unselect();
    updateStatus();
    layoutChanged();
  }

  function orderColumns() {
    var order = [state.base];
    for (var w = 0; w < n; w++) if (w !== state.base) order.push(w);
    Array.prototype.forEach.call(table.rows, function (row) {
      var cells = {};
      Array.prototype.forEach.call(row.cells, function (cell) { cells[cell.className] = cell; });
      order.forEach(function (w) { row.appendChild(cells["w" + w]); });
    });
  }

  bar.addEventListener("change", function (e) {
    var t = e.target;
    if (t.hasAttribute("data-class")) {
      var c = t.getAttribute("data-class");
      state.hidden[c] = !t.checked;
      body.classList.toggle("hide-" + c, !t.checked);
    } else if (t.hasAttribute("data-w")) {
      var w = parseInt(t.getAttribute("data-w"), 10);
      state.shown[w] = t.checked;
      body.classList.toggle("hide-w" + w, !t.checked);
    } else if (t.id === "base") {
      state.base = parseInt(t.value, 10);
      Array.prototype.forEach.call(bar.querySelectorAll("input[data-w]"), function (box) {
        var w = parseInt(box.getAttribute("data-w"), 10);
        box.disabled = w === state.base;
        if (w === state.base && !box.checked) {
          box.checked = true;
          state.shown[w] = true;
          body.classList.remove("hide-w" + w);
        }
      });
      orderColumns();
    } else {
      return;
    }
    hideInfo();
    apply();
  });

  // -- navigation -------------------------------------------------------------------------------
  // A transposition is one move at two places: its second place is not a divergence of its own
  // when stepping through the text or counting; selecting either place marks both.
  var moves = apps.map(function (a) {
    return a[2] === "transposition" ? a[5].filter(function (id) { return appIndex[id] !== undefined; }) : [];
  });
  var second = moves.map(function (ids, k) { return ids.some(function (id) { return appIndex[id] < k; }); });
  function partners(k) { return moves[k]; }
  function secondPlace(k) { return second[k]; }
  // What changed inside a moved passage, listed at both its places (stored at the later one).
  var insideOf = apps.map(function () { return []; });
  (data.inside || []).forEach(function (d) { insideOf[d[0]].push(d); insideOf[d[1]].push(d); });

  // Both places of a move are marked while one is selected or under the pointer.
  function markPartners(k) {
    partners(k).forEach(function (id) {
      spans[appIndex[id]].forEach(function (el) { if (el) el.classList.add("moved"); });
    });
  }
  function clearMarked() {
    Array.prototype.forEach.call(table.querySelectorAll("span.var.moved"), function (el) { el.classList.remove("moved"); });
  }

  function step(dir, any) {
    var test = any ? isShown : isSubstantive;
    var k = state.current < 0 ? (dir > 0 ? -1 : apps.length) : state.current;
    var from = state.current >= 0 ? partners(state.current).map(function (id) { return appIndex[id]; }) : [];
    for (k += dir; k >= 0 && k < apps.length; k += dir) {
      if (test(k) && !secondPlace(k) && from.indexOf(k) < 0) { select(k, true); return; }
    }
    status.textContent = (dir > 0 ? "No further " : "No earlier ") + (any ? "divergence" : "substantive divergence") +
      " among those shown";
  }

  function select(k, scroll) {
    unselect();
    state.current = k;
    state.pinned = true;
    spans[k].forEach(function (el) { if (el) el.classList.add("current"); });
    markPartners(k);
    var anchor = spans[k][state.base];
    if (scroll) anchor.scrollIntoView({ block: "center" });
    showInfo(k, anchor);
    updateStatus();
    drawOverview();
  }

  function unselect() {
    if (state.current >= 0) spans[state.current].forEach(function (el) { if (el) el.classList.remove("current"); });
    clearMarked();
    state.current = -1;
  }

  function updateStatus() {
    var total = 0, at = 0;
    for (var k = 0; k < apps.length; k++) {
      if (!isSubstantive(k) || secondPlace(k)) continue;
      total++;
      if (k <= state.current) at = total;
    }
    var here = state.current >= 0 && isSubstantive(state.current) ? "substantive " + at + " of " + total
      : total + " substantive";
    status.textContent = here + (state.current >= 0 ? " \u00b7 " + apps[state.current][0] : "");
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = e.target && e.target.tagName;
    if (tag === "SELECT" || tag === "TEXTAREA" || (tag === "INPUT" && e.target.type === "text")) return;
    var keys = { n: [1, false], j: [1, false], p: [-1, false], k: [-1, false],
                 N: [1, true], J: [1, true], P: [-1, true], K: [-1, true] };
    if (keys[e.key]) {
      e.preventDefault();
      step(keys[e.key][0], keys[e.key][1]);
    } else if (e.key === "Escape") {
      unselect();
      hideInfo();
      updateStatus();
      drawOverview();
    }
  });
  document.getElementById("next").addEventListener("click", function () { step(1, false); });
  document.getElementById("prev").addEventListener("click", function () { step(-1, false); });

  // -- the details of a divergence: its class, its reason and every witness's reading ---------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function showInfo(k, anchor) {
    var a = apps[k], of = readingOf[k], rb = of[state.base];
    var worst = views[k];
    info.textContent = "";
    var head = worst ? worst.type + (worst.subtype ? " (" + worst.subtype + ")" : "") : "no divergence among the witnesses shown";
    info.appendChild(el("div", "head-line", head.charAt(0).toUpperCase() + head.slice(1)));
    if (worst) info.appendChild(el("div", "reason", worst.reason));
    var tbl = el("table", "readings");
    a[4].forEach(function (r, i) {
      var ws = r[0].slice().sort(function (x, y) { return x === state.base ? -1 : y === state.base ? 1 : x - y; });
      var shown = ws.some(function (w) { return state.shown[w]; });
      var tr = el("tr", i === rb ? "base" : shown ? "" : "hidden");
      tr.appendChild(el("td", "sigla", ws.map(function (w) { return sigla[w] + (state.shown[w] ? "" : " (hidden)"); }).join(", ")));
      var text = spans[k][r[0][0]].textContent;
      tr.appendChild(el("td", "text", text.trim() === "" ? (text === "" ? "\u2205 (no text)" : "(whitespace only)") : text));
      var why = el("td", "why");
      if (i === rb) {
        why.appendChild(el("strong", "", "base"));
      } else {
        var rel = relation(k, rb, i);
        why.appendChild(el("strong", "", rel.type + (rel.subtype ? " (" + rel.subtype + ")" : "")));
        why.appendChild(el("div", "", rel.reason));
      }
      tr.appendChild(why);
      tbl.appendChild(tr);
    });
    info.appendChild(tbl);
    if (insideOf[k].length) info.appendChild(insideTable(k));
    if (a[5].length) {
      var links = el("div", "links", partners(k).length ? "One move at two places (moved); its other place:" : "Related:");
      a[5].forEach(function (id) {
        if (appIndex[id] === undefined) return;
        var b = el("button", "", id);
        b.type = "button";
        b.addEventListener("click", function (e) { e.stopPropagation(); select(appIndex[id], true); });
        links.appendChild(b);
      });
      info.appendChild(links);
    }
    info.appendChild(el("div", "foot", a[0] + " \u00b7 n / p next / previous \u00b7 Esc closes"));
    info.hidden = false;
    place(anchor);
  }

  // The differences between the two copies of a moved passage: the earlier copy's text, the
  // later one's, and the classifier's judgement of the later against the earlier.
  function insideTable(k) {
    var box = el("div", "inside", "Inside the moved passage:");
    var tbl = el("table", "readings");
    insideOf[k].forEach(function (d) {
      var names = function (app, r) { return apps[app][4][r][0].map(function (w) { return sigla[w]; }).join(", "); };
      var tr = el("tr", "");
      tr.appendChild(el("td", "sigla", names(d[1], d[2]) + " → " + names(d[0], d[3])));
      tr.appendChild(el("td", "text", (d[4].trim() || "∅") + " → " + (d[5].trim() || "∅")));
      var why = el("td", "why");
      why.appendChild(el("strong", "", d[6] + (d[7] ? " (" + d[7] + ")" : "")));
      why.appendChild(el("div", "", reasons[d[8]]));
      tr.appendChild(why);
      tbl.appendChild(tr);
    });
    box.appendChild(tbl);
    return box;
  }

  function place(anchor) {
    var r = anchor.getBoundingClientRect();
    var box = info.getBoundingClientRect();
    var top = r.bottom + 6;
    if (top + box.height > window.innerHeight && r.top - box.height - 6 > 0) top = r.top - box.height - 6;
    var left = Math.max(4, Math.min(r.left, document.documentElement.clientWidth - box.width - 24));
    info.style.top = (top + window.scrollY) + "px";
    info.style.left = (left + window.scrollX) + "px";
  }

  function hideInfo() {
    info.hidden = true;
    state.pinned = false;
  }

  function variantAt(target) {
    var span = target.closest && target.closest("span.var");
    if (!span || !table.contains(span)) return -1;
    var k = appIndex[span.getAttribute("data-app")];
    return isShown(k) ? k : -1;
  }

  table.addEventListener("mouseover", function (e) {
    if (state.pinned) return;
    var k = variantAt(e.target);
    if (k >= 0) {
      clearMarked();
      markPartners(k);
      showInfo(k, e.target.closest("span.var"));
    }
  });
  table.addEventListener("mouseout", function (e) {
    if (state.pinned) return;
    if (variantAt(e.target) >= 0 && variantAt(e.relatedTarget || body) < 0) {
      info.hidden = true;
      clearMarked();
    }
  });
  document.addEventListener("click", function (e) {
    if (info.contains(e.target) || bar.contains(e.target) || e.target === canvas) return;
    var note = e.target.closest && e.target.closest(".note");
    if (note) { note.classList.toggle("open"); return; }
    var k = variantAt(e.target);
    if (k >= 0) {
      select(k, false);
    } else if (state.pinned) {
      unselect();
      hideInfo();
      updateStatus();
      drawOverview();
    }
  });
  table.addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.classList.contains("note")) {
      e.preventDefault();
      e.target.classList.toggle("open");
    }
  });

  // -- the overview strip: where the divergences lie, click to jump ----------------------------
  var positions = [];
  var pending = false;

  // Two page breaks on one line would print their labels over each other: stack them.
  function stackPageLabels() {
    var last = null, top = null, depth = 0;
    Array.prototype.forEach.call(table.querySelectorAll(".pb"), function (mark) {
      var cell = mark.closest("td"), y = mark.getBoundingClientRect().top;
      depth = cell === last && top !== null && Math.abs(y - top) < 4 ? depth + 1 : 0;
      mark.style.setProperty("--stack", String(depth));
      last = cell;
      top = y;
    });
  }

  function layoutChanged() {
    body.style.setProperty("--bar-h", bar.offsetHeight + "px");
    stackPageLabels();
    var scroll = window.scrollY;
    positions = apps.map(function (a, k) {
      var anchor = spans[k][state.base];
      return anchor ? anchor.getBoundingClientRect().top + scroll : 0;
    });
    drawOverview();
  }

  function drawOverview() {
    var dpr = window.devicePixelRatio || 1;
    var width = canvas.clientWidth, height = canvas.clientHeight;
    if (!width || !height) return;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    var g = canvas.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    var total = document.documentElement.scrollHeight;
    var scale = height / total;
    g.fillStyle = "rgba(26, 35, 126, 0.13)";
    g.fillRect(0, window.scrollY * scale, width, Math.max(3, window.innerHeight * scale));
    for (var k = 0; k < apps.length; k++) {
      if (!isShown(k)) continue;
      var y = positions[k] * scale;
      if (isSubstantive(k)) {
        g.fillStyle = "rgba(191, 54, 12, 0.75)";
        g.fillRect(0, y, width, 2);
      } else {
        g.fillStyle = "rgba(96, 125, 139, 0.55)";
        g.fillRect(width / 2, y, width / 2, 2);
      }
    }
    if (state.current >= 0) {
      g.fillStyle = "#1a237e";
      g.fillRect(0, positions[state.current] * scale - 1, width, 4);
    }
  }

  canvas.addEventListener("click", function (e) {
    var rect = canvas.getBoundingClientRect();
    var y = (e.clientY - rect.top) / rect.height * document.documentElement.scrollHeight;
    var best = -1, distance = Infinity;
    for (var k = 0; k < apps.length; k++) {
      if (!isShown(k)) continue;
      var d = Math.abs(positions[k] - y) - (isSubstantive(k) ? 40 : 0);
      if (d < distance) { distance = d; best = k; }
    }
    if (best >= 0) select(best, true);
    else window.scrollTo(0, y - window.innerHeight / 2);
  });

  window.addEventListener("scroll", function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; drawOverview(); });
  }, { passive: true });
  window.addEventListener("resize", function () {
    if (state.pinned && state.current >= 0) place(spans[state.current][state.base]);
    layoutChanged();
  });

  apply();
})();

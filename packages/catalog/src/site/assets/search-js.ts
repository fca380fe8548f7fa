/**
 * The index page's search: prefix lookups in the prebuilt inverted index (the same tokenizer as
 * search/search-index.ts), facets with live counts, and a bounded result list. Plain DOM, text
 * only through textContent, so no catalog text is ever parsed as HTML.
 */
export const SEARCH_JS =
  String.raw`(function () {
  'use strict';
  var data = window.MESHKIT_SEARCH;
  var q = document.getElementById('q');
  var list = document.getElementById('results');
  var count = document.getElementById('count');
  var form = document.getElementById('facets');
  if (!data || !q || !list || !count || !form) return;
  var docs = data.docs, terms = data.terms, postings = data.postings;
  var root = document.body.getAttribute('data-root') || '';
  var FACETS = [['domain', 'Domain'], ['owner', 'Owner'], ['tags', 'Tag'], ['lifecycle', 'Lifecycle'], ['quality', 'Quality status']];
  var LIMIT = 100;
  var WORD = /[\p{L}\p{N}]+/gu;
  var ONLY_WORD = /^[\p{L}\p{N}]+$/u;

  function tokenize(text) {
    var out = [];
    var seen = {};
    function add(w) { if (w && !seen[w]) { seen[w] = true; out.push(w); } }
    var parts = text.split(/[\s/.,;:()[\]{}<>"'` +
  '`' +
  String.raw`|]+/);
    for (var i = 0; i < parts.length; i++) {
      var raw = parts[i];
      if (!raw) continue;
      add(raw.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
      var m = raw.replace(/([a-z0-9])([A-Z])/g, '$1 $2').match(WORD) || [];
      for (var j = 0; j < m.length; j++) add(m[j].toLowerCase());
    }
    return out;
  }

  function lowerBound(w) {
    var lo = 0, hi = terms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (terms[mid] < w) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /** Documents holding every query word as a prefix of a term; null means no query. */
  function match(query) {
    var words = tokenize(query).filter(function (w) { return ONLY_WORD.test(w); });
    if (words.length === 0) return null;
    var result = null;
    for (var k = 0; k < words.length; k++) {
      var w = words[k];
      var hits = new Uint8Array(docs.length);
      for (var i = lowerBound(w); i < terms.length && terms[i].lastIndexOf(w, 0) === 0; i++) {
        var p = postings[i];
        for (var j = 0; j < p.length; j++) hits[p[j]] = 1;
      }
      if (result) for (var d = 0; d < docs.length; d++) result[d] = result[d] & hits[d];
      else result = hits;
    }
    return result;
  }

  function values(doc, facet) { var v = doc[facet]; return Array.isArray(v) ? v : [v]; }

  var boxes = {};
  FACETS.forEach(function (f) {
    var counts = {};
    docs.forEach(function (doc) { values(doc, f[0]).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; }); });
    var names = Object.keys(counts).sort();
    if (names.length === 0) return;
    var fs = document.createElement('fieldset');
    var legend = document.createElement('legend');
    legend.textContent = f[1];
    fs.appendChild(legend);
    boxes[f[0]] = [];
    names.forEach(function (name) {
      var label = document.createElement('label');
      var input = document.createElement('input');
      input.type = 'checkbox';
      input.name = f[0];
      input.value = name;
      var text = document.createElement('span');
      text.textContent = name;
      var n = document.createElement('span');
      n.className = 'n';
      n.textContent = String(counts[name]);
      label.appendChild(input);
      label.appendChild(text);
      label.appendChild(n);
      fs.appendChild(label);
      boxes[f[0]].push({ input: input, count: n, value: name });
    });
    form.appendChild(fs);
  });

  function selection() {
    var sel = {};
    Object.keys(boxes).forEach(function (f) {
      var on = boxes[f].filter(function (b) { return b.input.checked; }).map(function (b) { return b.value; });
      if (on.length > 0) sel[f] = on;
    });
    return sel;
  }

  function passes(doc, sel, except) {
    for (var f in sel) {
      if (f === except) continue;
      var vs = values(doc, f);
      var any = false;
      for (var i = 0; i < sel[f].length && !any; i++) any = vs.indexOf(sel[f][i]) >= 0;
      if (!any) return false;
    }
    return true;
  }

  function badge(kind, value) {
    var s = document.createElement('span');
    s.className = 'badge ' + kind + '-' + value;
    s.textContent = (kind === 'quality' ? 'quality ' : '') + value;
    return s;
  }

  function item(doc) {
    var li = document.createElement('li');
    var h = document.createElement('h3');
    var a = document.createElement('a');
    a.href = root + 'products/' + doc.id + '.html';
    a.textContent = doc.title;
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement('p');
    meta.className = 'meta';
    meta.appendChild(document.createTextNode(doc.id + ' · ' + doc.owner + ' · '));
    meta.appendChild(badge('lifecycle', doc.lifecycle));
    meta.appendChild(document.createTextNode(' '));
    meta.appendChild(badge('quality', doc.quality));
    if (doc.ports.length > 0) meta.appendChild(document.createTextNode(' · ports: ' + doc.ports.join(', ')));
    li.appendChild(meta);
    if (doc.description) {
      var p = document.createElement('p');
      p.className = 'desc';
      p.textContent = doc.description;
      li.appendChild(p);
    }
    return li;
  }

  function update() {
    var t0 = performance.now();
    var hits = match(q.value);
    var sel = selection();
    var shown = [];
    for (var i = 0; i < docs.length; i++) if ((!hits || hits[i]) && passes(docs[i], sel, null)) shown.push(i);
    // Products whose own name or title holds the words come before those matched by a field or doc.
    var words = hits ? tokenize(q.value) : [];
    if (words.length > 0) {
      var score = {};
      shown.forEach(function (d) {
        var own = (docs[d].id + ' ' + docs[d].title + ' ' + docs[d].ports.join(' ')).toLowerCase();
        var n = 0;
        for (var w = 0; w < words.length; w++) if (own.indexOf(words[w]) >= 0) n++;
        score[d] = n;
      });
      shown.sort(function (a, b) { return score[b] - score[a] || a - b; });
    }
    Object.keys(boxes).forEach(function (f) {
      var counts = {};
      for (var i = 0; i < docs.length; i++) {
        if ((hits && !hits[i]) || !passes(docs[i], sel, f)) continue;
        var vs = values(docs[i], f);
        for (var j = 0; j < vs.length; j++) counts[vs[j]] = (counts[vs[j]] || 0) + 1;
      }
      boxes[f].forEach(function (b) { b.count.textContent = String(counts[b.value] || 0); });
    });
    var frag = document.createDocumentFragment();
    for (var k = 0; k < shown.length && k < LIMIT; k++) frag.appendChild(item(docs[shown[k]]));
    list.replaceChildren(frag);
    count.textContent = shown.length + ' of ' + docs.length + ' products' + (shown.length > LIMIT ? ' (first ' + LIMIT + ' shown; refine the search)' : '');
    document.body.setAttribute('data-search-ms', (performance.now() - t0).toFixed(2));
    document.body.setAttribute('data-results', String(shown.length));
    var state = q.value ? '#q=' + encodeURIComponent(q.value) : '';
    if (location.hash !== state && history.replaceState) history.replaceState(null, '', state || location.pathname + location.search);
  }

  var initial = /^#q=(.*)$/.exec(location.hash);
  if (initial) { try { q.value = decodeURIComponent(initial[1]); } catch (e) { q.value = ''; } }
  q.addEventListener('input', update);
  form.addEventListener('change', update);
  var clear = document.getElementById('clear');
  if (clear) clear.addEventListener('click', function () {
    q.value = '';
    Object.keys(boxes).forEach(function (f) { boxes[f].forEach(function (b) { b.input.checked = false; }); });
    update();
    q.focus();
  });
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    var typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT');
    if (e.key === '/' && !typing) { e.preventDefault(); q.focus(); }
  });
  update();
  // Read by the benchmark: time from navigation start until the list is interactive.
  document.body.setAttribute('data-ready-ms', performance.now().toFixed(1));
  document.body.setAttribute('data-ready', 'true');
})();
`;

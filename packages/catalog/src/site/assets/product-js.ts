/**
 * The product page's side-by-side schema diff between any two versions. Reads the page's JSON
 * block; writes text only through textContent.
 */
export const PRODUCT_JS = String.raw`(function () {
  'use strict';
  var el = document.getElementById('product-data');
  if (!el) return;
  var data = JSON.parse(el.textContent || '{}');

  function cell(tag, text, cls) {
    var c = document.createElement(tag);
    if (cls) c.className = cls;
    c.textContent = text;
    return c;
  }

  function describe(f) {
    if (!f) return '';
    return f[1] + (f[2] !== null ? ' = ' + f[2] : '');
  }

  function render(form) {
    var versions = data.ports[form.getAttribute('data-port')];
    var out = form.querySelector('.diff-output');
    var a = versions[Number(form.elements.a.value)];
    var b = versions[Number(form.elements.b.value)];
    if (!a || !b || !out) return;
    var left = {}, order = [], right = {};
    a.fields.forEach(function (f) { left[f[0]] = f; order.push(f[0]); });
    b.fields.forEach(function (f) { right[f[0]] = f; if (!(f[0] in left)) order.push(f[0]); });
    var table = document.createElement('table');
    table.appendChild(cell('caption', 'Fields of ' + a.label + ' (left) and ' + b.label + ' (right)'));
    var head = document.createElement('tr');
    ['Field', 'Left', 'Right', 'Change'].forEach(function (t) { var th = cell('th', t); th.scope = 'col'; head.appendChild(th); });
    var thead = document.createElement('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var body = document.createElement('tbody');
    var counts = { added: 0, removed: 0, changed: 0 };
    order.forEach(function (path) {
      var l = left[path], r = right[path];
      var kind = !l ? 'added' : !r ? 'removed' : (describe(l) !== describe(r) || l[3] !== r[3]) ? 'changed' : 'same';
      if (kind !== 'same') counts[kind]++;
      var tr = document.createElement('tr');
      tr.className = kind;
      var th = cell('th', path);
      th.scope = 'row';
      tr.appendChild(th);
      tr.appendChild(cell('td', l ? describe(l) : '—', 'a'));
      tr.appendChild(cell('td', r ? describe(r) : '—', 'b'));
      tr.appendChild(cell('td', kind === 'same' ? '' : kind));
      body.appendChild(tr);
    });
    table.appendChild(body);
    var summary = cell('p', counts.added + ' added, ' + counts.removed + ' removed, ' + counts.changed + ' changed', 'meta');
    out.replaceChildren(summary, table);
  }

  var forms = document.querySelectorAll('form.diff');
  for (var i = 0; i < forms.length; i++) {
    (function (form) {
      form.addEventListener('change', function () { render(form); });
      form.addEventListener('submit', function (e) { e.preventDefault(); });
      render(form);
    })(forms[i]);
  }
})();
`;

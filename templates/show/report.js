// trialparse report pages: the only script a page runs (its CSP allows this script's hash).
// It reads the page's own elements only, builds nodes with textContent and cloneNode (never
// from HTML strings), and sends nothing anywhere.
(function () {
  'use strict';
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var body = document.body;

  // Index pages: sortable columns and a filter box.
  $$('table.sortable').forEach(function (table) {
    var tbody = table.tBodies[0];
    var rows = $$('tr', tbody);
    $$('th', table).forEach(function (th, col) {
      th.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        $$('th', table).forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var num = th.classList.contains('num');
        var key = function (r) {
          var t = r.cells[col] ? r.cells[col].textContent.trim() : '';
          return num ? (parseFloat(t) || 0) : t.toLowerCase();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
        });
        rows.forEach(function (r) { tbody.appendChild(r); });
      });
    });
    var box = document.getElementById('filter');
    var warned = document.getElementById('only-warned');
    var shown = document.getElementById('shown');
    var apply = function () {
      var q = box ? box.value.trim().toLowerCase() : '';
      var n = 0;
      rows.forEach(function (r) {
        var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) &&
          (!warned || !warned.checked || r.dataset.warnings !== '0');
        r.hidden = !ok;
        if (ok) { n += 1; }
      });
      if (shown) { shown.textContent = String(n); }
    };
    if (box) { box.addEventListener('input', apply); }
    if (warned) { warned.addEventListener('change', apply); }
  });

  // Views: highlights, the side panel, the pop-up card and keyboard navigation.
  var texts = $$('.text');
  if (!texts.length) { return; }
  var pop = document.getElementById('pop');
  var current = null;

  var frags = function (m) { return $$('.hl[data-m="' + m + '"]'); };
  var entries = function (m) {
    return $$('.entry[data-m="' + m + '"]').filter(function (e) { return !e.closest('#pop'); });
  };
  var hidden = function (h) {
    return h.className.split(' ').some(function (c) { return c.indexOf('k-') === 0 && body.classList.contains('hide-' + c); });
  };

  function card(h) {
    var box = document.createElement('div');
    var chain = [];
    for (var p = h.parentElement; p; p = p.parentElement) {
      if (p.classList && p.classList.contains('hl')) { chain.unshift(p); }
    }
    if (chain.length) {
      var c = document.createElement('div');
      c.className = 'chain';
      c.appendChild(document.createTextNode('inside: '));
      chain.forEach(function (outer) {
        var b = document.createElement('button');
        b.type = 'button';
        var e = entries(outer.dataset.m)[0];
        var t = e && e.querySelector('.title');
        b.textContent = t ? t.textContent : outer.dataset.span;
        b.addEventListener('click', function (ev) { ev.stopPropagation(); select(outer, true); });
        c.appendChild(b);
      });
      box.appendChild(c);
    }
    var es = entries(h.dataset.m);
    es.forEach(function (e) {
      var copy = e.cloneNode(true);
      copy.classList.remove('sel');
      box.appendChild(copy);
    });
    if (!es.length) {
      var s = document.createElement('div');
      s.textContent = 'bytes ' + h.dataset.span;
      box.appendChild(s);
    }
    return box;
  }

  // A hover shows a peek (it lets the pointer through); a click pins the card.
  function show(h, pinned) {
    if (!pop) { return; }
    pop.replaceChildren(card(h));
    pop.classList.toggle('peek', !pinned);
    pop.hidden = false;
    var r = h.getBoundingClientRect();
    pop.style.left = Math.max(4, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 8)) + 'px';
    pop.style.top = (window.scrollY + r.bottom + 6) + 'px';
  }

  function clear() {
    $$('.sel').forEach(function (e) { e.classList.remove('sel'); });
    current = null;
    if (pop) { pop.hidden = true; }
  }

  function select(h, scroll) {
    clear();
    current = h;
    var m = h.dataset.m;
    frags(m).forEach(function (f) { f.classList.add('sel'); });
    var es = entries(m);
    es.forEach(function (e) { e.classList.add('sel'); });
    if (es[0]) { es[0].scrollIntoView({ block: 'nearest' }); }
    if (scroll) { h.scrollIntoView({ block: 'center' }); }
    show(h, true);
  }

  texts.forEach(function (text) {
    text.addEventListener('click', function (ev) {
      var h = ev.target.closest('.hl');
      if (h) { ev.stopPropagation(); select(h, false); } else { clear(); }
    });
    text.addEventListener('mouseover', function (ev) {
      var h = ev.target.closest('.hl');
      if (h && !current) { show(h, false); }
    });
    text.addEventListener('mouseleave', function () { if (!current && pop) { pop.hidden = true; } });
  });

  $$('.entry[data-m]').forEach(function (e) {
    e.addEventListener('click', function () {
      if (e.closest('#pop')) { return; }
      var f = frags(e.dataset.m).filter(function (x) { return !x.classList.contains('cont'); })[0];
      if (f) { select(f, true); }
    });
  });

  $$('input[data-hide]').forEach(function (box) {
    box.addEventListener('change', function () { body.classList.toggle('hide-' + box.dataset.hide, !box.checked); });
  });

  document.addEventListener('keydown', function (ev) {
    if (ev.target.closest && ev.target.closest('input, textarea, select')) { return; }
    if (ev.key === 'Escape') { clear(); return; }
    var step = { j: 1, n: 1, k: -1, p: -1 }[ev.key];
    if (!step) { return; }
    var all = $$('.hl:not(.cont)').filter(function (h) { return !hidden(h); });
    if (!all.length) { return; }
    var i = current ? all.indexOf(current) : -1;
    i = i < 0 ? (step > 0 ? 0 : all.length - 1) : (i + step + all.length) % all.length;
    select(all[i], true);
    ev.preventDefault();
  });
})();

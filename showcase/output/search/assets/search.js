/* Case-study search client (showcase.output.search). Vanilla ES2017, no dependencies.
 *
 * Index layout (written by showcase/output/search/index.py, relative to <root>search/):
 *   meta.json      doc count, shard count, docs per chunk, facet labels + columns
 *   g/<k>.bin      bigram/unigram postings, shard k = fnv1a(gram) % shards
 *   c/<k>.json     per-doc rows [title, url, date, summary, tags, text, demo, cover]
 * Query: terms (AND) -> intersect gram postings -> candidate superset ->
 * verify only the candidates being shown by fetching their text chunks.
 * Two pages use it: the search page (mode "search": ranked results) and the
 * case browser on cases/ (mode "browse": filters + date sort, rendered as the
 * site's cards; its default view adopts the page's static cards).
 * Normalisation must stay identical to showcase/output/search/textnorm.py.
 */
(function () {
  'use strict';

  var PAGE = 10;
  var BROWSE_PAGE = 12;
  var CHECK_BUDGET = 60;     /* candidates verified per page request at most */
  var GRAM_CAP = 12;
  var FACETS = ['project', 'school', 'district', 'type', 'year', 'tag', 'kind'];
  var FACET_SHOW = 24;       /* values listed before "更多" (all 20 schools fit) */
  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var WS_ONE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  var WS_RUN = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
  var ZERO_WIDTH = '\u200b\u200c\u200d\u2060\ufeff\u00ad';
  var SCRIPT = document.currentScript;
  /* Opened from disk (an unzipped preview): Chromium refuses fetch() from file: pages, so the
     index is read from its .js twins (index.py script_twin) through <script> tags. */
  var FROM_DISK = location.protocol === 'file:';
  var AUTO_CHECK_CHUNKS = 24;  /* text chunks fetched at most to make a count exact */
  var SUGGEST = 6;             /* near terms offered when nothing is found */
  var LIVE = 6;                /* results in the header box's list */

  /* ---------------------------------------------------------------- text */
  var foldCache = new Map();
  function fold(ch) {
    var r = foldCache.get(ch);
    if (r === undefined) {
      r = ZERO_WIDTH.indexOf(ch) >= 0 ? '' : ch.normalize('NFKC').toLowerCase();
      foldCache.set(ch, r);
    }
    return r;
  }
  function normalize(s) {
    if (!s) return '';
    s = s.normalize('NFC');
    var out = '';
    for (var ch of s) out += fold(ch);
    return out.replace(WS_RUN, ' ').trim();
  }
  /* normalised text + for each UTF-16 unit of it the [start, end) range in s */
  function normMap(s) {
    var units = [], starts = [], ends = [], i = 0;
    for (var ch of s) {
      var f = fold(ch), j = i + ch.length;
      for (var k = 0; k < f.length; k++) { units.push(f[k]); starts.push(i); ends.push(j); }
      i = j;
    }
    var text = '', st = [], en = [], pendingSpace = false;
    for (var u = 0; u < units.length; u++) {
      if (WS_ONE.test(units[u])) { pendingSpace = text.length > 0; continue; }
      if (pendingSpace) { text += ' '; st.push(starts[u]); en.push(starts[u]); pendingSpace = false; }
      text += units[u]; st.push(starts[u]); en.push(ends[u]);
    }
    return { text: text, start: st, end: en };
  }
  function queryTerms(q) {
    var terms = [];
    normalize(q).split(' ').forEach(function (t) { if (t && terms.indexOf(t) < 0) terms.push(t); });
    return terms.filter(function (t) {
      return !terms.some(function (o) { return o !== t && o.indexOf(t) >= 0; });
    });
  }
  /* 1-3 chars: the term itself (exact postings); longer: its trigrams (superset) */
  function termGrams(term) {
    var cps = Array.from(term);
    if (cps.length <= 3) return [term];
    var grams = [];
    for (var i = 0; i + 2 < cps.length; i++) {
      var g = cps[i] + cps[i + 1] + cps[i + 2];
      if (grams.indexOf(g) < 0) grams.push(g);
    }
    if (grams.length > GRAM_CAP) {
      var step = (grams.length - 1) / (GRAM_CAP - 1), sel = [];
      for (var k = 0; k < GRAM_CAP; k++) sel.push(grams[Math.floor(k * step + 0.5)]);
      grams = sel;
    }
    return grams;
  }
  /* display form of each normalised term: the user's own spelling */
  function displayTerms(q, terms) {
    var map = {};
    q.split(WS_RUN).forEach(function (raw) { var n = normalize(raw); if (n && !map[n]) map[n] = raw; });
    return terms.map(function (t) { return map[t] || t; });
  }
  function fnv1a(s) {
    var h = 0x811c9dc5;
    for (var ch of s) { h ^= ch.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function quoteTerms(terms) {
    return terms.map(function (t) { return '“' + t + '”'; }).join('');
  }

  /* ---------------------------------------------------------------- paths */
  function siteRoot() {
    var el = document.querySelector('[data-search-root]');
    if (el) return new URL(el.getAttribute('data-search-root') || './', location.href).href;
    var cfg = document.getElementById('__config');
    if (cfg) {
      try {
        var base = JSON.parse(cfg.textContent).base;
        if (typeof base === 'string') return new URL(base.replace(/\/?$/, '/'), location.href).href;
      } catch (e) { /* fall through */ }
    }
    if (SCRIPT && SCRIPT.src) {
      var m = SCRIPT.src.match(/^(.*\/)assets\/search\/search\.js(\?.*)?$/);
      if (m) return m[1];
    }
    return new URL('./', location.href).href;
  }
  function indexBase(root) {
    var el = document.querySelector('[data-search-index]');
    return new URL(el ? el.getAttribute('data-search-index') : 'search/', root).href;
  }

  /* ---------------------------------------------------------------- index */
  function Index(base) {
    this.base = base;
    this.meta = null;
    this.shards = new Map();   // k -> Promise<Map gram -> [off, len, toff, tlen, buf]>
    this.chunks = new Map();   // k -> Promise<rows>
    this.cols = null;
  }
  /* content of an index file from its .js twin: null when it is missing */
  function fromScript(url, name) {
    var reg = window.__csIndex || (window.__csIndex = {});
    if (Object.prototype.hasOwnProperty.call(reg, name)) return Promise.resolve(reg[name]);
    return new Promise(function (resolve) {
      var s = document.createElement('script');
      s.src = url + '.js';
      s.onload = function () { s.remove(); resolve(Object.prototype.hasOwnProperty.call(reg, name) ? reg[name] : null); };
      s.onerror = function () { s.remove(); resolve(null); };
      document.head.appendChild(s);
    });
  }
  Index.prototype.json = function (name) {
    var url = this.base + name;
    if (FROM_DISK) {
      return fromScript(url, name).then(function (d) { if (d === null) throw new Error(name); return d; });
    }
    return fetch(url, { credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) throw new Error(name + ' ' + r.status); return r.json(); });
  };
  /* a shard's bytes; a shard that does not exist holds no grams */
  Index.prototype.bytes = function (name) {
    var url = this.base + name;
    if (FROM_DISK) {
      return fromScript(url, name).then(function (d) {
        if (d === null) return new ArrayBuffer(1);
        var bin = atob(d), out = new Uint8Array(bin.length);
        for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
        return out.buffer;
      });
    }
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (r.status === 404) return new ArrayBuffer(1);
      if (!r.ok) throw new Error(name + ' ' + r.status);
      return r.arrayBuffer();
    });
  };
  Index.prototype.load = function () {
    var self = this;
    if (!this.metaP) {
      this.metaP = this.json('meta.json')
        .then(function (m) { self.meta = m; self.cols = decodeColumns(m); return m; });
      this.metaP.catch(function () { self.metaP = null; });
    }
    return this.metaP;
  };
  /* the facet value written as w characters of ALPHABET at s[p] (index.py _code_column) */
  function code(s, p, w) {
    var v = 0;
    for (var k = 0; k < w; k++) v = v * 64 + ALPHABET.indexOf(s.charAt(p + k));
    return v;
  }
  function decodeColumns(meta) {
    var cols = {}, n = meta.n, name;
    for (name in meta.facets) {
      var f = meta.facets[name];
      if (!f.col) continue;
      if (f.multi) { cols[name] = decodeMulti(f, n); continue; }
      var a = new Uint16Array(n), w = f.width;
      for (var i = 0; i < n; i++) a[i] = code(f.col, i * w, w);
      cols[name] = a;
    }
    for (name in meta.facets) {
      var g = meta.facets[name];
      if (!g.by) continue;
      var src = cols[g.by], b = new Uint16Array(n);
      for (var j = 0; j < n; j++) b[j] = g.map[src[j]];
      cols[name] = b;
    }
    return cols;
  }
  /* multi-valued column: values of doc i are vals[start[i] .. start[i + 1]) */
  function decodeMulti(f, n) {
    var parts = f.col.split(','), w = f.width, start = new Uint32Array(n + 1), vals = [];
    for (var i = 0; i < n; i++) {
      start[i] = vals.length;
      var s = parts[i] || '';
      for (var p = 0; p + w <= s.length; p += w) vals.push(code(s, p, w));
    }
    start[n] = vals.length;
    return { multi: true, start: start, vals: Uint16Array.from(vals) };
  }
  function hasValue(col, i, v) {
    if (!col.multi) return col[i] === v;
    for (var k = col.start[i]; k < col.start[i + 1]; k++) if (col.vals[k] === v) return true;
    return false;
  }
  function readVarint(buf, pos) {
    var n = 0, mul = 1, b;
    do { b = buf[pos.p++]; n += (b & 0x7f) * mul; mul *= 128; } while (b >= 0x80);
    return n;
  }
  var utf8 = new TextDecoder('utf-8');
  function parseShard(ab) {
    var buf = new Uint8Array(ab), pos = { p: 0 }, map = new Map();
    var count = readVarint(buf, pos);
    for (var e = 0; e < count; e++) {
      var gl = readVarint(buf, pos);
      var gram = utf8.decode(buf.subarray(pos.p, pos.p + gl)); pos.p += gl;
      var bl = readVarint(buf, pos), boff = pos.p; pos.p += bl;
      var tl = readVarint(buf, pos), toff = pos.p; pos.p += tl;
      map.set(gram, [boff, bl, toff, tl, buf]);
    }
    return map;
  }
  Index.prototype.shard = function (k) {
    var p = this.shards.get(k), self = this;
    if (!p) {
      p = this.bytes('g/' + k + '.bin').then(parseShard);
      p.catch(function () { self.shards.delete(k); });
      this.shards.set(k, p);
    }
    return p;
  };
  /* decode a postings list into a 0/1 flag array of length n */
  function toFlags(buf, off, len, n) {
    var f = new Uint8Array(n);
    if (!len) return f;
    var kind = buf[off], end = off + len, pos = { p: off + 1 };
    if (kind === 1) {
      for (var k = 0; pos.p < end; pos.p++, k++) {
        var b = buf[pos.p];
        if (b) for (var j = 0; j < 8; j++) if (b >> j & 1) f[k * 8 + j] = 1;
      }
      return f;
    }
    var val = kind === 0 ? 1 : 0, prev = -1;
    if (kind === 2) f.fill(1);
    while (pos.p < end) { prev += readVarint(buf, pos) + 1; f[prev] = val; }
    return f;
  }
  function andInto(a, b) { for (var i = 0; i < a.length; i++) a[i] &= b[i]; }

  function orInto(a, b) { for (var i = 0; i < a.length; i++) a[i] |= b[i]; }

  /* a term and the other terms of its synonym group (the bureau's list, meta.syn) */
  Index.prototype.alternatives = function (term) {
    var groups = this.meta.syn || [];
    for (var k = 0; k < groups.length; k++) {
      if (groups[k].indexOf(term) >= 0) {
        return [term].concat(groups[k].filter(function (t) { return t !== term; }));
      }
    }
    return [term];
  };
  /* candidates for the AND of terms, each the OR of its alternatives: {cand, title, alts}
     (flag arrays; exact for alternatives of 1-3 characters, a superset otherwise) */
  Index.prototype.candidates = async function (terms) {
    var n = this.meta.n, S = this.meta.shards, self = this;
    var cand = new Uint8Array(n).fill(1), title = new Uint8Array(n).fill(1);
    var alts = terms.map(function (t) { return self.alternatives(t); });
    var grams = [];
    alts.forEach(function (list) {
      list.forEach(function (a) {
        termGrams(a).forEach(function (g) { if (grams.indexOf(g) < 0) grams.push(g); });
      });
    });
    var maps = await Promise.all(grams.map(function (g) { return self.shard(fnv1a(g) % S); }));
    var byGram = new Map();
    grams.forEach(function (g, i) { byGram.set(g, maps[i].get(g)); });
    alts.forEach(function (list) {
      var tc = new Uint8Array(n), tt = new Uint8Array(n);
      list.forEach(function (a) {
        var ac = new Uint8Array(n).fill(1), at = new Uint8Array(n).fill(1);
        termGrams(a).forEach(function (g) {
          var e = byGram.get(g);
          if (!e) { ac.fill(0); at.fill(0); return; }
          andInto(ac, toFlags(e[4], e[0], e[1], n));
          andInto(at, toFlags(e[4], e[2], e[3], n));
        });
        orInto(tc, ac);
        orInto(tt, at);
      });
      andInto(cand, tc);
      andInto(title, tt);
    });
    return { cand: cand, title: title, alts: alts };
  };
  /* number of docs holding a gram of 1-3 characters (exact), for suggestions */
  Index.prototype.gramCount = async function (gram) {
    var e = (await this.shard(fnv1a(gram) % this.meta.shards)).get(gram), n = this.meta.n;
    if (!e) return 0;
    var f = toFlags(e[4], e[0], e[1], n), c = 0;
    for (var i = 0; i < n; i++) c += f[i];
    return c;
  };
  Index.prototype.rows = function (ids) {
    var C = this.meta.chunk, self = this, need = [];
    ids.forEach(function (i) { var c = Math.floor(i / C); if (need.indexOf(c) < 0) need.push(c); });
    return Promise.all(need.map(function (c) {
      var p = self.chunks.get(c);
      if (!p) {
        p = self.json('c/' + c + '.json');
        p.catch(function () { self.chunks.delete(c); });
        self.chunks.set(c, p);
      }
      return p;
    })).then(function (lists) {
      var out = new Map();
      ids.forEach(function (i) {
        var rows = lists[need.indexOf(Math.floor(i / C))];
        out.set(i, rows[i % C]);
      });
      return out;
    });
  };
  Index.prototype.label = function (facet, i) {
    var f = this.meta.facets[facet];
    return f.labels[this.cols[facet][i]];
  };
  Index.prototype.docText = function (i, row) {
    return normalize([row[0], row[3], row[4].join(' '), this.label('school', i),
      this.label('project', i), this.label('type', i), row[5]].join(' '));
  };
  /* does the text hold, for every term, the term or one of its synonyms? */
  function holdsAll(text, alts) {
    return alts.every(function (list) { return list.some(function (a) { return text.indexOf(a) >= 0; }); });
  }
  function flat(alts) { return [].concat.apply([], alts); }
  Index.prototype.isCase = function (i) { return i < (this.meta.cases === undefined ? this.meta.n : this.meta.cases); };
  Index.prototype.kindLabel = function (i) {
    var f = this.meta.facets.kind;
    return f && !this.isCase(i) ? f.labels[this.cols.kind[i]] : '';
  };
  /* site-relative URL -> link; a page opened from disk needs the folder's index.html */
  Index.prototype.href = function (url) {
    var h = new URL(url, this.root).href;
    return FROM_DISK ? h.replace(/\/(?=$|[?#])/, '/index.html') : h;
  };

  /* ---------------------------------------------------------------- highlighting */
  function findRanges(norm, terms) {
    var ranges = [];
    terms.forEach(function (t) {
      var from = 0, k;
      while ((k = norm.indexOf(t, from)) >= 0) { ranges.push([k, k + t.length]); from = k + 1; }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }
  /* HTML for original[from, to) with matches (normalised ranges) marked */
  function markHTML(s, nm, ranges, from, to) {
    var html = '', pos = from;
    ranges.forEach(function (r) {
      var a = nm.start[r[0]], b = nm.end[r[1] - 1];
      if (b <= from || a >= to) return;
      a = Math.max(a, pos); b = Math.min(b, to);
      if (a < pos) return;
      html += esc(s.slice(pos, a)) + '<mark>' + esc(s.slice(a, b)) + '</mark>';
      pos = b;
    });
    return html + esc(s.slice(pos, to));
  }
  function highlight(s, terms) {
    var nm = normMap(s);
    return markHTML(s, nm, findRanges(nm.text, terms), 0, s.length);
  }
  function snippet(s, terms, width) {
    var nm = normMap(s), ranges = findRanges(nm.text, terms);
    if (!ranges.length) return null;
    var first = ranges[0][0];
    var a = Math.max(0, first - Math.floor(width / 3));
    var b = Math.min(nm.text.length, a + width);
    a = Math.max(0, Math.min(a, b - width));
    var from = a > 0 ? nm.start[a] : 0;
    var to = b < nm.text.length ? nm.start[b] : s.length;
    return (from > 0 ? '…' : '') + markHTML(s, nm, ranges, from, to) + (to < s.length ? '…' : '');
  }

  /* ---------------------------------------------------------------- search page / case browser */
  function SearchPage(box, index) {
    this.box = box;
    this.index = index;
    this.browse = box.getAttribute('data-search-mode') === 'browse';
    this.pageSize = this.browse ? BROWSE_PAGE : PAGE;
    this.form = box.querySelector('form');
    this.input = box.querySelector('input[name=q]');
    this.status = box.querySelector('[data-search-status]');
    this.facetsEl = box.querySelector('[data-search-facets]');
    this.list = box.querySelector('[data-search-results]');
    this.moreBtn = box.querySelector('[data-search-more]');
    this.sortEl = box.querySelector('[data-search-sort]');
    this.suggestEl = box.querySelector('[data-search-suggest]');
    this.verified = new Map();   // doc id -> boolean (for the current terms)
    this.seq = 0;
    this.facetOpen = {};         // facet -> all values listed
    this.openFacet = null;       // facet whose value list is unfolded
    this.staticCards = null;
    var self = this;
    if (this.browse) this.adoptStatic();
    this.form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var st = self.readURL();
      st.q = self.input.value;
      if (!self.browse) st.filters = {};
      self.navigate(st, true);
    });
    if (this.sortEl) {
      this.sortEl.addEventListener('change', function () {
        var st = self.readURL();
        st.sort = self.sortEl.value;
        self.navigate(st, true);
      });
    }
    this.moreBtn.addEventListener('click', function () { self.showMore(); });
    this.facetsEl.addEventListener('click', function (ev) {
      var btn = ev.target.closest('button[data-facet]');
      if (btn) {
        var st = self.readURL(), f = btn.getAttribute('data-facet'), key = btn.getAttribute('data-key');
        if (st.filters[f] === key) delete st.filters[f]; else st.filters[f] = key;
        self.openFacet = null;
        self.refocus = self.facetsEl.contains(document.activeElement) ? f : null;
        self.navigate(st, true);
        return;
      }
      var toggle = ev.target.closest('button[data-facet-toggle]');
      if (toggle) { self.toggleFacet(toggle.getAttribute('data-facet-toggle')); return; }
      var more = ev.target.closest('button[data-facet-more]');
      if (more) {
        var name = more.getAttribute('data-facet-more');
        self.facetOpen[name] = !self.facetOpen[name];
        self.renderFacets();
        var again = self.facetsEl.querySelector('button[data-facet-more="' + name + '"]');
        if (again) again.focus();
      }
    });
    this.facetsEl.addEventListener('keydown', function (ev) {
      if (ev.key !== 'Escape' || !self.openFacet) return;
      var f = self.openFacet;
      self.toggleFacet(f);
      var t = self.facetsEl.querySelector('button[data-facet-toggle="' + f + '"]');
      if (t) t.focus();
    });
    window.addEventListener('popstate', function () { self.run(self.readURL()); });
  }
  /* browse mode: take over the page's static cards (same order as doc ids) */
  SearchPage.prototype.adoptStatic = function () {
    var st = document.querySelector('[data-browse-static]');
    this.box.hidden = false;
    if (!st) return;
    var items = st.querySelectorAll('.sc-cards > ul > li');
    this.staticTotal = parseInt(st.getAttribute('data-total'), 10);
    this.staticCards = Array.prototype.slice.call(items);
    this.staticCards.forEach(function (li, k) { li.setAttribute('data-doc', k); });
    st.hidden = true;
  };
  SearchPage.prototype.readURL = function () {
    var p = new URLSearchParams(location.search), filters = {};
    FACETS.forEach(function (f) { var v = p.get(f); if (v) filters[f] = v; });
    return { q: p.get('q') || '', filters: filters, sort: this.browse && p.get('sort') === 'oldest' ? 'oldest' : '' };
  };
  SearchPage.prototype.navigate = function (st, push) {
    var p = new URLSearchParams();
    if (st.q) p.set('q', st.q);
    FACETS.forEach(function (f) { if (st.filters[f]) p.set(f, st.filters[f]); });
    if (st.sort) p.set('sort', st.sort);
    var qs = p.toString(), url = location.pathname + (qs ? '?' + qs : '');
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
    return this.run(st);
  };
  SearchPage.prototype.setStatus = function (html) { this.status.innerHTML = html; };
  SearchPage.prototype.toggleFacet = function (f) {
    this.openFacet = this.openFacet === f ? null : f;
    var open = this.openFacet;
    Array.prototype.forEach.call(this.facetsEl.querySelectorAll('button[data-facet-toggle]'), function (b) {
      b.setAttribute('aria-expanded', String(b.getAttribute('data-facet-toggle') === open));
    });
    Array.prototype.forEach.call(this.facetsEl.querySelectorAll('[data-facet-panel]'), function (el) {
      el.hidden = el.getAttribute('data-facet-panel') !== open;
    });
  };

  SearchPage.prototype.run = async function (st) {
    var seq = ++this.seq, idx = this.index;
    this.box.setAttribute('data-state', 'loading');
    this.input.value = st.q;
    if (this.sortEl) this.sortEl.value = st.sort || '';
    var terms = queryTerms(st.q);
    this.terms = terms;
    this.shownTerms = displayTerms(st.q, terms);
    this.filters = st.filters;
    this.sort = st.sort || '';
    var plain = !terms.length && !Object.keys(st.filters).length;
    if (plain && !this.browse) {
      this.list.innerHTML = '';
      this.moreBtn.hidden = true;
      this.facetsEl.innerHTML = '';
      this.setStatus('输入关键词搜索案例，以及新闻、通知原文、投稿指南等页面；多个关键词用空格分开。');
      this.done(seq);
      return;
    }
    /* the browser's default view keeps the static cards until the index is here */
    var adopt = plain && !this.sort && this.staticCards && this.staticCards.length;
    this.list.innerHTML = '';
    if (adopt) this.staticCards.forEach(function (li) { this.list.appendChild(li); }, this);
    this.moreBtn.hidden = true;
    this.setStatus(this.browse ? '正在加载…' : '正在搜索…');
    try {
      await idx.load();
      var c = terms.length ? await idx.candidates(terms)
        : { cand: new Uint8Array(idx.meta.n).fill(1), title: new Uint8Array(idx.meta.n), alts: [] };
      if (seq !== this.seq) return;
      var key = terms.join(' ');
      if (this.verifiedKey !== key) { this.verified = new Map(); this.verifiedKey = key; }
      this.alts = c.alts;
      this.terms = flat(c.alts);   /* highlighted: every term and its synonyms */
      this.exact = this.terms.every(function (t) { return Array.from(t).length <= 3; });
      this.cand = c.cand;
      this.titleHit = c.title;
      this.filterIds = this.facetValues(st.filters);
      this.order = this.ranked();
      if (!this.exact) {
        await this.autoCheck();
        if (seq !== this.seq) return;
        this.order = this.ranked();
      }
      this.shown = 0;
      this.pos = 0;
      if (this.suggestEl) this.suggestEl.innerHTML = '';
      var nCases = idx.meta.cases === undefined ? idx.meta.n : idx.meta.cases;
      if (adopt && this.staticTotal === nCases && this.staticCards.length <= this.order.length) {
        this.shown = this.pos = this.staticCards.length;
        this.finishPage(seq, 0);
        return;
      }
      if (adopt) this.list.innerHTML = '';
      this.renderFacets();
      await this.showMore(seq);
    } catch (e) {
      if (seq !== this.seq) return;
      this.setStatus(this.browse ? '筛选数据加载失败，请检查网络后重试。' : '搜索索引加载失败，请检查网络后重试。');
      this.done(seq);
      throw e;
    }
  };
  SearchPage.prototype.facetValues = function (filters) {
    var out = {}, meta = this.index.meta;
    Object.keys(filters).forEach(function (f) {
      var fm = meta.facets[f];
      out[f] = fm ? fm.keys.indexOf(filters[f]) : -1;
    });
    return out;
  };
  /* does doc i pass all facet filters except `skip`? */
  SearchPage.prototype.passes = function (i, skip) {
    var cols = this.index.cols;
    for (var f in this.filterIds) {
      if (f !== skip && (!cols[f] || !hasValue(cols[f], i, this.filterIds[f]))) return false;
    }
    return true;
  };
  /* search: cases first (title hits first, then newest), then the site's other pages the same
     way; browse: cases only, by date */
  SearchPage.prototype.ranked = function () {
    var idx = this.index, n = idx.meta.n, browse = this.browse, groups = [[], [], [], []];
    for (var i = 0; i < n; i++) {
      if (!this.cand[i] || this.verified.get(i) === false || !this.passes(i, null)) continue;
      var other = !idx.isCase(i);
      if (browse && other) continue;
      groups[(other ? 2 : 0) + (!browse && this.titleHit[i] ? 0 : 1)].push(i);
    }
    if (this.sort === 'oldest') groups[1].reverse();
    return groups[0].concat(groups[1], groups[2], groups[3]);
  };
  /* Counts shown are exact, or an honest lower bound ("至少") while candidates of a term over
     three characters are not verified yet (issue #11: never an inflated estimate). When the
     texts of all candidates fit in AUTO_CHECK_CHUNKS chunks they are all fetched at once, so the
     count (and every facet count) is exact; more would break the download budget, and the page
     verifies only what it shows. */
  SearchPage.prototype.autoCheck = async function () {
    var idx = this.index, C = idx.meta.chunk, n = idx.meta.n, self = this, chunks = new Set(), ids = [];
    for (var i = 0; i < n; i++) {
      if (!this.cand[i] || this.verified.has(i)) continue;
      chunks.add(Math.floor(i / C));
      if (chunks.size > AUTO_CHECK_CHUNKS) return;
      ids.push(i);
    }
    if (!ids.length) return;
    var rows = await idx.rows(ids);
    ids.forEach(function (id) { self.verified.set(id, holdsAll(idx.docText(id, rows.get(id)), self.alts)); });
  };
  SearchPage.prototype.countInfo = function () {
    var cases = 0, others = 0, unknown = 0, self = this, idx = this.index;
    this.order.forEach(function (i) {
      var v = self.verified.get(i);
      if (v === false) return;
      if (!self.exact && v === undefined) { unknown++; return; }
      if (idx.isCase(i)) cases++; else others++;
    });
    var all = idx.meta.cases === undefined ? idx.meta.n : idx.meta.cases;
    return { total: cases + others, cases: cases, others: others, exact: unknown === 0, unknown: unknown, all: all };
  };
  /* facet counts are exact when every candidate (whatever the filters) is verified */
  SearchPage.prototype.facetsExact = function () {
    if (this.exact) return true;
    for (var i = 0; i < this.cand.length; i++) if (this.cand[i] && !this.verified.has(i)) return false;
    return true;
  };
  SearchPage.prototype.allWithoutFilters = function () {
    var any = false, n = this.index.meta.n;
    for (var i = 0; i < n && !any; i++) if (this.cand[i] && this.verified.get(i) !== false) any = true;
    return any;
  };

  SearchPage.prototype.showMore = async function (seq) {
    if (seq === undefined) seq = this.seq;
    var self = this, idx = this.index, terms = this.terms, got = [], checked = 0, size = this.pageSize;
    this.box.setAttribute('data-state', 'loading');
    this.budgetHit = false;
    while (got.length < size && this.pos < this.order.length) {
      if (checked >= CHECK_BUDGET) { this.budgetHit = true; break; }
      var need = size - got.length, batch = [];
      for (var p = this.pos; p < this.order.length && batch.length < Math.min(need + 2, CHECK_BUDGET - checked); p++) {
        batch.push(this.order[p]);
      }
      var rows = await idx.rows(batch);
      if (seq !== this.seq) return;
      for (var b = 0; b < batch.length && got.length < size; b++) {
        var id = batch[b], row = rows.get(id);
        this.pos++;
        var ok = this.exact || this.verified.get(id);
        if (ok === undefined) {
          checked++;
          ok = holdsAll(idx.docText(id, row), this.alts);
          this.verified.set(id, ok);
        }
        if (ok) got.push([id, row]);
      }
    }
    got.forEach(function (g) {
      self.list.appendChild(self.browse ? self.renderCard(g[0], g[1]) : self.renderResult(g[0], g[1]));
    });
    this.shown += got.length;
    this.finishPage(seq, got.length);
  };
  SearchPage.prototype.finishPage = function (seq, added) {
    this.moreBtn.hidden = this.pos >= this.order.length;
    this.moreBtn.textContent = this.budgetHit && !added ? '继续查找' : (this.browse ? '显示更多' : '显示更多结果');
    this.renderStatus();
    this.renderFacets();
    this.done(seq);
  };
  SearchPage.prototype.clearLink = function () {
    var p = new URLSearchParams();
    if (this.input.value) p.set('q', this.input.value);
    if (this.sort) p.set('sort', this.sort);
    var qs = p.toString();
    return '<a href="' + esc(qs ? '?' + qs : location.pathname) + '" data-clear-filters>清除筛选条件</a>';
  };
  SearchPage.prototype.renderStatus = function () {
    var info = this.countInfo(), terms = this.shownTerms, hasFilters = Object.keys(this.filters).length > 0;
    var label = terms.length ? quoteTerms(terms) : '';
    if (info.exact && info.total === 0) {
      if (terms.length && (!hasFilters || !this.allWithoutFilters())) {
        this.setStatus('没有找到' + (terms.length > 1 ? '同时' : '') + '包含' + esc(label) + '的案例，网站的其他页面也没有。');
        this.suggest();
      } else {
        this.setStatus('在所选范围内没有找到' + (terms.length ? '包含' + esc(label) + '的' : '') +
          '案例。' + this.clearLink());
      }
      this.box.setAttribute('data-empty', 'true');
      return;
    }
    this.box.removeAttribute('data-empty');
    if (!this.shown && this.budgetHit) {
      this.setStatus('已核对 ' + this.pos + ' 个候选，暂未找到' + (terms.length > 1 ? '同时' : '') + '包含' +
        esc(label) + '的案例，还有 ' + info.unknown + ' 个候选未核对。');
      return;
    }
    if (this.browse && !terms.length) {
      var order = this.sort === 'oldest' ? '按日期从旧到新排列' : '按日期从新到旧排列';
      var shownPart = this.shown < info.total ? '，显示前 ' + this.shown + ' 篇' : '';
      this.setStatus(hasFilters
        ? '筛选出 ' + info.total + ' 篇（共 ' + info.all + ' 篇），' + order + shownPart + '。' + this.clearLink()
        : '共 ' + info.total + ' 篇，' + order + shownPart + '。');
      return;
    }
    var what = terms.length ? (terms.length > 1 ? '同时' : '') + '包含' + esc(label) + '的' : '';
    var text;
    if (info.exact) {
      text = info.cases || !info.others
        ? '找到 ' + info.cases + ' 个' + what + '案例' + (info.others ? '，另有 ' + info.others + ' 个网站页面' : '')
        : '找到 ' + info.others + ' 个' + what + '网站页面（没有案例）';
    } else {
      /* both bounds are true: the verified ones, and every candidate (recall is 100 %) */
      text = '至少 ' + info.total + ' 个、至多 ' + (info.total + info.unknown) + ' 个' + what + '结果（还有 ' +
        info.unknown + ' 个候选未核对，翻页时逐个核对）';
    }
    this.setStatus(text + (this.shown && this.shown < info.total ? '，显示前 ' + this.shown + ' 个。' : '。'));
  };
  /* nothing found: near terms that the index holds, the facets and the popular keywords */
  SearchPage.prototype.suggest = async function () {
    var el = this.suggestEl, idx = this.index, meta = idx.meta, terms = this.terms, seq = this.seq;
    if (!el || !meta) return;
    var near = [], seen = {};
    terms.forEach(function (t) { seen[t] = 1; });
    /* pieces of the query of 3 and 2 characters (exact counts from the postings, few lookups) */
    var pieces = [];
    this.alts.forEach(function (list) {
      var cps = Array.from(list[0]);
      [3, 2].forEach(function (w) {
        for (var k = 0; k + w <= cps.length; k++) {
          var p = cps.slice(k, k + w).join('');
          if (!seen[p] && pieces.indexOf(p) < 0 && !WS_ONE.test(p)) pieces.push(p);
        }
      });
    });
    pieces = pieces.slice(0, 12);
    var counts = await Promise.all(pieces.map(function (p) { return idx.gramCount(p); }));
    if (seq !== this.seq) return;
    pieces.forEach(function (p, k) { if (counts[k] && near.length < SUGGEST) { near.push([p, counts[k]]); seen[p] = 1; } });
    /* words of the site's vocabulary (tags, projects, schools, synonyms) sharing characters */
    var vocab = (meta.popular || []).concat(meta.facets.tag ? meta.facets.tag.labels : [],
      meta.facets.project ? meta.facets.project.labels : [], [].concat.apply([], meta.syn || []));
    var chars = {};
    terms.forEach(function (t) { Array.from(t).forEach(function (ch) { chars[ch] = 1; }); });
    var scored = [];
    vocab.forEach(function (w, k) {
      var nw = normalize(w);
      if (!nw || seen[nw]) return;
      seen[nw] = 1;
      var shared = 0;
      Array.from(new Set(Array.from(nw))).forEach(function (ch) { if (chars[ch]) shared++; });
      if (shared) scored.push([w, shared, k]);
    });
    scored.sort(function (a, b) { return b[1] - a[1] || a[2] - b[2]; });
    scored.slice(0, SUGGEST - Math.min(near.length, SUGGEST / 2)).forEach(function (x) { near.push([x[0], 0]); });
    near = near.slice(0, SUGGEST);
    var link = function (q, count) {
      return '<li><a href="?q=' + esc(encodeURIComponent(q)) + '">' + esc(q) + '</a>' +
        (count ? ' <span class="cs-count">' + count + '<span class="cs-sr-only"> 个结果</span></span>' : '') + '</li>';
    };
    var html = '';
    if (near.length) html += '<h2 id="cs-s-near">相近的词</h2><ul aria-labelledby="cs-s-near">' +
      near.map(function (x) { return link(x[0], x[1]); }).join('') + '</ul>';
    var facetLinks = '';
    ['project', 'type', 'year', 'school'].forEach(function (f) {
      var fm = meta.facets[f];
      if (!fm) return;
      var items = '';
      fm.keys.forEach(function (key, v) {
        if (fm.labels[v] === '') return;
        items += '<li><a href="?' + f + '=' + esc(encodeURIComponent(key)) + '">' + esc(fm.labels[v]) + '</a></li>';
      });
      if (items) facetLinks += '<h3>' + esc(fm.title) + '</h3><ul>' + items + '</ul>';
    });
    if (facetLinks) html += '<h2>按类别查看全部案例</h2>' + facetLinks;
    if (meta.popular && meta.popular.length) {
      html += '<h2 id="cs-s-pop">常用关键词</h2><ul aria-labelledby="cs-s-pop">' +
        meta.popular.map(function (q) { return link(q, 0); }).join('') + '</ul>';
    }
    el.innerHTML = html;
  };
  SearchPage.prototype.renderResult = function (i, row) {
    var idx = this.index, terms = this.terms, li = document.createElement('li');
    li.className = 'cs-result';
    var title = row[0], url = idx.href(row[1]), kind = idx.kindLabel(i);
    var meta = [idx.label('school', i), idx.label('project', i), idx.label('type', i)]
      .filter(Boolean).map(function (s) { return highlight(s, terms); });
    if (kind) meta.unshift('<span class="cs-kind">' + esc(kind) + '</span>');
    if (row[2]) meta.push('<time datetime="' + esc(row[2]) + '">' + esc(row[2]) + '</time>');
    var snip = snippet(row[5], terms, 90) || snippet(row[3], terms, 90) ||
      snippet(row[4].join('、'), terms, 90) || esc(row[3].slice(0, 90)) + (row[3].length > 90 ? '…' : '');
    li.innerHTML = '<a class="cs-result__title" href="' + esc(url) + '">' + highlight(title, terms) + '</a>' +
      (row[6] ? ' <span class="cs-badge" title="示例内容">示例</span>' : '') +
      '<div class="cs-result__meta">' + meta.join('<span aria-hidden="true"> · </span>') + '</div>' +
      '<p class="cs-result__snippet">' + snip + '</p>';
    li.setAttribute('data-doc', i);
    return li;
  };
  /* the browser's card: same markup as the static cards (_macros.jinja `cards`) */
  SearchPage.prototype.renderCard = function (i, row) {
    var idx = this.index, terms = this.terms, li = document.createElement('li');
    var cover = row[7] ? '<img alt="" role="presentation" class="sc-card__cover" decoding="async" loading="lazy" src="' +
      esc(idx.href(row[7])) + '">' : '';
    var summary = highlight(row[3], terms);
    if (terms.length && summary.indexOf('<mark>') < 0) {
      var snip = snippet(row[5], terms, 60);
      if (snip) summary += '</p><p class="cs-result__snippet">' + snip;
    }
    li.innerHTML = '<p>' + cover +
      (row[6] ? '<span class="sc-badge sc-badge--demo" title="示例内容，不是学校提交的材料">示例</span> ' : '') +
      '<span class="sc-badge">' + esc(idx.label('type', i)) + '</span></p>' +
      '<p><a class="sc-card__title" href="' + esc(idx.href(row[1])) + '">' + highlight(row[0], terms) + '</a></p>' +
      '<p>' + summary + '</p>' +
      '<p><span class="sc-card__meta">' + esc(idx.label('school', i)) + ' · ' + esc(idx.label('project', i)) +
      ' · <time datetime="' + esc(row[2]) + '">' + esc(row[2]) + '</time></span></p>';
    li.setAttribute('data-doc', i);
    return li;
  };
  /* facet bar: one toggle button per facet; its value list unfolds below it (one tap to
     open, one to choose: two taps to filter by school on a phone) */
  SearchPage.prototype.renderFacets = function () {
    var idx = this.index, meta = idx.meta, self = this;
    if (!meta || !this.order) return;
    var n = meta.n, bar = '', panels = '', active = [], exact = this.facetsExact();
    FACETS.forEach(function (f) {
      var fm = meta.facets[f];
      if (!fm || (f === 'kind' && self.browse)) return;
      var counts = new Uint32Array(fm.labels.length), col = idx.cols[f];
      for (var i = 0; i < n; i++) {
        if (!self.cand[i] || self.verified.get(i) === false || !self.passes(i, f)) continue;
        if (!exact && !self.verified.has(i)) continue;  /* a lower bound, never an estimate */
        if (self.browse && !idx.isCase(i)) continue;
        if (col.multi) { for (var k = col.start[i]; k < col.start[i + 1]; k++) counts[col.vals[k]]++; }
        else counts[col[i]]++;
      }
      var vals = [];
      for (var v = 0; v < counts.length; v++) if (counts[v] && fm.labels[v] !== '') vals.push(v);
      var sel = self.filterIds[f];
      if (sel !== undefined && sel >= 0) active.push([f, fm.keys[sel], fm.labels[sel], fm.title]);
      /* keep the bar stable while filtering: hide a facet only when the site has < 2 values */
      if (!vals.length && sel === undefined) return;
      if (fm.labels.filter(function (l) { return l !== ''; }).length < 2) return;
      if (f !== 'year') vals.sort(function (a, b) { return counts[b] - counts[a] || a - b; });
      var all = self.facetOpen[f], shown = all ? vals : vals.slice(0, FACET_SHOW);
      if (sel !== undefined && shown.indexOf(sel) < 0 && sel >= 0) shown.unshift(sel);
      var open = self.openFacet === f, id = 'cs-facet-' + f;
      bar += '<li><button type="button" class="cs-facet__toggle" data-facet-toggle="' + f + '" aria-expanded="' + open +
        '" aria-controls="' + id + '"' + (sel !== undefined ? ' data-active' : '') + '>' + esc(fm.title) +
        '<span class="cs-facet__caret" aria-hidden="true"></span></button></li>';
      panels += '<div class="cs-facet" id="' + id + '" data-facet-panel="' + f + '" role="group" aria-label="' +
        esc(fm.title) + '"' + (open ? '' : ' hidden') + '><ul>';
      shown.forEach(function (v) {
        panels += '<li><button type="button" data-facet="' + f + '" data-key="' + esc(fm.keys[v]) +
          '" aria-pressed="' + (sel === v) + '">' + esc(fm.labels[v]) +
          ' <span class="cs-count">' + counts[v] + '</span></button></li>';
      });
      panels += '</ul>';
      if (vals.length > FACET_SHOW) {
        panels += '<button type="button" class="cs-facet__more" data-facet-more="' + f + '" aria-expanded="' +
          !!all + '">' + (all ? '收起' : '更多（' + vals.length + '）') + '</button>';
      }
      panels += '</div>';
    });
    var chips = active.map(function (a) {
      return '<li><button type="button" data-facet="' + a[0] + '" data-key="' + esc(a[1]) +
        '" aria-pressed="true" aria-label="取消筛选：' + esc(a[3] + ' ' + a[2]) + '">' + esc(a[2]) +
        ' <span aria-hidden="true">×</span></button></li>';
    }).join('');
    this.facetsEl.innerHTML = (bar ? '<div class="cs-facets"><span class="cs-facets__label" id="cs-facets-label">筛选' +
        (exact ? '' : '（括号中为已核对的数量，是下限）') + '</span><ul class="cs-facetbar" aria-labelledby="cs-facets-label">' +
        bar + '</ul>' + panels + '</div>' : '') +
      (chips ? '<ul class="cs-active" aria-label="已选筛选条件">' + chips + '</ul>' : '');
    if (this.refocus) {
      var t = this.facetsEl.querySelector('button[data-facet-toggle="' + this.refocus + '"]');
      this.refocus = null;
      if (t) t.focus();
    }
  };
  SearchPage.prototype.done = function (seq) {
    if (seq !== this.seq) return;
    this.box.setAttribute('data-state', 'done');
    api.doneAt = performance.now();
  };
  /* for tests/benchmarks: verify every candidate (downloads all their chunks) */
  SearchPage.prototype.verifyAll = async function () {
    var self = this, ids = this.order.filter(function (i) { return !self.exact && !self.verified.has(i); });
    for (var s = 0; s < ids.length; s += 200) {
      var part = ids.slice(s, s + 200), rows = await this.index.rows(part);
      part.forEach(function (id) {
        self.verified.set(id, holdsAll(self.index.docText(id, rows.get(id)), self.alts));
      });
    }
    return this.order.filter(function (i) { return self.verified.get(i) !== false; });
  };

  /* ---------------------------------------------------------------- header box */
  /* The header's box lists results as the reader types (debounced, as Material's own search
     does): a combobox whose list is operated with the arrow keys; Enter on a result opens it,
     Enter otherwise opens the full results page (the form's own submit). */
  function headerBox(root, onSearchPage) {
    var inner = document.querySelector('.md-header__inner');
    if (!inner || inner.querySelector('.cs-header-search') || onSearchPage) return;
    var form = document.createElement('form');
    form.className = 'cs-header-search';
    form.setAttribute('role', 'search');
    form.method = 'get';
    form.action = root + (FROM_DISK ? 'search/index.html' : 'search/');
    form.innerHTML = '<label class="cs-sr-only" for="cs-header-q">搜索全站</label>' +
      '<input id="cs-header-q" type="search" name="q" placeholder="搜索" autocomplete="off" enterkeyhint="search"' +
      ' role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="cs-live-list">' +
      '<button type="submit" class="md-header__button" aria-label="搜索" title="搜索">' +
      '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">' +
      '<path fill="currentColor" d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg></button>' +
      '<div class="cs-live" data-search-live hidden><p class="cs-live__status" id="cs-live-status" role="status" aria-live="polite"></p>' +
      '<ul class="cs-live__list" id="cs-live-list" role="listbox" aria-label="搜索结果"></ul></div>';
    var anchor = inner.querySelector('.md-header__source');
    inner.insertBefore(form, anchor || null);
    return new LiveBox(form, root);
  }
  function LiveBox(form, root) {
    var self = this;
    this.form = form;
    this.root = root;
    this.input = form.querySelector('input');
    this.panel = form.querySelector('[data-search-live]');
    this.status = form.querySelector('#cs-live-status');
    this.list = form.querySelector('#cs-live-list');
    this.active = -1;
    this.seq = 0;
    this.timer = 0;
    this.input.addEventListener('input', function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.run(self.input.value); }, 200);
    });
    this.input.addEventListener('keydown', function (ev) {
      var items = self.list.querySelectorAll('[role=option]');
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        if (!items.length) return;
        ev.preventDefault();
        self.open(true);
        var k = self.active + (ev.key === 'ArrowDown' ? 1 : -1);
        self.select(k < -1 ? items.length - 1 : (k >= items.length ? -1 : k));
      } else if (ev.key === 'Enter' && self.active >= 0 && items[self.active]) {
        ev.preventDefault();
        location.href = items[self.active].getAttribute('data-href');
      } else if (ev.key === 'Escape') {
        if (!self.panel.hidden) { ev.preventDefault(); self.open(false); }
      }
    });
    /* a click on a result must not blur the input first */
    this.list.addEventListener('mousedown', function (ev) { ev.preventDefault(); });
    this.list.addEventListener('click', function (ev) {
      var li = ev.target.closest('[role=option]');
      if (li) location.href = li.getAttribute('data-href');
    });
    this.input.addEventListener('blur', function () { self.open(false); });
    this.input.addEventListener('focus', function () { if (self.list.children.length) self.open(true); });
  }
  LiveBox.prototype.open = function (on) {
    this.panel.hidden = !on;
    this.list.hidden = !this.list.children.length;  /* an empty listbox is not allowed */
    this.input.setAttribute('aria-expanded', String(on && this.list.children.length > 0));
    if (!on) this.select(-1);
  };
  LiveBox.prototype.select = function (k) {
    var items = this.list.querySelectorAll('[role=option]');
    this.active = k;
    Array.prototype.forEach.call(items, function (li, j) { li.setAttribute('aria-selected', String(j === k)); });
    if (k >= 0 && items[k]) this.input.setAttribute('aria-activedescendant', items[k].id);
    else this.input.removeAttribute('aria-activedescendant');
  };
  LiveBox.prototype.run = async function (q) {
    var seq = ++this.seq, terms = queryTerms(q), self = this;
    if (!terms.length) { this.list.innerHTML = ''; this.status.textContent = ''; this.open(false); return; }
    var idx = indexFor(this.root);
    try {
      await idx.load();
      var c = await idx.candidates(terms);
      if (seq !== this.seq) return;
      var all = flat(c.alts), exact = all.every(function (t) { return Array.from(t).length <= 3; });
      var groups = [[], [], [], []], n = idx.meta.n;
      for (var i = 0; i < n; i++) if (c.cand[i]) groups[(idx.isCase(i) ? 0 : 2) + (c.title[i] ? 0 : 1)].push(i);
      var order = groups[0].concat(groups[1], groups[2], groups[3]);
      /* verify every candidate when their texts fit in AUTO_CHECK_CHUNKS chunks (an exact
         count), else only until LIVE results are found (the count is then not shown) */
      var C = idx.meta.chunk, chunks = new Set(order.map(function (id) { return Math.floor(id / C); }));
      var checkAll = !exact && chunks.size <= AUTO_CHECK_CHUNKS;
      var got = [], pos = 0, total = exact ? order.length : 0;
      if (checkAll) {
        var every = await idx.rows(order);
        if (seq !== this.seq) return;
        order.forEach(function (id) {
          var row = every.get(id);
          if (!holdsAll(idx.docText(id, row), c.alts)) return;
          total++;
          if (got.length < LIVE) got.push([id, row]);
        });
        pos = order.length;
      }
      while (got.length < LIVE && pos < order.length && pos < CHECK_BUDGET) {
        var batch = order.slice(pos, pos + LIVE + 2), rows = await idx.rows(batch);
        if (seq !== this.seq) return;
        batch.forEach(function (id) {
          pos++;
          var row = rows.get(id);
          if (got.length < LIVE && (exact || holdsAll(idx.docText(id, row), c.alts))) got.push([id, row]);
        });
      }
      var label = quoteTerms(displayTerms(q, terms));
      this.list.innerHTML = got.map(function (g, k) {
        var kind = idx.kindLabel(g[0]) || idx.label('school', g[0]);
        return '<li role="option" id="cs-live-' + k + '" aria-selected="false" data-href="' + esc(idx.href(g[1][1])) + '">' +
          '<span class="cs-live__title">' + highlight(g[1][0], all) + '</span>' +
          (kind ? '<span class="cs-live__meta">' + esc(kind) + '</span>' : '') + '</li>';
      }).join('');
      this.active = -1;
      var known = exact || checkAll;
      this.status.textContent = known && !total ? '没有找到包含' + label + '的内容'
        : (known ? '共 ' + total + ' 个结果，' : '') + '按回车键查看全部结果';
      this.open(document.activeElement === this.input);
    } catch (e) {
      if (seq !== this.seq) return;
      this.status.textContent = '搜索索引加载失败，按回车键打开搜索页';
      this.open(document.activeElement === this.input);
    }
  };

  /* ---------------------------------------------------------------- init */
  var api = window.__csSearch = { normalize: normalize, queryTerms: queryTerms, fnv1a: fnv1a, doneAt: 0 };
  var indexCache = null;
  /* the page's index, shared by the search page (or case browser) and the header box */
  function indexFor(root) {
    var base = indexBase(root);
    if (!indexCache || indexCache.base !== base) indexCache = new Index(base);
    indexCache.root = root;
    return indexCache;
  }
  function init() {
    var root = siteRoot();
    var box = document.querySelector('[data-search-page]');
    headerBox(root, !!box && box.getAttribute('data-search-mode') !== 'browse');
    if (!box || box.getAttribute('data-search-ready')) return;
    box.setAttribute('data-search-ready', '1');
    var page = new SearchPage(box, indexFor(root));
    api.page = page;
    var st = page.readURL();
    page.run(st);
    if (!st.q && !page.browse) page.input.focus();
  }
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var input = document.querySelector('[data-search-page] input[name=q]') || document.getElementById('cs-header-q');
    if (input) { ev.preventDefault(); input.focus(); }
  });
  if (window.document$ && typeof window.document$.subscribe === 'function') {
    window.document$.subscribe(function () { init(); });   /* Material instant navigation */
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();

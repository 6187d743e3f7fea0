// newsidx web page: search, filters, attention-over-time chart and article view.
// Vanilla JavaScript, no build step. Every string from the API reaches the DOM through
// textContent, createTextNode or setAttribute on harmless attributes, never as markup.
'use strict';

(() => {
  const PAGE_SIZE = 10;
  const MAX_RESULTS = 10000; // offset + limit may not pass this
  const MAX_PAGE = MAX_RESULTS / PAGE_SIZE;
  const FACETS_DEFAULT = 12;
  const FACETS_ALL = 100;
  const SORTS = ['relevance', 'newest', 'oldest'];

  // ---------------------------------------------------------------- language

  const LANG = String(navigator.language || 'en').toLowerCase().startsWith('de') ? 'de' : 'en';
  const LOCALE = String(navigator.language || '').toLowerCase().startsWith(LANG) ? navigator.language : LANG;
  const numberFmt = new Intl.NumberFormat(LOCALE);
  const pctFmt = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
  const pctFmtFine = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });
  const dateFmt = new Intl.DateTimeFormat(LOCALE, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const dateTimeFmt = new Intl.DateTimeFormat(LOCALE, {
    year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short',
  });
  const dateLongFmt = new Intl.DateTimeFormat(LOCALE, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  let langNames = null;
  try { langNames = new Intl.DisplayNames([LOCALE], { type: 'language' }); } catch (_) { langNames = null; }
  const n = (x) => numberFmt.format(x);

  const STRINGS = {
    en: {
      skip: 'Skip to results',
      searchLabel: 'Search the archive',
      placeholder: 'Search the archive, e.g. Hochwasser',
      searchButton: 'Search',
      syntax: [
        ['"a phrase"', 'exact'], ['a AND b', 'both'], ['a OR b', 'either'], ['-word', 'without'],
        ['wahl*', 'prefix'], ['title:wahl', 'in titles'],
      ],
      slashHint: 'Press / to search',
      filters: 'Filters',
      sources: 'Sources',
      languages: 'Languages',
      years: 'Years',
      chartTitle: 'Attention over time',
      chartType: 'Chart type',
      chartScale: 'Scale',
      bars: 'Bars',
      line: 'Line',
      share: 'Share',
      raw: 'Count',
      resetDates: 'Reset dates',
      sortLabel: 'Sort',
      sortRelevance: 'Relevance',
      sortNewest: 'Newest first',
      sortOldest: 'Oldest first',
      download: 'Download all:',
      back: 'Back to results',
      citedSources: 'Cited sources',
      legendQuery: 'search words',
      legendSource: 'mentions of a cited source',
      footer: 'newsidx — full-text search for news archives.',
      apiAgencies: 'Agencies (JSON)',
      apiStats: 'Index statistics (JSON)',
      dismiss: 'Dismiss',
      pages: 'Pages',
      count: (k) => (k === 1 ? '1 result' : `${n(k)} results`),
      range: (a, b) => `showing ${n(a)}–${n(b)}`,
      didYouMean: 'Did you mean',
      noHits: 'No articles match this search.',
      noHitsFilters: 'No articles match this search with the current filters.',
      pageEmpty: 'There are no results on this page.',
      firstPage: 'Go to the first page',
      prev: 'Previous',
      next: 'Next',
      pageN: (k) => `Page ${n(k)}`,
      removeFilter: (label) => `Remove filter: ${label}`,
      clearAll: 'Clear all filters',
      chipSource: 'Source',
      chipLang: 'Language',
      chipDate: 'Dates',
      missingSource: (k) => `${n(k)} citing no source`,
      missingLang: (k) => `${n(k)} without a language`,
      missingYear: (k) => `${n(k)} undated`,
      showAll: (k) => `Show all ${n(k)}`,
      showFewer: 'Show fewer',
      noValues: 'None',
      untitled: '(untitled)',
      undated: 'undated',
      metaDate: 'Date',
      metaAuthors: 'Authors',
      metaUrl: 'Link',
      metaLang: 'Language',
      metaFile: 'File',
      metaId: 'ID',
      noCited: 'This article names no source.',
      mentions: (k) => (k === 0 ? 'named in the metadata' : k === 1 ? '1 mention' : `${n(k)} mentions`),
      filterBySource: (name) => `Show articles citing ${name}`,
      chartCount: (total, undated) => `${n(total)} matching ${total === 1 ? 'article' : 'articles'}` +
        (undated ? `, ${n(undated)} of them undated and not charted.` : '.'),
      chartHint: 'Drag across the chart or click a period to narrow the dates.',
      chartEmpty: 'No dated articles to chart.',
      chartError: (msg) => `The chart could not be loaded: ${msg}`,
      shareLabel: 'Share of all articles',
      rawLabel: 'Matching articles',
      period: 'Period',
      perPeriod: { day: 'per day', week: 'per week', month: 'per month', year: 'per year' },
      loading: 'Loading…',
      httpError: (status) => `The request failed (HTTP ${status}).`,
      networkError: 'The server cannot be reached.',
      stats: (k, a, b) => `${n(k)} articles${a && b ? ` · ${a}–${b}` : ''}`,
      articleTitle: 'Article',
      notFound: 'This article could not be loaded.',
      score: 'score',
    },
    de: {
      skip: 'Zu den Ergebnissen springen',
      searchLabel: 'Archiv durchsuchen',
      placeholder: 'Archiv durchsuchen, z. B. Hochwasser',
      searchButton: 'Suchen',
      syntax: [
        ['"eine Phrase"', 'genau'], ['a AND b', 'beide'], ['a OR b', 'eines'], ['-wort', 'ohne'],
        ['wahl*', 'Wortanfang'], ['title:wahl', 'im Titel'],
      ],
      slashHint: 'Mit / ins Suchfeld',
      filters: 'Filter',
      sources: 'Quellen',
      languages: 'Sprachen',
      years: 'Jahre',
      chartTitle: 'Aufmerksamkeit im Zeitverlauf',
      chartType: 'Diagrammtyp',
      chartScale: 'Skala',
      bars: 'Balken',
      line: 'Linie',
      share: 'Anteil',
      raw: 'Anzahl',
      resetDates: 'Zeitraum zurücksetzen',
      sortLabel: 'Sortierung',
      sortRelevance: 'Relevanz',
      sortNewest: 'Neueste zuerst',
      sortOldest: 'Älteste zuerst',
      download: 'Alle herunterladen:',
      back: 'Zurück zur Trefferliste',
      citedSources: 'Zitierte Quellen',
      legendQuery: 'Suchbegriffe',
      legendSource: 'Nennung einer zitierten Quelle',
      footer: 'newsidx — Volltextsuche für Nachrichtenarchive.',
      apiAgencies: 'Agenturen (JSON)',
      apiStats: 'Indexstatistik (JSON)',
      dismiss: 'Schließen',
      pages: 'Seiten',
      count: (k) => `${n(k)} Treffer`,
      range: (a, b) => `${n(a)}–${n(b)} angezeigt`,
      didYouMean: 'Meinten Sie',
      noHits: 'Keine Artikel passen zu dieser Suche.',
      noHitsFilters: 'Keine Artikel passen zu dieser Suche mit den gewählten Filtern.',
      pageEmpty: 'Auf dieser Seite gibt es keine Treffer.',
      firstPage: 'Zur ersten Seite',
      prev: 'Zurück',
      next: 'Weiter',
      pageN: (k) => `Seite ${n(k)}`,
      removeFilter: (label) => `Filter entfernen: ${label}`,
      clearAll: 'Alle Filter entfernen',
      chipSource: 'Quelle',
      chipLang: 'Sprache',
      chipDate: 'Zeitraum',
      missingSource: (k) => `${n(k)} ohne Quelle`,
      missingLang: (k) => `${n(k)} ohne Sprache`,
      missingYear: (k) => `${n(k)} ohne Datum`,
      showAll: (k) => `Alle ${n(k)} anzeigen`,
      showFewer: 'Weniger anzeigen',
      noValues: 'Keine',
      untitled: '(ohne Titel)',
      undated: 'ohne Datum',
      metaDate: 'Datum',
      metaAuthors: 'Autoren',
      metaUrl: 'Link',
      metaLang: 'Sprache',
      metaFile: 'Datei',
      metaId: 'ID',
      noCited: 'Dieser Artikel nennt keine Quelle.',
      mentions: (k) => (k === 0 ? 'in den Metadaten' : k === 1 ? '1 Nennung' : `${n(k)} Nennungen`),
      filterBySource: (name) => `Artikel zeigen, die ${name} zitieren`,
      chartCount: (total, undated) => `${n(total)} passende Artikel` +
        (undated ? `, davon ${n(undated)} ohne Datum (nicht im Diagramm).` : '.'),
      chartHint: 'Ziehen Sie über das Diagramm oder klicken Sie auf einen Zeitraum, um die Daten einzugrenzen.',
      chartEmpty: 'Keine datierten Artikel für das Diagramm.',
      chartError: (msg) => `Das Diagramm konnte nicht geladen werden: ${msg}`,
      shareLabel: 'Anteil an allen Artikeln',
      rawLabel: 'Passende Artikel',
      period: 'Zeitraum',
      perPeriod: { day: 'pro Tag', week: 'pro Woche', month: 'pro Monat', year: 'pro Jahr' },
      loading: 'Lädt …',
      httpError: (status) => `Die Anfrage ist fehlgeschlagen (HTTP ${status}).`,
      networkError: 'Der Server ist nicht erreichbar.',
      stats: (k, a, b) => `${n(k)} Artikel${a && b ? ` · ${a}–${b}` : ''}`,
      articleTitle: 'Artikel',
      notFound: 'Dieser Artikel konnte nicht geladen werden.',
      score: 'Score',
    },
  };

  function t(key, ...args) {
    const v = key in STRINGS[LANG] ? STRINGS[LANG][key] : STRINGS.en[key];
    return typeof v === 'function' ? v(...args) : v;
  }

  // ---------------------------------------------------------------- DOM helpers

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v == null || v === false) continue;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = v;
        else node.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children) {
      if (c == null || c === false) continue;
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /** Clamps, sorts and drops empty [start, end) code-point ranges. */
  function normRanges(ranges, len) {
    if (!Array.isArray(ranges)) return [];
    const out = [];
    for (const r of ranges) {
      if (!Array.isArray(r) || r.length < 2) continue;
      const s = Math.max(0, Math.min(len, Math.floor(Number(r[0]) || 0)));
      const e = Math.max(0, Math.min(len, Math.floor(Number(r[1]) || 0)));
      if (e > s) out.push([s, e]);
    }
    return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }

  /**
   * Appends `text` to `parent`, wrapping marked stretches in <mark> elements.
   * layers: [{ ranges: [[s, e]], cls, title? }]; offsets count Unicode code points.
   * Where layers overlap the mark carries both classes.
   */
  function appendMarked(parent, text, layers) {
    const cps = Array.from(text == null ? '' : String(text));
    const len = cps.length;
    const items = [];
    const cuts = new Set([0, len]);
    for (const layer of layers) {
      for (const [s, e] of normRanges(layer.ranges, len)) {
        items.push({ s, e, cls: layer.cls, title: layer.title || '' });
        cuts.add(s);
        cuts.add(e);
      }
    }
    if (items.length === 0) {
      if (len) parent.appendChild(document.createTextNode(cps.join('')));
      return;
    }
    const points = [...cuts].sort((a, b) => a - b);
    let pendingText = '';
    let pendingKey = null; // null: plain text
    let pendingTitles = [];
    const flush = () => {
      if (!pendingText) return;
      if (pendingKey == null) {
        parent.appendChild(document.createTextNode(pendingText));
      } else {
        const m = el('mark', { class: pendingKey });
        const titles = [...new Set(pendingTitles.filter(Boolean))];
        if (titles.length) m.setAttribute('title', titles.join(', '));
        m.textContent = pendingText;
        parent.appendChild(m);
      }
      pendingText = '';
      pendingTitles = [];
    };
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k];
      const b = points[k + 1];
      const covering = items.filter((it) => it.s <= a && it.e >= b);
      const key = covering.length ? [...new Set(covering.map((c) => c.cls))].sort().join(' ') : null;
      if (key !== pendingKey) {
        flush();
        pendingKey = key;
      }
      pendingText += cps.slice(a, b).join('');
      for (const c of covering) pendingTitles.push(c.title);
    }
    flush();
  }

  /**
   * Appends `text` as paragraphs (split at blank lines), each with its share of the marks.
   * Offsets in `layers` count code points of the whole text.
   */
  function appendParagraphs(parent, text, layers) {
    const cps = Array.from(text == null ? '' : String(text));
    const len = cps.length;
    const norm = layers.map((l) => ({ ...l, ranges: normRanges(l.ranges, len) }));
    const paras = [];
    let start = 0;
    let i = 0;
    while (i < len) {
      if (cps[i] !== '\n') { i++; continue; }
      let j = i;
      let breaks = 0;
      while (j < len && /\s/.test(cps[j])) { if (cps[j] === '\n') breaks++; j++; }
      if (breaks >= 2) {
        paras.push([start, i]);
        start = j;
      }
      i = j;
    }
    paras.push([start, len]);
    for (const [s, e] of paras) {
      if (e <= s) continue;
      const p = el('p');
      const shifted = norm.map((l) => ({
        ...l,
        ranges: l.ranges.filter(([a, b]) => b > s && a < e).map(([a, b]) => [Math.max(a, s) - s, Math.min(b, e) - s]),
      }));
      appendMarked(p, cps.slice(s, e).join(''), shifted);
      parent.appendChild(p);
    }
  }

  function isHttpUrl(s) {
    if (typeof s !== 'string' || !/^https?:\/\//i.test(s)) return false;
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch (_) {
      return false;
    }
  }

  function formatDate(s, withTime) {
    if (!s) return '';
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (m) {
      const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      return Number.isNaN(d.getTime()) ? s : (withTime ? dateLongFmt : dateFmt).format(d);
    }
    const d = new Date(s);
    if (Number.isNaN(d.getTime())) return String(s);
    return (withTime ? dateTimeFmt : dateFmt).format(d);
  }

  function languageName(code) {
    if (!code) return '';
    try {
      const name = langNames && langNames.of(code);
      if (name && name.toLowerCase() !== String(code).toLowerCase()) return name;
    } catch (_) { /* not a language code */ }
    return String(code);
  }

  const uniq = (xs) => [...new Set(xs)];
  const isTyping = (node) => !!node && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));

  // ---------------------------------------------------------------- URL state

  function readState() {
    const sp = new URLSearchParams(location.search);
    const page = parseInt(sp.get('page') || '1', 10);
    const sort = sp.get('sort') || '';
    return {
      q: (sp.get('q') || '').trim(),
      agency: uniq(sp.getAll('agency').filter(Boolean)),
      lang: uniq(sp.getAll('lang').filter(Boolean)),
      since: sp.get('since') || '',
      until: sp.get('until') || '',
      sort: SORTS.includes(sort) ? sort : '',
      page: Number.isFinite(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
      article: sp.get('article') || '',
      chart: sp.get('chart') === 'line' ? 'line' : 'bars',
      scale: sp.get('scale') === 'raw' ? 'raw' : 'share',
    };
  }

  function stateQuery(s) {
    const sp = new URLSearchParams();
    if (s.q) sp.set('q', s.q);
    for (const a of s.agency) sp.append('agency', a);
    for (const l of s.lang) sp.append('lang', l);
    if (s.since) sp.set('since', s.since);
    if (s.until) sp.set('until', s.until);
    if (s.sort) sp.set('sort', s.sort);
    if (s.page > 1) sp.set('page', String(s.page));
    if (s.article) sp.set('article', s.article);
    if (s.chart !== 'bars') sp.set('chart', s.chart);
    if (s.scale !== 'share') sp.set('scale', s.scale);
    return sp.toString();
  }

  function stateHref(s) {
    const qs = stateQuery(s);
    return location.pathname + (qs ? `?${qs}` : '');
  }

  /** The filter parameters shared by search, trend and export. */
  function filterParams(s, sp) {
    for (const a of s.agency) sp.append('agency', a);
    for (const l of s.lang) sp.append('lang', l);
    if (s.since) sp.set('since', s.since);
    if (s.until) sp.set('until', s.until);
    return sp;
  }

  let state = readState();

  /** Applies a change as a new history entry and renders it. */
  function navigate(patch, extra) {
    extra = extra || {};
    const next = { ...state, ...patch };
    // Any change of query, filters or order starts again at page 1.
    if (!('page' in patch) && ['q', 'agency', 'lang', 'since', 'until', 'sort'].some((k) => k in patch)) next.page = 1;
    const href = stateHref(next);
    if (href === location.pathname + location.search) {
      // Nothing changed (e.g. the same search again): no new history entry.
      render({ scroll: extra.scroll || 'keep' });
      return;
    }
    // Remember where the reader was, for coming back to this entry.
    try { history.replaceState({ ...(history.state || {}), scrollY: window.scrollY }, ''); } catch (_) { /* ignore */ }
    history.pushState({ fromResults: !!extra.fromResults, scrollY: 0 }, '', href);
    render({ scroll: extra.scroll || 'keep' });
  }

  // ---------------------------------------------------------------- fetching

  let pending = 0;
  function busy(delta) {
    pending += delta;
    if (pending > 0) {
      document.body.setAttribute('data-busy', 'true');
      $('main').setAttribute('aria-busy', 'true');
    } else {
      pending = 0;
      document.body.removeAttribute('data-busy');
      $('main').setAttribute('aria-busy', 'false');
    }
  }

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  const cache = new Map(); // url -> { at, promise }
  const CACHE_MS = 60_000;

  function fetchJSON(url) {
    const hit = cache.get(url);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.promise;
    const promise = (async () => {
      let res;
      try {
        res = await fetch(url, { headers: { Accept: 'application/json' } });
      } catch (_) {
        throw new ApiError(t('networkError'), 0);
      }
      let body = null;
      try { body = await res.json(); } catch (_) { body = null; }
      if (!res.ok) {
        const msg = body && typeof body.error === 'string' && body.error ? body.error : t('httpError', res.status);
        throw new ApiError(msg, res.status);
      }
      if (body == null || typeof body !== 'object') throw new ApiError(t('httpError', res.status), res.status);
      return body;
    })();
    cache.set(url, { at: Date.now(), promise });
    promise.catch(() => cache.delete(url));
    if (cache.size > 60) cache.delete(cache.keys().next().value);
    return promise;
  }

  // ---------------------------------------------------------------- errors

  function showError(message) {
    $('error-text').textContent = String(message);
    $('error').hidden = false;
  }
  function clearError() {
    $('error-text').textContent = '';
    $('error').hidden = true;
  }

  // ---------------------------------------------------------------- stats

  let stats = null;
  const statsPromise = fetchJSON('/api/stats').then((s) => {
    stats = s;
    const year = (d) => (typeof d === 'string' ? d.slice(0, 4) : '');
    if (typeof s.articles === 'number') $('stats').textContent = t('stats', s.articles, year(s.earliest), year(s.latest));
    return s;
  }).catch(() => null);

  // ---------------------------------------------------------------- rendering

  let renderGen = 0;
  let facetsAll = { sources: false, languages: false, years: false };
  let lastArticleId = '';

  function render(opts) {
    opts = opts || {};
    state = readState();
    const gen = ++renderGen;
    clearError();
    const input = $('q');
    if (input.value.trim() !== state.q) input.value = state.q;
    if (state.article) {
      showView('article');
      loadArticle(gen, opts);
    } else {
      showView('results');
      loadResults(gen, opts);
    }
  }

  function showView(which) {
    const article = which === 'article';
    $('article').hidden = !article;
    $('results-view').hidden = article;
    $('filters').hidden = article;
    $('layout').classList.toggle('layout-article', article);
  }

  function restoreScroll(opts) {
    if (opts.scroll === 'top') window.scrollTo(0, 0);
    else if (opts.scroll === 'keep') return;
    else if (history.state && typeof history.state.scrollY === 'number') window.scrollTo(0, history.state.scrollY);
  }

  // ----- results

  async function loadResults(gen, opts) {
    const s = state;
    const sp = new URLSearchParams();
    if (s.q) sp.set('q', s.q);
    filterParams(s, sp);
    if (s.sort) sp.set('sort', s.sort);
    sp.set('offset', String((s.page - 1) * PAGE_SIZE));
    sp.set('limit', String(PAGE_SIZE));
    sp.set('facets', String(facetsAll.sources ? FACETS_ALL : FACETS_DEFAULT));
    document.title = s.q ? `${s.q} – newsidx` : 'newsidx';
    renderControls(s);
    renderChips(s);
    $('hits').classList.add('stale');
    busy(+1);
    const chartDone = loadChart(gen);
    try {
      const data = await fetchJSON(`/api/search?${sp}`);
      if (gen !== renderGen) return;
      renderResults(s, data);
      restoreScroll(opts);
      if (lastArticleId && !opts.scroll) {
        // Coming back from an article: put the focus on its title in the list.
        const link = [...document.querySelectorAll('#hits .hit-title')].find((a) => a.dataset.id === lastArticleId);
        if (link) link.focus({ preventScroll: true });
      }
      lastArticleId = '';
    } catch (e) {
      if (gen !== renderGen) return;
      renderFailedResults();
      showError(e.message);
    } finally {
      $('hits').classList.remove('stale');
      await chartDone.catch(() => {});
      busy(-1);
    }
  }

  function renderControls(s) {
    for (const b of document.querySelectorAll('[data-chart]')) b.setAttribute('aria-pressed', String(b.dataset.chart === s.chart));
    // Without a query every article matches, so the share is always 100 %: show counts.
    const scale = s.q ? s.scale : 'raw';
    for (const b of document.querySelectorAll('[data-scale]')) {
      b.setAttribute('aria-pressed', String(b.dataset.scale === scale));
      b.disabled = !s.q;
    }
    $('reset-dates').disabled = !(s.since || s.until);
    $('sort').value = s.sort || (s.q ? 'relevance' : 'newest');
    for (const fmt of ['csv', 'jsonl']) {
      const sp = new URLSearchParams();
      if (s.q) sp.set('q', s.q);
      filterParams(s, sp);
      if (s.sort) sp.set('sort', s.sort);
      sp.set('format', fmt);
      $(`export-${fmt}`).setAttribute('href', `/api/export?${sp}`);
    }
  }

  function dateChipLabel(s) {
    if (s.since && s.since === s.until) return s.since;
    return `${s.since || '…'} – ${s.until || '…'}`;
  }

  function renderChips(s) {
    const box = $('active');
    clear(box);
    const chips = [];
    for (const a of s.agency) chips.push({ kind: t('chipSource'), label: a, patch: () => ({ agency: state.agency.filter((x) => x !== a) }) });
    for (const l of s.lang) chips.push({ kind: t('chipLang'), label: languageName(l), patch: () => ({ lang: state.lang.filter((x) => x !== l) }) });
    if (s.since || s.until) chips.push({ kind: t('chipDate'), label: dateChipLabel(s), patch: () => ({ since: '', until: '' }) });
    box.hidden = chips.length === 0;
    if (!chips.length) return;
    const list = el('ul', { class: 'chips' });
    for (const c of chips) {
      const btn = el('button', { type: 'button', class: 'chip', 'aria-label': t('removeFilter', `${c.kind} ${c.label}`) },
        el('span', { class: 'chip-kind', text: `${c.kind}:` }), ' ', el('span', { class: 'chip-label', text: c.label }),
        el('span', { class: 'chip-x', 'aria-hidden': 'true', text: '×' }));
      btn.addEventListener('click', () => navigate(c.patch()));
      list.appendChild(el('li', null, btn));
    }
    if (chips.length > 1) {
      const all = el('button', { type: 'button', class: 'chip chip-clear', text: t('clearAll') });
      all.addEventListener('click', () => navigate({ agency: [], lang: [], since: '', until: '' }));
      list.appendChild(el('li', null, all));
    }
    box.appendChild(list);
  }

  function renderFailedResults() {
    clear($('hits'));
    clear($('pager'));
    $('count').textContent = '';
    $('no-hits').hidden = true;
    $('suggestion').hidden = true;
    $('warnings').hidden = true;
  }

  function renderResults(s, d) {
    const total = Number(d.total_hits) || 0;
    const hits = Array.isArray(d.hits) ? d.hits : [];
    const offset = Number(d.offset) || (s.page - 1) * PAGE_SIZE;

    const count = $('count');
    clear(count);
    count.appendChild(el('strong', { text: t('count', total) }));
    if (hits.length && total > hits.length) count.appendChild(el('span', { class: 'count-range', text: ` · ${t('range', offset + 1, offset + hits.length)}` }));

    // Did you mean …?
    const sug = $('suggestion');
    clear(sug);
    if (typeof d.suggestion === 'string' && d.suggestion && d.suggestion !== s.q) {
      const link = el('a', { href: stateHref({ ...s, q: d.suggestion, page: 1, article: '' }), class: 'suggestion-link', text: d.suggestion });
      link.addEventListener('click', (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate({ q: d.suggestion });
      });
      sug.append(`${t('didYouMean')} `, link, '?');
      sug.hidden = false;
    } else {
      sug.hidden = true;
    }

    // Warnings from the server.
    const warn = $('warnings');
    clear(warn);
    const warnings = Array.isArray(d.warnings) ? d.warnings.filter((w) => typeof w === 'string' && w) : [];
    for (const w of warnings) warn.appendChild(el('li', { text: w }));
    warn.hidden = warnings.length === 0;

    // Hits.
    const list = $('hits');
    clear(list);
    list.setAttribute('start', String(offset + 1));
    for (const h of hits) list.appendChild(renderHit(s, h));

    const none = $('no-hits');
    if (!hits.length) {
      clear(none);
      if (total > 0) {
        const first = el('a', { href: stateHref({ ...s, page: 1 }), text: t('firstPage') });
        first.addEventListener('click', (e) => { e.preventDefault(); navigate({ page: 1 }); });
        none.append(`${t('pageEmpty')} `, first);
      } else {
        none.textContent = s.agency.length || s.lang.length || s.since || s.until ? t('noHitsFilters') : t('noHits');
      }
      none.hidden = false;
    } else {
      none.hidden = true;
    }

    renderPager(s, total);
    renderFacets(s, d.facets || {});
  }

  function renderHit(s, h) {
    const id = String(h.id == null ? '' : h.id);
    const title = typeof h.title === 'string' && h.title.trim() ? h.title : '';
    const link = el('a', { class: 'hit-title', href: stateHref({ ...s, article: id }), 'data-id': id });
    if (title) appendMarked(link, title, [{ ranges: h.title_highlights, cls: 'hl' }]);
    else link.appendChild(el('span', { class: 'untitled', text: t('untitled') }));
    link.addEventListener('click', (e) => {
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
      e.preventDefault();
      navigate({ article: id }, { fromResults: true, scroll: 'top' });
    });

    const meta = el('p', { class: 'hit-meta' });
    if (h.date) meta.appendChild(el('time', { class: 'hit-date', datetime: String(h.date), text: formatDate(h.date, false) }));
    else meta.appendChild(el('span', { class: 'hit-date muted', text: t('undated') }));
    const agencies = Array.isArray(h.agencies) ? h.agencies.filter((a) => typeof a === 'string') : [];
    if (agencies.length) {
      const src = el('span', { class: 'hit-sources' });
      for (const a of agencies) src.appendChild(el('span', { class: 'tag', text: a }));
      meta.appendChild(src);
    }
    if (h.language) meta.appendChild(el('span', { class: 'hit-lang', title: languageName(h.language), text: String(h.language).toUpperCase() }));

    const snippet = el('p', { class: 'hit-snippet' });
    appendMarked(snippet, h.snippet, [{ ranges: h.highlights, cls: 'hl' }]);

    const pathP = el('p', { class: 'hit-path', text: String(h.path == null ? id : h.path) });

    return el('li', { class: 'hit', 'data-id': id }, el('h3', { class: 'hit-heading' }, link), meta, snippet, pathP);
  }

  function renderPager(s, total) {
    const nav = $('pager');
    clear(nav);
    const pages = Math.min(Math.ceil(total / PAGE_SIZE), MAX_PAGE);
    if (pages <= 1 && s.page <= 1) { nav.hidden = true; return; }
    nav.hidden = false;
    const list = el('ul', { class: 'pager-list' });
    const item = (page, label, opts) => {
      opts = opts || {};
      let node;
      if (opts.disabled) {
        node = el('span', { class: `pager-link disabled ${opts.cls || ''}`, 'aria-disabled': 'true', text: label });
      } else {
        node = el('a', {
          class: `pager-link ${opts.cls || ''}`, href: stateHref({ ...s, page }),
          'aria-label': opts.aria || null, 'aria-current': opts.current ? 'page' : null, 'data-page': String(page), text: label,
        });
        node.addEventListener('click', (e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          navigate({ page }, { scroll: 'top' });
        });
      }
      list.appendChild(el('li', null, node));
    };
    item(s.page - 1, `‹ ${t('prev')}`, { disabled: s.page <= 1, cls: 'pager-prev' });
    const shown = new Set([1, pages, s.page - 2, s.page - 1, s.page, s.page + 1, s.page + 2].filter((p) => p >= 1 && p <= pages));
    let last = 0;
    for (const p of [...shown].sort((a, b) => a - b)) {
      if (p - last > 1) list.appendChild(el('li', { class: 'pager-gap', 'aria-hidden': 'true', text: '…' }));
      item(p, n(p), { current: p === s.page, aria: t('pageN', p), cls: 'pager-num' });
      last = p;
    }
    item(s.page + 1, `${t('next')} ›`, { disabled: s.page >= pages, cls: 'pager-next' });
    nav.appendChild(list);
  }

  // ----- facets

  function renderFacets(s, f) {
    renderFacet('sources', f.sources, s.agency, (v) => v, (v) => ({ agency: toggle(state.agency, v) }),
      (k) => t('missingSource', k));
    renderFacet('languages', f.languages, s.lang, languageName, (v) => ({ lang: toggle(state.lang, v) }),
      (k) => t('missingLang', k));
    const activeYear = s.since && s.since === s.until && /^\d{4}$/.test(s.since) ? [s.since] : [];
    renderFacet('years', f.years, activeYear, (v) => v,
      (v) => (activeYear.includes(v) ? { since: '', until: '' } : { since: v, until: v }),
      (k) => t('missingYear', k));
  }

  function toggle(list, v) {
    return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
  }

  function renderFacet(name, facet, active, labelOf, patchOf, missingText) {
    const list = $(`facet-${name}`);
    const note = $(`facet-${name}-note`);
    const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(`#facet-${name}`)
      ? document.activeElement.getAttribute('data-value') : null;
    clear(list);
    clear(note);
    const values = facet && Array.isArray(facet.values) ? facet.values.filter((v) => v && typeof v.value === 'string') : [];
    const seen = new Set(values.map((v) => v.value));
    const all = values.map((v) => ({ value: v.value, count: Number(v.count) || 0 }));
    for (const a of active) if (!seen.has(a)) all.push({ value: a, count: null });
    for (const v of all) {
      const on = active.includes(v.value);
      const label = labelOf(v.value);
      const btn = el('button', {
        type: 'button', class: `facet${on ? ' active' : ''}`, 'data-value': v.value, 'aria-pressed': String(on),
        title: label !== v.value ? `${label} (${v.value})` : null,
      },
      el('span', { class: 'facet-check', 'aria-hidden': 'true' }),
      el('span', { class: 'facet-label', text: label }),
      el('span', { class: 'facet-count', text: v.count == null ? '–' : n(v.count) }));
      btn.addEventListener('click', () => navigate(patchOf(v.value)));
      list.appendChild(el('li', null, btn));
      if (focused === v.value) btn.focus({ preventScroll: true });
    }
    if (!all.length) list.appendChild(el('li', { class: 'facet-empty', text: t('noValues') }));
    const parts = [];
    if (facet && Number(facet.missing) > 0) parts.push(missingText(Number(facet.missing)));
    if (parts.length) note.appendChild(document.createTextNode(parts.join(' · ')));
    const distinct = facet ? Number(facet.distinct) || 0 : 0;
    if (name === 'sources' && (facetsAll.sources ? values.length > FACETS_DEFAULT : distinct > values.length)) {
      const more = el('button', {
        type: 'button', class: 'link-button',
        text: facetsAll.sources ? t('showFewer') : t('showAll', distinct),
      });
      more.addEventListener('click', () => {
        facetsAll.sources = !facetsAll.sources;
        render({});
      });
      if (parts.length) note.appendChild(document.createTextNode(' · '));
      note.appendChild(more);
    }
    note.hidden = !note.firstChild;
  }

  // ----- chart

  let chart = null;
  let trend = null; // { data, by, key }
  let chartKey = '';

  function parseDay(s) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s || '');
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : null;
  }

  /** A since/until bound (YYYY, YYYY-MM or YYYY-MM-DD) as a UTC time; until bounds are inclusive. */
  function parseBound(s, end) {
    let m = /^(\d{4})$/.exec(s || '');
    if (m) return end ? Date.UTC(+m[1], 11, 31) : Date.UTC(+m[1], 0, 1);
    m = /^(\d{4})-(\d{2})$/.exec(s || '');
    if (m) return end ? Date.UTC(+m[1], +m[2], 0) : Date.UTC(+m[1], +m[2] - 1, 1);
    return parseDay(s);
  }

  function chooseBy(s) {
    const from = parseBound(s.since, false) ?? parseDay(stats && stats.earliest);
    const to = parseBound(s.until, true) ?? parseDay(stats && stats.latest);
    if (from == null || to == null) return 'month';
    const days = (to - from) / 86400000 + 1;
    if (days > 25 * 365.25) return 'year';
    if (days <= 92) return 'day';
    return 'month';
  }

  async function loadChart(gen) {
    await statsPromise;
    if (gen !== renderGen) return;
    const s = state;
    const by = chooseBy(s);
    const sp = new URLSearchParams();
    if (s.q) sp.set('q', s.q);
    filterParams(s, sp);
    sp.set('by', by);
    const url = `/api/trend?${sp}`;
    const note = $('chart-note');
    try {
      const data = await fetchJSON(url);
      if (gen !== renderGen) return;
      trend = { data, by };
      const key = `${url}|${s.chart}|${s.q ? s.scale : 'raw'}`;
      if (key !== chartKey || !chart) {
        chartKey = key;
        drawChart();
      }
    } catch (e) {
      if (gen !== renderGen) return;
      trend = null;
      chartKey = '';
      destroyChart();
      note.textContent = t('chartError', e.message);
    }
  }

  function destroyChart() {
    if (chart) { chart.destroy(); chart = null; }
    clear($('chart'));
  }

  function periodSince(p, interval) {
    if (interval === 'year') return p.start.slice(0, 4);
    if (interval === 'month') return p.start.slice(0, 7);
    return p.start.slice(0, 10);
  }

  function periodUntil(p, interval) {
    if (interval === 'year') return p.start.slice(0, 4);
    if (interval === 'month') return p.start.slice(0, 7);
    if (interval === 'week') {
      const d = parseDay(p.start);
      return d == null ? p.start : new Date(d + 6 * 86400000).toISOString().slice(0, 10);
    }
    return p.start.slice(0, 10);
  }

  function chartHeight() {
    return window.matchMedia('(max-width: 640px)').matches ? 170 : 210;
  }

  function drawChart() {
    destroyChart();
    const box = $('chart');
    const note = $('chart-note');
    note.textContent = '';
    if (!trend) return;
    const d = trend.data;
    const periods = Array.isArray(d.periods) ? d.periods.filter((p) => p && typeof p.start === 'string') : [];
    const series = Array.isArray(d.series) ? d.series[0] : null;
    const interval = typeof d.interval === 'string' ? d.interval : trend.by;
    if (!series || !periods.length) {
      box.appendChild(el('p', { class: 'chart-empty', text: t('chartEmpty') }));
      return;
    }
    const total = Number(series.total) || 0;
    const undated = Number(series.undated) || 0;
    const warnings = Array.isArray(d.warnings) ? d.warnings.filter((w) => typeof w === 'string' && w) : [];
    note.textContent = [`${t('chartCount', total, undated)} ${t('chartHint')}`, ...warnings].join(' ');
    const dated = (Array.isArray(series.matching) ? series.matching : []).reduce((k, v) => k + (Number(v) || 0), 0);
    if (dated === 0) {
      note.textContent = undated ? t('chartCount', total, undated) : '';
      box.appendChild(el('p', { class: 'chart-empty', text: t('chartEmpty') }));
      return;
    }
    const raw = state.scale === 'raw' || !state.q;
    const values = (raw ? series.matching : series.share) || [];
    const ys = periods.map((_, i) => {
      const v = values[i];
      if (v == null || !Number.isFinite(Number(v))) return raw ? 0 : null;
      return raw ? Number(v) : Number(v) * 100;
    });
    const xs = periods.map((_, i) => i);
    if (typeof window.uPlot !== 'function') {
      box.appendChild(el('p', { class: 'chart-empty', text: t('chartEmpty') }));
      return;
    }
    const bars = state.chart === 'bars';
    const count = periods.length;
    const fmtY = (v, fine) => (v == null ? '–' : raw ? n(v) : `${(fine ? pctFmtFine : pctFmt).format(v)} %`);
    const labelFor = (i, step) => {
      const p = periods[i];
      if (!p) return '';
      if (interval === 'month' && step >= 12) return p.start.slice(0, 4);
      if (interval === 'day' || interval === 'week') return typeof p.label === 'string' && interval === 'week' ? p.label : p.start.slice(0, 10);
      return typeof p.label === 'string' ? p.label : p.start;
    };
    let step = 1;
    const steps = {
      year: [1, 2, 5, 10, 20, 50, 100],
      month: [1, 2, 3, 6, 12, 24, 60, 120, 240, 600],
      week: [1, 2, 4, 8, 13, 26, 52, 104, 260],
      day: [1, 2, 7, 14, 28, 56, 91, 182, 364, 728],
    }[interval] || [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
    const labelPx = { year: 48, month: 70, week: 80, day: 92 }[interval] || 70;
    const aligned = (i) => {
      const p = periods[i];
      if (interval === 'year') return Number(p.start.slice(0, 4)) % step === 0;
      if (interval === 'month') {
        const m = Number(p.start.slice(0, 4)) * 12 + Number(p.start.slice(5, 7)) - 1;
        return m % step === 0;
      }
      return i % step === 0;
    };
    const xSplits = (u) => {
      const width = u.bbox.width / (window.devicePixelRatio || 1);
      const maxLabels = Math.max(1, Math.floor(width / labelPx));
      step = steps.find((st) => count / st <= maxLabels) || steps[steps.length - 1];
      if (interval === 'month' && step >= 12) step = Math.max(12, step);
      const out = [];
      for (let i = 0; i < count; i++) if (aligned(i)) out.push(i);
      if (!out.length) out.push(0);
      return out;
    };
    const styles = getComputedStyle(document.documentElement);
    const accent = styles.getPropertyValue('--chart').trim() || '#2a5ca8';
    const accentFill = styles.getPropertyValue('--chart-fill').trim() || 'rgba(42, 92, 168, 0.75)';
    const axisColor = styles.getPropertyValue('--muted').trim() || '#5b6573';
    const gridColor = styles.getPropertyValue('--grid').trim() || '#e8ebef';
    const font = `12px ${styles.getPropertyValue('--font-ui').trim() || 'system-ui, sans-serif'}`;
    let downX = null;
    let dragged = false;

    const opts = {
      width: Math.max(200, box.clientWidth),
      height: chartHeight(),
      padding: [10, 14, 0, 4],
      legend: { show: true, live: true },
      cursor: {
        drag: { x: true, y: false, setScale: false, dist: 4 },
        points: { show: !bars },
        y: false,
      },
      select: { show: true },
      scales: {
        x: { time: false, range: () => [-0.5, count - 0.5] },
        y: { range: (u, min, max) => [0, max > 0 ? max * 1.12 : raw ? 1 : 1] },
      },
      axes: [
        {
          stroke: axisColor, font, size: 34, gap: 4,
          grid: { show: false },
          ticks: { show: true, size: 4, stroke: gridColor, width: 1 },
          splits: xSplits,
          values: (u, splits) => splits.map((i) => labelFor(i, step)),
        },
        {
          stroke: axisColor, font, size: 56, gap: 6,
          grid: { stroke: gridColor, width: 1 },
          ticks: { show: false },
          incrs: raw ? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000] : undefined,
          values: (u, splits) => splits.map((v) => fmtY(v, false)),
        },
      ],
      series: [
        { label: t('period'), value: (u, i) => (i == null || !periods[i] ? '–' : String(periods[i].label || periods[i].start)) },
        {
          label: raw ? `${t('rawLabel')} ${t('perPeriod')[interval] || ''}` : t('shareLabel'),
          stroke: accent,
          width: bars ? 0 : 2,
          fill: bars ? accentFill : 'rgba(42, 92, 168, 0.10)',
          paths: bars && uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.78, 64, 1], gap: 1 }) : undefined,
          points: { show: !bars && count <= 80, size: 5, stroke: accent, fill: '#fff' },
          spanGaps: false,
          value: (u, v) => fmtY(v, true),
        },
      ],
      hooks: {
        setSelect: [(u) => {
          const { left, width } = u.select;
          if (!(width > 2)) return;
          dragged = true;
          let a = Math.round(u.posToVal(left, 'x'));
          let b = Math.round(u.posToVal(left + width, 'x'));
          a = Math.max(0, Math.min(count - 1, a));
          b = Math.max(0, Math.min(count - 1, b));
          if (a > b) [a, b] = [b, a];
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          selectPeriods(periods, interval, a, b);
        }],
        ready: [(u) => {
          u.over.addEventListener('mousedown', (e) => { downX = e.clientX; dragged = false; });
          u.over.addEventListener('click', (e) => {
            if (dragged || (downX != null && Math.abs(e.clientX - downX) > 3)) { dragged = false; return; }
            const i = Math.round(u.posToVal(e.clientX - u.over.getBoundingClientRect().left, 'x'));
            if (i >= 0 && i < count) selectPeriods(periods, interval, i, i);
          });
        }],
      },
    };
    chart = new uPlot(opts, [xs, ys], box);
  }

  function selectPeriods(periods, interval, a, b) {
    const since = periodSince(periods[a], interval);
    const until = periodUntil(periods[b], interval);
    if (since === state.since && until === state.until) return;
    navigate({ since, until });
  }

  const resizer = new ResizeObserver(() => {
    const w = $('chart').clientWidth;
    if (!chart || !w || Math.abs(w - chart.width) < 2) return;
    chart.setSize({ width: Math.max(200, w), height: chartHeight() });
  });

  // ----- article

  async function loadArticle(gen, opts) {
    const s = state;
    const body = $('article-body');
    const id = s.article;
    lastArticleId = id;
    const sp = new URLSearchParams();
    if (s.q) sp.set('q', s.q);
    const qs = sp.toString();
    const url = `/api/articles/${encodeURIComponent(id)}${qs ? `?${qs}` : ''}`;
    busy(+1);
    body.classList.add('stale');
    try {
      const a = await fetchJSON(url);
      if (gen !== renderGen) return;
      renderArticle(s, a);
      body.hidden = false;
      if (opts.scroll === 'top') window.scrollTo(0, 0);
      else restoreScroll(opts);
      $('article-title').focus({ preventScroll: true });
    } catch (e) {
      if (gen !== renderGen) return;
      body.hidden = true;
      document.title = `${t('articleTitle')} – newsidx`;
      showError(e.status === 404 ? e.message || t('notFound') : e.message);
      $('back').focus({ preventScroll: true });
    } finally {
      body.classList.remove('stale');
      busy(-1);
    }
  }

  function renderArticle(s, a) {
    const title = typeof a.title === 'string' && a.title.trim() ? a.title : '';
    const h = $('article-title');
    clear(h);
    if (title) appendMarked(h, title, [{ ranges: a.title_highlights, cls: 'hl' }]);
    else h.appendChild(el('span', { class: 'untitled', text: t('untitled') }));
    document.title = `${title || t('untitled')} – newsidx`;

    const meta = $('article-meta');
    clear(meta);
    const row = (label, ...content) => {
      meta.appendChild(el('div', { class: 'meta-row' }, el('dt', { text: label }), el('dd', null, ...content)));
    };
    if (a.date) row(t('metaDate'), el('time', { datetime: String(a.date), text: formatDate(a.date, true) }));
    else row(t('metaDate'), el('span', { class: 'muted', text: t('undated') }));
    const authors = Array.isArray(a.authors) ? a.authors.filter((x) => typeof x === 'string' && x) : [];
    if (authors.length) row(t('metaAuthors'), authors.join(', '));
    if (typeof a.url === 'string' && a.url) {
      if (isHttpUrl(a.url)) {
        row(t('metaUrl'), el('a', { href: a.url, rel: 'noopener noreferrer nofollow', target: '_blank', class: 'article-url', text: a.url }));
      } else {
        row(t('metaUrl'), el('span', { class: 'article-url plain', text: a.url }));
      }
    }
    if (a.language) row(t('metaLang'), `${languageName(a.language)} (${a.language})`);
    row(t('metaFile'), el('span', { class: 'mono', text: String(a.path == null ? '' : a.path) }));
    if (a.id != null && String(a.id) !== String(a.path)) row(t('metaId'), el('span', { class: 'mono', text: String(a.id) }));

    // Cited sources: those found in the text, then any only in the metadata.
    const sources = Array.isArray(a.sources) ? a.sources.filter((x) => x && typeof x.name === 'string') : [];
    const names = new Set(sources.map((x) => x.name));
    const agencies = Array.isArray(a.agencies) ? a.agencies.filter((x) => typeof x === 'string') : [];
    const cited = sources.map((x) => ({ name: x.name, spans: Array.isArray(x.spans) ? x.spans : [] }));
    for (const ag of agencies) if (!names.has(ag)) cited.push({ name: ag, spans: [] });
    const list = $('article-sources');
    clear(list);
    for (const c of cited) {
      const btn = el('button', { type: 'button', class: 'source-name', title: t('filterBySource', c.name), text: c.name });
      btn.addEventListener('click', () => navigate({ article: '', agency: uniq([...state.agency, c.name]) }, { scroll: 'top' }));
      list.appendChild(el('li', null, btn, el('span', { class: 'source-count', text: t('mentions', c.spans.length) })));
    }
    if (!cited.length) list.appendChild(el('li', { class: 'muted', text: t('noCited') }));

    const text = $('article-text');
    clear(text);
    const layers = [{ ranges: a.highlights, cls: 'hl' }];
    for (const c of cited) layers.push({ ranges: c.spans, cls: 'source', title: c.name });
    appendParagraphs(text, typeof a.text === 'string' ? a.text : '', layers);
  }

  function backToResults() {
    if (history.state && history.state.fromResults) history.back();
    else navigate({ article: '' });
  }

  // ---------------------------------------------------------------- setup

  function applyLanguage() {
    document.documentElement.setAttribute('lang', LANG);
    for (const node of document.querySelectorAll('[data-i18n]')) {
      const v = t(node.getAttribute('data-i18n'));
      if (typeof v === 'string') node.textContent = v;
    }
    for (const node of document.querySelectorAll('[data-i18n-label]')) {
      const v = t(node.getAttribute('data-i18n-label'));
      if (typeof v === 'string') node.setAttribute('aria-label', v);
    }
    $('q').setAttribute('placeholder', t('placeholder'));
    const hint = $('syntax');
    clear(hint);
    const items = el('span', { class: 'syntax-items' });
    for (const [code, desc] of t('syntax')) {
      items.appendChild(el('span', { class: 'syntax-item' }, el('code', { text: code }), ` ${desc}`));
    }
    hint.appendChild(items);
    const [before = '', after = ''] = t('slashHint').split('/');
    hint.appendChild(el('span', { class: 'syntax-key' }, before, el('kbd', { text: '/' }), after));
  }

  function setup() {
    applyLanguage();
    if (window.matchMedia('(max-width: 760px)').matches) {
      for (const d of document.querySelectorAll('.facet-group')) d.open = false;
    }

    $('search-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const q = $('q').value.trim();
      navigate({ q, article: '', page: 1, sort: q ? state.sort : (state.sort === 'relevance' ? '' : state.sort) }, { scroll: 'top' });
    });
    $('sort').addEventListener('change', (e) => {
      const v = e.target.value;
      navigate({ sort: v === (state.q ? 'relevance' : 'newest') ? '' : v });
    });
    for (const b of document.querySelectorAll('[data-chart]')) b.addEventListener('click', () => { if (state.chart !== b.dataset.chart) navigate({ chart: b.dataset.chart, page: state.page }); });
    for (const b of document.querySelectorAll('[data-scale]')) b.addEventListener('click', () => { if (state.scale !== b.dataset.scale) navigate({ scale: b.dataset.scale, page: state.page }); });
    $('reset-dates').addEventListener('click', () => navigate({ since: '', until: '' }));
    $('back').addEventListener('click', backToResults);
    $('error-close').addEventListener('click', clearError);

    document.addEventListener('keydown', (e) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/' && !isTyping(e.target)) {
        e.preventDefault();
        const input = $('q');
        input.focus();
        input.select();
      } else if (e.key === 'Escape' && state.article && !isTyping(e.target)) {
        e.preventDefault();
        backToResults();
      }
    });

    window.addEventListener('popstate', () => render({}));
    resizer.observe($('chart'));
    render({});
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup);
  else setup();
})();

// End-to-end tests of the newsidx web page in headless Chromium.
//
// Needs a running server on the sample corpus plus the three hostile articles
// (`hostile-1`..`hostile-3`, all containing "Giftköder"):
//
//   newsidx serve --http 127.0.0.1:0 --index DIR     # prints http://HOST:PORT/ on stderr
//   NEWSIDX_URL=http://127.0.0.1:PORT/ NEWSIDX_ARTIFACTS=/tmp/e2e-artifacts node --test tests/e2e/
//
// CHROMIUM may name the browser binary (default /usr/bin/chromium); no browser is downloaded.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const RAW_URL = process.env.NEWSIDX_URL;
const BASE = RAW_URL ? (RAW_URL.endsWith('/') ? RAW_URL : `${RAW_URL}/`) : null;
const ARTIFACTS = process.env.NEWSIDX_ARTIFACTS || path.join(os.tmpdir(), 'newsidx-e2e-artifacts');
const TIMEOUT = 20_000; // per Playwright action or wait; the CI machine is slow
const TEST_TIMEOUT = 60_000;

const HOSTILE_TITLES = [
  '<script>window.__pwned=1</script>Giftköder im Park',
  'Giftköder <b onmouseover=window.__pwned=5>fett</b>',
  'Giftköder"><iframe src=javascript:window.__pwned=8>',
];
const HOSTILE_TEXTS = [
  'Giftköder gefunden <img src=x onerror="window.__pwned=2"> (dpa)',
  'Ein <a href="javascript:window.__pwned=6">Link</a> und Giftköder. <svg onload=window.__pwned=7>',
  'Giftköder ]]></script><script>window.__pwned=9</script>',
];
const HOSTILE_AGENCY = '<img src=y onerror=window.__pwned=4>';

if (!BASE) {
  test('NEWSIDX_URL names the server under test', () => {
    assert.fail(
      'NEWSIDX_URL is not set. Start the server (`newsidx serve --http 127.0.0.1:0 --index DIR`), ' +
      'then run NEWSIDX_URL=http://127.0.0.1:PORT/ node --test tests/e2e/',
    );
  });
} else {
  describe('newsidx web page', () => {
    let browser;

    before(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
          '--disable-component-update', '--no-first-run'],
      });
    });

    after(async () => {
      if (browser) await browser.close();
    });

    /** A fresh browser context and page that records page errors and CSP reports. */
    async function open(t, { width = 1280, height = 800, locale = 'en-US', query = '' } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, locale });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      const problems = { pageErrors: [], csp: [], consoleErrors: [] };
      page.on('pageerror', (e) => problems.pageErrors.push(String(e && e.message ? e.message : e)));
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const text = msg.text();
        if (/Content Security Policy|Refused to/i.test(text)) problems.csp.push(text);
        else problems.consoleErrors.push(text);
      });
      t.after(async () => { await context.close(); });
      await page.goto(BASE + query);
      await settled(page);
      page.problems = problems;
      return page;
    }

    function assertClean(page) {
      const p = page.problems;
      assert.deepEqual(p.pageErrors, [], `page errors: ${p.pageErrors.join(' | ')}`);
      assert.deepEqual(p.csp, [], `Content-Security-Policy violations: ${p.csp.join(' | ')}`);
    }

    /** Waits until the page has no request in flight (app.js marks <body data-busy>). */
    async function settled(page) {
      await page.waitForFunction(() => document.readyState === 'complete' && !document.body.hasAttribute('data-busy'),
        null, { timeout: TIMEOUT });
    }

    async function waitForParams(page, predicate, description, arg = null) {
      try {
        await page.waitForFunction(predicate, arg, { timeout: TIMEOUT });
      } catch (e) {
        throw new Error(`URL never showed ${description}; it is ${page.url()}`);
      }
      await settled(page);
    }

    const params = (page) => new URL(page.url()).searchParams;

    async function api(pathAndQuery) {
      const res = await fetch(new URL(pathAndQuery, BASE));
      assert.equal(res.ok, true, `${pathAndQuery}: HTTP ${res.status}`);
      return res.json();
    }

    async function search(page, q) {
      await page.locator('body').press('/');
      await page.locator('#q').fill(q);
      await page.locator('#q').press('Enter');
      await waitForParams(page, (query) => new URLSearchParams(location.search).get('q') === query, `q=${q}`, q);
    }

    // The number the page shows in #count ("3 results", "1.234 Treffer").
    async function shownCount(page) {
      const text = (await page.locator('#count').textContent()) || '';
      const m = /^([\d.,\s\u00a0\u202f]+)\s/.exec(text);
      assert.ok(m, `#count shows no number: ${JSON.stringify(text)}`);
      return Number(m[1].replace(/[^\d]/g, ''));
    }

    async function facetCounts(page, list) {
      return page.$$eval(`#${list} .facet`, (buttons) => Object.fromEntries(buttons.map((b) => [
        b.getAttribute('data-value'), b.querySelector('.facet-count').textContent.trim(),
      ])));
    }

    const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, name) });

    // ------------------------------------------------------------------ tests

    test('loads, labels in English, / focuses the search box', { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await open(t, { locale: 'en-US' });
      assert.match(await page.title(), /newsidx/);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal((await page.locator('#search-button').textContent()).trim(), 'Search');
      assert.match(await page.locator('#syntax').innerText(), /title:/, 'the query syntax hint is shown');
      // Without a query every article is listed, newest first.
      const stats = await api('api/stats');
      assert.equal(await shownCount(page), stats.articles);
      assert.match(await page.locator('#count').innerText(), / results?/);

      assert.notEqual(await page.evaluate(() => document.activeElement && document.activeElement.id), 'q');
      await page.locator('body').press('/');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'q', '/ moves the focus to #q');
      assert.equal(await page.inputValue('#q'), '', 'the / itself is not typed');
      await page.keyboard.type('a/b');
      assert.equal(await page.inputValue('#q'), 'a/b', 'inside the box / is an ordinary character');
      assertClean(page);
    });

    test('labels in German for a German browser', { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await open(t, { locale: 'de-DE', query: '?q=Hochwasser' });
      assert.equal(await page.getAttribute('html', 'lang'), 'de');
      assert.equal((await page.locator('#search-button').textContent()).trim(), 'Suchen');
      assert.match(await page.locator('#count').innerText(), /^3 Treffer/);
      assert.ok((await page.locator('#back').textContent()).includes('Zurück zur Trefferliste'));
      assertClean(page);
    });

    test('search shows hits, count and highlights', { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await open(t);
      await search(page, 'Hochwasser');
      assert.match(await page.locator('#count').innerText(), /^3 results/);
      assert.equal(await page.locator('#hits .hit').count(), 3);
      // Every snippet marks the query word (stemming may mark related forms too).
      for (const hit of await page.locator('#hits .hit').all()) {
        const marks = await hit.locator('.hit-snippet mark, .hit-title mark').allTextContents();
        assert.ok(marks.some((m) => /hochwasser/i.test(m)), `a hit marks Hochwasser: ${JSON.stringify(marks)}`);
      }
      const sources = await facetCounts(page, 'facet-sources');
      for (const s of ['dpa', 'AFP', 'ČTK']) assert.equal(sources[s], '1', `source facet ${s}: ${JSON.stringify(sources)}`);
      // Each hit shows date, sources and the file path as plain text.
      const first = page.locator('#hits .hit').first();
      assert.ok((await first.locator('.hit-path').textContent()).length > 0);
      assert.ok(await first.locator('.hit-meta').innerText());
      // Export links carry the current search.
      const csv = new URL(await page.getAttribute('#export-csv', 'href'), BASE);
      assert.equal(csv.pathname, '/api/export');
      assert.equal(csv.searchParams.get('q'), 'Hochwasser');
      assert.equal(csv.searchParams.get('format'), 'csv');
      await shot(page, 'search.png');
      assertClean(page);
    });

    test('source facets add and remove filters', { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await open(t, { query: '?q=Hochwasser' });
      assert.equal(await shownCount(page), 3);
      const languagesBefore = await facetCounts(page, 'facet-languages');
      const yearsBefore = await facetCounts(page, 'facet-years');

      await page.locator('#facet-sources .facet[data-value="dpa"]').click();
      await waitForParams(page, () => new URLSearchParams(location.search).getAll('agency').includes('dpa'), 'agency=dpa');
      assert.equal(await shownCount(page), 1);
      assert.equal(await page.locator('#hits .hit').count(), 1);
      assert.equal(await page.getAttribute('#facet-sources .facet[data-value="dpa"]', 'aria-pressed'), 'true');
      assert.match(await page.locator('#active').innerText(), /dpa/);
      // The other dimensions now count only the dpa hit ...
      assert.notDeepEqual(await facetCounts(page, 'facet-years'), yearsBefore, 'year counts follow the source filter');
      assert.notDeepEqual(await facetCounts(page, 'facet-languages'), languagesBefore, 'language counts follow the source filter');
      // ... while the sources list still offers the others.
      const sources = await facetCounts(page, 'facet-sources');
      assert.ok('AFP' in sources && 'ČTK' in sources, `other sources stay selectable: ${JSON.stringify(sources)}`);

      // A second source: articles citing either.
      await page.locator('#facet-sources .facet[data-value="AFP"]').click();
      await waitForParams(page, () => new URLSearchParams(location.search).getAll('agency').length === 2, 'two agency= values');
      assert.equal(await shownCount(page), 2);

      // Clicking an active value removes it; so does the chip's ×.
      await page.locator('#facet-sources .facet[data-value="dpa"]').click();
      await waitForParams(page, () => !new URLSearchParams(location.search).getAll('agency').includes('dpa'), 'no agency=dpa');
      assert.equal(await shownCount(page), 1);
      await page.locator('#active .chip', { hasText: 'AFP' }).click();
      await waitForParams(page, () => !new URLSearchParams(location.search).has('agency'), 'no agency=');
      assert.equal(await shownCount(page), 3);
      assert.equal(await page.locator('#active .chip').count(), 0);
      assert.equal(params(page).get('q'), 'Hochwasser');

      // A year is a date range of its own.
      await page.locator('#facet-years .facet[data-value="2023"]').click();
      await waitForParams(page, () => new URLSearchParams(location.search).get('since') === '2023', 'since=2023');
      assert.equal(params(page).get('until'), '2023');
      assert.equal(await shownCount(page), 1);
      assert.equal(await page.getAttribute('#facet-years .facet[data-value="2023"]', 'aria-pressed'), 'true');
      await page.locator('#facet-years .facet[data-value="2023"]').click();
      await waitForParams(page, () => !new URLSearchParams(location.search).has('since'), 'no since=');
      assert.equal(await shownCount(page), 3);
      assertClean(page);
    });

    test('dragging across the chart sets the dates; a click picks one period', { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await open(t);
      const before = await shownCount(page);
      const over = page.locator('#chart .u-over');
      await over.waitFor();
      let box = await over.boundingBox();
      assert.ok(box && box.width > 100, 'the chart is drawn');
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width * 0.7, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.8, y, { steps: 5 });
      await page.mouse.move(box.x + box.width * 0.94, y, { steps: 5 });
      await page.mouse.up();
      await waitForParams(page, () => {
        const sp = new URLSearchParams(location.search);
        return sp.has('since') && sp.has('until');
      }, 'since= and until=');
      const since = params(page).get('since');
      const until = params(page).get('until');
      assert.match(since, /^\d{4}(-\d{2}(-\d{2})?)?$/);
      assert.ok(since <= until, `since ${since} <= until ${until}`);
      const lo = since.length === 4 ? `${since}-01-01` : since.length === 7 ? `${since}-01` : since;
      const hi = until.length === 4 ? `${until}-12-31` : until.length === 7 ? `${until}-31` : until;

      // The hits and the count agree with the server for the new range.
      const expected = await api(`api/search?since=${since}&until=${until}&limit=10`);
      assert.equal(await shownCount(page), expected.total_hits);
      assert.ok(expected.total_hits < before, `the range ${since}..${until} narrows ${before} hits`);
      const dates = await page.$$eval('#hits .hit .hit-meta time', (ts) => ts.map((x) => x.getAttribute('datetime')));
      assert.equal(dates.length, await page.locator('#hits .hit').count(), 'every hit in a date range has a date');
      for (const d of dates) assert.ok(d.slice(0, 10) >= lo && d.slice(0, 10) <= hi, `${d} within ${since}..${until}`);
      assert.match(await page.locator('#active').innerText(), new RegExp(since));

      // Reset dates.
      assert.equal(await page.isEnabled('#reset-dates'), true);
      await page.locator('#reset-dates').click();
      await waitForParams(page, () => !new URLSearchParams(location.search).has('since'), 'no since=');
      assert.equal(await shownCount(page), before);

      // A click on the last period (the newest year).
      await over.waitFor();
      box = await over.boundingBox();
      await page.mouse.click(box.x + box.width - 3, box.y + box.height / 2);
      await waitForParams(page, () => new URLSearchParams(location.search).has('since'), 'since= after a click');
      assert.equal(params(page).get('since'), params(page).get('until'), 'one period');
      const stats = await api('api/stats');
      assert.equal(params(page).get('since'), String(stats.latest).slice(0, 4), 'the newest year');

      // Chart type and scale toggles keep the dates and live in the URL.
      await page.locator('#chart-line').click();
      await waitForParams(page, () => new URLSearchParams(location.search).get('chart') === 'line', 'chart=line');
      assert.equal(params(page).get('since'), params(page).get('until'));
      assert.equal(await page.locator('#chart .u-over').count(), 1);
      assertClean(page);
    });

    test('an article opens with marks; browser back returns to the hits', { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await open(t, { query: '?q=Hochwasser' });
      const firstTitle = (await page.locator('#hits .hit-title').first().innerText()).trim();
      await page.locator('#hits .hit-title').first().click();
      await waitForParams(page, () => new URLSearchParams(location.search).has('article'), 'article=');
      const id = params(page).get('article');
      assert.equal(await page.isVisible('#article'), true);
      assert.equal(await page.isVisible('#hits'), false);
      assert.equal((await page.locator('#article-title').innerText()).trim(), firstTitle);
      const text = await page.locator('#article-text').innerText();
      const article = await api(`api/articles/${encodeURIComponent(id)}?q=Hochwasser`);
      assert.equal(text.replace(/\s+/g, ' ').trim(), article.text.replace(/\s+/g, ' ').trim(), 'the full text is shown');
      const marks = await page.locator('#article-text mark.hl').allTextContents();
      assert.ok(marks.length >= 1 && marks.every((m) => /hochwasser/i.test(m)), `query marks: ${JSON.stringify(marks)}`);
      const spans = article.sources.reduce((k, s) => k + s.spans.length, 0);
      if (spans > 0) assert.ok(await page.locator('#article-text mark.source').count() >= 1, 'cited sources are marked');
      for (const s of article.sources) assert.match(await page.locator('#article-sources').innerText(), new RegExp(s.name));
      await shot(page, 'article.png');

      await page.goBack();
      await waitForParams(page, () => !new URLSearchParams(location.search).has('article'), 'no article=');
      assert.equal(params(page).get('q'), 'Hochwasser');
      assert.equal(await page.isVisible('#hits'), true);
      assert.equal(await page.isVisible('#article'), false);
      assert.equal(await page.locator('#hits .hit').count(), 3);
      assert.equal(await page.inputValue('#q'), 'Hochwasser');

      // Forward again, then the page's own back control.
      await page.goForward();
      await waitForParams(page, () => new URLSearchParams(location.search).has('article'), 'article= again');
      await page.locator('#article-title').waitFor();
      await page.locator('#back').click();
      await waitForParams(page, () => !new URLSearchParams(location.search).has('article'), 'no article= after #back');
      assert.equal(await page.locator('#hits .hit').count(), 3);

      // A shared link restores the open article.
      await page.goto(`${BASE}?q=Hochwasser&article=${encodeURIComponent(id)}`);
      await settled(page);
      assert.equal((await page.locator('#article-title').innerText()).trim(), firstTitle);
      assert.ok(await page.locator('#article-text mark.hl').count() >= 1);
      assertClean(page);
    });

    test('paging moves through the hits', { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await open(t);
      const firstPage = await page.$$eval('#hits .hit', (hs) => hs.map((h) => h.getAttribute('data-id')));
      assert.equal(firstPage.length, 10);
      await page.locator('#pager a[data-page="2"]').first().click();
      await waitForParams(page, () => new URLSearchParams(location.search).get('page') === '2', 'page=2');
      const secondPage = await page.$$eval('#hits .hit', (hs) => hs.map((h) => h.getAttribute('data-id')));
      assert.ok(secondPage.length > 0);
      assert.equal(secondPage.filter((id) => firstPage.includes(id)).length, 0, 'page 2 shows other articles');
      assert.equal(await page.getAttribute('#pager [aria-current="page"]', 'data-page'), '2');
      await page.locator('#pager .pager-prev').click();
      await waitForParams(page, () => !new URLSearchParams(location.search).has('page'), 'page 1');
      assertClean(page);
    });

    test('errors from the server are shown; "did you mean" offers a fix', { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await open(t, { query: '?q=Hochwaser' });
      assert.equal(await shownCount(page), 0);
      const suggestion = page.locator('#suggestion a');
      assert.equal(await suggestion.textContent(), 'Hochwasser');
      await suggestion.click();
      await waitForParams(page, () => new URLSearchParams(location.search).get('q') === 'Hochwasser', 'q=Hochwasser');
      assert.equal(await shownCount(page), 3);
      assert.equal(await page.isVisible('#error'), false);

      // A malformed query: the server's message appears in the alert box.
      await search(page, '"unclosed');
      const res = await fetch(new URL(`api/search?q=${encodeURIComponent('"unclosed')}`, BASE));
      assert.equal(res.status, 400);
      assert.equal(await page.isVisible('#error'), true);
      assert.equal((await page.locator('#error-text').innerText()).trim(), (await res.json()).error);
      assertClean(page);
    });

    test('an unknown article shows the server error', { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await open(t, { query: '?article=no-such-article-here' });
      const error = page.locator('#error');
      assert.equal(await error.isVisible(), true);
      assert.equal(await error.getAttribute('role'), 'alert');
      const res = await fetch(new URL('api/articles/no-such-article-here', BASE));
      assert.equal(res.status, 404);
      const body = await res.json();
      assert.equal((await page.locator('#error-text').innerText()).trim(), body.error);
      assert.equal(page.problems.pageErrors.length, 0);
    });

    test('hostile article data stays text', { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await open(t);
      await search(page, 'Giftköder');
      assert.equal(await shownCount(page), 3);

      const hitsText = await page.locator('#hits').innerText();
      for (const title of HOSTILE_TITLES) assert.ok(hitsText.includes(title), `title shown literally: ${title}`);
      for (const text of HOSTILE_TEXTS) assert.ok(hitsText.includes(text), `snippet shown literally: ${text}`);
      assert.ok(hitsText.includes('<script>'));
      assert.ok((await page.locator('#facet-sources').innerText()).includes(HOSTILE_AGENCY), 'agency name shown literally');

      const noInjectedElements = async (where) => {
        const found = await page.evaluate(() => ({
          scripts: [...document.scripts].map((s) => s.getAttribute('src')),
          elements: document.querySelectorAll('img, iframe, svg, object, embed, b, #hits a:not(.hit-title), #article-text a').length,
          jsLinks: [...document.querySelectorAll('a[href], [src], [onerror], [onload], [onmouseover]')]
            .filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || '') ||
              e.hasAttribute('onerror') || e.hasAttribute('onload') || e.hasAttribute('onmouseover'))
            .map((e) => e.outerHTML),
          pwned: window.__pwned,
        }));
        assert.deepEqual(found.scripts, ['/static/vendor/uPlot.iife.min.js', '/static/app.js'], `${where}: only the page's own scripts`);
        assert.equal(found.elements, 0, `${where}: no element from article data`);
        assert.deepEqual(found.jsLinks, [], `${where}: no javascript: link or event handler`);
        assert.equal(found.pwned, undefined, `${where}: window.__pwned stays undefined`);
      };
      await noInjectedElements('hit list');
      for (const hit of await page.locator('#hits .hit').all()) {
        await hit.locator('.hit-title').hover();
        await hit.locator('.hit-snippet').hover();
      }
      await page.locator('#facet-sources .facet').first().hover();
      await noInjectedElements('after hovering');

      for (let i = 0; i < HOSTILE_TITLES.length; i++) {
        await page.locator('#hits .hit-title', { hasText: HOSTILE_TITLES[i] }).click();
        await waitForParams(page, () => new URLSearchParams(location.search).has('article'), `article= for hostile ${i + 1}`);
        await page.locator('#article-title').waitFor();
        assert.equal(await page.locator('#article-title').textContent(), HOSTILE_TITLES[i]);
        assert.ok((await page.locator('#article-text').textContent()).includes(HOSTILE_TEXTS[i]), `text of hostile ${i + 1}`);
        await page.locator('#article-title').hover();
        await page.locator('#article-text').hover();
        await noInjectedElements(`article ${i + 1}`);
        const meta = await page.locator('#article-meta').innerText();
        if (i === 0) {
          assert.ok(meta.includes('javascript:window.__pwned=3'), 'the javascript: URL is shown as text');
          assert.equal(await page.locator('#article a[href^="javascript"]').count(), 0, 'the javascript: URL is not a link');
          assert.ok((await page.locator('#article-sources').innerText()).includes(HOSTILE_AGENCY));
        }
        const hrefs = await page.$$eval('#article a[href]', (as) => as.map((a) => a.getAttribute('href')));
        for (const h of hrefs) assert.match(h, /^(https?:\/\/|\/|\?)/, `link in the article view: ${h}`);
        await page.goBack();
        await waitForParams(page, () => !new URLSearchParams(location.search).has('article'), 'back to the hits');
        await page.locator('#hits .hit').first().waitFor();
      }
      await noInjectedElements('end');
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assertClean(page);
    });

    test('fits a phone screen without sideways scrolling', { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await open(t, { width: 390, height: 844, query: '?q=Hochwasser' });
      const fits = () => page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      let [scroll, inner] = await fits();
      assert.ok(scroll <= inner, `hit list: scrollWidth ${scroll} > innerWidth ${inner}`);
      assert.equal(await page.locator('#hits .hit').count(), 3);
      assert.ok(await page.locator('#chart .u-over').count() === 1, 'the chart is drawn on a phone');
      await shot(page, 'phone.png');

      await page.locator('#hits .hit-title').first().click();
      await waitForParams(page, () => new URLSearchParams(location.search).has('article'), 'article=');
      [scroll, inner] = await fits();
      assert.ok(scroll <= inner, `article: scrollWidth ${scroll} > innerWidth ${inner}`);
      await shot(page, 'phone-article.png');

      await page.goto(`${BASE}?q=Giftk%C3%B6der`);
      await settled(page);
      assert.equal(await shownCount(page), 3);
      [scroll, inner] = await fits();
      assert.ok(scroll <= inner, `hostile hits: scrollWidth ${scroll} > innerWidth ${inner}`);
      assertClean(page);
    });
  });
}

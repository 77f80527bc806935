// Loads `trialparse show` / `show --batch` / `diff --html` pages in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core) and checks what a reviewer relies on:
// one highlight per span of the record, each highlight's text equal to the input bytes under
// its span (text layouts), hostile pages running no script, and the page's own script working.
// Run from the repository root by .ci/run: `node --test tests/browser/`.
// TRIALPARSE: the binary (default target/debug/trialparse). ARTIFACTS: where screenshots go.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const bin = process.env.TRIALPARSE || join(root, 'target', 'debug', 'trialparse');
const artifacts = process.env.ARTIFACTS || join(root, 'target', 'browser');
const work = mkdtempSync(join(tmpdir(), 'trialparse-browser-'));
let browser;

const VIEWS = {
  '001': { input: 'corpus/001_e528972679042d84.txt', text: true },
  '004': { input: 'corpus/004_d666156634f9ad67.txt', text: true },
  '000': { input: 'corpus/000_12ad7b77f5f507e9.txt', text: false },
  html: { input: 'corpus/edge/find_page.html', text: false },
  json: { input: 'corpus/edge/registry_record.json', text: false },
  xss_txt: { input: 'corpus/edge/xss_page.txt', text: true, hostile: true },
  xss_html: { input: 'corpus/edge/xss_page.html', text: false, hostile: true },
};

const tp = (args) => execFileSync(bin, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const url = (p) => pathToFileURL(p).href;

/** Every span in a record, found without knowing its types (as the Rust test does). */
function spansOf(record) {
  const out = [];
  const walk = (v, key) => {
    if (Array.isArray(v)) {
      if (key === 'span' && v.length === 2 && v.every(Number.isInteger)) { out.push(`${v[0]}-${v[1]}`); return; }
      v.forEach((x) => walk(x, null));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'field_spans') { Object.values(x).forEach((s) => out.push(`${s[0]}-${s[1]}`)); } else { walk(x, k); }
      }
    }
  };
  walk(record, null);
  return out.sort();
}

/** Opens a page, failing the test on any dialog, console error or uncaught exception. */
async function open(file) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(5000);
  const problems = [];
  page.on('dialog', async (d) => { problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') { problems.push(`console ${m.type()}: ${m.text()}`); } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url(file));
  return { page, problems };
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  for (const [name, v] of Object.entries(VIEWS)) {
    tp(['show', v.input, '-o', join(work, `${name}.html`)]);
    writeFileSync(join(work, `${name}.json`), tp(['extract', '-q', v.input]));
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) { await browser.close(); }
  rmSync(work, { recursive: true, force: true });
});

for (const [name, v] of Object.entries(VIEWS)) {
  test(`${name}: one highlight per span of the record${v.text ? ', each over exactly its bytes' : ''}`, async () => {
    const record = JSON.parse(readFileSync(join(work, `${name}.json`), 'utf8'));
    const { page, problems } = await open(join(work, `${name}.html`));
    const marks = await page.$$eval('#text .hl', (els) => {
      const byId = new Map();
      for (const e of els) {
        const m = e.dataset.m;
        if (!byId.has(m)) { byId.set(m, { span: e.dataset.span, text: '', firsts: 0 }); }
        const r = byId.get(m);
        r.text += e.textContent;
        if (!e.classList.contains('cont')) { r.firsts += 1; }
      }
      return [...byId.values()];
    });
    assert.deepEqual(marks.map((m) => m.span).sort(), spansOf(record));
    assert.ok(marks.every((m) => m.firsts === 1), 'each highlight opens once');
    if (v.text) {
      const bytes = readFileSync(join(root, v.input));
      for (const m of marks) {
        const [s, e] = m.span.split('-').map(Number);
        assert.equal(m.text, bytes.subarray(s, e).toString('utf8'), `span ${m.span}`);
      }
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
}

for (const name of ['xss_txt', 'xss_html']) {
  test(`${name}: a hostile page runs nothing and shows its markup as text`, async () => {
    const { page, problems } = await open(join(work, `${name}.html`));
    const facts = await page.evaluate(() => ({
      scripts: document.scripts.length,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
      jsLinks: document.querySelectorAll('a[href^="javascript"], iframe, img, svg, object, embed, base, meta[http-equiv=refresh]').length,
      text: document.getElementById('text').textContent,
    }));
    assert.equal(facts.scripts, 1);
    assert.equal(facts.handlers, 0);
    assert.equal(facts.jsLinks, 0);
    assert.match(facts.text, name === 'xss_txt' ? /<\/textarea><script>alert\(2\)<\/script>/ : /<script>alert\(4\)<\/script>/);
    // Exercise the page's own script over the hostile text: hover, click, keys, filters.
    for (const h of (await page.$$('#text .hl')).slice(0, 25)) {
      await h.hover();
      await h.click();
      await page.keyboard.press('Escape');
    }
    for (const k of ['j', 'j', 'k', 'n', 'p', 'Escape']) { await page.keyboard.press(k); }
    await page.click('input[data-hide="k-lab"]');
    await page.waitForTimeout(100);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('004: clicking a threshold shows its fields; keys step through items; panel jumps', async () => {
  const { page, problems } = await open(join(work, '004.html'));
  const lab = page.locator('#text .hl.k-lab:not(.cont)').first();
  await lab.click();
  const pop = page.locator('#pop');
  assert.equal(await pop.isVisible(), true);
  const card = await pop.textContent();
  assert.match(card, /lab threshold/);
  assert.match(card, /comparator/);
  assert.match(card, /inside: /, 'the card names the criterion the value sits in');
  assert.equal(await page.locator('#panel .entry.sel').count(), 1);
  await page.screenshot({ path: join(artifacts, 'seed-004-view.png') });
  await page.keyboard.press('j');
  const next = await page.$eval('#text .hl.sel', (e) => e.dataset.m);
  assert.notEqual(next, await lab.getAttribute('data-m'));
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.sel').count(), 0);
  await page.locator('#panel li.entry.k-mut').first().click();
  assert.equal(await page.locator('#text .hl.k-mut.sel').count() >= 1, true);
  await page.click('input[data-hide="k-inc"]');
  assert.equal(await page.evaluate(() => document.body.classList.contains('hide-k-inc')), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('show --batch: an index row per input, sortable and filterable, linking to each view', async () => {
  const dir = join(work, 'report');
  const run = spawnSync(bin, ['show', '--batch', '-q', 'corpus', '-o', dir], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const inputs = tp(['extract', '-q', 'corpus']).trim().split('\n').map((l) => JSON.parse(l));
  const { page, problems } = await open(join(dir, 'index.html'));
  const rows = page.locator('tbody tr');
  assert.equal(await rows.count(), inputs.length);
  await page.click('th:has-text("labs")');
  await page.click('th:has-text("labs")');
  const top = Number(await page.locator('tbody tr:first-child td:nth-child(10)').textContent());
  assert.equal(top, Math.max(...inputs.map((r) => r.lab_thresholds.length)));
  await page.fill('#filter', 'study_view');
  const shown = await page.locator('tbody tr:not([hidden])').count();
  assert.equal(shown, inputs.filter((r) => r.format === 'study_view').length);
  await page.fill('#filter', '');
  await page.locator('tbody tr a').first().click();
  await page.waitForSelector('#text');
  assert.equal(await page.locator('#text .hl').count() > 0, true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('diff --html: changed records side by side with their spans in the page text', async () => {
  const old = join(work, 'old.jsonl');
  const neu = join(work, 'new.jsonl');
  const lines = tp(['extract', '-q', 'corpus/004_d666156634f9ad67.txt', 'corpus/001_e528972679042d84.txt']);
  writeFileSync(old, lines);
  const recs = lines.trim().split('\n').map((l) => JSON.parse(l));
  recs[0].lab_thresholds[0].value = 99;
  recs[0].lab_thresholds[1].span = [recs[0].lab_thresholds[1].span[0] + 1, recs[0].lab_thresholds[1].span[1]];
  writeFileSync(neu, recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const html = join(work, 'diff.html');
  const run = spawnSync(bin, ['diff', old, neu, '--html', html], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  const { page, problems } = await open(html);
  assert.equal(await page.locator('section.rec table.changes').count(), 1);
  assert.equal(await page.locator('table.changes tbody tr').count(), 2);
  assert.equal(await page.locator('.text .hl.k-old.k-new').count(), 1, 'same span, changed value');
  assert.equal(await page.locator('.text .hl.k-old:not(.k-new)').count(), 1);
  assert.equal(await page.locator('.text .hl.k-new:not(.k-old)').count(), 1);
  await page.locator('table.changes tbody tr').first().click();
  assert.equal(await page.locator('.text .hl.sel').count() >= 1, true);
  assert.deepEqual(problems, []);
  await page.close();
});

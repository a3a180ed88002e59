// The benchmark: prints figures, asserts nothing. Run it with bench/run.sh, which builds
// the release app and the minimal reference page first and runs the native timings.
//   node bench/bench.mjs [native.json]
// Against the builds served gzip-compressed on 127.0.0.1 in headless Debian Chromium:
//   1. first-load transfer (raw and gzip bytes, request count), app and minimal page;
//   2. navigation -> form ready, app and minimal page interleaved, median of RUNS;
//   3. keystroke -> preview updated while typing 100 characters into one step, for plans
//      of 10, 100 and 1000 steps (+200 revision rows): from keydown and from input;
//   4. native render/import/validate of a 10,000-step plan (from native.json);
//   5. localStorage writes during a 100-character typing burst;
//   6. a 5 MB import: the main thread's long tasks while the plan is put on the page.
// Writes target/bench/results.json and prints a table.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, serveDist, launch, pasteImport, labelled } from '../tests/e2e/helpers.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const MINIMAL_DIST = join(ROOT, 'target/bench-minimal/dist');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

const app = await serveDist({ gzip: true });
const minimal = await serveDist({ dir: MINIMAL_DIST, gzip: true });
const browser = await launch();
const results = { date: new Date().toISOString(), chromium: browser.version(), runs: RUNS };

// 1. First-load transfer: every request the page makes, as the network saw it.
async function transfer(url, dir) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const requests = new Map();
  cdp.on('Network.responseReceived', (e) => { if (e.response.status === 200) requests.set(e.requestId, { url: e.response.url }); });
  cdp.on('Network.loadingFinished', (e) => { const r = requests.get(e.requestId); if (r) r.gzip = e.encodedDataLength; });
  await page.goto(url, { waitUntil: 'networkidle' });
  await context.close();
  const files = [...requests.values()].map((r) => {
    let path = new URL(r.url).pathname.replace(/^\//, '') || 'index.html';
    const raw = readFileSync(join(dir, path)).length;
    return { file: path, raw, gzip: r.gzip };
  });
  return {
    requests: files.length,
    raw_bytes: files.reduce((a, f) => a + f.raw, 0),
    transferred_bytes: files.reduce((a, f) => a + f.gzip, 0),
    files,
  };
}
results.transfer = { app: await transfer(app.url, join(ROOT, 'dist')), minimal: await transfer(minimal.url, MINIMAL_DIST) };

// 2. Navigation -> form ready (the form and the preview in the DOM), interleaved runs.
const READY = {
  app: '#title, .preview .doc, #add-revision',
  minimal: '#text',
};
async function readyTime(url, selectors) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.addInitScript((sels) => {
    const all = sels.split(', ');
    new MutationObserver((_, mo) => {
      if (all.every((s) => document.querySelector(s))) { window.__ready = performance.now(); mo.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  }, selectors);
  await page.goto(url);
  await page.waitForFunction(() => window.__ready !== undefined);
  const t = await page.evaluate(() => window.__ready);
  await context.close();
  return t;
}
const ready = { app: [], minimal: [] };
for (let i = 0; i < RUNS; i++) {
  ready.app.push(await readyTime(app.url, READY.app));
  ready.minimal.push(await readyTime(minimal.url, READY.minimal));
}
results.form_ready_ms = {
  app: round(median(ready.app), 1), minimal: round(median(ready.minimal), 1),
  ratio: round(median(ready.app) / median(ready.minimal)), all_app: ready.app.map((x) => round(x, 1)), all_minimal: ready.minimal.map((x) => round(x, 1)),
};

// 3. Keystroke -> preview, and 5. storage writes during a burst.
function planMarkdown(steps) {
  const lines = ['# Search platform 9.0.0', '', '## Purpose', '', 'Roll out search 9.0.0.', '', '## Deployment Steps', ''];
  for (let i = 1; i <= steps; i++) lines.push(`${i}. Deploy shard search-${i} and check that \`/health\` returns 200`);
  lines.push('', '## Revision History', '', '| Date | Version | Author | Notes |', '| --- | --- | --- | --- |');
  for (let i = 0; i < 200; i++) lines.push(`| 20${10 + Math.floor(i / 120)}-${String(1 + (Math.floor(i / 10) % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')} | ${Math.floor(i / 10)}.${i % 10}.0 | Release Manager | Revision ${i} |`);
  return lines.join('\n') + '\n';
}

/** A step's input on a page of up to a thousand steps: found within two minutes. */
const stepInput = (page, label) => labelled(page, label, 120000);

async function openWithPlan(steps) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(app.url);
  await pasteImport(page, planMarkdown(steps));
  await (await stepInput(page, `Step ${steps}`)).waitFor();
  await page.getByText(/^Saved /).first().waitFor();
  return { context, page };
}

async function keystrokes(steps) {
  const { context, page } = await openWithPlan(steps);
  const input = await stepInput(page, `Step ${Math.ceil(steps / 2)}`);
  await input.click();
  await page.keyboard.press('End');
  await page.evaluate(() => {
    window.__samples = [];
    let keydown = 0;
    let input = 0;
    addEventListener('keydown', () => { keydown = performance.now(); }, true);
    addEventListener('input', () => { input = performance.now(); }, true);
    new MutationObserver(() => {
      if (keydown) {
        const now = performance.now();
        window.__samples.push([now - keydown, now - input]);
        keydown = 0;
      }
    }).observe(document.querySelector('.preview .doc'), { childList: true, subtree: true, characterData: true });
  });
  const text = 'and then watch the error rate on the dashboard for five minutes before going on!!'.padEnd(100, '.');
  for (const [i, ch] of [...text].entries()) {
    await page.keyboard.press(ch);
    await page.waitForFunction((n) => window.__samples.length >= n, i + 1, { polling: 'raf' });
  }
  const samples = await page.evaluate(() => window.__samples);
  await context.close();
  const fromKey = samples.map((s) => s[0]);
  const fromInput = samples.map((s) => s[1]);
  return {
    keystrokes: samples.length,
    keydown_p50: round(pct(fromKey, 50)), keydown_p95: round(pct(fromKey, 95)),
    input_p50: round(pct(fromInput, 50)), input_p95: round(pct(fromInput, 95)),
  };
}
results.keystroke_to_preview_ms = {};
for (const steps of [10, 100, 1000]) results.keystroke_to_preview_ms[steps] = await keystrokes(steps);
const k = results.keystroke_to_preview_ms;
results.keystroke_to_preview_ms.flatness_input_p50_1000_vs_10 = round(k[1000].input_p50 / k[10].input_p50);

async function storageWrites() {
  const { context, page } = await openWithPlan(100);
  await (await stepInput(page, 'Step 50')).click();
  await page.waitForTimeout(700);
  await page.evaluate(() => {
    window.__writes = 0;
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (this === localStorage && key.startsWith('deployment-plan-editor:draft:')) window.__writes++;
      return set.call(this, key, value);
    };
  });
  // 100 characters at 40 ms apart: a fast typist.
  await page.keyboard.type('x'.repeat(100), { delay: 40 });
  await page.waitForTimeout(1500);
  const writes = await page.evaluate(() => window.__writes);
  await context.close();
  return writes;
}
results.storage_writes_per_100_char_burst = await storageWrites();

// 6. A 5 MB import (40,000 steps of ~140 characters), read from a file: the main thread's
// long tasks (PerformanceObserver) while it is imported and put on the page, for 20 s.
async function bigImport() {
  const lines = ['# Search platform 9.0.0', '', '## Purpose', '', 'Roll out search 9.0.0.', '', '## Deployment Steps', ''];
  for (let i = 1; i <= 40000; i++) lines.push(`${i}. Deploy shard search-${i} of the cluster in region eu-west and check that \`/health\` returns 200 within 30 s, then go on`);
  const text = lines.join('\n') + '\n';
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.locator('#title').waitFor();
  await page.evaluate(() => {
    window.__tasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push(e.duration); }).observe({ type: 'longtask' });
  });
  // Chosen from a file on disk, as a person would: Playwright hands a file given as a buffer
  // to the page through the page's own main thread (a second-long task that is not ours).
  const file = join(ROOT, 'target', 'bench', 'big.md');
  writeFileSync(file, text);
  const start = Date.now();
  await page.getByLabel('Import Markdown', { exact: true }).setInputFiles(file);
  await page.getByRole('region', { name: 'Import report', exact: true }).waitFor({ timeout: 120000 });
  const report = Date.now() - start;
  await page.waitForTimeout(20000);
  const tasks = await page.evaluate(() => window.__tasks);
  const shown = await page.locator('.editor ol.items > li').count();
  await context.close();
  return {
    bytes: text.length, report_ms: report, longest_task_ms: round(Math.max(0, ...tasks), 0),
    tasks_over_200_ms: tasks.filter((t) => t > 200).map((t) => round(t, 0)),
    longest_other_task_ms: round(Math.max(0, ...tasks.filter((t) => t !== Math.max(...tasks))), 0),
    steps_on_page_after_20_s: shown,
  };
}
results.import_5mb = await bigImport();

await browser.close();
await app.close();
await minimal.close();

const nativeFile = process.argv[2];
if (nativeFile && existsSync(nativeFile)) results.native = JSON.parse(readFileSync(nativeFile, 'utf8'));

// Where the WASM's code comes from: twiggy's item sizes (before wasm-bindgen and
// wasm-opt, so the proportions, not the bytes, are what counts), summed by crate.
const twiggyFile = process.argv[3];
if (twiggyFile && existsSync(twiggyFile)) {
  const byCrate = new Map();
  for (const line of readFileSync(twiggyFile, 'utf8').split('\n').slice(1)) {
    const m = line.match(/^"?(.*?)"?,(\d+),/);
    if (!m) continue;
    const [name, bytes] = [m[1], Number(m[2])];
    if (/^(custom section|"+function names|export |import |__wbindgen_describe|table|elem|type|code section)/.test(name) || name.includes('wasm_bindgen::describe')) continue;
    // `<T as crate::Trait>::f` counts for the trait's crate.
    const path = name.replace(/^<(?:&(?:mut )?)?T as /, '');
    const crate = name.startsWith('data segment') ? 'data (strings, tables)' : (path.match(/^<?(?:&(?:mut )?)?([a-z_][a-z0-9_]*)/)?.[1] ?? 'other');
    byCrate.set(crate, (byCrate.get(crate) ?? 0) + bytes);
  }
  const total = [...byCrate.values()].reduce((a, b) => a + b, 0);
  results.code_by_crate = Object.fromEntries([...byCrate.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)
    .map(([c, b]) => [c, { bytes: b, share: round((100 * b) / total, 1) }]));
}

mkdirSync(join(ROOT, 'target/bench'), { recursive: true });
writeFileSync(join(ROOT, 'target/bench/results.json'), JSON.stringify(results, null, 2));

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const t = results.transfer;
const rows = [
  ['First load, app', `${t.app.requests} requests, ${kb(t.app.raw_bytes)} raw, ${kb(t.app.transferred_bytes)} transferred (gzip)`, '<= 150 KB gzip'],
  ['First load, minimal Leptos page', `${t.minimal.requests} requests, ${kb(t.minimal.raw_bytes)} raw, ${kb(t.minimal.transferred_bytes)} transferred (gzip)`, ''],
  ['Form ready (median)', `app ${results.form_ready_ms.app} ms, minimal ${results.form_ready_ms.minimal} ms, ratio ${results.form_ready_ms.ratio}`, '<= 1.5x'],
  ...[10, 100, 1000].map((n) => [`Keystroke -> preview, ${n} steps`, `keydown p50 ${k[n].keydown_p50} / p95 ${k[n].keydown_p95} ms; input p50 ${k[n].input_p50} / p95 ${k[n].input_p95} ms`, n === 1000 ? 'p95 <= 8 ms' : '']),
  ['Flatness (input p50, 1000 vs 10)', `${k.flatness_input_p50_1000_vs_10}x`, '<= 1.5x or within 1 ms'],
  ['Storage writes, 100-char burst', String(results.storage_writes_per_100_char_burst), '<= 3'],
  ['5 MB import (40,000 steps)', `report after ${results.import_5mb.report_ms} ms; tasks over 200 ms: ${results.import_5mb.tasks_over_200_ms.join(', ') || 'none'}; longest other ${results.import_5mb.longest_other_task_ms} ms; ${results.import_5mb.steps_on_page_after_20_s} steps on the page after 20 s`, 'no task over 200 ms'],
];
if (results.native) {
  const n = results.native;
  rows.push(['Native, 10,000 steps', `render ${n.render_ms} ms + import ${n.import_ms} ms = ${n.render_plus_import_ms} ms; validate ${n.validate_ms} ms (pulldown-cmark alone ${n.pulldown_cmark_parse_ms} ms)`, 'render + import <= 10 ms']);
}
if (results.code_by_crate) {
  rows.push(['WASM code by crate (twiggy)', Object.entries(results.code_by_crate).slice(0, 8).map(([c, v]) => `${c} ${v.share}%`).join(', '), '']);
}
const width = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
console.log(`\n${['Measure', 'Result', 'Target'].map((h, c) => h.padEnd(width[c])).join(' | ')}`);
console.log(width.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(r.map((x, c) => x.padEnd(width[c])).join(' | '));
console.log(`\nwrote target/bench/results.json (Chromium ${results.chromium}, ${RUNS} runs for form ready)`);

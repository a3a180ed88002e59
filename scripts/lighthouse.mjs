// Lighthouse (npm lighthouse@12.2.3) against the release build served gzip-compressed on
// 127.0.0.1, in headless Debian Chromium, with the desktop preset and the default
// (mobile) preset. Each preset runs RUNS times (3 unless LIGHTHOUSE_RUNS says otherwise)
// and the run with the median Performance score is reported, as Lighthouse's docs advise
// for noisy machines. Prints the eight scores and writes target/lighthouse.json.
// Run after `trunk build --release`:  node scripts/lighthouse.mjs [--check]
// LH_DUMP=target/lhr keeps the full reports (target/lhr-desktop.json, target/lhr-mobile.json).
// With --check, exits 1 when a score is below the target (desktop 100 in all four;
// mobile 100 except Performance >= 95).
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { mkdirSync, writeFileSync } from 'node:fs';
import { serveDist, ROOT } from '../tests/e2e/helpers.mjs';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const server = await serveDist({ gzip: true });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = {};
try {
  for (const [preset, config] of [['desktop', desktopConfig], ['mobile', undefined]]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push((await lighthouse(server.url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES }, config)).lhr);
    }
    runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const lhr = runs[Math.floor(runs.length / 2)];
    if (process.env.LH_DUMP) writeFileSync(`${process.env.LH_DUMP}-${preset}.json`, JSON.stringify(lhr));
    results[preset] = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(lhr.categories[c].score * 100)]));
    results[preset].performance_all_runs = runs.map((r) => Math.round(r.categories.performance.score * 100));
    results[preset].metrics = Object.fromEntries(
      ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
        .map((a) => [a, lhr.audits[a].displayValue]));
    const failed = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual');
    results[preset].below_full_marks = failed.map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`);
  }
} finally {
  await chrome.kill();
  await server.close();
}
console.log('preset   performance  accessibility  best-practices  seo');
for (const [preset, r] of Object.entries(results)) {
  console.log(`${preset.padEnd(8)} ${String(r.performance).padStart(11)}  ${String(r.accessibility).padStart(13)}  ${String(r['best-practices']).padStart(14)}  ${String(r.seo).padStart(3)}`);
}
for (const [preset, r] of Object.entries(results)) {
  console.log(`${preset}: Performance in each run: ${r.performance_all_runs.join(', ')}`);
  console.log(`${preset}: ${Object.entries(r.metrics).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (r.below_full_marks.length) console.log(`${preset}: audits below full marks: ${r.below_full_marks.join('; ')}`);
}
mkdirSync(`${ROOT}/target`, { recursive: true });
writeFileSync(`${ROOT}/target/lighthouse.json`, JSON.stringify(results, null, 2));
if (process.argv.includes('--check')) {
  const low = [];
  for (const c of CATEGORIES) if (results.desktop[c] < 100) low.push(`desktop ${c} ${results.desktop[c]}`);
  for (const c of CATEGORIES) if (results.mobile[c] < (c === 'performance' ? 95 : 100)) low.push(`mobile ${c} ${results.mobile[c]}`);
  if (low.length) { console.error(`lighthouse: below target: ${low.join(', ')}`); process.exit(1); }
}

// Shared set-up for the browser end-to-end tests: a static server for dist/ on
// 127.0.0.1, Debian's Chromium through playwright-core, and a page that records every
// console error, page error and dialog.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/** Serves a build on 127.0.0.1, optionally under a path prefix such as `/some-repo/`. */
/** `overrides` maps a path (such as `/sw.js`) to a function that changes the body served. */
/** With `gzip`, compresses responses for clients that accept it, as GitHub Pages does. */
export async function serveDist({ dir = DIST, prefix = '/', gzip = false } = {}) {
  const overrides = new Map();
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404).end('not found'); return; }
    path = '/' + path.slice(prefix.length);
    const file = normalize(join(dir, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      let body = await readFile(file);
      const change = overrides.get(path);
      if (change) body = Buffer.from(change(body.toString('utf8')));
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        body = gzipSync(body, { level: 9 });
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}${prefix}`, overrides, close: () => new Promise((ok) => server.close(ok)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context and page with recorders; waits until the editor is interactive. */
export async function openEditor(browser, url, { init, context: ctxOptions } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...ctxOptions });
  const page = await context.newPage();
  const errors = [];
  const dialogs = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  if (init) await page.addInitScript(init);
  await page.goto(url);
  await page.getByLabel('Title', { exact: true }).waitFor();
  return { context, page, errors, dialogs };
}

export const exact = { exact: true };

/** Adds `texts` to a list section through its "Add <noun>" button and "<Noun> N" labels. */
export async function fillList(page, noun, texts) {
  const existing = await page.getByLabel(new RegExp(`^${noun} \\d+$`)).count();
  for (const [i, text] of texts.entries()) {
    await page.getByRole('button', { name: `Add ${noun.toLowerCase()}`, exact: true }).click();
    const input = page.getByLabel(`${noun} ${existing + i + 1}`, exact);
    // A new item receives focus, so typing continues where the user is.
    const id = await input.getAttribute('id');
    await page.waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 2000 });
    await input.fill(text);
  }
}

/** Downloads through the button; a plan with errors asks once to confirm. */
export async function downloadMarkdown(page, { confirm = false } = {}) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    (async () => {
      await page.getByRole('button', { name: 'Download Markdown', exact: true }).click();
      if (confirm) await page.getByRole('button', { name: 'Download anyway', exact: true }).click();
    })(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** Imports `text` through the "Paste Markdown" dialog and waits for the import report. */
export async function pasteImport(page, text) {
  await page.getByRole('button', { name: 'Paste Markdown', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste Markdown', exact: true });
  await dialog.getByLabel('Markdown to import', exact).fill(text);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('region', { name: 'Import report', exact: true }).waitFor();
}

export const preview = (page) => page.getByRole('region', { name: 'Preview', exact: true });

export async function waitSaved(page) {
  await page.getByText(/^Saved \d\d:\d\d:\d\d$/).waitFor({ timeout: 3000 });
}


// Shared set-up for the browser end-to-end tests: a static server for dist/ on
// 127.0.0.1, Debian's Chromium through playwright-core, and a page that records every
// console error, page error and dialog.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { AssertionError } from 'node:assert';
import { isDeepStrictEqual, inspect } from 'node:util';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
/** The single-file copy of the release build, opened from disk. */
export const SINGLE_FILE_URL = pathToFileURL(join(DIST, 'deployment-plan-editor.html')).href;
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

/** How long `eventually` waits by default: far longer than the app ever needs on an idle
 *  machine, so that a loaded one (a busy CI runner) still passes. */
export const PATIENCE = 10_000;

const TOO_LATE = Symbol('too late');

/** Whether `value` is what `want` asks for: a RegExp that the (string) value matches, a
 *  predicate that returns true for it, or a value it deep-strictly equals. */
function satisfies(value, want) {
  if (want instanceof RegExp) return typeof value === 'string' && want.test(value);
  if (typeof want === 'function') return want(value) === true;
  return isDeepStrictEqual(value, want);
}

/**
 * Reads `read()` again and again until its value is what `want` asks for (see `satisfies`)
 * and returns that value; after `timeout` ms fails with `message`, the last value read (or
 * the error the last read threw) and what was wanted. This is how a test waits for the
 * state it asserts: the app updates the page a microtask, a task or a frame after an input,
 * and later still on a loaded machine.
 *
 * `options` is a message or `{ message, timeout }`.
 */
export async function eventually(read, want, options = {}) {
  const { message = '', timeout = PATIENCE } = typeof options === 'string' ? { message: options } : options;
  const deadline = Date.now() + timeout;
  let last;
  let readOnce = false;
  let failure;
  let pause = 10;
  for (;;) {
    // A read that waits on its own (a locator whose element is missing) may not outlast
    // the deadline; once abandoned, its late failure must not surface as unhandled.
    const attempt = Promise.resolve().then(read);
    attempt.catch(() => {});
    let timer;
    const late = new Promise((ok) => { timer = setTimeout(() => ok(TOO_LATE), Math.max(0, deadline - Date.now())); });
    try {
      const value = await Promise.race([attempt, late]);
      if (value !== TOO_LATE) {
        last = value;
        readOnce = true;
        failure = undefined;
        if (satisfies(value, want)) return value;
      }
    } catch (error) {
      failure = error;
    } finally {
      clearTimeout(timer);
    }
    if (Date.now() >= deadline) break;
    await new Promise((ok) => setTimeout(ok, pause));
    pause = Math.min(pause * 2, 100);
  }
  const wanted = want instanceof RegExp ? `a string matching ${want}`
    : typeof want === 'function' ? `a value for which ${want.toString().slice(0, 200)} holds` : inspect(want, { depth: 6 });
  const got = failure ? `the last read failed: ${failure.message?.split('\n')[0] ?? failure}`
    : readOnce ? `last value: ${inspect(last, { depth: 6 })}` : 'no read finished (is the element there?)';
  throw new AssertionError({
    message: `${message ? `${message}: ` : ''}not true within ${timeout} ms; ${got}; wanted ${wanted}`,
    actual: last,
    expected: want,
    operator: 'eventually',
  });
}

/** `eventually` for a locator's input value, text content, attribute, count or visibility. */
/** The control labelled `text`, found by its label element: Playwright's getByLabel works
 *  out the accessible name of every element, which takes seconds on a long plan's page
 *  (tens of seconds at a thousand steps). */
export async function labelled(page, text, timeout = PATIENCE) {
  const id = await eventually(() => page.evaluate((t) => [...document.querySelectorAll('label')].find((l) => l.textContent === t)?.htmlFor ?? null, text),
    (id) => id !== null, { message: `a label "${text}"`, timeout });
  return page.locator(`[id="${id}"]`);
}

export const expectValue = (locator, want, message = `value of ${locator}`) => eventually(() => locator.inputValue(), want, message);
export const expectText = (locator, want, message = `text of ${locator}`) => eventually(() => locator.textContent(), want, message);
export const expectAttribute = (locator, name, want, message = `${name} of ${locator}`) => eventually(() => locator.getAttribute(name), want, message);
export const expectCount = (locator, want, message = `number of ${locator}`) => eventually(() => locator.count(), want, message);
export const expectVisible = (locator, want, message = `visibility of ${locator}`) => eventually(() => locator.isVisible(), want, message);

/**
 * Waits until the page has run what was queued so far: its microtasks (the app's DOM
 * updates), a task (its deferred checks) and an animation frame (its deferred focus).
 * Only for asserting that something did NOT happen, where there is no state to wait for:
 * everything that could have made it happen has run by then.
 */
export async function settled(page) {
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0))));
}

/**
 * Drags `source` onto `target` with the events the app listens to, each in its own task as
 * in a real drag: dragstart on the source, dragover on the target (which must cancel it to
 * accept the drop, as the browser requires), drop on the target, dragend on the source.
 * Playwright's mouse-driven `dragTo` depends on the rows not moving under the pointer.
 */
export async function dragAndDrop(page, source, target) {
  const [from, to] = [await source.elementHandle(), await target.elementHandle()];
  const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
  const fire = (element, type) => page.evaluate(([el, type, dt]) => el.dispatchEvent(new DragEvent(type,
    { dataTransfer: dt, bubbles: true, cancelable: true, composed: true })), [element, type, dataTransfer]);
  await fire(from, 'dragstart');
  await fire(to, 'dragenter');
  const accepted = !(await fire(to, 'dragover'));
  if (!accepted) throw new AssertionError({ message: `the drop target ${target} did not accept the drag (dragover not cancelled)` });
  await fire(to, 'drop');
  await fire(from, 'dragend');
  await Promise.all([from.dispose(), to.dispose(), dataTransfer.dispose()]);
}

/** Adds `texts` to a list section through its "Add <noun>" button and "<Noun> N" labels. */
export async function fillList(page, noun, texts) {
  const existing = await page.getByLabel(new RegExp(`^${noun} \\d+$`)).count();
  for (const [i, text] of texts.entries()) {
    await page.getByRole('button', { name: `Add ${noun.toLowerCase()}`, exact: true }).click();
    const input = page.getByLabel(`${noun} ${existing + i + 1}`, exact);
    // A new item receives focus, so typing continues where the user is.
    const id = await input.getAttribute('id');
    await page.waitForFunction((want) => document.activeElement?.id === want, id, { timeout: PATIENCE });
    // It is focused once more before the next frame: let that pass before going on.
    await settled(page);
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
export async function pasteImport(page, text, { report = true } = {}) {
  await page.getByRole('button', { name: 'Paste Markdown', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste Markdown', exact: true });
  await dialog.getByLabel('Markdown to import', exact).fill(text);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  if (report) await page.getByRole('region', { name: 'Import report', exact: true }).waitFor();
}

/** The header's "Menu" button: on narrow screens it unfolds the secondary actions (Load
 *  example, share, import, paste, Help, Theme, the outline); on wide ones it is hidden and
 *  they show in a second row. */
export const menuButton = (page) => page.getByRole('button', { name: 'Menu', exact: true });

/** Makes `control` (a header control) reachable: opens the menu when it is hidden there. */
export async function revealInHeader(page, control) {
  if (await control.isVisible()) return control;
  const menu = menuButton(page);
  if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  await control.waitFor({ timeout: PATIENCE });
  return control;
}

/** Clicks the header button named `name`, opening the menu first only when the button is
 *  hidden in it (narrow screens). */
export async function headerAction(page, name) {
  const button = page.getByRole('button', { name, exact: true });
  await revealInHeader(page, button);
  await button.click();
}

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** Runs axe-core with every WCAG 2.0/2.1 A and AA rule; fails listing each violation. The
 *  page must come from a context made with `axeContext` (axe is injected as a script, which
 *  the app's Content-Security-Policy would refuse). */
export async function expectNoViolations(page, state) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }));
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  assert.deepEqual(found, [], `axe violations in state "${state}"`);
  return result;
}

export const axeContext = (extra = {}) => ({ context: { bypassCSP: true, ...extra } });

export const preview = (page) => page.getByRole('region', { name: 'Preview', exact: true });

/** Waits until the latest change is saved. The header keeps saying "Saved <time>" of the
 *  previous save until the app has noticed the change (a task after the input), so first
 *  let it notice (it then says "Saving…"), then wait for "Saved". */
export async function waitSaved(page) {
  // The app notices in a zero-delay timer set by the input; this one runs after it.
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 0)));
  await page.getByText(/^Saved \d\d:\d\d:\d\d$/).waitFor({ timeout: PATIENCE });
}


/** Drafts in localStorage: the key prefix, the Drafts region, the notice line, and every
 *  stored draft as the app wrote it. */
export const DRAFT = 'deployment-plan-editor:draft:';
export const drafts = (page) => page.getByRole('region', { name: 'Drafts', exact: true });
export const notice = (page) => page.locator('.notice');
export const storedDrafts = (page) => page.evaluate((prefix) => Object.entries(localStorage)
  .filter(([k]) => k.startsWith(prefix)).map(([, v]) => JSON.parse(v)), DRAFT);

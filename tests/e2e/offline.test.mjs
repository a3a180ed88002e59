// Browser end-to-end tests of offline use: after the first visit the service worker has
// the app shell, so the editor reloads and works with the network gone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, serveDist, launch, openEditor, exact, fillList, downloadMarkdown, waitSaved, eventually, settled, expectValue, expectText, pasteImport } from './helpers.mjs';

// Built by scripts/test.sh with `trunk build --public-url /some-repo/` (as for GitHub Pages).
const SUBPATH_DIST = join(ROOT, 'target/dist-subpath');

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function offlineRoundTrip(url) {
  const { context, page, errors } = await openEditor(browser, url);
  // The worker has installed the app shell and taken control of the page.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 });
  await page.getByLabel('Title', exact).fill('Plan written on a plane');
  await waitSaved(page);

  await context.setOffline(true);
  await page.reload();
  await page.getByLabel('Title', exact).waitFor();
  await expectValue(page.getByLabel('Title', exact), 'Plan written on a plane');
  await fillList(page, 'Step', ['Deploy without a network']);
  await waitSaved(page);
  const { text } = await downloadMarkdown(page, { confirm: true });
  assert.match(text, /^# Plan written on a plane\n/);
  assert.match(text, /\n1\. Deploy without a network\n/);

  // A new tab opens offline too.
  const again = await context.newPage();
  await again.goto(url);
  await again.getByLabel('Title', exact).waitFor();
  await expectValue(again.getByLabel('Title', exact), 'Plan written on a plane');
  // The import worker, loaded on first use, comes from the cache too.
  await pasteImport(page, '# Imported on a plane\n\n## Deployment Steps\n\n1. Read by the import worker\n');
  await expectValue(page.getByLabel('Title', exact), 'Imported on a plane');
  await expectValue(page.getByLabel('Step 1', exact), 'Read by the import worker');
  assert.deepEqual(errors, []);
  await context.close();
}

test('after the first visit the editor reloads, edits and downloads with the network gone', async () => {
  await offlineRoundTrip(server.url);
});

test('the build for a sub-path (GitHub Pages) loads under /some-repo/ and works offline', { skip: !existsSync(SUBPATH_DIST) }, async () => {
  const sub = await serveDist({ dir: SUBPATH_DIST, prefix: '/some-repo/' });
  try {
    await offlineRoundTrip(sub.url);
  } finally {
    await sub.close();
  }
});

test('the default build also works when served under any folder', async () => {
  const sub = await serveDist({ prefix: '/any/folder/' });
  try {
    const { context, page, errors } = await openEditor(browser, sub.url);
    await page.getByRole('button', { name: 'Load example', exact: true }).click();
    await expectValue(page.getByLabel('Step 1', exact), 'Place service in maintenance mode');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await sub.close();
  }
});

test('the page links a web app manifest with a name, an icon and a theme colour', async () => {
  const { context, page } = await openEditor(browser, server.url);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await page.request.get(new URL(href, server.url).href)).json();
  assert.equal(manifest.name, 'Deployment plan editor');
  assert.equal(manifest.theme_color, '#0b5cad');
  assert.ok(manifest.icons.length >= 1);
  const sw = await (await page.request.get(new URL('sw.js', server.url).href)).text();
  assert.doesNotMatch(sw, /__BUILD__/, 'the build stamps the service worker version');
  await context.close();
});

test('a strict Content-Security-Policy is obeyed and no request leaves the origin', async () => {
  const watch = () => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  };
  const { context, page, errors } = await openEditor(browser, server.url, { init: watch });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.match(policy, /connect-src 'self'/);
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'/);
  // Exercise the app: example, preview, import, drafts.
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await page.getByText('Markdown', exact).click();
  await page.getByLabel('Import Markdown', exact).setInputFiles({ name: 'x.md', mimeType: 'text/markdown',
    buffer: Buffer.from('# X\n\n## Purpose\n\n![img](https://example.invalid/x.png) <img src=https://example.invalid/y.png>\n') });
  await page.getByRole('region', { name: 'Import report' }).waitFor();
  // A violation is reported a task after it happens; the reload starts a new record.
  await settled(page);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'while exercising the app');
  await page.reload();
  await page.getByLabel('Title', exact).waitFor();
  await settled(page);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'while starting');
  const origin = new URL(server.url).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('share link round trip: copy, open in a fresh browser, open as a new draft', async () => {
  const { readFileSync } = await import('node:fs');
  const golden = readFileSync(join(ROOT, 'tests/golden/example.md'), 'utf8');
  const { context, page } = await openEditor(browser, server.url,
    { context: { permissions: ['clipboard-read', 'clipboard-write'] } });
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await page.getByRole('button', { name: 'Copy share link', exact: true }).click();
  await page.locator('.notice').getByText(/Copied a share link \(\d+ KB\)/).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /#plan=[A-Za-z0-9_-]+$/);
  await context.close();

  const fresh = await browser.newContext({ acceptDownloads: true });
  const other = await fresh.newPage();
  await other.goto(link);
  const offer = other.getByRole('region', { name: 'Shared plan', exact: true });
  await offer.getByText('This link contains a plan: "Authentication service 3.4.0"').waitFor();
  // Nothing is opened until the user says so, and the fragment is gone from the address.
  await settled(other);
  assert.equal(await other.getByLabel('Title', exact).inputValue(), '');
  assert.equal(new URL(other.url()).hash, '');
  await offer.getByRole('button', { name: 'Open as new draft', exact: true }).click();
  await expectValue(other.getByLabel('Title', exact), 'Authentication service 3.4.0');
  assert.equal((await downloadMarkdown(other, { confirm: true })).text, golden);
  await fresh.close();
});

test('malformed and hostile share links give a clear message and never run anything', async () => {
  const { deflateRawSync } = await import('node:zlib');
  const b64 = (buf) => buf.toString('base64url');
  const hostile = b64(deflateRawSync(JSON.stringify({ title: '<img src=x onerror=alert(1)>', purpose: '<script>alert(1)</script>' })));
  const cases = [
    ['', /could not be opened: the link is damaged|does not hold a plan/],
    ['!!!not-base64', /could not be opened: the link is damaged \(it is not valid base64\)/],
    [b64(Buffer.from('plain bytes, not deflate')), /could not be opened: the link is damaged \(its data does not decompress/],
    [b64(deflateRawSync(Buffer.alloc(16 << 20, 32))), /does not decompress, or is too large/],
    ['A'.repeat(200000), /too long to be a plan/],
    [b64(deflateRawSync('[1,2,3]')), /does not hold a plan/],
  ];
  for (const [fragment, message] of cases) {
    const { context, page, errors, dialogs } = await openEditor(browser, `${server.url}#plan=${fragment}`);
    await page.locator('.notice').getByText(message).waitFor();
    await page.getByLabel('Title', exact).fill('still usable');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    await context.close();
  }
  const { context, page, errors, dialogs } = await openEditor(browser, `${server.url}#plan=${hostile}`);
  const offer = page.getByRole('region', { name: 'Shared plan', exact: true });
  await offer.getByText('This link contains a plan: "<img src=x onerror=alert(1)>"').waitFor();
  await offer.getByRole('button', { name: 'Open as new draft', exact: true }).click();
  await expectText(page.getByRole('region', { name: 'Preview' }).getByRole('heading', { level: 1 }), '<img src=x onerror=alert(1)>');
  await settled(page);
  assert.equal(await page.getByRole('region', { name: 'Preview' }).locator('img, script').count(), 0);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the single-file copy opens from disk (file://), autosaves and survives a reload', async () => {
  const { context, page } = await openEditor(browser, server.url);
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download offline copy', exact: true }).click()]);
  assert.equal(download.suggestedFilename(), 'deployment-plan-editor.html');
  const path = join(ROOT, 'target', 'offline-copy', 'deployment-plan-editor.html');
  await download.saveAs(path);
  await context.close();

  const disk = await browser.newContext({ acceptDownloads: true });
  const local = await disk.newPage();
  const errors = [];
  local.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  local.on('pageerror', (e) => errors.push(String(e)));
  const requests = [];
  disk.on('request', (r) => requests.push(r.url()));
  await local.goto(`file://${path}`);
  await local.getByLabel('Title', exact).fill('Drafted from a file on disk');
  await fillList(local, 'Step', ['Works without any server']);
  await waitSaved(local);
  await local.reload();
  await local.getByLabel('Title', exact).waitFor();
  await expectValue(local.getByLabel('Title', exact), 'Drafted from a file on disk');
  await expectValue(local.getByLabel('Step 1', exact), 'Works without any server');
  assert.equal(await local.getByRole('link', { name: 'Download offline copy' }).count(), 0);
  // The import worker is in the file too (started from a blob: URL).
  await pasteImport(local, '# Imported from disk\n\n## Deployment Steps\n\n1. Read by the inlined import worker\n');
  await expectValue(local.getByLabel('Title', exact), 'Imported from disk');
  await expectValue(local.getByLabel('Step 1', exact), 'Read by the inlined import worker');
  assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:')), []);
  assert.deepEqual(errors, []);
  await disk.close();
});

test('a new version is picked up quietly, and the draft is kept', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 });
  await page.getByLabel('Title', exact).fill('Kept across updates');
  await waitSaved(page);
  // Deploy a "new build": the service worker's version stamp changes.
  server.overrides.set('/sw.js', (text) => text.replace(/const BUILD = '[^']+'/, "const BUILD = 'next-build'"));
  try {
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.locator('.notice').getByText('A new version of the editor is ready: reload the page to use it. Your draft is saved.').waitFor();
    await page.reload();
    await page.getByLabel('Title', exact).waitFor();
    await expectValue(page.getByLabel('Title', exact), 'Kept across updates');
    // The old version's cache is gone once the new one takes over.
    await eventually(() => page.evaluate(() => caches.keys()), ['deployment-plan-editor-next-build'], 'caches');
  } finally {
    server.overrides.delete('/sw.js');
  }
  assert.deepEqual(errors, []);
  await context.close();
});

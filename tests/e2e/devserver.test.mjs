// The dev server (`./scripts/serve.sh`, i.e. `trunk serve`): the page loads under its
// Content-Security-Policy with no violation, the live-reload socket connects, and a change to
// a source file reloads the page by itself. Runs a debug build of its own (a few minutes the
// first time) in a copy of the sources, so the test never edits the working tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, appendFileSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { ROOT, launch, exact } from './helpers.mjs';

const freePort = () => new Promise((ok) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
});

/** Polls `f` until it returns a truthy value; fails with `what` after `ms`, or when `f` throws. */
async function until(f, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await f();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What a failed build said: its first error lines with what follows them, then the log's end. */
function failure(log) {
  const lines = log.split('\n');
  const first = lines.findIndex((l) => /^error|ERROR/.test(l.trim()));
  const cause = first < 0 ? '' : `${lines.slice(first, first + 40).join('\n')}\n[…]\n`;
  return `${cause}${log.slice(-2000)}`;
}

test('the dev server live-reloads with no Content-Security-Policy violation', { timeout: 20 * 60_000 }, async () => {
  // A copy of what trunk and cargo read; target/ is shared so that the debug build is incremental.
  // `.cargo` carries the wasm32 rustflags: without them, the dependencies prebuilt by
  // scripts/test.sh would not match, and trunk serve would rebuild every one of them.
  const work = mkdtempSync(join(tmpdir(), 'devserver-'));
  for (const entry of ['.cargo', 'index.html', 'Trunk.toml', 'Cargo.toml', 'Cargo.lock', 'rustfmt.toml', 'src', 'benches', 'style', 'assets', 'scripts']) {
    cpSync(join(ROOT, entry), join(work, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'));
  const port = await freePort();
  const server = spawn('trunk', ['serve', '--offline', '--locked', '--address', '127.0.0.1', '--port', String(port)], {
    cwd: work,
    env: { ...process.env, CARGO_TARGET_DIR: join(ROOT, 'target', 'devserver') },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  server.stdout.on('data', (d) => { log += d; });
  server.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}/`;
  const browser = await launch();
  try {
    await until(async () => {
      if (/ERROR/.test(log) || server.exitCode !== null) throw new Error(`trunk serve failed:\n${failure(log)}`);
      const answered = await fetch(url).then((r) => r.ok, () => false);
      return answered && existsSync(join(work, 'dist', 'index.html'));
    }, 15 * 60_000, 'trunk serve to answer');
    const page = await browser.newPage();
    const violations = [];
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    page.on('console', (m) => { if (m.text().startsWith('CSP violation')) violations.push(m.text()); });
    const socket = page.waitForEvent('websocket', { predicate: (ws) => ws.url().includes('/.well-known/trunk/ws') });
    await page.goto(url);
    await page.getByLabel('Title', exact).waitFor({ timeout: 60_000 });
    const ws = await socket;
    assert.equal(ws.isClosed(), false, 'the live-reload socket stays open');
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/, 'the dev build keeps the strict script policy');
    assert.doesNotMatch(policy, /unsafe-inline/);

    // A change to a source file: trunk rebuilds and the page reloads by itself.
    await page.evaluate(() => { window.beforeReload = true; });
    const reloaded = page.waitForEvent('load', { timeout: 10 * 60_000 });
    appendFileSync(join(work, 'style', 'main.css'), '\n/* changed by the dev-server test */\n');
    await reloaded;
    await page.getByLabel('Title', exact).waitFor({ timeout: 60_000 });
    assert.equal(await page.evaluate(() => window.beforeReload), undefined, 'the page was reloaded');
    assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
    assert.deepEqual(errors, [], 'no console error');
  } finally {
    await browser.close();
    if (server.exitCode === null) {
      const exited = new Promise((ok) => server.once('exit', ok));
      try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  }
});

// The preview under the strict Content-Security-Policy, in the hosted build and in the
// single-file copy opened from disk: aligned tables, images and raw HTML cause no policy
// violation, table alignment is kept (by class), and links that would leave for another
// host (//host, /\host, \\host) are neutralised.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, serveDist, launch, openEditor, pasteImport, preview, expectCount } from './helpers.mjs';

const table = (n) => `| Left ${n} | Centre | Right |\n|:---|:---:|---:|\n| a | b | c |\n| d | e | f |\n`;
// Under a heading of its own, kept as written (unrecognised content) and previewed as such.
const DOC = `# Preview safety

## Release notes

${Array.from({ length: 12 }, (_, i) => table(i)).join('\n')}
![an image](https://example.invalid/x.png) <img src="https://example.invalid/y.png" onerror="alert(1)">
<div style="color: red">raw html</div>

[protocol-relative](//evil.example/a) [backslash](/\\evil.example/b) [two backslashes](${'\\'.repeat(4)}evil.example/c) [fine](https://example.org/ok) [local](#purpose)
`;

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const watch = () => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
};

async function check(url) {
  const { context, page, errors, dialogs } = await openEditor(browser, url, { init: watch });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await pasteImport(page, DOC);
  const doc = preview(page);
  await expectCount(doc.locator('td.align-center'), 24, 'every centred cell keeps its alignment');
  await expectCount(doc.locator('th.align-right'), 12);
  assert.equal(await doc.locator('[style]').count(), 0, 'no style attribute in the preview');
  // Each link as written and where the browser would go: never to another host.
  const links = Object.fromEntries(await doc.locator('a').evaluateAll((all) =>
    all.map((a) => [a.textContent, { href: a.getAttribute('href'), host: new URL(a.href).host, here: location.host }])));
  assert.equal(links['protocol-relative'].href, '#');
  assert.equal(links.backslash.href, '#');
  for (const name of ['protocol-relative', 'backslash', 'two backslashes', 'local']) {
    assert.equal(links[name].host, links[name].here, `${name} stays on the page's host: ${JSON.stringify(links[name])}`);
  }
  assert.equal(links.fine.href, 'https://example.org/ok');
  assert.equal(links.local.href, '#purpose');
  assert.equal(await doc.locator('img').count(), 0, 'no image is loaded');
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no Content-Security-Policy violation');
  assert.deepEqual(requests.filter((u) => u.includes('example.invalid') || u.includes('evil.example')), []);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await context.close();
}

test('hosted build: aligned tables, images and HTML in the preview break no policy', async () => {
  await check(server.url);
});

test('single-file copy from disk: the same, and no file://host link', async () => {
  await check(`file://${join(ROOT, 'dist', 'deployment-plan-editor.html')}`);
});

// Browser end-to-end tests of drafts: many drafts, versioned storage, fault handling,
// two tabs, backup. Each case checks that the app stays usable, that what the user typed
// is still available (editor, download, or recovery key), and that a message says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serveDist, launch, openEditor, exact, downloadMarkdown, waitSaved, eventually, expectValue, expectText, expectCount,
  DRAFT, drafts, notice, storedDrafts } from './helpers.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Seeds localStorage before the app starts, once per tab. */
const seed = (entries) => [(e) => {
  if (sessionStorage.getItem('seeded')) return;
  sessionStorage.setItem('seeded', '1');
  for (const [k, v] of e) localStorage.setItem(k, v);
}, entries];

async function open(ctxOrBrowser, opts = {}) {
  if (opts.seed) {
    const [fn, arg] = seed(opts.seed);
    opts = { ...opts, init: `(${fn})(${JSON.stringify(arg)})` };
  }
  return openEditor(ctxOrBrowser, server.url, opts);
}

async function newTab(context) {
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByLabel('Title', exact).waitFor();
  return page;
}

test('corrupt JSON in a draft key is kept aside, reported and downloadable', async () => {
  const raw = '{"schema":2,"id":"x","plan":{"title":"half a dra';
  const { context, page, errors } = await open(browser, { seed: [[`${DRAFT}x`, raw]] });
  await notice(page).getByText(/could not be opened/).waitFor();
  const kept = await page.evaluate(() => Object.entries(localStorage)
    .filter(([k]) => k.startsWith('deployment-plan-editor:recovery:')).map(([, v]) => v));
  assert.deepEqual(kept, [raw]);
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download recovered data', exact: true }).click()]);
  assert.equal(readFileSync(await download.path(), 'utf8'), raw);
  await page.getByLabel('Title', exact).fill('Fresh start');
  await waitSaved(page);
  assert.deepEqual((await storedDrafts(page)).map((d) => d.plan.title), ['Fresh start']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a draft from schema 1 is migrated and opens', async () => {
  const v1 = JSON.stringify({ schema: 1, saved_at: '2026-11-01T08:00:00.000Z',
    plan: { title: 'Old plan', steps: [{ id: 4, text: 'Old step' }], status: 'In Review' } });
  const { context, page, errors } = await open(browser, { seed: [['deployment-plan-editor:draft', v1]] });
  await expectValue(page.getByLabel('Title', exact), 'Old plan');
  await expectValue(page.getByLabel('Step 1', exact), 'Old step');
  assert.equal(await page.evaluate(() => localStorage.getItem('deployment-plan-editor:draft')), null);
  const [migrated] = await storedDrafts(page);
  assert.equal(migrated.schema, 3);
  assert.equal(migrated.plan.title, 'Old plan');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a schema 2 draft opens unchanged and is saved as schema 3', async () => {
  const v2 = JSON.stringify({ schema: 2, id: 'old2', rev: 3, saved_at: '2026-11-20T08:00:00.000Z',
    plan: { title: 'Schema two', steps: [{ id: 4, text: 'Step', details: { owner: 'Pat', duration: '5 min', check: '' } }],
      extra: '## Appendix\n\nLinks.' } });
  const { context, page, errors } = await open(browser, { seed: [['deployment-plan-editor:draft:old2', v2]] });
  await expectValue(page.getByLabel('Title', exact), 'Schema two');
  await expectValue(page.getByLabel('Step 1 owner', exact), 'Pat');
  await expectValue(page.locator('#extra'), '## Appendix\n\nLinks.');
  await page.getByLabel('Title', exact).fill('Schema two, edited');
  await waitSaved(page);
  const [saved] = await storedDrafts(page);
  assert.equal(saved.schema, 3);
  assert.equal(saved.plan.extra, '## Appendix\n\nLinks.');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a draft from a future version is left untouched and reported', async () => {
  const future = JSON.stringify({ schema: 99, id: 'f', plan: { title: 'From the future', extra: [1, 2] } });
  const { context, page, errors } = await open(browser, { seed: [[`${DRAFT}f`, future]] });
  await notice(page).getByText(/newer version of this editor \(schema 99\) was left untouched/).waitFor();
  await page.getByLabel('Title', exact).fill('Mine');
  await waitSaved(page);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), `${DRAFT}f`), future);
  assert.deepEqual(errors, []);
  await context.close();
});

test('quota exceeded on write: told, nothing lost, saved again once there is room', async () => {
  const { context, page, errors } = await open(browser);
  const filled = await page.evaluate(() => {
    const chunk = 'x'.repeat(256 * 1024);
    let i = 0;
    try { for (; i < 200; i++) localStorage.setItem(`junk-${i}`, chunk); } catch { /* full */ }
    return i;
  });
  assert.ok(filled > 0 && filled < 200, `filled ${filled} chunks`);
  const big = 'Plan text that no longer fits. '.repeat(20000);
  await page.getByLabel('Purpose', exact).fill(big);
  await page.getByText(/^Not saved: browser storage is full/).waitFor();
  await expectValue(page.getByLabel('Purpose', exact), big);
  const { text } = await downloadMarkdown(page, { confirm: true });
  assert.ok(text.includes(big.trim()), 'the download has every character');
  // Closing the tab now asks first.
  const asked = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  assert.equal((await asked).type(), 'beforeunload');
  await page.evaluate(() => { for (const k of Object.keys(localStorage)) if (k.startsWith('junk-')) localStorage.removeItem(k); });
  await page.getByLabel('Title', exact).fill('Room again');
  await waitSaved(page);
  assert.equal((await storedDrafts(page))[0].plan.purpose, big);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 5 MB draft: the editor stays usable and every character stays available', async () => {
  const { context, page, errors } = await open(browser);
  const size = 5 * 1024 * 1024;
  const started = Date.now();
  await page.getByLabel('Purpose', exact).evaluate((el, n) => {
    el.value = 'a'.repeat(n);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, size);
  await page.getByText(/^(Saved \d\d:\d\d:\d\d|Not saved: .+)$/).waitFor({ timeout: 15000 });
  const state = await page.locator('.save-state').textContent();
  console.log(`5 MB draft: "${state.slice(0, 60)}" after ${Date.now() - started} ms`);
  await page.getByLabel('Title', exact).fill('Big plan');
  await expectText(page.getByRole('region', { name: 'Preview' }).getByRole('heading', { level: 1 }), 'Big plan');
  const { text } = await downloadMarkdown(page, { confirm: true });
  assert.ok(text.includes('a'.repeat(size)), 'the download has the whole purpose');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a second tab editing the same draft is never overwritten silently', async () => {
  const { context, page: a, errors } = await open(browser);
  await a.getByLabel('Title', exact).fill('Shared plan');
  await waitSaved(a);
  const b = await newTab(context);
  await expectValue(b.getByLabel('Title', exact), 'Shared plan');
  await b.getByLabel('Purpose', exact).fill('Written in tab B');
  await waitSaved(b);
  // Tab A learns of B's save and offers a choice instead of saving over it.
  const banner = a.getByRole('alert');
  await banner.getByText(/changed in another tab/).waitFor();
  await a.getByLabel('Owner', exact).fill('Written in tab A');
  // The autosave comes and writes nothing, and the header says so.
  await a.getByText(/^Not saved: changed in another tab\./).waitFor();
  assert.deepEqual((await storedDrafts(a)).map((d) => d.plan.purpose), ['Written in tab B']);
  await a.getByRole('button', { name: 'Keep mine as a copy', exact: true }).click();
  await waitSaved(a);
  const all = await storedDrafts(a);
  const byTitle = Object.fromEntries(all.map((d) => [d.plan.title, d.plan]));
  assert.equal(byTitle['Shared plan'].purpose, 'Written in tab B');
  assert.equal(byTitle['Shared plan (copy)'].owner, 'Written in tab A');
  await expectCount(a.getByRole('alert'), 0);

  // The other answer: load theirs.
  await b.getByLabel('Purpose', exact).fill('B again');
  await waitSaved(b);
  await a.getByRole('button', { name: 'Shared plan', exact: true }).click();
  await b.getByLabel('Purpose', exact).fill('B once more');
  await waitSaved(b);
  await a.getByRole('alert').waitFor();
  await a.getByRole('button', { name: 'Load theirs', exact: true }).click();
  await expectValue(a.getByLabel('Purpose', exact), 'B once more');
  assert.deepEqual(errors, []);
  await context.close();
});

test('storage cleared by another tab mid-session: this tab saves its draft again', async () => {
  const { context, page: a } = await open(browser);
  await a.getByLabel('Title', exact).fill('Survivor');
  await waitSaved(a);
  const b = await newTab(context);
  await b.evaluate(() => localStorage.clear());
  await a.locator('.notice').getByText(/cleared in another tab; this draft was saved again/).waitFor();
  assert.deepEqual((await storedDrafts(b)).map((d) => d.plan.title), ['Survivor']);
  await context.close();
});

test('many drafts: new, rename via title, duplicate, open, delete and undo', async () => {
  const { context, page, errors } = await open(browser);
  const list = drafts(page);
  await page.getByLabel('Title', exact).fill('Alpha');
  await waitSaved(page);
  await list.getByRole('button', { name: 'New draft', exact: true }).click();
  await expectValue(page.getByLabel('Title', exact), '');
  await page.getByLabel('Title', exact).fill('Beta');
  await waitSaved(page);
  await list.getByRole('button', { name: 'Duplicate Beta', exact: true }).click();
  await expectValue(page.getByLabel('Title', exact), 'Beta (copy)');
  await waitSaved(page);
  const titles = (want, message) => eventually(async () => (await list.locator('.live .draft-title').allTextContents()).sort(), want, message);
  await titles(['Alpha', 'Beta', 'Beta (copy)']);
  await list.getByRole('button', { name: 'Alpha', exact: true }).click();
  await expectValue(page.getByLabel('Title', exact), 'Alpha');
  await eventually(() => list.getByRole('button', { name: 'Alpha', exact: true }).getAttribute('aria-current'), 'true');

  await list.getByRole('button', { name: 'Delete Beta', exact: true }).click();
  await titles(['Alpha', 'Beta (copy)'], 'after deleting Beta');
  await notice(page).getByText('Deleted "Beta".').waitFor();
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expectValue(page.getByLabel('Title', exact), 'Beta');
  await titles(['Alpha', 'Beta', 'Beta (copy)'], 'after Undo');

  // Deleting the draft being edited opens another; the trash can restore it.
  await list.getByRole('button', { name: 'Delete Beta', exact: true }).click();
  await expectValue(page.getByLabel('Title', exact), (title) => title !== 'Beta', 'another draft is opened');
  await list.getByText('Trash (1)').click();
  await list.getByRole('button', { name: 'Restore Beta', exact: true }).click();
  await expectValue(page.getByLabel('Title', exact), 'Beta');
  // After a reload the tab reopens the draft it was editing.
  await page.reload();
  await page.getByLabel('Title', exact).waitFor();
  await expectValue(page.getByLabel('Title', exact), 'Beta');
  assert.deepEqual(errors, []);
  await context.close();
});

test('backup export, clear storage, import: identical drafts; a second import adds nothing', async () => {
  const { context, page, errors } = await open(browser);
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await waitSaved(page);
  await drafts(page).getByRole('button', { name: 'New draft', exact: true }).click();
  await page.getByLabel('Title', exact).fill('Second <img src=x onerror=alert(1)> plan');
  await waitSaved(page);
  const before = (await storedDrafts(page)).sort((x, y) => x.id.localeCompare(y.id));
  const [download] = await Promise.all([page.waitForEvent('download'),
    drafts(page).getByRole('button', { name: 'Export backup', exact: true }).click()]);
  const backupPath = await download.path();
  assert.match(download.suggestedFilename(), /^deployment-plan-drafts-\d{4}-\d\d-\d\d\.json$/);

  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  await page.reload();
  await page.getByLabel('Title', exact).waitFor();
  assert.equal((await storedDrafts(page)).length, 0);
  await drafts(page).getByLabel('Import backup', exact).setInputFiles(backupPath);
  await notice(page).getByText(/Imported the backup: 2 new, 0 kept as separate copies/).waitFor();
  const after = (await storedDrafts(page)).sort((x, y) => x.id.localeCompare(y.id));
  assert.deepEqual(after.map((d) => [d.id, d.plan]), before.map((d) => [d.id, d.plan]));

  await drafts(page).getByLabel('Import backup', exact).setInputFiles(backupPath);
  await notice(page).getByText(/0 new, 0 kept as separate copies .* 2 already here/).waitFor();
  // A file that is not a backup changes nothing and says why.
  await drafts(page).getByLabel('Import backup', exact).setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"nope":1}') });
  await notice(page).getByText(/not a backup from this editor. Nothing was changed./).waitFor();
  assert.equal((await storedDrafts(page)).length, 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an edit made just before the page is hidden is saved, even before the autosave noticed it', async () => {
  const { context, page, errors } = await open(browser);
  await page.getByLabel('Title', exact).fill('Before');
  await waitSaved(page);
  // The edit and the page going away in the same task: nothing has run in between.
  const stored = await page.evaluate(() => {
    const input = document.getElementById('title');
    input.value = 'After';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    window.dispatchEvent(new Event('pagehide'));
    return Object.keys(localStorage).filter((k) => k.startsWith('deployment-plan-editor:draft:'))
      .map((k) => JSON.parse(localStorage.getItem(k)).plan.title);
  });
  assert.deepEqual(stored, ['After']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an Undo made in one draft never overwrites another opened since', async () => {
  const { context, page, errors } = await open(browser);
  const list = drafts(page);
  await page.getByLabel('Title', exact).fill('Draft A');
  await waitSaved(page);
  await list.getByRole('button', { name: 'New draft', exact: true }).click();
  await page.getByLabel('Title', exact).fill('Draft B');
  await page.getByRole('button', { name: 'Add section', exact: true }).click();
  await page.getByRole('dialog', { name: 'Add section', exact: true }).getByRole('button', { name: 'Maintenance Window', exact: true }).click();
  await page.getByRole('button', { name: 'Remove section Maintenance Window', exact: true }).click();
  await waitSaved(page);
  await list.getByRole('button', { name: 'Draft A', exact: true }).click();
  await expectValue(page.getByLabel('Title', exact), 'Draft A');
  await notice(page).getByRole('button', { name: 'Undo', exact: true }).click();
  await notice(page).getByText('Nothing was undone: another plan has been opened since.').waitFor();
  await expectValue(page.getByLabel('Title', exact), 'Draft A');
  await waitSaved(page);
  await eventually(async () => (await list.locator('.live .draft-title').allTextContents()).sort(), ['Draft A', 'Draft B']);
  assert.deepEqual(errors, []);
  await context.close();
});

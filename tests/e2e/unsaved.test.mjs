// Browser end-to-end tests of unsaved work: while the header says "Not saved" (another
// tab's version is shown, or browser storage is full) nothing replaces what the editor
// holds. Such an action is refused with a notice that says how to keep the work, the
// typed text stays, and once the work is kept (stored again, or downloaded) the action
// goes ahead. Waits poll for states; nothing sleeps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serveDist, launch, openEditor, exact, downloadMarkdown, waitSaved, DRAFT, drafts, notice, storedDrafts } from './helpers.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const field = (page, name) => page.getByLabel(name, exact);
const SAVED = /^Saved \d\d:\d\d:\d\d$/;
const CONFLICT_HEADER = /^Not saved: changed in another tab\./;
const CONFLICT_REFUSED = 'This draft is not saved: another tab changed it. Choose Load theirs or Keep mine as a copy first.';
const FULL_HEADER = /^Not saved: browser storage is full/;
// (The notice may go on with an Undo button.)
const FULL_REFUSED = /^This draft is not saved: browser storage is full \(\d+ KB would not fit\)\. Keep it in a file first \(Download Markdown or Export backup\), then try again\./;

/** Waits until the header's save state matches `re`. */
const waitHeader = (page, re) => page.waitForFunction(([source, flags]) =>
  new RegExp(source, flags).test(document.querySelector('.save-state').textContent), [re.source, re.flags]);

async function newTab(context) {
  const page = await context.newPage();
  await page.goto(server.url);
  await field(page, 'Title').waitFor();
  return page;
}

/** Waits until storage holds a draft titled `title` whose plan has `key` set to `value`. */
async function waitStored(page, title, key, value) {
  await page.waitForFunction(([prefix, t, k, v]) => Object.entries(localStorage)
    .filter(([name]) => name.startsWith(prefix)).map(([, raw]) => JSON.parse(raw).plan)
    .some((p) => p.title === t && p[k] === v), [DRAFT, title, key, value]);
}

/** Records every text the header shows from now on, in `window.__states`. */
async function recordHeader(page) {
  await page.evaluate(() => {
    const el = document.querySelector('.save-state');
    window.__states = [el.textContent];
    new MutationObserver(() => window.__states.push(el.textContent))
      .observe(el, { childList: true, characterData: true, subtree: true });
  });
}

/** Types into a field and waits until the app has taken the change in (the readiness
 *  line follows the settled plan, which is also what the autosave follows). */
async function typeSettled(page, name, text) {
  const readiness = page.locator('.readiness-text');
  const before = await readiness.textContent();
  await field(page, name).fill(text);
  await page.waitForFunction((b) => document.querySelector('.readiness-text').textContent !== b, before);
}

/** Fills localStorage until not even one more character fits. Returns the keys added. */
const fillStorage = (page) => page.evaluate(() => {
  let n = 0;
  for (let size = 256 * 1024; size >= 1; size = Math.floor(size / 4)) {
    const chunk = 'x'.repeat(size);
    for (;;) {
      try { localStorage.setItem(`junk-${n}`, chunk); n++; } catch { break; }
    }
  }
  return n;
});
const freeStorage = (page) => page.evaluate(() => {
  for (const k of Object.keys(localStorage)) if (k.startsWith('junk-')) localStorage.removeItem(k);
});

/** Two tabs on one draft; tab B saves a change; tab A shows the conflict. */
async function conflict() {
  const { context, page: a, errors } = await openEditor(browser, server.url);
  await field(a, 'Title').fill('Shared plan');
  await waitSaved(a);
  const b = await newTab(context);
  assert.equal(await field(b, 'Title').inputValue(), 'Shared plan');
  await field(b, 'Purpose').fill('Written in tab B');
  await waitSaved(b);
  await a.getByRole('alert').getByText(/changed in another tab/).waitFor();
  return { context, a, b, errors };
}

for (const choice of ['Keep mine as a copy', 'Load theirs']) {
  test(`a conflict says Not saved, keeps the editor, and autosave resumes after ${choice}`, async () => {
    const { context, a, errors } = await conflict();
    await recordHeader(a);
    // Tab A edits while the other tab's version is shown: not saved, and never "Saving…".
    await typeSettled(a, 'Owner', 'Written in tab A');
    await a.keyboard.press('Control+s');
    await waitHeader(a, CONFLICT_HEADER);
    assert.equal(await a.getByRole('alert').count(), 1, 'the banner shows');
    // Replacing the editor now is refused, and the notice says how to keep the work.
    await drafts(a).getByRole('button', { name: 'New draft', exact: true }).click();
    await notice(a).getByText(CONFLICT_REFUSED, exact).waitFor();
    assert.equal(await field(a, 'Title').inputValue(), 'Shared plan');
    assert.equal(await field(a, 'Owner').inputValue(), 'Written in tab A');
    const states = await a.evaluate(() => window.__states);
    assert.ok(!states.includes('Saving…'), `header said ${JSON.stringify(states)}`);
    assert.match(states.at(-1), CONFLICT_HEADER);
    assert.deepEqual((await storedDrafts(a)).map((d) => [d.plan.purpose, d.plan.owner]),
      [['Written in tab B', '']], 'nothing written over tab B');

    await a.getByRole('alert').getByRole('button', { name: choice, exact: true }).click();
    await a.getByRole('alert').waitFor({ state: 'detached' });
    const title = choice === 'Load theirs' ? 'Shared plan' : 'Shared plan (copy)';
    if (choice === 'Load theirs') {
      assert.equal(await field(a, 'Purpose').inputValue(), 'Written in tab B');
      assert.equal(await field(a, 'Owner').inputValue(), '');
    } else {
      await waitStored(a, title, 'owner', 'Written in tab A');
    }
    // The autosave resumes: a further edit is stored and the header says so.
    await field(a, 'Owner').fill('After the choice');
    await waitStored(a, title, 'owner', 'After the choice');
    await waitHeader(a, SAVED);
    const byTitle = Object.fromEntries((await storedDrafts(a)).map((d) => [d.plan.title, d.plan]));
    assert.equal(byTitle['Shared plan'].purpose, 'Written in tab B');
    // And replacing the editor goes ahead again.
    await drafts(a).getByRole('button', { name: 'New draft', exact: true }).click();
    await notice(a).getByText('Started a new draft. Your other drafts are in the Drafts list.', exact).waitFor();
    assert.equal(await field(a, 'Title').inputValue(), '');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/** A tab with two stored drafts, "Other draft" and "Kept plan" (open), then a full quota
 *  and an edit that cannot be saved. */
async function fullWithAnEdit() {
  const { context, page, errors } = await openEditor(browser, server.url);
  await field(page, 'Title').fill('Other draft');
  await waitSaved(page);
  await drafts(page).getByRole('button', { name: 'New draft', exact: true }).click();
  await field(page, 'Title').fill('Kept plan');
  await waitStored(page, 'Kept plan', 'purpose', '');
  await waitHeader(page, SAVED);
  const filled = await fillStorage(page);
  assert.ok(filled > 0, `filled ${filled} keys`);
  const typed = 'Typed while browser storage is full. '.repeat(10).trim();
  await field(page, 'Purpose').fill(typed);
  await waitHeader(page, FULL_HEADER);
  return { context, page, errors, typed };
}

async function assertKept(page, typed) {
  assert.equal(await field(page, 'Title').inputValue(), 'Kept plan');
  assert.equal(await field(page, 'Purpose').inputValue(), typed);
  await waitHeader(page, FULL_HEADER);
}

/** Lets the page finish what the last input started: its tasks, then a frame. */
const idle = (page) => page.evaluate(() => new Promise((done) => setTimeout(() => requestAnimationFrame(() => done()), 0)));

/** Does `act` and waits for its refusal. The notice may say the same already (Leptos then
 *  leaves the DOM as it is), so once the page is idle the caller checks the editor. */
async function refused(page, act) {
  await act();
  await notice(page).getByText(FULL_REFUSED).waitFor();
  await idle(page);
}

test('storage full: New, open, duplicate, delete and paste import are refused until there is room', async () => {
  const { context, page, errors, typed } = await fullWithAnEdit();
  const list = drafts(page);
  await refused(page, () => list.getByRole('button', { name: 'New draft', exact: true }).click());
  await assertKept(page, typed);
  await refused(page, () => list.getByRole('button', { name: 'Other draft', exact: true }).click());
  await assertKept(page, typed);
  await refused(page, () => list.getByRole('button', { name: 'Duplicate Kept plan', exact: true }).click());
  await assertKept(page, typed);
  await refused(page, () => list.getByRole('button', { name: 'Delete Kept plan', exact: true }).click());
  await assertKept(page, typed);
  assert.equal(await list.getByText(/^Trash/).count(), 0, 'nothing moved to the trash');
  // Paste Markdown: refused, and the pasted text waits in the dialog.
  const pasted = '# Pasted plan\n\n## Purpose\n\nFrom the clipboard.\n';
  const dialog = page.getByRole('dialog', { name: 'Paste Markdown', exact: true });
  await refused(page, async () => {
    await page.getByRole('button', { name: 'Paste Markdown', exact: true }).click();
    await dialog.getByLabel('Markdown to import', exact).fill(pasted);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  });
  await assertKept(page, typed);
  assert.equal(await page.getByRole('region', { name: 'Import report', exact: true }).count(), 0);
  await page.getByRole('button', { name: 'Paste Markdown', exact: true }).click();
  assert.equal(await dialog.getByLabel('Markdown to import', exact).inputValue(), pasted);
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  // Nothing of the edit is stored yet.
  const kept = () => storedDrafts(page).then((all) => all.find((d) => d.plan.title === 'Kept plan').plan);
  assert.equal((await kept()).purpose, '');

  // Room again: the next action saves first, then goes ahead.
  await freeStorage(page);
  await list.getByRole('button', { name: 'Other draft', exact: true }).click();
  assert.equal(await field(page, 'Title').inputValue(), 'Other draft');
  assert.equal((await kept()).purpose, typed);
  await waitHeader(page, SAVED);
  await list.getByRole('button', { name: 'Kept plan', exact: true }).click();
  assert.equal(await field(page, 'Purpose').inputValue(), typed);
  await list.getByRole('button', { name: 'New draft', exact: true }).click();
  assert.equal(await field(page, 'Title').inputValue(), '');
  await page.getByRole('button', { name: 'Paste Markdown', exact: true }).click();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('region', { name: 'Import report', exact: true }).waitFor();
  assert.equal(await field(page, 'Title').inputValue(), 'Pasted plan');
  assert.equal(await field(page, 'Purpose').inputValue(), 'From the clipboard.');
  await waitStored(page, 'Pasted plan', 'purpose', 'From the clipboard.');
  assert.deepEqual(errors, []);
  await context.close();
});

test('storage full: once the plan is downloaded, another draft may replace it', async () => {
  const { context, page, errors, typed } = await fullWithAnEdit();
  const list = drafts(page);
  await refused(page, () => list.getByRole('button', { name: 'Other draft', exact: true }).click());
  const { text } = await downloadMarkdown(page, { confirm: true });
  assert.ok(text.includes(typed), 'the download has the unsaved text');
  await list.getByRole('button', { name: 'Other draft', exact: true }).click();
  assert.equal(await field(page, 'Title').inputValue(), 'Other draft');
  // A further change is not in the file: refused again.
  await field(page, 'Title').fill('Other draft, renamed');
  await waitHeader(page, FULL_HEADER);
  await refused(page, () => list.getByRole('button', { name: 'New draft', exact: true }).click());
  assert.equal(await field(page, 'Title').inputValue(), 'Other draft, renamed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('storage full: an exported backup holds the unsaved plan, and then another draft may replace it', async () => {
  const { context, page, errors, typed } = await fullWithAnEdit();
  const list = drafts(page);
  await refused(page, () => list.getByRole('button', { name: 'New draft', exact: true }).click());
  const [download] = await Promise.all([page.waitForEvent('download'),
    list.getByRole('button', { name: 'Export backup', exact: true }).click()]);
  const backup = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const byTitle = Object.fromEntries(backup.drafts.map((d) => [d.plan.title, d.plan]));
  assert.deepEqual(Object.keys(byTitle).sort(), ['Kept plan', 'Kept plan (unsaved)', 'Other draft']);
  assert.equal(byTitle['Kept plan (unsaved)'].purpose, typed, 'the unsaved version, beside the stored one');
  assert.equal(byTitle['Kept plan'].purpose, '');
  await notice(page).getByText(/^Exported 3 drafts to deployment-plan-drafts-.*\.json, with this draft's unsaved version as "Kept plan \(unsaved\)"\.$/).waitFor();
  await list.getByRole('button', { name: 'New draft', exact: true }).click();
  await notice(page).getByText('Started a new draft. Your other drafts are in the Drafts list.', exact).waitFor();
  assert.equal(await field(page, 'Title').inputValue(), '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('storage full: Load example keeps the unsaved plan behind Undo, even after a refusal', async () => {
  const { context, page, errors, typed } = await fullWithAnEdit();
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await notice(page).getByText(/^Loaded the template's Example/).waitFor();
  assert.notEqual(await field(page, 'Purpose').inputValue(), typed);
  // The example cannot be saved either: New draft is refused, and Undo is still offered.
  await refused(page, () => drafts(page).getByRole('button', { name: 'New draft', exact: true }).click());
  await notice(page).getByRole('button', { name: 'Undo', exact: true }).click();
  await notice(page).getByText('Restored your plan.', exact).waitFor();
  await assertKept(page, typed);
  // Room again: Ctrl+S saves it.
  await freeStorage(page);
  await page.keyboard.press('Control+s');
  await waitStored(page, 'Kept plan', 'purpose', typed);
  await waitHeader(page, SAVED);
  assert.deepEqual(errors, []);
  await context.close();
});

test('without browser storage: New draft waits until the plan is downloaded', async () => {
  const block = () => {
    Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  };
  const { context, page, errors } = await openEditor(browser, server.url, { init: block });
  await waitHeader(page, /^Drafts will not be kept/);
  await field(page, 'Title').fill('Only in this tab');
  const list = drafts(page);
  await list.getByRole('button', { name: 'New draft', exact: true }).click();
  await notice(page).getByText('This draft is not kept: browser storage is unavailable (The operation is insecure.). Download Markdown first to keep it in a file, then try again.', exact).waitFor();
  await idle(page);
  assert.equal(await field(page, 'Title').inputValue(), 'Only in this tab');
  const { text } = await downloadMarkdown(page, { confirm: true });
  assert.match(text, /^# Only in this tab\n/);
  await list.getByRole('button', { name: 'New draft', exact: true }).click();
  await notice(page).getByText('Started a new draft. Your other drafts are in the Drafts list.', exact).waitFor();
  assert.equal(await field(page, 'Title').inputValue(), '');
  assert.deepEqual(errors, []);
  await context.close();
});

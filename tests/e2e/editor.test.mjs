// Browser end-to-end tests of the editor core, driven through the accessible names a
// person (or a screen reader) uses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, serveDist, launch, openEditor, exact, fillList, downloadMarkdown, preview, waitSaved, eventually, settled,
  expectValue, expectText, expectCount, PATIENCE, headerAction } from './helpers.mjs';

const GOLDEN_EXAMPLE = readFileSync(join(ROOT, 'tests/golden/example.md'), 'utf8');
const SECTIONS = ['Purpose', 'Scope', 'Preconditions', 'Deployment Steps', 'Validation', 'Rollback Plan',
  'Communications', 'Review and Approval', 'Metadata', 'Revision History'];
const XSS = '<img src=x onerror=alert(1)>';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('loads with every section in the template order and no console errors', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  await page.getByLabel('Title', exact).waitFor();
  const groups = await page.locator('fieldset.section > legend').allTextContents();
  assert.deepEqual(groups, SECTIONS);
  for (const name of SECTIONS) {
    assert.equal(await page.getByRole('group', { name, exact: true }).count(), 1, name);
  }
  for (const label of ['Purpose', 'Approval date', 'Owner', 'Reviewers', 'Status', 'Last Updated']) {
    assert.equal(await page.getByLabel(label, exact).count(), 1, label);
  }
  for (const name of ['Download Markdown', 'Copy Markdown', 'Load example']) {
    assert.equal(await page.getByRole('button', { name, exact: true }).count(), 1, name);
  }
  assert.equal(await preview(page).getByRole('heading', { level: 2 }).count(), 10);
  assert.deepEqual(await page.getByLabel('Status', exact).locator('option').allTextContents(),
    ['Draft', 'In Review', 'Approved', 'Active', 'Retired']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('filling every section through its labels gives the golden Example, live and downloaded', async () => {
  const { context, page, errors, dialogs } = await openEditor(browser, server.url);
  await page.getByLabel('Title', exact).fill('Authentication service 3.4.0');
  await page.getByLabel('Purpose', exact).fill('Deploy version 3.4.0 of the authentication service.');
  await fillList(page, 'Scope item', ['Authentication API', 'User session handler']);
  await fillList(page, 'Precondition', ['Database migrations tested', 'Staging verification completed', 'On-call engineer notified']);
  await fillList(page, 'Step', ['Place service in maintenance mode', 'Apply database migrations',
    'Deploy new container images', 'Run smoke tests', 'Remove maintenance mode']);
  await fillList(page, 'Validation check', ['Successful login attempts', 'API health check returns 200', 'No errors in logs']);
  await fillList(page, 'Rollback step', ['Revert to previous container image', 'Roll back database migration']);
  await fillList(page, 'Communication', ['Notify product and support teams', 'Confirm deployment status in release channel']);
  await fillList(page, 'Approver', ['DevOps Lead', 'Release Manager']);
  await page.getByLabel('Owner', exact).fill('Documentation Lead');
  await page.getByLabel('Reviewers', exact).fill('Governance, Architecture, Operations');
  await page.getByLabel('Status', exact).selectOption('Active');
  await page.getByLabel('Last Updated', exact).fill('<YYYY-MM-DD>');
  await page.getByRole('button', { name: 'Add revision', exact: true }).click();
  await page.getByLabel('Date 1', exact).fill('2025-11-23');
  await page.getByLabel('Version 1', exact).fill('0.0.1');
  await page.getByLabel('Author 1', exact).fill('TBD');
  await page.getByLabel('Notes 1', exact).fill('Initial stub');

  // The live preview shows the document.
  const pv = preview(page);
  await expectText(pv.getByRole('heading', { level: 1 }), 'Authentication service 3.4.0');
  await eventually(() => pv.locator('ol li').allTextContents(), ['Place service in maintenance mode',
    'Apply database migrations', 'Deploy new container images', 'Run smoke tests', 'Remove maintenance mode']);
  await expectCount(pv.getByRole('cell', { name: 'Initial stub' }), 1);
  await expectText(pv.locator('pre').first(), /Status: Active\nLast Updated: <YYYY-MM-DD>/);

  // The raw Markdown view shows the same document.
  await page.getByText('Markdown', exact).click();
  await expectText(page.getByLabel('Markdown source', exact), GOLDEN_EXAMPLE);

  const { name, text } = await downloadMarkdown(page, { confirm: true });
  assert.equal(name, 'deployment-plan-authentication-service-3-4-0.md');
  assert.equal(text, GOLDEN_EXAMPLE);
  assert.deepEqual(errors, []);
  assert.deepEqual(dialogs, []);
  await context.close();
});

test('the Markdown view shows the source the moment it opens, and renders it only while open', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await expectValue(page.getByLabel('Notes 1', exact), 'Initial stub');
  const source = page.getByLabel('Markdown source', exact);
  const isOpen = () => page.locator('details.source').evaluate((d) => d.open);
  // Opened and read in one task: whatever the app would do a task later (its `toggle`
  // event comes then) cannot have filled the box yet.
  const opened = await page.evaluate(() => {
    const details = document.querySelector('details.source');
    details.querySelector('summary').click();
    return { open: details.open, text: details.querySelector('[aria-label="Markdown source"]').textContent };
  });
  assert.deepEqual(opened, { open: true, text: GOLDEN_EXAMPLE });
  // While open it follows the form.
  await page.getByLabel('Title', exact).fill('Renamed');
  await expectText(source, /^# Renamed\n/);
  // Closed, it is not kept up to date: a keystroke must not render a long plan in vain.
  await page.getByText('Markdown', exact).click();
  await eventually(isOpen, false);
  await page.getByLabel('Title', exact).fill('Renamed again');
  await expectText(preview(page).getByRole('heading', { level: 1 }), 'Renamed again');
  await settled(page);
  assert.equal(await source.textContent(), '');
  // Opened from the keyboard, it has the current plan as soon as the key is handled.
  await page.getByText('Markdown', exact).focus();
  await page.keyboard.press('Enter');
  assert.equal(await isOpen(), true);
  assert.match(await source.textContent(), /^# Renamed again\n/);
  // Opened some other way (as find-in-page does), it catches up with its `toggle` event.
  await page.getByText('Markdown', exact).click();
  await eventually(isOpen, false);
  await page.locator('details.source').evaluate((d) => { d.open = true; });
  await expectText(source, /^# Renamed again\n/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Load example fills the form with the template Example, and Undo restores my plan', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  await page.getByLabel('Title', exact).fill('My own plan');
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await expectValue(page.getByLabel('Title', exact), 'Authentication service 3.4.0');
  await expectValue(page.getByLabel('Step 5', exact), 'Remove maintenance mode');
  await expectValue(page.getByLabel('Approver 2', exact), 'Release Manager');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expectValue(page.getByLabel('Title', exact), 'My own plan');
  await expectCount(page.getByLabel('Step 1', exact), 0);
  // On a blank form there is nothing to undo; the download is the golden Example.
  await page.getByLabel('Title', exact).fill('');
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  // The notice of this load (the one before said "Restored your plan.") comes without Undo.
  await page.locator('.notice').getByText(/^Loaded the template's Example/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Undo', exact: true }).count(), 0);
  assert.equal((await downloadMarkdown(page, { confirm: true })).text, GOLDEN_EXAMPLE);
  assert.deepEqual(errors, []);
  await context.close();
});

test('reordering and removing items updates labels and the preview', async () => {
  const { context, page } = await openEditor(browser, server.url);
  await fillList(page, 'Step', ['first', 'second', 'third']);
  await page.getByRole('button', { name: 'Move step 3 up', exact: true }).click();
  await expectValue(page.getByLabel('Step 2', exact), 'third');
  await expectValue(page.getByLabel('Step 3', exact), 'second');
  // Focus stays on the moved item.
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Move step 2 up', null, { timeout: PATIENCE });
  await page.getByRole('button', { name: 'Move step 1 down', exact: true }).click();
  const steps = preview(page).locator('ol li');
  await eventually(() => steps.allTextContents(), ['third', 'first', 'second']);
  await eventually(() => page.getByRole('button', { name: 'Move step 1 up', exact: true }).isDisabled(), true);
  await eventually(() => page.getByRole('button', { name: 'Move step 3 down', exact: true }).isDisabled(), true);

  await fillList(page, 'Scope item', ['API', 'Worker', 'Database']);
  await page.getByRole('button', { name: 'Remove scope item 2', exact: true }).click();
  await expectValue(page.getByLabel('Scope item 2', exact), 'Database');
  await expectCount(page.getByLabel('Scope item 3', exact), 0);
  const scope = preview(page).locator('h2:text-is("Scope") + ul li');
  await eventually(() => scope.allTextContents(), ['API', 'Database']);
  // Focus moved to the item that took the removed one's place.
  const next = await page.getByLabel('Scope item 2', exact).getAttribute('id');
  await page.waitForFunction((id) => document.activeElement?.id === id, next, { timeout: PATIENCE });

  await page.getByRole('button', { name: 'Add revision', exact: true }).click();
  await page.getByLabel('Version 1', exact).fill('1.0.0');
  await page.getByRole('button', { name: 'Remove revision 1', exact: true }).click();
  await expectCount(page.getByLabel('Version 1', exact), 0);
  await context.close();
});

test('the plan is autosaved (debounced) and restored after closing and reopening', async () => {
  const countWrites = () => {
    window.__writes = 0;
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (k.startsWith('deployment-plan-editor:draft:')) window.__writes++;
      return set.call(this, k, v);
    };
  };
  const { context, page, errors } = await openEditor(browser, server.url, { init: countWrites });
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await waitSaved(page);
  // Everything the header says from now on (it says "Saving…" while a save is pending).
  await page.locator('.save-state').evaluate((el) => {
    window.__said = [];
    new MutationObserver(() => window.__said.push(el.textContent))
      .observe(el, { subtree: true, childList: true, characterData: true });
  });
  await page.getByLabel('Title', exact).fill('');
  const before = await page.evaluate(() => window.__writes);
  const typedAt = Date.now();
  await page.getByLabel('Title', exact).pressSequentially('Billing 2.0 rollout', { delay: 20 });
  await waitSaved(page);
  const savedWithin = Date.now() - typedAt;
  const writes = await page.evaluate(() => window.__writes) - before;
  console.log(`autosave: ${writes} write(s) for 19 keystrokes, saved ${savedWithin} ms after typing began`);
  assert.ok(writes <= 2, `debounced: ${writes} writes for 19 keystrokes`);
  const said = await page.evaluate(() => window.__said);
  assert.ok(said.includes('Saving…') && /^Saved \d\d:\d\d:\d\d$/.test(said.at(-1)), `the header said: ${JSON.stringify(said)}`);
  await page.getByRole('button', { name: 'Move step 2 up', exact: true }).click();
  await page.getByLabel('Status', exact).selectOption('In Review');
  await waitSaved(page);

  // Close the tab, open a new one in the same browser profile.
  await page.close();
  const again = await context.newPage();
  await again.goto(server.url);
  await again.getByLabel('Title', exact).waitFor();
  await expectValue(again.getByLabel('Title', exact), 'Billing 2.0 rollout');
  await expectValue(again.getByLabel('Step 1', exact), 'Apply database migrations');
  await expectValue(again.getByLabel('Status', exact), 'In Review');
  await expectValue(again.getByLabel('Notes 1', exact), 'Initial stub');
  await again.getByText(/^Saved \d\d:\d\d:\d\d$/).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a change is written when the page is hidden, even before the debounce fires', async () => {
  const { context, page } = await openEditor(browser, server.url);
  await page.getByLabel('Owner', exact).fill('Pat');
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  const stored = await page.evaluate(() => Object.entries(localStorage)
    .filter(([k]) => k.startsWith('deployment-plan-editor:draft:')).map(([, v]) => JSON.parse(v).plan.owner));
  assert.deepEqual(stored, ['Pat']);
  await context.close();
});

test('without localStorage the editor still works and says drafts will not be kept', async () => {
  const block = () => {
    Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  };
  const { context, page, errors } = await openEditor(browser, server.url, { init: block });
  await page.getByText(/Drafts will not be kept/).waitFor();
  await page.getByLabel('Title', exact).fill('Offline plan');
  await fillList(page, 'Step', ['Do it']);
  await expectText(preview(page).getByRole('heading', { level: 1 }), 'Offline plan');
  const { text } = await downloadMarkdown(page, { confirm: true });
  assert.match(text, /^# Offline plan\n/);
  assert.match(text, /\n1\. Do it\n/);
  // The Drafts list shows the plan being edited, and that it is not kept.
  await expectText(page.locator('.draft-list.live li'), 'Offline plan' + 'Draft · not kept: no browser storage · editing');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Copy Markdown puts the document on the clipboard', async () => {
  const { context, page } = await openEditor(browser, server.url,
    { context: { permissions: ['clipboard-read', 'clipboard-write'] } });
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await page.getByRole('button', { name: 'Copy Markdown', exact: true }).click();
  await page.getByRole('button', { name: 'Copy anyway', exact: true }).click();
  await page.getByText('Copied the Markdown to the clipboard.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), GOLDEN_EXAMPLE);
  await context.close();
});

test('HTML typed into fields is shown as text and never runs', async () => {
  const { context, page, errors, dialogs } = await openEditor(browser, server.url);
  await page.evaluate(() => { window.__ran = false; window.alert = () => { window.__ran = true; }; });
  await page.getByLabel('Title', exact).fill(XSS);
  await page.getByLabel('Purpose', exact).fill(`${XSS}\n<script>alert(1)</script>`);
  await fillList(page, 'Step', [XSS, `[click](javascript:alert(1))`]);
  await fillList(page, 'Approver', [XSS]);
  await page.getByLabel('Owner', exact).fill(XSS);
  await page.getByRole('button', { name: 'Add revision', exact: true }).click();
  await page.getByLabel('Notes 1', exact).fill(XSS);
  const pv = preview(page);
  // Everything typed is in the preview (the last field filled included), as text.
  await expectText(pv.getByRole('heading', { level: 1 }), XSS);
  await expectText(pv.locator('ol li').first(), XSS);
  await expectText(pv.locator('td').last(), XSS);
  await settled(page);
  assert.equal(await pv.locator('img, script, iframe, svg').count(), 0);
  const handlers = await pv.evaluate((root) => [...root.querySelectorAll('*')]
    .flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')));
  assert.deepEqual(handlers, []);
  const hrefs = await pv.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, ['#']);
  assert.equal(await page.evaluate(() => window.__ran), false);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('typing into one step or one revision cell changes only that item of the preview', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await page.getByRole('button', { name: 'Add revision', exact: true }).click();
  await page.getByLabel('Notes 2', exact).fill('Second');
  // Record every change to the preview's DOM while typing into Step 3, then into Notes 2.
  const record = () => preview(page).evaluate((root) => {
    window.__changed = new Set();
    window.__observer?.disconnect();
    window.__observer = new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        window.__changed.add(el.closest('li, td, h1, h2, p, pre, table, ol, ul, .doc-part') ?? el);
      }
    });
    window.__observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const changedNow = () => page.evaluate(() => [...window.__changed].map((el) => el.outerHTML.slice(0, 80)));
  // Waits until the preview shows what was typed, then until everything the typing set off
  // has run, and checks that the one element was all that changed.
  const onlyChanged = async (element, message) => {
    await eventually(changedNow, (changed) => changed.includes(element), message);
    await settled(page);
    assert.deepEqual(await changedNow(), [element], message);
  };
  await expectValue(page.getByLabel('Notes 2', exact), 'Second');
  await expectText(preview(page).locator('td', { hasText: /^Second$/ }), 'Second');
  await settled(page);
  await record();
  await page.getByLabel('Step 3', exact).press('End');
  await page.getByLabel('Step 3', exact).pressSequentially(' now', { delay: 20 });
  await onlyChanged('<li>Deploy new container images now</li>', 'only Step 3 of the preview changed');
  await record();
  await page.getByLabel('Notes 2', exact).press('End');
  await page.getByLabel('Notes 2', exact).pressSequentially('!', { delay: 20 });
  await onlyChanged('<td>Second!</td>', 'only the one cell changed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('nothing moves on its own: not at the first autosave, not while scrolling through a plan', async () => {
  // Notes when the browser has answered the app's question about persistent storage
  // (asked at start: persisted(), then persist() unless already persistent).
  const watchStorage = () => {
    window.__storageAnswered = false;
    const storage = navigator.storage;
    const persisted = storage.persisted.bind(storage);
    const persist = storage.persist.bind(storage);
    storage.persisted = () => persisted().then((yes) => { if (yes) window.__storageAnswered = true; return yes; });
    storage.persist = () => persist().then((yes) => { window.__storageAnswered = true; return yes; });
  };
  const { context, page, errors } = await openEditor(browser, server.url, { init: watchStorage });
  const top = (locator) => locator.evaluate((el) => el.getBoundingClientRect().top);
  const frames = () => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 0)))));
  // Starting up: nothing appears late above the form (such as the storage note). Wait for
  // what comes late, the storage answer, and for the frames that show it.
  await page.waitForFunction(() => window.__storageAnswered, null, { timeout: PATIENCE });
  await frames();
  // Every shift so far: observing with `buffered` puts them into the observer's records at once.
  const startup = await page.evaluate(() => {
    const observer = new PerformanceObserver(() => {});
    observer.observe({ type: 'layout-shift', buffered: true });
    const shifts = observer.takeRecords().map((e) => e.value);
    observer.disconnect();
    return shifts;
  });
  assert.deepEqual(startup, [], 'layout shifts while starting');
  // The Drafts list shows the new draft from the start; its first save changes that row.
  const title = page.getByLabel('Title', exact);
  await title.fill('Stable');
  const before = await top(title);
  await waitSaved(page);
  await settled(page);
  assert.equal(await top(title), before, 'the first autosave moved the form');
  // A plan of ordinary size is laid out in full: scrolling to a control changes no heights.
  await page.evaluate(() => addEventListener('pointerdown', (e) => { window.__inputAt = e.timeStamp; }, { capture: true }));
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await waitSaved(page);
  // Layout shifts up to 500 ms after an input count as caused by it (hadRecentInput): start
  // watching once that window has closed, so that what scrolling moves is not excused.
  await page.waitForFunction(() => window.__inputAt !== undefined && performance.now() - window.__inputAt > 500, null, { timeout: PATIENCE });
  await page.evaluate(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
    }).observe({ type: 'layout-shift' });
  });
  // Jump from the top straight to a control, as a click or a link into the form does.
  for (const name of ['Add revision', 'Add rollback step', 'Add communication', 'Add step']) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await frames();
    const button = page.getByRole('button', { name, exact: true });
    await button.scrollIntoViewIfNeeded();
    const at = await top(button);
    await frames();
    assert.equal(await top(button), at, `${name} moved after it was scrolled to`);
  }
  assert.deepEqual(await page.evaluate(() => window.__shifts), [], 'layout shifts while scrolling');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a plan opened from a notice, a drafts row or the trash stays editable after that control is gone', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  const drafts = page.getByRole('region', { name: 'Drafts', exact: true });
  let confirm = true; // the plan has errors: the first download asks once
  const editStep = async (text) => {
    await page.getByLabel('Step 1', exact).fill(text);
    await preview(page).getByText(text, exact).waitFor({ timeout: PATIENCE });
    assert.match((await downloadMarkdown(page, { confirm })).text, new RegExp(`\n1\\. ${text}\n`));
    confirm = false;
  };
  await page.getByLabel('Title', exact).fill('Mine');
  await fillList(page, 'Step', ['first']);
  // Undo lives in a notice, which the next notice replaces.
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await editStep('first, after undo');
  // A drafts row is replaced when its draft is saved under a new title.
  await waitSaved(page);
  await drafts.getByRole('button', { name: 'New draft', exact: true }).click();
  await drafts.getByRole('button', { name: 'Mine', exact: true }).click();
  await page.getByLabel('Title', exact).fill('Mine, renamed');
  await drafts.getByRole('button', { name: 'Mine, renamed', exact: true }).waitFor();
  await editStep('first, after reopening');
  // The trash row that restores a draft goes away with the restore.
  await waitSaved(page);
  await drafts.getByRole('button', { name: 'Delete Mine, renamed', exact: true }).click();
  await drafts.getByText('Trash (1)').click();
  await drafts.getByRole('button', { name: 'Restore Mine, renamed', exact: true }).click();
  await editStep('first, after restoring');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the header keeps its height while the readiness counts change (375, 700 and 1440 px wide)', async () => {
  for (const width of [375, 700, 1440]) {
    const { context, page, errors } = await openEditor(browser, server.url, { context: { viewport: { width, height: 800 } } });
    const height = () => page.locator('.topbar').evaluate((el) => el.getBoundingClientRect().height);
    const blank = await height();
    await headerAction(page, 'Load example');
    await page.getByRole('button', { name: 'Show problems', exact: true }).click();
    await page.locator('.readiness-text').getByText(/^7 of 10 /).waitFor();
    await page.getByRole('region', { name: 'Problems', exact: true }).waitFor();
    const loaded = await height();
    await page.getByLabel('Title', exact).fill('');
    await page.getByLabel('Purpose', exact).fill('');
    await page.locator('.readiness-text').getByText(/^6 of 10 /).waitFor();
    const emptied = await height();
    for (const h of [loaded, emptied]) assert.ok(Math.abs(h - blank) < 0.5, `${width} px: header ${blank} then ${h} px high`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('if the WebAssembly stops on an internal error, a notice says so at once; Reload keeps the saved draft', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  await page.getByLabel('Title', exact).fill('Before the crash');
  await waitSaved(page);
  const notice = page.getByRole('alert').filter({ hasText: 'The editor stopped because of an internal error.' });
  // Once the page reported an error, the task that threw it (and the page's error handler,
  // which runs in it) is over.
  const thrown = (text) => eventually(() => errors.some((e) => e.includes(text)), true, `the page reported "${text}"`);
  // An error that is not the WebAssembly's is not a crash of the editor.
  await page.evaluate(() => setTimeout(() => { throw new Error('some script'); }));
  await thrown('some script');
  assert.equal(await notice.count(), 0);
  // A trap as the WebAssembly raises it (after a panic): in a promise (async code), then in a task.
  await page.evaluate(() => { Promise.reject(new WebAssembly.RuntimeError('unreachable')); });
  await notice.waitFor();
  await page.evaluate(() => document.getElementById('crash').remove());
  await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); }));
  await notice.waitFor();
  assert.match(await notice.textContent(), /last “Saved” time in the header/);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Reload');
  // Once is enough.
  await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable, once more'); }));
  await thrown('unreachable, once more');
  assert.equal(await notice.count(), 1);
  await notice.getByRole('button', { name: 'Reload', exact: true }).click();
  await page.getByLabel('Title', exact).waitFor();
  await expectValue(page.getByLabel('Title', exact), 'Before the crash');
  assert.equal(await notice.count(), 0);
  await context.close();
});

test('a loaded plan shows its own items even where ids repeat (Load example, Undo)', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  await page.getByRole('button', { name: 'Add scope item', exact: true }).click();
  await page.getByLabel('Scope item 1', exact).fill('mine');
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await expectValue(page.getByLabel('Scope item 1', exact), 'Authentication API');
  await page.locator('.notice').getByRole('button', { name: 'Undo', exact: true }).click();
  await expectValue(page.getByLabel('Scope item 1', exact), 'mine');
  await page.getByLabel('Scope item 1', exact).fill('mine, edited');
  await expectText(page.getByRole('region', { name: 'Preview', exact: true }).locator('li').first(), 'mine, edited');
  assert.deepEqual(errors, []);
  await context.close();
});

// Browser end-to-end tests of the editor core, driven through the accessible names a
// person (or a screen reader) uses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, serveDist, launch, openEditor, exact, fillList, downloadMarkdown, preview, waitSaved, eventually, settled,
  expectValue, expectText } from './helpers.mjs';

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
  assert.equal(await pv.getByRole('heading', { level: 1 }).textContent(), 'Authentication service 3.4.0');
  assert.deepEqual(await pv.locator('ol li').allTextContents(), ['Place service in maintenance mode',
    'Apply database migrations', 'Deploy new container images', 'Run smoke tests', 'Remove maintenance mode']);
  assert.equal(await pv.getByRole('cell', { name: 'Initial stub' }).count(), 1);
  assert.match(await pv.locator('pre').first().textContent(), /Status: Active\nLast Updated: <YYYY-MM-DD>/);

  // The raw Markdown view shows the same document.
  await page.getByText('Markdown', exact).click();
  assert.equal(await page.getByLabel('Markdown source', exact).textContent(), GOLDEN_EXAMPLE);

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
  assert.equal(await page.getByLabel('Title', exact).inputValue(), 'Authentication service 3.4.0');
  assert.equal(await page.getByLabel('Step 5', exact).inputValue(), 'Remove maintenance mode');
  assert.equal(await page.getByLabel('Approver 2', exact).inputValue(), 'Release Manager');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.equal(await page.getByLabel('Title', exact).inputValue(), 'My own plan');
  assert.equal(await page.getByLabel('Step 1', exact).count(), 0);
  // On a blank form there is nothing to undo; the download is the golden Example.
  await page.getByLabel('Title', exact).fill('');
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  assert.equal(await page.getByRole('button', { name: 'Undo', exact: true }).count(), 0);
  assert.equal((await downloadMarkdown(page, { confirm: true })).text, GOLDEN_EXAMPLE);
  assert.deepEqual(errors, []);
  await context.close();
});

test('reordering and removing items updates labels and the preview', async () => {
  const { context, page } = await openEditor(browser, server.url);
  await fillList(page, 'Step', ['first', 'second', 'third']);
  await page.getByRole('button', { name: 'Move step 3 up', exact: true }).click();
  assert.equal(await page.getByLabel('Step 2', exact).inputValue(), 'third');
  assert.equal(await page.getByLabel('Step 3', exact).inputValue(), 'second');
  // Focus stays on the moved item.
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Move step 2 up', null, { timeout: 2000 });
  await page.getByRole('button', { name: 'Move step 1 down', exact: true }).click();
  const steps = preview(page).locator('ol li');
  assert.deepEqual(await steps.allTextContents(), ['third', 'first', 'second']);
  assert.equal(await page.getByRole('button', { name: 'Move step 1 up', exact: true }).isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Move step 3 down', exact: true }).isDisabled(), true);

  await fillList(page, 'Scope item', ['API', 'Worker', 'Database']);
  await page.getByRole('button', { name: 'Remove scope item 2', exact: true }).click();
  assert.equal(await page.getByLabel('Scope item 2', exact).inputValue(), 'Database');
  assert.equal(await page.getByLabel('Scope item 3', exact).count(), 0);
  const scope = preview(page).locator('h2:text-is("Scope") + ul li');
  assert.deepEqual(await scope.allTextContents(), ['API', 'Database']);
  // Focus moved to the item that took the removed one's place.
  const next = await page.getByLabel('Scope item 2', exact).getAttribute('id');
  await page.waitForFunction((id) => document.activeElement?.id === id, next, { timeout: 2000 });

  await page.getByRole('button', { name: 'Add revision', exact: true }).click();
  await page.getByLabel('Version 1', exact).fill('1.0.0');
  await page.getByRole('button', { name: 'Remove revision 1', exact: true }).click();
  assert.equal(await page.getByLabel('Version 1', exact).count(), 0);
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
  await page.getByLabel('Title', exact).fill('');
  const typedAt = Date.now();
  await page.getByLabel('Title', exact).pressSequentially('Billing 2.0 rollout', { delay: 20 });
  assert.match(await page.locator('.save-state').textContent(), /Saving…/);
  const before = await page.evaluate(() => window.__writes);
  await waitSaved(page);
  const savedWithin = Date.now() - typedAt;
  const writes = await page.evaluate(() => window.__writes) - before;
  console.log(`autosave: ${writes} write(s) for 19 keystrokes, saved ${savedWithin} ms after typing began`);
  assert.ok(writes <= 2, `debounced: ${writes} writes for 19 keystrokes`);
  await page.getByRole('button', { name: 'Move step 2 up', exact: true }).click();
  await page.getByLabel('Status', exact).selectOption('In Review');
  await waitSaved(page);

  // Close the tab, open a new one in the same browser profile.
  await page.close();
  const again = await context.newPage();
  await again.goto(server.url);
  await again.getByLabel('Title', exact).waitFor();
  assert.equal(await again.getByLabel('Title', exact).inputValue(), 'Billing 2.0 rollout');
  assert.equal(await again.getByLabel('Step 1', exact).inputValue(), 'Apply database migrations');
  assert.equal(await again.getByLabel('Status', exact).inputValue(), 'In Review');
  assert.equal(await again.getByLabel('Notes 1', exact).inputValue(), 'Initial stub');
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
  assert.equal(await preview(page).getByRole('heading', { level: 1 }).textContent(), 'Offline plan');
  const { text } = await downloadMarkdown(page, { confirm: true });
  assert.match(text, /^# Offline plan\n/);
  assert.match(text, /\n1\. Do it\n/);
  // The Drafts list shows the plan being edited, and that it is not kept.
  assert.equal(await page.locator('.draft-list.live li').textContent(), 'Offline plan' + 'Draft · not kept: no browser storage · editing');
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
  await page.waitForTimeout(300);
  const pv = preview(page);
  assert.equal(await pv.locator('img, script, iframe, svg').count(), 0);
  assert.equal(await pv.getByRole('heading', { level: 1 }).textContent(), XSS);
  assert.equal(await pv.locator('ol li').first().textContent(), XSS);
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
  await record();
  await page.getByLabel('Step 3', exact).press('End');
  await page.getByLabel('Step 3', exact).pressSequentially(' now', { delay: 20 });
  await page.waitForTimeout(200);
  const changedNow = () => page.evaluate(() => [...window.__changed].map((el) => el.outerHTML.slice(0, 80)));
  let changed = await changedNow();
  assert.deepEqual(changed, ['<li>Deploy new container images now</li>'], 'only Step 3 of the preview changed');
  await record();
  await page.getByLabel('Notes 2', exact).press('End');
  await page.getByLabel('Notes 2', exact).pressSequentially('!', { delay: 20 });
  await page.waitForTimeout(200);
  changed = await changedNow();
  assert.deepEqual(changed, ['<td>Second!</td>'], 'only the one cell changed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('nothing moves on its own: not at the first autosave, not while scrolling through a plan', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  const top = (locator) => locator.evaluate((el) => el.getBoundingClientRect().top);
  // Starting up: nothing appears late above the form (such as the storage note).
  await page.waitForTimeout(1000);
  const startup = await page.evaluate(() => new Promise((ok) => {
    new PerformanceObserver((list) => ok(list.getEntries().map((e) => e.value))).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => ok([]), 200);
  }));
  assert.deepEqual(startup, [], 'layout shifts while starting');
  // The Drafts list shows the new draft from the start; its first save changes that row.
  const title = page.getByLabel('Title', exact);
  await title.fill('Stable');
  const before = await top(title);
  await waitSaved(page);
  assert.equal(await top(title), before, 'the first autosave moved the form');
  // A plan of ordinary size is laid out in full: scrolling to a control changes no heights.
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await page.waitForTimeout(600); // past the window in which a shift counts as caused by the click
  await page.evaluate(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
    }).observe({ type: 'layout-shift' });
  });
  const frames = () => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 50)))));
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
    await preview(page).getByText(text, exact).waitFor({ timeout: 2000 });
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
    await page.getByRole('button', { name: 'Load example', exact: true }).click();
    await page.getByRole('button', { name: 'Show problems', exact: true }).click();
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
  const { context, page } = await openEditor(browser, server.url);
  await page.getByLabel('Title', exact).fill('Before the crash');
  await waitSaved(page);
  const notice = page.getByRole('alert').filter({ hasText: 'The editor stopped because of an internal error.' });
  // An error that is not the WebAssembly's is not a crash of the editor.
  await page.evaluate(() => setTimeout(() => { throw new Error('some script'); }));
  await page.waitForTimeout(100);
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
  await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); }));
  await page.waitForTimeout(100);
  assert.equal(await notice.count(), 1);
  await notice.getByRole('button', { name: 'Reload', exact: true }).click();
  await page.getByLabel('Title', exact).waitFor();
  assert.equal(await page.getByLabel('Title', exact).inputValue(), 'Before the crash');
  assert.equal(await notice.count(), 0);
  await context.close();
});

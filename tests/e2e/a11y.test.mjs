// Browser end-to-end tests of accessibility and comfort: axe-core (WCAG 2.1 A/AA) on every
// state of the app in light and dark, a keyboard-only walk that writes and downloads a
// complete plan, reordering by drag and drop / buttons / Alt+Arrow, the narrow-screen
// Form/Preview switch, the remembered theme, the print stylesheet, the shortcuts and the
// Help dialog. Also takes the README screenshots (docs/) from the real app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, serveDist, launch, openEditor, exact, preview, fillList, waitSaved, pasteImport, eventually, settled,
  expectValue, expectText, expectAttribute, expectVisible, dragAndDrop, headerAction, expectNoViolations, axeContext } from './helpers.mjs';

const MESSY = readFileSync(join(ROOT, 'tests/golden/messy.md'), 'utf8');

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds no WCAG 2.1 A/AA violation in any state (${colorScheme})`, async () => {
    const { context, page, errors } = await openEditor(browser, server.url, axeContext({ colorScheme }));
    await expectNoViolations(page, 'empty editor');
    await page.getByRole('button', { name: 'Show problems', exact: true }).click();
    await page.getByRole('region', { name: 'Problems', exact: true }).waitFor();
    await expectNoViolations(page, 'empty editor with validation errors shown');
    await page.getByRole('button', { name: 'Download Markdown', exact: true }).click();
    await page.getByRole('button', { name: 'Download anyway', exact: true }).waitFor();
    await expectNoViolations(page, 'download asking to confirm despite errors');

    await page.getByRole('button', { name: 'Load example', exact: true }).click();
    await expectValue(page.getByLabel('Title', exact), 'Authentication service 3.4.0');
    await expectAttribute(page.getByLabel('Last Updated', exact), 'aria-invalid', 'true');
    await expectNoViolations(page, 'the Example loaded, errors shown');
    await page.getByText('Markdown', exact).click();
    await expectText(page.getByLabel('Markdown source', exact), /^# Authentication service 3\.4\.0\n/);
    await expectNoViolations(page, 'the Markdown source open');

    // The drafts list with several drafts and the trash open.
    const drafts = page.getByRole('region', { name: 'Drafts', exact: true });
    await waitSaved(page);
    await drafts.getByRole('button', { name: 'New draft', exact: true }).click();
    await page.getByLabel('Title', exact).fill('Second plan');
    await waitSaved(page);
    await drafts.getByRole('button', { name: 'Duplicate Second plan', exact: true }).click();
    await drafts.getByRole('button', { name: 'Delete Second plan', exact: true }).click();
    await drafts.getByText('Trash (1)').click();
    await drafts.getByRole('button', { name: 'Restore Second plan', exact: true }).waitFor();
    await expectNoViolations(page, 'drafts list with trash open');

    // The Paste Markdown dialog, then the import report it leads to.
    await page.getByRole('button', { name: 'Paste Markdown', exact: true }).click();
    const paste = page.getByRole('dialog', { name: 'Paste Markdown', exact: true });
    await paste.getByLabel('Markdown to import', exact).fill(MESSY);
    await expectNoViolations(page, 'Paste Markdown dialog');
    await paste.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('region', { name: 'Import report', exact: true }).waitFor();
    await expectNoViolations(page, 'import report');

    // The Help dialog.
    await page.getByRole('button', { name: 'Help', exact: true }).click();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts', exact: true }).waitFor();
    await expectNoViolations(page, 'Help dialog');
    await page.keyboard.press('Escape');
    await expectVisible(page.getByRole('dialog', { name: 'Keyboard shortcuts', exact: true }), false);

    // Narrow screen, both panes.
    await page.setViewportSize({ width: 375, height: 800 });
    await expectVisible(page.getByRole('button', { name: 'Form', exact: true }), true);
    await expectNoViolations(page, 'narrow form');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await expectVisible(preview(page), true);
    await expectNoViolations(page, 'narrow preview');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/** The accessible name of the focused element, roughly as assistive technology reads it. */
const focusedName = (page) => page.evaluate(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  const byIds = (ids) => ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
  return (el.getAttribute('aria-label')
    ?? (el.getAttribute('aria-labelledby') && byIds(el.getAttribute('aria-labelledby')))
    ?? el.labels?.[0]?.textContent
    ?? el.textContent ?? '').trim();
});

/** Presses Tab until the focused element is named `name`; checks each stop shows a focus ring. */
async function tabTo(page, name) {
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return document.activeElement === document.body || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2);
    });
    assert.ok(ring, `no visible focus ring on "${await focusedName(page)}"`);
    if ((await focusedName(page)) === name) return;
  }
  assert.fail(`Tab never reached "${name}"`);
}

async function typeInto(page, name, text) {
  await tabTo(page, name);
  await page.keyboard.type(text);
}

/** Presses "Add <noun>" (Enter) and types each text into the item that receives focus. */
async function addItems(page, noun, texts) {
  for (const [i, text] of texts.entries()) {
    await tabTo(page, `Add ${noun.toLowerCase()}`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((want) => document.activeElement?.labels?.[0]?.textContent === want, `${noun} ${i + 1}`);
    await settled(page); // the app focuses the new item once more before the next frame
    await page.keyboard.type(text);
  }
}

test('keyboard only: write a complete plan, reorder a step, download it', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  await page.keyboard.press('Tab'); // into the page; everything below uses the keyboard alone
  await typeInto(page, 'Title', 'Search service 2.1.0');
  await typeInto(page, 'Purpose', 'Roll out search 2.1.0 with the new ranking.');
  await addItems(page, 'Scope item', ['Search API']);
  await addItems(page, 'Precondition', ['Index rebuilt in staging']);
  await addItems(page, 'Step', ['Deploy images', 'Drain traffic']);
  // Step 2 belongs first: Alt+Up moves it while the caret stays in it.
  await page.keyboard.press('Alt+ArrowUp');
  await page.waitForFunction(() => document.activeElement?.labels?.[0]?.textContent === 'Step 1');
  await addItems(page, 'Validation check', ['Queries answer under 200 ms']);
  await addItems(page, 'Rollback step', ['Redeploy 2.0.3 images']);
  await addItems(page, 'Communication', ['Announce in #releases']);
  await addItems(page, 'Approver', ['Release Manager']);
  await addItems(page, 'Reviewer', ['SRE Lead']);
  await typeInto(page, 'Approval date', '2026-11-20');
  await typeInto(page, 'Owner', 'Search Team');
  await typeInto(page, 'Reviewers', 'SRE');
  await tabTo(page, 'Status');
  await page.keyboard.type('Approved');
  await typeInto(page, 'Last Updated', '2026-11-21');
  await tabTo(page, 'Add revision');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.labels?.[0]?.textContent === 'Date 1');
  await page.keyboard.type('2026-11-21');
  await typeInto(page, 'Version 1', '1.0.0');
  await typeInto(page, 'Author 1', 'Search Team');
  await typeInto(page, 'Notes 1', 'First plan');

  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+Shift+D')]);
  const text = readFileSync(await download.path(), 'utf8');
  assert.equal(download.suggestedFilename(), 'deployment-plan-search-service-2-1-0.md');
  assert.match(text, /^# Search service 2\.1\.0\n/);
  assert.match(text, /## Deployment Steps\n\n1\. Drain traffic\n2\. Deploy images\n/);
  assert.match(text, /Approvers: Release Manager\n\nReviewers: SRE Lead\n\nApproval date: 2026-11-20/);
  assert.match(text, /Status: Approved\nLast Updated: 2026-11-21/);
  assert.match(text, /\| 2026-11-21 \| 1\.0\.0 {3}\| Search Team \| First plan \|/);
  await expectText(page.getByText(/^Readiness/).locator('..'), /10 of 10 sections complete · 0 errors/);
  assert.deepEqual(errors, []);
  await context.close();
});

const stepTexts = (page, noun) => page.getByLabel(new RegExp(`^${noun} \\d+$`)).evaluateAll((els) => els.map((e) => e.value));

const focusedValue = (page) => page.evaluate(() => document.activeElement?.value);
const focusedLabel = (page) => page.evaluate(() => document.activeElement?.labels?.[0]?.textContent);

for (const noun of ['Step', 'Rollback step']) {
  test(`${noun}s reorder the same by drag and drop, by the Move buttons and by Alt+Arrow`, async () => {
    const { context, page, errors } = await openEditor(browser, server.url);
    await fillList(page, noun, ['one', 'two', 'three', 'four']);
    const lower = noun.toLowerCase();
    const order = (want, message) => eventually(() => stepTexts(page, noun), want, message);
    // Drag the first onto the third ...
    const row = (n) => page.getByLabel(`${noun} ${n}`, exact).locator('..');
    await dragAndDrop(page, row(1).locator('.grip'), row(3));
    const dragged = ['two', 'three', 'one', 'four'];
    await order(dragged, 'after dragging the first onto the third');
    await eventually(() => focusedValue(page), 'one', 'focus follows the dropped item');
    // ... equals moving it down twice with the buttons ...
    await page.reload();
    await page.getByLabel(`${noun} 4`, exact).waitFor();
    await order(dragged, 'the drop was saved');
    await dragAndDrop(page, row(3).locator('.grip'), row(1));
    await order(['one', 'two', 'three', 'four'], 'after dragging the third onto the first');
    await page.getByRole('button', { name: `Move ${lower} 1 down`, exact: true }).click();
    await order(['two', 'one', 'three', 'four']);
    await page.getByRole('button', { name: `Move ${lower} 2 down`, exact: true }).click();
    await order(dragged, 'after Move down twice');
    // ... and equals Alt+Down twice from the item's field.
    await page.getByRole('button', { name: `Move ${lower} 3 up`, exact: true }).click();
    await order(['two', 'one', 'three', 'four']);
    await page.getByRole('button', { name: `Move ${lower} 2 up`, exact: true }).click();
    await order(['one', 'two', 'three', 'four']);
    // The Move button keeps focus on itself once more before the next frame: let it, then
    // put the caret in the item.
    await settled(page);
    await page.getByLabel(`${noun} 1`, exact).focus();
    // Pressed twice at once: the caret stays in the moved item, so the second press moves it again.
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Alt+ArrowDown');
    await order(dragged, 'after Alt+Down twice');
    await eventually(() => focusedLabel(page), `${noun} 3`);
    // At the ends Alt+Arrow does nothing; in an unordered list it never moves anything.
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Alt+ArrowDown');
    await order(['two', 'three', 'four', 'one']);
    await settled(page);
    assert.deepEqual(await stepTexts(page, noun), ['two', 'three', 'four', 'one'], 'Alt+Down on the last item');
    await fillList(page, 'Scope item', ['a', 'b']);
    await page.keyboard.press('Alt+ArrowUp');
    await settled(page);
    assert.deepEqual(await stepTexts(page, 'Scope item'), ['a', 'b'], 'Alt+Up in an unordered list');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

const overflows = (page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

test('layout: side by side at 1440 px, a Form/Preview switch at 375 px, never a horizontal scroll', async () => {
  const { context, page, errors } = await openEditor(browser, server.url, { context: { viewport: { width: 1440, height: 900 } } });
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  // The example is in, laid out in full (the last revision row is shown).
  await expectValue(page.getByLabel('Notes 1', exact), 'Initial stub');
  await expectText(preview(page).getByRole('heading', { level: 1 }), 'Authentication service 3.4.0');
  const form = page.getByRole('form', { name: 'Plan', exact: true });
  await expectVisible(form, true);
  await expectVisible(preview(page), true);
  const [f, p] = [await form.boundingBox(), await preview(page).boundingBox()];
  assert.ok(p.x >= f.x + f.width, 'the preview is to the right of the form');
  await expectVisible(page.getByRole('button', { name: 'Form', exact: true }), false);
  assert.equal(await overflows(page), false);

  await page.setViewportSize({ width: 375, height: 800 });
  const formButton = page.getByRole('button', { name: 'Form', exact: true });
  const previewButton = page.getByRole('button', { name: 'Preview', exact: true });
  // The narrow layout applies once the switch shows.
  await expectVisible(formButton, true);
  assert.equal(await overflows(page), false);
  await expectAttribute(formButton, 'aria-pressed', 'true');
  await expectVisible(form, true);
  await expectVisible(preview(page), false);
  await previewButton.click();
  await expectAttribute(previewButton, 'aria-pressed', 'true');
  await expectVisible(form, false);
  await expectText(preview(page), /Authentication service 3\.4\.0/);
  assert.equal(await overflows(page), false);
  await formButton.click();
  await expectVisible(page.getByLabel('Step 1', exact), true);
  assert.equal(await overflows(page), false);
  assert.deepEqual(errors, []);
  await context.close();
});

const background = (page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
const LIGHT_BG = 'rgb(246, 247, 249)';
const DARK_BG = 'rgb(21, 25, 30)';

test('dark mode follows the system; a manual Theme choice overrides it and is remembered', async () => {
  const { context, page, errors } = await openEditor(browser, server.url, { context: { colorScheme: 'dark' } });
  await eventually(() => background(page), DARK_BG);
  await page.emulateMedia({ colorScheme: 'light' });
  await eventually(() => background(page), LIGHT_BG);
  const theme = page.getByLabel('Theme', exact);
  await expectValue(theme, 'system');
  await theme.selectOption('dark');
  await eventually(() => background(page), DARK_BG);
  await page.reload();
  await page.getByLabel('Title', exact).waitFor();
  await expectValue(theme, 'dark');
  await eventually(() => background(page), DARK_BG, 'remembered over the light system scheme');
  // Applied before the app starts: no flash of the wrong theme.
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await theme.selectOption('light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await eventually(() => background(page), LIGHT_BG);
  await theme.selectOption('system');
  await eventually(() => background(page), DARK_BG);
  await page.reload();
  await page.getByLabel('Title', exact).waitFor();
  await expectValue(theme, 'system');
  assert.deepEqual(errors, []);
  await context.close();
});

test('print shows only the rendered plan, in black on white, even from dark mode on a phone', async () => {
  const { context, page, errors } = await openEditor(browser, server.url, { context: { colorScheme: 'dark', viewport: { width: 375, height: 800 } } });
  await headerAction(page, 'Load example');
  // (The preview pane is hidden on a phone until printing.)
  await expectText(page.locator('.doc h1'), 'Authentication service 3.4.0');
  await page.emulateMedia({ media: 'print' });
  const visible = await page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => e.getClientRects().length > 0);
    return { doc: shown('.doc h1'), form: shown('form'), header: shown('header'), buttons: shown('button'), inputs: shown('input, select, textarea') };
  });
  assert.deepEqual(visible, { doc: true, form: false, header: false, buttons: false, inputs: false });
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.doc')).color), 'rgb(0, 0, 0)');
  assert.equal(await background(page), 'rgb(255, 255, 255)');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000 && pdf.subarray(0, 5).toString() === '%PDF-');
  assert.deepEqual(errors, []);
  await context.close();
});

test('shortcuts: Ctrl+S saves now, Ctrl+Shift+D downloads, ? opens Help, which traps and restores focus', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  const stored = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('deployment-plan-editor:draft:'))
    .map((k) => JSON.parse(localStorage.getItem(k)).plan.title));
  await page.getByLabel('Title', exact).fill('Saved at once');
  await page.keyboard.press('Control+s');
  // Saved at once, not after the autosave pause: the key's own handler writes it, so it is
  // stored by the time the key press has been handled (read without waiting on purpose).
  assert.deepEqual(await stored(), ['Saved at once']);
  await page.getByRole('status').getByText(/^Saved \d\d:\d\d:\d\d$/).waitFor();
  await page.getByLabel('Title', exact).fill('Saved with Cmd');
  await page.keyboard.press('Meta+s');
  assert.deepEqual(await stored(), ['Saved with Cmd']);

  // Typing ? into a field types it; elsewhere it opens the list of shortcuts.
  await page.getByLabel('Title', exact).press('?');
  await expectValue(page.getByLabel('Title', exact), 'Saved with Cmd?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts', exact: true });
  await settled(page);
  assert.equal(await help.isVisible(), false, '? typed into a field opens nothing');
  const helpButton = page.getByRole('button', { name: 'Help', exact: true });
  await helpButton.focus();
  await page.keyboard.press('?');
  await help.waitFor();
  for (const keys of ['Ctrl+S', 'Ctrl+Shift+D', 'Alt+↑ / Alt+↓', '?']) {
    assert.match(await help.textContent(), new RegExp(keys.replace(/[+?]/g, '\\$&')));
  }
  // Focus stays inside the open dialog.
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('dialog') || document.activeElement === document.body));
  }
  await page.keyboard.press('Escape');
  await expectVisible(help, false);
  await eventually(() => page.evaluate(() => document.activeElement?.textContent), 'Help', 'focus returns to where it was');
  await helpButton.press('Enter');
  await help.getByRole('button', { name: 'Close', exact: true }).press('Enter');
  await expectVisible(help, false);

  // The plan has errors: Ctrl+Shift+D shows them first, like the button, and asks once.
  await page.keyboard.press('Control+Shift+D');
  const anyway = page.getByRole('button', { name: 'Download anyway', exact: true });
  await anyway.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), anyway.press('Enter')]);
  const name = download.suggestedFilename();
  assert.equal(name, 'deployment-plan-saved-with-cmd.md');
  const [again] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+Shift+KeyD')]);
  assert.equal(again.suggestedFilename(), name);
  await page.getByText(`Downloaded ${name}.`, exact).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('status changes are announced through live regions', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  const statuses = page.getByRole('status');
  await page.getByLabel('Title', exact).fill('Announced');
  await statuses.getByText(/^Saved /).waitFor();
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await statuses.getByText(/^Loaded the template's Example/).waitFor();
  await pasteImport(page, MESSY);
  await statuses.getByText(/^Imported the pasted Markdown as a new draft: 10 of 10 sections found/).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [colorScheme, width] of [['light', 1440], ['dark', 1440], ['light', 375], ['dark', 375]]) {
  test(`README screenshot: ${colorScheme}, ${width} px`, async () => {
    const { context, page, errors } = await openEditor(browser, server.url, {
      context: { colorScheme, viewport: { width, height: width > 1000 ? 1000 : 812 }, deviceScaleFactor: 1 },
    });
    await headerAction(page, 'Load example');
    await page.getByRole('status').getByText(/^Saved /).waitFor();
    if (width < 1000) {
      // The form on a phone (the menu closed), then the preview.
      await expectVisible(page.getByRole('button', { name: 'Menu', exact: true }), true);
      await page.evaluate(() => document.activeElement?.blur());
      await page.screenshot({ path: join(ROOT, `docs/screenshot-${colorScheme}-narrow-form.png`) });
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await expectVisible(preview(page), true);
    }
    await page.screenshot({ path: join(ROOT, `docs/screenshot-${colorScheme}${width < 1000 ? '-narrow' : ''}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

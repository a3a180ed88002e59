// Browser end-to-end tests of the layout on a phone (375 × 812) and a desktop (1440 × 900)
// with the Example plus a 300-character step (issue 18): item rows leave the text at least
// three quarters of the width with 44 × 44 px controls, the header (secondary actions in a
// "Menu" disclosure) and the folded drafts panel take at most a quarter of the phone's
// height, nothing scrolls sideways, axe finds nothing with the menu open or closed, and the
// outline moves focus to the chosen section. Every item's text fully visible (and a
// three-line step typed with Shift+Enter) needs multi-line items.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openEditor, exact, fillList, eventually, settled, expectValue, expectAttribute,
  expectVisible, headerAction, menuButton, revealInHeader, expectNoViolations, axeContext, PATIENCE } from './helpers.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const LONG = `Run the database migration ${'and check every replica afterwards '.repeat(8)}`.slice(0, 300);
const VIEWPORTS = [{ width: 375, height: 812 }, { width: 1440, height: 900 }];
const overflows = (page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
const box = (locator) => locator.evaluate((el) => { const r = el.getBoundingClientRect(); return { top: r.top, width: r.width, height: r.height }; });

/** The editor with the Example and the long step loaded, at `viewport`. */
async function exampleWithLongStep(viewport) {
  const opened = await openEditor(browser, server.url, axeContext({ viewport }));
  const { page } = opened;
  await headerAction(page, 'Load example');
  await expectValue(page.getByLabel('Title', exact), 'Authentication service 3.4.0');
  await fillList(page, 'Step', [LONG]);
  return opened;
}

/** Each item row: the share of its width its text control takes, and its buttons' sizes. */
const rows = (page) => page.locator('li.item').evaluateAll((items) => items.map((li) => {
  const field = li.querySelector(':scope > input, :scope > textarea');
  const label = li.querySelector(':scope > label')?.textContent;
  const buttons = [...li.querySelectorAll('.item-actions button')].map((b) => {
    const r = b.getBoundingClientRect();
    return { name: b.getAttribute('aria-label'), width: r.width, height: r.height };
  });
  return { label, share: field.getBoundingClientRect().width / li.getBoundingClientRect().width, buttons };
}));

for (const viewport of VIEWPORTS) {
  const phone = viewport.width < 900;
  test(`layout at ${viewport.width} × ${viewport.height}: item rows, header, no sideways scroll, axe with the menu open and closed`, async (t) => {
    const { context, page, errors } = await exampleWithLongStep(viewport);
    if (phone) {
      // Where the first field starts for a new user (empty storage, a blank plan).
      const blank = await openEditor(browser, server.url, { context: { viewport } });
      const top = await blank.page.getByLabel('Title', exact).evaluate((el) => el.getBoundingClientRect().top);
      t.diagnostic(`for a new user the Title field starts ${top} px down`);
      await blank.context.close();
    }
    assert.equal(await overflows(page), false, 'nothing scrolls sideways');
    const measured = await rows(page);
    assert.ok(measured.length >= 20, `the Example's items are there (${measured.length})`);
    if (phone) {
      for (const row of measured) {
        assert.ok(row.share >= 0.75, `${row.label}: the text takes ${(row.share * 100).toFixed(1)} % of the row`);
        for (const b of row.buttons) assert.ok(b.width >= 44 && b.height >= 44, `${b.name}: ${b.width} × ${b.height} px`);
      }
      // The compact buttons keep their names.
      await expectVisible(page.getByRole('button', { name: 'Move step 3 up', exact: true }), true);
      await expectVisible(page.getByRole('button', { name: 'Remove step 3', exact: true }), true);
      // Header and drafts panel (folded) take at most a quarter of the screen's height.
      const header = await box(page.locator('header.topbar'));
      const drafts = await box(page.getByRole('region', { name: 'Drafts', exact: true }));
      await page.evaluate(() => window.scrollTo(0, 0));
      const title = await box(page.getByLabel('Title', exact));
      t.diagnostic(`header ${header.height} px + drafts ${drafts.height} px = ${header.height + drafts.height} px of ${viewport.height}; Title field at ${title.top} px`);
      assert.ok(header.height + drafts.height <= viewport.height / 4, `header ${header.height} + drafts ${drafts.height} px`);
    }
    const shares = measured.map((r) => r.share);
    t.diagnostic(`text share of the row width: ${(Math.min(...shares) * 100).toFixed(1)}–${(Math.max(...shares) * 100).toFixed(1)} %`);
    // Primary actions always show; the rest are behind Menu on a phone, in a second row otherwise.
    for (const name of ['Download Markdown', 'Copy Markdown']) await expectVisible(page.getByRole('button', { name, exact: true }), true);
    await expectVisible(page.getByRole('button', { name: 'Load example', exact: true }), !phone);
    await expectVisible(menuButton(page), phone);
    await expectNoViolations(page, `${viewport.width} px, menu closed`);
    if (phone) {
      await menuButton(page).click();
      await expectAttribute(menuButton(page), 'aria-expanded', 'true');
      assert.equal(await menuButton(page).getAttribute('aria-controls'), 'more-actions');
    }
    // Every secondary control is findable by role and name (once the menu is open).
    for (const name of ['Load example', 'Copy share link', 'Paste Markdown', 'Help']) {
      await expectVisible(page.getByRole('button', { name, exact: true }), true, name);
    }
    await expectVisible(page.getByLabel('Import Markdown', exact), true);
    await expectVisible(page.getByRole('combobox', { name: 'Theme', exact: true }), true);
    await expectVisible(page.getByRole('navigation', { name: 'Outline', exact: true }), true);
    assert.equal(await overflows(page), false, 'nothing scrolls sideways with the menu open');
    await expectNoViolations(page, `${viewport.width} px, menu open`);
    if (phone) {
      // Escape closes the menu (it lies over the form).
      await page.keyboard.press('Escape');
      await expectAttribute(menuButton(page), 'aria-expanded', 'false');
      // The drafts panel unfolds too.
      const toggle = page.locator('.drafts-toggle');
      await eventually(() => toggle.textContent(), /^Authentication service 3\.4\.0 · saved \d\d:\d\d:\d\d$/, 'the folded panel names the draft and its state');
      await expectVisible(toggle.getByText(/^saved \d\d:\d\d:\d\d$/), true);
      await expectAttribute(toggle, 'aria-controls', 'drafts-body');
      await toggle.click();
      await expectAttribute(toggle, 'aria-expanded', 'true');
      await expectVisible(page.getByRole('button', { name: 'New draft', exact: true }), true);
      await expectNoViolations(page, `${viewport.width} px, drafts unfolded`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the menu on a phone: a disclosure reached by keyboard, closed by Escape (focus back on Menu) and by leaving it', async () => {
  const { context, page, errors } = await openEditor(browser, server.url, { context: { viewport: { width: 375, height: 812 } } });
  const menu = menuButton(page);
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
  await page.getByRole('button', { name: 'Copy Markdown', exact: true }).focus();
  await page.keyboard.press('Tab');
  await eventually(focused, 'Menu');
  await expectAttribute(menu, 'aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expectAttribute(menu, 'aria-expanded', 'true');
  await page.keyboard.press('Tab');
  await eventually(focused, 'Load example', 'Tab goes into the open menu');
  await page.keyboard.press('Escape');
  await expectAttribute(menu, 'aria-expanded', 'false');
  await eventually(focused, 'Menu', 'Escape gives focus back to Menu');
  await expectVisible(page.getByRole('button', { name: 'Load example', exact: true }), false);
  // Help opened from the menu keeps the menu open behind its dialog, and gives focus back.
  await headerAction(page, 'Help');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts', exact: true });
  await help.waitFor();
  await page.keyboard.press('Escape');
  await expectVisible(help, false);
  await eventually(focused, 'Help');
  // Clicking outside it (it lies over the form: here on the header's title) closes it.
  await page.getByRole('heading', { name: 'Deployment plan editor', exact: true }).click();
  await expectAttribute(menu, 'aria-expanded', 'false');
  // ? opens Help with the menu closed too.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('?');
  await help.waitFor();
  await page.keyboard.press('Escape');
  await expectVisible(help, false);
  // An action run from the menu closes it.
  await headerAction(page, 'Load example');
  await expectValue(page.getByLabel('Title', exact), 'Authentication service 3.4.0');
  await expectAttribute(menu, 'aria-expanded', 'false');
  assert.deepEqual(errors, []);
  await context.close();
});

const focusedSection = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { section: el?.closest('fieldset.section')?.id, label: el?.labels?.[0]?.textContent ?? el?.textContent };
});

for (const viewport of VIEWPORTS) {
  const phone = viewport.width < 900;
  test(`the outline (${viewport.width} px) shows each section's state and moves focus to the chosen section`, async () => {
    const { context, page, errors } = await openEditor(browser, server.url, { context: { viewport } });
    const outline = page.getByRole('navigation', { name: 'Outline', exact: true });
    const entry = (title) => outline.getByRole('link', { name: new RegExp(`^${title} `) });
    await revealInHeader(page, entry('Purpose'));
    // Built from the section table, in its order.
    const titles = await outline.locator('.outline-title').evaluateAll((els) => els.map((e) => e.textContent));
    assert.deepEqual(titles, ['Purpose', 'Scope', 'Preconditions', 'Deployment Steps', 'Validation', 'Rollback Plan',
      'Communications', 'Review and Approval', 'Metadata', 'Revision History']);
    await expectVisible(entry('Purpose'), true);
    assert.match(await entry('Purpose').textContent(), /Purpose (Empty|\d+ errors?)$/);
    if (phone) await menuButton(page).click();
    await headerAction(page, 'Load example');
    await expectValue(page.getByLabel('Title', exact), 'Authentication service 3.4.0');
    if (phone) {
      // From the preview pane, the outline brings the form back.
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
    }
    await revealInHeader(page, entry('Purpose'));
    await eventually(() => entry('Purpose').textContent(), 'Purpose Complete');
    // The Example's Last Updated is before its newest revision: an error in Metadata.
    await eventually(() => entry('Metadata').textContent(), /^Metadata \d+ errors?$/);
    await entry('Rollback Plan').click();
    await eventually(() => focusedSection(page), { section: 'section-rollback', label: 'Rollback step 1' });
    if (phone) await expectAttribute(menuButton(page), 'aria-expanded', 'false');
    // By keyboard: Enter on an entry.
    await revealInHeader(page, entry('Metadata'));
    await entry('Metadata').focus();
    await page.keyboard.press('Enter');
    await eventually(() => focusedSection(page), { section: 'section-metadata', label: 'Owner' });
    await revealInHeader(page, entry('Revision History'));
    await entry('Revision History').focus();
    await page.keyboard.press('Enter');
    await eventually(() => focusedSection(page), { section: 'section-revisions', label: 'Date 1' });
    // The field is on screen, not under the header.
    const top = await page.evaluate(() => document.activeElement.getBoundingClientRect().top);
    const headerBottom = await page.locator('header.topbar').evaluate((el) => el.getBoundingClientRect().bottom);
    assert.ok(top >= Math.max(0, headerBottom) && top < viewport.height, `the field is at ${top} px (header ends at ${headerBottom})`);
    await settled(page);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

// Needs multi-line items (issue 18, item 1, being done separately): until then the items
// are one-line inputs, which scroll a 300-character text sideways and take no line break.
for (const viewport of VIEWPORTS) {
  test(`every item's text is fully visible at ${viewport.width} × ${viewport.height}, a three-line step included`, async () => {
    const { context, page, errors } = await exampleWithLongStep(viewport);
    const n = await page.getByLabel(/^Step \d+$/).count();
    await page.getByRole('button', { name: 'Add step', exact: true }).click();
    const step = page.getByLabel(`Step ${n + 1}`, exact);
    await page.waitForFunction((want) => document.activeElement?.labels?.[0]?.textContent === want, `Step ${n + 1}`, { timeout: PATIENCE });
    await settled(page);
    await page.keyboard.type('Line one');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Line two');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Line three');
    await expectValue(step, 'Line one\nLine two\nLine three');
    const clipped = await eventually(() => page.locator('li.item').evaluateAll((items) => items
      .map((li) => li.querySelector(':scope > input, :scope > textarea'))
      .filter((f) => f.scrollWidth > f.clientWidth || f.scrollHeight > f.clientHeight)
      .map((f) => `${f.labels[0]?.textContent}: ${f.scrollWidth}×${f.scrollHeight} in ${f.clientWidth}×${f.clientHeight}`)), [],
    'items whose text is clipped');
    assert.deepEqual(clipped, []);
    assert.equal(await overflows(page), false);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

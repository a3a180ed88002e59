// Sections beyond the template: the Add section dialog (optional standard sections and
// custom ones of every kind), moving, removing with Undo, the rules, and the round trip
// download → import in a fresh browser → the same form and byte-identical Markdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  serveDist, launch, openEditor, exact, downloadMarkdown, expectValue, expectText, expectCount, eventually,
  expectNoViolations, axeContext, preview, notice, ROOT,
} from './helpers.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const file = (name, text) => ({ name, mimeType: 'text/markdown', buffer: Buffer.from(text) });
const dialog = (page) => page.getByRole('dialog', { name: 'Add section', exact: true });
const section = (page, title) => page.getByRole('group', { name: title, exact: true });

async function openDialog(page) {
  await page.getByRole('button', { name: 'Add section', exact: true }).click();
  await dialog(page).waitFor();
  return dialog(page);
}

async function addOptional(page, title) {
  const d = await openDialog(page);
  await d.getByRole('button', { name: title, exact: true }).click();
  await section(page, title).waitFor();
}

async function addCustom(page, title, kind) {
  const d = await openDialog(page);
  await d.getByLabel('Section title', exact).fill(title);
  await d.getByLabel('Section kind', exact).selectOption(kind);
  await d.getByRole('button', { name: 'Add custom section', exact: true }).click();
  await added(page, title).waitFor();
}

/// An added section by its title (a template section may have the same one).
const added = (page, title) => page.locator('fieldset.added').filter({ has: page.locator(`xpath=legend[normalize-space(.)=${JSON.stringify(title)}]`) });

/// The `## ` headings of a Markdown document, in order.
const headings = (md) => md.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));

test('the Example plus optional sections, a custom table and step details survive download and import', async () => {
  const { context, page, errors } = await openEditor(browser, server.url, axeContext());
  await page.getByRole('button', { name: 'Load example', exact: true }).click();

  await addOptional(page, 'Risk and Impact');
  const risk = section(page, 'Risk and Impact');
  await risk.getByLabel('Risk level', exact).selectOption('High');
  await risk.getByLabel('Impact', exact).fill('Sign-in unavailable for up to 5 minutes');
  // High risk without a mitigation is an error, on the Add mitigation button.
  await risk.getByRole('button', { name: 'Add mitigation', exact: true }).focus();
  await risk.getByRole('button', { name: 'Add mitigation', exact: true }).blur();
  await expectText(risk.locator('.problem').last(), /Risk level is High: add at least one mitigation\./);
  await risk.getByRole('button', { name: 'Add mitigation', exact: true }).click();
  await risk.getByLabel('Mitigation 1', exact).fill('Feature flag auth-3-4 off by default');

  await addOptional(page, 'Maintenance Window');
  const win = section(page, 'Maintenance Window');
  await win.getByLabel('Window start', exact).fill('2026-12-01 22:00');
  await win.getByLabel('Window end', exact).fill('2026-12-01 21:00');
  await win.getByLabel('Window end', exact).blur();
  await expectText(win.locator('.problem'), /Window end must be after Window start\./);
  await win.getByLabel('Window end', exact).fill('2026-12-01 23:30');
  await win.getByLabel('Expected downtime', exact).fill('5 min');

  await addCustom(page, 'Teams', 'Table');
  const teams = section(page, 'Teams');
  await teams.getByLabel('Column 1 name', exact).fill('Team');
  await teams.getByLabel('Column 2 name', exact).fill('Channel');
  await teams.getByLabel('Team 1', exact).fill('Identity');
  await teams.getByLabel('Channel 1', exact).fill('#identity-oncall');
  await teams.getByRole('button', { name: 'Add row', exact: true }).click();
  await teams.getByLabel('Team 2', exact).fill('SRE | platform');
  await teams.getByLabel('Channel 2', exact).fill('#sre');

  await page.getByRole('button', { name: 'Details for step 2', exact: true }).click();
  await page.getByLabel('Step 2 owner', exact).fill('DBA on call');
  await page.getByLabel('Step 2 duration', exact).fill('10 min');

  // Placed where they belong, in the form and in the Markdown.
  const legends = await page.locator('form.editor fieldset.section > legend').allTextContents();
  assert.deepEqual(legends.slice(0, 5), ['Purpose', 'Scope', 'Risk and Impact', 'Preconditions', 'Maintenance Window']);
  await expectText(preview(page).locator('h2').nth(2), 'Risk and Impact');

  await expectNoViolations(page, 'added sections');
  // (The Example has errors of its own: download anyway.)
  const first = await downloadMarkdown(page, { confirm: true });
  assert.deepEqual(headings(first.text), [
    'Purpose', 'Scope', 'Risk and Impact', 'Preconditions', 'Maintenance Window', 'Deployment Steps',
    'Validation', 'Rollback Plan', 'Communications', 'Teams', 'Review and Approval', 'Metadata', 'Revision History',
  ]);
  assert.match(first.text, /## Risk and Impact\n\n- Risk level: High\n- Impact: Sign-in unavailable for up to 5 minutes\n\nMitigation:\n\n- Feature flag auth-3-4 off by default\n/);
  assert.match(first.text, /## Maintenance Window\n\n- Window start \(UTC\): 2026-12-01 22:00\n- Window end \(UTC\): 2026-12-01 23:30\n- Expected downtime: 5 min\n/);
  assert.match(first.text, /\| Team +\| Channel +\|\n\| -+ \| -+ \|\n\| Identity +\| #identity-oncall \|\n\| SRE &#124; platform \| #sre +\|\n/);
  assert.match(first.text, /2\. Apply database migrations\n {3}- Owner: DBA on call\n {3}- Duration: 10 min\n/);
  await context.close();

  // A fresh browser: import gives the same form and the same Markdown, byte for byte.
  const fresh = await openEditor(browser, server.url);
  await fresh.page.getByLabel('Import Markdown', exact).setInputFiles(file(first.name, first.text));
  const report = fresh.page.getByRole('region', { name: 'Import report', exact: true });
  await expectText(report, /Sections beyond the template, added to the plan: Risk and Impact, Maintenance Window, Teams \(custom section, Table\)\./);
  await expectValue(section(fresh.page, 'Risk and Impact').getByLabel('Risk level', exact), 'High');
  await expectValue(section(fresh.page, 'Teams').getByLabel('Team 2', exact), 'SRE | platform');
  await expectValue(section(fresh.page, 'Maintenance Window').getByLabel('Window end', exact), '2026-12-01 23:30');
  await expectValue(fresh.page.getByLabel('Step 2 owner', exact), 'DBA on call');
  const second = await downloadMarkdown(fresh.page, { confirm: true });
  assert.equal(second.text, first.text);
  assert.deepEqual(errors, []);
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
});

test('every optional section and every custom kind; move, remove and undo; the dialog by keyboard', async () => {
  const { context, page, errors } = await openEditor(browser, server.url, axeContext());
  await page.getByLabel('Title', exact).fill('Sections');
  // Keyboard only: open the dialog, add Contacts and Escalation.
  await page.getByRole('button', { name: 'Add section', exact: true }).focus();
  await page.keyboard.press('Enter');
  await dialog(page).waitFor();
  await expectNoViolations(page, 'Add section dialog');
  const offered = dialog(page).getByRole('button', { name: 'Contacts and Escalation', exact: true });
  await offered.focus();
  await page.keyboard.press('Enter');
  const contacts = section(page, 'Contacts and Escalation');
  await contacts.waitFor();
  // Focus is in the new section's first cell: typing goes there.
  await page.keyboard.type('Incident commander');
  await expectValue(contacts.getByLabel('Role 1', exact), 'Incident commander');
  await contacts.getByLabel('Name 1', exact).fill('Pat');
  await contacts.getByLabel('Contact 1', exact).fill('+1 555 0100');
  // The outline lists it where it is, with its state, and jumps to its first field.
  const entry = page.locator('nav.outline.beside li', { hasText: 'Contacts and Escalation' });
  await expectText(entry, /Contacts and Escalation\s*Complete/);
  const titles = await page.locator('nav.outline.beside .outline-title').allTextContents();
  assert.deepEqual(titles.slice(6, 9), ['Communications', 'Contacts and Escalation', 'Review and Approval']);
  await entry.getByRole('link').click();
  await eventually(() => page.evaluate(() => document.activeElement?.id), await contacts.getByLabel('Role 1', exact).getAttribute('id'));
  // One already in the plan is not offered again; Escape closes the dialog.
  await openDialog(page);
  await expectCount(dialog(page).getByRole('button', { name: 'Contacts and Escalation', exact: true }), 0);
  await page.keyboard.press('Escape');
  await expectCount(page.getByRole('dialog', { name: 'Add section' }), 0);

  await addOptional(page, 'Go/No-Go Criteria');
  const gonogo = section(page, 'Go/No-Go Criteria');
  await gonogo.getByLabel('Criterion 1', exact).fill('Error budget above 50 %');
  await gonogo.getByRole('button', { name: 'Add criterion', exact: true }).click();
  await gonogo.getByLabel('Criterion 2', exact).fill('No open incident');

  // The dialog asks for a title, refuses one in use, and Enter adds.
  const d = await openDialog(page);
  await d.getByLabel('Section title', exact).press('Enter');
  await expectText(d.locator('#custom-section-title-problem'), 'Error: Give the section a title.');
  await d.getByLabel('Section title', exact).fill('Go/No-Go Criteria');
  await d.getByLabel('Section title', exact).press('Enter');
  await expectText(d.locator('#custom-section-title-problem'), /already in the plan: choose another title\./);
  await d.getByLabel('Section title', exact).fill('Notes');
  await d.getByLabel('Section title', exact).press('Enter');
  await section(page, 'Notes').waitFor();
  await section(page, 'Notes').getByLabel('Notes', exact).fill('Free text.\n\n- with a list');
  await addCustom(page, 'Checklist', 'List');
  await section(page, 'Checklist').getByLabel('Item 1', exact).fill('Dashboards open');
  await addCustom(page, 'Order', 'Numbered list');
  await section(page, 'Order').getByLabel('Item 1', exact).fill('First');
  await section(page, 'Order').getByRole('button', { name: 'Add item', exact: true }).click();
  await section(page, 'Order').getByLabel('Item 2', exact).fill('Second');
  await addCustom(page, 'Matrix', 'Table');
  await section(page, 'Matrix').getByRole('button', { name: 'Add column', exact: true }).click();
  await expectCount(section(page, 'Matrix').getByLabel(/^Column \d name$/), 3);

  // A custom section's title is editable, and names its buttons.
  await section(page, 'Checklist').getByLabel('Section title', exact).fill('Before we start');
  await section(page, 'Before we start').waitFor();

  let md = (await downloadMarkdown(page, { confirm: true })).text;
  const order = () => headings(md);
  const before = order();
  const at = (t) => before.indexOf(t);
  assert.ok(at('Go/No-Go Criteria') < at('Deployment Steps'));
  assert.ok(at('Communications') < at('Contacts and Escalation') && at('Contacts and Escalation') < at('Review and Approval'));
  assert.match(md, /## Notes\n\nFree text\.\n\n- with a list\n/);
  assert.match(md, /## Order\n\n1\. First\n2\. Second\n/);

  // Move Notes up past Contacts and Escalation and Communications; then down again.
  await page.getByRole('button', { name: 'Move section Notes up', exact: true }).click();
  await page.getByRole('button', { name: 'Move section Notes up', exact: true }).click();
  md = (await downloadMarkdown(page)).text;
  const moved = headings(md);
  assert.ok(moved.indexOf('Notes') < moved.indexOf('Communications'), moved.join(' / '));
  await page.getByRole('button', { name: 'Move section Notes down', exact: true }).click();
  md = (await downloadMarkdown(page)).text;
  assert.ok(headings(md).indexOf('Notes') > headings(md).indexOf('Communications'));

  // Remove, then Undo; then act on another section (its controls are the restored plan's).
  await page.getByRole('button', { name: 'Remove section Matrix', exact: true }).click();
  await expectCount(section(page, 'Matrix'), 0);
  await notice(page).getByRole('button', { name: 'Undo', exact: true }).click();
  await section(page, 'Matrix').waitFor();
  await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Remove section Matrix');
  await page.getByRole('button', { name: 'Move section Order up', exact: true }).click();
  await section(page, 'Order').getByLabel('Item 2', exact).fill('Second, edited');
  await page.getByRole('button', { name: 'Remove section Notes', exact: true }).click();
  await expectCount(section(page, 'Notes'), 0);
  await expectCount(page.getByText('The editor stopped'), 0);

  await expectNoViolations(page, 'every kind of added section');
  assert.deepEqual(errors, []);
  await context.close();
});

test('hostile text in custom titles, column names and cells never runs and round-trips', async () => {
  const payloads = readFileSync(join(ROOT, 'tests/e2e/xss-payloads.txt'), 'utf8').split('\n').filter(Boolean).slice(0, 6);
  const { context, page, errors } = await openEditor(browser, server.url);
  await page.exposeFunction('__pwned', () => errors.push('script ran'));
  await page.addInitScript(() => { window.alert = () => window.__pwned(); });
  await page.evaluate(() => { window.alert = () => window.__pwned(); });
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  const payload = '<img src=x onerror=alert(1)>';
  await addCustom(page, payload, 'Table');
  const t = added(page, payload);
  await t.getByLabel('Column 1 name', exact).fill(payloads[0] ?? payload);
  await t.getByLabel('Column 2 name', exact).fill('Scope');
  await t.getByLabel(`${(payloads[0] ?? payload)} 1`, exact).fill(payloads.join(' '));
  await t.getByLabel('Scope 1', exact).fill('| ## Rollback Plan');
  // The dialog refuses a title in use, but a title can be edited into one (an error then).
  await addCustom(page, 'Scope list', 'List');
  await added(page, 'Scope list').getByLabel('Section title', exact).fill('Scope');
  await added(page, 'Scope').getByLabel('Item 1', exact).fill(payload);
  await preview(page).locator('h2', { hasText: payload }).waitFor();
  assert.equal(await preview(page).locator('img').count(), 0, 'no element was made from the payload');
  const first = await downloadMarkdown(page, { confirm: true });
  await page.getByLabel('Import Markdown', exact).setInputFiles(file(first.name, first.text));
  await page.getByRole('region', { name: 'Import report', exact: true }).waitFor();
  await expectValue(added(page, payload).getByLabel('Scope 1', exact), '| ## Rollback Plan');
  // (Download anyway was confirmed once: not asked again.)
  const second = await downloadMarkdown(page);
  assert.equal(second.text, first.text);
  assert.equal(await page.locator('img[src=x]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

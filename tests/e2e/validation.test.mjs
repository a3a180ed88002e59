// Browser end-to-end tests of live validation: when problems show, how they are tied to
// their controls, the "Problems" summary, the readiness meter and the download confirmation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serveDist, launch, openEditor, exact, fillList, downloadMarkdown, waitSaved, eventually, settled,
  expectText, expectAttribute, expectCount, PATIENCE } from './helpers.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const problems = (page) => page.getByRole('region', { name: 'Problems', exact: true });
const invalidIds = (page) => page.locator('[aria-invalid="true"]').evaluateAll((els) => els.map((e) => e.id));
const readinessText = (page) => page.locator('.readiness-text').textContent();

/** The text of the message an element's aria-describedby points to. */
async function description(locator) {
  return locator.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? `(missing #${id})`).join(' '));
}

test('an untouched form shows no problems', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  // The meter counts what is missing without shouting about it.
  await eventually(() => readinessText(page), '0 of 10 sections complete · 8 errors · 0 warnings');
  await settled(page);
  assert.deepEqual(await invalidIds(page), []);
  assert.equal(await problems(page).count(), 0);
  assert.equal(await page.locator('.problem').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a required field shows its error after blur and clears when fixed', async () => {
  const { context, page } = await openEditor(browser, server.url);
  const title = page.getByLabel('Title', exact);
  await title.focus();
  await settled(page);
  assert.equal(await title.getAttribute('aria-invalid'), null, 'not while still in the field');
  await page.keyboard.press('Tab');
  await expectAttribute(title, 'aria-invalid', 'true');
  await eventually(() => description(title), /Give the plan a title/);
  // Other untouched fields stay quiet.
  await settled(page);
  assert.deepEqual(await invalidIds(page), ['title']);
  await title.fill('Payments 1.2.0');
  await expectAttribute(title, 'aria-invalid', null);
  await eventually(() => description(title), '');

  // An added-but-empty item is an error once left, and the list's own rule shows too.
  await fillList(page, 'Step', ['']);
  await page.keyboard.press('Tab');
  const step = page.getByLabel('Step 1', exact);
  await expectAttribute(step, 'aria-invalid', 'true');
  await eventually(() => description(step), /Step 1 is empty/);
  await step.fill('Deploy v1.2.0');
  await expectAttribute(step, 'aria-invalid', null);

  // An impossible date.
  const date = page.getByLabel('Last Updated', exact);
  await date.fill('2025-02-30');
  await date.blur();
  await expectAttribute(date, 'aria-invalid', 'true');
  await eventually(() => description(date), /not a real date: write it as YYYY-MM-DD/);
  await date.fill('2024-02-29');
  await expectAttribute(date, 'aria-invalid', null);
  await context.close();
});

test('a message appearing on blur never swallows the click that caused the blur', async () => {
  const { context, page } = await openEditor(browser, server.url);
  const purpose = page.getByLabel('Purpose', exact);
  await purpose.click();
  // The click blurs Purpose, whose error then appears above the button being clicked.
  await page.getByRole('button', { name: 'Add scope item', exact: true }).click();
  await expectCount(page.getByLabel('Scope item 1', exact), 1);
  await expectAttribute(purpose, 'aria-invalid', 'true');
  await context.close();
});

test('downloading with errors shows the summary and asks once; the file is the same', async () => {
  const { context, page } = await openEditor(browser, server.url);
  await page.getByLabel('Title', exact).fill('Draft plan');
  const source = async () => {
    await page.getByText('Markdown', exact).click();
    const md = await expectText(page.getByLabel('Markdown source', exact), (text) => text.startsWith('# Draft plan\n'));
    await page.getByText('Markdown', exact).click();
    return md;
  };
  const expected = await source();
  let downloads = 0;
  const count = () => downloads++;
  page.on('download', count);
  await page.getByRole('button', { name: 'Download Markdown', exact: true }).click();
  await problems(page).waitFor();
  await expectText(problems(page), /The plan has 7 errors \(listed below\)\. Download it anyway\?/);
  await expectCount(problems(page).getByRole('listitem'), 7);
  // Focus moved to the summary so it is read out.
  await page.waitForFunction(() => document.activeElement?.id === 'problems', null, { timeout: PATIENCE });
  // Every field's error is now visible too.
  await eventually(() => invalidIds(page), ['purpose', 'owner']);
  await settled(page);
  assert.equal(downloads, 0, 'nothing was downloaded before confirming');
  page.off('download', count);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download anyway', exact: true }).click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  assert.equal(text, expected);
  // Confirmed once: the next download goes straight through.
  const second = await downloadMarkdown(page);
  assert.equal(second.text, expected);
  await context.close();
});

test('a summary entry moves focus to its field', async () => {
  const { context, page } = await openEditor(browser, server.url);
  await page.getByRole('button', { name: 'Show problems', exact: true }).click();
  const entry = problems(page).getByRole('button', { name: /Error in Metadata: Name the plan's owner/ });
  await entry.click();
  await page.waitForFunction(() => document.activeElement?.id === 'owner', null, { timeout: PATIENCE });
  await problems(page).getByRole('button', { name: /Error in Deployment Steps: Add at least one deployment step/ }).click();
  await page.waitForFunction(() => document.activeElement?.textContent === 'Add step', null, { timeout: PATIENCE });
  await context.close();
});

test('the template Example has exactly the errors its placeholders deserve; a complete plan has none', async () => {
  const { context, page } = await openEditor(browser, server.url);
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  // Shown at once, without touching anything.
  const author = await page.getByLabel('Author 1', exact).getAttribute('id');
  await eventually(async () => (await invalidIds(page)).sort(), ['approval-date', author, 'last-updated'].sort());
  await eventually(() => description(page.getByLabel('Author 1', exact)), /placeholder "TBD"/);
  await eventually(() => description(page.getByLabel('Last Updated', exact)), /placeholder "<YYYY-MM-DD>"/);
  await eventually(() => description(page.getByLabel('Approval date', exact)), /marked Active: record the approval date/);
  await eventually(() => readinessText(page), '7 of 10 sections complete · 3 errors · 1 warning');

  await page.getByLabel('Approval date', exact).fill('2025-11-24');
  await page.getByLabel('Last Updated', exact).fill('2025-11-24');
  await page.getByLabel('Author 1', exact).fill('Documentation Lead');
  await page.getByLabel('Validation check 1', exact).fill('Login success rate above 99% for 10 minutes');
  await eventually(() => readinessText(page), '10 of 10 sections complete · 0 errors · 0 warnings');
  await eventually(() => invalidIds(page), []);
  await expectCount(problems(page), 0);
  // No confirmation for a plan without errors.
  const { text } = await downloadMarkdown(page);
  assert.match(text, /Approval date: 2025-11-24/);
  await context.close();
});

test('a reloaded draft shows its problems at once', async () => {
  const { context, page } = await openEditor(browser, server.url);
  await page.getByLabel('Owner', exact).fill('TBD');
  await waitSaved(page);
  await page.reload();
  await page.getByLabel('Owner', exact).waitFor();
  await expectAttribute(page.getByLabel('Owner', exact), 'aria-invalid', 'true');
  await eventually(() => problems(page).getByRole('listitem').count(), (n) => n >= 8, 'problems listed');
  await context.close();
});

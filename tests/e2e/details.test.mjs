// Step details: owner, duration and check behind "Details for step N", written as a nested
// list under the step, read back on import; durations checked and added up; the run's clock
// shows the estimate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openEditor, exact, downloadMarkdown, expectValue, expectText, expectAttribute, expectNoViolations, axeContext } from './helpers.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const file = (name, text) => ({ name, mimeType: 'text/markdown', buffer: Buffer.from(text) });

test('step details: entered, checked, totalled, downloaded, imported identically; the run estimates', async () => {
  const { context, page, errors } = await openEditor(browser, server.url, axeContext());
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  const toggle = page.getByRole('button', { name: 'Details for step 2', exact: true });
  await expectAttribute(toggle, 'aria-expanded', 'false');
  await toggle.click();
  await expectAttribute(toggle, 'aria-expanded', 'true');
  await page.getByLabel('Step 2 owner', exact).fill('DBA on call');
  await page.getByLabel('Step 2 duration', exact).fill('soon');
  await page.getByLabel('Step 2 duration', exact).blur();
  await expectText(page.locator('[id$="-duration-problem"]'), /"soon" is not a duration: write it like 10 min, 1 h 30 min, 90m or 1\.5 h\./);
  await page.getByLabel('Step 2 duration', exact).fill('1 h 10 min');
  await page.getByLabel('Step 2 check', exact).fill('schema version is 42');
  await page.getByRole('button', { name: 'Details for step 4', exact: true }).click();
  await page.getByLabel('Step 4 duration', exact).fill('15m');
  await expectText(page.locator('.totals').first(), 'Deployment steps: 1 h 25 min, 2 of 5 estimated');
  await page.getByRole('button', { name: 'Details for rollback step 1', exact: true }).click();
  await page.getByLabel('Rollback step 1 duration', exact).fill('5 min');
  await expectText(page.locator('.totals').nth(1), 'Rollback steps: 5 min, 1 of 2 estimated');

  await expectNoViolations(page, 'step details open');

  const first = await downloadMarkdown(page, { confirm: true });
  assert.match(first.text, /\n2\. Apply database migrations\n   - Owner: DBA on call\n   - Duration: 1 h 10 min\n   - Check: schema version is 42\n3\. /);
  assert.match(first.text, /\n1\. Place service in maintenance mode\n2\. /, 'a step without details is written as before');
  await page.getByLabel('Import Markdown', exact).setInputFiles(file(first.name, first.text));
  await page.getByRole('region', { name: 'Import report', exact: true }).waitFor();
  // Details come back, shown open.
  await expectValue(page.getByLabel('Step 2 owner', exact), 'DBA on call');
  await expectValue(page.getByLabel('Step 4 duration', exact), '15m');
  const second = await downloadMarkdown(page);
  assert.equal(second.text, first.text);

  // (Download anyway was confirmed above: the run starts without asking again.)
  await page.getByRole('button', { name: 'Start run', exact: true }).click();
  const run = page.getByRole('region', { name: 'Run', exact: true });
  await expectText(run.locator('.run-clock'), /estimate 1 h 25 min \(2 of 5 steps\) · on time/);
  assert.deepEqual(errors, []);
  await context.close();
});

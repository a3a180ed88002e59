// Run mode: a full run of the template's Example with a failed step, a rollback and a reload
// in the middle; two tabs on one run; the record download; Add to revision history;
// keyboard use; axe; and a run in the single-file copy opened from file://.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SINGLE_FILE_URL, serveDist, launch, openEditor, exact, expectValue, expectText, eventually, settled, drafts, waitSaved, expectNoViolations, axeContext } from './helpers.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const UTC = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/;
const runRegion = (page) => page.getByRole('region', { name: 'Run', exact: true });
const button = (scope, name) => scope.getByRole('button', { name, exact: true });

async function startRun(page) {
  await button(page, 'Load example').click();
  await button(page, 'Start run').click();
  // The Example has errors (no approval date): asked once, like a download.
  await button(page, 'Start run anyway').click();
  await runRegion(page).waitFor();
}

test('a run with a failed step, a rollback and a reload in the middle; the record and the revision row', async () => {
  const { context, page, errors } = await openEditor(browser, server.url, axeContext());
  await startRun(page);
  const run = runRegion(page);
  await run.getByLabel('Run by', exact).fill('Jane (on call)');
  await run.getByLabel('Run by', exact).press('Tab');
  await run.getByLabel(/^Precondition 1: /).check();
  await button(run, 'Start step 1').click();
  await expectText(run.locator('.run-step').first().locator('.run-step-state'), /^running · started \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  await button(run, 'Done step 1').click();
  // Focus goes to the next step's Start.
  await eventually(() => page.evaluate(() => document.activeElement?.textContent), 'Start step 2');
  await button(run, 'Start step 2').click();
  await run.getByLabel('Note for step 2', exact).fill('migration 42 timed out');
  await run.getByLabel('Note for step 2', exact).press('Tab');

  // A reload (or a crash) comes back to the same run with every tick and note.
  await page.reload();
  await runRegion(page).waitFor();
  await expectValue(run.getByLabel('Note for step 2', exact), 'migration 42 timed out');
  assert.equal(await run.getByLabel(/^Precondition 1: /).isChecked(), true);
  await expectText(run.locator('.run-step').nth(1).locator('.run-step-state'), /^running/);

  await button(run, 'Failed step 2').click();
  await run.getByLabel('Rollback reason', exact).fill('Migration failed');
  await button(run, 'Start rollback').click();
  await button(run, 'Start rollback step 1').click();
  await button(run, 'Done rollback step 1').click();
  await button(run, 'Check 1 passed').click();
  // The outcome the facts suggest.
  await expectValue(run.getByLabel('Outcome', exact), 'Rolled back');
  await button(run, 'Finish run').click();
  await expectText(run.locator('.run-clock'), /finished .*: Rolled back/);

  await expectNoViolations(page, 'run finished');

  const [download] = await Promise.all([page.waitForEvent('download'), button(run, 'Download run record').click()]);
  assert.match(download.suggestedFilename(), /^deployment-record-authentication-service-3-4-0-\d{4}-\d\d-\d\d\.md$/);
  const text = readFileSync(await download.path(), 'utf8');
  assert.match(text, /^# Deployment record: Authentication service 3\.4\.0\n/);
  assert.match(text, /\n- Outcome: Rolled back\n/);
  assert.match(text, /\n- Run by: Jane \(on call\)\n/);
  assert.match(text, /\n\| Time \(UTC\) \| Event \| Note \|\n/);
  for (const event of ['Precondition 1 met', 'Started: Step 1: ', 'Done: Step 1: ', 'Failed: Step 2: Apply database migrations \| migration 42 timed out', 'Rollback started \| Migration failed', 'Done: Rollback step 1: ', 'Check 1 passed', 'Run finished: Rolled back']) {
    assert.ok(new RegExp(`\\| ${UTC.source} \\| ${event.replace(/[()]/g, '\\$&')}`).test(text), `${event} in\n${text}`);
  }
  assert.match(text, /## Plan as run\n\n```+markdown\n# Authentication service 3\.4\.0\n/);

  await button(run, 'Add to revision history').click();
  // Once per run, also after a reload.
  assert.equal(await button(run, 'Add to revision history').isDisabled(), true);
  await waitSaved(page);
  await page.reload();
  await button(page, 'Resume run').click();
  await runRegion(page).waitFor();
  assert.equal(await button(run, 'Add to revision history').isDisabled(), true);
  await button(run, 'Back to the editor').click();
  await expectValue(page.getByLabel('Notes 2', exact), 'Deployed: Rolled back');
  await expectValue(page.getByLabel('Author 2', exact), 'Jane (on call)');
  await expectValue(page.getByLabel('Version 2', exact), '0.0.1');
  // The drafts list tells how the draft's last run ended.
  await waitSaved(page);
  await expectText(drafts(page).locator('.live li.current .draft-meta'), /· last run: rolled back$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two tabs on one run: each shows the other\'s actions at once', async () => {
  const { context, page: a, errors } = await openEditor(browser, server.url);
  await startRun(a);
  const b = await context.newPage();
  await b.goto(server.url);
  await runRegion(b).waitFor();
  await button(runRegion(a), 'Done step 1').click();
  await expectText(runRegion(b).locator('.run-step').first().locator('.run-step-state'), /^done/);
  await button(runRegion(b), 'Skip step 2').click();
  await expectText(runRegion(a).locator('.run-step').nth(1).locator('.run-step-state'), /^skipped/);
  await expectText(a.locator('.notice'), /updated in another tab/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard only: start the run and work through a step', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  await button(page, 'Load example').click();
  await button(page, 'Start run').focus();
  await page.keyboard.press('Enter');
  await button(page, 'Start run anyway').focus();
  await page.keyboard.press('Enter');
  await runRegion(page).waitFor();
  await button(runRegion(page), 'Start step 1').focus();
  await page.keyboard.press('Enter');
  // Start disables itself; focus is on the step's Done.
  await eventually(() => page.evaluate(() => document.activeElement?.textContent), 'Done step 1');
  await page.keyboard.press('Enter');
  await eventually(() => page.evaluate(() => document.activeElement?.textContent), 'Start step 2');
  await page.keyboard.press('Enter');
  await expectText(runRegion(page).locator('.run-step').nth(1).locator('.run-step-state'), /^running/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a run in the single-file copy opened from file://', async () => {
  const { context, page, errors } = await openEditor(browser, SINGLE_FILE_URL);
  await startRun(page);
  await button(runRegion(page), 'Done step 1').click();
  await page.reload();
  await runRegion(page).waitFor();
  await expectText(runRegion(page).locator('.run-step').first().locator('.run-step-state'), /^done/);
  const [download] = await Promise.all([page.waitForEvent('download'), button(runRegion(page), 'Download run record').click()]);
  assert.match(readFileSync(await download.path(), 'utf8'), /Done: Step 1: /);
  await settled(page);
  assert.deepEqual(errors, []);
  await context.close();
});

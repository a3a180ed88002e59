// Browser end-to-end tests of long plans: a plan of thousands of steps is put on the page
// in slices, so the page keeps answering while it gets there, and nothing is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serveDist, launch, openEditor, exact, preview, expectValue, expectCount, expectVisible, eventually, labelled } from './helpers.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const STEPS = 3000;

const button = (page, name) => page.locator('button', { hasText: new RegExp(`^${name}$`) });

/** Download Markdown (the plan has errors: it asks once to confirm). */
async function download(page) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    (async () => {
      await button(page, 'Download Markdown').click();
      await button(page, 'Download anyway').click();
    })(),
  ]);
  return readFileSync(await file.path(), 'utf8');
}

/** A plan of `steps` steps; every 500th has an owner and a duration. */
function longPlan(steps) {
  const lines = ['# Search platform 9.0.0', '', '## Purpose', '', 'Roll out search 9.0.0 shard by shard.', '', '## Deployment Steps', ''];
  for (let i = 1; i <= steps; i++) {
    lines.push(`${i}. Deploy shard search-${i} and check that \`/health\` returns 200`);
    const indent = ' '.repeat(`${i}. `.length);
    if (i % 500 === 0) lines.push(`${indent}- Owner: SRE ${i}`, `${indent}- Duration: 2 min`);
  }
  return lines.join('\n') + '\n';
}

test(`a plan of ${STEPS} steps is put on the page in slices: no long freeze, every step there`, async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  const text = longPlan(STEPS);
  await page.getByLabel('Import Markdown', exact).setInputFiles({ name: 'search.md', mimeType: 'text/markdown', buffer: Buffer.from(text) });
  await page.getByRole('region', { name: 'Import report', exact: true }).waitFor();
  // The top of the plan is there at once, and the rest follows while the page answers.
  const progress = page.getByRole('progressbar', { name: 'Putting the plan on the page', exact: true });
  await expectVisible(progress, true);
  await expectValue(await labelled(page, 'Step 1'), 'Deploy shard search-1 and check that `/health` returns 200');
  await page.locator('#title').fill('Search platform 9.0.1');
  await eventually(() => progress.isVisible(), false, { message: 'the whole plan on the page', timeout: 60_000 });
  // Before slicing, this import held the page for several seconds in one task. Now reading,
  // parsing, loading and saving the plan take a task or two, and each slice stays short.
  const tasks = (await page.evaluate(() => window.__longTasks)).sort((a, b) => b - a);
  assert.ok(tasks.length === 0 || tasks[0] < 1000, `long tasks (ms): ${tasks.join(', ')}`);
  assert.ok(tasks.slice(2).every((t) => t <= 200), `long tasks (ms): ${tasks.join(', ')}`);
  await expectValue(await labelled(page, `Step ${STEPS}`), `Deploy shard search-${STEPS} and check that \`/health\` returns 200`);
  await expectCount(preview(page).locator('ol > li'), STEPS);
  // A step with details has them open; one without builds its fields when opened.
  await expectValue(await labelled(page, 'Step 1500 owner'), 'SRE 1500');
  await button(page, 'Details for step 1501').click();
  await (await labelled(page, 'Step 1501 owner')).fill('DBA on call');
  const md = await download(page);
  assert.match(md, /^# Search platform 9\.0\.1$/m);
  assert.equal((md.match(/^\d+\. Deploy shard/gm) ?? []).length, STEPS);
  assert.match(md, /^3000\. Deploy shard search-3000 /m);
  assert.match(md, /^1501\. Deploy shard search-1501 .*\n {6}- Owner: DBA on call$/m);
  assert.deepEqual(errors, []);
  await context.close();
});

test('moving or adding a step while a long plan is still being put on the page keeps it on the page', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  await page.getByLabel('Import Markdown', exact).setInputFiles({ name: 'search.md', mimeType: 'text/markdown', buffer: Buffer.from(longPlan(STEPS)) });
  await page.getByRole('region', { name: 'Import report', exact: true }).waitFor();
  // "Move step N down" on the last step on the page so far (found and clicked in one task,
  // so no slice comes in between): the step moves below, onto the page, and keeps focus.
  const last = await page.evaluate(() => {
    const label = [...document.querySelectorAll('label')].find((l) => l.textContent === 'Step 1');
    const rows = document.getElementById(label.htmlFor).closest('ol').children;
    const down = [...rows[rows.length - 1].querySelectorAll('button')].find((b) => / down$/.test(b.getAttribute('aria-label')));
    down.click();
    return rows.length;
  });
  assert.ok(last < STEPS, `only part of the plan on the page when moving (${last} rows)`);
  await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')), `Move step ${last + 1} down`, 'focus on the moved step');
  await expectValue(await labelled(page, `Step ${last + 1}`), `Deploy shard search-${last} and check that \`/health\` returns 200`);
  await button(page, 'Add step').click();
  const added = await labelled(page, `Step ${STEPS + 1}`);
  await eventually(() => added.evaluate((el) => el === document.activeElement), true, 'focus on the new step');
  await page.keyboard.type('Announce the end of the rollout');
  await eventually(() => page.locator('.putting').isVisible(), false, { message: 'the whole plan on the page', timeout: 60_000 });
  const md = await download(page);
  assert.match(md, /^3001\. Announce the end of the rollout$/m);
  assert.match(md, new RegExp(`^${last}\\. Deploy shard search-${last + 1} .*\\n${last + 1}\\. Deploy shard search-${last} `, 'm'));
  assert.deepEqual(errors, []);
  await context.close();
});

// Multi-line items and Markdown in free text: Shift+Enter starts a new line in a step (Enter
// does not), the item grows with its text, and the plan survives download → import →
// download byte for byte; Purpose keeps its code block and quote in the preview.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openEditor, exact, downloadMarkdown, preview, expectValue, eventually } from './helpers.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const file = (name, text) => ({ name, mimeType: 'text/markdown', buffer: Buffer.from(text) });

test('Shift+Enter makes a multi-line step that downloads, imports and downloads identically', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  const step = page.getByLabel('Step 2', exact);
  await step.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Apply database migrations');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('kubectl rollout status deploy/ledger-writer --timeout=5m');
  await page.keyboard.press('Enter'); // as in a one-line field: no new line
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('- look for "successfully rolled out"');
  const text = 'Apply database migrations\nkubectl rollout status deploy/ledger-writer --timeout=5m\n- look for "successfully rolled out"';
  await expectValue(step, text);
  // The item shows all three lines: nothing is cut off or scrolls inside it.
  const clipped = () => step.evaluate((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1);
  await eventually(clipped, false);
  // Approvers are names in one line: Shift+Enter adds no line there.
  const approver = page.getByLabel('Approver 1', exact);
  await approver.click();
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Enter');
  await expectValue(approver, 'DevOps Lead');

  const first = await downloadMarkdown(page, { confirm: true }); // the Example has no approval date
  assert.match(first.text, /\n2\. Apply database migrations\n   kubectl rollout status deploy\/ledger-writer --timeout=5m\n   - look for "successfully rolled out"\n3\. /);
  // The preview shows the nested list inside the step.
  await eventually(() => preview(page).locator('ol li').nth(1).locator('ul li').count(), 1);

  await page.getByLabel('Import Markdown', exact).setInputFiles(file(first.name, first.text));
  await page.getByRole('region', { name: 'Import report', exact: true }).waitFor();
  await expectValue(page.getByLabel('Step 2', exact), text);
  const second = await downloadMarkdown(page);
  assert.equal(second.text, first.text);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Purpose keeps its Markdown: a code block and a quote show as such', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  await page.getByLabel('Purpose', exact).fill('Why:\n\n```sh\nmake deploy\n## not a section\n```\n\n> Keep the old cluster warm.\n\n## Scope');
  const purpose = preview(page).locator('.doc-part').filter({ has: page.getByRole('heading', { name: 'Purpose', exact: true }) });
  await eventually(() => purpose.locator('pre code').textContent(), 'make deploy\n## not a section\n');
  await eventually(() => purpose.locator('blockquote').textContent(), /Keep the old cluster warm\./);
  // The line that would start a new section is text, and the template's sections are intact.
  await eventually(() => purpose.locator('p').last().textContent(), '## Scope');
  assert.equal(await preview(page).getByRole('heading', { level: 2 }).count(), 10);
  assert.deepEqual(errors, []);
  await context.close();
});

// GitHub export and the document header: Open as GitHub issue opens GitHub's new-issue page
// with the whole plan in the link (intercepted here: no request leaves the machine), falls
// back to the clipboard for a plan too long for a link, remembers the repository; the issue
// template and issue form download; an issue body filed with the form imports back; the
// document header is written, validated and read back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SINGLE_FILE_URL, serveDist, launch, openEditor, exact, downloadMarkdown, pasteImport, expectValue, expectText, eventually, notice, expectNoViolations, axeContext } from './helpers.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const PASTE_BODY = 'The deployment plan was copied to the clipboard (it is too long for a link): paste it here.';

/** Opens the editor with github.com answered locally; returns the URLs of opened tabs. */
async function openWithGitHub(options = {}, url = server.url) {
  const opened = await openEditor(browser, url, options);
  const requests = [];
  await opened.context.route('https://github.com/**', (route) => {
    requests.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>New issue</title>' });
  });
  return { ...opened, requests };
}

const param = (url, name) => new URL(url).searchParams.get(name);

async function openIssue(page, context) {
  const [tab] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('button', { name: 'Open as GitHub issue', exact: true }).click(),
  ]);
  await tab.waitForLoadState();
  return tab.url();
}

test('Open as GitHub issue carries the whole plan in the link, and remembers the repository', async () => {
  const { context, page, errors, requests } = await openWithGitHub();
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  const repository = page.getByLabel('GitHub repository', exact);
  // Not owner/name: said under the field, and nothing opens.
  await repository.fill('octo org');
  await page.getByRole('button', { name: 'Open as GitHub issue', exact: true }).click();
  await expectText(page.locator('#github-repository-problem'), /is not owner\/name/);
  await eventually(() => repository.getAttribute('aria-invalid'), 'true');
  assert.equal(context.pages().length, 1);

  await repository.fill('octo-org/deployments');
  const url = await openIssue(page, context);
  assert.ok(url.startsWith('https://github.com/octo-org/deployments/issues/new?'), url);
  const { text } = await downloadMarkdown(page, { confirm: true });
  assert.equal(param(url, 'body'), text, 'every character of the plan survives the link');
  assert.equal(param(url, 'title'), 'Authentication service 3.4.0');
  assert.equal(param(url, 'labels'), 'deployment');
  assert.deepEqual(requests, [url], 'the only request is the tab the user opened');
  // Remembered in this browser.
  await page.reload();
  await expectValue(page.getByLabel('GitHub repository', exact), 'octo-org/deployments');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a plan too long for a link goes through the clipboard', async () => {
  const { context, page, errors } = await openWithGitHub({ context: { permissions: ['clipboard-read', 'clipboard-write'] } });
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await page.getByLabel('Step 1', exact).fill('Run the migration batch. '.repeat(400));
  await page.getByLabel('GitHub repository', exact).fill('octo-org/deployments');
  const url = await openIssue(page, context);
  assert.equal(param(url, 'body'), PASTE_BODY);
  assert.equal(param(url, 'title'), 'Authentication service 3.4.0');
  await expectText(notice(page), /too long for a link: it was copied to the clipboard/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const { text } = await downloadMarkdown(page, { confirm: true });
  assert.equal(copied, text);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the issue template and issue form download; an issue filed with the form imports back', async () => {
  const { context, page, errors } = await openEditor(browser, server.url);
  for (const [button, name, start] of [
    ['Download issue template', 'deployment_plan.md', /^---\nname: Deployment plan\n/],
    ['Download issue form', 'deployment_plan.yml', /^name: Deployment plan\n[\s\S]*\nbody:\n/],
  ]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
    assert.equal(download.suggestedFilename(), name);
    assert.match(readFileSync(await download.path(), 'utf8'), start);
  }
  const body = '### Purpose\n\nMove payments.\n\n### Scope\n\n- Payments API\n\n### Deployment Steps\n\n1. Drain blue\n2. Deploy green\n\n### Approvers\n\nDevOps Lead\n\n### Owner\n\nPayments Team\n\n### Status\n\nIn Review\n\n### Last Updated\n\n_No response_\n';
  await pasteImport(page, body);
  await expectValue(page.getByLabel('Purpose', exact), 'Move payments.');
  await expectValue(page.getByLabel('Step 2', exact), 'Deploy green');
  await expectValue(page.getByLabel('Approver 1', exact), 'DevOps Lead');
  await expectValue(page.getByLabel('Owner', exact), 'Payments Team');
  await expectValue(page.getByLabel('Status', exact), 'In Review');
  await expectValue(page.getByLabel('Last Updated', exact), '');
  await expectText(page.getByRole('region', { name: 'Import report', exact: true }), /GitHub issue filed with the deployment plan form/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the document header: written at the top, its licence checked, read back; axe finds nothing', async () => {
  const { context, page, errors } = await openEditor(browser, server.url, axeContext());
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await page.getByLabel('Write document header', exact).check();
  const values = {
    Repository: 'https://github.com/octo-org/deployments', Path: './plans/auth.md', 'Document version': '1.0',
    Brief: 'Auth 3.4.0 rollout', Group: 'Platform', Subgroup: 'Auth', 'Copyright holder': '2026 Octo Org', Licence: 'GPL v3',
  };
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label, exact).fill(value);
  await page.getByLabel('Licence', exact).blur();
  await expectText(page.locator('#header-licence-problem'), /not an SPDX licence identifier/);
  await page.getByLabel('Licence', exact).fill('GPL-3.0-or-later');
  await eventually(() => page.locator('#header-licence-problem').count(), 0);
  await expectNoViolations(page, 'document header open');
  const first = await downloadMarkdown(page, { confirm: true });
  assert.match(first.text, /^<!--\n Copyright \(C\) 2026 Octo Org\n\n SPDX-License-Identifier: GPL-3\.0-or-later\n\n # FILE INFORMATION\n DEFGROUP: Platform\n INGROUP: Auth\n REPO: https:\/\/github\.com\/octo-org\/deployments\n FILE: auth\.md\n VERSION: 1\.0\n BRIEF: Auth 3\.4\.0 rollout\n PATH: \.\/plans\/auth\.md\n-->\n\n# Authentication service 3\.4\.0\n/);
  await pasteImport(page, first.text);
  await expectValue(page.getByLabel('Brief', exact), 'Auth 3.4.0 rollout');
  assert.equal(await page.getByLabel('Write document header', exact).isChecked(), true);
  const second = await downloadMarkdown(page);
  assert.equal(second.text, first.text);
  assert.deepEqual(errors, []);
  await context.close();
});

test('in the single-file copy from file:// the GitHub panel works the same', async () => {
  const { context, page, errors, requests } = await openWithGitHub({}, SINGLE_FILE_URL);
  await page.getByLabel('Title', exact).fill('Offline plan');
  await page.getByLabel('GitHub repository', exact).fill('https://github.com/octo-org/deployments');
  const url = await openIssue(page, context);
  assert.ok(url.startsWith('https://github.com/octo-org/deployments/issues/new?'), url);
  assert.match(param(url, 'body'), /^# Offline plan\n/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download issue form', exact: true }).click()]);
  assert.equal(download.suggestedFilename(), 'deployment_plan.yml');
  assert.deepEqual(requests, [url]);
  assert.deepEqual(errors, []);
  await context.close();
});

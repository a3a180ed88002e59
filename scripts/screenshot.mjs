// Takes the README screenshot from the real app: the release build with the Example
// loaded. Run after `trunk build --release`: node scripts/screenshot.mjs [out.png]
import { serveDist, launch, openEditor } from '../tests/e2e/helpers.mjs';

const out = process.argv[2] ?? 'docs/screenshot.png';
const server = await serveDist();
const browser = await launch();
const { page } = await openEditor(browser, server.url, { context: { viewport: { width: 1440, height: 1000 } } });
await page.getByRole('button', { name: 'Load example', exact: true }).click();
await page.getByText(/^Saved /).waitFor();
await page.screenshot({ path: out });
console.log(`wrote ${out}`);
await browser.close();
await server.close();

// Prints the raw and gzip size of the built html, wasm, js and css, and fails when the gzip total
// is over the budget (issue 16: later features must not grow the first load unnoticed).
//   node scripts/sizes.mjs [dist] [--no-budget]
import { readdirSync, readFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--')) ?? 'dist';
// What the first load reached with the importer in its worker and Leptos' erase_components
// (517,086-517,707 B from one build to another), and a small margin.
const BUDGET = 522_000;
const line = (label, r, z) => `  ${label.padEnd(48)} ${String(r).padStart(9)} B  ${String(z).padStart(8)} B gzip`;
let raw = 0, gz = 0, laterRaw = 0, laterGz = 0;
const rows = [], later = [];
for (const name of readdirSync(dir)) {
  if (!['.wasm', '.js', '.css', '.html'].includes(extname(name))) continue;
  // The single-file copy is a download, not part of loading the app.
  if (name === 'deployment-plan-editor.html') continue;
  const data = readFileSync(join(dir, name));
  const z = gzipSync(data, { level: 9 }).length;
  const row = line(name, data.length, z);
  // The import worker is loaded on the first import, not at start.
  if (name.startsWith('import-worker')) {
    laterRaw += data.length; laterGz += z; later.push(row);
  } else {
    raw += data.length; gz += z; rows.push(row);
  }
}
console.log('build size (html + wasm + js + css), first load:');
console.log(rows.join('\n'));
console.log(`${line('total', raw, gz)} (${(gz / 1024).toFixed(1)} KiB)`);
console.log('loaded on the first import:');
console.log(later.join('\n'));
console.log(`${line('total', laterRaw, laterGz)} (${(laterGz / 1024).toFixed(1)} KiB)`);
if (!args.includes('--no-budget')) {
  if (gz > BUDGET) {
    console.error(`size budget: ${gz} B gzip is over the budget of ${BUDGET} B (scripts/sizes.mjs)`);
    process.exit(1);
  }
  console.log(`  within the size budget of ${BUDGET} B gzip (${((100 * gz) / BUDGET).toFixed(1)} %)`);
}

// Prints the raw and gzip size of the built wasm, js and css (a figure, not a check).
import { readdirSync, readFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
let raw = 0, gz = 0;
const rows = [];
for (const name of readdirSync(dir)) {
  if (!['.wasm', '.js', '.css', '.html'].includes(extname(name))) continue;
  // The single-file copy is a download, not part of loading the app.
  if (name === 'deployment-plan-editor.html') continue;
  const data = readFileSync(join(dir, name));
  const z = gzipSync(data, { level: 9 }).length;
  raw += data.length; gz += z;
  rows.push(`  ${name.padEnd(48)} ${String(data.length).padStart(9)} B  ${String(z).padStart(8)} B gzip`);
}
console.log('build size (html + wasm + js + css):');
console.log(rows.join('\n'));
console.log(`  ${'total'.padEnd(48)} ${String(raw).padStart(9)} B  ${String(gz).padStart(8)} B gzip (${(gz / 1024).toFixed(1)} KiB)`);

// Post-build step (a Trunk post_build hook, after csp.mjs): writes
// deployment-plan-editor.html, the whole app in one self-contained file (CSS, JS and the
// WASM as base64 inlined, the import worker's too) that works when opened straight from disk (file://).
//   node scripts/single-file.mjs <dir containing index.html>
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'dist';
const index = readFileSync(join(dir, 'index.html'), 'utf8');
const base = (url) => url.split('/').pop();
const js = base(index.match(/import init, \* as bindings from '([^']+)'/)[1]);
const wasm = base(index.match(/module_or_path: '([^']+)'/)[1]);
const css = [...index.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => readFileSync(join(dir, base(m[1])), 'utf8')).join('\n');
const glue = readFileSync(join(dir, js), 'utf8');
const wasmBase64 = readFileSync(join(dir, wasm)).toString('base64');
const icon = readFileSync(join(dir, 'icon.svg')).toString('base64');
const pick = (re) => index.match(re)?.[0] ?? '';
// index.html's small inline script: the remembered theme before the first paint, and the
// notice shown if the WebAssembly ever stops on an internal error.
const themeScript = index.match(/<script>(try\{[\s\S]*?)<\/script>/)[1];

// The import worker: a worker cannot be loaded from a file, so its script, with its
// WebAssembly inlined, is kept in the page as text and started from a blob: URL.
const workerScript = `${readFileSync(join(dir, 'import-worker.js'), 'utf8')}
wasm_bindgen({ module_or_path: Uint8Array.from(atob("${readFileSync(join(dir, 'import-worker_bg.wasm')).toString('base64')}"), (c) => c.charCodeAt(0)) });
`;
if (/<\/script/i.test(workerScript)) throw new Error('the import worker script cannot be kept in a <script> element');

const script = `${glue}
const bytes = Uint8Array.from(atob("${wasmBase64}"), (c) => c.charCodeAt(0));
await __wbg_init({ module_or_path: bytes });
`;
const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const policy = [
  "default-src 'none'",
  `script-src 'wasm-unsafe-eval' ${sha(script)} ${sha(themeScript)}`,
  `style-src ${sha(css)}`,
  'img-src data:',
  'worker-src blob:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const html = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${policy}" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    ${pick(/<title>[^<]*<\/title>/)}
    ${pick(/<meta name="description"[^>]*>/)}
    <meta name="color-scheme" content="light dark" />
    <link rel="icon" href="data:image/svg+xml;base64,${icon}" />
    <script>${themeScript}</script>
    <style>${css}</style>
    <script type="text/plain" id="import-worker-js">${workerScript}</script>
    <script type="module">${script}</script>
  </head>
  <body>
    ${pick(/<div id="loading">[\s\S]*?\n    <\/div>/)}
  </body>
</html>
`;
writeFileSync(join(dir, 'deployment-plan-editor.html'), html);
console.log(`single file: deployment-plan-editor.html, ${Math.round(html.length / 1024)} KB`);

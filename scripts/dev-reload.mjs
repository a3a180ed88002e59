// Post-build step for debug builds only (`trunk serve`, scripts/serve.sh): moves the live-reload
// script that Trunk injects inline into index.html out to its own file, trunk-autoreload.js.
// The page's Content-Security-Policy allows scripts from 'self' and inline scripts only by hash,
// and the dev server rewrites the inline script's text on every request (it writes in the
// address the page was asked for), so no hash could match it; as a file from 'self' it runs under
// the same strict policy as the release build. The placeholders the server would have filled are
// filled in the browser instead: the page's own host, and the folder the page is served from.
//   node scripts/dev-reload.mjs <dir containing index.html>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'dist';
const file = join(dir, 'index.html');
const html = readFileSync(file, 'utf8');
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .find((m) => m[1].includes('.well-known/trunk/ws'));
if (!inline) {
  console.log('dev-reload: no live-reload script in index.html (trunk build, or serve --no-autoreload)');
} else {
  const base = "new URL('.', document.currentScript.src).pathname";
  const script = inline[1]
    .replace(/(['`])\{\{__TRUNK_ADDRESS__\}\}\1/g, 'window.location.host')
    .replace(/(['`])\{\{__TRUNK_WS_BASE__\}\}\1/g, base);
  if (script.includes('{{__TRUNK_')) throw new Error('dev-reload: unknown placeholder in Trunk\'s live-reload script');
  writeFileSync(join(dir, 'trunk-autoreload.js'), script);
  writeFileSync(file, html.replace(inline[0], '<script src="trunk-autoreload.js"></script>'));
  console.log('dev-reload: live-reload script moved to trunk-autoreload.js');
}

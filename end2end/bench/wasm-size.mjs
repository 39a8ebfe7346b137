// Prints what the browser downloads, raw and brotli-compressed (quality 11, as the server
// precompresses), in kB of 1,000 bytes: the first page (the app's main wasm, its JS and CSS),
// then each page loaded on first use (`cargo leptos build --split`): the pieces it needs
// beyond the first page, read from the split manifest, shared pieces counted once per page.
// Usage: node wasm-size.mjs <pkg folder>
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const pkg = process.argv[2];
const sizes = new Map();
function size(file) {
  if (!sizes.has(file)) {
    const raw = readFileSync(path.join(pkg, file));
    const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    sizes.set(file, { raw: raw.length, br: br.length });
  }
  return sizes.get(file);
}
const kb = (bytes) => `${(bytes / 1000).toFixed(0)} kB`;
function line(label, files) {
  const total = files.map(size).reduce((a, s) => ({ raw: a.raw + s.raw, br: a.br + s.br }), { raw: 0, br: 0 });
  console.log(`${label}: raw ${kb(total.raw)}, brotli ${kb(total.br)}`);
}

for (const file of ['rapport.wasm', 'rapport.js', 'rapport.css']) line(`first page: ${file}`, [file]);
const manifestFile = path.join(pkg, '__wasm_split_manifest.json');
if (existsSync(manifestFile)) {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  for (const [name, chunks] of Object.entries(manifest)) {
    line(`on first use: ${name.replace(/_\d+$/, '')}`, chunks.map((c) => `${c}.wasm`));
  }
  line('on first use: every piece once', [...new Set(Object.values(manifest).flat())].map((c) => `${c}.wasm`));
}

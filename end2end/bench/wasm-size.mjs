// Prints the size of the browser bundle, raw and brotli-compressed.
// Usage: node wasm-size.mjs <file>...
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file);
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  console.log(`${file}: raw ${(raw.length / 1024).toFixed(0)} KiB, brotli ${(br.length / 1024).toFixed(0)} KiB`);
}

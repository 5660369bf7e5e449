// Prints the raw and gzip sizes of the release build's wasm, js and css, and their total.
// usage: node scripts/size-report.mjs [--check] [DIST]   (--check: exit 1 over the budget)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_GZIP_BYTES = 320 * 1000; // the release page's budget: 320 KB gzip (developers' brief)
const args = process.argv.slice(2);
const check = args.includes('--check');
const dist = args.find((a) => !a.startsWith('--')) ?? 'dist';

const kinds = ['wasm', 'js', 'css'];
const rows = readdirSync(dist)
  .filter((f) => kinds.some((k) => f.endsWith(`.${k}`)))
  .sort()
  .map((file) => {
    const bytes = readFileSync(join(dist, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
if (rows.length === 0) {
  console.error(`no wasm, js or css files in ${dist}/: run trunk build --release --offline first`);
  process.exit(1);
}
for (const kind of kinds) {
  if (!rows.some((r) => r.file.endsWith(`.${kind}`))) {
    console.error(`no .${kind} file in ${dist}/`);
    process.exit(1);
  }
}

const kb = (n) => (n / 1000).toFixed(1).padStart(8) + ' KB';
console.log(`${'file'.padEnd(44)} ${'raw'.padStart(11)} ${'gzip'.padStart(11)}`);
for (const r of rows) console.log(`${r.file.padEnd(44)} ${kb(r.raw)} ${kb(r.gzip)}`);
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });
console.log(`${'total'.padEnd(44)} ${kb(total.raw)} ${kb(total.gzip)}`);
console.log(`budget: ${kb(BUDGET_GZIP_BYTES).trim()} gzip; used ${((100 * total.gzip) / BUDGET_GZIP_BYTES).toFixed(1)} %`);
if (check && total.gzip > BUDGET_GZIP_BYTES) {
  console.error('over the size budget');
  process.exit(1);
}

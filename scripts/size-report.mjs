// Prints the raw and gzip sizes of each release page: its HTML and every file it loads (wasm, JS glue, stylesheet,
// service worker). The calculator (index.html) and the clinic list (list.html) each have their own wasm.
// usage: node scripts/size-report.mjs [--check] [DIST]   (--check: exit 1 when a page is over the budget)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_GZIP_BYTES = 320 * 1000; // a release page's budget: 320 KB gzip (developers' brief)
const args = process.argv.slice(2);
const check = args.includes('--check');
const dist = args.find((a) => !a.startsWith('--')) ?? 'dist';

let files;
try {
  files = readdirSync(dist);
} catch {
  console.error(`no ${dist}/: run trunk build --release --offline first`);
  process.exit(1);
}
const find = (pattern) => {
  const found = files.find((f) => pattern.test(f));
  if (!found) {
    console.error(`no file matching ${pattern} in ${dist}/: run trunk build --release --offline first`);
    process.exit(1);
  }
  return found;
};
const shared = [find(/^style-[0-9a-f]+\.css$/), find(/^sw\.js$/)];
const pages = [
  { page: 'calculator', files: [find(/^index\.html$/), find(/^osteoplan-[0-9a-f]+\.js$/), find(/^osteoplan-[0-9a-f]+_bg\.wasm$/), ...shared] },
  { page: 'clinic list', files: [find(/^list\.html$/), find(/^osteoplan-list-[0-9a-f]+\.js$/), find(/^osteoplan-list-[0-9a-f]+_bg\.wasm$/), ...shared] },
];

const kb = (n) => (n / 1000).toFixed(1).padStart(8) + ' KB';
let over = false;
for (const { page, files: pageFiles } of pages) {
  const rows = pageFiles.map((file) => {
    const bytes = readFileSync(join(dist, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  console.log(`${page}\n  ${'file'.padEnd(42)} ${'raw'.padStart(11)} ${'gzip'.padStart(11)}`);
  for (const r of rows) console.log(`  ${r.file.padEnd(42)} ${kb(r.raw)} ${kb(r.gzip)}`);
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });
  console.log(`  ${'total'.padEnd(42)} ${kb(total.raw)} ${kb(total.gzip)}`);
  console.log(`  budget ${kb(BUDGET_GZIP_BYTES).trim()} gzip; used ${((100 * total.gzip) / BUDGET_GZIP_BYTES).toFixed(1)} %\n`);
  if (total.gzip > BUDGET_GZIP_BYTES) {
    console.error(`${page}: over the size budget`);
    over = true;
  }
}
if (check && over) process.exit(1);

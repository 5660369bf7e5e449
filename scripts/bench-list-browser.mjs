// Benchmark: the clinic list page with a register of N patients (default 5 000), in the release dist/ (build it
// first: trunk build --release --offline) and Debian Chromium.
// usage: node scripts/bench-list-browser.mjs [N=5000] [RUNS=3]
//
// Prints, does not assert: for CSV and JSON Lines, the median of RUNS fresh pages of
//  - load and sort: from handing the file to the page's file input to the list shown (the counts and the first
//    rows drawn: `data-list-state="ready"`);
//  - the longest the page's main thread was busy at once meanwhile (long tasks), which is how long a click could
//    wait: the page evaluates in slices of about 30 ms and paints its progress between them;
//  - how many progress updates the page painted.
// Target (issue 16): under 2 s for 5 000 patients on this 2-core machine. The register is scripts/bench-list.py's.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, serveDist } from '../tests/e2e/harness.mjs';

const N = Number(process.argv[2] ?? 5000);
const RUNS = Number(process.argv[3] ?? 3);
const TODAY = '2026-11-25';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function once(browser, url, path) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}list.html`);
  await page.waitForSelector('header.app-header h1');
  await page.fill('input[name="list-date"]', TODAY);
  await page.dispatchEvent('input[name="list-date"]', 'change');
  await page.evaluate(() => {
    window.__longest = 0;
    window.__progress = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask' });
    new MutationObserver(() => window.__progress++).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['value'] });
  });
  const started = Date.now();
  // A path, as a user's file: a buffer would be built into a File by Playwright's script in the page, which takes
  // longer than the page's own work and would be counted as the page's.
  await page.setInputFiles('input[name="register"]', path);
  await page.waitForSelector('[data-list-state="ready"] [data-list-table] tbody tr', { timeout: 60000 });
  const ms = Date.now() - started;
  const { longest, progress, rows } = await page.evaluate(() => ({
    longest: window.__longest,
    progress: window.__progress,
    rows: document.querySelectorAll('[data-list-table] tbody tr').length,
  }));
  await context.close();
  return { ms, longest, progress, rows };
}

const dir = mkdtempSync(join(tmpdir(), 'osteoplan-bench-list-'));
execFileSync('python3', ['scripts/bench-list.py', String(N), '--write', dir]);
const server = await serveDist();
const browser = await launchChromium();
try {
  console.log(`${N} patients in the browser (release dist/, Chromium headless), median of ${RUNS} fresh pages, ${cpus().length} cores`);
  for (const kind of ['csv', 'jsonl']) {
    const path = join(dir, `register.${kind}`);
    const file = readFileSync(path);
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once(browser, server.url, path));
    const size = (file.length / 1e6).toFixed(1);
    console.log(
      `  ${kind.padEnd(5)} (${size} MB): load and sort ${median(runs.map((r) => r.ms))} ms ` +
        `(runs ${runs.map((r) => r.ms).join(', ')}); longest busy stretch ${Math.round(median(runs.map((r) => r.longest)))} ms; ` +
        `${median(runs.map((r) => r.progress))} progress updates; ${runs[0].rows} rows drawn`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}

// Screenshots and printed pages of the clinic list for a person to look at (not a test): the register of
// tests/clinic_list.rs on the list page at 1366 × 768 and on a phone, and the printed worklist (A4 landscape) as
// PNGs, in English and Chinese.
// usage: node scripts/look-list.mjs OUT_DIR   (after trunk build --release --offline; serves dist/)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, openPage, serveDist, waitForApp } from '../tests/e2e/harness.mjs';

const [out = 'look-list'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
execFileSync('cargo', ['run', '--quiet', '--locked', '--example', 'register', '--', out]);
const { today } = JSON.parse(readFileSync(join(out, 'expected.json'), 'utf8'));
const server = await serveDist();
const browser = await launchChromium();
try {
  for (const [lang, viewport, tag] of [
    ['en', { width: 1366, height: 768 }, 'desk'],
    ['zh-CN', { width: 1366, height: 768 }, 'desk'],
    ['en', { width: 390, height: 844 }, 'phone'],
  ]) {
    const { page, context } = await openPage(browser, { viewport });
    await page.goto(`${server.url}list.html`);
    await waitForApp(page);
    await page.click(`button[data-lang="${lang}"]`);
    const empty = join(out, `list-empty-${lang}-${tag}.png`);
    await page.screenshot({ path: empty });
    await page.fill('input[name="list-date"]', today);
    await page.dispatchEvent('input[name="list-date"]', 'change');
    await page.setInputFiles('input[name="register"]', join(out, 'register.csv'));
    await page.waitForSelector('[data-list-state="ready"]');
    const shot = join(out, `list-${lang}-${tag}.png`);
    await page.screenshot({ path: shot });
    console.log(empty, shot);
    if (tag === 'desk') {
      await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
      const pdf = join(out, `worklist-${lang}.pdf`);
      await page.pdf({ path: pdf, preferCSSPageSize: true });
      execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '2', pdf, join(out, `worklist-${lang}-page`)]);
      console.log(pdf, 'pages', execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)[1]);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

// Screenshots and printed pages of vignettes for a person to look at (not a test): the screen at 1366 × 768 and
// on a phone, and the A4 PDF turned into PNGs, in English and Chinese.
// usage: node scripts/look.mjs OUT_DIR p17 p18 …   (after trunk build --release --offline; serves dist/)
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { launchChromium, openPage, serveDist, waitForApp } from '../tests/e2e/harness.mjs';

const [out = 'look', ...names] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const files = readdirSync('tests/vignettes').filter((f) => names.some((n) => f.startsWith(n)));
const server = await serveDist();
const browser = await launchChromium();
try {
  for (const file of files) {
    const c = JSON.parse(readFileSync(join('tests/vignettes', file), 'utf8')).case;
    const name = file.slice(0, 3);
    for (const [lang, viewport, tag] of [
      ['en', { width: 1366, height: 768 }, 'desk'],
      ['zh-CN', { width: 1366, height: 768 }, 'desk'],
      ['en', { width: 390, height: 844 }, 'phone'],
    ]) {
      const { page, context } = await openPage(browser, { viewport });
      page.on('dialog', (d) => d.accept());
      await page.goto(server.url);
      await waitForApp(page);
      await page.click(`button[data-lang="${lang}"]`);
      const buffer = Buffer.from(JSON.stringify(c));
      await page.setInputFiles('input[name="import"]', { name: 'case.json', mimeType: 'application/json', buffer });
      await page.waitForSelector('[data-result="impression"]');
      const shot = join(out, `${name}-${lang}-${tag}.png`);
      await page.screenshot({ path: shot });
      console.log(shot);
      if (tag === 'desk') {
        const pdf = join(out, `${name}-${lang}.pdf`);
        await page.pdf({ path: pdf, format: 'A4' });
        execFileSync('pdftoppm', ['-png', '-r', '70', pdf, join(out, `${name}-${lang}-page`)]);
        const pages = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)[1];
        console.log(pdf, 'pages', pages);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

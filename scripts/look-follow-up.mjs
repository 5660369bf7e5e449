// The course chart and the patient sheet of vignettes for a person to look at (not a test): the chart on a desk
// screen and a phone, and the printed sheets as PNGs, in English and Chinese.
// usage: node scripts/look-follow-up.mjs OUT_DIR p29 p31 …   (after trunk build --release --offline; serves dist/)
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
      ['en', { width: 1366, height: 900 }, 'desk'],
      ['zh-CN', { width: 1366, height: 900 }, 'desk'],
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
      const chart = await page.$('.results .chart-frame');
      if (chart) {
        const shot = join(out, `${name}-${lang}-${tag}-chart.png`);
        await chart.screenshot({ path: shot });
        console.log(shot);
      }
      if (tag === 'desk') {
        const pdf = join(out, `${name}-${lang}.pdf`);
        await page.pdf({ path: pdf, format: 'A4' });
        execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(out, `${name}-${lang}-page`)]);
        console.log(pdf, 'pages', execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)[1]);
        const patient = await page.$('button[data-action="print-patient"]');
        if (patient) {
          await page.evaluate(() => { window.print = () => {}; });
          await patient.click();
          const ppdf = join(out, `${name}-${lang}-patient.pdf`);
          await page.pdf({ path: ppdf, format: 'A4' });
          execFileSync('pdftoppm', ['-png', '-r', '60', ppdf, join(out, `${name}-${lang}-patient`)]);
          console.log(ppdf, 'pages', execFileSync('pdfinfo', [ppdf], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)[1]);
        }
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

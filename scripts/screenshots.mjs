// The documentation's screenshots, made from the release build in English and Chinese (docs/clinicians.md,
// docs/clinicians.zh.md and README.md show them). One command regenerates them all:
//   trunk build --release --offline && node scripts/screenshots.mjs [OUT_DIR]   (default docs/img; serves dist/)
// Each shot is a public vignette (tests/vignettes/) or the test register (examples/register.rs), so the pictures
// show what the engine really says about a known case.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, openPage, serveDist, waitForApp } from '../tests/e2e/harness.mjs';

const out = process.argv[2] ?? 'docs/img';
mkdirSync(out, { recursive: true });
const vignette = (file) => JSON.parse(readFileSync(join('tests/vignettes', file), 'utf8')).case;
const LANGS = [['en', 'en'], ['zh-CN', 'zh']];
const DESK = { width: 1366, height: 900 };

/** The calculator with `c` loaded through Import, in `lang`. */
async function calculator(browser, server, c, lang) {
  const opened = await openPage(browser, { viewport: DESK });
  const { page } = opened;
  page.on('dialog', (d) => d.accept());
  await page.goto(server.url);
  await waitForApp(page);
  await page.click(`button[data-lang="${lang}"]`);
  const buffer = Buffer.from(JSON.stringify(c));
  await page.setInputFiles('input[name="import"]', { name: 'case.json', mimeType: 'application/json', buffer });
  await page.waitForSelector('[data-result="impression"]');
  return opened;
}

const saved = (file) => {
  console.log(file);
  return file;
};

const server = await serveDist();
const browser = await launchChromium();
try {
  for (const [lang, tag] of LANGS) {
    // A new patient: the form beside the impression and plan.
    let { page, context } = await calculator(browser, server, vignette('p17-new-osteopenia-high-frax.json'), lang);
    await page.screenshot({ path: saved(join(out, `calculator-${tag}.png`)) });
    // Its printed sheet, page 1, with the rules' texts in (opening "Rules applied" loads them, as Print does).
    await page.click('[data-result="rules"] summary');
    await page.waitForFunction(() => {
      const texts = [...document.querySelectorAll('.report [data-rule] .rule-text')];
      return texts.length > 0 && texts.every((e) => e.textContent.trim());
    });
    const pdfDir = mkdtempSync(join(tmpdir(), 'osteoplan-shots-'));
    await page.pdf({ path: join(pdfDir, 'sheet.pdf'), format: 'A4' });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', join(pdfDir, 'sheet.pdf'), join(out, `sheet-${tag}`)]);
    saved(join(out, `sheet-${tag}.png`));
    await context.close();

    // Denosumab: stopping after 8 injections (the exit plan), the impression, alerts and plan.
    ({ page, context } = await calculator(browser, server, vignette('p10-stop-after-8-injections.json'), lang));
    await page.locator('.assessment[data-top]').screenshot({ path: saved(join(out, `denosumab-stop-${tag}.png`)) });
    await context.close();

    // Follow-up on alendronate (failure, switch): the course chart and what it says in words.
    ({ page, context } = await calculator(browser, server, vignette('p29-followup-alendronate-failure-switch.json'), lang));
    await page.locator('[data-result="follow-up"]').screenshot({ path: saved(join(out, `follow-up-${tag}.png`)) });
    await context.close();
  }

  // The clinic list: the test register of 500 patients on its date.
  const registerDir = mkdtempSync(join(tmpdir(), 'osteoplan-register-'));
  execFileSync('cargo', ['run', '--quiet', '--locked', '--example', 'register', '--', registerDir]);
  const { today } = JSON.parse(readFileSync(join(registerDir, 'expected.json'), 'utf8'));
  for (const [lang, tag] of LANGS) {
    const { page, context } = await openPage(browser, { viewport: DESK });
    await page.goto(`${server.url}list.html`);
    await waitForApp(page);
    await page.click(`button[data-lang="${lang}"]`);
    await page.fill('input[name="list-date"]', today);
    await page.dispatchEvent('input[name="list-date"]', 'change');
    await page.setInputFiles('input[name="register"]', join(registerDir, 'register.csv'));
    await page.waitForSelector('[data-list-state="ready"]');
    await page.evaluate(() => document.activeElement?.blur());
    await page.screenshot({ path: saved(join(out, `clinic-list-${tag}.png`)) });
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

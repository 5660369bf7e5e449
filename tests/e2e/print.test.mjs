// End-to-end tests of the printed recommendation sheet and the calendar download, against the release dist/ in
// Debian Chromium. The sheet is printed to a real A4 PDF and read back with poppler-utils (pdfinfo, pdftotext);
// what the paper says is compared with what the screen says for the same case, in both languages.
// Set OSTEOPLAN_KEEP_PDF=dir to keep the PDFs (then `pdftoppm -png` them to look at the pages).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, useDistAndBrowser, waitForApp } from './harness.mjs';

const vignette = (file) => JSON.parse(readFileSync(new URL(`../vignettes/${file}`, import.meta.url), 'utf8')).case;
const WORK = mkdtempSync(join(tmpdir(), 'osteoplan-print-'));
const LANGS = ['en', 'zh-CN'];

/** Text without whitespace or hyphens, so words broken across PDF lines still match (pdftotext drops the
 * hyphen at a line break). */
const squash = (text) => text.replace(/[\s-]+/g, '');

const env = useDistAndBrowser();

async function open() {
  const opened = await openPage(env.browser);
  opened.page.on('dialog', (dialog) => dialog.accept());
  opened.page.setDefaultTimeout(8000);
  await opened.page.goto(env.server.url);
  await waitForApp(opened.page);
  return opened;
}

/** Loads `c` through the Import button, like a user with a case file. */
async function importCase(page, c) {
  const buffer = Buffer.from(JSON.stringify(c));
  await page.setInputFiles('input[name="import"]', { name: 'case.json', mimeType: 'application/json', buffer });
  await page.waitForSelector('[data-result="impression"] [data-category]', { state: 'attached' });
}

async function setLang(page, lang) {
  await page.click(`button[data-lang="${lang}"]`);
  await page.waitForSelector(`button[data-lang="${lang}"][aria-pressed="true"]`);
}

/** Prints the page to an A4 PDF; resolves to { file, pages, text, page1 } (page1: the text of the first page). */
async function printPdf(page, name) {
  const file = join(WORK, `${name}.pdf`);
  await page.pdf({ path: file, format: 'A4' });
  if (process.env.OSTEOPLAN_KEEP_PDF) copyFileSync(file, join(process.env.OSTEOPLAN_KEEP_PDF, `${name}.pdf`));
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return {
    file,
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)[1]),
    // -raw: the text in the order it was drawn (the reading order here); -layout moves a full-width bracket that
    // ends a wrapped line onto the line above.
    text: execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
    page1: execFileSync('pdftotext', ['-f', '1', '-l', '1', '-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  };
}

/** The system fonts Chromium actually draws `selector`'s text with in print media (via the DevTools protocol). */
async function printFonts(page, selector) {
  await page.emulateMedia({ media: 'print' });
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((f) => f.familyName);
  } finally {
    await cdp.detach();
    await page.emulateMedia({ media: 'screen' });
  }
}

/** What the screen shows for the current case: the facts the sheet must repeat. Lines are the words of each
 * document line (`.line-text`: the lead, ": " and the text), without the rule IDs after them; an alert's icon is
 * screen-only (the sheet marks the severity with a bar and says it in words). */
async function screenFacts(page) {
  return page.evaluate(() => {
    const all = (sel) => [...document.querySelectorAll(sel)];
    const text = (sel) => all(sel).map((e) => e.textContent.trim());
    const lines = (kind) =>
      all(`[data-result="${kind}"] .line-text`).map((e) => e.textContent.replace(/^[✖⚠ℹ]\s*/, '').trim());
    return {
      impression: lines('impression'),
      alerts: lines('alerts'),
      plan: lines('plan'),
      options: lines('options'),
      // The drug names of each options line ("★ Preferred: alendronate, risedronate — high risk: first line").
      drugs: lines('options').flatMap((l) => l.split(/: |：/).slice(1).join(': ').split(/ — /)[0].split(/, |、/)),
      rules: [...new Set(all('.report [data-rule]').map((e) => e.dataset.rule))],
      ruleTexts: text('.report [data-rule] .rule-text'),
      sources: text('.report [data-rule] .rule-source'),
      alertCodes: all('[data-result="alerts"] [data-alert]').map((e) => e.dataset.alert),
      // The denosumab schedule: every label and value (status, injections, dates, exit drug).
      schedule: text('[data-result="denosumab"] dl.dates > dt, [data-result="denosumab"] dl.dates > dd'),
      dates: text('[data-result="denosumab"] [data-date]'),
      screenOnly: [
        ...text('.toolbar button'),
        ...text('.result-actions button'),
        ...text('.plan-actions button'),
        document.querySelector('#inputs-heading').textContent,
      ],
    };
  });
}

describe('printed recommendation sheet', () => {
  test('a full vignette prints on at most two A4 pages with the screen\'s results, in both languages', async () => {
    const { page, context, problems, requestUrls } = await open();
    const c = vignette('p11-stop-blocked-by-kidneys.json');
    c.patient = { ...c.patient, name: 'Wang Fang', id: 'MRN-0042' };
    await importCase(page, c);
    await page.click('details[data-settings] > summary'); // the clinic settings (issue 24)
    await page.fill('input[name="clinic-header"]', 'Bone Clinic · 骨质疏松门诊');
    // The page carries only the alerts' rule texts; the Print button loads the others, then prints (window.print
    // is replaced here, as headless Chromium has no dialog; page.pdf below prints what the button would).
    assert.ok(!requestUrls.some((u) => /rule-texts/.test(u)), 'no rule texts loaded before a reader needs them');
    await page.evaluate(() => {
      window.printed = 0;
      window.print = () => (window.printed += 1);
    });
    await page.click('[data-action="print"]');
    await page.waitForFunction(() => window.printed === 1);
    assert.ok(requestUrls.some((u) => /rule-texts-[0-9a-f]+\.json$/.test(u)), 'the Print button loaded the rule texts');

    for (const lang of LANGS) {
      await setLang(page, lang);
      const facts = await screenFacts(page);
      const pdf = await printPdf(page, `p11-${lang}`);
      const paper = squash(pdf.text);
      assert.ok(pdf.pages >= 1 && pdf.pages <= 2, `${lang}: ${pdf.pages} pages`);

      const must = [
        'Bone Clinic · 骨质疏松门诊', 'Wang Fang', 'MRN-0042', c.assessed_on,
        ...facts.impression, ...facts.alerts, ...facts.plan, ...facts.options, ...facts.drugs, ...facts.schedule,
        ...facts.dates, ...facts.rules, ...facts.alertCodes, ...facts.sources,
      ];
      assert.ok(facts.impression.length === 2 && facts.plan.length > 3 && facts.drugs.length > 3, JSON.stringify(facts));
      assert.ok(facts.ruleTexts.length === facts.rules.length && facts.ruleTexts.every((t) => t), `${lang}: every rule has its text`);
      const missing = must.filter((s) => !paper.includes(squash(s)));
      assert.deepEqual(missing, [], `${lang}: the paper lacks what the screen shows`);
      // Rule texts are long and printed small; they should all be there too.
      const missingRules = facts.ruleTexts.filter((s) => !paper.includes(squash(s)));
      assert.deepEqual(missingRules, [], `${lang}: rule texts missing on paper`);

      // Page 1: the header, the notice and the whole assessment and plan, in the screen's order.
      const page1 = squash(pdf.page1);
      const top = [
        lang === 'en' ? 'Recommendation sheet' : '诊疗建议单',
        lang === 'en' ? 'does not replace clinical judgement' : '不能替代临床判断',
        ...facts.impression, ...facts.alerts, ...facts.plan,
      ];
      let at = 0;
      for (const line of top) {
        const found = page1.indexOf(squash(line), at);
        assert.ok(found >= 0, `${lang}: page 1 lacks, or has out of order: ${line}`);
        at = found;
      }

      const order = lang === 'en'
        ? ['Recommendation sheet', 'does not replace clinical judgement', 'Impression', 'Alerts', 'Plan', 'Drug options',
           'Denosumab schedule', 'Clinical data', 'DXA', 'Rules applied', "Clinician's signature"]
        : ['诊疗建议单', '不能替代临床判断', '印象', '警示', '诊疗计划', '药物选择', '地舒单抗注射计划', '临床资料', 'DXA',
           '所依据的规则', '医生签名'];
      at = 0;
      for (const heading of order) {
        const found = paper.indexOf(squash(heading), at);
        assert.ok(found >= 0, `${lang}: "${heading}" missing or out of order`);
        at = found;
      }

      const onScreenOnly = facts.screenOnly.filter((s) => paper.includes(squash(s)));
      assert.deepEqual(onScreenOnly, [], `${lang}: buttons or form text on paper`);
      if (lang === 'zh-CN') {
        assert.match(pdf.text, /诊疗建议单/, 'Chinese text is in the PDF as text');
        const fonts = await printFonts(page, '.sheet h1');
        assert.ok(fonts.some((f) => /CJK|Hei|Song|PingFang|YaHei|WenQuanYi/i.test(f)), `Chinese drawn with a CJK font: ${fonts}`);
      }
    }
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a long history still fits on two pages', async () => {
    const { page, context } = await open();
    const c = vignette('p10-stop-after-8-injections.json');
    c.patient = { ...c.patient, name: '张秀英', id: 'ZY-2026-000123' };
    c.fractures = Array.from({ length: 8 }, (_, i) => ({ site: 'vertebral', date: `201${i}-03-01`, fragility: true }));
    c.history = Array.from({ length: 10 }, (_, i) => ({
      drug: ['alendronate', 'risedronate', 'zoledronic_acid', 'calcitriol', 'raloxifene'][i % 5],
      start: `200${i}-01-01`,
      end: `200${i}-12-31`,
    }));
    c.dxa = ['lumbar_spine', 'femoral_neck', 'total_hip', 'radius_33'].map((site, i) => ({ site, t_score: -2.6 - i / 10 }));
    await importCase(page, c);
    for (const lang of LANGS) {
      await setLang(page, lang);
      const pdf = await printPdf(page, `long-${lang}`);
      assert.ok(pdf.pages <= 2, `${lang}: ${pdf.pages} pages`);
      assert.ok(squash(pdf.text).includes(squash(lang === 'en' ? "Clinician's signature" : '医生签名')), 'the signature line is printed');
    }
    await context.close();
  });

  test('an incomplete case prints what is missing, not a recommendation', async () => {
    const { page, context } = await open();
    await setLang(page, 'en');
    const pdf = await printPdf(page, 'empty-en');
    const paper = squash(pdf.text);
    assert.ok(paper.includes(squash('To see the recommendation, complete or correct')));
    assert.ok(!paper.includes(squash('Drug options')), 'no drug options for an incomplete case');
    await context.close();
  });

  test('the clinic header is kept on this device across reloads', async () => {
    const { page, context } = await open();
    await page.click('details[data-settings] > summary'); // the clinic settings (issue 24)
    await page.fill('input[name="clinic-header"]', 'Ward 7');
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.inputValue('input[name="clinic-header"]'), 'Ward 7');
    await context.close();
  });
});

describe('calendar download', () => {
  /** The .ics the Add-to-calendar button downloads: { name, text, events: [{ start, end, summary }] }. */
  async function downloadCalendar(page) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="calendar"]')]);
    const text = readFileSync(await download.path(), 'utf8');
    const unfolded = text.replace(/\r\n[ \t]/g, '');
    const events = unfolded.split('BEGIN:VEVENT').slice(1).map((block) => ({
      start: /DTSTART;VALUE=DATE:(\d{8})/.exec(block)?.[1],
      end: /DTEND;VALUE=DATE:(\d{8})/.exec(block)?.[1],
      summary: /SUMMARY[^:]*:(.*)/.exec(block)?.[1]?.replace(/\\([,;\\])/g, '$1'),
    }));
    return { name: download.suggestedFilename(), text, events };
  }

  const basic = (date) => date.replaceAll('-', '');

  /** Every event falls on a date the plan on screen shows (the calendar is drawn from the same plan). */
  async function assertEventsInPlan(page, ics) {
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('[data-result="plan"] .line-text')].flatMap((e) => e.textContent.match(/\d{4}-\d{2}-\d{2}/g) ?? []));
    const notShown = ics.events.filter((e) => !shown.map(basic).includes(e.start));
    assert.deepEqual(notShown, [], 'every calendar event is a dated line of the plan on screen');
  }

  test('continuing: the next dose as on screen, and nothing before the assessment date', async () => {
    const { page, context } = await open();
    await setLang(page, 'en');
    const c = vignette('p06-denosumab-due.json');
    c.patient = { ...c.patient, id: 'MRN-7' };
    await importCase(page, c);
    const next = await page.textContent('[data-date="next-due"]');
    const ics = await downloadCalendar(page);
    assert.match(ics.name, /^osteoplan-MRN-7-.*\.ics$/);
    assert.ok(ics.text.startsWith('BEGIN:VCALENDAR\r\n') && ics.text.trimEnd().endsWith('END:VCALENDAR'));
    // Issue 26: the patient's ID and the dose's strength and number in every title.
    assert.ok(ics.events.some((e) => e.start === basic(next) && /^MRN-7 · Denosumab 60 mg, dose \d+$/.test(e.summary)), 'the next dose');
    assert.ok(ics.events.every((e) => e.summary.startsWith('MRN-7 · ')), 'every event names the patient');
    assert.ok(ics.events.every((e) => e.start >= basic(c.assessed_on)), 'no event before the assessment date');
    assert.ok(ics.events.every((e) => e.end > e.start), 'all-day events end the day after (exclusive end)');
    await assertEventsInPlan(page, ics);
    await context.close();
  });

  test('overdue: today\'s catch-up dose and the next one counted from it, never the missed date', async () => {
    const { page, context } = await open();
    await setLang(page, 'en');
    await importCase(page, vignette('p18-denosumab-overdue-catch-up.json'));
    const ics = await downloadCalendar(page);
    const doses = ics.events.filter((e) => /Denosumab 60 mg, dose/.test(e.summary));
    assert.deepEqual(doses.map((e) => e.start), ['20261124', '20270524']);
    assert.deepEqual(doses.map((e) => e.summary.replace(/^.* · /, '')), ['Denosumab 60 mg, dose 5', 'Denosumab 60 mg, dose 6']);
    assert.ok(!ics.events.some((e) => e.start === '20260624'), 'the missed date is not an event');
    await assertEventsInPlan(page, ics);
    await context.close();
  });

  test('stopping: the exit drug and both CTX checks, in Chinese', async () => {
    const { page, context } = await open();
    await setLang(page, 'zh-CN');
    const c = vignette('p10-stop-after-8-injections.json');
    await importCase(page, c);
    const transition = await page.textContent('[data-date="transition"]');
    const ctx = (await page.textContent('[data-date="ctx"]')).match(/\d{4}-\d{2}-\d{2}/g) ?? [];
    assert.equal(ctx.length, 2, 'the long course has two CTX checks');
    const ics = await downloadCalendar(page);
    const exit = ics.events.find((e) => /地舒单抗停药后序贯用药/.test(e.summary));
    assert.equal(exit?.start, basic(transition), 'the exit drug on the transition date');
    for (const date of ctx) {
      assert.ok(ics.events.some((e) => e.start === basic(date) && /骨转换标志物/.test(e.summary)), `CTX on ${date}`);
    }
    assert.ok(ics.events.every((e) => e.start >= basic(c.assessed_on)));
    assert.match(ics.text, /LANGUAGE=zh-CN/);
    await assertEventsInPlan(page, ics);
    await context.close();
  });

  test('no button for an incomplete case', async () => {
    const { page, context } = await open();
    assert.equal(await page.locator('[data-action="calendar"]').count(), 0);
    await importCase(page, vignette('p05-man-very-low-t.json'));
    assert.equal(await page.locator('[data-action="calendar"]').count(), 1, 'a plan with dates offers the calendar');
    await context.close();
  });
});

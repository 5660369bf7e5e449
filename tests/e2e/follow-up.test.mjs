// End-to-end tests of the follow-up visit (issue 27) against the release dist/ in Debian Chromium: a 3-year
// alendronate follow-up (two earlier DXA studies, three CTX results) loaded through Import; the page's plan, its
// Follow-up section and the course chart agree with the command line's report for the case the page exports;
// the chart's points sit at the dates and values of the case (read back from the SVG's data attributes), in English
// and Chinese; the clinician's sheet with the chart stays within 2 A4 pages, the patient's sheet is 1 page and
// carries no rule code (PDF text).
// Entering the studies and results by keyboard: follow-up-entry.test.mjs.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateExecutable, openPage, useDistAndBrowser, waitForApp } from './harness.mjs';

const WORK = mkdtempSync(join(tmpdir(), 'osteoplan-follow-up-'));
const p29 = JSON.parse(readFileSync(new URL('../vignettes/p29-followup-alendronate-failure-switch.json', import.meta.url), 'utf8')).case;
/** p29 with three CTX results over the three years. */
const CASE = {
  ...p29,
  patient: { ...p29.patient, name: 'Follow Up', id: 'FU-27' },
  btm: [
    { test: 'ctx', date: '2024-03-12', value: 0.31, unit: 'ng_ml' },
    { test: 'ctx', date: '2025-09-10', value: 390, unit: 'pg_ml' },
    { test: 'ctx', date: '2026-10-20', value: 0.48, unit: 'ng_ml' },
  ],
};
const UNIT = { ng_ml: 1, ug_l: 1, pg_ml: 0.001, ng_l: 0.001 };

const env = useDistAndBrowser();

/** The command line's report (JSON) for the case text. */
let evaluate;
before(() => {
  const executable = evaluateExecutable();
  evaluate = (text) => {
    const file = join(WORK, 'exported.json');
    writeFileSync(file, text);
    return JSON.parse(execFileSync(executable, [file], { encoding: 'utf8' }));
  };
});

async function open(lang) {
  const opened = await openPage(env.browser, { viewport: { width: 1366, height: 900 } });
  opened.page.on('dialog', (d) => d.accept());
  opened.page.setDefaultTimeout(8000);
  await opened.page.goto(env.server.url);
  await waitForApp(opened.page);
  await opened.page.click(`button[data-lang="${lang}"]`);
  const buffer = Buffer.from(JSON.stringify(CASE));
  await opened.page.setInputFiles('input[name="import"]', { name: 'case.json', mimeType: 'application/json', buffer });
  await opened.page.waitForSelector('.results .chart-frame svg');
  return opened;
}

/** What the page shows: chart points, dose marks, planned dates, today, plan items, Follow-up lines. */
const shown = (page) =>
  page.evaluate(() => {
    const svg = document.querySelector('.results svg.chart');
    return {
      points: [...svg.querySelectorAll('g[data-series] circle')].map((c) => ({
        series: c.closest('g').dataset.series,
        date: c.dataset.date,
        value: Number(c.dataset.value),
        loss: c.classList.contains('ch-loss'),
      })),
      references: Object.fromEntries([...svg.querySelectorAll('g[data-series] [data-reference]')].map((l) => [l.closest('g').dataset.series, Number(l.dataset.reference)])),
      planned: [...svg.querySelectorAll('[data-planned]')].map((t) => t.dataset.planned),
      today: svg.querySelector('.ch-today-label').dataset.date,
      from: svg.dataset.from,
      to: svg.dataset.to,
      plan: [...document.querySelectorAll('[data-result="plan"] [data-plan-action]')].map((s) => [s.dataset.planAction, s.dataset.planOn ?? null]),
      followUp: [...document.querySelectorAll('[data-result="follow-up"] li.line')].length,
    };
  });

async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-action="export"]')]);
  return readFileSync(await download.path(), 'utf8');
}

describe('follow-up visit: plan, Follow-up section and course chart', () => {
  for (const lang of ['en', 'zh-CN']) {
    test(`agree with the command line on the exported case (${lang})`, async () => {
      const { page, context } = await open(lang);
      try {
        const text = await exported(page);
        const report = evaluate(text);
        assert.equal(report.format, 'osteoplan-report/3');
        const s = await shown(page);
        // The plan on screen is the report's plan, in order.
        assert.deepEqual(s.plan, report.plan.map((i) => [i.action, i.on]));
        // The Follow-up section says in words what the chart draws: one line per compared site and marker at least.
        assert.ok(s.followUp >= report.monitoring.dxa_changes.length + 1, `${s.followUp} Follow-up lines`);
        // Each study and each result of the exported case is a point at its date and value.
        const c = JSON.parse(text);
        const expected = [
          ...c.dxa_previous.map((e) => ({ series: e.site, date: e.date, value: e.bmd_g_cm2 })),
          ...c.dxa.map((e) => ({ series: e.site, date: c.dxa_date, value: e.bmd_g_cm2 })),
          ...c.btm.map((b) => ({ series: b.test, date: b.date, value: Math.round(b.value * UNIT[b.unit] * 1e4) / 1e4 })),
        ];
        const key = (p) => `${p.series} ${p.date} ${p.value}`;
        assert.deepEqual(s.points.map(key).sort(), expected.map(key).sort());
        // A point is marked as a loss exactly where the report finds a loss beyond the LSC (today's study).
        for (const change of report.monitoring.dxa_changes) {
          const today = s.points.find((p) => p.series === change.site && p.date === change.to);
          assert.equal(today.loss, change.verdict === 'loss', `${change.site} ${change.verdict}`);
        }
        assert.equal(s.references.ctx, report.monitoring.btm.find((b) => b.test === 'ctx').reference_ng_ml);
        // Today is the assessment date; the dates ahead are the plan's; the axis runs to the last of them.
        assert.equal(s.today, report.assessed_on);
        const planDates = new Set(report.plan.flatMap((i) => [i.on, i.by, ...i.dates]).filter(Boolean));
        assert.ok(s.planned.length > 0 && s.planned.every((d) => planDates.has(d) && d > report.assessed_on), s.planned.join());
        assert.equal(s.to, [...planDates].sort().at(-1));
        assert.equal(s.from, '2023-09-01', 'the first study');
      } finally {
        await context.close();
      }
    });
  }
});

/** `page` printed to an A4 PDF: { pages, text }. */
async function pdf(page, name) {
  const file = join(WORK, `${name}.pdf`);
  await page.pdf({ path: file, format: 'A4' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return {
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)[1]),
    text: execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  };
}

describe('follow-up visit on paper', () => {
  for (const lang of ['en', 'zh-CN']) {
    test(`the clinician's sheet with the chart fits 2 pages; the patient's sheet 1 page, without rule codes (${lang})`, async () => {
      const { page, context } = await open(lang);
      try {
        const report = evaluate(await exported(page));
        const doctor = await pdf(page, `doctor-${lang}`);
        assert.ok(doctor.pages <= 2, `${doctor.pages} pages`);
        assert.ok(doctor.text.includes('MON-FAILURE'), 'the clinician reads the rule codes');
        // The browser's print dialog is replaced: the click leaves the page set to print the patient's sheet.
        await page.evaluate(() => {
          window.print = () => {};
        });
        await page.click('button[data-action="print-patient"]');
        // Its words come with the texts file (words::patient_texts): the sheet is made once they are in.
        await page.waitForSelector('html[data-print-patient] #patient-sheet .patient', { state: 'attached' });
        const patient = await pdf(page, `patient-${lang}`);
        assert.equal(patient.pages, 1);
        for (const code of report.rules_fired) assert.ok(!patient.text.includes(code), `${code} on the patient's sheet`);
        assert.ok(!/[A-Z]{2,}-[A-Z]{2,}/.test(patient.text.replace(/β-CTX/g, '')), 'no rule code shape');
        const words = lang === 'en' ? ['Your next dates', 'Stop alendronate', 'Zoledronic acid drip'] : ['您接下来的日期', '停用阿仑膦酸钠', '唑来膦酸静脉输液'];
        for (const w of words) assert.ok(patient.text.replace(/\s+/g, ' ').includes(w), `${w} in ${patient.text}`);
        // The Print button prints the clinician's sheet again.
        await page.click('button[data-action="print"]');
        const again = await pdf(page, `doctor-again-${lang}`);
        assert.ok(again.text.includes('MON-FAILURE'));
      } finally {
        await context.close();
      }
    });
  }
});

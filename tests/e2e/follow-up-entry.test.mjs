// End-to-end tests of entering a follow-up visit (issue 27) against the release dist/ in Debian Chromium:
// - the 3-year alendronate follow-up (two earlier studies, three CTX results) typed with the keyboard only (focus,
//   keys, Tab/Enter/arrows); the plan, the Follow-up section and the course chart agree with the command line's
//   report on the case the page exports, and the exported case is the one typed; in English and Chinese;
// - a small table pasted into the marker list and the earlier DXA list: a row per line, a bad line kept and named.
// The profile and the centre's LSC are typed into the clinic settings (issues 24, 27), which fill them into the case.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateExecutable, openPage, useDistAndBrowser, waitForApp, waitUntil } from './harness.mjs';

const WORK = mkdtempSync(join(tmpdir(), 'osteoplan-follow-up-entry-'));
const p29 = JSON.parse(readFileSync(new URL('../vignettes/p29-followup-alendronate-failure-switch.json', import.meta.url), 'utf8')).case;
/** p29 with a name and three CTX results over the three years (one in pg/mL), as typed below. */
const CASE = {
  ...p29,
  profile: 'cn-2022',
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
  const opened = await openPage(env.browser, { viewport: { width: 1366, height: 900 }, locale: lang === 'en' ? 'en-US' : 'zh-CN' });
  opened.page.on('dialog', (d) => d.accept());
  opened.page.setDefaultTimeout(8000);
  await opened.page.goto(env.server.url);
  await waitForApp(opened.page);
  if (lang) await opened.page.click(`button[data-lang="${lang}"]`);
  return opened;
}

// ---------------------------------------------------------------------------------------------------------------
// The keyboard: every field is reached by focus and filled with keys, every button pressed with Enter
// ---------------------------------------------------------------------------------------------------------------

const byName = (name) => `[name="${name}"]`;

/** Types `value` into a field, replacing what it holds. */
async function type(page, name, value) {
  await page.focus(byName(name));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(String(value));
  await page.keyboard.press('Tab');
}

/** Picks the option `value` of a select with the arrow keys. */
async function choose(page, name, value) {
  const select = page.locator(byName(name));
  const [from, to] = await select.evaluate((s, v) => [s.selectedIndex, [...s.options].findIndex((o) => o.value === v)], value);
  assert.ok(to >= 0, `${name} offers ${value}`);
  await select.focus();
  for (let i = from; i !== to; i += Math.sign(to - from)) await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  await waitUntil(() => select.evaluate((s, v) => s.value === v, value), `${name} = ${value}`, 3000);
}

/** Presses a button with Enter. */
async function press(page, selector) {
  await page.focus(selector);
  await page.keyboard.press('Enter');
}

/** Opens the clinic settings with the keyboard (Enter on its summary). */
async function openSettings(page) {
  if (!(await page.locator('details[data-settings]').evaluate((d) => d.open))) await press(page, 'details[data-settings] > summary');
}

/** Enters CASE in the form with the keyboard only. */
async function enterByKeyboard(page) {
  const c = CASE;
  await openSettings(page);
  await choose(page, 'profile', c.profile);
  await type(page, 'lsc_percent.lumbar_spine', c.lsc_percent.lumbar_spine);
  await type(page, 'lsc_percent.total_hip', c.lsc_percent.total_hip);
  await type(page, 'assessed_on', c.assessed_on);
  await type(page, 'patient.name', c.patient.name);
  await type(page, 'patient.id', c.patient.id);
  await choose(page, 'patient.sex', c.patient.sex);
  await type(page, 'patient.age_years', c.patient.age_years);
  await choose(page, 'patient.menopause', c.patient.menopause);
  await type(page, 'patient.weight_kg', c.patient.weight_kg);
  await type(page, 'patient.height_cm', c.patient.height_cm);
  await press(page, 'button[data-action="add"][data-list="history"]');
  await choose(page, 'history[0].drug', c.history[0].drug);
  await type(page, 'history[0].start', c.history[0].start);
  for (const [i, row] of c.dxa.entries()) {
    await press(page, `button[data-action="add-dxa"][data-site="${row.site}"]`);
    await type(page, `dxa[${i}].t_score`, row.t_score);
    await type(page, `dxa[${i}].bmd_g_cm2`, row.bmd_g_cm2);
  }
  await type(page, 'dxa_date', c.dxa_date);
  await type(page, 'dxa_machine', c.dxa_machine);
  // Two earlier studies, each with the sites of today's DXA: the date and machine once per study.
  for (const first of [0, 2]) {
    await press(page, 'button[data-action="add-study"]');
    await type(page, `dxa_previous[${first}].date`, c.dxa_previous[first].date);
    await type(page, `dxa_previous[${first}].machine`, c.dxa_previous[first].machine);
    for (const i of [first, first + 1]) await type(page, `dxa_previous[${i}].bmd_g_cm2`, c.dxa_previous[i].bmd_g_cm2);
  }
  for (const [i, row] of c.btm.entries()) {
    await press(page, 'button[data-action="add"][data-list="btm"]');
    await choose(page, `btm[${i}].test`, row.test);
    await type(page, `btm[${i}].date`, row.date);
    await type(page, `btm[${i}].value`, row.value);
    await choose(page, `btm[${i}].unit`, row.unit);
  }
  await type(page, 'labs.egfr_ml_min', c.labs.egfr_ml_min);
  await type(page, 'labs.calcium', c.labs.calcium_mmol_l);
  await type(page, 'labs.vitamin_d', c.labs.vitamin_d_nmol_l);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the page
// ---------------------------------------------------------------------------------------------------------------

/** What the page shows: chart points, planned dates, today, plan items, Follow-up lines. */
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
      today: svg.querySelector('.ch-today-label').dataset.date,
      plan: [...document.querySelectorAll('[data-result="plan"] [data-plan-action]')].map((s) => [s.dataset.planAction, s.dataset.planOn ?? null]),
      followUp: [...document.querySelectorAll('[data-result="follow-up"] li.line')].length,
    };
  });

async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-action="export"]')]);
  return readFileSync(await download.path(), 'utf8');
}

/** A case with its format dropped and numbers as numbers, to compare what was typed with what was meant. */
const comparable = (c) => JSON.parse(JSON.stringify({ ...c, format: undefined }));

/** Field problems shown: { path: text }. */
const shownErrors = (page) =>
  page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('[data-error-for]')].map((e) => [e.dataset.errorFor, e.textContent.trim()])),
  );

describe('follow-up visit typed with the keyboard', () => {
  for (const lang of ['en', 'zh-CN']) {
    test(`agrees with the command line on the exported case (${lang})`, async () => {
      const { page, context } = await open(lang);
      try {
        await enterByKeyboard(page);
        await page.waitForSelector('.results .chart-frame svg');
        assert.deepEqual(await shownErrors(page), {}, 'no field problem');
        const text = await exported(page);
        const c = JSON.parse(text);
        assert.deepEqual(comparable(c), comparable(CASE), 'the exported case is the case typed');
        const report = evaluate(text);
        const s = await shown(page);
        assert.deepEqual(s.plan, report.plan.map((i) => [i.action, i.on]), 'the plan on screen is the report\'s');
        assert.ok(report.monitoring.failure, 'the report finds the treatment failure from the studies and markers typed');
        assert.ok(s.followUp >= report.monitoring.dxa_changes.length + 1, `${s.followUp} Follow-up lines`);
        const expected = [
          ...c.dxa_previous.map((e) => ({ series: e.site, date: e.date, value: e.bmd_g_cm2 })),
          ...c.dxa.map((e) => ({ series: e.site, date: c.dxa_date, value: e.bmd_g_cm2 })),
          ...c.btm.map((b) => ({ series: b.test, date: b.date, value: Math.round(b.value * UNIT[b.unit] * 1e4) / 1e4 })),
        ];
        const key = (p) => `${p.series} ${p.date} ${p.value}`;
        assert.deepEqual(s.points.map(key).sort(), expected.map(key).sort(), 'the chart\'s points');
        for (const change of report.monitoring.dxa_changes) {
          const today = s.points.find((p) => p.series === change.site && p.date === change.to);
          assert.equal(today.loss, change.verdict === 'loss', `${change.site} ${change.verdict}`);
        }
        assert.equal(s.references.ctx, report.monitoring.btm.find((b) => b.test === 'ctx').reference_ng_ml);
        assert.equal(s.today, report.assessed_on);
      } finally {
        await context.close();
      }
    });
  }
});

/** Pastes `text` into the box `name` as the clipboard would (an input event of type insertFromPaste). */
async function paste(page, name, text) {
  await page.focus(byName(name));
  await page.evaluate(
    ([name, text]) => {
      const box = document.querySelector(`[name="${name}"]`);
      box.value = text;
      box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    },
    [name, text],
  );
}

describe('a pasted table', () => {
  test('adds a marker row per line, in the unit the line names; a bad line is kept and named', async () => {
    const { page, context } = await open('en');
    try {
      await paste(page, 'paste-btm', 'Date\tCTX\n2024-03-12\t0.31\n2025-09-10 390 pg/mL\n2026-10-20;0,48\n2026-13-01\t0.5\n');
      await page.waitForSelector(byName('btm[3].date'));
      const rows = await page.evaluate(() =>
        [0, 1, 2, 3].map((i) => ['test', 'date', 'value', 'unit'].map((f) => document.querySelector(`[name="btm[${i}].${f}"]`).value)),
      );
      assert.deepEqual(rows, [
        ['ctx', '2024-03-12', '0.31', 'ng_ml'],
        ['ctx', '2025-09-10', '390', 'pg_ml'],
        ['ctx', '2026-10-20', '0,48', 'pg_ml'],
        ['ctx', '2026-13-01', '0.5', 'pg_ml'],
      ]);
      assert.equal(await page.inputValue(byName('paste-btm')), '', 'the box empties');
      assert.equal(await page.locator(byName('btm[4].date')).count(), 0, 'the heading is not a row');
      // The bad date is named beside its field (once the rest of the case is there to be read).
      const errors = await shownErrors(page);
      assert.ok(errors['btm[3].date'], `the bad date is named: ${JSON.stringify(errors)}`);
    } finally {
      await context.close();
    }
  });

  test('adds an earlier study per line with a BMD per site of today\'s DXA', async () => {
    const { page, context } = await open('zh-CN');
    try {
      await press(page, 'button[data-action="add-dxa"][data-site="lumbar_spine"]');
      await press(page, 'button[data-action="add-dxa"][data-site="total_hip"]');
      await paste(page, 'paste-dxa', '2023-09-01\t0.830\t0.735\n2025-09-10 0.826 0.709\n');
      await page.waitForSelector(byName('dxa_previous[3].bmd_g_cm2'));
      const values = await page.evaluate(() =>
        [0, 1, 2, 3].map((i) => document.querySelector(`[name="dxa_previous[${i}].bmd_g_cm2"]`).value),
      );
      assert.deepEqual(values, ['0.830', '0.735', '0.826', '0.709']);
      assert.deepEqual(
        await page.evaluate(() => [...document.querySelectorAll('[data-study]')].map((s) => s.querySelector('input').value)),
        ['2023-09-01', '2025-09-10'],
        'two studies',
      );
    } finally {
      await context.close();
    }
  });
});

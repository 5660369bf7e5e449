// End-to-end tests of the calculator page against the release dist/, in Debian Chromium: public vignettes entered
// through the form, autosave and reload, export/import, the share link, the language switch, hostile input,
// accessibility (axe-core) and keyboard use. One browser for the file; a fresh context (fresh storage) per test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { openPage, useDistAndBrowser, waitForApp, waitUntil } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

/** The key of this tab's autosaved draft (one per tab, issue 24). */
const DRAFT_KEY = 'osteoplan.draft.v1.<tab>';
const CASE_FORMAT = 'osteoplan-case/3';
const CJK = /[\u3400-\u9fff]/;
const DATE = /\d{4}-\d{2}-\d{2}/g;

const vignette = (file) => JSON.parse(readFileSync(new URL(`../vignettes/${file}`, import.meta.url), 'utf8'));
const VIGNETTES = [
  'p05-man-very-low-t.json',
  'p09-stop-after-4-injections.json',
  'p12-romosozumab-after-mi.json',
].map(vignette);

/** A valid case that touches every part of the form (checked with the command line: it gives a report). */
const FULL_CASE = {
  format: CASE_FORMAT,
  assessed_on: '2026-11-22',
  profile: 'aace-2020',
  patient: {
    name: 'Wang Fang',
    id: 'MRN-0042',
    sex: 'female',
    age_years: 68,
    menopause: 'postmenopausal',
    weight_kg: 52.5,
    height_cm: 156,
  },
  dxa: [
    { site: 'lumbar_spine', t_score: -2.8, z_score: -1.1 },
    { site: 'femoral_neck', bmd_g_cm2: 0.551 },
    { site: 'total_hip', bmd_g_cm2: 0.7, reference: { mean: 0.95, sd: 0.12 } },
  ],
  fractures: [
    { site: 'vertebral', date: '2025-09-01', fragility: true, on_treatment: false, nonunion: false },
    { site: 'distal_forearm', date: '2010-02-03', fragility: false, on_treatment: true, nonunion: true },
  ],
  frax: { mof_percent: 18, hip_percent: 4 },
  falls_last_12_months: 1,
  injurious_fall: true,
  glucocorticoids: { mg_per_day: 5, months: 6 },
  secondary_causes: ['thyroid', 'ckd'],
  labs: { egfr_ml_min: 55, creatinine_umol_l: 80, calcium_mmol_l: 2.3, vitamin_d_ng_ml: 18 },
  conditions: { oral_bp_intolerance: true, invasive_dental_planned: true },
  history: [{ drug: 'alendronate', start: '2019-03-01', end: '2022-03-01' }],
  denosumab: {
    regimen: 'osteoporosis_60mg_q6m',
    injections: ['2025-05-10', '2025-11-08', '2026-05-09'],
    plan: 'continue',
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Case → form actions (the DOM contract: every input is named by its case path)
// ---------------------------------------------------------------------------------------------------------------

const PATIENT_FIELDS = ['name', 'id', 'sex', 'age_years', 'menopause', 'weight_kg', 'height_cm'];
const LAB_WITH_UNIT = /^(creatinine|vitamin_d|calcium)_(umol_l|mg_dl|nmol_l|ng_ml|mmol_l)$/;

function unknownKeys(obj, known, where) {
  const extra = Object.keys(obj).filter((k) => !known.includes(k));
  if (extra.length) throw new Error(`fillCase does not know ${where}.${extra.join(', ')}`);
}

/**
 * The form actions that enter `c`, in order: { set: name, value } for a field (text, select or checkbox, decided
 * by the element) and { click: selector, then: selector } for an add button (then waits for the new row's field).
 * Fails on a case key it does not know, so it keeps up with the format.
 */
function caseSteps(c) {
  const steps = [];
  const set = (name, value) => value !== undefined && value !== null && steps.push({ set: name, value });
  const leaves = (prefix, obj) => {
    for (const [k, v] of Object.entries(obj ?? {})) {
      if (v && typeof v === 'object') leaves(`${prefix}.${k}`, v);
      else set(`${prefix}.${k}`, v);
    }
  };
  unknownKeys(c, ['format', 'assessed_on', 'profile', 'patient', 'dxa', 'fractures', 'frax', 'falls_last_12_months',
    'injurious_fall', 'glucocorticoids', 'secondary_causes', 'labs', 'conditions', 'history', 'denosumab'], 'case');
  set('assessed_on', c.assessed_on);
  // The profile is a clinic setting (issue 24): a first visit in English suggests aace-2020, so the case's own (or
  // the format's default) is chosen in the settings panel.
  set('profile', c.profile ?? 'cn-2022');
  const patient = c.patient ?? {};
  unknownKeys(patient, PATIENT_FIELDS, 'patient');
  for (const k of PATIENT_FIELDS) set(`patient.${k}`, patient[k]);
  (c.dxa ?? []).forEach((row, i) => {
    unknownKeys(row, ['site', 't_score', 'z_score', 'bmd_g_cm2', 'reference'], `dxa[${i}]`);
    steps.push({
      click: `button[data-action="add-dxa"][data-site="${row.site}"]`,
      then: `[data-row="dxa[${i}]"] [name="dxa[${i}].t_score"]`,
    });
    for (const k of ['t_score', 'z_score', 'bmd_g_cm2']) set(`dxa[${i}].${k}`, row[k]);
    leaves(`dxa[${i}].reference`, row.reference);
  });
  (c.fractures ?? []).forEach((row, i) => {
    unknownKeys(row, ['site', 'date', 'fragility', 'on_treatment', 'nonunion'], `fractures[${i}]`);
    steps.push({
      click: 'button[data-action="add"][data-list="fractures"]',
      then: `[data-row="fractures[${i}]"] [name="fractures[${i}].site"]`,
    });
    set(`fractures[${i}].site`, row.site);
    set(`fractures[${i}].date`, row.date);
    set(`fractures[${i}].fragility`, row.fragility ?? true);
    set(`fractures[${i}].on_treatment`, row.on_treatment ?? false);
    set(`fractures[${i}].nonunion`, row.nonunion ?? false);
  });
  leaves('frax', c.frax);
  set('falls_last_12_months', c.falls_last_12_months);
  set('injurious_fall', c.injurious_fall);
  leaves('glucocorticoids', c.glucocorticoids);
  for (const cause of c.secondary_causes ?? []) set(`secondary_causes.${cause}`, true);
  for (const [k, v] of Object.entries(c.labs ?? {})) {
    const m = LAB_WITH_UNIT.exec(k);
    if (m) {
      set(`labs.${m[1]}.unit`, m[2]);
      set(`labs.${m[1]}`, v);
    } else if (k === 'egfr_ml_min') {
      set('labs.egfr_ml_min', v);
    } else {
      throw new Error(`fillCase does not know labs.${k}`);
    }
  }
  for (const [k, v] of Object.entries(c.conditions ?? {})) set(`conditions.${k}`, v);
  (c.history ?? []).forEach((row, i) => {
    unknownKeys(row, ['drug', 'start', 'end'], `history[${i}]`);
    steps.push({
      click: 'button[data-action="add"][data-list="history"]',
      then: `[data-row="history[${i}]"] [name="history[${i}].drug"]`,
    });
    set(`history[${i}].drug`, row.drug);
    set(`history[${i}].start`, row.start);
    set(`history[${i}].end`, row.end);
  });
  if (c.denosumab) {
    unknownKeys(c.denosumab, ['regimen', 'injections', 'plan'], 'denosumab');
    set('denosumab', true);
    set('denosumab.regimen', c.denosumab.regimen);
    set('denosumab.plan', c.denosumab.plan);
    (c.denosumab.injections ?? []).forEach((date, i) => {
      steps.push({
        click: 'button[data-action="add"][data-list="denosumab.injections"]',
        then: `[name="denosumab.injections[${i}]"]`,
      });
      set(`denosumab.injections[${i}]`, date);
    });
  }
  return steps;
}

const field = (page, name) => page.locator(`[name="${name}"]`);

/** Waits for `selector` (a part of the DOM contract) and fails naming it when it never comes. */
async function appears(page, selector, what, state = 'attached') {
  try {
    await page.locator(selector).first().waitFor({ state, timeout: 5000 });
  } catch {
    assert.fail(`${what}: ${selector} is not ${state === 'visible' ? 'visible' : 'in the page'}`);
  }
}

/** Sets one named field the way a user would: select → choose, checkbox → tick/untick, otherwise type. */
async function setField(page, name, value) {
  const el = field(page, name);
  await appears(page, `[name="${name}"]`, `field for ${name}`);
  // A field of the clinic settings is in a panel that opens on demand.
  await el.evaluate((e) => e.closest('details')?.setAttribute('open', ''));
  const kind = await el.evaluate((e) => (e.tagName === 'SELECT' ? 'select' : e.type === 'checkbox' ? 'checkbox' : 'text'));
  if (kind === 'select') await el.selectOption(String(value));
  else if (kind === 'checkbox') await el.setChecked(Boolean(value));
  else await el.fill(String(value));
}

/** Enters a whole case through the form. */
async function fillCase(page, c) {
  for (const step of caseSteps(c)) {
    if (step.click) {
      await appears(page, step.click, 'add button');
      await page.click(step.click);
      await appears(page, step.then, `new row after clicking ${step.click}`);
    } else {
      await setField(page, step.set, step.value);
    }
  }
}

/** What each field of `c` shows now, next to what it should show (numbers compared as numbers). */
async function fieldValues(page, c, { except = [] } = {}) {
  const want = {};
  const got = {};
  for (const { set: name, value } of caseSteps(c).filter((s) => s.set && !except.includes(s.set))) {
    want[name] = value;
    const el = field(page, name);
    if ((await el.count()) !== 1) {
      got[name] = `<${await el.count()} elements>`;
      continue;
    }
    const shown = await el.evaluate((e) => (e.type === 'checkbox' ? e.checked : e.value));
    got[name] = typeof value === 'number' && shown !== '' && !Number.isNaN(Number(shown)) ? Number(shown) : shown;
  }
  return { got, want };
}

async function assertFields(page, c, options = {}) {
  const { got, want } = await fieldValues(page, c, options);
  assert.deepEqual(got, want, `form fields ${options.when ?? ''}`.trim());
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the results
// ---------------------------------------------------------------------------------------------------------------

/** A language-independent picture of the result column, to compare before and after a round trip. */
function results(page) {
  return page.evaluate((datePattern) => {
    const q = (s) => document.querySelector(s);
    const all = (s) => [...document.querySelectorAll(s)];
    const attr = (s, a) => q(s)?.getAttribute(a) ?? null;
    const dates = (e) => e.textContent.match(new RegExp(datePattern, 'g')) ?? [];
    return {
      incomplete: Boolean(q('[data-result="incomplete"]')),
      // The impression's first line carries the category and level as hidden marks.
      diagnosis: attr('[data-result="impression"] [data-category]', 'data-category'),
      risk: attr('[data-result="impression"] [data-level]', 'data-level'),
      // Each plan line's action and date (its hidden mark), in the plan's order.
      plan: all('[data-result="plan"] [data-plan-action]').map((e) => `${e.dataset.planAction}@${e.dataset.planOn ?? ''}`),
      options: all('[data-result="options"] [data-drug][data-status]').map((e) => `${e.dataset.drug}:${e.dataset.status}`),
      denosumab: attr('[data-result="denosumab"]', 'data-status'),
      dates: all('[data-result="denosumab"] [data-date]').map((e) => `${e.dataset.date}:${dates(e).join(',')}`),
      exitDrug: attr('[data-result="denosumab"] [data-exit-drug]', 'data-exit-drug'),
      alerts: all('[data-result="alerts"] [data-alert]').map((e) => `${e.dataset.alert}:${e.dataset.severity}`),
      rules: [...new Set(all('[data-rule]').map((e) => e.dataset.rule))].sort(),
    };
  }, DATE.source);
}

/** Field errors currently shown: { path: text } for every visible, non-empty [data-error-for]. */
function shownErrors(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-error-for]')]
        .filter((e) => e.textContent.trim() && e.getClientRects().length)
        .map((e) => [e.dataset.errorFor, e.textContent.trim()]),
    ),
  );
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Polls `get` until it deep-equals `want` (results update live, maybe a frame later); then asserts, so a
 * mismatch is reported as a diff. */
async function eventually(get, want, message, timeout = 5000) {
  let got;
  const equal = async () => isDeepStrictEqual((got = await get()), want);
  await waitUntil(equal, message, timeout).catch(() => {});
  assert.deepEqual(got, want, message);
  return got;
}

/** Waits until the result column holds a full report, then returns its picture. */
async function reportShown(page) {
  await page.waitForSelector('[data-result="impression"] [data-category]', { timeout: 5000 }).catch(() => {});
  const snap = await results(page);
  assert.ok(snap.diagnosis, `no report shown: ${JSON.stringify(snap)}; field errors ${JSON.stringify(await shownErrors(page))}`);
  return snap;
}

/**
 * Maps a vignette's `expect` onto DOM probes. Returns { probes, want, skipped }: probes are evaluated in the page,
 * `want` holds the expected value under the same key; expectation paths with no place in the DOM contract are
 * listed in `skipped`.
 */
function vignetteProbes(expect) {
  const probes = {};
  const want = {};
  const skipped = [];
  const add = (key, probe, value) => {
    probes[key] = probe;
    want[key] = value;
  };
  const dmab = '[data-result="denosumab"]';
  for (const [path, value] of Object.entries(expect.equals ?? {})) {
    const key = `equals ${path}`;
    const option = /^treatment\.options\[drug=([a-z_]+)\]\.status$/.exec(path);
    const planOn = /^plan\[action=([a-z_]+)\]\.on$/.exec(path);
    const planAt = /^plan\[(\d+)\]\.action$/.exec(path);
    if (path === 'diagnosis.category') add(key, { sel: '[data-result="impression"] [data-category]', attr: 'data-category' }, value);
    else if (path === 'risk.level') add(key, { sel: '[data-result="impression"] [data-level]', attr: 'data-level' }, value);
    else if (planOn) add(key, { sel: `[data-result="plan"] [data-plan-action="${planOn[1]}"]`, attr: 'data-plan-on' }, value);
    else if (planAt) add(key, { sel: '[data-result="plan"] [data-plan-action]', attr: 'data-plan-action', index: Number(planAt[1]) }, value);
    else if (option) add(key, { sel: `[data-result="options"] [data-drug="${option[1]}"]`, attr: 'data-status' }, value);
    else if (path === 'denosumab.status') add(key, { sel: dmab, attr: 'data-status' }, value);
    else if (path === 'denosumab.next_due') add(key, { sel: `${dmab} [data-date="next-due"]`, dates: true }, value ? [value] : []);
    else if (path === 'denosumab.window') add(key, { sel: `${dmab} [data-date="window"]`, dates: true }, value ?? []);
    else if (path === 'denosumab.exit_plan') add(key, { sel: `${dmab} [data-exit-drug]`, count: true }, value === null ? 0 : 1);
    else if (path === 'denosumab.exit_plan.transition_on')
      add(key, { sel: `${dmab} [data-date="transition"]`, dates: true }, [value]);
    else if (path === 'denosumab.exit_plan.drug') add(key, { sel: `${dmab} [data-exit-drug]`, attr: 'data-exit-drug' }, value ?? 'none');
    else if (path === 'denosumab.exit_plan.ctx_checks') add(key, { sel: `${dmab} [data-date="ctx"]`, dates: true }, value);
    else skipped.push(`equals ${path}`);
  }
  for (const id of expect.rules_include ?? []) add(`rule ${id} shown`, { sel: `[data-rule="${id}"]`, count: true, atLeastOne: true }, true);
  for (const id of expect.rules_exclude ?? []) add(`rule ${id} absent`, { sel: `[data-rule="${id}"]`, count: true }, 0);
  for (const kind of ['not_equals', 'approx', 'contains']) {
    for (const path of Object.keys(expect[kind] ?? {})) skipped.push(`${kind} ${path}`);
  }
  return { probes, want, skipped };
}

function runProbes(page, probes) {
  return page.evaluate(
    ({ probes, datePattern }) =>
      Object.fromEntries(
        Object.entries(probes).map(([key, p]) => {
          const found = [...document.querySelectorAll(p.sel)];
          if (p.count) return [key, p.atLeastOne ? found.length >= 1 : found.length];
          if (p.dates) return [key, found.flatMap((e) => e.textContent.match(new RegExp(datePattern, 'g')) ?? [])];
          return [key, found[p.index ?? 0]?.getAttribute(p.attr) ?? null];
        }),
      ),
    { probes, datePattern: DATE.source },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Set-up
// ---------------------------------------------------------------------------------------------------------------

const env = useDistAndBrowser();

/**
 * A fresh context (fresh storage) on `url` with the form mounted. Dialogs are recorded; a confirm is accepted,
 * anything else dismissed. Also records each request's URL and body.
 */
async function open(url = env.server.url, options) {
  const opened = await openPage(env.browser, options);
  const { page } = opened;
  opened.dialogs = [];
  opened.sent = [];
  page.on('dialog', async (dialog) => {
    opened.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    if (dialog.type() === 'confirm') await dialog.accept();
    else await dialog.dismiss();
  });
  page.on('request', (req) => opened.sent.push(`${req.url()} ${req.postData() ?? ''}`));
  page.setDefaultTimeout(5000);
  page.setDefaultNavigationTimeout(15000);
  await page.goto(url);
  await waitForApp(page);
  await appears(page, '[name="patient.sex"]', 'the form');
  return opened;
}

/** The case in the autosaved draft (the contract says the key holds the case; `{ case, … }` is accepted too). */
async function savedCase(page) {
  const text = await page.evaluate(() => localStorage.getItem('osteoplan.draft.v1.' + sessionStorage.getItem('osteoplan.tab.v1')));
  if (text === null) return null;
  const doc = JSON.parse(text);
  return doc && doc.format === undefined && doc.case ? doc.case : doc;
}

/**
 * A case with defaults and empty values dropped, so that an exported case and the case typed in compare equal when
 * they mean the same: no null, "", [], {} or unchecked box; no default profile, regimen, plan or `fragility: true`;
 * lists whose order carries no meaning sorted. An empty `denosumab` block is kept (it means "on denosumab").
 */
function normalizeCase(value, path = '') {
  const DEFAULTS = { profile: 'cn-2022', 'denosumab.regimen': 'osteoporosis_60mg_q6m', 'denosumab.plan': 'continue' };
  if (Array.isArray(value)) {
    let items = value.map((v) => normalizeCase(v, `${path}[]`)).filter((v) => v !== undefined);
    if (path === 'secondary_causes' || path === 'denosumab.injections') items = items.sort();
    return items.length ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalizeCase(v, path ? `${path}.${k}` : k);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length || path === 'denosumab' ? out : undefined;
  }
  if (value === null || value === '') return undefined;
  if (path === 'fractures[].fragility') return value === true ? undefined : value;
  if (value === false) return undefined;
  if (DEFAULTS[path] === value) return undefined;
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------------

describe('public vignettes entered through the form', () => {
  let opened;
  before(async () => {
    opened = await open();
  });
  after(async () => {
    await opened?.context.close();
  });

  VIGNETTES.forEach((v, index) => {
    test(v.name, async (t) => {
      const { page, problems } = opened;
      if (index > 0) {
        // The page is reused: "New patient" must bring back the empty case.
        const before = opened.dialogs.length;
        await page.click('button[data-action="new-patient"]');
        await eventually(() => opened.dialogs.slice(before).map((d) => d.split(':')[0]), ['confirm'], 'New patient asks first');
        await eventually(
          () => page.evaluate(() => ({
            rows: document.querySelectorAll('[data-row]').length,
            age: document.querySelector('[name="patient.age_years"]').value,
            incomplete: Boolean(document.querySelector('[data-result="incomplete"]')),
          })),
          { rows: 0, age: '', incomplete: true },
          'New patient empties the form',
        );
      }
      await fillCase(page, v.case);
      const { probes, want, skipped } = vignetteProbes(v.expect);
      if (skipped.length) t.diagnostic(`no DOM place in the contract for: ${skipped.join('; ')}`);
      assert.equal(v.expect.exit ?? 0, 0, 'only valid vignettes are entered through the form');
      await reportShown(page);
      await eventually(() => runProbes(page, probes), want, `${v.name}: the page shows the vignette's expectations`);
      assert.deepEqual(await shownErrors(page), {}, 'no field error for a valid case');
      assert.equal(await page.locator('[data-result="incomplete"]').count(), 0, 'no "incomplete" list beside a report');
      await assertFields(page, v.case, { when: 'as entered' });
      assert.deepEqual(problems, []);
    });
  });
});

describe('a full case', () => {
  test('a reload keeps the field values and the results', async () => {
    const { page, context, problems } = await open();
    await fillCase(page, FULL_CASE);
    const shown = await reportShown(page);
    await eventually(async () => normalizeCase(await savedCase(page)), normalizeCase(FULL_CASE), `autosaved under ${DRAFT_KEY}`);
    await page.reload();
    await waitForApp(page);
    await page.waitForSelector('[name="patient.sex"]');
    await assertFields(page, FULL_CASE, { when: 'after the reload' });
    await eventually(() => results(page), shown, 'the same results after the reload');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('export, New patient, then import round-trips', async () => {
    const { page, context, problems, dialogs } = await open();
    await fillCase(page, FULL_CASE);
    const shown = await reportShown(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-action="export"]')]);
    assert.match(download.suggestedFilename(), /\.json$/, 'the export is a .json file');
    const file = await download.path();
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(exported.format, CASE_FORMAT);
    assert.deepEqual(normalizeCase(exported), normalizeCase(FULL_CASE), 'the exported case is the case entered');

    await page.click('button[data-action="new-patient"]');
    await eventually(() => dialogs.map((d) => d.split(':')[0]), ['confirm'], 'New patient asks for confirmation');
    await eventually(() => field(page, 'patient.name').inputValue(), '', 'New patient clears the name');
    assert.equal(await page.locator('[data-row]').count(), 0, 'New patient removes the rows');
    await appears(page, '[data-result="incomplete"]', 'the empty case after New patient');

    await page.setInputFiles('input[type="file"][name="import"]', file);
    await appears(page, '[data-row="dxa[2]"]', 'the imported DXA rows');
    await eventually(() => results(page), shown, 'the same results after the import');
    await assertFields(page, FULL_CASE, { when: 'after the import' });
    assert.deepEqual(await shownErrors(page), {}, 'no field error after the import');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a bad import file shows an error and keeps the current case', async () => {
    const { page, context, problems } = await open();
    await fillCase(page, FULL_CASE);
    const shown = await reportShown(page);
    await eventually(async () => normalizeCase(await savedCase(page)), normalizeCase(FULL_CASE), 'autosaved');
    const bad = [
      { name: 'not-json.json', text: 'this is { not JSON' },
      { name: 'robot.json', text: JSON.stringify({ format: CASE_FORMAT, patient: { sex: 'robot' } }) },
    ];
    for (const [i, { name, text }] of bad.entries()) {
      if (i > 0) {
        // A refused import must not have touched the autosave: the case survives a reload.
        await page.reload();
        await waitForApp(page);
        await appears(page, '[data-row="dxa[2]"]', 'the case after a reload');
      }
      await page.setInputFiles('input[type="file"][name="import"]', {
        name,
        mimeType: 'application/json',
        buffer: Buffer.from(text),
      });
      const errors = page.locator('[data-import-errors]');
      await appears(page, '[data-import-errors]', `import of ${name}`, 'visible');
      await eventually(async () => (await errors.first().textContent()).trim().length > 0, true, `${name}: an import error is shown`);
      await assertFields(page, FULL_CASE, { when: `after importing ${name}` });
      await eventually(() => results(page), shown, `${name}: the current case is kept`);
      assert.deepEqual(normalizeCase(await savedCase(page)), normalizeCase(FULL_CASE), `${name}: the autosave is kept`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a share link round-trips and its fragment never reaches a server', async () => {
    const first = await open();
    await fillCase(first.page, FULL_CASE);
    const shown = await reportShown(first.page);
    await first.page.click('button[data-action="share"]');
    const linkField = first.page.locator('input[name="share-link"]');
    await eventually(async () => (await linkField.inputValue()).includes('#case='), true, 'the share link is filled');
    // The name and ID travel only when the user ticks the box (the next test covers the link without them).
    const withoutIdentity = await linkField.inputValue();
    await first.page.getByLabel('Include the name and patient ID').check();
    await eventually(async () => (await linkField.inputValue()) !== withoutIdentity, true, 'ticking the box remakes the link');
    const link = await linkField.inputValue();
    assert.ok(link.startsWith(env.server.url), `the link points at this page: ${link}`);
    const fragment = link.slice(link.indexOf('#') + 1);
    const payload = fragment.slice('case='.length);
    assert.ok(payload.length > 20, `the fragment carries the case: ${fragment}`);

    const second = await open(link);
    await appears(second.page, '[data-row="dxa[2]"]', 'the DXA rows from the share link');
    await assertFields(second.page, FULL_CASE, { when: 'from the share link' });
    await eventually(() => results(second.page), shown, 'the shared case gives the same results');

    const needles = [...new Set([payload, decodeURIComponent(payload), payload.slice(0, 32)])];
    const traces = [...env.server.requests, ...first.sent, ...second.sent];
    const leaked = traces.filter((t) => needles.some((n) => t.includes(n)));
    assert.deepEqual(leaked, [], 'the fragment appears in no request');
    assert.deepEqual([...first.problems, ...second.problems], []);
    await first.context.close();
    await second.context.close();
  });

  test('a share link is made without the name and ID unless asked; the page says what it holds; nothing moves', async () => {
    const first = await open();
    const { page } = first;
    await fillCase(page, FULL_CASE);
    const shown = await reportShown(page);
    const share = page.locator('button[data-action="share"]');
    const columns = () => page.evaluate(() => [...document.querySelectorAll('main.columns > .column')].map((c) => JSON.stringify(c.getBoundingClientRect())));
    // At the top of the page, where the toolbar is (the results column is sticky further down).
    await page.evaluate(() => window.scrollTo(0, 0));
    const before = await columns();
    assert.equal(await share.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('#share-panel').count(), 0, 'no panel and no link before the click');

    await share.click();
    assert.equal(await share.getAttribute('aria-expanded'), 'true');
    // The notice names the panel (read out when the focus enters it) and says what the link holds and where it lands.
    const panel = page.getByRole('group', { name: /holds this patient's case.*browser history of whoever opens it/ });
    await panel.waitFor({ state: 'visible' });
    assert.match(await panel.textContent(), /only through a channel your hospital allows/);
    const box = page.getByLabel('Include the name and patient ID');
    assert.equal(await box.isChecked(), false, 'the name and ID are left out by default');
    const linkField = page.getByLabel('Link to this case, without name and patient ID');
    const link = await linkField.inputValue();
    assert.match(link, /#case=.{20}/);
    assert.deepEqual(await columns(), before, 'opening the panel moves neither column');
    // Tab goes from the button into the panel.
    await share.focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.name), 'share-identity');

    // Ticking remakes the link with the name and ID, unticking without them again; neither moves the columns.
    await box.check();
    const withIdentity = page.getByLabel('Link to this case, with name and patient ID');
    await eventually(async () => (await withIdentity.inputValue()) !== link, true, 'ticking remakes the link');
    const linkWithIdentity = await withIdentity.inputValue();
    assert.ok(linkWithIdentity.length > link.length, 'the ticked link carries more');
    await box.uncheck();
    await eventually(() => linkField.inputValue(), link, 'unticking makes the link without name and ID again');
    assert.deepEqual(await columns(), before, 'ticking and unticking move neither column');

    // In Chinese too.
    await page.click('button[data-lang="zh-CN"]');
    assert.match(await page.locator('#share-notice').textContent(), /浏览器历史记录/);
    assert.match(await page.locator('label[for="f-share-identity"]').textContent(), /包含姓名和病历号/);
    await page.click('button[data-lang="en"]');

    // Escape closes the panel and gives the focus back to the button.
    await box.focus();
    await page.keyboard.press('Escape');
    await page.locator('#share-panel').waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), 'share');
    assert.equal(await share.getAttribute('aria-expanded'), 'false');
    assert.deepEqual(await columns(), before, 'closing the panel moves neither column');
    // Opened again from the keyboard, it keeps the focus on the button and starts without the name and ID.
    await page.keyboard.press('Enter');
    await page.locator('#share-panel').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), 'share', 'the button keeps the focus');
    assert.equal(await page.getByLabel('Include the name and patient ID').isChecked(), false);

    // The default link restores everything but the name and ID, with the same results.
    const second = await open(link);
    await appears(second.page, '[data-row="dxa[2]"]', 'the DXA rows from the share link');
    assert.equal(await field(second.page, 'patient.name').inputValue(), '', 'no name in the default link');
    assert.equal(await field(second.page, 'patient.id').inputValue(), '', 'no patient ID in the default link');
    await assertFields(second.page, FULL_CASE, { except: ['patient.name', 'patient.id'], when: 'from the link without name and ID' });
    await eventually(() => results(second.page), shown, 'the link without name and ID gives the same results');
    assert.doesNotMatch(await second.page.content(), /Wang Fang|MRN-0042/, 'neither the name nor the ID is anywhere in the page');
    assert.deepEqual([...first.problems, ...second.problems], []);
    await first.context.close();
    await second.context.close();
  });

  test('the language switch translates the results and back', async () => {
    const { page, context, problems } = await open();
    await fillCase(page, FULL_CASE);
    const shown = await reportShown(page);
    // The rules' texts come with the page only for alerts; the rest load when "Rules applied" is first opened.
    await page.click('[data-result="rules"] summary');
    await page.waitForFunction(() => {
      const texts = [...document.querySelectorAll('.report [data-rule] .rule-text')];
      return texts.length > 0 && texts.every((e) => e.textContent.trim());
    });
    // Every line of the document on screen (impression, alerts, plan, options, problems), every section heading and
    // every rule text: which of them are (not) in Chinese.
    const texts = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.report .line-text, .report .rule-text, .report [data-result] h3')].map((e) =>
          e.textContent.trim()),
      );
    const withCjk = async (want) => {
      const all = await texts();
      return { lines: all.length > 10, wrong: all.filter((t) => CJK.test(t) !== want) };
    };

    await page.click('button[data-lang="zh-CN"]');
    await eventually(() => withCjk(true), { lines: true, wrong: [] }, 'every heading, line and rule text in Chinese');
    assert.deepEqual(await results(page), shown, 'the language does not change the results');

    await page.click('button[data-lang="en"]');
    await eventually(() => withCjk(false), { lines: true, wrong: [] }, 'English again');
    assert.ok((await texts()).every((t) => /[a-z]/i.test(t)), 'English words in every line');
    assert.deepEqual(await results(page), shown);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('markup typed as the patient name stays text', async (t) => {
    const payload = '<img src=x onerror=alert(1)>';
    const { page, context, problems, dialogs } = await open();
    await fillCase(page, { ...FULL_CASE, patient: { ...FULL_CASE.patient, name: payload } });
    await reportShown(page);
    const check = async (when) => {
      await sleep(300); // give an injected image the time to fail and fire its handler
      assert.equal(await field(page, 'patient.name').inputValue(), payload, `${when}: the input shows the text`);
      const dom = await page.evaluate((payload) => ({
        images: document.querySelectorAll('img[src="x"]').length,
        handlers: [...document.querySelectorAll('*')].filter((e) => e.hasAttribute('onerror')).length,
        // Every element whose own text mentions the payload shows it whole, as text.
        partial: [...document.querySelectorAll('body *')]
          .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.includes('onerror')))
          .filter((e) => !e.textContent.includes(payload)).length,
        shownAsText: [...document.querySelectorAll('body *')].filter((e) =>
          [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.includes(payload))).length,
      }), payload);
      const { shownAsText, ...unsafe } = dom;
      assert.deepEqual(unsafe, { images: 0, handlers: 0, partial: 0 }, `${when}: no markup from the name`);
      assert.deepEqual(dialogs, [], `${when}: no dialog opened`);
      return shownAsText;
    };
    const shownAsText = await check('typed');
    await page.reload();
    await waitForApp(page);
    await page.waitForSelector('[name="patient.sex"]');
    await check('after a reload');
    if (!shownAsText) t.diagnostic('the patient name is not displayed outside its input');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a value that is not a number shows an error and keeps every other field', async () => {
    const { page, context, problems } = await open();
    await fillCase(page, FULL_CASE);
    const shown = await reportShown(page);
    await field(page, 'patient.age_years').fill('abc');
    const error = page.locator('[data-error-for="patient.age_years"]');
    await appears(page, '[data-error-for="patient.age_years"]', 'age "abc"', 'visible');
    await eventually(async () => (await error.textContent()).trim().length > 0, true, 'the error has a text');
    assert.equal(await field(page, 'patient.age_years').inputValue(), 'abc', 'the text stays as typed');
    await assertFields(page, FULL_CASE, { except: ['patient.age_years'], when: 'beside the bad age' });

    await field(page, 'patient.age_years').fill(String(FULL_CASE.patient.age_years));
    await eventually(() => shownErrors(page), {}, 'the error goes once the value is fixed');
    await eventually(() => results(page), shown, 'and the report is back');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('accessibility', () => {
  test('axe finds no serious or critical violation, empty and full, in both languages', async (t) => {
    // The page's CSP (rightly) refuses axe's injected script; the audit needs it.
    const { page, context, problems } = await open(env.server.url, { bypassCSP: true });
    const found = [];
    const minor = new Set();
    const audit = async (state) => {
      for (const lang of ['en', 'zh-CN']) {
        await page.click(`button[data-lang="${lang}"]`);
        await page.waitForSelector(`button[data-lang="${lang}"][aria-pressed="true"]`);
        if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE_PATH });
        const violations = await page.evaluate(async () => {
          const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
          return violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
          }));
        });
        for (const v of violations) {
          if (v.impact === 'serious' || v.impact === 'critical') {
            found.push(`[${state}, ${lang}] ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n}`).join('\n')}`);
          } else {
            minor.add(`${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
          }
        }
      }
    };
    await appears(page, '[data-result="incomplete"]', 'the empty case');
    await audit('empty case');
    await page.click('button[data-lang="en"]');
    await fillCase(page, FULL_CASE);
    await reportShown(page);
    // Open the folded data and rules sections, so their contents are audited too.
    await page.evaluate(() => document.querySelectorAll('.report details').forEach((d) => (d.open = true)));
    // The share panel open, with its notice, box and link.
    await page.click('button[data-action="share"]');
    await appears(page, '#share-panel', 'the share panel');
    await audit('full case');
    if (minor.size) t.diagnostic(`minor/moderate axe findings (not failing): ${[...minor].join('; ')}`);
    assert.equal(found.length, 0, `axe violations:\n${found.join('\n')}`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('from the top, Tab reaches the sex and age fields and typing works without a mouse', async () => {
    const { page, context, problems } = await open();
    await page.evaluate(() => document.activeElement?.blur());
    const visited = [];
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName);
    const tabTo = async (name) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const now = await focused();
        visited.push(now);
        if (now === name) return;
      }
      assert.fail(`Tab never reached ${name}; focus went through ${visited.join(', ')}`);
    };
    await tabTo('patient.sex');
    for (let i = 0; i < 3 && (await field(page, 'patient.sex').inputValue()) !== 'female'; i++) {
      await page.keyboard.press('ArrowDown');
    }
    assert.equal(await field(page, 'patient.sex').inputValue(), 'female', 'arrow keys choose the sex');
    await tabTo('patient.age_years');
    await page.keyboard.type('68');
    assert.equal(await field(page, 'patient.age_years').inputValue(), '68');
    await eventually(async () => {
      const saved = await savedCase(page);
      return { sex: saved?.patient?.sex, age: saved?.patient?.age_years };
    }, { sex: 'female', age: 68 }, 'the typed values reach the case');
    const errors = await shownErrors(page);
    assert.deepEqual([errors['patient.sex'], errors['patient.age_years']], [undefined, undefined], 'no error on the typed fields');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

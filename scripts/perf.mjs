// Measures the calculator page in the release dist/ (build it first: trunk build --release --offline).
// usage: node scripts/perf.mjs [LOADS=5] [SAMPLES=50] [--follow-up]
//  --follow-up: the imported case also carries v3 follow-up data — 10 earlier DXA studies and 20 marker results
//  (issue 23: p95 ≤ 16 ms with them entered).
//
// Prints, does not assert:
//  (a) first interactive render: from navigation start (performance.timeOrigin) to the moment the form inputs and
//      the result column are in the DOM, and to the moment the page has answered a first input event (its error
//      shows); median of LOADS fresh loads (fresh browser context: empty cache and storage).
//  (b) input → result: with a full case imported, in the page, change a T-score (and separately the age) with an
//      `input` event and time until the result column has finished changing (MutationObserver, settled after two
//      animation frames); SAMPLES samples each, median / p95 / max in ms. Target: median ≤ 16 ms (one frame).
import { launchChromium, serveDist } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2).filter((a) => a !== '--follow-up');
const FOLLOW_UP = process.argv.includes('--follow-up');
const LOADS = Number(args[0] ?? 5);
const SAMPLES = Number(args[1] ?? 50);
const TARGET_MS = 16;

/** A full case whose first T-score decides the category (no fracture, one DXA site), so every toggle re-renders. */
const PERF_CASE = {
  format: 'osteoplan-case/1',
  assessed_on: '2026-11-22',
  patient: { name: 'Perf', id: 'P-1', sex: 'female', age_years: 68, menopause: 'postmenopausal', weight_kg: 52.5, height_cm: 156 },
  dxa: [{ site: 'lumbar_spine', t_score: -2.8, z_score: -1.1 }],
  frax: { mof_percent: 18, hip_percent: 4 },
  falls_last_12_months: 1,
  glucocorticoids: { mg_per_day: 5, months: 6 },
  secondary_causes: ['thyroid'],
  labs: { egfr_ml_min: 55, creatinine_umol_l: 80, calcium_mmol_l: 2.3, vitamin_d_nmol_l: 45 },
  conditions: { oral_bp_intolerance: true },
  history: [{ drug: 'alendronate', start: '2019-03-01', end: '2022-03-01' }],
  denosumab: { injections: ['2025-05-10', '2025-11-08', '2026-05-09'] },
};

/** The same patient at a follow-up visit: 10 earlier studies (5 dates × 2 sites) and 20 CTX/P1NP results. */
const FOLLOW_UP_CASE = {
  ...PERF_CASE,
  format: 'osteoplan-case/3',
  dxa: [{ site: 'lumbar_spine', t_score: -2.8, z_score: -1.1, bmd_g_cm2: 0.812 }, { site: 'total_hip', t_score: -2.2, bmd_g_cm2: 0.701 }],
  dxa_date: '2026-11-20',
  dxa_machine: 'Hologic A',
  dxa_previous: [2021, 2022, 2023, 2024, 2025].flatMap((year, k) => [
    { date: `${year}-10-0${k + 1}`, site: 'lumbar_spine', bmd_g_cm2: 0.83 + k * 0.004, machine: 'Hologic A' },
    { date: `${year}-10-0${k + 1}`, site: 'total_hip', bmd_g_cm2: 0.72 - k * 0.003, machine: 'Hologic A' },
  ]),
  lsc_percent: { lumbar_spine: 3.0, total_hip: 4.0 },
  btm: Array.from({ length: 20 }, (_, i) => ({
    test: i % 2 ? 'p1np' : 'ctx',
    date: `${2022 + Math.floor(i / 5)}-0${(i % 5) + 1}-15`,
    value: i % 2 ? 35 + i : 0.2 + i / 100,
    unit: 'ng_ml',
  })),
  btm_reference: { ctx_ng_ml: 0.3, p1np_ng_ml: 37 },
};

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');

/**
 * Runs in the page before any script. `present`: the age input and a result element are in the DOM. `responded`:
 * the page has answered an input event — "abc" typed into the age shows `answer`, the error text it gives once the
 * app is running (measured beforehand), at [data-error-for="patient.age_years"]. The event is sent again each frame
 * until then, in case it came before the app listened.
 */
function watchFirstRender(answer) {
  const marks = (window.__perf = { present: null, responded: null });
  const answered = () => document.querySelector('[data-error-for="patient.age_years"]')?.textContent.trim() === answer;
  const poke = () => {
    if (marks.responded !== null) return;
    const age = document.querySelector('input[name="patient.age_years"]');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    setValue.call(age, 'abc');
    age.dispatchEvent(new Event('input', { bubbles: true }));
    if (answered()) marks.responded = performance.now();
    else requestAnimationFrame(poke);
  };
  const observer = new MutationObserver(() => {
    if (marks.present === null) {
      if (!document.querySelector('input[name="patient.age_years"]') || !document.querySelector('[data-result]')) return;
      marks.present = performance.now();
      poke();
    } else if (marks.responded === null && answered()) {
      marks.responded = performance.now();
    }
    if (marks.responded !== null) observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

/** The error text "abc" in the age field gives once the app is up (what `watchFirstRender` waits for). */
async function ageErrorText(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.fill('input[name="patient.age_years"]', 'abc', { timeout: 15000 });
  await page.waitForTimeout(200);
  const text = (await page.locator('[data-error-for="patient.age_years"]').first().textContent({ timeout: 5000 }))?.trim();
  await context.close();
  return text;
}

/** Runs in the page: `samples` input events on `name`, alternating `values`; latency to the last result mutation. */
async function inputLatency({ name, values, samples }) {
  const input = document.querySelector(`[name="${name}"]`);
  if (!input) return { error: `no [name="${name}"]` };
  const column = document.querySelector('section.results') ?? document.body;
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const frame = () => new Promise((ok) => requestAnimationFrame(() => ok()));
  let last = null;
  const observer = new MutationObserver(() => {
    last = performance.now();
  });
  observer.observe(column, { subtree: true, childList: true, characterData: true, attributes: true });
  const times = [];
  let unchanged = 0;
  for (let i = 0; i < samples; i++) {
    await frame();
    await frame();
    last = null;
    const t0 = performance.now();
    setValue.call(input, values[(i + 1) % values.length]);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((ok) => setTimeout(ok, 0));
    await frame();
    await frame();
    if (last === null) unchanged++;
    else times.push(last - t0);
  }
  observer.disconnect();
  return { times, unchanged };
}

const server = await serveDist();
const browser = await launchChromium();
try {
  // (a) first interactive render, fresh loads
  const answer = await ageErrorText(browser, server.url);
  const present = [];
  const responded = [];
  const loadEvent = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(watchFirstRender, answer);
    await page.goto(server.url);
    await page.waitForFunction(() => window.__perf?.present !== null, null, { timeout: 15000 });
    await page.waitForFunction(() => window.__perf.responded !== null, null, { timeout: 3000 }).catch(() => {});
    const m = await page.evaluate(() => ({
      ...window.__perf,
      load: performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? null,
    }));
    present.push(m.present);
    if (m.responded !== null) responded.push(m.responded);
    if (m.load) loadEvent.push(m.load);
    await context.close();
  }
  console.log(`(a) first interactive render, ${LOADS} fresh loads (ms from navigation start)`);
  console.log(`    form and results in the DOM: median ${ms(median(present))}  [${present.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`    first input answered:        median ${ms(median(responded))}  (${responded.length}/${LOADS} loads answered)`);
  console.log(`    load event:                  median ${ms(median(loadEvent))}`);

  // (b) input → updated result, full case imported through the file input
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('input[name="patient.age_years"]', { timeout: 15000 });
  await page.setInputFiles('input[type="file"][name="import"]', {
    name: 'perf.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(FOLLOW_UP ? FOLLOW_UP_CASE : PERF_CASE)),
  });
  await page.waitForSelector('[data-result="impression"]', { timeout: 10000 });
  console.log(`(b) input event → result updated, ${SAMPLES} samples each (target: median ≤ ${TARGET_MS} ms)`);
  for (const [label, name, values] of [
    ['T-score -2.8 ↔ -0.5', 'dxa[0].t_score', ['-2.8', '-0.5']],
    ['age 68 ↔ 75', 'patient.age_years', ['68', '75']],
  ]) {
    const r = await page.evaluate(inputLatency, { name, values, samples: SAMPLES });
    if (r.error) {
      console.log(`    ${label}: ${r.error}`);
      continue;
    }
    const verdict = median(r.times) <= TARGET_MS ? 'within target' : 'OVER target';
    console.log(
      `    ${label.padEnd(20)} median ${ms(median(r.times))}  p95 ${ms(quantile(r.times, 0.95))}  max ${ms(Math.max(...r.times))}` +
        `  (${r.times.length} changed the results, ${r.unchanged} did not; ${verdict})`,
    );
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
}

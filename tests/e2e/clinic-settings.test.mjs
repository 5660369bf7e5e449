// End-to-end tests of the clinic settings (issues 24, 27) against the release dist/ in Debian Chromium: the profile,
// the centre's LSC and the laboratory's reference means survive a reload, reach a new patient and an imported case
// that lacks them, are exported with the case, and never overwrite a case's own values; a first visit in English
// suggests aace-2020, in Chinese cn-2022; a setting out of range is kept as typed and named beside its field.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openPage, useDistAndBrowser, waitForApp, waitUntil } from './harness.mjs';

const p29 = JSON.parse(readFileSync(new URL('../vignettes/p29-followup-alendronate-failure-switch.json', import.meta.url), 'utf8')).case;
const env = useDistAndBrowser();

async function open(lang, context) {
  const opened = context
    ? { context, page: await context.newPage() }
    : await openPage(env.browser, { viewport: { width: 1366, height: 900 }, locale: lang === 'en' ? 'en-US' : 'zh-CN' });
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

async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-action="export"]')]);
  return readFileSync(await download.path(), 'utf8');
}

/** Field problems shown: { path: text }. */
const shownErrors = (page) =>
  page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('[data-error-for]')].map((e) => [e.dataset.errorFor, e.textContent.trim()])),
  );

describe('clinic settings', () => {
  test('a first visit suggests the profile of its language', async () => {
    for (const [locale, profile] of [['en-US', 'aace-2020'], ['zh-CN', 'cn-2022']]) {
      const { page, context } = await openPage(env.browser, { locale });
      try {
        await page.goto(env.server.url);
        await waitForApp(page);
        await page.waitForSelector('[data-profile]');
        assert.equal(await page.getAttribute('[data-profile]', 'data-profile'), profile, locale);
        await page.fill(byName('patient.age_years'), '70');
        assert.equal(JSON.parse(await exported(page)).profile, profile, `${locale}: exported`);
      } finally {
        await context.close();
      }
    }
  });

  test('survive a reload, fill new and imported cases, are exported, and never overwrite a case\'s own values', async () => {
    const { page, context } = await open('en');
    try {
      await openSettings(page);
      await choose(page, 'profile', 'cn-2022');
      await type(page, 'lsc_percent.lumbar_spine', '3.2');
      await type(page, 'lsc_percent.total_hip', '4.1');
      await type(page, 'btm_reference.ctx_ng_ml', '0.3');
      await type(page, 'btm_reference.p1np_ng_ml', '37');
      const settings = { profile: 'cn-2022', lsc_percent: { lumbar_spine: 3.2, total_hip: 4.1 }, btm_reference: { ctx_ng_ml: 0.3, p1np_ng_ml: 37 } };
      const pick = (c) => ({ profile: c.profile, lsc_percent: c.lsc_percent, btm_reference: c.btm_reference });
      await page.reload();
      await waitForApp(page);
      await openSettings(page);
      assert.equal(await page.inputValue(byName('lsc_percent.total_hip')), '4.1', 'kept over a reload');
      assert.equal(await page.inputValue(byName('btm_reference.p1np_ng_ml')), '37');
      assert.equal(await page.locator(byName('profile')).inputValue(), 'cn-2022');
      await page.click('button[data-action="new-patient"]');
      await page.fill(byName('patient.age_years'), '70');
      assert.deepEqual(pick(JSON.parse(await exported(page))), settings, 'a new patient has them, and exports them');
      // A case without them gets them; its profile (absent: cn-2022) is its own.
      const { lsc_percent, btm_reference, ...bare } = p29;
      const importCase = (c) =>
        page.setInputFiles('input[name="import"]', { name: 'case.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(c)) });
      await importCase({ ...bare, profile: 'aace-2020' });
      await waitUntil(async () => (await page.getAttribute('[data-profile]', 'data-profile')) === 'aace-2020', 'the import');
      let c = JSON.parse(await exported(page));
      assert.deepEqual(pick(c), { ...settings, profile: 'aace-2020' });
      // A case with its own values keeps them, also when the settings change after it is open.
      await importCase(p29);
      await page.waitForSelector('[data-own-values]');
      await type(page, 'lsc_percent.lumbar_spine', '2.5');
      c = JSON.parse(await exported(page));
      assert.deepEqual([c.lsc_percent, c.btm_reference], [p29.lsc_percent, settings.btm_reference]);
      // Exported and imported again on another device: the case carries them; that device's settings are empty.
      const other = await open('en');
      try {
        await other.page.setInputFiles('input[name="import"]', { name: 'case.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(c)) });
        await waitUntil(async () => (await other.page.inputValue(byName('patient.age_years'))) === String(p29.patient.age_years), 'the import');
        assert.deepEqual(pick(JSON.parse(await exported(other.page))), pick(c));
      } finally {
        await other.context.close();
      }
    } finally {
      await context.close();
    }
  });

  test('a value out of range is kept as typed and named beside its field', async () => {
    const { page, context } = await open('zh-CN');
    try {
      await openSettings(page);
      await type(page, 'lsc_percent.femoral_neck', '20');
      await type(page, 'btm_reference.ctx_ng_ml', '0,3x');
      await page.fill(byName('patient.age_years'), '70');
      const errors = await shownErrors(page);
      assert.ok(errors['lsc_percent.femoral_neck'], JSON.stringify(errors));
      assert.ok(errors['btm_reference.ctx_ng_ml'], JSON.stringify(errors));
      assert.equal(await page.inputValue(byName('btm_reference.ctx_ng_ml')), '0,3x');
    } finally {
      await context.close();
    }
  });
});

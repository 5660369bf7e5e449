// No patient data in the browser's history (issue 25): with a persistent Chromium profile, a patient is opened from
// the clinic list (served pages and single files); once the browser is closed, its History database (sqlite, read
// with the sqlite3 command) holds no address with `case=`, the patient's name or ID. A case reaches the calculator
// once: reloading its `#open=` address does not bring it back.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { DIST, serveDist } from './harness.mjs';

const WORK = mkdtempSync(join(tmpdir(), 'osteoplan-history-'));
const COLUMNS =
  'id,name,sex,age,menopause,assessed_on,injections,plan,regimen,egfr,creatinine_umol_l,weight_kg,calcium_mmol_l,albumin_g_l,vitamin_d_nmol_l,lowest_t,lowest_t_site,fractures,history';
const ID = 'HX4711';
const NAME = 'Zhang Secretname';
const REGISTER = `${COLUMNS}\n${ID},${NAME},female,70,postmenopausal,,2026-05-02,continue,osteoporosis_60mg_q6m,55,,62,2.30,40,60,-2.8,femoral_neck,,\n`;

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server?.close();
  rmSync(WORK, { recursive: true, force: true });
});

function launchProfile(dir) {
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Every URL the profile's History database holds (visited pages and their redirects). */
function historyUrls(dir) {
  const db = join(dir, 'Default', 'History');
  return execFileSync('sqlite3', [db, 'SELECT url FROM urls;'], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** Opens the list at `listUrl` in a fresh persistent profile, loads the register, opens the patient; returns the
 * calculator tab's state, then closes the browser and returns the history too. */
async function openFromList(name, listUrl) {
  const dir = join(WORK, name);
  const context = await launchProfile(dir);
  const problems = [];
  context.on('page', (tab) => {
    tab.on('dialog', (dialog) => dialog.accept());
    tab.on('pageerror', (err) => problems.push(err.message));
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (err) => problems.push(err.message));
  await page.goto(listUrl);
  await page.waitForSelector('header.app-header h1');
  await page.fill('input[name="list-date"]', '2026-12-04');
  await page.dispatchEvent('input[name="list-date"]', 'change');
  await page.setInputFiles('input[name="register"]', { name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(REGISTER) });
  await page.waitForSelector('[data-list-state="ready"]');
  const [tab] = await Promise.all([context.waitForEvent('page'), page.click(`tr[data-id="${ID}"] [data-action="open-patient"]`)]);
  await tab.waitForFunction((id) => document.querySelector('input[name="patient.id"]')?.value === id, ID);
  const opened = {
    name: await tab.inputValue('input[name="patient.name"]'),
    injection: await tab.$$eval('input[name^="denosumab.injections"]', (inputs) => inputs.map((i) => i.value)),
    url: tab.url(),
    listStorage: await page.evaluate(() => Object.keys(sessionStorage)),
    tabStorage: await tab.evaluate(() => Object.keys(sessionStorage)),
  };
  await page.waitForTimeout(500);
  await context.close();
  return { opened, urls: historyUrls(dir), problems };
}

describe('the browser history', () => {
  for (const [name, listUrl] of [
    ['served', () => `${server.url}list.html`],
    [
      'single file',
      () => {
        copyFileSync(join(DIST, 'osteoplan.html'), join(WORK, 'osteoplan.html'));
        copyFileSync(join(DIST, 'osteoplan-list.html'), join(WORK, 'osteoplan-list.html'));
        return pathToFileURL(join(WORK, 'osteoplan-list.html')).href;
      },
    ],
  ]) {
    test(`${name}: a patient opened from the clinic list leaves no patient data in the history`, async () => {
      const { opened, urls, problems } = await openFromList(name.replace(' ', '-'), listUrl());
      assert.equal(opened.name, NAME, 'the calculator has the whole case');
      assert.ok(opened.injection.includes('2026-05-02'), `the injection date: ${opened.injection}`);
      assert.doesNotMatch(opened.url, /#/, 'the fragment is cleared');
      assert.deepEqual(opened.listStorage.filter((k) => k.startsWith('osteoplan-open-')), [], 'the list tab keeps no copy');
      assert.deepEqual(opened.tabStorage.filter((k) => k.startsWith('osteoplan-open-')), [], 'the calculator removed it');
      assert.ok(urls.some((u) => /#open=[0-9a-f]{16}$/.test(u)), `the calculator's address is in the history: ${urls.join(' ')}`);
      for (const url of urls) {
        assert.doesNotMatch(url, /case=/, url);
        assert.ok(!decodeURIComponent(url).includes(ID) && !decodeURIComponent(url).includes('Secretname'), url);
      }
      assert.deepEqual(problems, []);
    });
  }

  test('an #open= address opened again (a reload, the history) finds nothing and says so', async () => {
    const dir = join(WORK, 'again');
    const context = await launchProfile(dir);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.url}index.html#open=0123456789abcdef`);
    await page.waitForSelector('header.app-header h1');
    assert.match(await page.textContent('body'), /no longer here/);
    assert.equal(await page.inputValue('input[name="patient.id"]'), '');
    await context.close();
  });
});

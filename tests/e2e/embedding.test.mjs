// End-to-end tests for embedding across sites (issue 15): a host page on `localhost` frames the app served at
// `127.0.0.1` — another site, so Chromium refuses the frame's localStorage (SecurityError) — and the postMessage API
// still works as docs/clinic-it.md ("Embedding") documents; and the single-file edition mounts in a sandboxed frame (an
// opaque origin: no storage, no service worker). Against the release dist/ in Debian Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { DIST, openPage, serveDist, useDistAndBrowser } from './harness.mjs';

const vignette = (file) => JSON.parse(readFileSync(new URL(`../vignettes/${file}`, import.meta.url), 'utf8'));
const P12 = vignette('p12-romosozumab-after-mi.json');
const VERSION = /^version = "(.+)"/m.exec(readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8'))[1];

// dist/ as is (for the single-file edition) and the browser; the cross-site test serves its own copy.
const env = useDistAndBrowser();

/** The same server reached as `localhost` instead of `127.0.0.1`: another site for the browser. */
const asLocalhost = (url) => url.replace('//127.0.0.1:', '//localhost:');

/** A directory holding one host page, `index.html`, with `body`. */
function hostDir(body) {
  const root = mkdtempSync(join(tmpdir(), 'osteoplan-host-'));
  writeFileSync(join(root, 'index.html'), `<!DOCTYPE html><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,"><body>${body}`);
  return root;
}

/** Whether reading `localStorage` throws in `frame`, and with which error. */
const storageError = (frame) =>
  frame.evaluate(() => {
    try {
      void window.localStorage;
      return null;
    } catch (e) {
      return e.name;
    }
  });

describe('embedding from another site', () => {
  test('a host on localhost frames the app on 127.0.0.1 (storage refused): ready, a case in, a report out', async (t) => {
    // The host page, then the app with the host's origin in its allow-list (as clinic IT would set it).
    const host = await serveDist(hostDir(`
      <iframe id="osteoplan" title="OsteoPlan" width="1000" height="700"></iframe>
      <script>
        window.messages = [];
        addEventListener('message', (e) => window.messages.push({ origin: e.origin, data: e.data }));
      </script>`));
    t.after(() => host.close());
    const hostUrl = asLocalhost(host.url);
    const hostOrigin = new URL(hostUrl).origin;
    const root = mkdtempSync(join(tmpdir(), 'osteoplan-cross-site-'));
    cpSync(DIST, root, { recursive: true });
    const index = readFileSync(join(root, 'index.html'), 'utf8');
    const allowList = 'name="osteoplan-embed-origins" content=""';
    assert.ok(index.includes(allowList), 'dist/index.html carries the allow-list meta');
    writeFileSync(join(root, 'index.html'), index.replace(allowList, `name="osteoplan-embed-origins" content="${hostOrigin}"`));
    const app = await serveDist(root);
    t.after(() => app.close());
    const appOrigin = new URL(app.url).origin;
    assert.notEqual(new URL(hostUrl).hostname, new URL(app.url).hostname, 'two sites');

    const { page, context, problems } = await openPage(env.browser);
    page.setDefaultTimeout(10000);
    await page.goto(hostUrl);
    await page.evaluate((src) => (document.getElementById('osteoplan').src = src), `${app.url}?embed=1`);
    const messages = () => page.evaluate(() => window.messages);
    await page.waitForFunction(() => window.messages.some((m) => m.data?.type === 'osteoplan.ready'));
    const frame = page.frames().find((f) => f.url().startsWith(app.url));
    assert.equal(await storageError(frame), 'SecurityError', "the frame's localStorage is refused, as in a real cross-site embed");
    assert.deepEqual(await messages(), [{ origin: appOrigin, data: { type: 'osteoplan.ready', version: VERSION } }]);

    // A case in, in Chinese; the report back, to the host's origin only.
    await page.evaluate(([c, to]) => {
      document.getElementById('osteoplan').contentWindow.postMessage({ type: 'osteoplan.case', case: c, lang: 'zh-CN' }, to);
    }, [P12.case, appOrigin]);
    await page.waitForFunction(() => window.messages.some((m) => m.data?.type === 'osteoplan.report'));
    const [reply] = (await messages()).filter((m) => m.data.type === 'osteoplan.report');
    assert.equal(reply.origin, appOrigin);
    assert.equal(reply.data.ok, true);
    assert.equal(reply.data.report.format, 'osteoplan-report/3');
    assert.equal(reply.data.report.risk.level, P12.expect.equals['risk.level']);
    const shown = frame.locator('[data-result="options"] [data-drug="romosozumab"][data-status="avoid"]');
    await shown.waitFor({ state: 'attached' });
    assert.equal(await frame.locator('html').getAttribute('lang'), 'zh-CN', 'the language the host asked for');
    assert.equal(await frame.locator('header.app-header').count(), 0, 'no header when embedded');
    // An embedded frame never keeps the case (the host owns it), so it has nothing to say about storage.
    assert.equal(await frame.locator('[data-notice]').count(), 0, 'no notice in the frame');

    // A case with a wrong value: the error document.
    await page.evaluate((to) => {
      document.getElementById('osteoplan').contentWindow.postMessage(
        { type: 'osteoplan.case', case: { format: 'osteoplan-case/2', patient: { sex: 'robot' } } }, to);
    }, appOrigin);
    await page.waitForFunction(() => window.messages.filter((m) => m.data?.type === 'osteoplan.report').length === 2);
    const errors = (await messages()).filter((m) => m.data.type === 'osteoplan.report')[1].data;
    assert.equal(errors.ok, false);
    assert.equal(errors.errors.format, 'osteoplan-errors/1');
    assert.equal(errors.errors.errors[0].code, 'unknown_value');
    assert.equal(await shown.count(), 1, 'the frame keeps showing the last readable case');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('the example host page on another origin', () => {
  test('set up by scripts/embed-config.mjs as docs/clinic-it.md says: it frames the app, sends a case, gets the report', async (t) => {
    // The app at 127.0.0.1, the example's two files copied to the host at localhost: two sites.
    const appRoot = mkdtempSync(join(tmpdir(), 'osteoplan-app-'));
    cpSync(DIST, appRoot, { recursive: true });
    const hostRoot = mkdtempSync(join(tmpdir(), 'osteoplan-emr-'));
    const app = await serveDist(appRoot);
    t.after(() => app.close());
    const host = await serveDist(hostRoot);
    t.after(() => host.close());
    const hostUrl = asLocalhost(host.url);
    const hostOrigin = new URL(hostUrl).origin;

    // The documented steps: the host's origin into the app's allow-list, the app's address into the example.
    execFileSync('node', ['scripts/embed-config.mjs', appRoot, '--hosts', hostOrigin, '--app', app.url]);
    for (const f of ['embed-example.html', 'embed-example.js']) cpSync(join(appRoot, f), join(hostRoot, f));
    const example = readFileSync(join(hostRoot, 'embed-example.html'), 'utf8');
    assert.match(example, new RegExp(`frame-src 'self' ${new URL(app.url).origin}`), "the example's CSP allows the app's frame");

    const { page, context, problems } = await openPage(env.browser);
    page.setDefaultTimeout(10000);
    await page.goto(`${hostUrl}embed-example.html`);
    await page.waitForSelector('body[data-ready]');
    await page.fill('#case', JSON.stringify(P12.case));
    await page.click('#send');
    await page.waitForSelector('body[data-reports="1"]');
    const reply = JSON.parse(await page.textContent('#report'));
    assert.equal(reply.ok, true);
    assert.equal(reply.report.risk.level, P12.expect.equals['risk.level']);
    await page.frameLocator('#osteoplan').locator('[data-drug="romosozumab"][data-status="avoid"]').waitFor({ state: 'attached' });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('embed-config refuses an allow-list entry that is not an origin, naming it', () => {
    const root = mkdtempSync(join(tmpdir(), 'osteoplan-config-'));
    cpSync(DIST, root, { recursive: true });
    assert.throws(
      () => execFileSync('node', ['scripts/embed-config.mjs', root, '--hosts', 'https://emr.example.org/path'], { stdio: 'pipe' }),
      (error) => /is not an origin: write https:\/\/emr\.example\.org/.test(error.stderr.toString()),
    );
  });
});

describe('single-file edition', () => {
  test('dist/osteoplan.html in a sandboxed frame (no allow-same-origin) mounts: form, a case typed, results', async (t) => {
    const host = await serveDist(hostDir(
      `<iframe id="osteoplan" sandbox="allow-scripts allow-forms" src="${env.server.url}osteoplan.html" width="1000" height="700"></iframe>`,
    ));
    t.after(() => host.close());
    const { page, context, problems } = await openPage(env.browser);
    page.setDefaultTimeout(10000);
    await page.goto(asLocalhost(host.url));
    const frame = page.frameLocator('#osteoplan');
    await frame.locator('header.app-header h1').waitFor();
    assert.equal(await storageError(page.frames().find((f) => f.url().endsWith('osteoplan.html'))), 'SecurityError', 'an opaque origin has no storage');
    const note = frame.locator('[data-notice="no-storage"]');
    await note.waitFor();
    assert.equal(await note.getAttribute('role'), 'status');

    await frame.locator('[name="patient.sex"]').selectOption('male');
    await frame.locator('[name="patient.age_years"]').fill('72');
    await frame.locator('button[data-action="add-dxa"][data-site="femoral_neck"]').click();
    await frame.locator('[name="dxa[0].t_score"]').fill('-3.2');
    const impression = frame.locator('[data-result="impression"] [data-category][data-level]');
    await impression.waitFor({ state: 'attached' });
    assert.equal(await impression.getAttribute('data-category'), 'osteoporosis');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

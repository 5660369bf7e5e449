// End-to-end tests for clinics: offline use (service worker), updates, the single-file edition from file://, a
// sub-path deployment, window.osteoplan, embedding by postMessage (allowed and refused origins), the CSP with no
// request to another origin, and "Forget this device's data". Against the release dist/ in Debian Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, openPage, serveDist, useDistAndBrowser, waitForApp, waitUntil } from './harness.mjs';

const vignette = (file) => JSON.parse(readFileSync(new URL(`../vignettes/${file}`, import.meta.url), 'utf8'));
const P05 = vignette('p05-man-very-low-t.json');
const P12 = vignette('p12-romosozumab-after-mi.json');
const VERSION = /^version = "(.+)"/m.exec(readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8'))[1];

const env = useDistAndBrowser();

async function open(url = env.server.url, { app = true } = {}) {
  const opened = await openPage(env.browser);
  opened.page.on('dialog', (dialog) => dialog.accept());
  opened.page.setDefaultTimeout(10000);
  await opened.page.goto(url);
  if (app) await waitForApp(opened.page);
  return opened;
}

/** Loads a case through Import and resolves to the diagnosis category and risk level shown. */
async function computeOnPage(page, c) {
  const buffer = Buffer.from(JSON.stringify(c));
  await page.setInputFiles('input[name="import"]', { name: 'case.json', mimeType: 'application/json', buffer });
  // The impression's first line carries the category and the level as a hidden mark.
  const mark = '[data-result="impression"] [data-category][data-level]';
  await page.waitForSelector(mark, { state: 'attached' });
  return {
    category: await page.getAttribute(mark, 'data-category'),
    level: await page.getAttribute(mark, 'data-level'),
  };
}

/** Opens "Rules applied", which loads the rules' texts the page does not carry, and resolves to them. */
async function ruleTexts(page) {
  await page.click('[data-result="rules"] summary');
  await page.waitForFunction(() => {
    const texts = [...document.querySelectorAll('.report [data-rule] .rule-text')];
    return texts.length > 0 && texts.every((e) => e.textContent.trim());
  });
  return page.$$eval('.report [data-rule] .rule-text', (es) => es.map((e) => e.textContent));
}

/** Waits until a service worker controls the page. */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15000 });
}

describe('offline', () => {
  test('after one visit the app loads and computes with the network off', async () => {
    const { page, context, problems } = await open();
    await controlled(page);
    await context.setOffline(true);
    await page.reload();
    await waitForApp(page);
    const shown = await computeOnPage(page, P05.case);
    assert.equal(shown.category, P05.expect.equals['diagnosis.category']);
    assert.equal(shown.level, P05.expect.equals['risk.level']);
    // The rule texts load from the service worker's cache too.
    assert.ok((await ruleTexts(page)).some((t) => /T-score/.test(t)), 'the rule texts offline');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('edits to the page and a new build reach a returning user; the old cache goes; a reload is offered', async (t) => {
    const root = mkdtempSync(join(tmpdir(), 'osteoplan-update-'));
    cpSync(DIST, root, { recursive: true });
    // Caching headers like a typical intranet server's: the browser may keep any file for a day.
    const local = await serveDist(root, '/', { 'cache-control': 'max-age=86400' });
    t.after(() => local.close());
    const { page, context } = await open(local.url);
    await controlled(page);
    // The next visit runs under the worker, as a clinic's daily use does.
    await page.reload();
    await waitForApp(page);
    const before = await page.evaluate(() => caches.keys());
    assert.equal(before.length, 1, 'one cache for one build');

    // IT adds a host to the embedding allow-list after deployment: the next visit sees it.
    const indexPath = join(root, 'index.html');
    const allowList = 'name="osteoplan-embed-origins" content=""';
    assert.ok(readFileSync(indexPath, 'utf8').includes(allowList));
    writeFileSync(indexPath, readFileSync(indexPath, 'utf8').replace(allowList, 'name="osteoplan-embed-origins" content="https://emr.example.org"'));
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.getAttribute('meta[name="osteoplan-embed-origins"]', 'content'), 'https://emr.example.org');

    // The server answers with an error (404 here, as a broken proxy might): the cached page is used.
    renameSync(indexPath, `${indexPath}.away`);
    await page.reload();
    await waitForApp(page);
    renameSync(`${indexPath}.away`, indexPath);

    // A new build: a changed page and a new cache name (post-build.mjs derives it from the files).
    writeFileSync(indexPath, readFileSync(indexPath, 'utf8').replace('</body>', '<!-- build 2 --></body>'));
    const sw = readFileSync(join(root, 'sw.js'), 'utf8');
    writeFileSync(join(root, 'sw.js'), withVersionSuffix(sw, '-next'));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await page.waitForSelector('[data-update-ready]');
    const cacheNames = () => page.evaluate(() => caches.keys());
    await waitUntil(async () => {
      const names = await cacheNames();
      return names.length === 1 && names[0] !== before[0];
    }, 'only the new cache to be left');
    // The new cache holds the new page, not the copy in the browser's HTTP cache.
    const cachedPages = await page.evaluate(async () => {
      const cache = await caches.open((await caches.keys())[0]);
      return Promise.all(['./', './index.html'].map(async (url) => (await cache.match(url))?.text()));
    });
    for (const text of cachedPages) assert.ok(text?.includes('<!-- build 2 -->'), `the new build's page is cached: ${text?.slice(-200)}`);
    await page.click('[data-update-ready] button');
    await waitForApp(page);
    await context.close();
  });
});

describe('single-file edition', () => {
  test('dist/osteoplan.html computes a vignette from file:// with no request', async () => {
    const opened = await openPage(env.browser);
    const { page, context, problems, requestUrls } = opened;
    page.on('dialog', (dialog) => dialog.accept());
    await page.goto(pathToFileURL(join(DIST, 'osteoplan.html')).href);
    await waitForApp(page);
    const shown = await computeOnPage(page, P12.case);
    assert.equal(shown.level, P12.expect.equals['risk.level']);
    assert.equal(await page.getAttribute('[data-drug="romosozumab"]', 'data-status'), 'avoid');
    // The rule texts are in the file itself.
    assert.ok((await ruleTexts(page)).some((t) => /romosozumab/i.test(t)), 'the rule texts from the file');
    assert.deepEqual(requestUrls.filter((u) => !/^(file|data|blob):/.test(u)), [], 'nothing is fetched');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('served pages opened from disk', () => {
  for (const [page, single] of [['index.html', 'osteoplan.html'], ['list.html', 'osteoplan-list.html']]) {
    test(`dist/${page} from file:// says, in both languages, to open ${single}`, async () => {
      const { page: tab, context } = await openPage(env.browser);
      await tab.goto(pathToFileURL(join(DIST, page)).href);
      const notice = tab.locator('#osteoplan-from-disk');
      await notice.waitFor({ state: 'visible' });
      assert.match(await notice.locator('p[lang="en"]').innerText(), new RegExp(`needs a web server.*open ${single.replace('.', '\\.')}`, 's'));
      assert.match(await notice.locator('p[lang="zh-CN"]').innerText(), new RegExp(`网页服务器.*${single.replace('.', '\\.')}`, 's'));
      assert.equal(await notice.locator('p[lang="en"] a').getAttribute('href'), `./${single}`);
      // The link opens the single file, which starts from disk.
      await notice.locator('p[lang="en"] a').click();
      await tab.waitForURL(/osteoplan(-list)?\.html$/);
      await tab.waitForSelector('header.app-header h1', { timeout: 15000 });
      await context.close();
    });
  }

  test('served, the page never shows the message', async () => {
    const { page, context, problems } = await open();
    assert.equal(await page.locator('#osteoplan-from-disk:visible').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('the single file and share links', () => {
  test('from file://, Share link offers Export case and says why, and makes no link', async () => {
    const { page, context, problems } = await openPage(env.browser);
    page.on('dialog', (dialog) => dialog.accept());
    await page.goto(pathToFileURL(join(DIST, 'osteoplan.html')).href);
    await waitForApp(page);
    await computeOnPage(page, P05.case);
    await page.click('[data-action="share"]');
    const panel = page.locator('#share-panel');
    assert.match(await panel.locator('#share-notice').innerText(), /file on this computer.*cannot be opened anywhere else.*Export the case/s);
    assert.equal(await panel.locator('input[name="share-link"]').count(), 0, 'no file:/// link to copy');
    const [download] = await Promise.all([page.waitForEvent('download'), panel.locator('[data-action="export-instead"]').click()]);
    assert.match(download.suggestedFilename(), /^osteoplan-.*\.json$/);
    await page.click('button[data-lang="zh-CN"]');
    assert.match(await panel.locator('#share-notice').innerText(), /本机上的文件.*导出病例/s);
    await page.keyboard.press('Escape');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

/** sw.js as another build's: its version with `suffix`. sw.js is minified, so the version is found as the one
 * 16-digit hex string that ends a quoted string (in file names a hash is followed by `.` or `_`). */
function withVersionSuffix(sw, suffix) {
  const next = sw.replace(/([0-9a-f]{16})(["'])/, `$1${suffix}$2`);
  assert.notEqual(next, sw, 'the version in sw.js');
  return next;
}

describe('two builds on one host', () => {
  test('/prod/ and /staging/ on one origin each keep their offline copy', async (t) => {
    const root = mkdtempSync(join(tmpdir(), 'osteoplan-two-builds-'));
    cpSync(DIST, join(root, 'prod'), { recursive: true });
    cpSync(DIST, join(root, 'staging'), { recursive: true });
    // Staging is another build: another page and another version.
    const stagingIndex = join(root, 'staging', 'index.html');
    writeFileSync(stagingIndex, readFileSync(stagingIndex, 'utf8').replace('</head>', '<!-- staging --></head>'));
    const stagingSw = join(root, 'staging', 'sw.js');
    writeFileSync(stagingSw, withVersionSuffix(readFileSync(stagingSw, 'utf8'), '-staging'));
    const host = await serveDist(root, '/');
    t.after(() => host.close());

    const { page, context, problems } = await open(`${host.url}prod/`);
    await controlled(page);
    await page.goto(`${host.url}staging/`);
    await waitForApp(page);
    await controlled(page);
    await waitUntil(async () => (await page.evaluate(() => caches.keys())).length === 2, 'a cache for each build');
    const names = await page.evaluate(() => caches.keys());
    assert.ok(names.some((n) => n.includes('/prod/')) && names.some((n) => n.includes('/staging/')), names.join(', '));

    await context.setOffline(true);
    for (const path of ['prod/', 'staging/']) {
      await page.goto(`${host.url}${path}`);
      await waitForApp(page);
      assert.equal((await computeOnPage(page, P05.case)).level, P05.expect.equals['risk.level'], `${path} offline`);
    }
    assert.ok((await page.content()).includes('<!-- staging -->'), "staging's own page");
    assert.deepEqual(await page.evaluate(() => caches.keys()), names, 'both caches kept');
    assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p)), []);
    await context.close();
  });
});

describe('intranet sub-path', () => {
  test('dist/ served under /apps/bone/osteoplan/ loads, computes and works offline', async (t) => {
    const sub = await serveDist(DIST, '/apps/bone/osteoplan/');
    t.after(() => sub.close());
    const { page, context, problems } = await open(sub.url);
    assert.equal((await computeOnPage(page, P05.case)).level, P05.expect.equals['risk.level']);
    await controlled(page);
    const scope = await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.scope));
    assert.equal(scope, sub.url);
    assert.ok(sub.requests.every((u) => u.startsWith('/apps/bone/osteoplan/')), sub.requests.join('\n'));
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('embedding', () => {
  test('window.osteoplan.evaluate and version follow case-format.md', async () => {
    const { page, context } = await open();
    const api = await page.evaluate((text) => ({
      version: window.osteoplan.version,
      report: JSON.parse(window.osteoplan.evaluate(text)),
      errors: JSON.parse(window.osteoplan.evaluate('{"format": "osteoplan-case/1", "patient": {"sex": "robot"}}')),
      type: typeof window.osteoplan.evaluate('not json'),
    }), JSON.stringify(P12.case));
    assert.equal(api.version, VERSION);
    assert.equal(api.report.format, 'osteoplan-report/3');
    assert.equal(api.report.risk.level, P12.expect.equals['risk.level']);
    assert.ok(Array.isArray(api.errors.errors) && api.errors.errors.length > 0, 'an error document');
    assert.equal(api.type, 'string');
    await context.close();
  });

  test('the example host page sends a case and gets the report; the frame shows it without its header', async () => {
    // A case in progress in the full app, in another tab of the same browser.
    const { page: appTab, context, problems } = await open();
    await computeOnPage(appTab, P05.case);
    await appTab.waitForFunction(() => localStorage.getItem('osteoplan.draft.v1.' + sessionStorage.getItem('osteoplan.tab.v1')) !== null);
    const saved = await appTab.evaluate(() => ({ ...localStorage }));

    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    await page.goto(`${env.server.url}embed-example.html`);
    await page.waitForSelector('body[data-ready]');
    const frame = page.frameLocator('#osteoplan');
    assert.equal(await frame.locator('[data-result="impression"]').count(), 0, "the frame does not show the app's saved case");
    await page.fill('#case', JSON.stringify(P12.case));
    await page.selectOption('#lang', 'zh-CN');
    await page.click('#send');
    await page.waitForSelector('body[data-reports="1"]');
    const reply = JSON.parse(await page.textContent('#report'));
    assert.equal(reply.type, 'osteoplan.report');
    assert.equal(reply.ok, true);
    assert.equal(reply.report.risk.level, P12.expect.equals['risk.level']);

    // The drug's status is a hidden mark on its line of the options.
    await frame.locator('[data-result="options"] [data-drug="romosozumab"][data-status="avoid"]').waitFor({ state: 'attached' });
    assert.equal(await frame.locator('header.app-header').count(), 0, 'no header when embedded');
    assert.equal(await frame.locator('html').getAttribute('lang'), 'zh-CN', 'the language the host asked for');
    assert.deepEqual(await appTab.evaluate(() => ({ ...localStorage })), saved, "the app's draft and language are untouched");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the full app, framed without ?embed=1, takes no case even from its own origin', async (t) => {
    const root = mkdtempSync(join(tmpdir(), 'osteoplan-no-embed-'));
    cpSync(DIST, root, { recursive: true });
    writeFileSync(join(root, 'host.html'), `<!DOCTYPE html><meta charset="utf-8"><body>
      <iframe id="f" src="./"></iframe>
      <script src="host.js"></script>`);
    writeFileSync(join(root, 'host.js'), `
      window.replies = [];
      addEventListener('message', (e) => window.replies.push(e.data.type));
      // Send once the app in the frame has mounted (its header is there), then give it time to answer.
      const frame = document.getElementById('f');
      const poll = setInterval(() => {
        if (!frame.contentDocument?.querySelector('header.app-header h1')) return;
        clearInterval(poll);
        frame.contentWindow.postMessage({ type: 'osteoplan.case', case: ${JSON.stringify(P12.case)} }, location.origin);
        setTimeout(() => (document.body.dataset.done = '1'), 1500);
      }, 50);`);
    const local = await serveDist(root);
    t.after(() => local.close());
    const { page: appTab, context } = await open(local.url);
    await computeOnPage(appTab, P05.case);
    await appTab.waitForFunction(() => localStorage.getItem('osteoplan.draft.v1.' + sessionStorage.getItem('osteoplan.tab.v1')) !== null);
    const saved = await appTab.evaluate(() => localStorage.getItem('osteoplan.draft.v1.' + sessionStorage.getItem('osteoplan.tab.v1')));
    const host = await context.newPage();
    await host.goto(`${local.url}host.html`);
    await host.waitForSelector('body[data-done]', { timeout: 15000 });
    assert.deepEqual(await host.evaluate(() => window.replies), [], 'no ready, no report');
    assert.equal(await host.frameLocator('#f').locator('[data-drug="romosozumab"][data-status="avoid"]').count(), 0);
    assert.equal(await appTab.evaluate(() => localStorage.getItem('osteoplan.draft.v1.' + sessionStorage.getItem('osteoplan.tab.v1'))), saved, 'the case in progress is kept');
    await context.close();
  });

  test('a page from another origin gets no report and cannot change the case', async (t) => {
    const root = mkdtempSync(join(tmpdir(), 'osteoplan-other-origin-'));
    writeFileSync(join(root, 'index.html'), `<!DOCTYPE html><meta charset="utf-8"><body>
      <iframe id="f" src="${env.server.url}?embed=1"></iframe>
      <script>
        window.replies = [];
        addEventListener('message', (e) => {
          window.replies.push(e.data.type);
          if (e.data.type === 'osteoplan.ready') {
            document.getElementById('f').contentWindow.postMessage(
              { type: 'osteoplan.case', case: ${JSON.stringify(P12.case)} }, '*');
            setTimeout(() => (document.body.dataset.done = '1'), 1500);
          }
        });
      </script>`);
    const other = await serveDist(root);
    t.after(() => other.close());
    const { context } = await open(env.server.url);
    const hostile = await context.newPage();
    await hostile.goto(other.url);
    await hostile.waitForSelector('body[data-done]', { timeout: 15000 });
    assert.deepEqual(await hostile.evaluate(() => window.replies), ['osteoplan.ready'], 'no report to another origin');
    const frame = hostile.frameLocator('#f');
    assert.equal(await frame.locator('[data-drug="romosozumab"]').count(), 0, 'the frame did not load the case');
    await context.close();
  });
});

describe('security and privacy', () => {
  test('a full session makes no request to another origin and breaks no CSP rule', async () => {
    const opened = await openPage(env.browser);
    const { page, context, problems, requestUrls } = opened;
    page.on('dialog', (dialog) => dialog.accept());
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(env.server.url);
    await waitForApp(page);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /connect-src 'self'/);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\s\*/, 'no blanket allowance');

    await computeOnPage(page, vignette('p10-stop-after-8-injections.json').case);
    await page.click('button[data-lang="zh-CN"]');
    await page.click('details[data-settings] > summary'); // the clinic settings (issue 24)
    await page.fill('input[name="clinic-header"]', 'Ward 7');
    await Promise.all([page.waitForEvent('download'), page.click('[data-action="calendar"]')]);
    await Promise.all([page.waitForEvent('download'), page.click('[data-action="export"]')]);
    await page.click('[data-action="share"]');
    await page.pdf({ path: join(mkdtempSync(join(tmpdir(), 'osteoplan-csp-')), 'sheet.pdf') });
    await page.reload();
    await waitForApp(page);

    const origin = new URL(env.server.url).origin;
    const foreign = requestUrls.filter((u) => !u.startsWith(origin) && !/^(data|blob):/.test(u));
    assert.deepEqual(foreign, [], 'every request stays on the app origin');
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("Forget this device's data clears what the browser kept", async () => {
    const { page, context } = await open();
    const c = { ...P05.case, patient: { ...P05.case.patient, name: 'Wang Fang', id: 'MRN-0042' } };
    await computeOnPage(page, c);
    await page.click('details[data-settings] > summary'); // the clinic settings (issue 24)
    await page.fill('input[name="clinic-header"]', 'Ward 7');
    await page.click('button[data-lang="zh-CN"]');
    const kept = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('osteoplan.')));
    await page.waitForFunction(() => localStorage.getItem('osteoplan.clinic-header.v1') !== null);
    // The tab's draft with its stamp and the mark that the tab is open (issue 24), the language, the clinic header.
    assert.equal((await kept()).length, 5, `draft, language and clinic header were kept: ${await kept()}`);

    await page.click('[data-action="forget"]');
    await page.waitForSelector('[data-result="incomplete"]');
    assert.deepEqual(await kept(), [], 'nothing left in localStorage');
    assert.equal(await page.inputValue('input[name="patient.name"]'), '');
    assert.equal(await page.inputValue('input[name="clinic-header"]'), '');
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.inputValue('input[name="patient.name"]'), '', 'the case is gone after a reload too');
    await context.close();
  });
});

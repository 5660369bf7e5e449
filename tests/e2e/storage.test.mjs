// End-to-end tests for issue 15, "nothing the user entered is lost": saved drafts this version cannot read are kept
// aside and announced, a full storage keeps the edits exportable, no storage at all still gives a working app, and
// hostile share links (a decompression bomb, 1 MB, 20 000 unknown fields) are refused in the page within 2 s while
// the saved case stays. Against the release dist/ in Debian Chromium; one browser, a fresh context per test.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openPage, useDistAndBrowser, waitForApp, waitUntil } from './harness.mjs';

/** The single draft of versions before issue 24, which the first tab to start adopts. */
const DRAFT_KEY = 'osteoplan.draft.v1';
/** The tab's draft (issue 24: one per tab, under its id; each test saves from one tab only). */
const tabDraft = (page) =>
  page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('osteoplan.draft.v1.'));
    return key ? localStorage.getItem(key) : null;
  });
const SET_ASIDE = /^osteoplan\.draft\.unreadable\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d(-\d+)?$/;

const env = useDistAndBrowser();

/** A fresh context; `init` runs before any page script. Dialogs are recorded and dismissed (none is expected). */
async function fresh(init, arg) {
  const opened = await openPage(env.browser);
  opened.dialogs = [];
  opened.page.on('dialog', (dialog) => {
    opened.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss();
  });
  opened.page.setDefaultTimeout(5000);
  if (init) await opened.context.addInitScript(init, arg);
  return opened;
}

async function openApp(page, url = env.server.url) {
  await page.goto(url);
  await waitForApp(page);
  await page.waitForSelector('[name="patient.sex"]');
}

/** Every key the app's origin keeps, with its text. */
const stored = (page) => page.evaluate(() => ({ ...localStorage }));

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

/** Enters a small complete case by typing (a man of 72 with a femoral-neck T-score of −3.2) and waits for the
 * impression. */
async function typeCase(page) {
  await page.selectOption('[name="patient.sex"]', 'male');
  await page.fill('[name="patient.age_years"]', '72');
  await page.click('button[data-action="add-dxa"][data-site="femoral_neck"]');
  await page.fill('[name="dxa[0].t_score"]', '-3.2');
  await page.waitForSelector('[data-result="impression"] [data-category][data-level]', { state: 'attached' });
}

describe('saved drafts this version cannot read', () => {
  const drafts = {
    'broken JSON': '{"case":{"format":"osteoplan-case/2","patient":{"sex":"fem',
    'a newer format': JSON.stringify({ case: { format: 'osteoplan-case/4', assessed_on: '2026-11-22', patient: { sex: 'female', age_years: 70 } } }),
    'a field from a newer version': JSON.stringify({ case: { format: 'osteoplan-case/2', patient: { sex: 'female', age_years: 70, frailty: 0.3 } } }),
    'a wrong type': JSON.stringify({ case: { format: 'osteoplan-case/2', patient: { sex: 'female', age_years: '70' } } }),
  };
  for (const [what, raw] of Object.entries(drafts)) {
    test(`${what}: kept aside under a dated key, announced, downloadable; the app starts blank and saves again`, async () => {
      // The draft is there before the app first runs (and only then: not again on the reload below).
      const { page, context, problems, dialogs } = await fresh(([key, text]) => {
        if (sessionStorage.getItem('seeded')) return;
        localStorage.setItem(key, text);
        sessionStorage.setItem('seeded', '1');
      }, [DRAFT_KEY, raw]);
      await openApp(page);

      const notice = page.locator('[data-notice="draft-unreadable"]');
      await notice.waitFor();
      assert.equal(await notice.getAttribute('role'), 'alert');
      assert.match(await notice.textContent(), /could not be read.*kept/);
      assert.equal(await page.inputValue('[name="patient.age_years"]'), '', 'a blank case');
      await page.waitForSelector('[data-result="incomplete"]');

      const keys = await stored(page);
      const aside = Object.keys(keys).filter((k) => SET_ASIDE.test(k));
      assert.equal(aside.length, 1, `one dated key: ${Object.keys(keys)}`);
      assert.equal(keys[aside[0]], raw, 'the text is kept exactly');
      assert.equal(keys[DRAFT_KEY], undefined, 'the unreadable draft no longer sits under the draft key');

      const file = await download(page, '[data-action="download-unreadable"]');
      assert.match(file.name, /^osteoplan-unreadable-draft-.+\.json$/);
      assert.equal(file.text, raw, 'the download is the saved text');

      // The draft key works again: an edit is saved and survives a reload, and nothing is announced twice.
      await page.fill('[name="patient.age_years"]', '71');
      await page.waitForFunction(() => localStorage.getItem('osteoplan.draft.v1.' + sessionStorage.getItem('osteoplan.tab.v1'))?.includes('"age_years":71'));
      await page.click('[data-notice="draft-unreadable"] [data-action="dismiss"]');
      await notice.waitFor({ state: 'detached' });
      await page.reload();
      await waitForApp(page);
      assert.equal(await page.inputValue('[name="patient.age_years"]'), '71');
      assert.equal(await notice.count(), 0);
      assert.equal((await stored(page))[aside[0]], raw, 'the kept text is still there');
      assert.deepEqual(dialogs, []);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});

describe('storage faults', () => {
  test('an unreadable draft with no room for a copy stays under its key, untouched by edits, and both notices show', async () => {
    const raw = '{"case":{"format":"osteoplan-case/9"}}';
    const { page, context, problems } = await fresh(([key, text]) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem(key, text);
        sessionStorage.setItem('seeded', '1');
      }
      Storage.prototype.setItem = () => {
        throw new DOMException('Setting the value exceeded the quota.', 'QuotaExceededError');
      };
    }, [DRAFT_KEY, raw]);
    await openApp(page);
    await page.locator('[data-notice="draft-unreadable"]').waitFor();
    await page.fill('[name="patient.age_years"]', '71');
    await page.locator('[data-notice="not-saved"]').waitFor();
    const file = await download(page, '[data-action="download-unreadable"]');
    assert.equal(file.text, raw);
    await page.reload();
    await waitForApp(page);
    assert.deepEqual(await stored(page), { [DRAFT_KEY]: raw }, 'still there, as it was, and nothing else');
    await page.locator('[data-notice="draft-unreadable"]').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('storage full: the edit stays on screen, a persistent notice offers Export case, and it goes once saving works', async () => {
    const { page, context, problems } = await fresh(() => {
      window.quotaFull = true;
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        if (window.quotaFull) throw new DOMException('Setting the value exceeded the quota.', 'QuotaExceededError');
        return setItem.call(this, key, value);
      };
    });
    await openApp(page);
    const notice = page.locator('[data-notice="not-saved"]');
    assert.equal(await notice.count(), 0, 'nothing to say before an edit');

    await page.fill('[name="patient.name"]', 'Li Na');
    await page.fill('[name="patient.age_years"]', '71');
    await notice.waitFor();
    assert.equal(await notice.getAttribute('role'), 'alert');
    assert.equal(await page.inputValue('[name="patient.age_years"]'), '71', 'the edit stays on screen');
    assert.equal(await tabDraft(page), null, 'nothing was saved');
    const file = await download(page, '[data-notice="not-saved"] [data-action="export-unsaved"]');
    const exported = JSON.parse(file.text);
    assert.equal(exported.patient.age_years, 71, 'the export holds the edit');
    assert.equal(exported.patient.name, 'Li Na');
    await page.fill('[name="patient.weight_kg"]', '50');
    assert.equal(await notice.count(), 1, 'still shown after another failed save');

    await page.evaluate(() => (window.quotaFull = false));
    await page.fill('[name="patient.weight_kg"]', '51');
    await notice.waitFor({ state: 'detached' });
    assert.match(await tabDraft(page), /"weight_kg":51/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('storage disabled (localStorage throws SecurityError): the app mounts, says so quietly, and a case is evaluated', async () => {
    const { page, context, problems, dialogs } = await fresh(() => {
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    await openApp(page);
    const note = page.locator('[data-notice="no-storage"]');
    await note.waitFor();
    assert.equal(await note.getAttribute('role'), 'status');
    assert.match(await note.textContent(), /will not be kept on this device/);
    await typeCase(page);
    await page.click('button[data-lang="zh-CN"]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    assert.equal(await page.locator('[data-notice="not-saved"]').count(), 0, 'no alarm on top of the quiet note');
    assert.equal(await note.count(), 1, 'the note stays, once');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

// lz-string's compressToEncodedURIComponent (the share link's encoding; lz-string 1.4.4's `_compress` with 6 bits
// per character), with the dictionary keyed by (code of the phrase, next unit) so that long runs compress in linear
// time. Checked against the app's own share link below.
const URI_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
function compressToEncodedURIComponent(text) {
  const out = [];
  let value = 0;
  let position = 0;
  const write = (bits, n) => {
    for (let i = 0; i < n; i++) {
      value = (value << 1) | (bits & 1);
      bits >>= 1;
      if (position === 5) {
        out.push(URI_ALPHABET[value]);
        position = 0;
        value = 0;
      } else position++;
    }
  };
  const single = new Map(); // unit → code
  const pairs = new Map(); // code of a phrase * 65536 + next unit → code of the longer phrase
  const toCreate = new Set(); // units not yet written as literals
  let enlargeIn = 2;
  let dictSize = 3;
  let numBits = 2;
  let w = -1; // the code of the current phrase (-1: none yet)
  let wUnit = -1; // its unit, when the phrase is a single unit
  const tick = () => {
    if (--enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  };
  const emit = () => {
    if (wUnit >= 0 && toCreate.has(wUnit)) {
      write(wUnit < 256 ? 0 : 1, numBits);
      write(wUnit, wUnit < 256 ? 8 : 16);
      tick();
      toCreate.delete(wUnit);
    } else {
      write(w, numBits);
    }
    tick();
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!single.has(c)) {
      single.set(c, dictSize++);
      toCreate.add(c);
    }
    if (w >= 0) {
      const longer = pairs.get(w * 65536 + c);
      if (longer !== undefined) {
        w = longer;
        wUnit = -1;
        continue;
      }
      emit();
      pairs.set(w * 65536 + c, dictSize++);
    }
    w = single.get(c);
    wUnit = c;
  }
  if (w >= 0) emit();
  write(2, numBits);
  for (;;) {
    value <<= 1;
    if (position === 5) {
      out.push(URI_ALPHABET[value]);
      break;
    }
    position++;
  }
  return out.join('');
}

describe('hostile share links', () => {
  const fields = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`x${i}`, 0]));
  const links = {
    // 20 MB of one letter: about 12 KB of link.
    'a decompression bomb': () =>
      compressToEncodedURIComponent(`{"format":"osteoplan-case/2","patient":{"name":"${'a'.repeat(20_000_000)}"}}`),
    'a 1 MB link': () => 'A'.repeat(1 << 20),
    // 5 000 unknown fields in each of four objects, so the link stays under the link size limit (about 58 KB).
    'a link with 20 000 unknown fields': () =>
      compressToEncodedURIComponent(JSON.stringify({
        format: 'osteoplan-case/2',
        assessed_on: '2026-11-22',
        ...fields(5000),
        patient: { sex: 'female', age_years: 70, ...fields(5000) },
        labs: fields(5000),
        conditions: fields(5000),
      })),
  };
  const reasons = {
    'a decompression bomb': /unpacks to more than 256 KB/,
    'a 1 MB link': /more than the \d+ KB a share link may carry/,
    'a link with 20 000 unknown fields': /unknown field/,
  };

  test('each is refused in the page within 2 s; the app stays usable, the saved case untouched, the fragment gone', async (t) => {
    // When the notice appears, in the page's own clock (ms since navigation start).
    const { page, context, problems, dialogs } = await fresh(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-notice="link-unreadable"]')) {
          window.noticeAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { subtree: true, childList: true });
    });
    await openApp(page);
    // A case in progress, saved on this device; a Chinese name exercises the compressor's 16-bit literals.
    await page.fill('[name="patient.name"]', '王芳 Wang');
    await typeCase(page);
    await page.waitForFunction(() => localStorage.getItem('osteoplan.draft.v1.' + sessionStorage.getItem('osteoplan.tab.v1'))?.includes('"t_score":-3.2'));
    const savedKey = Object.keys(await stored(page)).find((key) => (key.startsWith('osteoplan.draft.v1.')));

    // The port above writes exactly the app's link for the exported case.
    const exported = await download(page, 'button[data-action="export"]');
    await page.click('button[data-action="share"]');
    // The export carries the name; so does the link when the box is ticked (by default it leaves the name and ID out).
    await page.check('input[name="share-identity"]');
    await page.waitForSelector('label[for="share-link"]:has-text("with name")');
    const link = await page.inputValue('input[name="share-link"]');
    assert.equal(`case=${compressToEncodedURIComponent(exported.text)}`, link.slice(link.indexOf('#') + 1));
    // Read once the T-score field has been left (its text is then shown as the case holds it: nothing typed kept).
    const saved = await tabDraft(page);

    for (const [what, make] of Object.entries(links)) {
      const data = make();
      if (what.includes('unknown')) assert.ok(data.length < 60_000, `under the link limit: ${data.length}`);
      const tab = await context.newPage();
      tab.on('dialog', (dialog) => {
        dialogs.push(`${what}: ${dialog.type()}`);
        dialog.dismiss();
      });
      tab.on('pageerror', (err) => problems.push(`${what}: ${err.message}`));
      await tab.goto(`${env.server.url}#case=${data}`);
      const notice = tab.locator('[data-notice="link-unreadable"]');
      await notice.waitFor({ timeout: 10000 });
      // From navigation start, and from the end of parsing, when the app's module script may run (the app's share).
      const { total, app } = await tab.evaluate(() => {
        const parsed = performance.getEntriesByType('navigation')[0].domInteractive;
        return { total: Math.round(window.noticeAt), app: Math.round(window.noticeAt - parsed) };
      });
      t.diagnostic(`${what} (${Math.round(data.length / 1024)} KB of link): notice at ${total} ms, ${app} ms after the page was parsed`);
      assert.ok(app < 2000, `${what}: the message came ${app} ms after the app could start`);
      // With a 1 MB address Chromium itself takes over a second to parse the page (a blank page with the same
      // fragment loads as slowly), so only the app's share is held to 2 s there.
      if (data.length < 100_000) assert.ok(total < 2000, `${what}: the message came after ${total} ms`);
      assert.equal(await notice.getAttribute('role'), 'alert');
      assert.match(await notice.textContent(), /could not be read; the current case is kept/);
      assert.match(await notice.locator('[data-reason]').textContent(), reasons[what], what);
      assert.equal(await tab.evaluate(() => location.hash), '', `${what}: the fragment is removed`);
      // A new tab starts blank (issue 24: another tab's case is that tab's).
      assert.equal(await tab.inputValue('[name="patient.age_years"]'), '', `${what}: a new tab, blank`);
      assert.equal((await stored(tab))[savedKey], saved, `${what}: the saved case is untouched`);
      await tab.click('[data-notice="link-unreadable"] [data-action="dismiss"]');
      await notice.waitFor({ state: 'detached' });
      await tab.close();
    }

    // Still usable: an edit changes the case and is saved.
    await page.reload();
    await waitForApp(page);
    await page.fill('[name="dxa[0].t_score"]', '-2.6');
    await waitUntil(async () => (await tabDraft(page))?.includes('"t_score":-2.6'), 'the edit to be saved');
    assert.deepEqual(dialogs, [], 'no dialog');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

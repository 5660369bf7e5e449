// One patient per tab (issue 24): each calculator tab keeps its own case (its draft under its own key, its id in its
// sessionStorage), so another tab's edits never replace it; a share link arriving in an open tab (address or paste)
// loads that patient (the tab loads again and reads it as a link opened there), asking only when another case is in
// progress; the patient's name and ID are in the title and at
// the top of the results; the clinic list's Open lands on its patient whatever the other tabs hold; a duplicated tab
// takes an id of its own; a closed tab's case can be reopened in a new tab. Against the release dist/ in Debian
// Chromium; several pages (tabs) of one browser context share its storage, as tabs of one browser do.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, useDistAndBrowser, waitForApp, waitUntil } from './harness.mjs';

const env = useDistAndBrowser();

/** This tab's id and its saved draft (null when none). */
const tabId = (page) => page.evaluate(() => sessionStorage.getItem('osteoplan.tab.v1'));
const tabDraft = (page) =>
  page.evaluate(() => localStorage.getItem('osteoplan.draft.v1.' + sessionStorage.getItem('osteoplan.tab.v1')));
const draftKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('osteoplan.draft')));

/** A browser context; every dialog is recorded and answered by `answer` (accept unless it says otherwise). */
async function fresh() {
  const opened = await openPage(env.browser);
  opened.dialogs = [];
  // How the next dialogs are answered (set on the context, which the tests hold).
  opened.context.answer = true;
  const watch = (tab) => {
    tab.setDefaultTimeout(8000);
    tab.on('dialog', (dialog) => {
      opened.dialogs.push(dialog.message());
      return opened.context.answer ? dialog.accept() : dialog.dismiss();
    });
    tab.on('pageerror', (err) => opened.problems.push(`pageerror: ${err.message}`));
  };
  watch(opened.page);
  opened.context.on('page', (tab) => tab !== opened.page && watch(tab));
  return opened;
}

async function openApp(page, url = env.server.url) {
  await page.goto(url);
  await waitForApp(page);
  await page.waitForSelector('[name="patient.sex"]');
}

/** Types a patient and waits until this tab has saved it. */
async function enter(page, { name, id, age }) {
  await page.fill('[name="patient.name"]', name);
  await page.fill('[name="patient.id"]', id);
  await page.selectOption('[name="patient.sex"]', 'female');
  await page.fill('[name="patient.age_years"]', String(age));
  await waitUntil(async () => (await tabDraft(page))?.includes(`"age_years":${age}`), `${name} saved`);
}

/** The patient this tab shows: name, ID and age from the form, and the title and the results' heading line. */
async function shown(page) {
  return {
    name: await page.inputValue('[name="patient.name"]'),
    id: await page.inputValue('[name="patient.id"]'),
    age: await page.inputValue('[name="patient.age_years"]'),
    title: await page.title(),
    top: (await page.locator('[data-result="patient"]').count()) ? await page.textContent('[data-result="patient"]') : null,
  };
}

const patient = (name, id, age) => ({ name, id, age: String(age), title: `${name} · ${id} — OsteoPlan`, top: `${name} · ${id}` });

async function reload(page) {
  await page.reload();
  await waitForApp(page);
  await page.waitForSelector('[name="patient.sex"]');
}

/** The app's own share link (name and ID included) for a patient, made in a scratch tab that is then closed. */
async function shareLink(context, who) {
  const tab = await context.newPage();
  await openApp(tab);
  await enter(tab, who);
  await tab.click('button[data-action="share"]');
  await tab.check('input[name="share-identity"]');
  await tab.waitForSelector('label[for="share-link"]:has-text("with name")');
  const link = await tab.inputValue('input[name="share-link"]');
  // A blank case again, so the scratch tab leaves no draft behind.
  await tab.evaluate(() => localStorage.removeItem('osteoplan.draft.v1.' + sessionStorage.getItem('osteoplan.tab.v1')));
  await tab.close();
  return link;
}

/** Runs `trigger`, which makes the tab load again (a link arriving, a draft reopened), and waits for the app. */
async function reloadedBy(page, trigger) {
  await Promise.all([page.waitForEvent('load'), trigger()]);
  await waitForApp(page);
  await page.waitForSelector('[name="patient.sex"]');
}

/** A paste into the page itself (not into a field), as Ctrl+V on the page does. */
function paste(page, text, selector = 'body') {
  return page.evaluate(
    ([text, selector]) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.querySelector(selector).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [text, selector],
  );
}

describe('one patient per tab', () => {
  test('two tabs, two patients: edits and reloads in both, each keeps its own; a new tab starts blank', async () => {
    const { page: a, context, problems, dialogs } = await fresh();
    await openApp(a);
    assert.equal(await a.title(), 'OsteoPlan — Osteoporosis diagnosis, treatment choice and denosumab scheduling', 'a blank patient: the app title');
    assert.equal(await a.locator('[data-result="patient"]').count(), 0);
    await enter(a, { name: 'Wang Li', id: 'P001', age: 72 });
    assert.deepEqual(await shown(a), patient('Wang Li', 'P001', 72));

    const b = await context.newPage();
    await openApp(b);
    assert.equal((await shown(b)).name, '', 'a new tab is blank, not the other tab’s patient');
    await enter(b, { name: 'Li Na', id: 'P002', age: 65 });
    assert.notEqual(await tabId(a), await tabId(b));

    await reload(a);
    assert.deepEqual(await shown(a), patient('Wang Li', 'P001', 72), 'A after B was entered');
    await a.fill('[name="patient.age_years"]', '73');
    await waitUntil(async () => (await tabDraft(a))?.includes('"age_years":73'), 'A’s edit saved');
    await reload(b);
    assert.deepEqual(await shown(b), patient('Li Na', 'P002', 65), 'B after A was edited');
    await b.fill('[name="patient.age_years"]', '66');
    await waitUntil(async () => (await tabDraft(b))?.includes('"age_years":66'), 'B’s edit saved');
    await reload(a);
    assert.deepEqual(await shown(a), patient('Wang Li', 'P001', 73));
    await reload(b);
    assert.deepEqual(await shown(b), patient('Li Na', 'P002', 66));

    // In Chinese the title names the patient the same way.
    await b.click('button[data-lang="zh-CN"]');
    await waitUntil(async () => (await b.title()) === 'Li Na · P002 — OsteoPlan', 'the Chinese title');
    assert.deepEqual(dialogs, [], 'nothing was asked');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a closed tab’s case is offered in a new tab and reopens there; Forget removes every draft', async () => {
    const { page: a, context, problems } = await fresh();
    await openApp(a);
    await enter(a, { name: 'Wang Li', id: 'P001', age: 72 });
    const b = await context.newPage();
    await openApp(b);
    await enter(b, { name: 'Li Na', id: 'P002', age: 65 });
    await b.close();

    const c = await context.newPage();
    await openApp(c);
    const offer = c.locator('[data-notice="reopen"]');
    await offer.waitFor();
    assert.equal(await offer.getAttribute('open'), null, 'folded away');
    await offer.locator('summary').click();
    // Only the closed tab's case: Wang Li is open in A.
    const offered = await offer.locator('[data-action="reopen"]').allTextContents();
    assert.deepEqual(offered, ['Li Na · P002']);
    await reloadedBy(c, () => offer.locator('[data-action="reopen"]').click());
    assert.deepEqual(await shown(c), patient('Li Na', 'P002', 65));
    assert.equal(await offer.count(), 0, 'nothing offered over a patient');
    await reload(c);
    assert.deepEqual(await shown(c), patient('Li Na', 'P002', 65), 'now this tab’s own');
    assert.equal((await draftKeys(c)).length, 2, `moved, not copied: ${await draftKeys(c)}`);

    await c.click('button[data-action="forget"]');
    await waitUntil(async () => (await draftKeys(c)).length === 0, 'every draft removed');
    assert.equal((await shown(c)).name, '');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the single draft of an earlier version is adopted by the first tab, not lost', async () => {
    const { page, context, problems } = await fresh();
    const old = JSON.stringify({ case: { format: 'osteoplan-case/3', assessed_on: '2026-11-22', patient: { name: 'Old Draft', id: 'P009', sex: 'female', age_years: 70 } } });
    await context.addInitScript((text) => {
      if (location.protocol !== 'http:' || localStorage.getItem('seeded')) return;
      localStorage.setItem('osteoplan.draft.v1', text);
      localStorage.setItem('seeded', '1');
    }, old);
    await openApp(page);
    assert.deepEqual(await shown(page), patient('Old Draft', 'P009', 70));
    assert.equal(await page.evaluate(() => localStorage.getItem('osteoplan.draft.v1')), null, 'the old key is gone');
    assert.match(await tabDraft(page), /"name":"Old Draft"/, 'now under this tab’s key');
    const second = await context.newPage();
    await openApp(second);
    assert.equal((await shown(second)).name, '', 'a second tab is blank');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a duplicated tab (sessionStorage copied) shows the copy, then takes an id of its own', async () => {
    const { page: a, context, problems } = await fresh();
    await openApp(a);
    await enter(a, { name: 'Wang Li', id: 'P001', age: 72 });
    const id = await tabId(a);
    const copy = await context.newPage();
    // The browser's "Duplicate tab" starts the copy with the original's sessionStorage: the same tab id.
    await copy.addInitScript((id) => {
      if (!sessionStorage.getItem('copied')) {
        sessionStorage.setItem('osteoplan.tab.v1', id);
        sessionStorage.setItem('copied', '1');
      }
    }, id);
    await openApp(copy);
    assert.deepEqual(await shown(copy), patient('Wang Li', 'P001', 72), 'the copy shows what the tab showed');
    await waitUntil(async () => (await tabId(copy)) !== id, 'the copy to take its own id');
    assert.equal(await tabId(a), id, 'the original keeps its id');
    await copy.fill('[name="patient.age_years"]', '80');
    await waitUntil(async () => (await tabDraft(copy))?.includes('"age_years":80'), 'the copy’s edit saved');
    await reload(a);
    assert.equal((await shown(a)).age, '72', 'the copy’s edit is not the original’s');
    await reload(copy);
    assert.equal((await shown(copy)).age, '80');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('a share link arriving in an open tab', () => {
  test('in the address (hashchange): asks when another patient is in progress; declined keeps it, accepted loads', async () => {
    const { page, context, problems, dialogs } = await fresh();
    const link = await shareLink(context, { name: 'Zhao Min', id: 'P003', age: 68 });
    await openApp(page);
    await enter(page, { name: 'Wang Li', id: 'P001', age: 72 });
    const fragment = link.slice(link.indexOf('#'));

    context.answer = false;
    await reloadedBy(page, () => page.evaluate((f) => (location.hash = f), fragment));
    assert.equal(dialogs.length, 1, 'asked');
    assert.match(dialogs[0], /Replace the current case with the one in the link\?/);
    assert.equal(await page.evaluate(() => location.hash), '', 'the fragment cleared');
    assert.deepEqual(await shown(page), patient('Wang Li', 'P001', 72), 'declined: the current patient stays');

    context.answer = true;
    await reloadedBy(page, () => page.evaluate((f) => (location.hash = f), fragment));
    assert.equal(dialogs.length, 2);
    assert.deepEqual(await shown(page), patient('Zhao Min', 'P003', 68));
    assert.equal(await page.evaluate(() => location.hash), '');
    await reload(page);
    assert.deepEqual(await shown(page), patient('Zhao Min', 'P003', 68), 'kept as this tab’s case');

    // The same link again: nothing differs, nothing is asked. The page's own #result link is not a case.
    await reloadedBy(page, () => page.evaluate((f) => (location.hash = f), fragment));
    assert.equal(await page.evaluate(() => location.hash), '');
    await page.evaluate(() => (location.hash = '#result'));
    await page.waitForTimeout(200);
    assert.equal(dialogs.length, 2);
    assert.equal(await page.evaluate(() => location.hash), '#result');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('pasted into the page: loads into a blank tab without asking, asks over another patient; a paste into a field is the field’s', async () => {
    const { page, context, problems, dialogs } = await fresh();
    const link = await shareLink(context, { name: 'Zhao Min', id: 'P003', age: 68 });
    await openApp(page);
    await reloadedBy(page, () => paste(page, link));
    assert.equal((await shown(page)).name, 'Zhao Min', 'the pasted patient');
    assert.deepEqual(dialogs, [], 'a blank tab: nothing to ask');
    assert.equal(await page.title(), 'Zhao Min · P003 — OsteoPlan');

    await page.fill('[name="patient.name"]', 'Wang Li');
    await page.fill('[name="patient.id"]', 'P001');
    await waitUntil(async () => (await tabDraft(page))?.includes('P001'), 'saved');
    await paste(page, link, '[name="patient.weight_kg"]');
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, [], 'pasted into a field: not a link to open');
    assert.equal((await shown(page)).name, 'Wang Li');

    context.answer = false;
    await reloadedBy(page, () => paste(page, `  ${link}\n`));
    assert.equal(dialogs.length, 1, 'asked');
    assert.equal((await shown(page)).name, 'Wang Li', 'declined');
    context.answer = true;
    await reloadedBy(page, () => paste(page, link));
    assert.equal((await shown(page)).name, 'Zhao Min', 'accepted');

    // A damaged link says so in the page and keeps the patient.
    await reloadedBy(page, () => paste(page, `${link.slice(0, link.indexOf('#'))}#case=AAAA`));
    await page.locator('[data-notice="link-unreadable"]').waitFor();
    assert.equal((await shown(page)).name, 'Zhao Min');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('the clinic list', () => {
  const REGISTER =
    'id,name,sex,age,menopause,assessed_on,injections,plan,regimen,egfr,creatinine_umol_l,weight_kg,calcium_mmol_l,albumin_g_l,vitamin_d_nmol_l,lowest_t,lowest_t_site,fractures,history\n' +
    'L100,Sun Hua,female,70,postmenopausal,,2026-05-02,continue,osteoporosis_60mg_q6m,55,,62,2.30,40,60,-2.8,femoral_neck,,\n';

  test('Open lands on its patient, without asking, while other tabs hold other patients', async () => {
    const { page: a, context, problems, dialogs } = await fresh();
    await openApp(a);
    await enter(a, { name: 'Wang Li', id: 'P001', age: 72 });
    const b = await context.newPage();
    await openApp(b);
    await enter(b, { name: 'Li Na', id: 'P002', age: 65 });
    // The list in tab A, reached from its calculator: A's sessionStorage (with its tab id) goes with the list, and
    // into the tab the list opens.
    await a.click('[data-page="clinic-list"]');
    await a.waitForSelector('[data-page="clinic-list"][aria-current="page"]');
    await a.setInputFiles('input[name="register"]', { name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(REGISTER) });
    await a.waitForSelector('[data-list-state="ready"]');
    for (const round of [1, 2]) {
      const [tab] = await Promise.all([context.waitForEvent('page'), a.click('tr[data-id="L100"] [data-action="open-patient"]')]);
      await tab.waitForFunction(() => document.querySelector('input[name="patient.id"]')?.value === 'L100');
      assert.equal(await tab.inputValue('[name="patient.name"]'), 'Sun Hua', `round ${round}`);
      await waitUntil(async () => (await tab.title()) === 'Sun Hua · L100 — OsteoPlan', 'the title');
      assert.notEqual(await tabId(tab), await tabId(a), 'a tab of its own');
      assert.notEqual(await tabId(tab), await tabId(b));
      await tab.fill('[name="patient.age_years"]', String(70 + round));
      await waitUntil(async () => (await tabDraft(tab))?.includes(`"age_years":${70 + round}`), 'saved');
      await reload(tab);
      assert.equal(await tab.inputValue('[name="patient.name"]'), 'Sun Hua', 'a reload keeps it');
    }
    assert.deepEqual(dialogs, [], 'never asked about another tab’s case');
    await reload(b);
    assert.deepEqual(await shown(b), patient('Li Na', 'P002', 65));
    // Back to the calculator in tab A: its own patient.
    await a.click('[data-page="calculator"]');
    await a.waitForSelector('[name="patient.sex"]');
    assert.deepEqual(await shown(a), patient('Wang Li', 'P001', 72));
    assert.deepEqual(problems, []);
    await context.close();
  });
});

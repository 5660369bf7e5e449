// End-to-end tests of the clinic list page (issue 16) against the release dist/ in Debian Chromium: a generated
// 500-patient register with known statuses (examples/register.rs, the same generator as tests/clinic_list.rs) is
// opened through the page's file input; the counts, the order, the filters, opening a patient, the printed worklist
// (A4 landscape PDF read back with pdftotext), the CSV export and the calendar are checked, and the page's order and
// CSV are compared with the command line's (`evaluate --list --csv`) for the same file.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, openPage, useDistAndBrowser, waitForApp } from './harness.mjs';

const WORK = mkdtempSync(join(tmpdir(), 'osteoplan-list-'));
const squash = (text) => text.replace(/[\s-]+/g, '');
const cargo = (args) => execFileSync('cargo', ['run', '--quiet', '--locked', '--example', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

let expected;
let cliCsv;
before(() => {
  cargo(['register', '--', WORK]);
  expected = JSON.parse(readFileSync(join(WORK, 'expected.json'), 'utf8'));
  cliCsv = cargo(['evaluate', '--', '--list', '--csv', '--today', expected.today, join(WORK, 'register.csv')]);
});
const cliIds = () => cliCsv.trim().split('\n').slice(1).map((line) => line.split(',')[0]);

const env = useDistAndBrowser();

/** The clinic list page, reached from the calculator's header (the language chosen there is kept), the list's date
 * set to the register's. */
async function openList({ lang = 'en', viewport } = {}) {
  const opened = await openPage(env.browser, viewport ? { viewport } : {});
  const { page, context } = opened;
  page.setDefaultTimeout(15000);
  page.on('dialog', (dialog) => dialog.accept());
  context.on('page', (tab) => tab.on('dialog', (dialog) => dialog.accept()));
  await page.goto(env.server.url);
  await waitForApp(page);
  if (lang !== 'en') {
    await page.click(`button[data-lang="${lang}"]`);
    await page.waitForSelector(`button[data-lang="${lang}"][aria-pressed="true"]`);
  }
  await page.click('[data-page="clinic-list"]');
  await page.waitForSelector('[data-page="clinic-list"][aria-current="page"]');
  assert.match(page.url(), /\/list\.html$/);
  if (lang !== 'en') await page.waitForSelector(`button[data-lang="${lang}"][aria-pressed="true"]`);
  await page.fill('input[name="list-date"]', expected.today);
  await page.dispatchEvent('input[name="list-date"]', 'change');
  return opened;
}

async function loadFile(page, name, text) {
  await page.setInputFiles('input[name="register"]', { name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.waitForSelector('[data-list-state="ready"]');
}

const shownIds = (page) => page.$$eval('[data-list-table] tbody tr', (rows) => rows.map((r) => r.dataset.id));
const counts = (page) =>
  page.$$eval('[data-count]', (labels) => Object.fromEntries(labels.map((l) => [l.dataset.count, Number(l.querySelector('strong').textContent)])));

/** Clicks the patient's Open button: resolves to the calculator's new tab once it shows that patient. */
async function openPatient(page, context, id) {
  const [tab] = await Promise.all([
    context.waitForEvent('page'),
    page.click(`[data-list-table] tr[data-id="${id}"] [data-action="open-patient"]`),
  ]);
  await tab.waitForFunction((shown) => document.querySelector('input[name="patient.id"]')?.value === shown, id);
  return tab;
}

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

describe('clinic list page', () => {
  test('a 500-patient register gives the known counts and order, the same as the command line, as CSV and JSON Lines', async () => {
    const { page, context, problems } = await openList();
    for (const kind of ['csv', 'jsonl']) {
      await loadFile(page, `register.${kind}`, readFileSync(join(WORK, `register.${kind}`), 'utf8'));
      assert.deepEqual(await counts(page), expected.counts, `${kind}: the count per status`);
      const ids = await shownIds(page);
      assert.deepEqual(ids.slice(0, 20), expected.first, `${kind}: the first 20 rows`);
      assert.deepEqual(ids, cliIds(), `${kind}: the page's order is the command line's`);
      assert.match(await page.textContent('[data-list-summary]'), new RegExp(`register\\.${kind}.*500 / 500`));
      if (kind === 'csv') {
        // The exported CSV is the command line's for the same file, byte for byte (after the spreadsheet's
        // byte-order mark); its last column is the row in that file, so only the CSV's export is compared.
        const csv = await download(page, '[data-action="list-csv"]');
        assert.equal(csv.name, `osteoplan-list-${expected.today}.csv`);
        assert.equal(csv.text.replace(/^\uFEFF/, ''), cliCsv);
      }
    }
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a 300-patient register as clinics keep it (GB18030, CRLF, schedule-only rows, bad cells, four date formats) lists what the command line lists', async () => {
    const { page, context, problems } = await openList();
    const file = join(WORK, 'register-mixed.csv');
    const cli = cargo(['evaluate', '--', '--list', '--csv', '--today', expected.today, file]);
    const cliRows = cli.trim().split('\n').slice(1).map((line) => line.split(','));
    await page.setInputFiles('input[name="register"]', { name: 'register-mixed.csv', mimeType: 'text/csv', buffer: readFileSync(file) });
    await page.waitForSelector('[data-list-state="ready"]');
    assert.equal(await page.getAttribute('[data-list-summary]', 'data-encoding'), 'GB18030', 'the encoding is said');
    assert.match(await page.textContent('[data-list-summary]'), /GB18030/);
    // The count per status is the command line's.
    const cliCounts = Object.fromEntries(Object.keys(expected.counts).map((b) => [b, cliRows.filter((r) => r[2] === b).length]));
    assert.deepEqual(await counts(page), cliCounts);
    // No patient with injection dates is dropped; the schedule-only rows are marked.
    const ids = await shownIds(page);
    assert.deepEqual(expected.mixed.with_injections.filter((id) => !ids.includes(id)), []);
    assert.deepEqual(ids, cliRows.map((r) => r[0]), 'the same order as the command line');
    const scheduleOnly = await page.$$eval('[data-list-table] tbody tr[data-schedule-only]', (rows) => rows.map((r) => r.dataset.id));
    assert.ok(expected.mixed.schedule_only.every((id) => scheduleOnly.includes(id)));
    // Every bad cell named with its row and column.
    const named = await page.$$eval('[data-list-errors] li', (items) => items.map((li) => [Number(li.dataset.row), li.dataset.field]));
    assert.deepEqual(named, expected.mixed.bad_cells);
    assert.ok(!(await page.textContent('[data-list-table]')).includes('\uFFFD'), 'no replacement character');
    assert.ok(ids.length > 0 && (await page.textContent('[data-list-table]')).includes('王丽'), 'Chinese names read');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the CSV export puts a quote before a formula prefix (=, +, -, @) and leaves numbers alone, as the command line does', async () => {
    const { page, context } = await openList();
    const names = ['=HYPERLINK("http://x","y")', '+cmd', '-Wang, Li', '@SUM(A1:A9)'];
    const text = ['id,name,injections', ...names.map((n, i) => `P${i},"${n.replaceAll('"', '""')}",2026-05-04`), '-2.5,Plain,2026-05-04'].join('\n');
    await loadFile(page, 'hostile.csv', text);
    const csv = (await download(page, '[data-action="list-csv"]')).text;
    for (const name of names) {
      const quoted = `'${name}`;
      const cell = /[,"]/.test(quoted) ? `"${quoted.replaceAll('"', '""')}"` : quoted;
      assert.ok(csv.includes(`,${cell},`), `${name} neutralised in ${csv}`);
    }
    assert.ok(csv.includes('\n-2.5,Plain,'), 'a plain number stays a number');
    const file = join(WORK, 'hostile.csv');
    writeFileSync(file, text);
    const cli = cargo(['evaluate', '--', '--list', '--csv', '--today', expected.today, file]);
    assert.equal(csv.replace(/^\uFEFF/, ''), cli, 'the page exports what the command line writes');
    await context.close();
  });

  test('in the Chinese page the row messages are Chinese and the error count counts rows', async () => {
    const { page, context } = await openList({ lang: 'zh-CN' });
    const text = ['id,name,sex,injections,vitamin_d_nmol_l', 'P1,王丽,女,2026/2/30,', 'P2,李华,女,2026-05-04,n/a;x', 'P3,张敏,,,'].join('\r\n');
    await loadFile(page, 'zh.csv', text);
    const errors = await page.$$eval('[data-list-errors] li', (items) => items.map((li) => li.textContent));
    assert.ok(errors.some((e) => e.startsWith('第 2 行，injections：`2026/2/30` 不是日期')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('第 3 行，vitamin_d_nmol_l：`n/a;x` 不是数字')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('第 4 行：既无注射日期')), errors.join('\n'));
    // Rows 2 and 4 left out, row 3 listed with its schedule and a cell not used: three rows with a problem.
    assert.equal(await page.getAttribute('[data-list-errors]', 'data-errors-total'), '3');
    assert.deepEqual(await shownIds(page), ['P2']);
    await context.close();
  });

  test('bad rows are listed with their row and field while the good rows load', async () => {
    const { page, context } = await openList();
    const lines = readFileSync(join(WORK, 'register.csv'), 'utf8').trim().split('\n');
    const [header, good1, good2] = lines;
    const cells = (line, column, value) => {
      const names = header.split(',');
      // The generated name holds a quoted comma: split around it.
      const parts = line.replace(/"[^"]*"/, 'NAME').split(',');
      parts[names.indexOf(column)] = value;
      return parts.join(',').replace('NAME', '"A, B"');
    };
    const bad = [
      header,
      good1,
      cells(good2, 'sex', ''),
      cells(good2, 'injections', '2026-02-30'),
      cells(good2, 'history', 'bonemax:2020-01-01:'),
      'P9,Short,female,70,postmenopausal',
      good2,
    ].join('\n');
    await loadFile(page, 'bad.csv', bad);
    const errors = await page.$$eval('[data-list-errors] li', (items) => items.map((li) => li.textContent));
    // Row 3 has injection dates but no sex: listed with its schedule only (issue 26), not an error.
    assert.equal(errors.length, 3, errors.join('\n'));
    assert.match(errors[0], /^row 4, injections: .*2026-02-30/);
    assert.match(errors[1], /^row 5, history: .*bonemax/);
    assert.match(errors[2], /^row 6: 19 columns expected, 5 found/);
    assert.equal((await shownIds(page)).length, 3, 'the good rows and the schedule-only row load');
    await context.close();
  });

  test('filters by status and by date, counts stay for the whole list, and one patient opens in the calculator', async () => {
    const { page, context, problems } = await openList();
    await loadFile(page, 'register.csv', readFileSync(join(WORK, 'register.csv'), 'utf8'));
    await page.check('[data-count="overdue"] input');
    await page.check('[data-count="late"] input');
    let rows = await page.$$eval('[data-list-table] tbody tr', (trs) => trs.map((r) => r.dataset.bucket));
    assert.equal(rows.length, expected.counts.overdue + expected.counts.late);
    assert.ok(rows.every((b) => b === 'overdue' || b === 'late'), 'only the ticked statuses');
    assert.deepEqual(await counts(page), expected.counts, 'the counts are of the whole list');
    await page.click('[data-action="list-show-all"]');
    assert.equal((await shownIds(page)).length, 500);

    // The next seven days: every row shown has its next action in them.
    await page.fill('input[name="list-from"]', '2026-11-26');
    await page.dispatchEvent('input[name="list-from"]', 'change');
    await page.fill('input[name="list-to"]', '2026-12-02');
    await page.dispatchEvent('input[name="list-to"]', 'change');
    const dates = await page.$$eval('[data-list-table] tbody tr td.date', (tds) => tds.map((td) => td.textContent));
    // The cell holds the date, then the window.
    const days = dates.map((d) => d.slice(0, 10));
    assert.ok(days.length > 0 && days.every((d) => d >= '2026-11-26' && d <= '2026-12-02'), dates.join(' '));
    await page.click('[data-action="list-show-all"]');

    // Open the most urgent patient: the calculator opens in a new tab with that patient's assessment; the list tab
    // is kept as it was.
    const first = expected.first[0];
    const tab = await openPatient(page, context, first);
    await tab.waitForSelector('[data-page="calculator"][aria-current="page"]');
    await tab.waitForSelector('[data-result="impression"]');
    assert.match(await tab.textContent('[data-result="alerts"]'), /DMAB-EXIT-RESTART/);
    assert.equal((await shownIds(page)).length, 500, 'the list is still there');
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const lang of ['en', 'zh-CN']) {
    test(`the printed worklist (${lang}): A4 landscape, every row and the notice, nothing clipped`, async () => {
      const { page, context } = await openList({ lang });
      // Printed from the browser's menu before a register is open: a line that says so, not a blank page.
      await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
      assert.match(await page.textContent('.print-sheet'), lang === 'en' ? /No register is open/ : /尚未打开登记表/);
      await page.evaluate(() => dispatchEvent(new Event('afterprint')));
      await loadFile(page, 'register.csv', readFileSync(join(WORK, 'register.csv'), 'utf8'));
      // The worklist is made when the browser is about to print: window.print() fires beforeprint (here without the
      // dialog, which headless Chromium would not close).
      assert.equal(await page.$$eval('.print-sheet *', (nodes) => nodes.length), 0, 'no worklist before printing');
      await page.evaluate(() => {
        window.print = () => dispatchEvent(new Event('beforeprint'));
      });
      await page.click('[data-action="list-print"]');
      await page.emulateMedia({ media: 'print' });
      const clipped = await page.$$eval('.print-sheet .worklist th, .print-sheet .worklist td', (cells) =>
        cells.filter((c) => c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1).map((c) => c.textContent));
      assert.deepEqual(clipped, [], 'cells whose text does not fit');
      await page.emulateMedia({ media: null }); // page.pdf prints with print media unless screen is emulated
      const file = join(WORK, `worklist-${lang}.pdf`);
      await page.pdf({ path: file, preferCSSPageSize: true });
      if (process.env.OSTEOPLAN_KEEP_PDF) copyFileSync(file, join(process.env.OSTEOPLAN_KEEP_PDF, `worklist-${lang}.pdf`));
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info);
      assert.ok(Math.abs(w - 841.89) < 1 && Math.abs(h - 595.28) < 1, `A4 landscape: ${w} x ${h}`);
      const paper = squash(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
      const missing = cliIds().filter((id) => !paper.includes(id));
      assert.deepEqual(missing, [], 'every patient is on paper');
      const notice = lang === 'en' ? 'Decision support for clinicians; does not replace clinical judgement' : '供临床医生决策参考，不能替代临床判断';
      assert.ok(paper.includes(squash(notice)), 'the decision-support notice');
      assert.ok(paper.includes(squash(lang === 'en' ? 'Patient, 0001' : '序贯窗口已过')), 'names and statuses in the language');
      await page.evaluate(() => dispatchEvent(new Event('afterprint')));
      assert.equal(await page.$$eval('.print-sheet *', (nodes) => nodes.length), 0, 'the worklist goes after printing');
      await context.close();
    });
  }

  test('the calendar has one event per patient with a dated next action, none before the list date, IDs unless no names', async () => {
    const { page, context } = await openList();
    await loadFile(page, 'register.csv', readFileSync(join(WORK, 'register.csv'), 'utf8'));
    // id, "name, quoted", bucket, stage, status, days_late, next_action, next_date, …
    const dated = cliCsv.trim().split('\n').slice(1).filter((line) => /^[^,]*,"[^"]*",(?:[^,]*,){5}\d{4}-\d\d-\d\d,/.test(line)).length;
    const ics = await download(page, '[data-action="list-calendar"]');
    assert.match(ics.name, /\.ics$/);
    const events = ics.text.split('BEGIN:VEVENT').slice(1);
    assert.equal(events.length, dated, 'one event per patient with a dated next action');
    const starts = events.map((e) => /DTSTART;VALUE=DATE:(\d{8})/.exec(e)[1]);
    assert.ok(starts.every((d) => d >= expected.today.replaceAll('-', '')), 'no event before the list date');
    assert.ok(!ics.text.includes('Patient'), 'the ID, not the name, when there is an ID');
    const unfoldedText = (text) => text.replace(/\r\n /g, '');
    const summaries = (text) => [...unfoldedText(text).matchAll(/SUMMARY[^:]*:(.*)\r\n/g)].map((m) => m[1]);
    assert.ok(summaries(ics.text).every((s) => /^P\d{4} · /.test(s)), 'every event names the patient by ID');
    const uids = (text) => [...text.matchAll(/UID:(.*)\r\n/g)].map((m) => m[1]);
    assert.equal(new Set(uids(ics.text)).size, events.length, 'one UID per patient');
    await page.check('input[name="list-no-names-in-calendar"]');
    const anonymous = await download(page, '[data-action="list-calendar"]');
    assert.ok(summaries(anonymous.text).every((s) => /^row \d+ · /.test(s)), 'no names: the register row only');
    assert.deepEqual(uids(anonymous.text), uids(ics.text), 'the same events');
    await context.close();
  });

  test('the CSV template downloads in both languages and reads back as its two example patients', async () => {
    const { page, context } = await openList();
    for (const lang of ['en', 'zh-CN']) {
      const template = await download(page, `[data-action="template-${lang}"]`);
      assert.match(template.name, new RegExp(`template-${lang}\\.csv$`));
      if (lang === 'zh-CN') assert.match(template.text, /[\u4e00-\u9fff]/, 'help line in Chinese');
      await loadFile(page, template.name, template.text);
      assert.deepEqual((await shownIds(page)).sort(), ['P001', 'P002'], 'a full row and a schedule-only row');
      assert.equal(await page.$$eval('[data-list-errors] li', (l) => l.length), 0);
    }
    await context.close();
  });

  test('after one visit the list page opens and reads a register with the network off; the calculator too', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.server.url}list.html`);
    await waitForApp(page);
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15000 });
    await context.setOffline(true);
    await page.reload();
    await waitForApp(page);
    await loadFile(page, 'register.csv', readFileSync(join(WORK, 'register.csv'), 'utf8'));
    assert.equal((await shownIds(page)).length, 500);
    await page.click('[data-page="calculator"]');
    await page.waitForSelector('[data-page="calculator"][aria-current="page"]');
    await page.waitForSelector('input[name="patient.id"]');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the single file osteoplan-list.html works from file:// with no request and opens a patient in osteoplan.html', async () => {
    const { page, context, problems, requestUrls } = await openPage(env.browser);
    context.on('page', (tab) => tab.on('dialog', (dialog) => dialog.accept()));
    // Renamed by whoever handed it out: still the single file (its links go to the calculator's single file).
    copyFileSync(join(DIST, 'osteoplan.html'), join(WORK, 'osteoplan.html'));
    copyFileSync(join(DIST, 'osteoplan-list.html'), join(WORK, 'Clinic list.html'));
    await page.goto(pathToFileURL(join(WORK, 'Clinic list.html')).href);
    await waitForApp(page);
    assert.equal(await page.getAttribute('[data-page="calculator"]', 'href'), './osteoplan.html');
    await page.fill('input[name="list-date"]', expected.today);
    await page.dispatchEvent('input[name="list-date"]', 'change');
    await loadFile(page, 'register.csv', readFileSync(join(WORK, 'register.csv'), 'utf8'));
    assert.deepEqual((await shownIds(page)).slice(0, 20), expected.first);
    const first = expected.first[0];
    const tab = await openPatient(page, context, first);
    assert.equal(tab.url(), pathToFileURL(join(WORK, 'osteoplan.html')).href, 'the fragment is read and cleared');
    assert.equal(await tab.getAttribute('[data-page="clinic-list"]', 'href'), './osteoplan-list.html');
    assert.deepEqual(requestUrls.filter((u) => !/^(file|data|blob):/.test(u)), [], 'nothing is fetched');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

// End-to-end tests of issue 14 (assessment and plan first, one document for the screen, the printed sheet and the
// text export), against the release dist/ in Debian Chromium, for the three cases of the plan examples (public
// vignettes p17, p18, p19), in English and Chinese:
//   - the screen's top block and page 1 of the printed A4 PDF hold every dated action of the example, with its
//     dates, and every alert in full;
//   - no date before the assessment date is in the plan;
//   - no text on the page is clipped, every select shows its whole choice, no danger or warning alert is folded;
//   - the top block is in view without scrolling at 1366 × 768; on a phone the impression comes before the form;
//   - "Copy as text" gives the screen's lines in the screen's order, and exactly what
//     `evaluate --text en|zh` prints for the same case.
// The command line is built from the working tree (`cargo build --example evaluate`), dist/ by
// `trunk build --release --offline`: build both from the same sources before running this file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateExecutable, openPage, useDistAndBrowser, waitForApp } from './harness.mjs';

const vignette = (file) => JSON.parse(readFileSync(new URL(`../vignettes/${file}`, import.meta.url), 'utf8'));
const WORK = mkdtempSync(join(tmpdir(), 'osteoplan-document-'));
const DATE = /\d{4}-\d{2}-\d{2}/g;
const LANGS = [
  { lang: 'en', cli: 'en' },
  { lang: 'zh-CN', cli: 'zh' },
];

/** Text without whitespace or hyphens, so words broken across PDF lines still match (as in print.test.mjs). */
const squash = (text) => text.replace(/[\s-]+/g, '');

/**
 * The dated actions of each example in the plan examples of the specification (copied here: the project does not
 * read the shared folder). `action` and `on` are the plan line's hidden mark (`data-plan-action`, `data-plan-on`;
 * `on: null` for an action with a deadline only); `dates` must all be in that line's words.
 */
const EXAMPLES = [
  {
    file: 'p17-new-osteopenia-high-frax.json',
    inView: true,
    actions: [
      // Today: VFA, the secondary-cause labs, baseline s-CTX, the dental check and alendronate.
      { action: 'start_treatment', on: '2026-11-24', dates: ['2026-11-24'] },
      { action: 'vertebral_imaging', on: '2026-11-24', dates: ['2026-11-24'] },
      { action: 'check_labs', on: '2026-11-24', dates: ['2026-11-24'] },
      { action: 'dental_check', on: '2026-11-24', dates: ['2026-11-24'] },
      // s-CTX again 3 months after the start.
      { action: 'check_btm', on: '2026-11-24', dates: ['2026-11-24', '2027-02-24'] },
      { action: 'dxa', on: '2027-11-24', dates: ['2027-11-24'] },
      // Review after 5 years of treatment.
      { action: 'review_treatment', on: '2031-11-24', dates: ['2031-11-24'] },
    ],
  },
  {
    file: 'p18-denosumab-overdue-catch-up.json',
    inView: true,
    actions: [
      // Today's catch-up dose.
      { action: 'give_denosumab', on: '2026-11-24', dates: ['2026-11-24'] },
      // Vitamin D from today, recheck in 3 months.
      { action: 'vitamin_d_supplement', on: '2026-11-24', dates: ['2027-02-24'] },
      // Calcium about 2 weeks after today's dose (CrCl 39).
      { action: 'check_calcium_after_dose', on: '2026-12-08', dates: ['2026-12-08'] },
      // The next dose counted from today's, with its window.
      { action: 'give_denosumab', on: '2027-05-24', dates: ['2027-05-24', '2027-04-26', '2027-06-21'] },
    ],
  },
  {
    file: 'p19-ckd4-on-denosumab.json',
    inView: false,
    actions: [
      // Before the dose: the CKD-MBD labs.
      { action: 'check_labs', on: null, dates: ['2026-11-27'] },
      // Dose 4 on 2026-11-27, at the latest 2026-12-25.
      { action: 'give_denosumab', on: '2026-11-27', dates: ['2026-11-27', '2026-12-25'] },
      // Weekly calcium for the first month after it.
      { action: 'check_calcium_after_dose', on: '2026-12-04', dates: ['2026-12-04', '2026-12-11', '2026-12-18', '2026-12-25'] },
    ],
  },
].map((e) => ({ ...e, vignette: vignette(e.file) }));

const env = useDistAndBrowser();

/** The command line's --text output for `c` in `lang` ('en' or 'zh'). */
let evaluateText;
before(() => {
  const executable = evaluateExecutable();
  evaluateText = (c, lang) => {
    const file = join(WORK, `case-${c.patient?.id ?? 'x'}.json`);
    writeFileSync(file, JSON.stringify(c));
    return execFileSync(executable, ['--text', lang, file], { encoding: 'utf8' });
  };
});

/** A page at `viewport` with the clipboard allowed, in `lang`, showing case `c` loaded through Import. */
async function openCase(c, lang, viewport = { width: 1366, height: 768 }) {
  const opened = await openPage(env.browser, { viewport });
  const { page, context } = opened;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.server.url).origin });
  page.on('dialog', (dialog) => dialog.accept());
  page.setDefaultTimeout(8000);
  await page.goto(env.server.url);
  await waitForApp(page);
  const buffer = Buffer.from(JSON.stringify(c));
  await page.setInputFiles('input[name="import"]', { name: 'case.json', mimeType: 'application/json', buffer });
  await page.waitForSelector('[data-result="impression"] [data-category]', { state: 'attached' });
  await page.click(`button[data-lang="${lang}"]`);
  await page.waitForSelector(`button[data-lang="${lang}"][aria-pressed="true"]`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  return opened;
}

/**
 * The screen's document, section by section in page order: { kind, heading, lines }, each line { text, codes }.
 * A line's text is its words (`.line-text`: lead, ": ", text), without the alert icon, which is screen-only; its
 * codes are the rule IDs after it. Label and value rows are "label: value"; rules "CODE text (Source: …)".
 */
function screenDocument(page) {
  return page.evaluate(() => {
    const colon = document.documentElement.lang === 'zh-CN' ? '：' : ': ';
    const words = (e) => e.textContent.replace(/^[✖⚠ℹ]\s*/, '').trim();
    return [...document.querySelectorAll('.report section[data-result]')].map((s) => {
      const lines = [];
      for (const e of s.querySelectorAll('.line, li.alert, dl > dt, li.rule')) {
        if (e.tagName === 'DT') {
          lines.push({ text: `${e.textContent.trim()}${colon}${e.nextElementSibling.textContent.trim()}`, codes: [] });
        } else if (e.matches('li.rule')) {
          lines.push({ text: e.textContent.replace(/\s+/g, ' ').trim(), codes: [] });
        } else {
          lines.push({
            text: words(e.querySelector(':scope > .line-text')),
            codes: [...e.querySelectorAll(':scope > .codes a.rule-id')].map((a) => a.dataset.cites),
          });
        }
      }
      return { kind: s.dataset.result, heading: s.querySelector('h3').textContent.trim(), lines };
    });
  });
}

/**
 * The text export cut into { head, sections }: head = the title, patient and notice lines; each section
 * { heading, lines }, a line { text, codes, prefix } with the list prefix ("- ", "3. ") and the trailing rule IDs
 * (" [A, B]") taken off.
 */
function parseText(text) {
  const [head, ...blocks] = text.trimEnd().split('\n\n');
  return {
    head: head.split('\n'),
    sections: blocks.map((block) => {
      const [heading, ...rows] = block.split('\n');
      return {
        heading,
        lines: rows.map((row) => {
          const m = /^(- |\d+\. )?(.*?)(?: \[([A-Z0-9, -]+)\])?$/.exec(row);
          return { prefix: m[1] ?? '', text: m[2], codes: m[3] ? m[3].split(', ') : [] };
        }),
      };
    }),
  };
}

/** Prints the page to an A4 PDF and resolves to the text of its first page, in drawing order. */
async function pdfPage1(page, name) {
  const file = join(WORK, `${name}.pdf`);
  await page.pdf({ path: file, format: 'A4' });
  if (process.env.OSTEOPLAN_KEEP_PDF) copyFileSync(file, join(process.env.OSTEOPLAN_KEEP_PDF, `${name}.pdf`));
  return execFileSync('pdftotext', ['-f', '1', '-l', '1', '-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

for (const example of EXAMPLES) {
  const { vignette: v } = example;
  const c = v.case;
  for (const { lang, cli } of LANGS) {
    describe(`${v.name} (${lang})`, () => {
      let opened;
      let doc;
      before(async () => {
        opened = await openCase(c, lang);
        doc = await screenDocument(opened.page);
      });
      after(async () => {
        await opened?.context.close();
      });
      const top = () => doc.filter((s) => ['impression', 'alerts', 'plan'].includes(s.kind));

      test('the top block and page 1 of the PDF hold every dated action and every alert in full', async () => {
        const { page, problems } = opened;
        assert.deepEqual(top().map((s) => s.kind), ['impression', 'alerts', 'plan'], 'impression, alerts, plan on top');
        const block = await page.evaluate(() => ({
          text: document.querySelector('.assessment[data-top]').textContent,
          sections: [...document.querySelectorAll('.assessment[data-top] > section')].map((s) => s.dataset.result),
          marks: [...document.querySelectorAll('[data-result="plan"] li.line')].map((li) => {
            const mark = li.querySelector('[data-plan-action]');
            return { action: mark?.dataset.planAction, on: mark?.dataset.planOn ?? null, text: li.querySelector('.line-text').textContent };
          }),
        }));
        assert.deepEqual(block.sections, ['impression', 'alerts', 'plan'], 'the three sections are inside .assessment');
        assert.ok(block.marks.every((m) => m.action), 'every plan line has its action mark');

        const page1 = squash(await pdfPage1(page, `${v.name}-${lang}`));
        for (const want of example.actions) {
          const line = block.marks.find((m) => m.action === want.action && m.on === want.on);
          assert.ok(line, `${want.action} on ${want.on} is in the plan: ${JSON.stringify(block.marks.map((m) => `${m.action}@${m.on}`))}`);
          for (const date of want.dates) {
            assert.ok(line.text.includes(date), `${want.action}: "${line.text}" gives ${date}`);
            assert.ok(block.text.includes(date), `the top block gives ${date}`);
            assert.ok(page1.includes(squash(date)), `page 1 of the PDF gives ${date}`);
          }
          assert.ok(page1.includes(squash(line.text)), `page 1 of the PDF has the plan line "${line.text}"`);
        }

        // Page 1: the header, the notice, then every impression, alert and plan line in the screen's order.
        const sequence = [
          lang === 'en' ? 'Recommendation sheet' : '诊疗建议单',
          lang === 'en' ? 'does not replace clinical judgement' : '不能替代临床判断',
          ...top().flatMap((s) => [s.heading, ...s.lines.map((l) => l.text)]),
        ];
        let at = 0;
        for (const text of sequence) {
          const found = page1.indexOf(squash(text), at);
          assert.ok(found >= 0, `page 1 lacks, or has out of order: ${text}`);
          at = found;
        }
        // Each alert in full: the whole sentence on screen and on page 1, its severity in words.
        const alerts = await page.evaluate(() =>
          [...document.querySelectorAll('li.alert')].map((e) => ({
            code: e.dataset.alert,
            severity: e.dataset.severity,
            text: e.querySelector('.line-text').textContent.replace(/^[✖⚠ℹ]\s*/, '').trim(),
          })));
        for (const a of alerts) {
          assert.ok(page1.includes(squash(a.text)), `page 1 has the whole ${a.code} alert: ${a.text}`);
          assert.ok(!/…|\.\.\.$/.test(a.text), `${a.code} is not cut short`);
        }
        assert.deepEqual(problems, []);
      });

      test('no date before the assessment date is in the plan', async () => {
        const dates = await opened.page.evaluate(
          (pattern) => [...document.querySelectorAll('[data-result="plan"] .line-text')].flatMap((e) =>
            (e.textContent.match(new RegExp(pattern, 'g')) ?? []).map((d) => ({ d, line: e.textContent }))),
          DATE.source,
        );
        const marks = await opened.page.$$eval('[data-plan-on]', (es) => es.map((e) => e.dataset.planOn));
        assert.ok(dates.length > 0, 'the plan has dates');
        assert.deepEqual(dates.filter(({ d }) => d < c.assessed_on), [], `nothing to do before ${c.assessed_on}`);
        assert.deepEqual(marks.filter((d) => d < c.assessed_on), [], 'no plan action is marked before it either');
      });

      test('no text is clipped, every select shows its choice, no danger or warning alert is folded', async () => {
        const { page } = opened;
        const found = await page.evaluate(() => {
          const describe = (e) =>
            `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).trim().replace(/\s+/g, '.')}` : ''}: ${e.textContent.trim().slice(0, 60)}`;
          const clipped = [];
          const cut = [];
          for (const e of document.querySelectorAll('.app *')) {
            if (!e.textContent.trim() || !e.getClientRects().length) continue;
            const s = getComputedStyle(e);
            const hides = ['hidden', 'clip'].includes(s.overflowX);
            const wider = e.scrollWidth > e.clientWidth;
            if (s.textOverflow === 'ellipsis' && hides && wider) clipped.push(describe(e));
            // No ellipsis but still cut: a line that does not wrap in a box that hides the rest. (A screen-reader
            // only element is 1 px wide on purpose.)
            else if (hides && wider && s.whiteSpace.startsWith('nowrap') && e.getBoundingClientRect().width > 2) cut.push(describe(e));
          }
          // A select's box must hold its chosen option's text and the arrow.
          const ctx = document.createElement('canvas').getContext('2d');
          const narrow = [];
          let selects = 0;
          for (const sel of document.querySelectorAll('.app select')) {
            if (!sel.getClientRects().length || sel.selectedIndex < 0) continue;
            selects += 1;
            const s = getComputedStyle(sel);
            ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
            const text = sel.options[sel.selectedIndex].textContent;
            const needed = ctx.measureText(text).width + 30;
            const width = sel.getBoundingClientRect().width;
            if (width < needed) narrow.push(`${sel.name}: "${text}" needs ${needed.toFixed(0)} px, has ${width.toFixed(0)}`);
          }
          const folded = [...document.querySelectorAll('li.alert')]
            .filter((e) => ['danger', 'warning'].includes(e.dataset.severity))
            .filter((e) => e.closest('details:not([open])') || !e.checkVisibility())
            .map((e) => e.dataset.alert);
          return { clipped, cut, narrow, selects, folded };
        });
        assert.deepEqual(found.clipped, [], 'no ellipsis over hidden text');
        assert.deepEqual(found.cut, [], 'no line cut off without an ellipsis either');
        assert.ok(found.selects >= 5, `selects checked: ${found.selects}`);
        assert.deepEqual(found.narrow, [], 'every select shows its whole choice');
        assert.deepEqual(found.folded, [], 'danger and warning alerts are open and visible');
      });

      test('the impression, the alerts and the first plan item are in view at 1366 × 768 without scrolling', async (t) => {
        const view = await opened.page.evaluate(() => {
          window.scrollTo(0, 0);
          document.querySelectorAll('.column').forEach((e) => (e.scrollTop = 0));
          const column = document.querySelector('.column.results');
          const bottom = Math.min(window.innerHeight, column.getBoundingClientRect().bottom);
          const wanted = [
            document.querySelector('[data-result="impression"] h3'),
            ...document.querySelectorAll('[data-result="alerts"] h3, [data-result="alerts"] li.alert, [data-result="alerts"] .line'),
            document.querySelector('[data-result="plan"] li'),
          ];
          return wanted.map((e) => {
            const r = e.getBoundingClientRect();
            return { what: e.textContent.trim().slice(0, 50), top: Math.round(r.top), bottom: Math.round(r.bottom), limit: Math.round(bottom) };
          });
        });
        const out = view.filter((e) => e.top < 0 || e.bottom > e.limit);
        if (example.inView) assert.deepEqual(out, [], 'in view without scrolling');
        else if (out.length) t.diagnostic(`not in view at 1366 × 768 (not required for ${v.name}): ${JSON.stringify(out)}`);
      });

      test('"Copy as text" gives the impression, alerts and plan as on screen, before any rule text is loaded', async () => {
        const { page } = opened;
        const copied = await copyWith(page, 'copy-text');
        const text = parseText(copied);
        const shown = (await screenDocument(page)).filter((s) => ['impression', 'alerts', 'plan'].includes(s.kind));
        assert.deepEqual(text.sections.map((s) => s.heading), shown.map((s) => s.heading.toUpperCase()), 'the three sections');
        for (const [i, section] of shown.entries()) {
          assert.deepEqual(text.sections[i].lines.map((l) => l.text), section.lines.map((l) => l.text), `${section.kind}: as on screen`);
          assert.deepEqual(text.sections[i].lines.map((l) => l.codes), section.lines.map((l) => l.codes), `${section.kind}: with rule IDs`);
        }
        assert.ok(copied.length < 4000, `a note, not the whole document: ${copied.length} characters`);
      });

      test('rule IDs after each line show on screen only when "Show rules" is ticked; the printed sheet always has them', async () => {
        const { page } = opened;
        const visibleCodes = () => page.$$eval('.report .codes', (es) => es.filter((e) => e.offsetParent !== null).length);
        assert.ok((await page.locator('.report .codes').count()) > 0, 'lines carry their rule IDs');
        assert.equal(await visibleCodes(), 0, 'hidden by default');
        await page.check('#show-rules');
        assert.equal(await visibleCodes(), await page.locator('.report .codes').count(), 'all shown once ticked');
        await page.uncheck('#show-rules');
        assert.equal(await visibleCodes(), 0, 'hidden again');
        assert.ok((await page.locator('.print-sheet .sheet-codes').count()) > 0, 'the printed sheet has them');
      });

      test('"Copy everything" gives the screen\'s lines in the screen\'s order, and evaluate --text prints the same', async () => {
        const { page, problems } = opened;
        const copied = await copyWith(page, 'copy-all');
        const text = parseText(copied);
        // The page carries only the alerts' rule texts: the copy waited for the others, and the screen shows them
        // from then on, so its document is read again.
        const shown = await screenDocument(page);
        assert.ok(await page.$$eval('.report li.rule .rule-text', (es) => es.length > 0 && es.every((e) => e.textContent.trim())),
          'every rule on screen has its text once copied');
        assert.deepEqual(shown.filter((s) => s.kind !== 'rules'), doc.filter((s) => s.kind !== 'rules'), 'only the rule texts came in');

        // Every section, in the screen's order, under its heading.
        assert.deepEqual(text.sections.map((s) => s.heading), shown.map((s) => s.heading.toUpperCase()), 'the same sections');
        for (const [i, section] of shown.entries()) {
          const got = text.sections[i].lines;
          const kind = section.kind;
          const flat = (lines) => lines.map((l) => (kind === 'rules' ? l.text.replace(/\s+/g, '') : l.text));
          assert.deepEqual(flat(got), flat(section.lines), `${kind}: the same lines in the same order`);
          assert.deepEqual(got.map((l) => l.codes), section.lines.map((l) => l.codes), `${kind}: the same rule IDs per line`);
          if (kind === 'plan') {
            assert.deepEqual(got.map((l) => l.prefix), got.map((_, n) => `${n + 1}. `), 'plan lines numbered 1, 2, 3 …');
          }
          if (kind === 'alerts' && section.lines.length && (await page.locator('li.alert').count())) {
            assert.ok(got.every((l) => l.prefix === '- '), 'alerts as a list');
          }
        }
        // The head: title, the patient as on the sheet, the notice.
        const sheetHead = await page.evaluate(() => ({
          title: document.querySelector('.print-sheet .sheet h1')?.textContent,
          notice: document.querySelector('.print-sheet .sheet-notice')?.textContent,
        }));
        assert.deepEqual([text.head[0], text.head[2]], [sheetHead.title, sheetHead.notice], 'title and notice as on the sheet');
        assert.ok(text.head[1].includes(c.patient.name) && text.head[1].includes(c.assessed_on), text.head[1]);

        // The command line prints the same document.
        const printed = evaluateText(c, cli);
        assert.equal(copied.trimEnd(), printed.trimEnd(), `evaluate --text ${cli} prints what "Copy everything" copies`);
        assert.deepEqual(problems, []);
      });
    });
  }
}

/** Clicks a copy button and reads the clipboard once it has the copy. */
async function copyWith(page, action) {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.click(`[data-action="${action}"]`);
  await page.waitForSelector('.copied');
  let copied = '';
  for (let i = 0; i < 20 && !copied; i++) {
    copied = await page.evaluate(() => navigator.clipboard.readText());
    if (!copied) await page.waitForTimeout(100);
  }
  return copied;
}

describe('phone 390 × 844', () => {
  // What each vignette's page measured, for the sideways check below: "vignette lang" → { scrollWidth, wide }.
  const measured = {};
  for (const example of EXAMPLES) {
    test(`${example.vignette.name}: the impression comes before the form and on the first screen, in both languages`, async (t) => {
      const { page, context, problems } = await openCase(example.vignette.case, 'en', { width: 390, height: 844 });
      for (const { lang } of LANGS) {
        await page.click(`button[data-lang="${lang}"]`);
        await page.waitForSelector(`button[data-lang="${lang}"][aria-pressed="true"]`);
        const at = await page.evaluate(() => {
          window.scrollTo(0, 0);
          const box = (sel) => document.querySelector(sel).getBoundingClientRect();
          const width = window.innerWidth;
          return {
            impression: box('[data-result="impression"] h3').top,
            impressionBottom: box('[data-result="impression"] h3').bottom,
            firstPlan: box('[data-result="plan"] li').top,
            form: box('section.inputs input, section.inputs select').top,
            height: window.innerHeight,
            scrollWidth: document.documentElement.scrollWidth,
            // The innermost elements that stick out to the right.
            wide: [...document.querySelectorAll('.app *')]
              .filter((e) => e.getBoundingClientRect().right > width + 1)
              .filter((e) => ![...e.children].some((k) => k.getBoundingClientRect().right > width + 1))
              .map((e) => `${e.tagName.toLowerCase()}${e.name ? `[name="${e.name}"]` : ''} ${Math.round(e.getBoundingClientRect().width)} px`),
          };
        });
        measured[`${example.vignette.name} ${lang}`] = { scrollWidth: at.scrollWidth, wide: at.wide };
        assert.ok(at.impression < at.form, `${lang}: impression (${at.impression}) above the first form field (${at.form})`);
        assert.ok(at.impressionBottom <= at.height, `${lang}: the impression heading is on the first screen (${at.impressionBottom})`);
        t.diagnostic(`${lang}: impression at ${Math.round(at.impression)} px, first plan item at ${Math.round(at.firstPlan)} px, form at ${Math.round(at.form)} px`);
      }
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  // On a phone a select never outgrows the screen (style.css): the page must not scroll sideways.
  test('no sideways scrolling on a phone with the case entered', () => {
    const wide = Object.entries(measured).filter(([, m]) => m.scrollWidth > 390);
    assert.deepEqual(wide.map(([k, m]) => `${k}: ${m.scrollWidth} px (${m.wide.join(', ')})`), []);
  });
});

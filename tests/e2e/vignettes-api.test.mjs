// Every public vignette through the browser API (window.osteoplan.evaluate in the release build), checked with the
// expectation vocabulary of shared/tools/check_vignettes.py: the browser gives the same answers as the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { openPage, useDistAndBrowser, waitForApp } from './harness.mjs';

const DIR = new URL('../vignettes/', import.meta.url);
const VIGNETTES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')));

const env = useDistAndBrowser();

/** One step of a dotted path: `name`, `name[i]` or `name[key=value]` (a value compared as Python's str() would). */
function step(node, part) {
  const m = /^([A-Za-z_0-9]+)(?:\[(\d+)\]|\[([a-z_]+)=([^\]]+)\])?$/.exec(part);
  if (!m || node === null || typeof node !== 'object' || !(m[1] in node)) throw new Error(`no ${part}`);
  let next = node[m[1]];
  if (m[2] !== undefined) {
    if (!Array.isArray(next) || Number(m[2]) >= next.length) throw new Error(`no ${part}`);
    next = next[Number(m[2])];
  } else if (m[3] !== undefined) {
    const hit = (next ?? []).find((x) => x && typeof x === 'object' && String(x[m[3]]) === m[4]);
    if (hit === undefined) throw new Error(`no ${part}`);
    next = hit;
  }
  return next;
}

const at = (doc, path) => path.split('.').reduce(step, doc);

function failures(doc, exitCode, expect) {
  const bad = [];
  if (exitCode !== (expect.exit ?? 0)) return [`exit ${exitCode}, expected ${expect.exit ?? 0}`];
  const probe = (path) => {
    try {
      return { ok: true, value: at(doc, path) };
    } catch {
      return { ok: false };
    }
  };
  for (const [path, want] of Object.entries(expect.equals ?? {})) {
    const got = probe(path);
    try {
      assert.deepStrictEqual(got.value, want);
      if (!got.ok) bad.push(`${path} missing`);
    } catch {
      bad.push(`${path} = ${JSON.stringify(got.value)}, expected ${JSON.stringify(want)}`);
    }
  }
  for (const [path, [want, tol]] of Object.entries(expect.approx ?? {})) {
    const got = probe(path);
    if (!got.ok || typeof got.value !== 'number' || Math.abs(got.value - want) > tol) bad.push(`${path} ≉ ${want}`);
  }
  for (const [path, item] of Object.entries(expect.contains ?? {})) {
    const got = probe(path);
    const hit = got.ok && Array.isArray(got.value) && got.value.some((x) => JSON.stringify(x) === JSON.stringify(item));
    if (!hit) bad.push(`${path} lacks ${JSON.stringify(item)}`);
  }
  const fired = new Set(doc.rules_fired ?? []);
  for (const id of expect.rules_include ?? []) if (!fired.has(id)) bad.push(`rule ${id} did not fire`);
  for (const id of expect.rules_exclude ?? []) if (fired.has(id)) bad.push(`rule ${id} fired`);
  for (const prefix of expect.error_paths ?? []) {
    if (!(doc.errors ?? []).some((e) => e.path.startsWith(prefix))) bad.push(`no error at ${prefix}`);
  }
  return bad;
}

test('every public vignette passes through window.osteoplan.evaluate', async () => {
  assert.ok(VIGNETTES.length >= 40, `found ${VIGNETTES.length} vignettes`);
  const { page, context } = await openPage(env.browser);
  await page.goto(env.server.url);
  await waitForApp(page);
  const texts = VIGNETTES.map((v) => (typeof v.case === 'string' ? v.case : JSON.stringify(v.case)));
  const outputs = await page.evaluate((all) => all.map((t) => window.osteoplan.evaluate(t)), texts);
  const bad = [];
  VIGNETTES.forEach((v, i) => {
    const doc = JSON.parse(outputs[i]);
    const exitCode = doc.format === 'osteoplan-errors/1' ? 2 : 0;
    const problems = failures(doc, exitCode, v.expect);
    if (problems.length) bad.push(`${v.name}: ${problems.join('; ')}`);
  });
  assert.deepEqual(bad, [], `${bad.length} of ${VIGNETTES.length} vignettes fail in the browser`);
  // The checker can fail: a wrong expectation is caught.
  const wrong = failures(JSON.parse(outputs[0]), 0, { equals: { 'risk.level': 'no_such_level' } });
  assert.equal(wrong.length, 1);
  await context.close();
});

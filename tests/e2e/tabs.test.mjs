// Whose plan it is (issue 24): the patient's name and ID are in the page title and at the top of the results, in
// both languages; a blank patient keeps the app's title. Against the release dist/ in Debian Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, useDistAndBrowser, waitForApp, waitUntil } from './harness.mjs';

const env = useDistAndBrowser();

test('the title and the results name the patient; a blank patient shows the app title', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await page.goto(env.server.url);
  await waitForApp(page);
  await page.waitForSelector('[name="patient.sex"]');
  assert.equal(await page.title(), 'OsteoPlan — Osteoporosis diagnosis, treatment choice and denosumab scheduling');
  assert.equal(await page.locator('[data-result="patient"]').count(), 0);

  await page.fill('[name="patient.id"]', 'P001');
  await waitUntil(async () => (await page.title()) === 'P001 — OsteoPlan', 'the ID in the title');
  await page.fill('[name="patient.name"]', 'Wang Li');
  await waitUntil(async () => (await page.title()) === 'Wang Li · P001 — OsteoPlan', 'name and ID in the title');
  assert.equal(await page.textContent('[data-result="patient"]'), 'Wang Li · P001');

  await page.click('button[data-lang="zh-CN"]');
  await page.waitForSelector('button[data-lang="zh-CN"][aria-pressed="true"]');
  assert.equal(await page.title(), 'Wang Li · P001 — OsteoPlan');
  await page.reload();
  await waitForApp(page);
  await waitUntil(async () => (await page.title()) === 'Wang Li · P001 — OsteoPlan', 'after a reload');

  await page.fill('[name="patient.name"]', '');
  await page.fill('[name="patient.id"]', '');
  await waitUntil(async () => (await page.title()) === 'OsteoPlan — 骨质疏松症诊断、治疗选择与地舒单抗注射计划', 'the app title again');
  assert.equal(await page.locator('[data-result="patient"]').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

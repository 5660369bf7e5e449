// The form in the order of a visit (issue 24): the current treatment right after the patient, the stop choice
// worded as what it does, and on a phone the result one tap away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, useDistAndBrowser, waitForApp } from './harness.mjs';

const env = useDistAndBrowser();

test('patient, denosumab and drug history come first; "Denosumab: stop (plan an exit)"; Result on a phone', async () => {
  const { page, context, problems } = await openPage(env.browser, { viewport: { width: 390, height: 844 } });
  await page.goto(env.server.url);
  await waitForApp(page);
  await page.waitForSelector('[name="denosumab"]');
  const legends = await page.locator('.case-form > fieldset > legend').allTextContents();
  assert.deepEqual(legends.slice(0, 4), ['Patient', 'Denosumab', 'Drug history', 'DXA']);
  await page.check('[name="denosumab"]');
  const plan = page.getByLabel('Denosumab', { exact: true });
  assert.equal(await plan.getAttribute('name'), 'denosumab.plan');
  assert.deepEqual(await plan.locator('option').allTextContents(), ['continue', 'stop (plan an exit)']);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth), false);
  await page.locator('[name="conditions.oral_bp_intolerance"]').scrollIntoViewIfNeeded();
  const jump = page.locator('[data-action="jump-result"]');
  assert.ok(await jump.isVisible());
  await jump.click();
  await page.waitForFunction(() => Math.abs(document.getElementById('result').getBoundingClientRect().top) < 2);
  assert.deepEqual(problems, []);
  await context.close();
});

// End-to-end tests of the app shell against the release dist/, in Debian Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, useDistAndBrowser, waitForApp } from './harness.mjs';

const NOTICE_EN = 'Decision support for clinicians; does not replace clinical judgement';
const NOTICE_ZH = '供临床医生决策参考，不能替代临床判断';

const env = useDistAndBrowser();

/** Every request must stay on the loopback server (data: and blob: URLs never leave the page). */
function assertLocalOnly(requestUrls) {
  const origin = new URL(env.server.url).origin;
  const outside = requestUrls.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u));
  assert.deepEqual(outside, [], 'requests left 127.0.0.1');
}

describe('app shell', () => {
  test('loads, mounts, logs no error and requests nothing outside 127.0.0.1', async () => {
    const { page, context, problems, requestUrls } = await openPage(env.browser);
    await page.goto(env.server.url);
    await waitForApp(page);
    assert.equal(await page.textContent('h1'), 'OsteoPlan');
    assert.equal(await page.textContent('.notice'), NOTICE_EN);
    assert.ok(await page.isVisible('section.inputs'), 'input column');
    assert.ok(await page.isVisible('section.results'), 'result column');
    assert.ok(await page.isVisible('button.print-button'), 'print button');
    assert.ok(requestUrls.some((u) => u.endsWith('.wasm')), 'the wasm module was fetched');
    assertLocalOnly(requestUrls);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the language switch translates the page and persists across reloads', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(env.server.url);
    await waitForApp(page);
    await page.click('button[data-lang="zh-CN"]');
    await page.waitForSelector('button[data-lang="zh-CN"][aria-pressed="true"]');
    assert.equal(await page.textContent('.notice'), NOTICE_ZH);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');

    await page.reload();
    await waitForApp(page);
    assert.equal(await page.textContent('.notice'), NOTICE_ZH);
    assert.equal(await page.getAttribute('button[data-lang="zh-CN"]', 'aria-pressed'), 'true');

    await page.click('button[data-lang="en"]');
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.textContent('.notice'), NOTICE_EN);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a first visit follows the browser language', async () => {
    const { page, context } = await openPage(env.browser, { locale: 'zh-CN' });
    await page.goto(env.server.url);
    await waitForApp(page);
    assert.equal(await page.textContent('.notice'), NOTICE_ZH);
    await context.close();
  });

  test('the switch works from the keyboard alone', async () => {
    const { page, context } = await openPage(env.browser);
    await page.goto(env.server.url);
    await waitForApp(page);
    await page.focus('button[data-lang="zh-CN"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('button[data-lang="zh-CN"][aria-pressed="true"]');
    assert.equal(await page.textContent('.notice'), NOTICE_ZH);
    await context.close();
  });

  for (const { name, viewport, sideBySide } of [
    { name: 'laptop 1280x800', viewport: { width: 1280, height: 800 }, sideBySide: true },
    { name: 'tablet 768 px', viewport: { width: 768, height: 1024 }, sideBySide: false },
    { name: 'phone 390 px', viewport: { width: 390, height: 844 }, sideBySide: false },
  ]) {
    test(`the layout fits a ${name} without sideways scrolling`, async () => {
      const { page, context } = await openPage(env.browser, { viewport });
      await page.goto(env.server.url);
      await waitForApp(page);
      const layout = await page.evaluate(() => {
        const box = (sel) => document.querySelector(sel).getBoundingClientRect();
        return {
          scrollWidth: document.documentElement.scrollWidth,
          inputs: box('section.inputs').toJSON(),
          results: box('section.results').toJSON(),
          fontSize: parseFloat(getComputedStyle(document.querySelector('.notice')).fontSize),
        };
      });
      assert.ok(layout.scrollWidth <= viewport.width, `page is ${layout.scrollWidth}px wide`);
      assert.ok(layout.fontSize >= 14, `text is ${layout.fontSize}px`);
      if (sideBySide) {
        assert.ok(layout.results.left >= layout.inputs.right, 'results beside inputs');
      } else {
        // One column: the assessment and plan first, the form below (issue 14).
        assert.ok(layout.results.bottom <= layout.inputs.top, 'results above inputs');
      }
      await context.close();
    });
  }
});

// Takes screenshots of the release build for a person to look at (not a test).
// usage: node scripts/screenshots.mjs [OUT_DIR]   (serves dist/ on 127.0.0.1 while it runs)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, openPage, serveDist, waitForApp } from '../tests/e2e/harness.mjs';

const out = process.argv[2] ?? 'screenshots';
mkdirSync(out, { recursive: true });
const server = await serveDist();
const browser = await launchChromium();
try {
  for (const locale of ['en-US', 'zh-CN']) {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 768, height: 1024 }]) {
      const { page, context } = await openPage(browser, { locale, viewport });
      await page.goto(server.url);
      await waitForApp(page);
      const file = join(out, `shell-${locale}-${viewport.width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

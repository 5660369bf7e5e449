// Shared end-to-end harness: a static server for dist/ on loopback and a Debian Chromium launcher.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { after, before } from 'node:test';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const DIST = resolve(process.env.OSTEOPLAN_DIST ?? 'dist');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves `root` on 127.0.0.1 (a free port) under `prefix`, adding `headers` to every file (e.g. caching headers);
 * resolves to { url, close, requests }.
 */
export async function serveDist(root = DIST, prefix = '/', headers = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    // Drops keep-alive connections too, so a test that failed with its page still open cannot hang the run.
    close: () =>
      new Promise((ok) => {
        server.close(ok);
        server.closeAllConnections();
      }),
  };
}

/** Debian Chromium, headless, with the flags this machine needs (Playwright adds a fresh profile dir). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * Opens a page that records console errors, page errors and every request URL.
 * Resolves to { page, context, problems, requestUrls }.
 */
export async function openPage(browser, { locale = 'en-US', viewport = { width: 1280, height: 800 }, bypassCSP = false } = {}) {
  const context = await browser.newContext({ locale, viewport, bypassCSP });
  const page = await context.newPage();
  const problems = [];
  const requestUrls = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => requestUrls.push(req.url()));
  return { page, context, problems, requestUrls };
}

/** Waits until the Yew app has rendered its header. */
export async function waitForApp(page) {
  await page.waitForSelector('header.app-header h1', { timeout: 15000 });
}

/**
 * For a test file: starts the dist/ server and Chromium before its tests and stops both after them.
 * The returned object's `server` and `browser` are set once the `before` hook has run.
 */
export function useDistAndBrowser() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serveDist();
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Polls `check` (run in Node, may be async) every 100 ms until it returns true; throws naming `what` after
 * `timeout` ms. (Playwright's waitForFunction takes a returned promise as a truthy value and does not wait.) */
export async function waitUntil(check, what, timeout = 10000) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/**
 * The command line (`examples/evaluate.rs`) built once: the path of its executable, for tests that compare the page
 * with `evaluate` on the same case (running the binary beats `cargo run`, which checks the build each time).
 */
export function evaluateExecutable() {
  const out = execFileSync('cargo', ['build', '--quiet', '--example', 'evaluate', '--message-format=json'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const artifact = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'evaluate' && m.executable);
  if (!artifact) throw new Error('cargo did not build the evaluate example');
  return artifact.executable;
}

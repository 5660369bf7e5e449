// Checks the release dist/ itself: relative, hashed asset URLs and nothing fetched from another host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from './harness.mjs';

const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const files = readdirSync(DIST);

test('asset URLs in index.html are relative, so dist/ works under any sub-path', () => {
  const urls = [...html.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(urls.length >= 3, `found ${urls.length} asset URLs`);
  for (const url of urls) assert.match(url, /^\.\//, url);
});

test('wasm, js and css have content-hashed names', () => {
  // Trunk prints its 64-bit hash in hex without leading zeros, so a hash can be shorter than 16 digits.
  for (const ext of ['wasm', 'js', 'css']) {
    const hashed = files.filter((f) => new RegExp(`-[0-9a-f]{8,16}(_bg)?\\.${ext}$`).test(f));
    assert.equal(hashed.length, 1, `${ext}: ${files.join(', ')}`);
  }
});

test('no file in dist/ links to another host (no CDN, no web font)', () => {
  for (const f of files.filter((f) => /\.(html|css|js)$/.test(f))) {
    const text = readFileSync(join(DIST, f), 'utf8');
    const external = text.match(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]+|url\(\s*["']?(?:https?:)?\/\/[^)]+\)|@import\s+["']?(?:https?:)?\/\//gi);
    assert.equal(external, null, `${f}: ${external}`);
  }
});

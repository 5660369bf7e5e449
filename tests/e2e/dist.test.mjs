// Checks the release dist/ itself: relative, hashed asset URLs and nothing fetched from another host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from './harness.mjs';

const files = readdirSync(DIST);

for (const page of ['index.html', 'list.html']) {
  test(`asset URLs in ${page} are relative, so dist/ works under any sub-path`, () => {
    const html = readFileSync(join(DIST, page), 'utf8');
    const urls = [...html.matchAll(/(?:\b(?:href|src)="|\bfrom '|module_or_path: ')([^"']+)/g)].map((m) => m[1]);
    assert.ok(urls.length >= 4, `found ${urls.length} asset URLs`);
    for (const url of urls) assert.match(url, /^\.\//, url);
  });
}

test('wasm, js and css have content-hashed names: the two pages\' wasm and glue, the one stylesheet', () => {
  // Trunk prints its 64-bit hash in hex without leading zeros, so a hash can be shorter than 16 digits. Not hashed:
  // the service worker (its URL is its identity) and the embedding example (a demo under a fixed name).
  const unhashed = ['sw.js', 'embed-example.js'];
  for (const [ext, pages] of [['wasm', 2], ['js', 2], ['css', 1]]) {
    const ofKind = files.filter((f) => f.endsWith(`.${ext}`) && !unhashed.includes(f));
    const hashed = ofKind.filter((f) => new RegExp(`^(osteoplan|osteoplan-list|style)-[0-9a-f]{8,16}(_bg)?\\.${ext}$`).test(f));
    assert.equal(hashed.length, pages, `${ext}: ${files.join(', ')}`);
    assert.deepEqual(ofKind, hashed, `${ext}: every file is hashed`);
  }
});

test('no file in dist/ links to another host (no CDN, no web font)', () => {
  for (const f of files.filter((f) => /\.(html|css|js)$/.test(f))) {
    const text = readFileSync(join(DIST, f), 'utf8');
    const external = text.match(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]+|url\(\s*["']?(?:https?:)?\/\/[^)]+\)|@import\s+["']?(?:https?:)?\/\//gi);
    assert.equal(external, null, `${f}: ${external}`);
  }
});

test('the rule texts: a content-hashed file named by index.html, cached by sw.js, inline in the single file', () => {
  const texts = files.filter((f) => /^rule-texts.*\.json$/.test(f));
  assert.equal(texts.length, 1, files.join(', '));
  assert.match(texts[0], /^rule-texts-[0-9a-f]{16}\.json$/);
  const index = readFileSync(join(DIST, 'index.html'), 'utf8');
  assert.ok(index.includes(`<meta name="osteoplan-rule-texts" content="./${texts[0]}" />`), 'index.html names the file');
  assert.ok(readFileSync(join(DIST, 'sw.js'), 'utf8').includes(`"./${texts[0]}"`), 'the service worker caches it');
  const file = JSON.parse(readFileSync(join(DIST, texts[0]), 'utf8'));
  assert.equal(file.format, 'osteoplan-rule-texts/2');
  // The patient's sheet's words come with the texts, not in the calculator's wasm (words::patient_texts).
  const sentence = 'Bring this sheet to every visit.';
  assert.ok(file.patient.some((t) => t.en === sentence), 'the patient sheet texts are in the file');
  const wasm = files.find((f) => /^osteoplan-[0-9a-f]+_bg\.wasm$/.test(f));
  assert.ok(!readFileSync(join(DIST, wasm)).includes(sentence), 'and not in the wasm');
  const single = readFileSync(join(DIST, 'osteoplan.html'), 'utf8');
  const inline = /<script type="application\/json" id="osteoplan-rule-texts">([^<]*)<\/script>/.exec(single);
  assert.ok(inline, 'osteoplan.html carries the texts');
  assert.deepEqual(JSON.parse(inline[1]), file, 'the same texts');
});

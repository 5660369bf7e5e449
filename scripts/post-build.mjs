// Trunk post_build hook (see Trunk.toml): finishes the staging directory before Trunk moves it to dist/.
//  1. index.html gets its Content-Security-Policy <meta>: only this origin, and only the one inline loader script
//     Trunk writes (allowed by its sha256), plus 'wasm-unsafe-eval' so the browser may compile the wasm.
//  2. sw.js: the service worker, with the cache list of this build's hashed files and a cache name derived from
//     them, so every build that changes a file is a new version (and the old cache is deleted on activation).
//  3. osteoplan.html: the single-file edition, with the CSS, the JS glue and the wasm (base64) inline, started with
//     wasm-bindgen's initSync; it works from file:// without a server. The rule texts are inline too (see 1b).
//  1b. The rule texts (static/rule-texts.json, written from src/words/rule_texts.rs): the calculator's wasm carries only
//     the alerts' and loads the rest when a reader first needs them (src/ui/texts.rs). The file gets a content hash
//     and index.html names it in <meta name="osteoplan-rule-texts">; sw.js caches it like every other file.
//  4. Served pages opened from disk: index.html and list.html cannot start from file:// (the browser refuses their
//     module scripts there), so each carries a short message, in both languages, that a one-line inline script shows
//     only on file:// and that points to the single file beside it.
//  5. Embedding settings from the environment (OSTEOPLAN_EMBED_HOSTS, OSTEOPLAN_APP_URL): scripts/embed-config.mjs.
//  0. Before all that, the clinic list page: Trunk builds its wasm (the "worker" link in index.html) under a fixed
//     name and writes no page for it. Its files get a content hash like the calculator's, and list.html (served,
//     with the same CSP) and osteoplan-list.html (single file) are written here.
//  Scripts (wasm-bindgen's glue, sw.js) are minified with terser, like the stylesheet by hand: the page budget counts
//  every byte (about 2 KB gzip a page for the glue, 0.8 KB for sw.js). initSync keeps its name: the single files call
//  it after the glue. The wasm's imports get short names in the wasm and the glue (scripts/short-imports.mjs).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';
import { configureEmbedding, embeddingFromEnv } from './embed-config.mjs';
import { shortenImports } from './short-imports.mjs';

const stage = process.env.TRUNK_STAGING_DIR;
if (!stage) throw new Error('post-build.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)');

const sha256 = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** A page this hook writes (list.html and the single files; Trunk writes index.html): the head every page has,
 * then `head` and `body` (indented lines). */
const htmlPage = ({ csp, title, head, body = '' }) => `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${csp}" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
${head}
  </head>
  <body>
    <noscript>OsteoPlan needs JavaScript and WebAssembly. / OsteoPlan 需要启用 JavaScript 和 WebAssembly。</noscript>
${body}
  </body>
</html>
`;

// 4. What a served page shows when opened from disk, where it cannot start: the single file to open instead. Hidden
// unless the script (allowed by its hash) finds the page on file://; the app, when it starts, replaces the body.
const fromDiskScript = "if (location.protocol === 'file:') document.getElementById('osteoplan-from-disk').hidden = false;";
const fromDisk = (singleFile) => `    <div id="osteoplan-from-disk" hidden>
      <p lang="en">This page needs a web server. To use OsteoPlan from a folder or a USB stick, open
        <a href="./${singleFile}">${singleFile}</a> in the same folder instead.</p>
      <p lang="zh-CN">此页面需要通过网页服务器打开。若直接从文件夹或U盘使用 OsteoPlan，请改为打开同一文件夹中的
        <a href="./${singleFile}">${singleFile}</a>。</p>
    </div>
    <script>${fromDiskScript}</script>`;

const minifiedScript = async (code) => {
  const out = await minify(code, { module: true, compress: { passes: 2 }, mangle: { reserved: ['initSync'] }, format: { comments: false } });
  return `${out.code}\n`;
};
const minifyFile = async (path) => writeFileSync(path, await minifiedScript(readFileSync(path, 'utf8')));
// The glue minified and the wasm's imports given short names in both (scripts/short-imports.mjs).
const finishGlue = async (jsPath, wasmPath) => {
  await minifyFile(jsPath);
  const { wasm, glue } = shortenImports(readFileSync(wasmPath), readFileSync(jsPath, 'utf8'));
  writeFileSync(jsPath, glue);
  writeFileSync(wasmPath, wasm);
};

// 0. The clinic list's files under a content hash, so a new build is never served from an old cache.
await finishGlue(join(stage, 'osteoplan-list.js'), join(stage, 'osteoplan-list_bg.wasm'));
const listBytes = ['osteoplan-list.js', 'osteoplan-list_bg.wasm'].map((f) => readFileSync(join(stage, f)));
const listHash = createHash('sha256').update(Buffer.concat(listBytes)).digest('hex').slice(0, 16);
const listJsFile = `osteoplan-list-${listHash}.js`;
const listWasmFile = `osteoplan-list-${listHash}_bg.wasm`;
renameSync(join(stage, 'osteoplan-list.js'), join(stage, listJsFile));
renameSync(join(stage, 'osteoplan-list_bg.wasm'), join(stage, listWasmFile));

let files = readdirSync(stage).filter((f) => !f.startsWith('.'));
const find = (pattern) => {
  const found = files.find((f) => pattern.test(f));
  if (!found) throw new Error(`post-build: no file matching ${pattern} in ${stage}`);
  return found;
};
const wasmFile = find(/^osteoplan-[0-9a-f]+_bg\.wasm$/);
const jsFile = find(/^osteoplan-[0-9a-f]+\.js$/);
const cssFile = find(/^style-[0-9a-f]+\.css$/);
const iconFile = find(/^favicon-[0-9a-f]+\.svg$/);

// 1. CSP for the served app.
const indexPath = join(stage, 'index.html');
let index = readFileSync(indexPath, 'utf8');

// 1a. The stylesheet without its comments and spaces (the page budget counts every byte: about 1.7 KB gzip);
// index.html's integrity hash for it follows. Everything below (CSP hashes, single files) reads the minified file.
{
  const path = join(stage, cssFile);
  const minified = readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ')
    // No quoted string in style.css holds these characters followed or preceded by a space.
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/:\s+/g, ':');
  writeFileSync(path, `${minified}\n`);
  const sri = `sha384-${createHash('sha384').update(`${minified}\n`).digest('base64')}`;
  const link = new RegExp(`(href="\\./${cssFile.replace('.', '\\.')}" integrity=")[^"]*"`);
  if (!link.test(index)) throw new Error('post-build: the stylesheet link with its integrity hash is not in index.html');
  index = index.replace(link, `$1${sri}"`);
}
// 1c. The calculator's glue minified and its imports shortened; the preload links' integrity hashes follow.
await finishGlue(join(stage, jsFile), join(stage, wasmFile));
for (const file of [jsFile, wasmFile]) {
  const sri = `sha384-${createHash('sha384').update(readFileSync(join(stage, file))).digest('base64')}`;
  const link = new RegExp(`(href="\\./${file.replace('.', '\\.')}" crossorigin="anonymous" integrity=")[^"]*"`);
  if (!link.test(index)) throw new Error(`post-build: the preload link of ${file} with its integrity hash is not in index.html`);
  index = index.replace(link, `$1${sri}"`);
}
const inlineScripts = [...index.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inlineScripts.length !== 1) throw new Error(`post-build: expected Trunk's one inline loader, found ${inlineScripts.length}`);
const servedCsp = (loader) => [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${sha256(loader)} ${sha256(fromDiskScript)}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');
index = index.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${servedCsp(inlineScripts[0])}" />`);
if (!index.includes('</noscript>\n  </body>')) throw new Error('post-build: index.html body is not the expected <noscript> alone');
index = index.replace('</noscript>\n  </body>', `</noscript>\n${fromDisk('osteoplan.html')}\n  </body>`);

// 1b. The rule texts under a content hash, named in the page.
const ruleTexts = readFileSync(join(stage, 'rule-texts.json'), 'utf8');
JSON.parse(ruleTexts); // a broken file stops the build here, not in a clinician's browser
const ruleTextsFile = `rule-texts-${createHash('sha256').update(ruleTexts).digest('hex').slice(0, 16)}.json`;
renameSync(join(stage, 'rule-texts.json'), join(stage, ruleTextsFile));
const ruleTextsMeta = '<meta name="osteoplan-rule-texts" content="./rule-texts.json" />';
if (!index.includes(ruleTextsMeta)) throw new Error('post-build: index.html lacks the osteoplan-rule-texts meta');
index = index.replace(ruleTextsMeta, `<meta name="osteoplan-rule-texts" content="./${ruleTextsFile}" />`);
writeFileSync(indexPath, index);

// The clinic list page, served: the calculator's head (icon, manifest, stylesheet) with its own loader.
const listLoader = `
import init from './${listJsFile}';
await init({ module_or_path: './${listWasmFile}' });
`;
const listPage = htmlPage({
  csp: servedCsp(listLoader),
  title: 'OsteoPlan — Clinic list',
  head: `    <meta name="description" content="OsteoPlan clinic list: every denosumab patient of a clinic, most urgent first. Runs entirely in the browser." />
    <link rel="icon" href="./${iconFile}" />
    <link rel="manifest" href="./manifest.webmanifest" />
    <link rel="stylesheet" href="./${cssFile}" />
    <link rel="modulepreload" href="./${listJsFile}" />
    <link rel="preload" href="./${listWasmFile}" as="fetch" type="application/wasm" crossorigin="anonymous" />
    <script type="module">${listLoader}</script>`,
  body: fromDisk('osteoplan-list.html'),
});
writeFileSync(join(stage, 'list.html'), listPage);
files = readdirSync(stage).filter((f) => !f.startsWith('.'));

// 2. The service worker: every file the app needs, the page itself also as "./". Not the single file (it is for
// file://) nor the embedding example (a demo that IT may delete; a missing listed file would stop the install).
const notCached = (f) => f === 'sw.js' || f === 'osteoplan.html' || f === 'osteoplan-list.html' || f.startsWith('embed-example.');
const cached = ['./', ...files.filter((f) => !notCached(f)).map((f) => `./${f}`)].sort();
const version = createHash('sha256')
  .update(cached.map((f) => (f === './' ? index : readFileSync(join(stage, f.slice(2))))).join('\0'))
  .digest('hex')
  .slice(0, 16);
const template = readFileSync(new URL('../static/sw.template.js', import.meta.url), 'utf8');
writeFileSync(
  join(stage, 'sw.js'),
  await minifiedScript(template.replace('__OSTEOPLAN_VERSION__', version).replace('__OSTEOPLAN_FILES__', JSON.stringify(cached))),
);

// 3. The single-file editions, one a page, marked as such (src/ui/browser.rs): their links to each other are by
// file name (src/ui/header.rs), not the served pages'.
const css = readFileSync(join(stage, cssFile), 'utf8');
const singleFile = (glueFile, wasmFile, title, data = '') => {
  const glue = readFileSync(join(stage, glueFile), 'utf8');
  const wasm = readFileSync(join(stage, wasmFile)).toString('base64');
  const script = `${glue}
const bytes = Uint8Array.from(atob("${wasm}"), (c) => c.charCodeAt(0));
initSync({ module: bytes });
`;
  return htmlPage({
    csp: `default-src 'none'; script-src 'wasm-unsafe-eval' ${sha256(script)}; style-src ${sha256(css)}; img-src data:; form-action 'none'; base-uri 'none'`,
    title,
    head: `    <meta name="osteoplan-edition" content="single-file" />
    <style>${css}</style>${data}`,
    body: `    <script type="module">${script}</script>`,
  });
};
// The rule texts as a data block the wasm reads through the DOM (a file:// page can fetch nothing), in the head: the
// app mounts on the body and replaces what is there. A JSON script is never run, so the CSP needs no hash for it;
// "<" is escaped so no text can close the element.
const inlineTexts = `\n    <script type="application/json" id="osteoplan-rule-texts">${ruleTexts.trim().replaceAll('<', '\\u003c')}</script>`;
const single = singleFile(jsFile, wasmFile, 'OsteoPlan', inlineTexts);
writeFileSync(join(stage, 'osteoplan.html'), single);
const singleList = singleFile(listJsFile, listWasmFile, 'OsteoPlan — Clinic list');
writeFileSync(join(stage, 'osteoplan-list.html'), singleList);
// 5. Embedding, when the build was asked to set it up.
configureEmbedding(stage, embeddingFromEnv());
const kb = (text) => `${(text.length / 1024).toFixed(0)} KB`;
console.log(`post-build: CSP added, list.html written, sw.js caches ${cached.length} files, version ${version}, osteoplan.html ${kb(single)}, osteoplan-list.html ${kb(singleList)}`);

// Sets up embedding in a build (docs/clinic-it.md, "Embedding from another origin"): which host origins may send
// cases to the app, and where the example host page finds the app.
//
//   node scripts/embed-config.mjs DIST --hosts "https://emr.example.org https://ris.example.org" \
//                                      --app https://apps.example.org/osteoplan/
//
// --hosts  written into DIST/index.html's <meta name="osteoplan-embed-origins"> (whose postMessage cases the app
//          takes); space-separated origins, each scheme://host[:port] with no path.
// --app    the app's address as the host page reaches it: DIST/embed-example.html frames <app>?embed=1 and its
//          Content-Security-Policy allows frames from that origin (frame-src), so the example works when copied,
//          with embed-example.js, to the host's server.
// The same settings at build time: OSTEOPLAN_EMBED_HOSTS and OSTEOPLAN_APP_URL (scripts/post-build.mjs calls this).
// Running it again replaces the earlier settings.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `text` as a list of origins, or an error naming the first one that is not an origin. */
function origins(text) {
  const list = text.split(/\s+/).filter(Boolean);
  for (const item of list) {
    let url;
    try {
      url = new URL(item);
    } catch {
      throw new Error(`embed-config: "${item}" is not an origin (scheme://host[:port])`);
    }
    if (url.origin !== item) throw new Error(`embed-config: "${item}" is not an origin: write ${url.origin} (no path, no trailing slash)`);
  }
  return list;
}

/** Rewrites `dir`'s index.html (hosts) and embed-example.html (app), each only when given. */
export function configureEmbedding(dir, { hosts, app } = {}) {
  if (hosts !== undefined) {
    const indexPath = join(dir, 'index.html');
    const meta = /<meta name="osteoplan-embed-origins" content="[^"]*" \/>/;
    const index = readFileSync(indexPath, 'utf8');
    if (!meta.test(index)) throw new Error(`embed-config: ${indexPath} has no osteoplan-embed-origins meta`);
    writeFileSync(indexPath, index.replace(meta, `<meta name="osteoplan-embed-origins" content="${origins(hosts).join(' ')}" />`));
  }
  if (app !== undefined) {
    let url;
    try {
      url = new URL(app);
    } catch {
      throw new Error(`embed-config: --app "${app}" is not an absolute address (https://host/path/)`);
    }
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    const examplePath = join(dir, 'embed-example.html');
    let example = readFileSync(examplePath, 'utf8');
    const frameSrc = /frame-src [^;"]*/;
    const src = /<iframe id="osteoplan" src="[^"]*"/;
    if (!frameSrc.test(example) || !src.test(example)) throw new Error(`embed-config: ${examplePath} is not the example page`);
    example = example
      .replace(frameSrc, `frame-src 'self' ${url.origin}`)
      .replace(src, `<iframe id="osteoplan" src="${url.origin}${url.pathname}?embed=1"`);
    writeFileSync(examplePath, example);
  }
}

/** The settings from the environment at build time (each only when set). */
export function embeddingFromEnv(env = process.env) {
  return {
    hosts: env.OSTEOPLAN_EMBED_HOSTS || undefined,
    app: env.OSTEOPLAN_APP_URL || undefined,
  };
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const [dir, ...rest] = process.argv.slice(2);
  const settings = {};
  for (let i = 0; i < rest.length; i += 2) {
    const key = { '--hosts': 'hosts', '--app': 'app' }[rest[i]];
    if (!key || rest[i + 1] === undefined) {
      console.error('usage: node scripts/embed-config.mjs DIST [--hosts "ORIGIN ..."] [--app URL]');
      process.exit(1);
    }
    settings[key] = rest[i + 1];
  }
  if (!dir || Object.keys(settings).length === 0) {
    console.error('usage: node scripts/embed-config.mjs DIST [--hosts "ORIGIN ..."] [--app URL]');
    process.exit(1);
  }
  try {
    configureEmbedding(dir, settings);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  console.log(`embed-config: ${dir}: ${Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join(', ')}`);
}

// Gives the wasm's imports from wasm-bindgen's glue short names, in the wasm and in the glue alike (post-build.mjs).
// wasm-bindgen names each import after its JS function plus a 16-digit hash (`__wbg_addEventListener_847fd86b8c33ec43`):
// about 180 of them, written once in the wasm's import section and once in the glue, and the hashes do not compress
// (about 4 KB gzip a page). The renaming changes nothing else: every import keeps its module, kind and type, and every
// name must appear exactly once as a key in the glue, or the build stops.

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

const name = (text) => {
  const bytes = Buffer.from(text, 'utf8');
  return [...leb(bytes.length), ...bytes];
};

/** `_0`, `_1`, … `_z`, `_10`, …: short, valid JS identifiers that no wasm-bindgen name starts with. */
const shortName = (i) => `_${i.toString(36)}`;

/**
 * The wasm with its imports renamed and the glue with the same keys renamed: { wasm, glue, renamed }.
 * Throws when the wasm is not one it can read or a name is not exactly once in the glue.
 */
export function shortenImports(wasm, glue) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('short-imports: not a wasm module');
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, body] = readLeb(wasm, at + 1);
    if (id !== 2) {
      at = body + size;
      continue;
    }
    // The import section: rewritten whole, then put in place of the old one.
    const end = body + size;
    let [count, p] = readLeb(wasm, body);
    const out = [...leb(count)];
    const renamed = [];
    for (let i = 0; i < count; i++) {
      const [moduleLength, m] = readLeb(wasm, p);
      const module = wasm.subarray(m, m + moduleLength).toString('utf8');
      const [fieldLength, f] = readLeb(wasm, m + moduleLength);
      const field = wasm.subarray(f, f + fieldLength).toString('utf8');
      p = f + fieldLength;
      const descStart = p;
      const kind = wasm[p++];
      if (kind === 0) [, p] = readLeb(wasm, p); // function: type index
      else if (kind === 1 || kind === 2) {
        if (kind === 1) p++; // table: element type
        const flags = wasm[p++];
        [, p] = readLeb(wasm, p);
        if (flags & 1) [, p] = readLeb(wasm, p);
      } else if (kind === 3) p += 2; // global: value type, mutability
      else throw new Error(`short-imports: import kind ${kind} unknown`);
      let newField = field;
      if (field.startsWith('__wbg') || field.startsWith('__wbindgen')) {
        newField = shortName(renamed.length);
        renamed.push([field, newField]);
      }
      out.push(...name(module), ...name(newField), ...wasm.subarray(descStart, p));
    }
    if (p !== end) throw new Error('short-imports: the import section was not read to its end');
    const section = Buffer.from([2, ...leb(out.length), ...out]);
    const newWasm = Buffer.concat([wasm.subarray(0, at), section, wasm.subarray(end)]);
    let newGlue = glue;
    for (const [from, to] of renamed) {
      const key = new RegExp(`(?<![\\w$])${from}(?=:)`, 'g');
      const found = newGlue.match(key)?.length ?? 0;
      const anywhere = newGlue.split(from).length - 1;
      if (found !== 1 || anywhere !== 1) throw new Error(`short-imports: ${from} is ${anywhere} times in the glue, ${found} as a key`);
      newGlue = newGlue.replace(key, to);
    }
    return { wasm: newWasm, glue: newGlue, renamed: renamed.length };
  }
  throw new Error('short-imports: the wasm has no import section');
}

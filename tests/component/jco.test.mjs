// The WIT component in Node through `jco transpile`: every scan equals the
// native CLI's `panicsig scan` over the fixture corpus, errors are the
// typed `error` variant, and the streaming scanner gives whole incidents.
//
// Run by `make component-test` (it transpiles dist/component/panicsig.wasm
// to dist/component/js/ and builds the CLI first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { listFiles } from '../browser/lib.mjs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');
const cli = process.env.PANICSIG_BIN ?? join(repo, 'target/debug/panicsig');
const { annotator } = await import(join(repo, 'dist/component/js/panicsig.js'));

const logs = (p) => /\.(txt|log)$/.test(p);
const files = [...listFiles(join(repo, 'tests/fixtures'), logs), ...listFiles(join(repo, 'examples/logs'), logs)];

// jco's camelCase records → the native snake_case JSON; `details` is a
// list of pairs in WIT and an object natively; nulls and empty lists are
// dropped on both sides (the native JSON omits some of them).
const snake = (k) => k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
function normal(v, key) {
  if (key === 'details' && Array.isArray(v)) v = Object.fromEntries(v);
  if (typeof v === 'bigint') return Number(v);
  // list<u64> comes as a BigUint64Array.
  if (ArrayBuffer.isView(v)) v = Array.from(v);
  if (Array.isArray(v)) return v.map((x) => normal(x));
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      const n = normal(x, snake(k));
      const empty = n === undefined || n === null || (Array.isArray(n) && n.length === 0) ||
        (typeof n === 'object' && n !== null && !Array.isArray(n) && Object.keys(n).length === 0);
      // The native JSON also leaves out zero counts and false marks.
      const unset = (n === 0 && ['locked', 'unbucketed'].includes(snake(k))) || (n === false && snake(k) === 'crashed');
      if (!empty && !unset) out[snake(k)] = n;
    }
    return out;
  }
  return v;
}
const flat = (inc) => {
  const { annotation, ...rest } = normal(inc);
  return { ...annotation, ...rest };
};
function nativeScan(lang) {
  const out = execFileSync(cli, ['scan', '--lang', lang, ...files], {
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const byFile = new Map(files.map((f) => [f, []]));
  for (const line of out.split('\n').filter(Boolean)) {
    const { file, ...found } = JSON.parse(line);
    byFile.get(file).push(normal(found));
  }
  return byFile;
}

const options = (over = {}) => ({ lang: 'en', shape: 'nested', compact: false, ...over });

test('scan equals the native CLI over the corpus, in English and Chinese', () => {
  assert.ok(files.length > 400, `fixtures: ${files.length}`);
  let incidents = 0;
  for (const lang of ['en', 'zh']) {
    annotator.configure(options({ lang }));
    const want = nativeScan(lang);
    for (const f of files) {
      const got = annotator.scan(readFileSync(f, 'utf8')).map(flat);
      assert.deepEqual(got, want.get(f), f);
      incidents += got.length;
    }
  }
  annotator.configure(options());
  assert.ok(incidents > 800, `incidents: ${incidents}`);
});

test('the streaming scanner returns incidents whole across chunks', () => {
  const enc = new TextEncoder();
  let compared = 0;
  for (const f of files.filter((_, i) => i % 9 === 0)) {
    const text = readFileSync(f, 'utf8');
    const whole = annotator.scan(text).map(flat);
    const bytes = enc.encode(text);
    for (const size of [3, 1000]) {
      const s = new annotator.Scanner();
      const got = [];
      for (let i = 0; i < bytes.length; i += size) got.push(...s.push(bytes.subarray(i, i + size)));
      got.push(...s.finish());
      s[Symbol.dispose]();
      assert.deepEqual(got.map(flat), whole, `${f} in chunks of ${size}`);
      compared += got.length;
    }
  }
  assert.ok(compared > 50, `compared: ${compared}`);
});

/** The CLI's output without what only a stream of records can have: the
 * incident id of a crash logged one line per record and the links of the
 * records after it (`annotateRecord` sees one record). */
const unlinked = (text) =>
  text.replace(/,"incident_id":"[0-9a-f]{16}"/g, '').replace(/,"go_panic_incident":"[0-9a-f]{16}"/g, '');

test('annotateRecord adds the annotation the CLI adds, in every shape', () => {
  const records = files
    .filter((f) => f.includes('examples/logs'))
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.startsWith('{')));
  assert.ok(records.length > 50, `records: ${records.length}`);
  const input = records.join('\n') + '\n';
  for (const shape of ['nested', 'ecs', 'otel']) {
    for (const compact of [false, true]) {
      const args = ['annotate', '--shape', shape, ...(compact ? ['--compact'] : [])];
      const want = unlinked(execFileSync(cli, args, { input, encoding: 'utf8', maxBuffer: 1 << 30 })).split('\n');
      const got = records.map((r) => annotator.annotateRecord(r, options({ shape, compact })));
      assert.deepEqual(got, want.slice(0, records.length), `${shape} compact=${compact}`);
      assert.ok(got.some((g, i) => g !== records[i]), 'something was annotated');
    }
  }
});

test('bad input is a typed error, never a trap', () => {
  for (const bad of ['', 'not json', '[1,2]', '{"log":', '"panic: x"']) {
    assert.throws(
      () => annotator.annotateRecord(bad, options()),
      (e) => e.payload?.tag === 'invalid-record' && e.payload.val.length > 0,
      JSON.stringify(bad),
    );
  }
  const before = annotator.catalog().length;
  for (const bad of ['[', '{}', '[{"code":"X1"}]']) {
    assert.throws(
      () => annotator.addSignatures(bad),
      (e) => e.payload?.tag === 'invalid-signatures' && e.payload.val.length > 0,
      bad,
    );
  }
  assert.equal(annotator.catalog().length, before);
  // Still usable afterwards.
  const f = files.find((p) => p.endsWith('k8s-cri.log'));
  assert.ok(annotator.scan(readFileSync(f, 'utf8')).length > 0);
});

test('catalog lists the built-in entries in the configured language', () => {
  const en = annotator.catalog();
  annotator.configure(options({ lang: 'zh' }));
  const zh = annotator.catalog();
  annotator.configure(options());
  const native = JSON.parse(execFileSync(cli, ['catalog', '--format', 'json'], { encoding: 'utf8' }));
  assert.deepEqual(en.map((s) => s.code), native.map((s) => s.code));
  assert.deepEqual(en.map((s) => s.severity), native.map((s) => s.severity));
  assert.deepEqual(zh.map((s) => s.remediation), native.map((s) => s.remediation.zh));
  assert.deepEqual(en.map((s) => s.remediation), native.map((s) => s.remediation.en));
});

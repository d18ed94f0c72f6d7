// The ES module API (examples/browser/pkg/panicsig.js) in headless Chromium,
// in a page and in a module Worker, against the native CLI.

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  ROOT,
  TMP,
  cli,
  unlinked,
  cliCatalog,
  cliScan,
  cliScanMany,
  exampleLogs,
  fixtureCrashes,
  launch,
  newPage,
  realWorld,
  requireBuild,
  serve,
} from "./lib.mjs";

const rel = (f) => path.relative(ROOT, f);
// An annotation is the incident without where it is and its goroutines.
const withoutLocation = ({ start_line, end_line, stack, buckets, unbucketed, ...annotation }) => annotation;

let srv;
let browser;
let input;
let expected;

before(async () => {
  await requireBuild();
  srv = await serve({ "/__blank.html": '<!doctype html><link rel="icon" href="data:,"><title>module test</title>' });
  browser = await launch();

  const files = [...exampleLogs(), ...fixtureCrashes(), ...realWorld()];
  const texts = Object.fromEntries(files.map((f) => [rel(f), readFileSync(f, "utf8")]));
  const en = cliScanMany(files);
  const zh = cliScanMany(files, { lang: "zh" });

  // A fixture the built-in catalog only knows as a generic panic (GP900):
  // a user signature for its exact message must win.
  const generic = fixtureCrashes().find((f) => en.get(f).length === 1 && en.get(f)[0].code === "GP900");
  const userSig = [
    {
      code: "ACME001",
      slug: "acme-balance-invariant",
      title: "Acme balance invariant",
      severity: "medium",
      category: "acme",
      match: { kind: "panic", message: en.get(generic)[0].message },
      summary: { en: "The balance check failed.", zh: "余额检查失败。" },
      remediation: { en: "Check the ledger import.", zh: "检查账本导入。" },
      commands: ["acme ledger verify"],
    },
  ];
  const sigFile = path.join(TMP, "user-signatures.json");
  writeFileSync(sigFile, JSON.stringify(userSig));

  // A record as a JSON logger writes it: the whole crash in one field.
  const crashFile = fixtureCrashes().find((f) => /nil-map/.test(f) && en.get(f).length === 1);
  const record = JSON.stringify({ level: "error", service: "orders", msg: texts[rel(crashFile)] });
  const plainRecord = JSON.stringify({ level: "info", msg: "listening on :8080" });

  // Streams for the Scanner: plain, CRI and journald text with multi-byte
  // characters (so byte chunks split them), and a docker json-file log.
  const parts = [
    "examples/logs/api-server.log",
    rel(fixtureCrashes().find((f) => /nested-panic/.test(f))),
    "examples/logs/k8s-cri.log",
    rel(fixtureCrashes().find((f) => /go1\.19.*concurrent-map/.test(f)) ?? fixtureCrashes()[0]),
    "examples/logs/worker-journald.log",
  ];
  const streams = {
    mixed: parts.map((p) => texts[p]).join("订单服务 已启动 — 监听 :8080 ✓\n"),
    "docker-json": texts["examples/logs/docker-json.log"],
  };
  const streamExpected = {};
  for (const [name, text] of Object.entries(streams)) {
    const file = path.join(TMP, `stream-${name}.log`);
    writeFileSync(file, text);
    streamExpected[name] = { en: cliScan(file), zh: cliScan(file, { lang: "zh" }) };
  }

  input = {
    texts,
    noCrash: texts["examples/logs/api-server.log"].split("\n").slice(0, 20).join("\n"),
    record,
    plainRecord,
    badRecords: ["[1, 2]", "not json", '{"msg": "unterminated'],
    badSignatures: [
      "{not json",
      JSON.stringify([{ ...userSig[0], code: "GP101", slug: "acme-dup" }]),
      JSON.stringify([{ ...userSig[0], match: { kind: "panic", message_regex: "(unclosed" } }]),
      JSON.stringify([{ ...userSig[0], severity: "urgent" }]),
    ],
    goodSignature: JSON.stringify(userSig),
    userTarget: rel(generic),
    streams,
    chunkSizes: [1, 7, 64, 4096, 4 << 20],
  };
  expected = {
    en,
    zh,
    files,
    catalog: cliCatalog(),
    record: Object.fromEntries(
      ["nested", "ecs", "otel"].map((shape) => [shape, unlinked(cli(["annotate", "--shape", shape], record + "\n").trimEnd())]),
    ),
    recordCompactZh: unlinked(cli(["annotate", "--lang", "zh", "--compact"], record + "\n").trimEnd()),
    recordPlain: unlinked(cli(["annotate"], plainRecord + "\n").trimEnd()),
    crashFile,
    generic,
    withUser: cliScan(generic, { signatures: sigFile }),
    streams: streamExpected,
  };
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

async function runInPage() {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/__blank.html`);
  const result = await page.evaluate(async (inp) => (await import("/tests/browser/api-probe.mjs")).probe(inp), input);
  assert.deepEqual(page.errors, []);
  await page.context().close();
  return result;
}

async function runInWorker() {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/__blank.html`);
  const reply = await page.evaluate(
    (inp) =>
      new Promise((resolve) => {
        const w = new Worker("/tests/browser/api-worker.mjs", { type: "module" });
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => resolve({ ok: false, error: e.message });
        w.postMessage(inp);
      }),
    input,
  );
  assert.deepEqual(page.errors, []);
  await page.context().close();
  assert.ok(reply.ok, reply.error);
  return reply.result;
}

function checkStream(s, text, exp) {
  const bytes = Buffer.from(text);
  assert.deepEqual(s.whole, exp.en, "scan of the whole text = CLI");
  assert.deepEqual(s.wholeZh, exp.zh, "scan zh of the whole text = CLI");
  assert.ok(exp.en.length >= 2, "the text holds several incidents");
  const lineStart = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lineStart.push(i + 1);
  for (const [name, c] of Object.entries(s.chunked)) {
    assert.deepEqual(c.found, s.whole, name);
    assert.equal(c.bytes, bytes.length, `${name}: bytes`);
    const size = name.startsWith("bytes:") ? Number(name.slice(6)) : null;
    if (size && size <= 64) {
      // Incidents whose text crosses a chunk boundary still come out whole.
      const spanning = c.found.filter((inc) => {
        const a = lineStart[inc.start_line - 1];
        const b = (lineStart[inc.end_line] ?? bytes.length) - 1;
        return Math.floor(a / size) !== Math.floor(b / size);
      });
      assert.ok(spanning.length > 0, `${name}: an incident spans a chunk boundary`);
      assert.ok(c.beforeFinish > 0, `${name}: incidents are returned before finish`);
    }
  }
  assert.deepEqual(s.zh, exp.zh, "Scanner({lang: 'zh'})");
}

function checks(r) {
  const list = [];
  const test = (name, opts, fn) => list.push(fn ? [name, opts, fn] : [name, {}, opts]);

  test("init loads the English text; Chinese loads on request, and calls in it throw until then", () => {
    assert.deepEqual(r.languages, { en: true, zh: false });
    for (const e of r.zhBeforeLoad) {
      assert.ok(e?.isError, "throws an Error");
      assert.equal(e.message, 'the catalog text in "zh" is not loaded: call `await loadLanguage("zh")` first');
    }
    assert.deepEqual(r.badLanguage, { isError: true, message: 'unknown language "fr" (use "en" or "zh")' });
    assert.match(r.badText[0].message, /^invalid catalog text: .* at line 1 column \d+$/);
    assert.equal(r.badText[1].message, "text for unknown signature XX1");
    assert.equal(r.badText[2].message, 'unknown language "fr" (use "en" or "zh")');
    assert.equal(r.zhAfterBadText, false, "bad text loads nothing");
    assert.deepEqual(r.languagesAfterLoad, { en: true, zh: true });
  });

  test("scan gives the CLI's incidents for every example log and fixture (en and zh)", () => {
    let incidents = 0;
    for (const f of expected.files) {
      assert.deepEqual(r.scan[rel(f)], expected.en.get(f), `scan ${rel(f)}`);
      assert.deepEqual(r.scanZh[rel(f)], expected.zh.get(f), `scan zh ${rel(f)}`);
      incidents += expected.en.get(f).length;
    }
    assert.ok(incidents > 300, `only ${incidents} incidents in the fixtures`);
  });

  test("annotate gives the first incident's annotation of a text", () => {
    let checked = 0;
    for (const f of expected.files) {
      const first = expected.en.get(f)[0];
      // JSON-lines texts too: their lines are read as records, as scan does.
      assert.deepEqual(r.annotate[rel(f)], first ? withoutLocation(first) : null, `annotate ${rel(f)}`);
      checked += 1;
    }
    assert.ok(checked > 300);
    assert.equal(r.annotateNone, null);
  });

  test("annotateRecord matches `panicsig annotate` for each shape; bad records throw", () => {
    for (const shape of ["nested", "ecs", "otel"]) assert.equal(r.records[shape], expected.record[shape], shape);
    assert.notEqual(r.records.nested, input.record, "the record gained an annotation");
    assert.equal(r.records.compactZh, expected.recordCompactZh);
    assert.equal(r.records.plain, input.plainRecord, "a record without a crash is unchanged");
    assert.equal(r.records.plain, expected.recordPlain);
    for (const e of r.recordErrors) {
      assert.ok(e?.isError, "throws an Error");
      assert.equal(e.message, "invalid record: expected one complete JSON object");
    }
    assert.match(r.optionErrors[0].message, /^invalid options: expected an object/);
    assert.match(r.optionErrors[1].message, /^invalid options: `lang`: unknown variant `fr`, expected `en` or `zh`$/);
    assert.match(r.optionErrors[2].message, /^invalid options: unknown field `language`/);
  });

  test("catalog lists the CLI catalog in both languages", () => {
    for (const [lang, got] of [
      ["en", r.catalogEn],
      ["zh", r.catalogZh],
    ]) {
      assert.deepEqual(
        got,
        expected.catalog.map((s) => ({
          code: s.code,
          slug: s.slug,
          title: s.title[lang],
          severity: s.severity,
          category: s.category,
          summary: s.summary[lang],
          remediation: s.remediation[lang],
          commands: s.commands,
        })),
        lang,
      );
    }
  });

  test("addSignatures rejects bad input with a clear message and adds nothing", () => {
    const [json, dup, regex, severity] = r.badSignatures;
    for (const e of r.badSignatures) assert.ok(e?.isError, "throws an Error");
    assert.match(json.message, /^invalid signature: .* at line 1 column \d+$/);
    assert.match(dup.message, /^signature GP101 \(acme-dup\) duplicates GP101 \(nil-pointer-dereference\)$/);
    assert.match(regex.message, /^signature ACME001: bad message_regex: /);
    assert.match(severity.message, /unknown variant `urgent`, expected one of `low`, `medium`, `high`, `critical`/);
    assert.equal(r.catalogAfterBad, expected.catalog.length);
  });

  test("a user signature added with addSignatures classifies as with `panicsig scan --signatures`", () => {
    assert.equal(r.added, 1);
    assert.equal(expected.withUser[0].code, "ACME001", "the CLI picks the user entry");
    assert.deepEqual(r.scanWithUser, expected.withUser);
    assert.ok(r.catalogAfterGood.includes("ACME001"));
    assert.equal(r.catalogAfterGood.length, expected.catalog.length + 1);
    assert.match(r.duplicateOfUser.message, /duplicates ACME001/);
    assert.equal(r.catalogAfterReset, expected.catalog.length);
    assert.deepEqual(r.scanAfterReset, expected.en.get(expected.generic));
  });

  for (const [name, text] of Object.entries(input.streams)) {
    test(`a Scanner fed in small chunks finds what scan finds in the whole text (${name})`, () =>
      checkStream(r.streams[name], text, expected.streams[name]),
    );
  }

  return list;
}

// The probe runs once per context inside a parent test; each check is a
// subtest of it.
test("ES module API in a page", async (t) => {
  const r = await runInPage();
  assert.equal(r.context, "page");
  for (const [name, opts, fn] of checks(r)) await t.test(name, opts, fn);
});

test("ES module API in a module Worker", async (t) => {
  const r = await runInWorker();
  assert.equal(r.context, "worker");
  for (const [name, opts, fn] of checks(r)) await t.test(name, opts, fn);
});

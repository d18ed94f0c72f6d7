// Runs every call of panicsig's ES module API on inputs from the test and
// returns plain results; loaded in a page (module.test.mjs) and in a module
// Worker (api-worker.mjs), so both contexts are checked against the CLI.

import init, * as ps from "/examples/browser/pkg/panicsig.js";

const thrown = (fn) => {
  try {
    fn();
    return null;
  } catch (e) {
    return { isError: e instanceof Error, message: e.message };
  }
};

/** Feeds `text` to a Scanner in chunks of `size` bytes (or characters with
 *  `pushText`) and returns what it found and its byte count. */
function stream(text, size, { asText = false, options } = {}) {
  const scanner = new ps.Scanner(options);
  const found = [];
  let pushes = 0;
  if (asText) {
    const chars = [...text];
    for (let i = 0; i < chars.length; i += size) {
      found.push(...scanner.pushText(chars.slice(i, i + size).join("")));
      pushes += 1;
    }
  } else {
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i < bytes.length; i += size) {
      found.push(...scanner.push(bytes.subarray(i, i + size)));
      pushes += 1;
    }
  }
  const beforeFinish = found.length;
  found.push(...scanner.finish());
  const bytes = scanner.bytes;
  scanner.free();
  return { found, bytes, pushes, beforeFinish };
}

export async function probe(input) {
  await init();
  const out = { context: typeof window === "undefined" ? "worker" : "page" };

  // init() loads English only; Chinese on request.
  out.languages = { en: ps.hasLanguage("en"), zh: ps.hasLanguage("zh") };
  out.zhBeforeLoad = [thrown(() => ps.scan("x", { lang: "zh" })), thrown(() => ps.catalog({ lang: "zh" })),
    thrown(() => new ps.Scanner({ lang: "zh" }))];
  out.badLanguage = await ps.loadLanguage("fr").then(() => null, (e) => ({ isError: e instanceof Error, message: e.message }));
  out.badText = [thrown(() => ps.setLanguageText("zh", "[")), thrown(() => ps.setLanguageText("zh", '[{"code":"XX1","title":"t","summary":"s","remediation":"r"}]')),
    thrown(() => ps.setLanguageText("fr", "[]"))];
  out.zhAfterBadText = ps.hasLanguage("zh");
  await ps.loadLanguage("zh");
  await ps.loadLanguage("zh");
  out.languagesAfterLoad = { en: ps.hasLanguage("en"), zh: ps.hasLanguage("zh") };

  out.scan = {};
  out.scanZh = {};
  out.annotate = {};
  for (const [name, text] of Object.entries(input.texts)) {
    out.scan[name] = ps.scan(text);
    out.scanZh[name] = ps.scan(text, { lang: "zh" });
    out.annotate[name] = ps.annotate(text) ?? null;
  }
  out.annotateNone = ps.annotate(input.noCrash) ?? null;

  out.records = {};
  for (const shape of ["nested", "ecs", "otel"]) out.records[shape] = ps.annotateRecord(input.record, { shape });
  out.records.compactZh = ps.annotateRecord(input.record, { lang: "zh", compact: true });
  out.records.plain = ps.annotateRecord(input.plainRecord);
  out.recordErrors = input.badRecords.map((r) => thrown(() => ps.annotateRecord(r)));
  out.optionErrors = [thrown(() => ps.scan("x", "zh")), thrown(() => ps.scan("x", { lang: "fr" })),
    thrown(() => ps.scan("x", { language: "zh" }))];

  out.catalogEn = ps.catalog();
  out.catalogZh = ps.catalog({ lang: "zh" });

  out.badSignatures = input.badSignatures.map((j) => thrown(() => ps.addSignatures(j)));
  out.catalogAfterBad = ps.catalog().length;
  out.added = ps.addSignatures(input.goodSignature);
  out.catalogAfterGood = ps.catalog().map((s) => s.code);
  out.scanWithUser = ps.scan(input.texts[input.userTarget]);
  out.duplicateOfUser = thrown(() => ps.addSignatures(input.goodSignature));
  ps.resetSignatures();
  out.catalogAfterReset = ps.catalog().length;
  out.scanAfterReset = ps.scan(input.texts[input.userTarget]);

  out.streams = {};
  for (const [name, text] of Object.entries(input.streams)) {
    const r = { whole: ps.scan(text), wholeZh: ps.scan(text, { lang: "zh" }), chunked: {} };
    for (const size of input.chunkSizes) r.chunked[`bytes:${size}`] = stream(text, size);
    r.chunked["text:13"] = stream(text, 13, { asText: true });
    r.zh = stream(text, 1000, { options: { lang: "zh" } }).found;
    out.streams[name] = r;
  }
  return out;
}

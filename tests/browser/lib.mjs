// Shared helpers for the browser tests and bench: a static server over the
// repository, headless Chromium, the native CLI as the source of expected
// values, and logs built from the real example logs and Go fixtures.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PKG = path.join(ROOT, "examples/browser/pkg");
export const SHOTS = path.join(ROOT, "target/browser");
export const TMP = path.join(ROOT, "target/browser/tmp");
export const VIEWER = "/examples/browser/index.html";

const BIN = process.env.PANICSIG_BIN ?? path.join(ROOT, "target/debug/panicsig");

/** Fails early, with the reason, when the package or the CLI is missing or
 *  the wasm does not instantiate (checked in Node's V8 first). */
export async function requireBuild() {
  const wasm = path.join(PKG, "panicsig_wasm_bg.wasm");
  const en = path.join(PKG, "panicsig.en.json");
  for (const f of [path.join(PKG, "panicsig.js"), wasm, en, BIN]) {
    if (!existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing: run \`make web\` and \`cargo build\` first`);
  }
  const pkg = await import(path.join(PKG, "panicsig.js"));
  try {
    pkg.initSync({ module: readFileSync(wasm) });
    pkg.setLanguageText("en", readFileSync(en, "utf8"));
    pkg.catalog();
  } catch (e) {
    throw new Error(`examples/browser/pkg/panicsig_wasm_bg.wasm does not instantiate (${e.message}); check the wasm-opt step of \`make web\``);
  }
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(TMP, { recursive: true });
}

// ---- native CLI (expected values) ------------------------------------------

/** The CLI's `annotate` output without what only a stream of records can
 * have: the incident id of a crash logged one line per record and the links
 * of the records after it (`annotateRecord` sees one record). */
export function unlinked(text) {
  return text.replace(/,"incident_id":"[0-9a-f]{16}"/g, "").replace(/,"go_panic_incident":"[0-9a-f]{16}"/g, "");
}

export function cli(args, input) {
  return execFileSync(BIN, args, { cwd: ROOT, input, maxBuffer: 1 << 30, encoding: "utf8" });
}

/** `panicsig scan` of one file: incidents without the `file` field. */
export function cliScan(file, { lang, signatures } = {}) {
  const args = ["scan"];
  if (lang) args.push("--lang", lang);
  if (signatures) args.push("--signatures", signatures);
  args.push(file);
  return cli(args)
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const { file: _, ...rest } = JSON.parse(l);
      return rest;
    });
}

/** `panicsig scan` of many files in one run: Map(path → incidents). */
export function cliScanMany(files, { lang } = {}) {
  const args = ["scan"];
  if (lang) args.push("--lang", lang);
  const out = new Map(files.map((f) => [f, []]));
  for (const line of cli([...args, ...files]).split("\n")) {
    if (!line) continue;
    const { file, ...rest } = JSON.parse(line);
    out.get(path.resolve(ROOT, file)).push(rest);
  }
  return out;
}

/** The catalog as `panicsig catalog --format json` prints it. */
export function cliCatalog() {
  return JSON.parse(cli(["catalog", "--format", "json"]));
}

/** Incidents grouped by fingerprint, in order of first appearance. */
export function groupByFingerprint(incidents) {
  const groups = new Map();
  for (const inc of incidents) {
    if (!groups.has(inc.fingerprint)) groups.set(inc.fingerprint, []);
    groups.get(inc.fingerprint).push(inc);
  }
  return [...groups.values()];
}

// ---- fixtures ----------------------------------------------------------------

export function listFiles(dir, pred = () => true) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, pred));
    else if (pred(p)) out.push(p);
  }
  return out;
}

export const exampleLogs = () => listFiles(path.join(ROOT, "examples/logs"), (p) => p.endsWith(".log"));

/** Go crash outputs (`.txt`) of the fixture corpora. */
export const fixtureCrashes = () =>
  ["tests/fixtures/corpus", "tests/fixtures/gen"].flatMap((d) =>
    listFiles(path.join(ROOT, d), (p) => p.endsWith(".txt")),
  );

/** Crash text copied from public issues, and its look-alikes. */
export const realWorld = () =>
  listFiles(path.join(ROOT, "tests/fixtures/realworld"), (p) => p.endsWith(".txt"));

/** Lines of a file, without the final empty string after a trailing newline. */
export function fileLines(file) {
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Lines of the plain-text example logs that lie outside every incident
 *  the native scanner finds in them: real service noise. */
export function noiseLines() {
  const out = [];
  for (const f of exampleLogs()) {
    if (!/service-raw|api-server/.test(f)) continue;
    const inside = new Set();
    for (const inc of cliScan(f)) for (let n = inc.start_line; n <= inc.end_line; n++) inside.add(n);
    fileLines(f).forEach((l, i) => {
      if (!inside.has(i + 1) && l.trim()) out.push(l);
    });
  }
  return out;
}

/** Crash blocks from the fixtures that the native scanner reads as exactly
 *  one incident spanning the whole file. */
export function crashBlocks(limit = Infinity) {
  const blocks = [];
  for (const f of fixtureCrashes()) {
    if (blocks.length >= limit) break;
    const lines = fileLines(f);
    const found = cliScan(f);
    if (found.length === 1 && lines.length <= 80) blocks.push({ file: f, lines, incident: found[0] });
  }
  return blocks;
}

/**
 * Writes a log of about `bytes` bytes: example-log noise lines repeated, with
 * a fixture crash block after every `every` noise lines. Returns the path and
 * how many crash blocks and lines went in.
 */
export function buildLargeLog(name, bytes, every) {
  const noise = noiseLines();
  const blocks = crashBlocks(40);
  const file = path.join(TMP, name);
  const parts = [];
  let size = 0;
  let i = 0;
  let crashes = 0;
  let crashLines = 0;
  while (size < bytes) {
    const l = noise[i % noise.length];
    parts.push(l);
    size += Buffer.byteLength(l) + 1;
    i += 1;
    if (i % every === 0) {
      const b = blocks[crashes % blocks.length];
      for (const bl of b.lines) {
        parts.push(bl);
        size += Buffer.byteLength(bl) + 1;
      }
      crashes += 1;
      crashLines += b.lines.length;
    }
  }
  writeFileSync(file, parts.join("\n") + "\n");
  return { file, crashes, crashLines, size: statSync(file).size, lines: parts.length };
}

// ---- server and browser --------------------------------------------------------

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ts": "text/plain; charset=utf-8",
};

/** Serves the repository read-only on 127.0.0.1; `extra` maps URL paths to
 *  generated content. */
export async function serve(extra = {}) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const pathname = decodeURIComponent(url.pathname);
    if (pathname in extra) {
      res.writeHead(200, { "content-type": TYPES[path.extname(pathname)] ?? "text/plain", "cache-control": "no-store" });
      res.end(extra[pathname]);
      return;
    }
    const file = path.join(ROOT, pathname);
    if (!file.startsWith(ROOT + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] ?? "text/plain; charset=utf-8",
      "content-length": statSync(file).size,
      "cache-control": "no-store",
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox"],
  });
}

/** A page that fails the test on any page error or console error. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") page.errors.push(`console.${m.type()}: ${m.text()}`);
  });
  return page;
}

/** Opens the viewer and waits for the scanner worker to be ready. */
export async function openViewer(page, base) {
  await page.goto(base + VIEWER);
  // The language toggle works once the worker has sent both catalogs; the
  // file input works at once.
  await page.waitForFunction(() => document.body.dataset.state === "idle");
}

/** Waits until the scan is done, every card is built and the log view shows
 *  lines. */
export async function settled(page, timeout = 60_000) {
  await page.waitForFunction(
    () =>
      document.body.dataset.state === "done" &&
      document.querySelector("#incidents").getAttribute("aria-busy") === "false" &&
      document.querySelector("#log-lines").dataset.view === "ready",
    null,
    { timeout },
  );
}

/** Loads a file through the viewer's file input and waits for the scan. */
export async function loadFile(page, file, timeout = 60_000) {
  await page.setInputFiles("#file", file);
  await settled(page, timeout);
}

/** What the viewer shows for each incident group. */
export function readCards(page) {
  return page.$$eval("#incidents .incident", (cards) =>
    cards.map((c) => {
      const q = (s) => c.querySelector(s);
      const t = (s) => q(s)?.textContent ?? null;
      return {
        fingerprint: c.dataset.fingerprint,
        code: t(".code"),
        title: t(".title"),
        severity: t(".badge"),
        count: Number(c.dataset.count),
        countText: t(".count"),
        message: t(".message code"),
        crashSite: t(".crash-site"),
        culprit: t(".culprit"),
        summary: t(".summary-text"),
        remediation: t(".remediation-text"),
        remediationLang: q(".remediation-text").lang,
        commands: [...c.querySelectorAll(".commands .cmd")].map((e) => e.textContent),
        frames: [...c.querySelectorAll(".frames .frame")].map((f) => ({
          fn: f.querySelector(".fn").textContent,
          loc: f.querySelector(".loc").textContent,
          runtime: f.classList.contains("runtime"),
          culprit: f.classList.contains("culprit"),
          opacity: Number(getComputedStyle(f).opacity),
        })),
        goroutinesSummary: c.querySelector(".goroutines").hidden ? null : t(".goroutines > summary"),
        buckets: [...c.querySelectorAll(".bucket")].map((b) => ({
          count: Number(b.dataset.count),
          countText: b.querySelector(".bucket-count").textContent,
          states: b.querySelector(".bucket-states").textContent,
          own: b.querySelector(".bucket-head .fn")?.textContent ?? null,
          crashed: b.classList.contains("crashed"),
        })),
        ranges: [...c.querySelectorAll(".jump")].map((b) => [Number(b.dataset.start), Number(b.dataset.end)]),
        hidden: c.hidden || c.offsetParent === null,
      };
    }),
  );
}

export const siteText = (s) => (s ? `${s.function} ${s.file}:${s.line}` : "—");

/** Reveals every card hidden behind "Show more". */
export async function showAll(page) {
  await settled(page);
  while (await page.$("#incidents .more")) {
    await page.click("#incidents .more");
    await settled(page);
  }
}

/** The cards must show what the CLI found in `file`, group by group. */
export async function assertMatchesCli(page, file) {
  const en = cliScan(file);
  const zh = cliScan(file, { lang: "zh" });
  const zhByFp = new Map(zh.map((i) => [i.fingerprint, i]));
  const groups = groupByFingerprint(en);
  await showAll(page);
  const cards = await readCards(page);
  const label = path.relative(ROOT, file);
  assert.equal(cards.length, groups.length, `${label}: one card per fingerprint`);
  const summary = await page.textContent("#summary");
  assert.match(summary, new RegExp(`${en.length.toLocaleString("en")} incidents?, ${groups.length} distinct`), label);

  groups.forEach((group, i) => {
    const first = group[0];
    const card = cards[i];
    const where = `${label} card ${i} (${first.code})`;
    assert.equal(card.fingerprint, first.fingerprint, where);
    assert.equal(card.code, first.code, where);
    assert.equal(card.title, first.title, where);
    assert.equal(card.severity, first.severity, where);
    assert.equal(card.count, group.length, where);
    assert.equal(card.countText, `×${group.length}`, where);
    assert.equal(card.message, first.message, where);
    assert.equal(card.crashSite, siteText(first.crash_site), where);
    assert.equal(card.culprit, siteText(first.culprit), where);
    assert.equal(card.remediation, first.remediation, where);
    assert.equal(card.summary, first.summary, where);
    assert.equal(card.remediationLang, "en", where);
    assert.deepEqual(card.commands, first.commands, where);
    assert.deepEqual(
      card.ranges,
      group.slice(0, card.ranges.length).map((inc) => [inc.start_line, inc.end_line]),
      where,
    );
    assert.ok(card.ranges.length >= Math.min(group.length, 12), where);
    assert.equal(card.frames.length, first.stack.length, where);
    card.frames.forEach((f, k) => {
      const s = first.stack[k];
      assert.equal(f.fn, s.function, where);
      assert.equal(f.loc, s.line ? `${s.file}:${s.line}` : s.file, where);
      assert.equal(f.runtime, s.runtime, where);
      const isCulprit = first.culprit != null && s.function === first.culprit.function && s.file === first.culprit.file && s.line === first.culprit.line;
      assert.equal(f.culprit, isCulprit, `${where}: culprit frame ${k}`);
      assert.ok(s.runtime ? f.opacity < 1 : f.opacity === 1, `${where}: runtime frames are dimmed`);
    });
    // Goroutines grouped by stack, most first, as the CLI groups them.
    const buckets = first.buckets ?? [];
    assert.equal(card.goroutinesSummary === null, buckets.length === 0, where);
    assert.deepEqual(
      card.buckets,
      buckets.slice(0, 100).map((b) => ({
        count: b.count,
        countText: `×${b.count.toLocaleString("en")}`,
        states: b.states.join(", "),
        own: b.own?.function ?? null,
        crashed: b.crashed === true,
      })),
      `${where}: buckets`,
    );
    if (first.culprit && first.stack.some((s) => s.function === first.culprit.function)) {
      assert.ok(card.frames.some((f) => f.culprit), `${where}: culprit frame highlighted`);
    }
  });
  return { en, zh, zhByFp, groups };
}

// Browser bench (`make browser-bench`): scan throughput of the wasm Scanner
// in headless Chromium on a ~100 MB mostly non-crash log built from the
// example logs (~0.1% crash lines from the Go fixtures), and the size of the
// wasm. Writes target/bench/browser.md.

import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import {
  PKG,
  ROOT,
  buildLargeLog,
  cliScan,
  crashBlocks,
  launch,
  loadFile,
  newPage,
  openViewer,
  requireBuild,
  serve,
} from "./lib.mjs";

const MB = 1 << 20;
const CHUNK = 4 * MB;
const RUNS = 5;
const GOAL_SECONDS_PER_100MB = 2;
const GOAL_GZIP_KB = 100;

// Scans the fetched log RUNS times with a Scanner fed CHUNK-byte slices; the
// same function runs in a module Worker and on a page's main thread.
const benchSource = `
import init, { Scanner } from "/examples/browser/pkg/panicsig.js";
export async function bench({ url, chunk, runs }) {
  await init();
  const buf = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const results = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const s = new Scanner();
    let n = 0;
    for (let i = 0; i < buf.length; i += chunk) n += s.push(buf.subarray(i, i + chunk)).length;
    n += s.finish().length;
    s.free();
    results.push({ ms: performance.now() - t, incidents: n });
  }
  return { bytes: buf.length, results };
}
`;
const workerSource = `
import { bench } from "/__bench.mjs";
self.onmessage = async ({ data }) => self.postMessage(await bench(data));
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await requireBuild();
const avgBlock = (() => {
  const blocks = crashBlocks(40);
  return blocks.reduce((n, b) => n + b.lines.length, 0) / blocks.length;
})();
// One crash block per `every` noise lines gives ~0.1% crash lines.
const every = Math.round(avgBlock * 999);
const log = buildLargeLog("bench-100mb.log", 100 * MB, every);
const crashLines = log.crashLines;
const expected = cliScan(log.file).length;

const srv = await serve({
  "/__bench.mjs": benchSource,
  "/__bench-worker.mjs": workerSource,
  "/__blank.html": '<!doctype html><link rel="icon" href="data:,"><title>bench</title>',
});
const browser = await launch();
const page = await newPage(browser);
await page.goto(`${srv.url}/__blank.html`);
const url = "/" + path.relative(ROOT, log.file);

const inWorker = await page.evaluate(
  (args) =>
    new Promise((resolve, reject) => {
      const w = new Worker("/__bench-worker.mjs", { type: "module" });
      w.onmessage = (e) => resolve(e.data);
      w.onerror = (e) => reject(new Error(e.message));
      w.postMessage(args);
    }),
  { url, chunk: CHUNK, runs: RUNS },
);
const onPage = await page.evaluate(async (args) => (await import("/__bench.mjs")).bench(args), { url, chunk: CHUNK, runs: RUNS });

// The viewer end to end: File slices, line index, scan, messages, rendering.
const viewer = await newPage(browser);
await openViewer(viewer, srv.url);
const viewerRuns = [];
for (let r = 0; r < 3; r++) {
  const t = Date.now();
  await loadFile(viewer, log.file, 300_000);
  viewerRuns.push(Date.now() - t);
}
const viewerSummary = await viewer.textContent("#summary");
const version = browser.version();
await browser.close();
await srv.close();

for (const r of [...inWorker.results, ...onPage.results]) {
  if (r.incidents !== expected) throw new Error(`bench scan found ${r.incidents} incidents, the CLI ${expected}`);
}
if (!viewerSummary.includes(`${expected} incidents`)) throw new Error(`viewer: ${viewerSummary}`);

const wasm = readFileSync(path.join(PKG, "panicsig_wasm_bg.wasm"));
const glue = Buffer.concat([readFileSync(path.join(PKG, "panicsig.js")), readFileSync(path.join(PKG, "panicsig_wasm.js"))]);
const text = Object.fromEntries(["en", "zh"].map((l) => [l, readFileSync(path.join(PKG, `panicsig.${l}.json`))]));
const gz = (b) => gzipSync(b, { level: 9 }).length;
const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const sizeMB = log.size / MB;
const row = (name, runs) => {
  const ms = median(runs.map((r) => r.ms ?? r));
  const best = Math.min(...runs.map((r) => r.ms ?? r));
  const per100 = (ms / 1000) * (100 / sizeMB);
  return { name, ms, best, mbps: sizeMB / (ms / 1000), per100 };
};
const rows = [
  row("Scanner in a module Worker, 4 MiB chunks", inWorker.results),
  row("Scanner on the page's main thread, 4 MiB chunks", onPage.results),
  row("Viewer end to end (file input → 100%, incl. line index and rendering)", viewerRuns),
];
const ok = (b) => (b ? "✅" : "❌");
const bytes = (n) => `${n.toLocaleString("en")} bytes (${(n / 1024).toFixed(1)} KiB)`;

const load = os.loadavg().map((x) => x.toFixed(2)).join(", ");

const md = `# Browser bench

Chromium ${version} (headless), ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${load} at the end.
Input: ${sizeMB.toFixed(1)} MiB, ${log.lines.toLocaleString("en")} lines built from \`examples/logs\` noise lines with
${log.crashes} Go fixture crash blocks (~${crashLines.toLocaleString("en")} crash lines, ${((100 * crashLines) / log.lines).toFixed(2)}%);
${expected} incidents, as \`panicsig scan\` finds. Median of ${RUNS} runs (viewer: 3), input already in memory except for the viewer row.

| measure | figure | goal | met |
| --- | --- | --- | --- |
${rows
  .map(
    (r) =>
      `| ${r.name} | ${r.mbps.toFixed(0)} MB/s (${(r.ms / 1000).toFixed(2)} s; best ${(r.best / 1000).toFixed(2)} s) → ${r.per100.toFixed(2)} s per 100 MB | 100 MB in ≤ ${GOAL_SECONDS_PER_100MB} s | ${ok(r.per100 <= GOAL_SECONDS_PER_100MB)} |`,
  )
  .join("\n")}
| \`panicsig_wasm_bg.wasm\` raw | ${bytes(wasm.length)} | — | — |
| \`panicsig_wasm_bg.wasm\` gzip -9 | ${bytes(gz(wasm))} | ≤ ${GOAL_GZIP_KB} KB (${GOAL_GZIP_KB * 1000} bytes) gzipped | ${ok(gz(wasm) <= GOAL_GZIP_KB * 1000)} |
| \`panicsig_wasm_bg.wasm\` brotli -11 (for reference) | ${bytes(br(wasm))} | — | — |
| \`panicsig.js\` + \`panicsig_wasm.js\` glue raw / gzip -9 | ${bytes(glue.length)} / ${bytes(gz(glue))} | — | — |
| catalog text \`panicsig.en.json\` raw / gzip -9 (fetched by \`init()\`) | ${bytes(text.en.length)} / ${bytes(gz(text.en))} | — | — |
| catalog text \`panicsig.zh.json\` raw / gzip -9 (fetched for \`lang: "zh"\`) | ${bytes(text.zh.length)} / ${bytes(gz(text.zh))} | — | — |
| what a page using English downloads: wasm + glue + \`panicsig.en.json\`, gzip -9 | ${bytes(gz(wasm) + gz(glue) + gz(text.en))} | — | — |

MB/s counts 1 MB = 2^20 bytes. Viewer: ${viewerSummary.trim()}
`;

unlinkSync(log.file);
const out = path.join(ROOT, "target/bench/browser.md");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, md);
process.stdout.write(md + `\nreport: ${path.relative(ROOT, out)}\n`);

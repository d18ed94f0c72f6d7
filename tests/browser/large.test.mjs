// A 50 MB log in the viewer: the scan runs in the worker, the progress bar
// reaches 100%, the page keeps painting, and the log view holds a window of
// lines, never the whole log.

import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  SHOTS,
  assertMatchesCli,
  buildLargeLog,
  cliScan,
  launch,
  newPage,
  openViewer,
  requireBuild,
  serve,
} from "./lib.mjs";

let srv;
let browser;
let log;

before(async () => {
  await requireBuild();
  srv = await serve();
  browser = await launch();
  // Noise lines of the example logs with a fixture crash every 2000 lines.
  log = buildLargeLog("large-50mb.log", 50 << 20, 2000);
});

after(async () => {
  await browser?.close();
  await srv?.close();
  if (log) rmSync(log.file, { force: true });
});

test("a 50 MB log: progress to 100%, every incident, a responsive page", async (t) => {
  assert.ok(log.size >= 50 << 20);
  const expected = cliScan(log.file);
  assert.equal(expected.length, log.crashes, "the CLI finds each inserted crash once");

  const page = await newPage(browser);
  await openViewer(page, srv.url);
  // Heartbeat: animation frames and timer ticks on the page's main thread,
  // plus the progress values seen while the scan runs.
  await page.evaluate(() => {
    const hb = (window.heartbeat = { frames: [], ticks: [], progress: [], start: 0, end: 0 });
    const bar = document.querySelector("#progress");
    const frame = () => {
      hb.frames.push(performance.now());
      if (document.body.dataset.state === "scanning") {
        hb.start ||= performance.now();
        hb.progress.push([bar.value, bar.max]);
      } else if (hb.start && !hb.end) hb.end = performance.now();
      if (!hb.end) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    hb.timer = setInterval(() => hb.ticks.push(performance.now()), 10);
  });

  const t0 = Date.now();
  await page.setInputFiles("#file", log.file);
  await page.waitForFunction(() => window.heartbeat.end > 0, null, { timeout: 120_000 });
  const wall = Date.now() - t0;

  const hb = await page.evaluate(() => {
    const h = window.heartbeat;
    clearInterval(h.timer);
    const gaps = (xs) => {
      const inScan = xs.filter((t) => t >= h.start && t <= h.end);
      let max = 0;
      let at = 0;
      for (let i = 1; i < inScan.length; i++) {
        if (inScan[i] - inScan[i - 1] > max) [max, at] = [inScan[i] - inScan[i - 1], inScan[i - 1] - h.start];
      }
      return { n: inScan.length, max, at };
    };
    return { ms: h.end - h.start, frames: gaps(h.frames), ticks: gaps(h.ticks), progress: h.progress };
  });
  const p = await page.evaluate(() => {
    const bar = document.querySelector("#progress");
    return { value: bar.value, max: bar.max, label: document.querySelector("#progress-label").textContent };
  });
  t.diagnostic(`scan ${hb.ms.toFixed(0)} ms (wall ${wall} ms); frames ${hb.frames.n}, max gap ${hb.frames.max.toFixed(0)} ms at +${hb.frames.at.toFixed(0)} ms; timer max gap ${hb.ticks.max.toFixed(0)} ms at +${hb.ticks.at.toFixed(0)} ms`);

  assert.equal(p.value, log.size, "progress value = file size");
  assert.equal(p.max, log.size);
  assert.match(p.label, /^100% · 50\.0 MiB of 50\.0 MiB$/);
  assert.ok(
    hb.progress.some(([v, m]) => v > 0 && v < m),
    "the bar moved through intermediate values",
  );
  // The main thread kept painting and running timers during the scan (about
  // 1 s). The longest stall is the first cards' layout: 60-250 ms on two
  // shared cores, hence the margin.
  assert.ok(hb.frames.n >= Math.min(10, hb.ms / 100), `${hb.frames.n} frames in ${hb.ms} ms`);
  assert.ok(hb.frames.max < 400, `longest frame gap ${hb.frames.max} ms`);
  assert.ok(hb.ticks.max < 400, `longest timer gap ${hb.ticks.max} ms`);
  // The wasm runs in the viewer's module worker, not on the main thread.
  const wasmOn = (ctx) => ctx.evaluate(() => performance.getEntriesByType("resource").some((e) => e.name.endsWith("/panicsig_wasm_bg.wasm")));
  const workers = page.workers().filter((w) => w.url().endsWith("/examples/browser/worker.js"));
  assert.equal(workers.length, 1, "one scanner worker");
  assert.equal(await wasmOn(workers[0]), true, "the worker loaded the wasm");
  assert.equal(await wasmOn(page), false, "the page did not");

  // Every incident, grouped as the CLI groups them.
  await page.waitForFunction(() => !document.querySelector("#log-lines .empty"));
  await assertMatchesCli(page, log.file);
  const total = await page.$$eval("#incidents .incident", (cards) => cards.reduce((n, c) => n + Number(c.dataset.count), 0));
  assert.equal(total, expected.length);

  // Jump to the last incident: its lines come from the File, and the DOM
  // holds a window, not 450 000 lines.
  const last = expected.at(-1);
  const lines = readFileSync(log.file, "utf8").split("\n");
  const card = `.incident[data-fingerprint="${last.fingerprint}"]`;
  const jump = `${card} .jump[data-start="${last.start_line}"][data-end="${last.end_line}"]`;
  if (!(await page.$(jump))) await page.click(`${card} .occ-list .linklike`); // "Show all N"
  await page.click(jump);
  await page.waitForFunction((s) => document.querySelector("#log-lines .line.hl")?.dataset.line === String(s), last.start_line);
  const highlighted = await page.$$eval("#log-lines .line.hl", (els) => els.map((e) => Number(e.dataset.line)));
  assert.deepEqual(highlighted, Array.from({ length: last.end_line - last.start_line + 1 }, (_, k) => last.start_line + k));
  const shown = await page.$$eval("#log-lines .line", (els) => els.map((e) => [Number(e.dataset.line), e.querySelector(".tx").textContent]));
  assert.ok(shown.length <= 1500, `${shown.length} lines in the DOM`);
  for (const [n, text] of shown) assert.equal(text, lines[n - 1], `line ${n}`);
  const domNodes = await page.evaluate(() => document.getElementsByTagName("*").length);
  assert.ok(domNodes < 20_000, `${domNodes} DOM elements`);
  await page.screenshot({ path: path.join(SHOTS, "large-done.png") });

  // Once more for a picture of the bar mid-scan (screenshots stall the
  // renderer, so not during the measured scan).
  await page.setInputFiles("#file", log.file);
  await page.waitForFunction(() => document.querySelector("#progress").value > 0, null, { polling: "raf" });
  await page.screenshot({ path: path.join(SHOTS, "large-progress.png") });
  await page.waitForFunction(() => document.body.dataset.state === "done", null, { timeout: 120_000 });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

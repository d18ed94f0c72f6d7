// The ES module through a bundler: a small app imports the package from the
// main thread and from a module Worker, Vite builds it (emitting the wasm and
// the English catalog text as assets), and the built app scans a log in
// Chromium with the CLI's result.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "vite";
import { PKG, ROOT, TMP, cliScan, launch, newPage, requireBuild, serve } from "./lib.mjs";

const LOG = path.join(ROOT, "examples/logs/k8s-cri.log");

test("a Vite build of an app using the module scans in the page and in a Worker", async () => {
  await requireBuild();
  const app = path.join(TMP, "vite-app");
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  const pkg = JSON.stringify(path.join(PKG, "panicsig.js"));
  const log = JSON.stringify(`${LOG}?raw`);
  writeFileSync(path.join(app, "index.html"), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><pre id="page"></pre><pre id="worker"></pre><script type="module" src="./main.js"></script>`);
  writeFileSync(path.join(app, "main.js"), `
import init, { scan } from ${pkg};
import log from ${log};
await init();
document.getElementById("page").textContent = JSON.stringify(scan(log).map((i) => [i.code, i.start_line, i.end_line]));
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
worker.onmessage = ({ data }) => { document.getElementById("worker").textContent = JSON.stringify(data); };
worker.postMessage(log);
`);
  writeFileSync(path.join(app, "worker.js"), `
import init, { Scanner } from ${pkg};
const ready = init();
self.onmessage = async ({ data }) => {
  await ready;
  const s = new Scanner();
  const found = [...s.pushText(data), ...s.finish()];
  s.free();
  self.postMessage(found.map((i) => [i.code, i.start_line, i.end_line]));
};
`);
  const outDir = path.join(app, "dist");
  await build({
    root: app,
    base: "./",
    logLevel: "silent",
    configFile: false,
    server: { fs: { allow: [ROOT] } },
    build: { outDir, emptyOutDir: true, target: "es2022" },
    worker: { format: "es" },
  });
  const assets = readdirSync(path.join(outDir, "assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `the wasm is emitted as an asset: ${assets}`);
  assert.ok(assets.some((f) => /^panicsig\.en.*\.json$/.test(f)), `the English catalog text is emitted as an asset: ${assets}`);

  const want = JSON.stringify(cliScan(LOG).map((i) => [i.code, i.start_line, i.end_line]));
  assert.ok(want.length > 10);
  const server = await serve();
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await page.goto(`${server.url}/${path.relative(ROOT, outDir)}/index.html`);
    await page.waitForFunction(() => document.getElementById("worker").textContent !== "", null, { timeout: 30_000 });
    assert.equal(await page.textContent("#page"), want);
    assert.equal(await page.textContent("#worker"), want);
    assert.deepEqual(page.errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

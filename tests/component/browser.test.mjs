// The jco-transpiled component in headless Chromium: the browser example
// (examples/component/browser/) scans a sample log and lists the same
// incidents as the native CLI. Run by `make component-test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const repo = resolve(import.meta.dirname, '../..');
const cli = process.env.PANICSIG_BIN ?? join(repo, 'target/debug/panicsig');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** A static server for the repository root on a free localhost port. */
async function serve() {
  const server = createServer((req, res) => {
    let path = join(repo, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!path.startsWith(repo)) return res.writeHead(403).end();
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'text/plain; charset=utf-8' });
    createReadStream(path).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return server;
}

test('the browser example scans a log through the component', async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/examples/component/browser/`);
    await page.click('#sample');
    await page.waitForSelector('#incidents li');
    const shown = await page.$$eval('#incidents li', (lis) =>
      lis.map((li) => [li.dataset.code, li.dataset.severity]));
    const want = execFileSync(cli, ['scan', join(repo, 'examples/logs/k8s-cri.log')], { encoding: 'utf8' })
      .split('\n').filter(Boolean).map((l) => JSON.parse(l)).map((f) => [f.code, f.severity]);
    assert.ok(want.length > 0);
    assert.deepEqual(shown, want);
    assert.match(await page.textContent('#status'), new RegExp(`^${want.length} incident`));
    assert.deepEqual(errors, []);
    await page.screenshot({ path: join(repo, 'target/component-browser.png'), fullPage: true });
  } finally {
    await browser.close();
    server.close();
  }
});

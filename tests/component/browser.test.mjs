// The jco-transpiled component in headless Chromium: the browser example
// (examples/component/browser/) scans a sample log and lists the same
// incidents as the native CLI. Run by `make component-test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, cliScan, launch, newPage, serve } from '../browser/lib.mjs';

test('the browser example scans a log through the component', async () => {
  const server = await serve();
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await page.goto(`${server.url}/examples/component/browser/index.html`);
    await page.click('#sample');
    await page.waitForSelector('#incidents li');
    const shown = await page.$$eval('#incidents li', (lis) =>
      lis.map((li) => [li.dataset.code, li.dataset.severity]));
    const want = cliScan(join(ROOT, 'examples/logs/k8s-cri.log')).map((f) => [f.code, f.severity]);
    assert.ok(want.length > 0);
    assert.deepEqual(shown, want);
    assert.match(await page.textContent('#status'), new RegExp(`^${want.length} incident`));
    assert.deepEqual(page.errors, []);
    await page.screenshot({ path: join(ROOT, 'target/component-browser.png'), fullPage: true });
  } finally {
    await browser.close();
    await server.close();
  }
});

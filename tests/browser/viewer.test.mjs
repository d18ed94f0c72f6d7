// The log viewer (examples/browser/) in headless Chromium: what it shows for
// real logs must match `panicsig scan`; screenshots go to target/browser/.

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  ROOT,
  SHOTS,
  TMP,
  assertMatchesCli,
  cliCatalog,
  cliScan,
  exampleLogs,
  fileLines,
  fixtureCrashes,
  groupByFingerprint,
  launch,
  listFiles,
  loadFile,
  newPage,
  openViewer,
  readCards,
  requireBuild,
  serve,
  settled,
  showAll,
  siteText,
} from "./lib.mjs";

let srv;
let browser;
let allFixtures; // every fixture crash in one log

before(async () => {
  await requireBuild();
  srv = await serve();
  browser = await launch();
  allFixtures = path.join(TMP, "all-fixtures.log");
  writeFileSync(allFixtures, fixtureCrashes().map((f) => fileLines(f).join("\n") + "\n").join(""));
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

const shot = (page, name, opts = {}) => page.screenshot({ path: path.join(SHOTS, name), ...opts });

test("each example log and the fixture corpus show what `panicsig scan` finds, in English and Chinese", async () => {
  const page = await newPage(browser);
  await openViewer(page, srv.url);
  await shot(page, "viewer-empty.png");
  const catalogZh = new Map(cliCatalog().map((s) => [s.code, s.remediation.zh]));
  let total = 0;
  for (const file of [...exampleLogs(), allFixtures]) {
    await loadFile(page, file);
    const { en, zhByFp, groups } = await assertMatchesCli(page, file);
    total += en.length;

    // The language toggle is client-side and synchronous.
    const ms = await page.evaluate(() => {
      const t = performance.now();
      document.querySelector("#lang-zh").click();
      return performance.now() - t;
    });
    assert.ok(ms < 200, `zh toggle took ${ms} ms`);
    const cards = await readCards(page);
    cards.forEach((card, i) => {
      const first = groups[i][0];
      assert.equal(card.remediation, zhByFp.get(first.fingerprint).remediation, `${file} zh ${first.code}`);
      assert.equal(card.remediation, catalogZh.get(first.code));
      assert.equal(card.summary, zhByFp.get(first.fingerprint).summary);
      assert.equal(card.title, zhByFp.get(first.fingerprint).title);
      assert.equal(card.remediationLang, "zh");
    });
    assert.equal(await page.getAttribute("#lang-zh", "aria-pressed"), "true");
    if (file.endsWith("k8s-cri.log")) await shot(page, "viewer-zh.png");
    await page.click("#lang-en");
    const back = await readCards(page);
    back.forEach((card, i) => {
      assert.equal(card.remediation, groups[i][0].remediation);
      assert.equal(card.title, groups[i][0].title);
    });
    if (file.endsWith("api-server.log")) await shot(page, "viewer-en.png");
  }
  assert.ok(total > 300, `${total} incidents checked`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a goroutine dump shows its goroutines grouped by stack, filterable by state and function", async () => {
  const page = await newPage(browser);
  await openViewer(page, srv.url);
  const file = path.join(ROOT, "tests/fixtures/gen/go1.27/dump-mutex-pileup.txt");
  await loadFile(page, file);
  const [dump] = cliScan(file);
  assert.equal(dump.code, "GP701");
  const sec = "#incidents .incident .goroutines";
  assert.equal(await page.getAttribute(sec, "open"), "", "a dump opens its goroutines");
  assert.equal(await page.textContent(`${sec} > summary`), "Goroutines (44 in 3 distinct stacks)");
  const rows = () => page.$$eval(`${sec} .bucket-head`, (hs) => hs.map((h) => h.textContent));
  assert.deepEqual(await rows(), [
    "×40sync.Mutex.Lock1 minmain.(*Store).Putmain.go:20",
    "×3chan receive1 minmain.workermain.go:26",
    "×1runningmain.mainmain.go:48",
  ]);
  assert.equal(await page.textContent(`${sec} .bucket-more`), "3 stacks, 44 goroutines");

  // The state list counts goroutines; choosing one keeps its buckets.
  const states = await page.$$eval(`${sec} .bucket-state option`, (os) => os.map((o) => o.textContent));
  assert.deepEqual(states, ["all", "sync.Mutex.Lock (40)", "chan receive (3)", "running (1)"]);
  await page.selectOption(`${sec} .bucket-state`, "chan receive");
  assert.deepEqual(await rows(), ["×3chan receive1 minmain.workermain.go:26"]);
  assert.equal(await page.textContent(`${sec} .bucket-more`), "1 stack of 3, 3 goroutines");
  await page.selectOption(`${sec} .bucket-state`, "");
  await page.fill(`${sec} .bucket-term`, "store");
  assert.deepEqual(await rows(), ["×40sync.Mutex.Lock1 minmain.(*Store).Putmain.go:20"]);

  // Opening a bucket shows its stack as the CLI reports it. The viewer
  // builds it in the `toggle` handler, which runs after the click.
  await page.click(`${sec} .bucket-head`);
  await page.waitForSelector(`${sec} .bucket-frames .frame`);
  const frames = await page.$$eval(`${sec} .bucket-frames .frame`, (fs) =>
    fs.map((f) => [f.querySelector(".fn").textContent, f.querySelector(".loc").textContent]),
  );
  const pile = dump.buckets[0];
  assert.deepEqual(frames, [
    ...pile.stack.map((f) => [f.function, `${f.file}:${f.line}`]),
    [`created by ${pile.created_by.function}`, `${pile.created_by.file}:${pile.created_by.line}`],
  ]);
  assert.match(await page.textContent(`${sec} .bucket-ids`), /^goroutines \d+(, \d+){4}, …$/);
  await shot(page, "viewer-dump.png", { fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a log without crashes and an empty log", async () => {
  const page = await newPage(browser);
  await openViewer(page, srv.url);
  const negatives = path.join(TMP, "negatives.log");
  writeFileSync(negatives, listFiles(path.join(ROOT, "tests/fixtures/negative"), (p) => p.endsWith(".txt")).map((f) => readFileSync(f, "utf8")).join(""));
  assert.equal(cliScan(negatives).length, 0);
  await loadFile(page, negatives);
  assert.equal((await readCards(page)).length, 0);
  assert.equal(await page.textContent("#incidents .empty"), "No Go panics or fatal errors found in this log.");
  assert.match(await page.textContent("#summary"), /: no Go panics or fatal errors \(scanned in/);
  assert.equal(await page.$$eval("#log-lines .line", (l) => l.length), 200);

  const empty = path.join(TMP, "empty.log");
  writeFileSync(empty, "");
  await loadFile(page, empty);
  assert.match(await page.textContent("#summary"), /^empty\.log — 0 lines, 0 B: no Go panics/);
  assert.equal(await page.textContent("#progress-label"), "100% · 0 B of 0 B");
  assert.equal(await page.textContent("#log-lines"), "The log is empty.");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("jump to lines shows that range of the file; raw text and copy work", async () => {
  const page = await newPage(browser, { permissions: ["clipboard-read", "clipboard-write"] });
  await openViewer(page, srv.url);
  const file = path.join(ROOT, "examples/logs/service-raw.log");
  const lines = fileLines(file);
  await loadFile(page, file);
  const incidents = cliScan(file);
  const buttons = await page.$$("#incidents .jump");
  assert.equal(buttons.length, incidents.length);
  for (const btn of buttons) {
    const start = Number(await btn.getAttribute("data-start"));
    const end = Number(await btn.getAttribute("data-end"));
    await btn.click();
    await page.waitForFunction(
      ([s, e]) => {
        const hl = document.querySelectorAll("#log-lines .line.hl");
        return hl.length === e - s + 1 && Number(hl[0].dataset.line) === s;
      },
      [start, end],
    );
    const shown = await page.$$eval("#log-lines .line.hl", (els) => els.map((e) => [Number(e.dataset.line), e.querySelector(".tx").textContent]));
    assert.deepEqual(
      shown,
      lines.slice(start - 1, end).map((t, k) => [start + k, t]),
      `lines ${start}-${end}`,
    );
    // The first highlighted line is scrolled into view.
    const visible = await page.evaluate(() => {
      const box = document.querySelector("#log-lines").getBoundingClientRect();
      const first = document.querySelector("#log-lines .line.hl").getBoundingClientRect();
      return first.top >= box.top && first.bottom <= box.bottom;
    });
    assert.ok(visible, `line ${start} visible`);
    assert.equal(await page.evaluate(() => document.activeElement.id), "log-lines");
  }
  await shot(page, "viewer-jump.png");

  // Raw incident text, read back from the file.
  const first = incidents[0];
  await page.click("#incidents .incident .raw summary");
  await page.waitForFunction(() => document.querySelector(".raw-text").textContent.length > 0);
  assert.equal(await page.textContent(".raw-text"), lines.slice(first.start_line - 1, first.end_line).join("\n"));

  // Copy puts the command on the clipboard.
  await page.click("#incidents .incident .copy");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), first.commands[0]);
  assert.equal(await page.textContent("#incidents .incident .copy"), "Copied");

  // Earlier / Later move the window; Go to line highlights one line.
  await page.fill("#goto-line", "60");
  await page.press("#goto-line", "Enter");
  await page.waitForFunction(() => document.querySelector("#log-lines .line.hl")?.dataset.line === "60");
  assert.equal(await page.textContent("#log-lines .line.hl .tx"), lines[59]);
  const before = await page.$eval("#log-lines .line", (e) => Number(e.dataset.line));
  assert.equal(before, 20);
  await page.click("#log-prev");
  await page.waitForFunction(() => document.querySelector("#log-lines .line").dataset.line === "1");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("filters: severity, category and search", async () => {
  const page = await newPage(browser);
  await openViewer(page, srv.url);
  await loadFile(page, allFixtures);
  const groups = groupByFingerprint(cliScan(allFixtures));
  await showAll(page);
  const visible = async () => (await readCards(page)).filter((c) => !c.hidden).map((c) => c.fingerprint);
  const expectFp = (pred) => groups.filter((g) => pred(g[0])).map((g) => g[0].fingerprint);

  await page.uncheck('input[name=severity][value=critical]');
  await showAll(page);
  assert.deepEqual(await visible(), expectFp((i) => i.severity !== "critical"));
  assert.match(await page.textContent("#filter-note"), /hidden by the filters/);
  await page.check('input[name=severity][value=critical]');

  const categories = [...new Set(groups.map((g) => g[0].category))];
  assert.ok(categories.length >= 5, categories.join());
  await page.selectOption("#category", "concurrency");
  await showAll(page);
  assert.deepEqual(await visible(), expectFp((i) => i.category === "concurrency"));

  // Search within the category: a culprit function name.
  const target = groups.find((g) => g[0].category === "concurrency" && g[0].culprit)[0];
  const term = target.culprit.function.split(".").at(-1);
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search");
  await page.keyboard.type(term);
  const want = expectFp((i) => {
    const hay = [i.code, i.slug, i.title, i.category, i.kind, i.message, siteText(i.crash_site), siteText(i.culprit), i.fingerprint].join("\n").toLowerCase();
    return i.category === "concurrency" && hay.includes(term.toLowerCase());
  });
  await showAll(page);
  assert.deepEqual(await visible(), want);
  assert.ok(want.includes(target.fingerprint));
  await shot(page, "viewer-filtered.png");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("paste, drag-and-drop and the clipboard also scan", async () => {
  const page = await newPage(browser);
  await openViewer(page, srv.url);

  const docker = path.join(ROOT, "examples/logs/docker-json.log");
  await page.click("#paste-open");
  await page.fill("#paste-text", readFileSync(docker, "utf8"));
  await shot(page, "viewer-paste.png");
  await page.click("#paste-scan");
  await settled(page);
  await assertMatchesCli(page, docker);

  const cri = path.join(ROOT, "examples/logs/k8s-cri.log");
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], "k8s-cri.log", { type: "text/plain" }));
    document.querySelector("main").dispatchEvent(new DragEvent("dragenter", { bubbles: true, dataTransfer: dt }));
    document.querySelector("main").dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, readFileSync(cri, "utf8"));
  await page.waitForFunction(() => document.querySelector("#summary").textContent.startsWith("k8s-cri.log"));
  await settled(page);
  assert.equal(await page.isHidden("#dropzone"), true);
  await assertMatchesCli(page, cri);

  const journald = path.join(ROOT, "examples/logs/worker-journald.log");
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.setData("text/plain", text);
    document.body.dispatchEvent(new ClipboardEvent("paste", { bubbles: true, cancelable: true, clipboardData: dt }));
  }, readFileSync(journald, "utf8"));
  await page.waitForFunction(() => document.querySelector("#summary").textContent.startsWith("pasted text"));
  await settled(page);
  await assertMatchesCli(page, journald);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("dark scheme, narrow screen and keyboard use", async () => {
  const file = path.join(ROOT, "examples/logs/api-server.log");
  const dark = await newPage(browser, { colorScheme: "dark" });
  await openViewer(dark, srv.url);
  await loadFile(dark, file);
  const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, "rgb(15, 18, 22)");
  await shot(dark, "viewer-dark.png");
  assert.deepEqual(dark.errors, []);
  await dark.context().close();

  const narrow = await newPage(browser, { viewport: { width: 420, height: 900 } });
  await openViewer(narrow, srv.url);
  await loadFile(narrow, file);
  const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  await shot(narrow, "viewer-narrow.png", { fullPage: true });

  // Tab order reaches the file input, paste and the language toggle first.
  await narrow.goto(srv.url + "/examples/browser/index.html");
  const order = [];
  for (let i = 0; i < 5; i++) {
    await narrow.keyboard.press("Tab");
    order.push(await narrow.evaluate(() => document.activeElement.id || document.activeElement.className));
  }
  assert.deepEqual(order, ["skip", "file", "paste-open", "lang-en", "lang-zh"]);
  await narrow.keyboard.press("Enter");
  assert.equal(await narrow.getAttribute("#lang-zh", "aria-pressed"), "true");
  assert.deepEqual(narrow.errors, []);
  await narrow.context().close();
});

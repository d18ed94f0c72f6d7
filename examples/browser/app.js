// panicsig log viewer: the page side. Scanning runs in worker.js; this
// module groups incidents by fingerprint, filters them and shows a window of
// log lines read back from the File on demand (never the whole log).

const SEVERITIES = ["critical", "high", "medium", "low"];
const CONTEXT_LINES = 40; // shown around a jump target
const MAX_WINDOW = 1500; // lines in the log view at once
const STEP = 200; // lines added by Earlier / Later
const MAX_LINE_CHARS = 2000; // longer lines are cut in the log view
const CARD_BATCH = 200; // groups rendered before "Show more"
const OCC_SHOWN = 12; // occurrence buttons before "Show all"
const OCC_MAX = 1000;

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k in node && !k.startsWith("data") && !k.startsWith("aria")) node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c != null));
  return node;
};

const ui = {
  file: $("#file"),
  pasteOpen: $("#paste-open"),
  pasteDialog: $("#paste-dialog"),
  pasteText: $("#paste-text"),
  langButtons: [...document.querySelectorAll(".segmented [data-lang]")],
  progressRow: $("#progress-row"),
  progress: $("#progress"),
  progressLabel: $("#progress-label"),
  summary: $("#summary"),
  filters: $("#filters"),
  category: $("#category"),
  search: $("#search"),
  filterNote: $("#filter-note"),
  incidents: $("#incidents"),
  logLines: $("#log-lines"),
  logRange: $("#log-range"),
  logPrev: $("#log-prev"),
  logNext: $("#log-next"),
  goto: $("#goto"),
  gotoLine: $("#goto-line"),
  dropzone: $("#dropzone"),
  template: $("#incident-template"),
};

const state = {
  lang: "en",
  catalogs: null, // {en: Map(code → SignatureInfo), zh: Map}
  scanId: 0,
  blob: null,
  name: "",
  lineStarts: null, // Float64Array: byte offset of each line
  lines: 0,
  scanned: false,
  groups: new Map(), // fingerprint → {first, incidents[], haystack, card}
  order: [], // fingerprints by first appearance
  total: 0,
  limit: CARD_BATCH,
  view: null, // {from, to, hiFrom, hiTo}
  pendingJump: null,
  facetKey: "", // categories and counts the category menu shows
  renderQueued: false,
};

// ---- worker ---------------------------------------------------------------

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });

worker.onmessage = ({ data: msg }) => {
  if (msg.type === "ready") {
    state.catalogs = {
      en: new Map(msg.catalogs.en.map((s) => [s.code, s])),
      zh: new Map(msg.catalogs.zh.map((s) => [s.code, s])),
    };
    applyLang();
    return;
  }
  if (msg.type === "fatal") {
    document.body.dataset.state = "error";
    ui.summary.textContent = `The scanner could not start: ${msg.message}. Was the page built with \`make web\`?`;
    return;
  }
  if (msg.id !== state.scanId) return;
  if (msg.type === "error") {
    document.body.dataset.state = "error";
    ui.summary.textContent = `Could not scan ${state.name}: ${msg.message}`;
    ui.progressRow.hidden = true;
    return;
  }
  addIncidents(msg.incidents);
  setProgress(msg.done, msg.total);
  if (msg.type === "done") finishScan(msg);
};

worker.onerror = (event) => {
  document.body.dataset.state = "error";
  ui.summary.textContent = `The scanner failed to start: ${event.message ?? "unknown error"}. Was the page built with \`make web\`?`;
};

function startScan(blob, name) {
  state.scanId += 1;
  Object.assign(state, {
    blob,
    name,
    lineStarts: null,
    lines: 0,
    scanned: false,
    groups: new Map(),
    order: [],
    total: 0,
    limit: CARD_BATCH,
    view: null,
    pendingJump: null,
    facetKey: "",
  });
  document.body.dataset.state = "scanning";
  ui.incidents.replaceChildren();
  ui.logLines.replaceChildren(el("p", { class: "empty", text: "The log appears here when the scan finishes." }));
  delete ui.logLines.dataset.view;
  ui.logRange.textContent = "";
  ui.gotoLine.value = "";
  setLogNav();
  ui.progressRow.hidden = false;
  setProgress(0, blob.size);
  ui.summary.textContent = `Scanning ${name}…`;
  worker.postMessage({ type: "scan", id: state.scanId, blob });
}

function setProgress(done, total) {
  ui.progress.max = Math.max(total, 1);
  ui.progress.value = total === 0 ? 1 : done;
  const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
  ui.progressLabel.textContent = `${pct}% · ${formatBytes(done)} of ${formatBytes(total)}`;
}

function finishScan(msg) {
  state.lineStarts = msg.lineStarts;
  state.lines = msg.lines;
  ui.logLines.style.setProperty("--ln-width", `${String(msg.lines).length + 2}ch`);
  state.scanned = true;
  document.body.dataset.state = "done";
  const groups = state.order.length;
  const what =
    state.total === 0
      ? "no Go panics or fatal errors"
      : `${plural(state.total, "incident")}, ${plural(groups, "distinct crash", "distinct crashes")}`;
  ui.summary.textContent = `${state.name} — ${plural(state.lines, "line")}, ${formatBytes(msg.total)}: ${what} (scanned in ${formatMs(msg.ms)}).`;
  scheduleRender();
  setLogNav();
  if (state.pendingJump) {
    const [from, to] = state.pendingJump;
    jumpTo(from, to);
  } else {
    const first = state.groups.get(state.order[0])?.first;
    if (first) jumpTo(first.start_line, first.end_line, { focus: false });
    else showWindow(1, Math.min(state.lines, STEP), 0, 0);
  }
}

// ---- incidents --------------------------------------------------------------

function addIncidents(list) {
  if (!list?.length) return;
  for (const inc of list) {
    let group = state.groups.get(inc.fingerprint);
    if (!group) {
      group = { first: inc, incidents: [], haystack: haystack(inc), card: null };
      state.groups.set(inc.fingerprint, group);
      state.order.push(inc.fingerprint);
    }
    group.incidents.push(inc);
    state.total += 1;
  }
  scheduleRender();
}

function haystack(inc) {
  const site = (s) => (s ? `${s.function} ${s.file}:${s.line}` : "");
  return [inc.code, inc.slug, inc.title, inc.category, inc.kind, inc.message, site(inc.crash_site), site(inc.culprit), inc.fingerprint]
    .join("\n")
    .toLowerCase();
}

function scheduleRender() {
  if (state.renderQueued) return;
  state.renderQueued = true;
  requestAnimationFrame(() => {
    state.renderQueued = false;
    render();
  });
}

function filtered() {
  const sev = new Set(new FormData(ui.filters).getAll("severity"));
  const cat = ui.category.value;
  const terms = ui.search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return state.order
    .map((fp) => state.groups.get(fp))
    .filter(
      (g) =>
        sev.has(g.first.severity) &&
        (!cat || g.first.category === cat) &&
        terms.every((t) => g.haystack.includes(t)),
    );
}

// Builds a few new cards per frame (at most 2, or ~6 ms) so that a burst
// of incidents never blocks painting; the rest follow in the next frames.
function render() {
  updateFacets();
  const shown = filtered();
  const deadline = performance.now() + 6;
  let built = 0;
  let pending = false;
  const cards = [];
  for (const g of shown.slice(0, state.limit)) {
    if (!g.card) {
      if (built === 2 || performance.now() > deadline) {
        pending = true;
        scheduleRender();
        break;
      }
      buildCard(g);
      built += 1;
    }
    updateCard(g);
    cards.push(g.card);
  }
  if (cards.length === Math.min(shown.length, state.limit) && shown.length > state.limit) {
    const more = el("button", {
      type: "button",
      class: "button more",
      text: `Show ${Math.min(CARD_BATCH, shown.length - state.limit)} more of ${shown.length - state.limit}`,
    });
    more.addEventListener("click", () => {
      state.limit += CARD_BATCH;
      render();
    });
    cards.push(more);
  }
  if (state.order.length === 0 && state.scanned) {
    cards.push(el("p", { class: "empty", text: "No Go panics or fatal errors found in this log." }));
  }
  reconcile(ui.incidents, cards);
  ui.incidents.setAttribute("aria-busy", String(pending || !state.scanned));
  const hiddenCount = state.order.length - shown.length;
  ui.filterNote.hidden = hiddenCount === 0;
  ui.filterNote.textContent = `Showing ${plural(shown.length, "crash", "crashes")} of ${state.order.length}; ${hiddenCount} hidden by the filters.`;
}

// Puts `nodes` in `parent` in order, moving as little as possible so that
// focus inside a card survives streaming updates.
function reconcile(parent, nodes) {
  nodes.forEach((node, i) => {
    if (parent.children[i] !== node) parent.insertBefore(node, parent.children[i] ?? null);
  });
  while (parent.children.length > nodes.length) parent.lastElementChild.remove();
}

function updateFacets() {
  const sevCounts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  const cats = new Map();
  for (const fp of state.order) {
    const g = state.groups.get(fp);
    sevCounts[g.first.severity] = (sevCounts[g.first.severity] ?? 0) + g.incidents.length;
    cats.set(g.first.category, (cats.get(g.first.category) ?? 0) + g.incidents.length);
  }
  for (const s of SEVERITIES) $(`[data-sev-count="${s}"]`).textContent = sevCounts[s];
  const key = JSON.stringify([...cats].sort());
  if (key === state.facetKey) return;
  state.facetKey = key;
  const selected = ui.category.value;
  const options = [el("option", { value: "", text: "all categories" })];
  for (const [c, n] of [...cats].sort()) options.push(el("option", { value: c, text: `${c} (${n})` }));
  ui.category.replaceChildren(...options);
  ui.category.value = cats.has(selected) ? selected : "";
}

function buildCard(group) {
  const inc = group.first;
  const card = ui.template.content.firstElementChild.cloneNode(true);
  card.dataset.fingerprint = inc.fingerprint;
  card.dataset.code = inc.code;
  card.dataset.severity = inc.severity;
  card.dataset.category = inc.category;
  card.classList.add(`sev-${inc.severity}`);
  card.setAttribute("aria-labelledby", `t-${inc.fingerprint}`);

  const badge = $(".badge", card);
  badge.textContent = inc.severity;
  badge.classList.add(`sev-${inc.severity}`);
  $(".code", card).textContent = inc.code;
  const title = $(".title", card);
  title.textContent = inc.title;
  title.id = `t-${inc.fingerprint}`;

  const meta = [inc.kind, inc.category];
  if (inc.goroutine) meta.push(`goroutine ${inc.goroutine.id} [${inc.goroutine.state}]`);
  if (inc.goroutines > 1) meta.push(`${inc.goroutines} goroutines`);
  if (inc.recovered) meta.push("recovered");
  if (inc.context) meta.push(`context: ${inc.context}`);
  $(".incident-head", card).after(el("p", { class: "meta", text: meta.join(" · ") }));

  $(".message code", card).textContent = inc.message;
  if (inc.nested?.length) {
    $(".message", card).after(
      el("ul", { class: "nested", "aria-label": "Nested panics" }, ...inc.nested.map((n) => el("li", {}, el("code", { text: n })))),
    );
  }
  if (inc.details && Object.keys(inc.details).length) {
    const dl = el("dl", { class: "details" });
    for (const [k, v] of Object.entries(inc.details)) dl.append(el("dt", { text: k }), el("dd", {}, el("code", { text: v })));
    $(".message", card).after(dl);
  }
  fillSite($(".crash-site", card), inc.crash_site);
  fillSite($(".culprit", card), inc.culprit);

  const cmds = $(".commands ul", card);
  for (const cmd of inc.commands) {
    const btn = el("button", { type: "button", class: "button small copy", text: "Copy", "aria-label": `Copy command: ${cmd}` });
    btn.addEventListener("click", () => copyText(cmd, btn));
    cmds.append(el("li", {}, el("code", { class: "cmd", text: cmd }), btn));
  }
  if (!inc.commands.length) $(".commands", card).hidden = true;

  const frames = $(".frames", card);
  for (const f of inc.stack) {
    const li = el(
      "li",
      { class: "frame" },
      el("span", { class: "fn", text: f.function }),
      el("span", { class: "loc", text: f.line ? `${f.file}:${f.line}` : f.file }),
    );
    if (f.runtime) li.classList.add("runtime");
    const tags = [];
    if (sameSite(f, inc.culprit)) {
      li.classList.add("culprit");
      tags.push("culprit");
    }
    if (sameSite(f, inc.crash_site)) tags.push("crash site");
    if (tags.length) li.prepend(...tags.map((t) => el("span", { class: `tag ${t === "culprit" ? "tag-culprit" : ""}`, text: t })));
    frames.append(li);
  }
  const stack = $(".stack", card);
  $("summary", stack).textContent = `Stack (${inc.stack.length} ${inc.stack.length === 1 ? "frame" : "frames"}, ${inc.kind === "dump" ? "first goroutine" : "crashing goroutine"})`;
  if (!inc.stack.length) stack.hidden = true;

  fillBuckets($(".goroutines", card), inc);

  const raw = $(".raw", card);
  $("summary", raw).textContent = `Raw incident text (lines ${inc.start_line}–${inc.end_line})`;
  raw.addEventListener("toggle", () => {
    if (raw.open && !raw.dataset.loaded) loadRaw(raw, inc);
  });

  group.card = card;
  group.rendered = 0;
  fillLang(card, inc);
  return card;
}

const BUCKETS_SHOWN = 100; // bucket rows before "narrow the filter"

/** A dump's goroutines grouped by identical stack, most first: a pile-up of
 * thousands reads as a few rows, filterable by state and function. */
function fillBuckets(sec, inc) {
  const buckets = inc.buckets ?? [];
  if (!buckets.length) {
    sec.hidden = true;
    return;
  }
  const stacks = plural(buckets.length, "distinct stack");
  const rest = inc.unbucketed ? `, ${grouped(inc.unbucketed)} not grouped` : "";
  $("summary", sec).textContent = `Goroutines (${grouped(inc.goroutines)} in ${stacks}${rest})`;
  // A dump has no crashing goroutine: its buckets are the finding.
  sec.open = inc.kind === "dump";

  const perState = new Map();
  for (const b of buckets) for (const st of b.states) perState.set(st, (perState.get(st) ?? 0) + b.count);
  const select = $(".bucket-state", sec);
  for (const [st, n] of [...perState].sort((a, b) => b[1] - a[1])) {
    select.append(el("option", { value: st, text: `${st} (${grouped(n)})` }));
  }
  const term = $(".bucket-term", sec);
  const show = () => renderBuckets(sec, buckets, select.value, term.value.trim().toLowerCase());
  select.addEventListener("change", show);
  term.addEventListener("input", show);
  show();
}

function renderBuckets(sec, buckets, stateWanted, term) {
  const matches = (f) => f != null && (f.function.toLowerCase().includes(term) || f.file.toLowerCase().includes(term));
  const shown = buckets.filter(
    (b) => (!stateWanted || b.states.includes(stateWanted)) && (!term || b.stack.some(matches) || matches(b.created_by)),
  );
  const goroutines = shown.reduce((n, b) => n + b.count, 0);
  $(".bucket-list", sec).replaceChildren(...shown.slice(0, BUCKETS_SHOWN).map(bucketRow));
  const more = $(".bucket-more", sec);
  const filtered = shown.length < buckets.length ? ` of ${buckets.length}` : "";
  more.textContent =
    shown.length > BUCKETS_SHOWN
      ? `${BUCKETS_SHOWN} of ${shown.length} stacks shown (${grouped(goroutines)} goroutines); narrow the filter to see the rest`
      : `${plural(shown.length, "stack")}${filtered}, ${plural(goroutines, "goroutine")}`;
  more.hidden = false;
}

function bucketRow(b) {
  const head = el("summary", { class: "bucket-head" }, el("span", { class: "bucket-count", text: `×${grouped(b.count)}` }));
  head.append(el("span", { class: "bucket-states", text: b.states.join(", ") }));
  const wait = waitText(b);
  if (wait) head.append(el("span", { class: "bucket-wait", text: wait }));
  if (b.locked) head.append(el("span", { class: "tag", text: `locked to thread ×${b.locked}` }));
  if (b.own) {
    const loc = b.own.line ? `${b.own.file.split("/").pop()}:${b.own.line}` : b.own.file;
    head.append(el("code", { class: "fn", text: b.own.function }), el("span", { class: "loc", text: loc, title: `${b.own.file}:${b.own.line}` }));
  }
  if (b.crashed) head.append(el("span", { class: "tag tag-culprit", text: "crashed" }));
  const row = el("details", { class: "bucket" }, head);
  if (b.crashed) row.classList.add("crashed");
  row.dataset.count = b.count;
  // Stacks are built on first open: a dump can hold a thousand of them.
  row.addEventListener("toggle", () => {
    if (!row.open || row.dataset.built) return;
    row.dataset.built = "1";
    const ids = `goroutine${b.ids.length === 1 ? "" : "s"} ${b.ids.join(", ")}${b.count > b.ids.length ? ", …" : ""}`;
    const frames = el("ol", { class: "bucket-frames" });
    const frameRow = (f, prefix) => {
      const li = el("li", { class: "frame" }, el("span", { class: "fn", text: prefix + f.function }), el("span", { class: "loc", text: f.line ? `${f.file}:${f.line}` : f.file }));
      if (f.runtime) li.classList.add("runtime");
      return li;
    };
    for (const f of b.stack) frames.append(frameRow(f, ""));
    if (b.created_by) frames.append(frameRow(b.created_by, "created by "));
    row.append(el("p", { class: "bucket-ids muted", text: ids }), frames);
  });
  return el("li", {}, row);
}

function waitText(b) {
  if (b.wait_max == null) return "";
  const min = b.wait_min ?? b.wait_max;
  return min === b.wait_max ? `${min} min` : `${min}–${b.wait_max} min`;
}

function fillSite(dd, site) {
  if (!site) {
    dd.append(el("span", { class: "muted", text: "—" }));
    return;
  }
  dd.append(el("code", { class: "fn", text: site.function }), " ", el("span", { class: "loc", text: `${site.file}:${site.line}` }));
}

function sameSite(frame, site) {
  return site != null && frame.function === site.function && frame.file === site.file && frame.line === site.line;
}

function updateCard(group) {
  const n = group.incidents.length;
  if (group.rendered === n) return;
  group.rendered = n;
  const card = group.card;
  card.dataset.count = n;
  const count = $(".count", card);
  count.textContent = `×${n}`;
  count.setAttribute("aria-label", plural(n, "occurrence"));
  renderOccurrences(group, $(".occ-list", card), OCC_SHOWN);
}

function renderOccurrences(group, list, limit) {
  const items = group.incidents.slice(0, limit).map((inc) => {
    const btn = el("button", {
      type: "button",
      class: "jump",
      text: inc.start_line === inc.end_line ? `${inc.start_line}` : `${inc.start_line}–${inc.end_line}`,
      "aria-label": `Jump to lines ${inc.start_line} to ${inc.end_line}`,
    });
    btn.dataset.start = inc.start_line;
    btn.dataset.end = inc.end_line;
    btn.addEventListener("click", () => jumpTo(inc.start_line, inc.end_line));
    return el("li", {}, btn);
  });
  const rest = group.incidents.length - limit;
  if (rest > 0 && limit < OCC_MAX) {
    const all = el("button", { type: "button", class: "linklike", text: `Show all ${group.incidents.length}` });
    all.addEventListener("click", () => renderOccurrences(group, list, OCC_MAX));
    items.push(el("li", {}, all));
  } else if (rest > 0) {
    items.push(el("li", { class: "muted", text: `and ${rest} more` }));
  }
  list.replaceChildren(...items);
}

function fillLang(card, inc) {
  const info = state.catalogs?.[state.lang].get(inc.code);
  const title = $(".title", card);
  const rem = $(".remediation-text", card);
  const sum = $(".summary-text", card);
  title.textContent = info?.title ?? inc.title;
  rem.textContent = info?.remediation ?? inc.remediation;
  sum.textContent = info?.summary ?? inc.summary;
  const lang = info ? state.lang : "en";
  title.lang = lang;
  rem.lang = lang;
  sum.lang = lang;
  $(".remediation h4", card).textContent = lang === "zh" ? "处理建议" : "What to do";
}

function applyLang() {
  for (const b of ui.langButtons) b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
  for (const g of state.groups.values()) if (g.card) fillLang(g.card, g.first);
}

async function loadRaw(details, inc) {
  const pre = $(".raw-text", details);
  if (!state.scanned) {
    pre.textContent = "Available when the scan finishes.";
    return;
  }
  details.dataset.loaded = "1";
  const max = 2000;
  const last = Math.min(inc.end_line, inc.start_line + max - 1);
  const lines = await readLines(inc.start_line, last);
  let text = lines.join("\n");
  if (last < inc.end_line) text += `\n… ${inc.end_line - last} more lines (use Jump to see them)`;
  pre.textContent = text;
}

async function copyText(text, btn) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = el("textarea", { value: text, class: "visually-hidden" });
    document.body.append(ta);
    ta.select();
    document.execCommand("copy");
    ta.remove();
  }
  btn.textContent = "Copied";
  btn.classList.add("done");
  setTimeout(() => {
    btn.textContent = "Copy";
    btn.classList.remove("done");
  }, 1500);
}

// ---- log view ---------------------------------------------------------------

async function readLines(from, to) {
  const starts = state.lineStarts;
  const begin = starts[from - 1];
  const end = to < state.lines ? starts[to] : state.blob.size;
  const text = await state.blob.slice(begin, end).text();
  const lines = text.split("\n");
  lines.length = to - from + 1;
  return lines.map((l) => (l ?? "").replace(/\r$/, ""));
}

function jumpTo(from, to, { focus = true } = {}) {
  if (!state.scanned) {
    state.pendingJump = [from, to];
    ui.logLines.replaceChildren(el("p", { class: "empty", text: `Lines ${from}–${to} will show when the scan finishes.` }));
    return;
  }
  const start = Math.max(1, from - CONTEXT_LINES);
  const end = Math.min(state.lines, Math.max(to + CONTEXT_LINES, start + 2 * CONTEXT_LINES), start + MAX_WINDOW - 1);
  showWindow(start, end, from, to, { focus });
}

async function showWindow(from, to, hiFrom, hiTo, { focus = false, anchor = "highlight" } = {}) {
  if (state.lines === 0) {
    ui.logLines.replaceChildren(el("p", { class: "empty", text: "The log is empty." }));
    ui.logLines.dataset.view = "ready";
    return;
  }
  const id = state.scanId;
  const lines = await readLines(from, to);
  if (id !== state.scanId) return;
  state.view = { from, to, hiFrom, hiTo };
  const frag = document.createDocumentFragment();
  lines.forEach((text, i) => {
    const n = from + i;
    const shown = text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)} … (${text.length - MAX_LINE_CHARS} more characters)` : text;
    const row = el("div", { class: "line" }, el("span", { class: "ln", text: String(n), "aria-hidden": "true" }), el("span", { class: "tx", text: shown }));
    row.dataset.line = n;
    if (n >= hiFrom && n <= hiTo) row.classList.add("hl");
    if (n === hiFrom) row.classList.add("hl-first");
    if (n === hiTo) row.classList.add("hl-last");
    frag.append(row);
  });
  ui.logLines.replaceChildren(frag);
  ui.logLines.dataset.view = "ready";
  ui.logRange.textContent = hiFrom
    ? `lines ${hiFrom}–${hiTo} highlighted · showing ${from}–${to} of ${state.lines}`
    : `showing ${from}–${to} of ${state.lines}`;
  setLogNav();
  const target =
    anchor === "top"
      ? ui.logLines.firstElementChild
      : anchor === "bottom"
        ? ui.logLines.lastElementChild
        : ui.logLines.querySelector(".hl-first");
  if (target) ui.logLines.scrollTop = Math.max(0, target.offsetTop - (anchor === "highlight" ? 48 : 0));
  if (focus) {
    ui.logLines.focus({ preventScroll: true });
    // Beside the list (wide screens) the log pane is already in view; below
    // it (narrow screens) scroll down to it.
    const pane = ui.logLines.closest(".logview").getBoundingClientRect();
    if (pane.top > innerHeight / 2 || pane.bottom < 80) ui.logLines.closest(".logview").scrollIntoView({ block: "start" });
  }
}

function setLogNav() {
  const v = state.view;
  const ok = state.scanned && state.lines > 0;
  ui.logPrev.disabled = !ok || !v || v.from <= 1;
  ui.logNext.disabled = !ok || !v || v.to >= state.lines;
  ui.gotoLine.disabled = !ok;
  $("button", ui.goto).disabled = !ok;
  if (ok) ui.gotoLine.max = state.lines;
}

ui.logPrev.addEventListener("click", () => {
  const v = state.view;
  const from = Math.max(1, v.from - STEP);
  showWindow(from, Math.min(v.to, from + MAX_WINDOW - 1), v.hiFrom, v.hiTo, { anchor: "top" });
});
ui.logNext.addEventListener("click", () => {
  const v = state.view;
  const to = Math.min(state.lines, v.to + STEP);
  showWindow(Math.max(v.from, to - MAX_WINDOW + 1), to, v.hiFrom, v.hiTo, { anchor: "bottom" });
});
ui.goto.addEventListener("submit", (e) => {
  e.preventDefault();
  const n = Math.trunc(Number(ui.gotoLine.value));
  if (n >= 1 && n <= state.lines) jumpTo(n, n);
});

// ---- input: file, drop, paste ---------------------------------------------

ui.file.addEventListener("change", () => {
  const f = ui.file.files?.[0];
  if (f) startScan(f, f.name);
  ui.file.value = "";
});

ui.pasteOpen.addEventListener("click", () => {
  ui.pasteDialog.returnValue = "";
  ui.pasteDialog.showModal();
  ui.pasteText.focus();
});
ui.pasteDialog.addEventListener("close", () => {
  if (ui.pasteDialog.returnValue === "scan" && ui.pasteText.value) {
    startScan(new Blob([ui.pasteText.value], { type: "text/plain" }), "pasted text");
    ui.pasteText.value = "";
  }
});

document.addEventListener("paste", (e) => {
  if (e.target.closest?.("input, textarea, dialog")) return;
  const file = e.clipboardData?.files?.[0];
  const text = e.clipboardData?.getData("text/plain");
  if (file) startScan(file, file.name);
  else if (text) startScan(new Blob([text], { type: "text/plain" }), "pasted text");
  else return;
  e.preventDefault();
});

let dragDepth = 0;
const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes("Files");
document.addEventListener("dragenter", (e) => {
  if (!hasFiles(e)) return;
  dragDepth += 1;
  ui.dropzone.hidden = false;
});
document.addEventListener("dragleave", () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) ui.dropzone.hidden = true;
});
document.addEventListener("dragover", (e) => {
  if (hasFiles(e)) e.preventDefault();
});
document.addEventListener("drop", (e) => {
  e.preventDefault();
  dragDepth = 0;
  ui.dropzone.hidden = true;
  const f = e.dataTransfer?.files?.[0];
  if (f) startScan(f, f.name);
});

// ---- filters, language, keyboard ------------------------------------------

ui.filters.addEventListener("submit", (e) => e.preventDefault());
ui.filters.addEventListener("input", () => {
  state.limit = CARD_BATCH;
  render();
});
for (const b of ui.langButtons) {
  b.addEventListener("click", () => {
    state.lang = b.dataset.lang;
    applyLang();
  });
}
document.addEventListener("keydown", (e) => {
  if (e.key === "/" && !isTyping(e.target)) {
    e.preventDefault();
    ui.search.focus();
  } else if (e.key === "Escape" && e.target === ui.search && ui.search.value) {
    ui.search.value = "";
    render();
  }
});

function isTyping(t) {
  if (t.isContentEditable || t.tagName === "TEXTAREA") return true;
  return t.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "file"].includes(t.type);
}

// ---- formatting -------------------------------------------------------------

// Thousands separators without Intl (its first call costs ~25 ms).
const grouped = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

function plural(n, one, many = `${one}s`) {
  return `${grouped(n)} ${n === 1 ? one : many}`;
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1 << 20)).toFixed(1)} MiB`;
}

function formatMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

document.body.dataset.state = "idle";

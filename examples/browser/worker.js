// Scans a Blob in 4 MiB slices with panicsig's streaming Scanner and
// indexes line starts, so the page can show any line range without holding
// the log in memory or in the DOM.
//
// In:  {type: "scan", id, blob}
// Out: {type: "ready", catalogs: {en, zh}} (or {type: "fatal", message})
//      once, then per scan:
//      {type: "progress", id, done, total, incidents}
//      {type: "done", id, done, total, incidents, lineStarts, lines, ms}
//      {type: "error", id, message}

import init, { Scanner, catalog } from "./pkg/panicsig.js";

const CHUNK = 4 << 20;
let current = 0;

// Both languages: the page's English / 中文 toggle is instant.
const ready = init({ languages: ["en", "zh"] }).then(() => {
  self.postMessage({
    type: "ready",
    catalogs: { en: catalog({ lang: "en" }), zh: catalog({ lang: "zh" }) },
  });
});
ready.catch((err) => self.postMessage({ type: "fatal", message: String(err?.message ?? err) }));

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type !== "scan") return;
  current = msg.id;
  try {
    await ready;
    await scanBlob(msg.id, msg.blob);
  } catch (err) {
    self.postMessage({ type: "error", id: msg.id, message: String(err?.message ?? err) });
  }
};

async function scanBlob(id, blob) {
  const t0 = performance.now();
  const total = blob.size;
  const scanner = new Scanner();
  // starts[k] = byte offset of line k+1.
  let starts = new Float64Array(1 << 16);
  let n = 1;
  let done = 0;
  try {
    while (done < total) {
      const bytes = new Uint8Array(await blob.slice(done, done + CHUNK).arrayBuffer());
      if (id !== current) return; // superseded by a newer scan
      for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) {
        if (n === starts.length) {
          const grown = new Float64Array(starts.length * 2);
          grown.set(starts);
          starts = grown;
        }
        starts[n++] = done + i + 1;
      }
      const incidents = scanner.push(bytes);
      done += bytes.length;
      self.postMessage({ type: "progress", id, done, total, incidents });
    }
    const incidents = scanner.finish();
    // A final newline does not start another line.
    const lines = n > 1 && starts[n - 1] === total ? n - 1 : total === 0 ? 0 : n;
    const lineStarts = starts.slice(0, n);
    self.postMessage(
      { type: "done", id, done, total, incidents, lineStarts, lines, ms: performance.now() - t0 },
      [lineStarts.buffer],
    );
  } finally {
    scanner.free();
  }
}

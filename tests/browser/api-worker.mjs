// Module Worker wrapper around api-probe.mjs (module.test.mjs).
import { probe } from "./api-probe.mjs";

self.onmessage = async ({ data }) => {
  try {
    self.postMessage({ ok: true, result: await probe(data) });
  } catch (e) {
    self.postMessage({ ok: false, error: String(e?.stack ?? e) });
  }
};

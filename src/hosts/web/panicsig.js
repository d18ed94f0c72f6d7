// panicsig for browsers: the wasm-bindgen module (panicsig_wasm.js) and the
// catalog text, one JSON file per language beside it (panicsig.en.json,
// panicsig.zh.json), fetched on demand so a page downloads only the
// languages it shows.

import initWasm, { hasLanguage, setLanguageText } from "./panicsig_wasm.js";

export * from "./panicsig_wasm.js";

// Literal URLs, so bundlers emit the files as assets.
const TEXT = {
  en: new URL("./panicsig.en.json", import.meta.url),
  zh: new URL("./panicsig.zh.json", import.meta.url),
};

/** Instantiate the module and load the catalog text of `languages`
 *  (default `["en"]`). `module_or_path` is passed to wasm-bindgen's init. */
export default async function init({ languages = ["en"], module_or_path } = {}) {
  const out = await initWasm(module_or_path === undefined ? undefined : { module_or_path });
  await Promise.all(languages.map(loadLanguage));
  return out;
}

/** Load the catalog text of one language; at once if it is loaded. */
export async function loadLanguage(lang) {
  if (!Object.hasOwn(TEXT, lang)) throw new Error(`unknown language ${JSON.stringify(lang)} (use "en" or "zh")`);
  if (hasLanguage(lang)) return;
  const res = await fetch(TEXT[lang]);
  if (!res.ok) throw new Error(`cannot load ${TEXT[lang]}: HTTP ${res.status}`);
  setLanguageText(lang, await res.text());
}
